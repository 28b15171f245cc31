"""Mirrors signals/onExitIntent.js: the pointer leaving through the top edge, or on a coarse
pointer a quick scroll back up (at least 120 px within 300 ms); once per page view."""

from __future__ import annotations

FLICK_PX = 120
FLICK_MS = 300


class ExitIntent:
    def __init__(self, on_exit, coarse: bool):
        self.on_exit = on_exit
        self.coarse = coarse
        self.fired = False
        self.samples: list[tuple[float, int]] = []

    def fire(self) -> None:
        if self.fired:
            return
        self.fired = True
        self.on_exit()

    def pointer_out_top(self) -> None:
        self.fire()

    def scrolled(self, now: float, y: int) -> None:
        if not self.coarse or self.fired:
            return  # no flick can fire it (the samples only serve that; reset() clears them)
        self.samples.append((now, y))
        self.samples = [(t, v) for t, v in self.samples if now - t <= FLICK_MS]
        highest = max(v for _, v in self.samples)
        if highest - y >= FLICK_PX and self.coarse:
            self.fire()

    def reset(self) -> None:
        self.fired = False
        self.samples = []
