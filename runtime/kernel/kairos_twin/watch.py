"""Mirrors watch.js: the watch list -> wake-ups. A threshold wakes the engine exactly when
crossed (`[value, ">"]` 1 ms past the value, so the strict comparison holds when the engine
looks); a change to a discrete signal some rule reads wakes it too."""

from __future__ import annotations

import operator

_COMPARE = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le,
            "==": operator.eq, "!=": operator.ne}


def past(value: float, op: str) -> float:
    return value + (1 if op == ">" else 0)


def holds(value, op: str, mark) -> bool:
    return _COMPARE.get(op, operator.ge)(value, mark)


class Watch:
    """armWatch(watch, trackers, wake): `changed(signal)` and `dispose()`."""

    def __init__(self, watch: dict, dwell, scroll, sections, product_dwell_before: float,
                 has_product: bool, wake):
        thresholds = watch.get("thresholds") or {}
        self.wake = wake
        for value, op in thresholds.get("page.dwell", ()):
            dwell.at(past(value, op), lambda: wake("page.dwell"))
        for value, op in thresholds.get("product.dwell", ()):
            remaining = past(value, op) - product_dwell_before
            if has_product and remaining > 0:
                dwell.at(remaining, lambda: wake("product.dwell"))
        for selector, marks in (thresholds.get("section.dwell") or {}).items():
            for value, op in marks:
                sections.at(selector, past(value, op), lambda: wake("section.dwell"))
        self.scroll_marks = thresholds.get("page.scroll", ())
        self.last_depth = scroll.depth()
        self.dispose = scroll.on_depth(self._depth)
        self.watched = [*(watch.get("signals") or ()), *thresholds]
        self._reads: dict[str, bool] = {}

    def _depth(self, depth) -> None:
        if any(holds(self.last_depth, op, value) != holds(depth, op, value)
               for value, op in self.scroll_marks):
            self.wake("page.scroll")
        self.last_depth = depth

    def reads(self, signal: str) -> bool:
        known = self._reads.get(signal)
        if known is None:
            known = self._reads[signal] = any(
                name == signal or name.startswith(signal + ".") or signal.startswith(name + ".")
                for name in self.watched)
        return known

    def changed(self, signal: str) -> None:
        """Wake for a discrete signal change only when some rule reads that signal."""
        if self.reads(signal):
            self.wake(signal)
