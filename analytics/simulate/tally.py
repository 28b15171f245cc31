"""Streaming aggregates of replayed sessions: integer counters only, keyed by (device, shopper
type), so partitions add up to the same totals in any order and memory does not grow with the
number of sessions.

Keys (tuples in one Counter):
    ("sessions", group)                                  sessions replayed
    ("converted", group, event)                          sessions with an add_to_cart / purchase
    ("rule", group, rule, metric)                        sessions (or events) per rule, below
    ("delay", group, rule, seconds)                      moment start -> first trigger, whole s
    ("episodes", group, moment)                          ground-truth moment episodes
    ("both", group, rule_a, rule_b)                      sessions where both fired (a < b)
    ("link", group, step, source, target)                journey map: sessions from node to node
    ("trigger", group, rule, step, node)                 journey map: triggers at a node

Rule metrics: eligible (its condition held at some update of the session), fired (a decision
for it was counted: shown, control or holdout), firings, shown, control, holdout (events),
capped, schedule, priority, placement (sessions where it held but caps, its schedule, a
higher-priority rule in the same evaluation, or its placement kept it out: the slot or overlay
already taken, or no such slot on the page),
tp and fp (firings in / not in its declared moment), caught (episodes of its moment during
which it fired).
"""

from __future__ import annotations

from collections import Counter

RULE_METRICS = ("eligible", "fired", "firings", "shown", "control", "holdout", "capped", "schedule",
                "priority", "placement", "tp", "fp", "caught")


class Tally(Counter):
    """A Counter whose merge is addition (Counter.update)."""

    def merge(self, other: Counter) -> Tally:
        self.update(other)
        return self
