"""Mirrors runtime/engine/formats.js: the worker adds to each update the money, date and time
patterns of its language (Intl's, read in the worker) before the engine sees it. The twin has
no Intl: it knows Chromium's patterns for the languages and currencies below (checked against
the browser by tests/e2e/test_twin_agreement.py) and refuses others, rather than guess."""

from __future__ import annotations

import re

_MONEY = {"prefix": "", "suffix": "", "group": ",", "decimal": ".", "fraction": 2, "grouping": [3, 3]}
# (language, currency) -> how Chromium's pattern differs from _MONEY.
MONEY = {
    ("en-US", "USD"): {"prefix": "$"},
    ("en-US", "EUR"): {"prefix": "\u20ac"},
    ("en-US", "GBP"): {"prefix": "\u00a3"},
    ("en-US", "CAD"): {"prefix": "CA$"},
    ("en-US", "AUD"): {"prefix": "A$"},
    ("en-US", "JPY"): {"prefix": "\u00a5", "fraction": 0},
    ("en-US", "CHF"): {"prefix": "CHF\u00a0"},
    ("en-US", "SEK"): {"prefix": "SEK\u00a0"},
    ("en-US", "INR"): {"prefix": "\u20b9"},
    ("en-US", "BRL"): {"prefix": "R$"},
    ("en-GB", "USD"): {"prefix": "US$"},
    ("en-GB", "EUR"): {"prefix": "\u20ac"},
    ("en-GB", "GBP"): {"prefix": "\u00a3"},
    ("de-DE", "USD"): {"suffix": "\u00a0$", "group": ".", "decimal": ","},
    ("de-DE", "EUR"): {"suffix": "\u00a0\u20ac", "group": ".", "decimal": ","},
    ("de-DE", "GBP"): {"suffix": "\u00a0\u00a3", "group": ".", "decimal": ","},
    ("de-DE", "CHF"): {"suffix": "\u00a0CHF", "group": ".", "decimal": ","},
    ("fr-FR", "USD"): {"suffix": "\u00a0$US", "group": "\u202f", "decimal": ","},
    ("fr-FR", "EUR"): {"suffix": "\u00a0\u20ac", "group": "\u202f", "decimal": ","},
    ("fr-FR", "GBP"): {"suffix": "\u00a0\u00a3GB", "group": "\u202f", "decimal": ","},
    ("fr-FR", "CHF"): {"suffix": "\u00a0CHF", "group": "\u202f", "decimal": ","},
}
_EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
DATES = {
    "en-US": {"date": "{month} {day}", "months": _EN_MONTHS, "time": "{hour}:{minute} {period}",
              "hour12": True, "am": "AM", "pm": "PM"},
    "en-GB": {"date": "{day} {month}", "months": [*_EN_MONTHS[:8], "Sept", *_EN_MONTHS[9:]],
              "time": "{hour}:{minute}", "hour12": False, "am": "AM", "pm": "PM"},
    "de-DE": {"date": "{day}. {month}", "months": ["Jan.", "Feb.", "M\u00e4rz", "Apr.", "Mai", "Juni", "Juli",
                                                   "Aug.", "Sept.", "Okt.", "Nov.", "Dez."],
              "time": "{hour}:{minute}", "hour12": False, "am": "AM", "pm": "PM"},
    "fr-FR": {"date": "{day} {month}", "months": ["janv.", "f\u00e9vr.", "mars", "avr.", "mai", "juin",
                                                  "juil.", "ao\u00fbt", "sept.", "oct.", "nov.", "d\u00e9c."],
              "time": "{hour}:{minute}", "hour12": False, "am": "AM", "pm": "PM"},
}
_CODE = re.compile(r"[A-Za-z]{3}\Z")  # Intl.NumberFormat refuses any other currency code


class UnknownFormat(ValueError):
    """A language or currency whose Intl pattern the twin does not know."""


def money_pattern(language: str, currency: str) -> dict | None:
    """Intl's pattern of `currency` in `language`, or None where Intl would throw."""
    if not _CODE.match(currency):
        return None
    found = MONEY.get((language, currency.upper()))
    if found is None:
        known = ", ".join(f"{c} in {lang}" for lang, c in MONEY)
        raise UnknownFormat(f"the twin knows Intl's money patterns of {known}; not {currency} in {language}")
    return {**_MONEY, **found, "grouping": list(_MONEY["grouping"])}


def date_pattern(language: str) -> dict:
    found = DATES.get(language)
    if found is None:
        raise UnknownFormat(f"the twin knows Intl's dates in {', '.join(DATES)}; not {language!r}")
    return {**found, "months": list(found["months"])}


_MADE: dict = {}


def with_formats(update: dict) -> dict:
    """A copy of `update` with `formats` for its language and every currency it mentions
    (patterns it already carries are kept). The engine only reads them: one `formats` object
    per language and currencies serves every update that names them."""
    language = (update.get("signals") or {}).get("context.language") or "en-US"
    currencies: dict = {}
    for view in (update, update.get("next")):
        if not view:
            continue
        if (view.get("product") or {}).get("currency"):
            currencies[view["product"]["currency"]] = None
        if view.get("currency"):
            currencies[view["currency"]] = None
        for item in view.get("viewed") or ():
            if item and item.get("currency"):
                currencies[item["currency"]] = None
    formats = update.get("formats") or {}
    key = (language, tuple(currencies)) if not formats else None
    made = _MADE.get(key) if key else None
    if made is not None:
        return {**update, "formats": made}
    money = dict(formats.get("money") or {})
    for currency in currencies:
        if not isinstance(currency, str) or money.get(currency):
            continue
        pattern = money_pattern(language, currency)
        if pattern:
            money[currency] = pattern
    date = formats.get("date") or date_pattern(language)
    made = {**formats, "money": money, "date": date}
    if key:
        if len(_MADE) > 1024:
            _MADE.clear()
        _MADE[key] = made
    return {**update, "formats": made}
