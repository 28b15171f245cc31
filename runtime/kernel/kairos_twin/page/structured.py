"""Mirrors page/structured.js: the page's schema.org data as JSON-LD-shaped nodes, from its
JSON-LD blocks (objects, arrays, @graph) and its microdata, read into the same shape.

A twin page's microdata (`microdata`, docs/contracts.md section 8) is a list of elements,
each {"tag", "itemscope", "itemtype", "itemid", "itemprop", "content", "href", "src",
"datetime", "value", "text", "children"}: tests/e2e/twin_pages.py prints it as HTML, and
`_item` reads it with structured.js's rules for HTML.
"""

from __future__ import annotations

import re

from .. import js

_PREFIX = re.compile(r"^[^\n\r\u2028\u2029]*[/#]")  # JS: `.` stops at line ends
_SPACES = re.compile(r"[\s\ufeff]+")
_URL_TAGS = {"a", "link", "area"}
_SRC_TAGS = {"img", "source", "video", "audio", "iframe", "embed"}


def types(node) -> list[str]:
    """The node's @type as plain names ("http://schema.org/Product" -> "Product")."""
    if not isinstance(node, dict):
        return []
    kind = node.get("@type")
    if kind is None:
        kind = node.get("type")
    kinds = kind if isinstance(kind, list) else [] if kind is None else [kind]
    return [_PREFIX.sub("", js.string(t), count=1) for t in kinds]


def is_a(node, pattern: re.Pattern) -> bool:
    return any(pattern.search(t) for t in types(node))


def _walk(value, depth: int = 0):
    if depth > 6:  # markup is data, but a hostile page could nest it endlessly
        return
    if isinstance(value, list):
        for item in value:
            yield from _walk(item, depth + 1)
    elif isinstance(value, dict):
        yield value
        if js.truthy(value.get("@graph")):
            yield from _walk(value["@graph"], depth + 1)


def text_content(el: dict) -> str:
    """el.textContent: its text, then its children's, in document order."""
    return (el.get("text") or "") + "".join(text_content(c) for c in el.get("children") or ())


def _props(el: dict):
    """The elements with itemprop whose nearest itemscope ancestor is `el`, in document order."""
    for child in el.get("children") or ():
        if "itemprop" in child:
            yield child
        if not child.get("itemscope"):
            yield from _props(child)


def _value(el: dict, depth: int):
    tag = el.get("tag", "div").lower()
    if el.get("itemscope"):
        return _item(el, depth + 1) if depth < 4 else None
    if "content" in el:
        return el["content"]
    if tag in _URL_TAGS:
        return el.get("href")
    if tag in _SRC_TAGS:
        return el.get("src")
    if tag == "time" and "datetime" in el:
        return el["datetime"]
    if tag in ("data", "meter"):
        return el.get("value")
    return js.trim(_SPACES.sub(" ", text_content(el)))


def _item(scope: dict, depth: int = 0) -> dict:
    """A microdata item as a JSON-LD-like object: {"@type", prop: value | [values]}."""
    node = {"@type": re.split(r"\s+", scope.get("itemtype") or "")[0]}
    if "itemid" in scope:
        node["@id"] = scope["itemid"]
    for el in list(_props(scope)):
        value = _value(el, depth)
        for name in (n for n in re.split(r"\s+", el["itemprop"]) if n):
            if name in node:
                had = node[name]
                node[name] = [*(had if isinstance(had, list) else [had]), value]
            else:
                node[name] = value
    return node


def _top_items(elements: list, inside: bool = False):
    """Elements with itemscope and itemtype that have no itemscope ancestor."""
    for el in elements:
        scoped = bool(el.get("itemscope"))
        if scoped and "itemtype" in el and not inside:
            yield el
        yield from _top_items(el.get("children") or (), inside or scoped)


def read_nodes(page: dict) -> list:
    """Every schema.org node of the page: JSON-LD first, then top-level microdata items."""
    out = []
    for block in page.get("jsonld") or ():
        out.extend(_walk(block))
    for scope in _top_items(page.get("microdata") or ()):
        out.append(_item(scope))
    return out


def resolver(nodes: list):
    """Resolve `{"@id": ...}` references against the page's nodes (Yoast, WooCommerce @graph)."""
    by_id: dict = {}
    for node in nodes:
        ref = node.get("@id")
        if js.truthy(ref) and len(node) > 1 and _hashable(ref):
            by_id.setdefault(_map_key(ref), node)

    def resolve(ref):
        if isinstance(ref, dict) and len(ref) == 1 and js.truthy(ref.get("@id")):
            found = ref["@id"]
            return by_id.get(_map_key(found), ref) if _hashable(found) else ref
        return ref

    return resolve


def _hashable(value) -> bool:
    return isinstance(value, (str, int, float))  # an object @id is only ever itself in a JS Map


def _map_key(value):
    """A JS Map key: 1 and "1" differ, as do true and 1."""
    return (type(value) is str, value)
