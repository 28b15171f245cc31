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
        samples = self.samples
        samples.append((now, y))
        # Page time never goes back: the samples too old are the first ones (never the newest).
        old = 0
        while now - samples[old][0] > FLICK_MS:
            old += 1
        if old:
            del samples[:old]
        highest = max([v for _, v in samples])
        if highest - y >= FLICK_PX and self.coarse:
            self.fire()

    def reset(self) -> None:
        self.fired = False
        self.samples = []
