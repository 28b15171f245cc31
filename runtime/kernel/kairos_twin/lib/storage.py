"""Mirrors lib/storage.js: localStorage that falls back to memory, and writes nothing while
persistence is off (consent not given, or GPC).

`Profile` is the browser profile's localStorage (it outlives page loads); `Storage` is one
document's view of it with its in-memory copy. Values are kept as Python objects, not JSON
text: a stored value is only ever replaced whole, and the history is the one value changed
in place (lib/history.py copies it where JS would have parsed a fresh copy).
"""

from __future__ import annotations


class Profile:
    """What survives a page load: localStorage's keys."""

    def __init__(self):
        self.local: dict[str, object] = {}
        # The longest view entry, product entry, aliases, cart and last exposure written
        # (lib/history.py's size bound).
        self.view_chars = 0
        self.product_chars = 0
        self.alias_chars = 0
        self.cart_chars = 0
        self.last_chars = 0


class Storage:
    """One document's storage: memory first while not persistent."""

    def __init__(self, profile: Profile):
        self.profile = profile
        self.memory: dict[str, object] = {}
        self.persistent = True

    def set_persistent(self, on: bool) -> None:
        self.persistent = on
        if on:
            self.profile.local.update(self.memory)

    def load(self, key: str):
        if not self.persistent:
            return self.memory.get(key)
        return self.profile.local.get(key)

    def save(self, key: str, value) -> None:
        self.memory[key] = value
        if self.persistent:
            self.profile.local[key] = value

    def erase(self, key: str) -> None:
        self.memory.pop(key, None)
        self.profile.local.pop(key, None)
