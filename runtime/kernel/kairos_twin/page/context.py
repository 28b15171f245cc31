"""Mirrors page/context.js: device class, language, referrer host, UTM source, GPC."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import parse_qs, urlsplit


def device_class(device: dict) -> str:
    coarse = device.get("coarse", False)
    width = min(device["screen"])
    if coarse and width < 600:
        return "mobile"
    return "tablet" if coarse else "desktop"


def referrer_host(referrer: str | None) -> str | None:
    if not referrer:
        return None
    try:
        return urlsplit(referrer).hostname or None
    except ValueError:
        return None


def read_context(device: dict, url: str, referrer: str | None, gpc: bool) -> dict:
    return dict(_context(device_class(device), device.get("language") or None, url, referrer, gpc is True))


@lru_cache(maxsize=4096)
def _context(device: str, language: str | None, url: str, referrer: str | None, gpc: bool) -> tuple:
    query = parse_qs(urlsplit(url).query, keep_blank_values=True)
    utm = query.get("utm_source")
    return (("context.device", device), ("context.language", language),
            ("context.referrer", referrer_host(referrer)), ("context.utm_source", utm[0] if utm else None),
            ("context.gpc", gpc))
