"""Mirrors signals/onSection.js (with lib/lazySections.js): per CSS selector, engaged time while
the section is in view (at least 50 % visible, or filling at least half the window), whether
it was ever in view, and how far through it the window has come.

As in the kernel, each section has its own IntersectionObserver, re-made with the ratios at
which a tall section fills half the window once its height is known.
"""

from __future__ import annotations

import math

from .. import js
from ..document import Document, Observer
from .dwell import Dwell

THRESHOLDS = [0, 0.1, 0.25, 0.5, 0.75, 1]


def fill_ratios(entry: dict) -> list[float]:
    height = entry["height"]
    fill = (0.5 * entry["rootHeight"]) / height if height > 0 else 1
    if fill >= 0.5:
        return []
    return [math.floor(fill * 1e4) / 1e4, math.ceil(fill * 1e4) / 1e4]


class Sections:
    """onSection(selectors, dwell, onChange): read(), at(selector, ms, fn), reset()."""

    def __init__(self, selectors: list[str], dwell: Dwell, on_change, document: Document):
        self.dwell = dwell
        self.on_change = on_change
        self.document = document
        self.sections = {selector: self._blank() for selector in selectors}
        self.waits: list[tuple[str, float, object]] = []
        self.observers: list[Observer] = []
        self.observe()

    @staticmethod
    def _blank() -> dict:
        return {"acc": 0, "since": None, "seen": False, "scroll": 0, "el": None, "observer": None,
                "extra": None}

    def value(self, s: dict) -> float:
        return s["acc"] + (0 if s["since"] is None else self.dwell.dwell() - s["since"])

    def arm_waits(self) -> None:
        waits, self.waits = self.waits, []
        for wait in waits:
            self.schedule(wait)

    def schedule(self, wait) -> None:
        selector, ms, fn = wait
        s = self.sections[selector]
        missing = ms - self.value(s)
        if missing <= 0:
            fn()
            return
        if s["since"] is None:
            self.waits.append(wait)
            return
        self.dwell.at(self.dwell.dwell() + missing, lambda: self.schedule(wait))

    def watch_section(self, selector: str, s: dict, extra: list[float]) -> None:
        if s["observer"] is not None:
            s["observer"].disconnect()
            if s["observer"] in self.observers:
                self.observers.remove(s["observer"])
        s["extra"] = extra
        thresholds = sorted(set(THRESHOLDS) | set(extra))
        observer = Observer(self.document, thresholds, lambda entry: self.seen(selector, s, entry))
        s["observer"] = observer
        self.observers.append(observer)
        observer.observe(s["el"])

    def seen(self, selector: str, s: dict, entry: dict) -> None:
        viewport = entry["rootHeight"]
        in_view = entry["isIntersecting"] and (
            entry["intersectionRatio"] >= 0.5 or entry["visible"] >= 0.5 * viewport)
        height = entry["height"]
        depth = min(100, max(0, ((viewport - entry["top"]) / height) * 100)) if height > 0 else 0
        if depth > s["scroll"]:
            s["scroll"] = js.num(js.js_round(depth * 10) / 10)
            self.on_change(selector, "scroll")
        if in_view and s["since"] is None:
            s["since"] = self.dwell.dwell()
            if not s["seen"]:
                s["seen"] = True
                self.on_change(selector, "seen")
            self.arm_waits()
        elif not in_view and s["since"] is not None:
            s["acc"] += self.dwell.dwell() - s["since"]
            s["since"] = None
        extra = fill_ratios(entry)
        if extra != s["extra"]:
            self.watch_section(selector, s, extra)  # its first callback re-reports

    def observe(self) -> None:
        for selector, s in self.sections.items():
            box = self.document.section(selector)
            if box is None:
                continue
            s["el"] = box
            s["observer"] = None
            s["extra"] = None
            self.watch_section(selector, s, [])

    def read(self) -> dict:
        return {selector: {"dwell": math.floor(self.value(s)), "seen": s["seen"], "scroll": s["scroll"]}
                for selector, s in self.sections.items()}

    def at(self, selector: str, ms: float, fn) -> None:
        if selector in self.sections:
            self.schedule((selector, ms, fn))

    def reset(self, document: Document) -> None:
        for observer in self.observers:
            observer.disconnect()
        self.observers.clear()
        self.waits.clear()
        self.document = document
        for selector in self.sections:
            self.sections[selector] = self._blank()
        self.observe()
