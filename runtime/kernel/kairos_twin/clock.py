"""The page's timers as Playwright's clock runs them (the clock the agreement tests install).

A timer fires at `call_at`; ties go to the timer created earlier (`created_at`), then to the
lower id. A zero-delay timer set while a timer runs fires 1 ms later, as in Playwright's clock.
Page time is wall time in epoch ms (the kernel only ever subtracts performance.now() values,
so one clock serves both). A new document gets a new set of timers.

Microtasks (a settled promise's callbacks, queueMicrotask) run after the task that queued
them: after each timer (still "during" it, as Playwright's clock awaits a task after each
callback), and where the browser model (timeline.py) ends a task.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable


class Clock:
    """Epoch-ms page time and the current document's timers."""

    def __init__(self, now: int):
        self.now = now
        self._heap: list = []
        self._live: set[int] = set()
        self._next_id = 1
        self._during = False
        self._microtasks: list[Callable[[], None]] = []

    def set_timeout(self, fn: Callable[[], None], delay: float = 0) -> int:
        now = self.now
        # max(0, delay or 0) is 0 for None, zero, negative and NaN delays alike
        call_at = now + delay if delay is not None and delay > 0 else now + 1 if self._during else now
        timer = self._next_id
        self._next_id = timer + 1
        heapq.heappush(self._heap, (call_at, now, timer, fn))
        self._live.add(timer)
        return timer

    def queue_microtask(self, fn: Callable[[], None]) -> None:
        self._microtasks.append(fn)

    def run_microtasks(self) -> None:
        """Run every queued microtask, and those they queue, in order."""
        queue = self._microtasks
        while queue:
            queue.pop(0)()

    def clear(self, timer: int | None) -> None:
        if timer is not None:
            self._live.discard(timer)

    def next_at(self) -> float | None:
        """When the next live timer fires, or None."""
        heap = self._heap
        while heap and heap[0][2] not in self._live:
            heapq.heappop(heap)
        return heap[0][0] if heap else None

    def fire_next(self) -> None:
        """Fire the next timer (one task): page time moves to when it was due."""
        call_at, _, timer, fn = heapq.heappop(self._heap)
        self._live.discard(timer)
        self.now = max(self.now, call_at)
        self._during = True
        try:
            fn()
            if self._microtasks:
                self.run_microtasks()
        finally:
            self._during = False

    def drop_timers(self) -> None:
        """The document is gone: its timers (and what it left queued) never run."""
        self._heap.clear()
        self._live.clear()
        self._microtasks.clear()
