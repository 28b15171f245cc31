"""Visitors' timelines -> training samples: the signal state the engine sees at each of its
wake-ups, as features (kairos_engine.features), labelled by whether the session reaches the
target event after that moment.

Each trace is replayed as `simulate` replays it (the kernel's twin and the real engine,
analytics/simulate/engine.py), over a rule set that never shows anything but wakes the engine
whenever an input of the features changes and at a grid of dwell and scroll thresholds. The
target event is read off the timeline itself: a GA4 event pushed to `dataLayer` or a
`kairos.track` call of that name. States at or after the session's first target event are
dropped (the question is asked before the answer is known).
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from kairos_engine import features
from kairos_twin import Browser
from kairos_twin.timeline import epoch

from analytics.simulate.engine import RuleSet
from compiler.api import generate_module, kernel_settings

SECOND = 1000
# Where training looks at a page view between discrete changes: dwell (page and product) at
# these seconds, scroll at every 10 %.
DWELL_GRID_S = (1, 2, 3, 5, 8, 12, 18, 27, 40, 60, 90, 135, 200, 300)
SCROLL_GRID = tuple(range(10, 101, 10))


def sampling_rules() -> RuleSet:
    """A one-rule set whose condition never holds and whose watch list is every input of the
    features: the engine is woken exactly where a model's inputs move."""
    dwell = [[s * SECOND, ">="] for s in DWELL_GRID_S]
    steps = [key for key in features.inputs(features.NAMES) if key not in features.CONTINUOUS_INPUTS]
    watch = {"signals": steps, "sections": [],
             "thresholds": {"page.dwell": dwell, "product.dwell": dwell,
                            "page.scroll": [[p, ">="] for p in SCROLL_GRID]}}
    rule = {"id": "training-sample", "source": {"file": "<training>", "line": 1}, "moment": None,
            "enabled": True, "priority": 0, "when": {"op": "lit", "type": "bool", "value": False},
            "show": {"snippet": "none", "placement": "corner", "slot": None, "params": {}},
            "limit": [], "cooldown": None, "schedule": None, "variants": [], "holdout": 0,
            "watch": watch, "ahead": False}
    ir = {"ir_version": 1, "sources": [], "rules": [rule], "watch": watch}
    return RuleSet(ir=ir, source=generate_module(ir), config={**kernel_settings(ir), "version": "train"})


@dataclass
class Samples:
    """Feature rows with their labels, the visitor each came from, and its page type. Rows are
    one flat array of doubles (len(features.NAMES) per row): 8 bytes a value, not a float object."""

    values: array = field(default_factory=lambda: array("d"))
    labels: array = field(default_factory=lambda: array("b"))
    visitors: list[str] = field(default_factory=list)
    page_types: list[str] = field(default_factory=list)
    sessions: int = 0  # sessions replayed
    reached: int = 0  # of which reached the target
    events: set = field(default_factory=set)  # every event name seen (to name a mistyped target)

    def __len__(self) -> int:
        return len(self.labels)

    @property
    def rows(self):
        """The rows as a (samples, features) numpy array over the same memory."""
        import numpy as np

        return np.frombuffer(self.values, dtype=float).reshape(len(self.labels), len(features.NAMES))


class _Sampler:
    """The twin's observer: the signal state of every update the engine answered."""

    def __init__(self):
        self.states: list[dict] = []

    def answered(self, update: dict, reply: dict, engine) -> None:
        self.states.append(update["signals"])

    def exposed(self, decision: dict, at: int) -> None:
        pass

    def viewed(self, view: dict) -> None:
        pass


def events_of(trace: dict) -> list[tuple[int, str]]:
    """(ms since start, name) of the GA4 events and `kairos.track` calls of a timeline."""
    out = []
    for step in trace["steps"]:
        if step["do"] == "push":
            event = step.get("event")
            name = event.get("event") if isinstance(event, dict) else (
                event[1] if isinstance(event, list) and len(event) > 1 and event[0] == "event" else None)
        elif step["do"] == "track":
            name = step.get("name")
        else:
            continue
        if isinstance(name, str):
            out.append((step["at"], name))
    return out


def collect(traces: Iterable[dict], pages, target: str, rules: RuleSet | None = None) -> Samples:
    """Replay every trace (`pages`: a dict, or a function of the trace for generated visitors)
    and keep its labelled samples."""
    rules = rules or sampling_rules()
    make_engine = rules.engines()
    out = Samples()
    for number, trace in enumerate(traces):
        sampler = _Sampler()
        Browser(rules.config, make_engine, pages(trace) if callable(pages) else pages, sampler).run(trace)
        visitor = str(trace.get("visitor", number))
        _label(trace, sampler.states, target, visitor, out)
    return out


def _label(trace: dict, states: list[dict], target: str, visitor: str, out: Samples) -> None:
    start = epoch(trace)
    steps = trace["steps"]
    sessions = (trace.get("truth") or {}).get("sessions") or [[0, steps[-1]["at"] if steps else 0]]
    bounds = [begin for begin, _ in sessions]
    events = events_of(trace)
    out.events.update(name for _, name in events)
    firsts: dict[int, int] = {}  # session -> when it first reached the target
    for at, name in events:
        number = max(0, bisect_right(bounds, at) - 1)
        if name == target and number not in firsts:
            firsts[number] = at
    out.sessions += len(sessions)
    out.reached += len(firsts)
    for signals in states:
        at = signals["now"] - start
        number = max(0, bisect_right(bounds, at) - 1)
        reached = firsts.get(number)
        if reached is not None and at >= reached:
            continue
        out.values.extend(features.vector(signals))
        out.labels.append(1 if reached is not None else 0)
        out.visitors.append(visitor)
        out.page_types.append(signals.get("page.type") or "other")
