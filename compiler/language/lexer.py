"""Condition text -> tokens (kind, value, start, end); lexical mistakes raise CompileError."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .errors import ERROR, CompileError, Diagnostic, Span
from .units import UNIT_LIST, UNITS, WEEKS, known_unit

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SUFFIX = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SELECTOR = re.compile(r"#[\w.#-]*")
_OPS = ("==", "!=", "<=", ">=", "<", ">", "(", ")", "[", "]", ",", ".", "=", "-")
_BAD_THREE = {"===": "use `==` instead of `===`", "!==": "use `!=` instead of `!==`"}
_BAD_OPS = {
    "&&": "use `and` instead of `&&`",
    "||": "use `or` instead of `||`",
    "=<": "did you mean `<=`?",
    "=>": "did you mean `>=`?",
    "<>": "did you mean `!=`?",
    "!": "use `not` instead of `!`",
    "&": "use `and` instead of `&`",
    "|": "use `or` instead of `|`",
    "?": "a condition has no `? :`; it is true or false: write one rule for each case",
    ";": "remove the `;`; a condition ends where its line ends",
    "`": "remove the backquotes; write the condition as it is",
}
_CURRENCY_SIGNS = "$\u20ac\u00a3\u00a5"
_CURLY = "\u201c\u201d\u2018\u2019"


@dataclass(frozen=True)
class Token:
    kind: str  # num dur pct str name op eof, or unit? (a number with a unit we do not have)
    value: object
    start: int
    end: int
    raw: str = ""


SpanOf = Callable[[int, int], Span]


def _fail(span_of: SpanOf, start: int, end: int, message: str) -> CompileError:
    return CompileError(Diagnostic(ERROR, message, span_of(start, end)))


def _num(text: str) -> int | float:
    v = float(text)
    return int(v) if v.is_integer() else v


def tokenize(text: str, span_of: SpanOf) -> list[Token]:
    out: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
            continue
        m = _NUMBER.match(text, i)
        if m:
            out.append(_number(text, m, span_of))
            i = out[-1].end
            continue
        m = _NAME.match(text, i)
        if m:
            out.append(Token("name", m.group(), i, m.end(), m.group()))
            i = m.end()
            continue
        if c in "\"'":
            tok = _string(text, i, span_of)
            out.append(tok)
            i = tok.end
            continue
        if c in _CURLY:
            raise _fail(span_of, i, i + 1, 'use straight quotes `"` or `\'` around text')
        if text[i : i + 3] in _BAD_THREE:
            raise _fail(span_of, i, i + 3, _BAD_THREE[text[i : i + 3]])
        two = text[i : i + 2]
        if two in _BAD_OPS:
            raise _fail(span_of, i, i + 2, _BAD_OPS[two])
        op = next((o for o in _OPS if text.startswith(o, i)), None)
        if op is not None:
            out.append(Token("op", op, i, i + len(op), op))
            i += len(op)
            continue
        if c == "#":
            sel = _SELECTOR.match(text, i).group()
            raise _fail(span_of, i, i + len(sel),
                        f'a CSS selector goes in quotes, as in `"{sel}"`')  # fmt: skip
        if c in _BAD_OPS:
            raise _fail(span_of, i, i + 1, _BAD_OPS[c])
        if c == "%" and out and out[-1].kind == "num":
            raise _fail(span_of, out[-1].start, i + 1,
                        f"write a percent without a space, as in `{out[-1].raw}%`")  # fmt: skip
        if c in _CURRENCY_SIGNS:
            m = _NUMBER.match(text, i + 1)
            ex = m.group() if m else "50"
            raise _fail(span_of, i, i + 1, f"write a price as a plain number, without `{c}`: "
                                           f"`{ex}`")  # fmt: skip
        shown = c if c.isprintable() else f"U+{ord(c):04X}"
        raise _fail(span_of, i, i + 1, f"unexpected character `{shown}`; remove it")
    out.append(Token("eof", None, n, n))
    return out


def _number(text: str, m: re.Match, span_of: SpanOf) -> Token:
    start, end, digits = m.start(), m.end(), m.group()
    if len(digits) > 18:
        raise _fail(span_of, start, end, f"the number `{digits[:20]}...` is too long")
    if end < len(text) and text[end] == "%":
        return Token("pct", _num(digits), start, end + 1, text[start : end + 1])
    s = _SUFFIX.match(text, end)
    if not s:
        return Token("num", _num(digits), start, end, digits)
    unit, raw = s.group(), text[start : s.end()]
    if unit in UNITS:
        ms = float(digits) * UNITS[unit]
        if not ms.is_integer():
            raise _fail(span_of, start, s.end(), f"`{raw}` is not a whole number of milliseconds")
        return Token("dur", int(ms), start, s.end(), raw)
    fix = known_unit(digits, unit)
    if fix is not None and unit.lower() in WEEKS:
        raise _fail(span_of, start, s.end(), f"weeks are not a unit; did you mean `{fix}`?")
    if fix is not None:
        units = "" if fix.endswith("%") else f" ({UNIT_LIST})"
        msg = f"unknown unit `{unit}` in `{raw}`; did you mean `{fix}`?{units}"
        raise _fail(span_of, start, s.end(), msg)
    # which unit was meant depends on what the number is compared with: the checker says
    return Token("unit?", _num(digits), start, s.end(), raw)


def _string(text: str, i: int, span_of: SpanOf) -> Token:
    quote = text[i]
    j, buf = i + 1, []
    while j < len(text):
        c = text[j]
        if c == "\\" and j + 1 < len(text):
            nxt = text[j + 1]
            buf.append({"n": "\n", "t": "\t"}.get(nxt, nxt))
            j += 2
            continue
        if c == quote:
            return Token("str", "".join(buf), i, j + 1, text[i : j + 1])
        buf.append(c)
        j += 1
    raise _fail(span_of, i, i + 1, f"unterminated text; add the closing `{quote}`")
