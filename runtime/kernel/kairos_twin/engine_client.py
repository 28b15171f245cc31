"""Mirrors engineClient.js (and lib/spawn.js): updates before the engine is ready are held
(only the newest, and dropped at ready, which gets a fresh update); afterwards each update is
answered in order, each answer its own task after the task that sent it."""

from __future__ import annotations


class EngineClient:
    """The kernel's side of one document's engine; `outbox` holds updates not yet answered."""

    def __init__(self):
        self.ready = False
        self.seq = 0
        self.outbox: list[tuple[int, dict]] = []
        self.engine = None  # made at ready: each page load boots its own engine

    def send(self, update: dict) -> int:
        self.seq += 1
        if self.ready:
            self.outbox.append((self.seq, update))
        return self.seq

    def start(self, engine) -> None:
        self.ready = True
        self.engine = engine
