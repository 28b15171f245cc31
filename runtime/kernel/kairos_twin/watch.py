"""Mirrors watch.js: the watch list -> wake-ups. A threshold wakes the engine exactly when
crossed (`[value, ">"]` 1 ms past the value, so the strict comparison holds when the engine
looks); a change to a discrete signal some rule reads wakes it too. A mark naming page types
is skipped when crossed on another type (`page.type` wakes the engine if the type changes)."""

from __future__ import annotations

import operator

_COMPARE = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le,
            "==": operator.eq, "!=": operator.ne}


def past(value: float, op: str) -> float:
    return value + (1 if op == ">" else 0)


def holds(value, op: str, mark) -> bool:
    return _COMPARE.get(op, operator.ge)(value, mark)


def _split(mark: list) -> tuple:
    """(value, op, page types or None) of a watch-list mark."""
    return mark[0], mark[1], mark[2] if len(mark) > 2 else None


_READS: dict[tuple, bool] = {}  # (watched names, signal) -> whether a rule reads the signal


class Watch:
    """armWatch({dwell, scroll, sections, view}, wake, watch): `changed(signal)`, `dispose()`."""

    def __init__(self, watch: dict, dwell, scroll, sections, view: dict, wake):
        thresholds = watch.get("thresholds") or {}
        self.wake = wake
        self.view = view

        def wake_here(pages, reason):
            return lambda: self.here(pages) and wake(reason)

        for value, op, pages in map(_split, thresholds.get("page.dwell", ())):
            dwell.at(past(value, op), wake_here(pages, "page.dwell"))
        for value, op, pages in map(_split, thresholds.get("product.dwell", ())):
            remaining = past(value, op) - view["productDwellBefore"]
            if view["product"] and remaining > 0:
                dwell.at(remaining, wake_here(pages, "product.dwell"))
        for selector, marks in (thresholds.get("section.dwell") or {}).items():
            for value, op, pages in map(_split, marks):
                sections.at(selector, past(value, op), wake_here(pages, "section.dwell"))
        self.scroll_marks = [_split(mark) for mark in thresholds.get("page.scroll", ())]
        self.last_depth = scroll.depth()
        self.dispose = scroll.on_depth(self._depth)
        self.watched = (*(watch.get("signals") or ()), *thresholds)

    def here(self, pages) -> bool:
        return pages is None or self.view["type"] in pages

    def _depth(self, depth) -> None:
        last = self.last_depth
        for value, op, pages in self.scroll_marks:
            if self.here(pages) and holds(last, op, value) != holds(depth, op, value):
                self.wake("page.scroll")
                break
        self.last_depth = depth

    def reads(self, signal: str) -> bool:
        key = (self.watched, signal)
        known = _READS.get(key)
        if known is None:
            known = _READS[key] = any(
                name == signal or name.startswith(signal + ".") or signal.startswith(name + ".")
                for name in self.watched)
        return known

    def changed(self, signal: str) -> None:
        """Wake for a discrete signal change only when some rule reads that signal."""
        if self.reads(signal):
            self.wake(signal)
