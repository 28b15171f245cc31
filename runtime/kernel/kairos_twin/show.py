"""Mirrors show.js (with render/insert.js's placement): one snippet per slot and one overlay
per page view. A decision is drawn (or, for a control or holdout, not drawn) at once; it is
counted as an exposure once seen (events/seen.py): in the history, where caps count it from
that moment, with the session's last exposure kept for conversions (`last`)."""

from __future__ import annotations

from . import js
from .ahead import exposed_ahead
from .events.record import pageview_id, record
from .lib.history import note_last
from .page.product import prop


class Occupied(dict):
    """A JS Set of placements: iterated in insertion order (the caps history lists it)."""

    def add(self, key: str) -> None:
        self[key] = True

    def discard(self, key: str) -> None:
        self.pop(key, None)


def _last_exposure(kernel, decision: dict, at: int, history: dict, view: dict) -> dict:
    sessions = history["sessions"]
    last = {"rule": decision["rule"]}
    if "snippet" in decision:  # JSON leaves out an undefined field
        last["snippet"] = decision["snippet"]
    last |= {"variant": decision.get("variant"), "placement": decision["placement"],
             "slot": decision.get("slot"), "ts": at, "session": sessions[-1]["id"] if sessions else None,
             "pageview": pageview_id(kernel, view), "orders": []}
    return last


def make_show(kernel):
    """show(decision, view, occupied) for `kernel` (a kairos_twin.kernel.Kernel): the
    placement is claimed and the snippet drawn at once; its tracking starts in a microtask."""

    def show(decision: dict, view: dict, occupied: Occupied) -> None:
        slotted = decision["placement"] == "slot"
        key = f"slot:{decision['slot']}" if slotted else "overlay"
        if key in occupied:
            return
        box = kernel.document.slot_box(decision["slot"]) if slotted else None
        if slotted and box is None:
            return  # no such slot here: nothing shown or counted
        occupied.add(key)
        if decision.get("html") is None:
            # A control or holdout is counted where and when the treatment would have been seen.
            placed = {"host": None, "target": (("slot", decision["slot"]), box) if slotted else None}
        else:
            placed = kernel.document.insert(decision)
            if placed and decision["placement"] == "modal":
                kernel.focus_event()  # the dialog takes focus: a focus event reaches window

        def track() -> None:
            if not placed or kernel.view is not view:
                return
            kernel.drawn(decision, view)
            kernel.seen.when_seen(decision["rule"], placed["target"], seen)

        def seen(at: int, interacted: bool) -> None:
            # A snippet removed meanwhile (withdrawn) was not seen, unless the shopper closed it.
            host = placed["host"]
            if kernel.view is not view or (not interacted and host and not host["connected"]):
                return
            rule = decision["rule"]

            def count(history):
                history["exposures"].setdefault(rule, []).append(at)
                exposed_ahead(history, rule)
                history["last"] = _last_exposure(kernel, decision, at, history, view)
                note_last(history["last"], kernel.browser.profile)

            history = kernel.history.mutate(at, count)
            record(kernel, "exposure", decision, view, history, {})

        kernel.clock.queue_microtask(track)

    return show


def converted(kernel, name: str, params, view: dict) -> None:
    """A GA4 add_to_cart or purchase: a conversion of the session's last exposure, if any; a
    purchase is counted once per transaction_id (the thank-you page reloaded)."""
    order = prop(params, "transaction_id")
    order = js.string(order) if order is not None else None
    last = None

    def attribute(history):
        nonlocal last
        sessions = history["sessions"]
        kept = history.get("last")
        if not kept or not sessions or kept["session"] != sessions[-1]["id"]:
            return
        if name == "purchase" and order:
            orders = kept.get("orders") or []
            if order in orders:
                return
            kept["orders"] = [*orders, order][-10:]
            note_last(kept, kernel.browser.profile)
        last = kept

    history = kernel.history.mutate(kernel.clock.now, attribute)
    if last is not None:
        record(kernel, "conversion", last, view, history, {})
