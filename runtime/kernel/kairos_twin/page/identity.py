"""Mirrors page/identity.js: one product, many names. A platform's own analytics ids
(Shopify's `shopify_US_<product>_<variant>`, WooCommerce's `#<post id>`) and the names a
product page records (history `aliases`) lead to the product's one id."""

from __future__ import annotations

import re

from .. import js

_SHOPIFY = re.compile(r"^shopify_[A-Za-z]{2}_([0-9]+)_[0-9]+\Z")
_WOO = re.compile(r"^#([0-9]+)\Z")


def platform_id(value) -> str | None:
    """The product id inside a platform's own analytics id, or None."""
    s = js.string(value)
    found = _SHOPIFY.match(s) or _WOO.match(s)
    return found.group(1) if found else None


def canonical(value, aliases: dict | None) -> str | None:
    """The one id of the product that `value` names, given the recorded `aliases`."""
    if value is None or value == "":
        return None
    s = js.key(value)
    platform = platform_id(s)
    if aliases:
        named = aliases.get(s) or (platform and aliases.get(platform))
        if named:
            return named
    return platform or s
