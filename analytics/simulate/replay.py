"""One visitor's trace through the kernel's twin and the real engine -> counters (tally.py):
what each rule did in each session, measured against the trace's ground truth."""

from __future__ import annotations

from bisect import bisect_right

from kairos_engine.caps import in_schedule, within_caps
from kairos_twin import Browser
from kairos_twin.timeline import epoch

from .tally import Tally

MAX_STEPS = 6  # page views per session drawn in the journey map; later views end the path
END_PURCHASE, END_CART, END_EXIT = "end: purchase", "end: cart left", "end: exit"


class Observer:
    """Watches one replay: per update, which rules held and why the unshown ones were not
    shown; per exposure, which rule was counted when."""

    def __init__(self, start: int, sessions: list):
        self.start = start
        self.bounds = [s[0] for s in sessions]
        self.sessions = [{"eligible": set(), "capped": set(), "schedule": set(), "priority": set(),
                          "placement": set(), "unseen": set()} for _ in sessions]
        self.exposures: list[tuple[int, str, str | None]] = []
        # (at, rule, page view start) of every decision the engine made, and (at, rule, page
        # view start) of those that reached the page (drawn, or a control in its place).
        self.decided: list[tuple[int, str, int]] = []
        self.drawn_at: list[tuple[int, str, int]] = []
        self.drawn_on: set[tuple[int, str]] = set()  # (page view start, rule) drawn there

    def session(self, at: int) -> dict:
        return self.sessions[max(0, bisect_right(self.bounds, at - self.start) - 1)]

    def answered(self, update: dict, reply: dict, adapter) -> None:
        engine = adapter.engine
        if reply.get("type") != "decisions":
            return
        facts = self.session(update["now"])
        decided = {d["rule"] for d in reply["decisions"]}
        view = update["history"]["pageview_start"]
        self.decided += [(update["now"] - self.start, rule, view) for rule in decided]
        signals, history, now = update["signals"], update["history"], update["now"]
        occupied = history.get("occupied", ())
        for index, holds in enumerate(engine.truth):
            if not holds:
                continue
            rule = engine.rules[index]
            rule_id = rule["id"]
            facts["eligible"].add(rule_id)
            # Already on this page view: counted, or drawn and waiting to be seen (its own
            # snippet holds the slot or overlay then): not news, and not a loss.
            if rule_id in decided or _shown_on_this_view(history, rule_id) or \
                    (history.get("pageview_start"), rule_id) in self.drawn_on:
                continue
            show = rule["show"]
            key = "slot:" + show["slot"] if show["placement"] == "slot" else "overlay"
            if not in_schedule(rule.get("schedule"), signals):
                facts["schedule"].add(rule_id)
            elif not within_caps(rule, history, now):
                facts["capped"].add(rule_id)
            elif key in occupied:
                facts["placement"].add(rule_id)
            else:
                facts["priority"].add(rule_id)

    def exposed(self, decision: dict, at: int) -> None:
        self.exposures.append((at - self.start, decision["rule"], decision.get("variant")))

    def drawn(self, decision: dict, at: int, view_start: int) -> None:
        self.drawn_at.append((at - self.start, decision["rule"], view_start))
        self.drawn_on.add((view_start, decision["rule"]))

    def viewed(self, view: dict) -> None:
        pass


def _shown_on_this_view(history: dict, rule_id: str) -> bool:
    """A rule is shown at most once per page view: holding again after that is not news."""
    start = history.get("pageview_start", 0)
    return any(ts >= start for ts in history.get("exposures", {}).get(rule_id, ()))


def replay(trace: dict, pages: dict, rules, make_engine, tally: Tally) -> None:
    """Replay `trace` (a timeline with its ground truth) and add what happened to `tally`."""
    truth = trace.get("truth") or {}
    steps = trace["steps"]
    sessions = truth.get("sessions") or [[0, steps[-1]["at"] if steps else 0]]
    observer = Observer(epoch(trace), sessions)
    Browser(rules.config, make_engine, pages, observer).run(trace)
    device = trace.get("device")
    group = (device if isinstance(device, str) else "custom", trace.get("shopper") or "unknown")
    count(truth, sessions, observer, rules.moments, group, tally)


