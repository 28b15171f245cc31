"""The engine's last update -> why each rule fired or did not: its state and its condition's terms.

Runs in the worker next to the engine, only once the debug overlay has sent it (it is not
part of the engine's wheel or snapshot). Every verdict comes from the engine's own code: the
terms from the generated `kairos_terms` module (compiler/language/termgen.py: each term is
the rule's own code for that term), caps and schedules from `kairos_engine.caps`, variants
from `kairos_engine.hashing`, exactly as the engine decided.
"""

from kairos_engine import ops, qa
from kairos_engine.caps import blocking, in_schedule, limit_words
from kairos_engine.engine import group, place

from .words import shown, value_text


def tree(node) -> tuple[bool, dict]:
    """(verdict, JSON tree) of a generated term tree; and/or/not combine as the rule does."""
    kind = node[0]
    if kind in ("and", "or"):
        parts = [tree(child) for child in node[1]]
        verdicts = [v for v, _ in parts]
        holds = all(verdicts) if kind == "and" else any(verdicts)
        return holds, {"op": kind, "holds": holds, "args": [t for _, t in parts]}
    if kind == "not":
        inner, child = tree(node[1])
        return not inner, {"op": "not", "holds": not inner, "arg": child}
    _, text, subject, value, cmp, target, kind_of, verdict = node
    holds = verdict is True
    return holds, {"op": "term", "text": text, "subject": subject, "value": shown(value),
                   "cmp": cmp, "target": shown(target), "type": kind_of, "holds": holds,
                   "line": _line(subject, value, cmp, target, kind_of, holds)}


def _line(subject, value, cmp, target, kind, holds) -> str:
    """`page.dwell 12.4 s of > 30 s`, `cart.has(product.id) = false`: the marketer's words."""
    if cmp is None:
        return f"{subject} = {'true' if holds else 'false'}"
    got = value_text(value, kind)
    if cmp in (">", ">=") and kind in ("duration", "percent", "number"):
        return f"{subject} {got} of {cmp} {value_text(target, kind)}"
    return f"{subject} = {got} (needs {cmp} {value_text(target, kind)})"


def _page_type_false(node) -> bool:
    """A top-level `page.type ...` conjunct that is false: the rule is for another page type."""
    conjuncts = node[1] if node[0] == "and" else (node,)
    return any(c[0] == "term" and c[2] == "page.type" and c[7] is not True for c in conjuncts)


def _cap_words(found: tuple) -> str:
    kind, count, _ = found
    if kind == "shown":
        return "already shown in this page view"
    if kind == "cooldown":
        return "in its cooldown"
    return limit_words(count, kind)


def rule_report(engine, terms, index: int, update: dict, decided: dict, taken: dict) -> dict:
    """One rule's state ('waiting', 'true', 'shown', 'capped', 'cooldown', 'schedule',
    'page_type', 'no_data', 'holdout', 'control', 'place_taken', 'off', 'disabled', 'failed') with
    words, and its terms."""
    rule = engine.rules[index]
    source = rule.get("source", {})
    out = {"id": rule["id"], "where": f"{source.get('file')}:{source.get('line')}",
           "moment": rule.get("moment"), "priority": rule.get("priority", 0),
           "snippet": rule["show"]["snippet"], "place": place(rule),
           "watching": rule.get("watch", {}).get("thresholds", {}), "until": None}
    try:
        ops.begin_update()
        try:
            node = terms.TERMS[index](update["signals"])
        finally:
            ops.end_update()
        holds, out["terms"] = tree(node)
    except Exception as error:  # the rule's own code fails the same way: reported as failed
        out.update(state="failed", words=f"failed at {engine.where(index, error)}: {error!r}",
                   holds=False, terms=None)
        return out
    out["holds"] = holds
    state, words, until = _state(engine, rule, node, holds, update, decided, taken)
    out.update(state=state, words=words, until=until)
    return out


def _state(engine, rule, node, holds, update, decided, taken) -> tuple[str, str, int | None]:
    signals, history, now = update["signals"], update.get("history", {}), update["now"]
    if not rule.get("enabled", True):
        return "disabled", "switched off in its rule file (enabled: false)", None
    if (qa.settings(update).get("force") or {}).get(rule["id"]) == "off":
        return "off", "switched off by a QA link", None
    if rule["id"] in decided:
        variant = decided[rule["id"]].get("variant")
        if variant == "holdout":
            return "holdout", "this visitor is in the holdout group: nothing is shown", None
        if variant is not None and decided[rule["id"]].get("html") is None:
            return "control", f"this visitor is in the control group ({variant}): nothing is shown", None
        return "shown", "shown now" + (f" (variant {variant})" if variant else ""), None
    found = blocking(rule, history, now)
    if found and found[0] == "shown":
        return "shown", "shown earlier in this page view", None
    if not holds:
        if _page_type_false(node):
            return "page_type", f"not for this page type ({signals.get('page.type')})", None
        return "waiting", "waiting: the condition is false", None
    if not in_schedule(rule.get("schedule"), signals):
        return "schedule", "outside its schedule (shopper's local time)", None
    if found:
        kind = "cooldown" if found[0] == "cooldown" else "capped"
        return kind, _cap_words(found), found[2]
    if engine.data(rule, update, []) is None:
        return "no_data", "true, but its snippet has nothing to show on this page", None
    variant, _ = group(rule, update)
    if variant is qa.HOLDOUT:
        return "holdout", "this visitor is in the holdout group: nothing is shown", None
    if variant is not None and variant.get("control"):
        return "control", f"this visitor is in the control group ({variant['name']})", None
    holder = taken.get(place(rule))
    if holder:
        return "place_taken", f"its place is taken by {holder}", None
    return "true", "true now: the engine shows it at its next answer", None


def report(engine, terms, update: dict, reply: dict) -> dict:
    """Every rule of the bundle explained against `update`, given the engine's `reply` to it."""
    # The state rules are evaluated on (with `predict.NAME`), as Engine.decide evaluates them.
    update = {**update, "signals": engine.state(update["signals"])}
    decided = {d["rule"]: d for d in reply.get("decisions", ())}
    history = update.get("history", {})
    taken = {key: "a snippet already on the page" for key in history.get("occupied", ())}
    for d in reply.get("decisions", ()):
        rule = engine.rules[engine.index[d["rule"]]]
        taken.setdefault(place(rule), f"rule `{d['rule']}`")
    return {"now": update["now"], "rules": [rule_report(engine, terms, i, update, decided, taken)
                                            for i in range(len(engine.rules))]}
