"""Random rule material from a `random.Random`: typed IR conditions, signal states, rule files,
and garbage (random text and YAML, mutated valid files).

Driven by `random.Random`, so the Hypothesis tests (through `st.randoms()`, which shrinks) and
tools/fuzz_compiler.py (plain seeded generators, fast) share one generator.
"""

from __future__ import annotations

import json
import random
import re

import yaml

from compiler.language import vocabulary as V

NOW = 1_800_000_000_000
DAY = 86_400_000
SELECTORS = ("#reviews", "#size-chart", ".faq")
CLICK_NAMES = ("size-guide", "how-to")
_WORDS = ("product", "category", "cart", "/guides/", "mobile", "sat", "A", "B", "", "x y")


def _signals(kind: str) -> list[str]:
    return [n for n, s in V.SIGNALS.items() if s.usable and s.type == kind]


def lit(kind: str, rnd: random.Random, signal: str | None = None) -> dict:
    if kind == "duration":
        v = rnd.choice((0, 500, 1000, 30_000, 60_000, rnd.randint(-5, 10) * 1000,
                        rnd.randint(0, 10**7)))
    elif kind == "percent":
        v = rnd.choice((0, 50, 60, 100, 12.5, rnd.randint(0, 120)))
    elif kind == "number":
        v = rnd.choice((0, 1, 2, 3, -1, 4.5, rnd.randint(-10, 10**6), round(rnd.random() * 100, 2)))
    elif kind == "bool":
        v = rnd.random() < 0.5
    else:
        sig = V.SIGNALS.get(signal or "")
        v = rnd.choice(sig.values) if sig and sig.values else rnd.choice(_WORDS)
    return {"op": "lit", "type": kind, "value": v}


def value(kind: str, rnd: random.Random) -> dict:
    """An expression of an ordered or text kind that reads the state."""
    calls = {
        "number": [("visits.product", "within"), ("visits.url", "within"),
                   ("visits.category", "within"), ("clicked", "name")],
        "duration": [("section.dwell", "sel")],
        "percent": [("section.scroll", "sel")],
    }.get(kind, [])
    if calls and rnd.random() < 0.35:
        fn, arg = rnd.choice(calls)
        if arg == "within":
            args = [] if rnd.random() < 0.3 else [lit("duration", rnd)]
        elif arg == "name":
            args = [{"op": "lit", "type": "string", "value": rnd.choice(CLICK_NAMES)}]
        else:
            args = [{"op": "lit", "type": "string", "value": rnd.choice(SELECTORS)}]
        return {"op": "call", "fn": fn, "args": args}
    return {"op": "signal", "name": rnd.choice(_signals(kind))}


def condition(rnd: random.Random, depth: int = 3) -> dict:
    """A well-typed condition (an IR expression of type bool)."""
    roll = rnd.random()
    if depth > 0 and roll < 0.35:
        op = rnd.choice(("and", "or"))
        return {"op": op, "args": [condition(rnd, depth - 1) for _ in range(rnd.randint(2, 3))]}
    if depth > 0 and roll < 0.45:
        return {"op": "not", "arg": condition(rnd, depth - 1)}
    kind = rnd.choice(("ordered", "ordered", "text", "in", "bool", "lit", "has", "seen"))
    if kind == "ordered":
        t = rnd.choice(("number", "duration", "percent"))
        left, right = value(t, rnd), lit(t, rnd)
        if rnd.random() < 0.2:
            right = value(t, rnd)
        if rnd.random() < 0.3:
            left, right = right, left
        return {"op": "cmp", "cmp": rnd.choice(("==", "!=", "<", "<=", ">", ">=")),
                "left": left, "right": right}
    if kind == "text":
        sig = rnd.choice(_signals("string"))
        return {"op": "cmp", "cmp": rnd.choice(("==", "!=")),
                "left": {"op": "signal", "name": sig}, "right": lit("string", rnd, sig)}
    if kind == "in":
        if rnd.random() < 0.3:
            e = {"op": "in", "left": {"op": "signal", "name": "product.id"},
                 "right": {"op": "signal", "name": "cart.items"}}
        elif rnd.random() < 0.5:
            e = {"op": "in", "left": lit("string", rnd), "right": {"op": "signal", "name":
                                                                  "page.url"}}
        else:
            sig = rnd.choice(_signals("string"))
            items = [lit("string", rnd, sig) for _ in range(rnd.randint(1, 3))]
            e = {"op": "in", "left": {"op": "signal", "name": sig},
                 "right": {"op": "list", "items": items}}
        return {"op": "not", "arg": e} if rnd.random() < 0.2 else e
    if kind == "bool":
        return {"op": "signal", "name": rnd.choice(_signals("bool"))}
    if kind == "lit":
        return lit("bool", rnd)
    if kind == "has":
        arg = ({"op": "signal", "name": "product.id"} if rnd.random() < 0.6
               else lit("string", rnd))
        return {"op": "call", "fn": "cart.has", "args": [arg]}
    return {"op": "call", "fn": "section.seen",
            "args": [{"op": "lit", "type": "string", "value": rnd.choice(SELECTORS)}]}


