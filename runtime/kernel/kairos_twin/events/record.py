"""Mirrors events/record.js as far as the kernel's state sees it: each event takes a random id
(and its page view one, once), which moves the page's crypto on; exposures reach the observer
(timeline.py's Recorder). Dispatching on window, dataLayer pushes and the sink (events/sink.js,
no sink on a timeline's pages) change nothing the engine or the history sees."""

from __future__ import annotations


def pageview_id(kernel, view: dict) -> str:
    """The page view's id for events (random, kept on the view)."""
    if not view["id"]:
        view["id"] = kernel.random_id()
    return view["id"]


def record(kernel, kind: str, about: dict, view: dict, history: dict, extra: dict) -> None:
    """Build and send one event: `about` is the decision (or last exposure) it concerns."""
    kernel.random_id()  # the event's id
    pageview_id(kernel, view)
    if view["context"] is None:
        view["context"] = kernel.live.read_context()
    if kind == "exposure":
        kernel.exposed(about, kernel.clock.now)
