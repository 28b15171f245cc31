"""Habits from other languages (Python, JavaScript, SQL) in a condition -> what to write instead.

The checker asks these helpers before it reports an unknown name or function; each answers
with a message, or None when the mistake is not one of the habits it knows.
"""

from __future__ import annotations

from collections.abc import Collection

from . import vocabulary as V
from .nodes import Call, Compare, Literal, Name, Node

NULLS = ("null", "none", "undefined", "nil")
_FIND = ("contains", "includes", "startswith", "endswith", "indexof", "find", "match",
         "search", "has", "in")  # fmt: skip
_SIZE = ("length", "len", "size", "count")
_CASE = ("lower", "upper", "tolowercase", "touppercase", "strip", "trim", "casefold")


def null(word: str, other: str | None = None, other_type: str = "") -> str | None:
    """`x != null`, `None`, `undefined`: there is no missing value to compare with."""
    if word.lower() not in NULLS:
        return None
    if other and other_type == "string":
        ex = f'{other} != ""'
    elif other and other_type in V.ORDERED:
        zero = {"duration": "0s", "percent": "0%"}.get(other_type, "0")
        ex = f"{other} > {zero}"
    else:
        ex = "product.rating > 0"
    return (f"there is no `{word}` in a condition; a comparison with a missing value is "
            f"false, so compare with a value, as in `{ex}`")  # fmt: skip


def count_of(subject: str) -> str | None:
    """How to count what `subject` holds, if it is a list signal."""
    sig = V.SIGNALS.get(subject)
    if sig is None:
        return None
    if sig.type == "list<timestamp>":
        return f"`{subject}(within=7d)` counts its visits"
    if subject == "cart.items":
        return "`cart.count` counts the items in the cart"
    return None


def size_name(dotted: str) -> str | None:
    """`cart.items.length` -> use `cart.count`."""
    head, _, last = dotted.rpartition(".")
    if last.lower() not in _SIZE or head not in V.SIGNALS:
        return None
    count = count_of(head)
    fix = count or use(head, V.SIGNALS[head].type)
    return f"`{head}` has no `.{last}`; {fix}"


def bare_word(word: str, moments: Collection[str]) -> str:
    """A single unknown word: a moment's name, or text without quotes."""
    if word in moments:
        return f"unknown signal `{word}`; did you mean `moment.{word}`?"
    return f'unknown signal `{word}`; to compare with text, put it in quotes: `"{word}"`'


def call(node: Call, src) -> str | None:
    """`len(x)`, `page.url.contains("/sale")`, `cart.items.includes(id)`."""
    callee = node.callee
    if not isinstance(callee, Name):
        return None
    dotted = callee.dotted
    arg = src(node.args[0]) if len(node.args) == 1 else None
    if dotted.lower() in _SIZE:
        count = count_of(arg) if arg else None
        fix = count or ("`cart.count` counts the items in the cart, "
                        "`visits.product(within=7d)` the views of a product")  # fmt: skip
        return f"there is no `{dotted}(...)`; {fix}"
    head, _, method = dotted.rpartition(".")
    sig = V.SIGNALS.get(head)
    if sig is None or not sig.usable:
        return None
    low = method.lower()
    kind = V.ARTICLE.get(sig.type, sig.type)
    if low in _FIND and arg is not None and sig.type in ("string", "list<string>"):
        return (f"`{head}` is {kind} and has no `.{method}(...)`; to look for a value, write "
                f"`{arg} in {head}`")  # fmt: skip
    if low in _SIZE:
        return size_name(dotted)
    if low in _CASE and sig.type == "string":
        return (f"`{head}` has no `.{method}(...)`; compare it as it is, as in "
                f'`{head} == "..."`')  # fmt: skip
    return f"`{head}` is {kind} and has no `.{method}(...)`; {use(head, sig.type)}"


def use(what: str, typ: str) -> str:
    """How a value of type `typ` becomes a condition."""
    if typ in ("duration", "percent"):
        return f"compare it, as in `{what} > {V.EXAMPLES[typ]}`"
    if typ == "number":
        return f"compare it, as in `{what} > 0`"
    if typ == "string":
        return f'compare it, as in `{what} == "..."`'
    if typ == "bool":
        return f"write `{what}` alone, or `not {what}`"
    return f"test membership, as in `... in {what}`"


def or_text(args: list[Node], i: int, src) -> str | None:
    """`page.type == "product" or "category"`: the second value lost its comparison."""
    item, prev = args[i], args[i - 1] if i > 0 else None
    if not (isinstance(item, Literal) and isinstance(prev, Compare) and prev.op == "=="):
        return None
    if not isinstance(prev.right, Literal) or prev.right.type != item.type:
        return None
    left, a, b = src(prev.left), src(prev.right), src(item)
    return (f"`{b}` is not a condition; write `{left} == {b}`, or both at once: "
            f"`{left} in [{a}, {b}]`")  # fmt: skip