def _junk(rnd: random.Random):
    return rnd.choice((None, True, 0, -3, 2.5, "x", [], {}, ["a"], float("nan")))


def signal_state(rnd: random.Random) -> dict:
    """A signal state: plausible values, with some nulls and wrong types."""
    s: dict = {}
    for name, sig in V.SIGNALS.items():
        t = sig.type
        if rnd.random() < 0.1:
            s[name] = _junk(rnd)
        elif t == "bool":
            s[name] = rnd.random() < 0.5
        elif t == "string":
            s[name] = rnd.choice(sig.values) if sig.values and rnd.random() < 0.8 else \
                rnd.choice((None, *_WORDS, "/guides/boots", "SKU-1"))
        elif t in ("duration",):
            s[name] = rnd.choice((0, 500, 1000, 30_000, 30_001, 60_000, rnd.randint(0, 10**7)))
        elif t == "percent":
            s[name] = rnd.choice((0, 50, 60, 100, rnd.randint(0, 100), 12.5))
        elif t == "number":
            s[name] = rnd.choice((None, 0, 1, 2, 3, 4.5, rnd.randint(-5, 10**6)))
        elif t == "list<timestamp>":
            s[name] = [NOW - rnd.randint(0, 30) * DAY for _ in range(rnd.randint(0, 5))]
        elif t == "list<string>":
            s[name] = rnd.sample(["A", "B", "SKU-1", "product"], rnd.randint(0, 3))
        elif t == "timestamp":
            s[name] = NOW
        elif name == "section":
            s[name] = {sel: {"dwell": rnd.randint(0, 30_000), "seen": rnd.random() < 0.5,
                             "scroll": rnd.randint(0, 100)}
                       for sel in SELECTORS if rnd.random() < 0.6}
        elif name == "clicks":
            s[name] = {n: rnd.randint(0, 3) for n in CLICK_NAMES if rnd.random() < 0.5}
    s["now"] = NOW
    return s


def rule_file(rnd: random.Random, rules: int = 3) -> str:
    """A valid rule file (conditions are unparsed random trees)."""
    from compiler.language.unparse import unparse

    out = ["rules:"]
    for i in range(rules):
        out.append(f"  - id: rule-{i}")
        out.append(f"    when: {json.dumps(unparse(condition(rnd)))}")
        if rnd.random() < 0.5:
            out.append(f"    show: {{ snippet: trust_badge, slot: s{rnd.randint(0, 3)} }}")
        else:
            place = rnd.choice(("modal", "toast", "corner"))
            out.append(f"    show: {{ snippet: review_popup, placement: {place} }}")
        if rnd.random() < 0.4:
            out.append(f"    priority: {rnd.randint(-5, 30)}")
        if rnd.random() < 0.3:
            out.append("    limit: [once per session, 3 per visitor]")
        if rnd.random() < 0.2:
            out.append("    variants: { control: 50%, b: 50% }")
    return "\n".join(out) + "\n"


