"""IR expression -> rule-language text that parses back to the same IR (messages, explain)."""

from __future__ import annotations

from . import vocabulary as V
from .units import UNITS

_PREC = {"or": 1, "and": 2, "not": 3, "cmp": 4, "in": 4}
# Largest unit first, from the lexer's table (ms are what is left over).
_UNITS = tuple(sorted(((u, ms) for u, ms in UNITS.items() if u != "ms"), key=lambda p: -p[1]))


def unparse(e: dict) -> str:
    op = e["op"]
    if op in ("and", "or"):
        # `and` inside `or` gets parentheses it does not need: people read it more easily
        return f" {op} ".join(f"({unparse(a)})" if a["op"] in ("and", "or") else _wrap(a, 3)
                              for a in e["args"])  # fmt: skip
    if op == "not":
        arg = e["arg"]
        if arg["op"] == "in":
            return f"{_operand(arg['left'])} not in {_operand(arg['right'])}"
        return "not " + _wrap(arg, _PREC["not"])
    if op == "cmp":
        return f"{_operand(e['left'])} {e['cmp']} {_operand(e['right'])}"
    if op == "in":
        return f"{_operand(e['left'])} in {_operand(e['right'])}"
    if op == "lit":
        return literal(e["type"], e["value"])
    if op == "list":
        return "[" + ", ".join(unparse(i) for i in e["items"]) + "]"
    if op == "signal":
        return e["name"]
    if op == "call":
        return _call(e)
    return "?"


def _wrap(e: dict, min_prec: int) -> str:
    text = unparse(e)
    return f"({text})" if _PREC.get(e["op"], 9) < min_prec else text


def _operand(e: dict) -> str:
    return _wrap(e, 5)


def _call(e: dict) -> str:
    f = V.FUNCTIONS.get(e["fn"])
    args = e["args"]
    if f is None:
        return f"{e['fn']}({', '.join(unparse(a) for a in args)})"
    if f.member_of:
        inner = ", ".join(unparse(a) for a in args)
        return f"{f.member_of}({inner}).{f.name.rsplit('.', 1)[1]}"
    parts = []
    for p, a in zip(f.params, args, strict=False):
        parts.append(unparse(a) if p.required else f"{p.name}={unparse(a)}")
    return f"{f.name}({', '.join(parts)})"


def literal(kind: str, v) -> str:
    if kind == "bool":
        return "true" if v else "false"
    if kind == "string":
        return _quote(v)
    if kind == "duration":
        return duration(v)
    if kind == "percent":
        return _number(v) + "%"
    return _number(v)


def duration(ms: int) -> str:
    if ms == 0:
        return "0s"
    sign, ms = ("-", -ms) if ms < 0 else ("", ms)
    for unit, size in _UNITS:
        if ms and ms % size == 0:
            return f"{sign}{ms // size}{unit}"
    return f"{sign}{ms}ms"


def _number(v) -> str:
    if isinstance(v, int):
        return str(v)
    text = repr(v)
    if "e" in text or "n" in text:
        text = f"{v:.12f}".rstrip("0").rstrip(".")
    return text


def _quote(s: str) -> str:
    q = '"' if '"' not in s or "'" in s else "'"
    body = s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace(q, "\\" + q)
    return q + body + q
