"""IR + signal state -> which rule conditions hold: the reference interpreter (oracle for codegen).

It walks the IR of docs/contracts.md section 3 directly. Semantics, shared with codegen:
a value in a boolean position (the root, `and`/`or`/`not` operands) counts only when it is
exactly `True`; comparisons, membership and functions are those of `kairos_engine.ops`, which
fail closed on missing or mistyped values.
"""

from __future__ import annotations

from typing import Any

from ._ops import ops

_CMP = {"==": ops.cmp_eq, "!=": ops.cmp_ne, "<": ops.cmp_lt, "<=": ops.cmp_le,
        ">": ops.cmp_gt, ">=": ops.cmp_ge}  # fmt: skip


def function(name: str):
    """The ops function behind an IR function name (`section.dwell` -> `fn_section_dwell`)."""
    return getattr(ops, "fn_" + name.replace(".", "_"))


def value(e: dict, s: dict) -> Any:
    """The value of an expression in a value position."""
    op = e["op"]
    if op == "lit":
        return e["value"]
    if op == "list":
        return [value(i, s) for i in e["items"]]
    if op == "signal":
        return s[e["name"]]
    if op == "call":
        return function(e["fn"])(s, *[value(a, s) for a in e["args"]])
    return truth(e, s)


def truth(e: dict, s: dict) -> bool:
    """The truth of an expression in a boolean position."""
    op = e["op"]
    if op == "and":
        return all(truth(a, s) for a in e["args"])
    if op == "or":
        return any(truth(a, s) for a in e["args"])
    if op == "not":
        return not truth(e["arg"], s)
    if op == "cmp":
        return _CMP[e["cmp"]](value(e["left"], s), value(e["right"], s)) is True
    if op == "in":
        return ops.contains(value(e["right"], s), value(e["left"], s)) is True
    return value(e, s) is True


def matching(ir: dict, s: dict) -> list[str]:
    """Ids of the enabled rules whose condition holds, in IR order (priority first)."""
    return [r["id"] for r in ir["rules"] if r["enabled"] and truth(r["when"], s)]
