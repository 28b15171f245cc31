"""Mirrors events/seen.js: "seen", as the IAB counts a viewable impression: at least half of
the snippet in the window (or, for one taller than the window, half the window filled by it)
for one continuous second while the page is visible. A control or holdout is measured where
its treatment would have been: its slot, or for an overlay one second of the page being
visible from the decision on. One observer measures every snippet (document.py's
SharedObserver): what is seen together is counted in the order it was drawn."""

from __future__ import annotations

from ..document import SharedObserver

SECOND = 1000
RATIOS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.75, 1]


class Tracker:
    """whenSeen(rule, element, onSeen)'s tracker: now() counts it at once, stop() ends it.
    `target` is (element key, box), or None for an overlay's control."""

    def __init__(self, seen: Seen, rule: str, target: tuple | None, on_seen):
        self.seen = seen
        self.clock = seen.kernel.clock
        self.document = seen.kernel.document
        self.rule = rule
        self.on_seen = on_seen
        self.in_view = target is None
        self.timer = None
        self.done = False
        self.key = target[0] if target is not None else None
        old = seen.watching.get(rule)
        if old:
            old.stop()
        seen.watching[rule] = self
        seen.listeners.append(self)  # document.addEventListener("visibilitychange", ...)
        if target is not None:
            seen.by_element.setdefault(self.key, []).append(self)
            seen.observer().observe(*target)  # (un)observed anew: every tracker gets a first entry
        self.arm()

    def disarm(self) -> None:
        self.clock.clear(self.timer)
        self.timer = None

    def arm(self) -> None:
        if not self.done and self.timer is None and self.in_view and self.document.visible:
            self.timer = self.clock.set_timeout(self.fire, SECOND)

    def visibility_changed(self) -> None:
        self.arm() if self.document.visible else self.disarm()

    def entry(self, entry: dict) -> None:
        viewport = entry["rootHeight"]
        self.in_view = entry["isIntersecting"] and (
            entry["intersectionRatio"] >= 0.5 or entry["visible"] >= 0.5 * viewport)
        self.arm() if self.in_view else self.disarm()

    def stop(self) -> None:
        self.done = True
        self.disarm()
        seen = self.seen
        if self.key is not None:
            left = [t for t in seen.by_element[self.key] if t is not self]
            if left:
                seen.by_element[self.key] = left
            else:
                del seen.by_element[self.key]
                seen.observer().unobserve(self.key)
        if self in seen.listeners:
            seen.listeners.remove(self)
        if seen.watching.get(self.rule) is self:
            del seen.watching[self.rule]

    def fire(self, interacted: bool = False) -> None:
        if self.done:
            return
        self.stop()
        self.on_seen(self.clock.now, interacted is True)

    def now(self) -> None:
        self.fire(True)


class Seen:
    """The module's state for one document: a tracker per rule of the page view."""

    def __init__(self, kernel):
        self.kernel = kernel
        self.watching: dict[str, Tracker] = {}
        self.by_element: dict = {}  # observed element key -> its trackers
        self.listeners: list[Tracker] = []  # visibilitychange listeners, in registration order
        self._observer: SharedObserver | None = None

    def observer(self) -> SharedObserver:
        if self._observer is None:
            self._observer = SharedObserver(self.kernel.document, RATIOS, self._observed)
        return self._observer

    def _observed(self, entries: list) -> None:
        for key, entry in entries:
            for tracker in list(self.by_element.get(key, ())):
                tracker.entry(entry)

    def when_seen(self, rule: str, target: tuple | None, on_seen) -> Tracker:
        """Call `on_seen(at, interacted)` once `target` (None: an overlay's control) was seen."""
        return Tracker(self, rule, target, on_seen)

    def unseen(self, rule: str | None = None) -> None:
        """Stop measuring `rule` (its snippet was withdrawn), or every rule (a new page view)."""
        for name, tracker in list(self.watching.items()):
            if rule is None or name == rule:
                tracker.stop()

    def visibility_changed(self) -> None:
        for tracker in list(self.listeners):
            tracker.visibility_changed()
