"""Checked rules -> warnings: conditions that can never hold, shadowed rules, snippet params the
template ignores, product snippets on pages without a product, caps the history cannot keep."""

from __future__ import annotations

import json

from . import vocabulary as V
from .errors import WARNING, Diagnostic, Span
from .rules import CheckedRule
from .units import UNITS
from .unparse import unparse

_INF = float("inf")


def run(rules: list[CheckedRule]) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for r in rules:
        out.extend(_never(r))
        out.extend(_params(r))
        out.extend(_needs_product(r))
        out.extend(_beyond_history(r))
    out.extend(_shadowed(rules))
    return out


# The kernel keeps each rule's last 50 exposures for the retention window (30 days by default,
# runtime/kernel/lib/history.js); caps and cooldowns beyond that cannot hold as written.
KEPT_EXPOSURES = 50
RETENTION_MS = 30 * UNITS["d"]


def _beyond_history(r: CheckedRule) -> list[Diagnostic]:
    out = []
    for cap in r.spec.limit:
        if cap["count"] > KEPT_EXPOSURES:
            out.append(_warn(f"rule `{r.spec.id}`: a limit of {cap['count']} per {cap['per']} cannot "
                             f"hold: the visit history keeps the last {KEPT_EXPOSURES} exposures "
                             "of a rule", r.spec.span))
    if r.spec.cooldown and r.spec.cooldown > RETENTION_MS:
        out.append(_warn(f"rule `{r.spec.id}`: a cooldown longer than the history's 30 days of "
                         "retention ends when the exposure is forgotten", r.spec.span))
    return out


def _warn(message: str, span: Span | None) -> Diagnostic:
    return Diagnostic(WARNING, message, span)


def _span_of(r: CheckedRule, e: dict) -> Span:
    hit = r.checked.where.get(id(e))
    if hit is not None:
        text, start, end = hit
        if text.src.path == r.spec.file:
            return text.span(start, end)
    if r.spec.when is not None:
        return r.spec.when.span(0, len(r.spec.when.value))
    return r.spec.moment_span or r.spec.span


# -- conditions that can never hold -------------------------------------------------------------
def _never(r: CheckedRule) -> list[Diagnostic]:
    found = impossible(r.when)
    if found is None:
        return []
    reason, node = found
    return [_warn(f"rule `{r.spec.id}` can never fire: {reason}", _span_of(r, node))]


def _bounds(e: dict) -> tuple[float, float] | None:
    if e["op"] == "signal":
        sig = V.SIGNALS.get(e["name"])
        return sig.bounds if sig else (0, 1)  # `predict.NAME`, a probability
    if e["op"] == "call":
        return V.FUNCTIONS[e["fn"]].bounds
    return None


def _numeric(e: dict) -> bool:
    return e["op"] == "lit" and e["type"] in ("number", "duration", "percent")


def _constraint(e: dict):
    """(key, subject, op, value) for `subject OP literal`, else None."""
    if e["op"] == "cmp":
        left, right, op = e["left"], e["right"], e["cmp"]
        if right["op"] == "lit" and left["op"] != "lit":
            return json.dumps(left, sort_keys=True), left, op, right
        if left["op"] == "lit" and right["op"] != "lit":
            flip = {">": "<", "<": ">", ">=": "<=", "<=": ">=", "==": "==", "!=": "!="}[op]
            return json.dumps(right, sort_keys=True), right, flip, left
    if (e["op"] == "in" and e["right"]["op"] == "list" and e["left"]["op"] != "lit"
            and all(i["op"] == "lit" for i in e["right"]["items"])):  # fmt: skip
            return json.dumps(e["left"], sort_keys=True), e["left"], "in", e["right"]
    return None


def impossible(e: dict) -> tuple[str, dict] | None:
    """Why a condition can never hold, and the node to blame; None when it may hold."""
    op = e["op"]
    if op == "lit" and e["value"] is False:
        return "its condition is `false`", e
    if op == "or":
        found = [impossible(a) for a in e["args"]]
        return found[0] if all(found) else None
    if op != "and":
        c = _constraint(e)
        return _conflict([(c, e)]) if c else None
    conjuncts = _flatten(e)
    for a in conjuncts:
        if a["op"] != "and":
            found = impossible(a) if a["op"] in ("or", "lit") else None
            if found:
                return found
    pairs = [(c, a) for a in conjuncts if (c := _constraint(a))]
    return _conflict(pairs)


def _flatten(e: dict) -> list[dict]:
    if e["op"] != "and":
        return [e]
    return [x for a in e["args"] for x in _flatten(a)]


def _conflict(pairs) -> tuple[str, dict] | None:
    by_key: dict[str, list] = {}
    for (key, subject, op, lit), node in pairs:
        by_key.setdefault(key, []).append((subject, op, lit, node))
    for items in by_key.values():
        found = _numeric_conflict(items) or _value_conflict(items)
        if found:
            return found
    return None


def _interval(constraints, bounds) -> bool:
    """Whether `subject OP value` constraints (and the subject's bounds) leave any value."""
    lo, lo_strict, hi, hi_strict = -_INF, False, _INF, False
    if bounds:
        lo, hi = bounds
    for op, v in constraints:
        if op in (">", ">=", "==") and (v > lo or (v == lo and op == ">")):
            lo, lo_strict = v, op == ">"
        if op in ("<", "<=", "==") and (v < hi or (v == hi and op == "<")):
            hi, hi_strict = v, op == "<"
    return not (lo > hi or (lo == hi and (lo_strict or hi_strict)))