def count(truth: dict, sessions: list, observer: Observer, moments: dict, group: tuple, tally: Tally) -> None:
    """Add one visitor's sessions to `tally` (times relative to the timeline's start)."""
    episodes = truth.get("episodes") or []
    views = truth.get("views") or []
    conversions = truth.get("conversions") or []
    exposures = observer.exposures
    for number, (begin, end) in enumerate(sessions):
        facts = observer.sessions[number]
        tally[("sessions", group)] += 1
        events = {event for event, at in conversions if begin <= at <= end}
        for event in events:
            tally[("converted", group, event)] += 1
        fired = [(at, rule, variant) for at, rule, variant in exposures if begin <= at <= end]
        drawn = [(at, rule, view) for at, rule, view in observer.drawn_at if begin <= at <= end]
        reached = {(at, rule) for at, rule, _ in drawn}
        on_view = {(view, rule) for _, rule, view in drawn}
        for at, rule, view in observer.decided:  # decided, but the page had no such slot, or it was taken
            # (decided again while its snippet, drawn on this view, waited to be seen: not lost)
            if begin <= at <= end and (at, rule) not in reached and (view, rule) not in on_view:
                facts["placement"].add(rule)
        facts["unseen"] = {rule for _, rule, _ in drawn} - {rule for _, rule, _ in fired}
        here = [e for e in episodes if begin <= e[1] <= end]
        for moment, _, _ in here:
            tally[("episodes", group, moment)] += 1
        by_rule: dict[str, list] = {}
        for at, rule, variant in fired:
            by_rule.setdefault(rule, []).append((at, variant))
        for metric in ("eligible", "capped", "schedule", "priority", "placement", "unseen"):
            for rule in facts[metric]:
                tally[("rule", group, rule, metric)] += 1
        for rule, shots in by_rule.items():
            tally[("rule", group, rule, "fired")] += 1
            tally[("rule", group, rule, "firings")] += len(shots)
            for _, variant in shots:
                kind = variant if variant in ("control", "holdout") else "shown"
                tally[("rule", group, rule, kind)] += 1
            moment = moments.get(rule)
            if moment:
                mine = [e for e in here if e[0] == moment]
                for at, _ in shots:
                    hit = any(s <= at <= e for _, s, e in mine)
                    tally[("rule", group, rule, "tp" if hit else "fp")] += 1
                for _, s, e in mine:
                    first = next((at for at, _ in shots if s <= at <= e), None)
                    if first is not None:
                        tally[("rule", group, rule, "caught")] += 1
                        tally[("delay", group, rule, (first - s) // 1000)] += 1
        rules = sorted(by_rule)
        for i, a in enumerate(rules):
            for b in rules[i + 1:]:
                tally[("both", group, a, b)] += 1
        _journey(group, [v for v in views if begin <= v[0] <= end], fired, events, tally)


def _journey(group, views: list, fired: list, events: set, tally: Tally) -> None:
    """The session's path through (page type, moment) nodes, its end, and where rules fired."""
    nodes = [f"{kind} · {moment}" if moment else kind for _, kind, moment in views[:MAX_STEPS]]
    end = END_PURCHASE if "purchase" in events else END_CART if "add_to_cart" in events else END_EXIT
    path = [*nodes, end]
    for step in range(len(path) - 1):
        tally[("link", group, step, path[step], path[step + 1])] += 1
    times = [v[0] for v in views]
    for at, rule, _ in fired:
        step = bisect_right(times, at) - 1
        if 0 <= step < len(nodes):
            tally[("trigger", group, rule, step, nodes[step])] += 1
