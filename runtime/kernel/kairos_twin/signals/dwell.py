"""Mirrors signals/onDwell.js: engaged time (visible AND focused AND not idle), idle after
`idle_ms` without input (the time up to the cutoff counts), and one-shot waits on dwell."""

from __future__ import annotations

from ..clock import Clock


class Dwell:
    """onDwell(onChange, {idleMs}): dwell(), engaged(), idle, at(ms, fn), reset()."""

    def __init__(self, clock: Clock, on_change, idle_ms: int, visible: bool, focused: bool):
        self.clock = clock
        self.on_change = on_change
        self.idle_ms = idle_ms
        self.visible, self.focused = True, True
        self.idle = False
        self.accumulated = 0
        self.since = None  # page time when the current engaged stretch began
        self.idle_timer = None
        self.wait_timer = None
        self.waits: list[list] = []  # [ms, fn], sorted by ms (stable)
        self.presence(visible, focused)  # onPresence calls its listener at once
        self.arm_idle()

    def engaged(self) -> bool:
        return self.visible and self.focused and not self.idle

    def dwell(self) -> float:
        return self.accumulated + (0 if self.since is None else self.clock.now - self.since)

    def settle(self) -> None:
        now = self.clock.now
        if self.since is not None:
            self.accumulated += now - self.since
        self.since = now if self.visible and self.focused and not self.idle else None  # engaged()
        self.arm_waits()

    def arm_waits(self) -> None:
        if self.wait_timer is not None:
            self.clock.clear(self.wait_timer)
            self.wait_timer = None
        current = self.dwell()
        while self.waits and self.waits[0][0] <= current:
            self.waits.pop(0)[1]()
        if self.waits and self.since is not None:
            # Not cleared first, as in JS: a wait's callback may have armed its own timer.
            self.wait_timer = self.clock.set_timeout(self.arm_waits, max(0, self.waits[0][0] - current))

    def arm_idle(self) -> None:
        if self.idle_timer is not None:
            self.clock.clear(self.idle_timer)
        self.idle_timer = self.clock.set_timeout(self._went_idle, self.idle_ms)

    def _went_idle(self) -> None:
        self.idle = True
        self.settle()
        self.on_change()

    def input(self) -> None:
        """pointerdown, pointermove, keydown, wheel, touchstart or scroll."""
        was = self.visible and self.focused and not self.idle  # engaged(), inline: every input
        if self.idle:
            self.idle = False
            self.settle()
        self.arm_idle()
        if not was and self.visible and self.focused and not self.idle:
            self.on_change()

    def presence(self, visible: bool, focused: bool) -> None:
        """The onPresence listener: a change of visibility or focus."""
        was = self.engaged()
        returned = visible and focused and not (self.visible and self.focused)
        self.visible, self.focused = visible, focused
        if returned:
            self.idle = False
            self.arm_idle()
        self.settle()
        if was != self.engaged():
            self.on_change()

    def at(self, ms: float, fn) -> None:
        self.waits.append([ms, fn])
        self.waits.sort(key=lambda wait: wait[0])
        self.arm_waits()

    def reset(self) -> None:
        self.accumulated = 0
        self.since = self.clock.now if self.engaged() else None
        self.waits.clear()
        self.arm_waits()
