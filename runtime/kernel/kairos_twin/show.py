"""Mirrors show.js (and the placement bookkeeping of render/insert.js): one snippet per slot
and one overlay per page view; a drawn decision, a control or a holdout is counted as an
exposure in the history."""

from __future__ import annotations

from .ahead import exposed_ahead


class Occupied(dict):
    """A JS Set of placements: iterated in insertion order (the caps history lists it)."""

    def add(self, key: str) -> None:
        self[key] = True

    def discard(self, key: str) -> None:
        self.pop(key, None)


def make_show(kernel):
    """show(decision, view, occupied) for `kernel` (a kairos_twin.kernel.Kernel).

    Its synchronous part claims the placement. The rest runs in microtasks after the caller's
    task, so show() returns it as two steps for the caller to run over all its decisions in
    turn (`settle_shown`): a control or holdout is counted in the first microtask, a drawn
    snippet is inserted in the first and counted in the second. None: the placement is taken.
    """

    def show(decision: dict, view: dict, occupied: Occupied):
        key = f"slot:{decision['slot']}" if decision["placement"] == "slot" else "overlay"
        if key in occupied:
            return None
        occupied.add(key)
        drawn = decision.get("html") is not None
        state = {"placed": False}

        def first():
            if not drawn:
                # A control or holdout counts only where the treatment could have been shown.
                finish(decision["placement"] != "slot" or kernel.document.has_slot(decision["slot"]))
                return
            state["placed"] = kernel.view is view and kernel.document.insert(decision)
            if state["placed"] and decision["placement"] == "modal":
                kernel.focus_event()  # the dialog takes focus: a focus event reaches window

        def second():
            if drawn:
                finish(state["placed"])

        def finish(placed: bool) -> None:
            if not placed:
                occupied.discard(key)
                return
            at = kernel.clock.now
            rule = decision["rule"]

            def record(history):
                history["exposures"].setdefault(rule, []).append(at)
                exposed_ahead(history, rule)

            kernel.history.mutate(at, record)
            kernel.exposed(decision, at)

        return first, second

    return show


def settle_shown(placing: list) -> None:
    """Run the microtasks of several show() calls in JS's order: every first step, then every
    second step."""
    steps = [p for p in placing if p]
    for first, _ in steps:
        first()
    for _, second in steps:
        second()