# -- garbage --------------------------------------------------------------------------------------
_ALPHABET = 'abcdefgh.,:-[]{}()"\'#&|!=<>% \t\n\r\\0123456789_*&?@`~\u00e9\u2028\x00\x85'
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def random_text(rnd: random.Random) -> str:
    return "".join(rnd.choice(_ALPHABET) for _ in range(rnd.randint(0, 200)))


def _random_data(rnd: random.Random, depth: int = 3):
    roll = rnd.random()
    if depth <= 0 or roll < 0.4:
        return rnd.choice((None, True, 7, -1.5, "once per session", "page.dwell > 30s", "10%",
                           "modal", "review_popup", "moment.reading_reviews", "", "9-17",
                           random_text(rnd)[:20]))
    if roll < 0.7:
        keys = ("rules", "moments", "id", "when", "show", "snippet", "placement", "slot",
                "params", "limit", "variants", "schedule", "days", "hours", "holdout",
                "priority", "enabled", "cooldown", "moment", "x")
        return {rnd.choice(keys): _random_data(rnd, depth - 1) for _ in range(rnd.randint(0, 5))}
    return [_random_data(rnd, depth - 1) for _ in range(rnd.randint(0, 4))]


def random_yaml(rnd: random.Random) -> str:
    data = _random_data(rnd, 4)
    if rnd.random() < 0.7:
        data = {"rules": [_random_data(rnd, 3) for _ in range(rnd.randint(0, 3))]}
    return yaml.safe_dump(data, default_flow_style=rnd.random() < 0.3, allow_unicode=True)


def mutate(rnd: random.Random, text: str) -> str:
    """Delete, swap, duplicate or insert tokens, characters or lines of a (valid) file."""
    tokens = _TOKEN.findall(text) or [""]
    for _ in range(rnd.randint(1, 4)):
        op = rnd.randrange(7)
        i = rnd.randrange(len(tokens))
        j = rnd.randrange(len(tokens))
        if op == 0:
            del tokens[i]
            tokens = tokens or [""]
        elif op == 1:
            tokens[i], tokens[j] = tokens[j], tokens[i]
        elif op == 2:
            tokens.insert(i, tokens[j])
        elif op == 3:
            tokens.insert(i, rnd.choice(_ALPHABET))
        elif op == 4:
            tokens[i] = rnd.choice(("\t", ":", '"', "'", "(", ")", "[", "{", "-", "&", "*",
                                    "!", "%", "=", "\n", "  ", "not", "and", "moment."))
        elif op == 5:
            cut = rnd.randrange(len(tokens) + 1)
            tokens = tokens[:cut] or [""]
        else:
            tokens.insert(i, rnd.choice(("1e9", "99999999999999999999s", "-", "(" * 80,
                                         "[" * 70, "&a", "*a", "!!python/object", "%YAML 1.2",
                                         "---", "? ", "|", ">", "\ufeff", "9" * 5000, '"\\ud800"',
                                         "\\x00")))
    return "".join(tokens)


def garbage(rnd: random.Random, corpus: list[str]) -> str:
    roll = rnd.random()
    if roll < 0.15:
        return random_text(rnd)
    if roll < 0.35:
        return random_yaml(rnd)
    base = rnd.choice(corpus) if corpus and rnd.random() < 0.5 else rule_file(rnd, 2)
    return mutate(rnd, base)


DEMO_CORPUS = [
    """\
moments:
  deep_reader: page.scroll >= 80% and page.dwell > 1m
rules:
  - id: reviews-for-hesitant-shoppers
    moment: reading_reviews
    when: page.type == "product" and page.dwell > 30s and not cart.has(product.id)
    show: { snippet: review_popup, placement: modal, params: { title: "Hi" } }
    limit: once per session
    priority: 20
  - id: trust-on-third-visit
    moment: price_checking
    when: visits.product(within=7d) >= 3 or moment.deep_reader
    show: { snippet: trust_badge, slot: pdp-trust }
    variants: { control: 10%, badge_a: 45%, badge_b: 45% }
    schedule: { start: 2025-01-01, days: [sat, sun], hours: "9-17" }
    cooldown: 10m
    holdout: 5%
""",
]
