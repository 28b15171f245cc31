"""Mirrors signals/onScroll.js: the maximum of (scrollTop + innerHeight) / scrollHeight, in
percent to one decimal, measured at load and on every scroll event."""

from __future__ import annotations

import math

from .. import js
from ..document import Document


def depth_of(document: Document) -> float | int:
    height = max(document.height, 1)
    seen = document.scroll_y + document.viewport_height
    return js.num(min(100, math.floor((seen / height) * 1000 + 0.5) / 10))  # Math.round, inline


class Scroll:
    """onScroll(): depth(), on_depth(fn) -> unsubscribe, measure(), reset()."""

    def __init__(self):
        self.max = 0
        self.listeners: list = []

    def measure(self, document: Document) -> None:
        depth = depth_of(document)
        if depth > self.max:
            self.max = depth
            for fn in list(self.listeners):
                fn(self.max)

    def depth(self):
        return self.max

    def on_depth(self, fn):
        self.listeners.append(fn)
        return lambda: self.listeners.remove(fn) if fn in self.listeners else None

    def reset(self, document: Document) -> None:
        self.max = 0
        self.measure(document)