def _numeric_conflict(items) -> tuple[str, dict] | None:
    subject = items[0][0]
    bounds = _bounds(subject)
    usable = [(op, lit, node) for _, op, lit, node in items
              if _numeric(lit) and op not in ("!=", "in")]  # fmt: skip
    name = unparse(subject)
    for op, lit, node in usable:
        if bounds and not _interval([(op, lit["value"])], bounds):
            low = op in ("<", "<=") or (op == "==" and lit["value"] <= bounds[0])
            edge = (f"at least {_show(lit, bounds[0])}" if low
                    else f"at most {_show(lit, bounds[1])}")  # fmt: skip
            return f"`{unparse(node)}` cannot hold, `{name}` is {edge}", node
    for i in range(1, len(usable)):
        if not _interval([(op, lit["value"]) for op, lit, _ in usable[: i + 1]], bounds):
            for j in range(i):
                if not _interval([(usable[j][0], usable[j][1]["value"]),
                                  (usable[i][0], usable[i][1]["value"])], bounds):
                    return f"{_pair([usable[j][2], usable[i][2]])} contradict each other", \
                        usable[i][2]
            return f"{_pair([n for _, _, n in usable[: i + 1]])} contradict each other", \
                usable[i][2]
    return None


def _show(lit: dict, v) -> str:
    from .unparse import literal

    return literal(lit["type"], int(v) if float(v).is_integer() else v)


def _value_conflict(items) -> tuple[str, dict] | None:
    allowed: set | None = None
    subject = items[0][0]
    sig = V.SIGNALS.get(subject.get("name", "")) if subject["op"] == "signal" else None
    if sig and sig.values:
        allowed = set(sig.values)
    seen, banned = [], set()
    for _, op, lit, node in items:
        if op == "==" and lit["type"] in ("string", "bool"):
            vals = {lit["value"]}
        elif op == "in":
            vals = {i["value"] for i in lit["items"] if i["type"] in ("string", "bool")}
            if len(vals) != len(lit["items"]):
                continue
        elif op == "!=" and lit["type"] in ("string", "bool"):
            banned.add(lit["value"])
            seen.append(node)
            if allowed is not None and not (allowed - banned):
                return f"{_pair(seen)} contradict each other", node
            continue
        else:
            continue
        seen.append(node)
        allowed = vals if allowed is None else allowed & vals
        if not (allowed - banned):
            return f"{_pair(seen)} contradict each other", node
    return None


def _pair(nodes: list[dict]) -> str:
    texts = [f"`{unparse(n)}`" for n in nodes]
    return " and ".join(texts[-2:]) if len(texts) > 1 else texts[0]


# -- snippet checks -----------------------------------------------------------------------------
def _params(r: CheckedRule) -> list[Diagnostic]:
    out = []
    snippet, show = r.snippet, r.spec.show
    if snippet is None or show is None or not snippet.source:
        return out
    for p in show.params:
        if p.name in snippet.params and not snippet.uses_param(p.name):
            out.append(_warn(f"param `{p.name}` has no effect: the template "
                             f"`{snippet.template}` never uses `params.{p.name}`", p.key_span))
    return out


def requires_product(e: dict) -> bool:
    """Whether a condition can only hold on a product page (a syntactic check)."""
    op = e["op"]
    if op == "and":
        return any(requires_product(a) for a in e["args"])
    if op == "or":
        return all(requires_product(a) for a in e["args"])
    c = _constraint(e)
    if c is None or c[1] != {"op": "signal", "name": "page.type"}:
        return False
    _, _, cmp, lit = c
    if cmp == "==":
        return lit["value"] == "product"
    if cmp == "in":
        return all(i["value"] == "product" for i in lit["items"]) and bool(lit["items"])
    return False


def _needs_product(r: CheckedRule) -> list[Diagnostic]:
    snippet = r.snippet
    if snippet is None or not any(n.startswith("product.") for n in snippet.needs):
        return []
    if requires_product(r.when):
        return []
    fields = ", ".join(snippet.needs)
    return [_warn(f"snippet `{snippet.name}` shows product data ({fields}) but rule "
                  f"`{r.spec.id}` can fire on pages without a product; add "
                  f'`page.type == "product"` to its condition', r.spec.show.snippet_span)]


# -- shadowing ----------------------------------------------------------------------------------
def _place(r: CheckedRule) -> str:
    return f"slot `{r.show['slot']}`" if r.show["placement"] == "slot" else "overlay"


def _unconditional(r: CheckedRule) -> bool:
    s = r.spec
    return (s.enabled and not s.limit and s.cooldown is None and s.schedule is None
            and not s.variants and not s.holdout)  # fmt: skip


def _shadowed(rules: list[CheckedRule]) -> list[Diagnostic]:
    order = sorted(rules, key=lambda r: (-r.spec.priority, r.spec.id))
    conj = {id(r): frozenset(json.dumps(c, sort_keys=True) for c in _flatten(r.when))
            for r in order}  # fmt: skip
    groups: dict[str, list[CheckedRule]] = {}
    out = []
    for r in order:
        group = groups.setdefault(_place(r), [])
        if r.spec.enabled:
            mine = conj[id(r)]
            for a in group:
                if conj[id(a)] <= mine:
                    where = "as an overlay" if _place(r) == "overlay" else f"in {_place(r)}"
                    out.append(_warn(
                        f"rule `{r.spec.id}` is shadowed by `{a.spec.id}` (priority "
                        f"{a.spec.priority}): `{a.spec.id}` shows {where} whenever "
                        f"`{r.spec.id}` would, and nothing caps it", r.spec.id_span))
                    break
        if _unconditional(r) and impossible(r.when) is None:
            group.append(r)
    return out
