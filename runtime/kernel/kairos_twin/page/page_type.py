"""Mirrors page/pageType.js: data-kairos-page when present, else JSON-LD and GA4 events."""

from __future__ import annotations

import re

BY_EVENT = {"view_item_list": "category", "view_cart": "cart", "begin_checkout": "checkout"}
_INDEX = re.compile(r"/index\.html?$")


def page_type(marked: str | None, product, events: list[str], pathname: str) -> str:
    if marked:
        return marked
    if product:
        return "product"
    for name in events:
        if name in BY_EVENT:
            return BY_EVENT[name]
    if pathname == "/" or _INDEX.search(pathname):
        return "home"
    return "other"


def list_category(params) -> str | None:
    """The category a category page lists (GA4 item_list_name / item_list_id), or None."""
    if not isinstance(params, dict):
        return None
    return params.get("item_list_name") or params.get("item_list_id") or None
