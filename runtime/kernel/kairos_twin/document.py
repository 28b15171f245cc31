"""The browser around the kernel: one document's geometry, scroll position, presence, the
snippets on it, and IntersectionObserver as the HTML and Chromium algorithms run it.

A page is a column of blocks whose heights do not depend on the window's width (the test
pages and the shopper model's store are laid out that way): sections and the slots placed in
the column (`column_slots`: [top, height]), plus a panel fixed at the window's top right with
the other slots (`slots`), each 20 px tall, so always in view. A snippet's host fills its slot
(the pages size hosts to their slot: the space a store reserves), so a drawn snippet never
moves the page and is placed at once (render/insert.js: it fits). An overlay's card sits
inside the window (fixed, at most 85 % of its height: snippets.css); what an overlay or a
slot shows is measured on that box. So a scroll position, a window height and the boxes
decide every ratio the kernel reads (sections, and events/seen.js's "seen").
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from typing import NamedTuple

PANEL_SLOT_HEIGHT = 20


class Box(NamedTuple):
    """An element's box: its top in the document (or in the window, when `fixed`) and height."""

    top: int
    height: int
    fixed: bool = False


# An overlay's card: fixed and wholly inside the window, whatever its size.
CARD = Box(0, 1, fixed=True)


def _entry(document: Document, box: Box, thresholds: list[float], previous: tuple) -> tuple:
    """(entry or None, state): what a rendering update queues for a target in `box`, given
    the (threshold index, isIntersecting) it last reported; None when nothing crossed."""
    top_in_doc, height, fixed = box
    view = document.viewport_height
    top = top_in_doc if fixed else top_in_doc - document.scroll_y
    bottom = top + height
    upper, lower = max(top, 0), min(bottom, view)
    intersecting = lower >= upper  # edge-adjacent counts, as in the spec
    if intersecting:
        visible = lower - upper
        ratio = visible / height if height > 0 else 1.0
        index = bisect_right(thresholds, ratio)  # how many thresholds <= ratio (they are sorted)
    else:
        visible, ratio, index = 0, 0.0, 0
    if (index, intersecting) == previous:
        return None, previous
    return ({"isIntersecting": intersecting, "intersectionRatio": ratio, "visible": visible, "top": top,
             "height": height, "rootHeight": view}, (index, intersecting))


class Observer:
    """One IntersectionObserver with one target (onSection.js makes one per section)."""

    def __init__(self, document: Document, thresholds: list[float], callback: Callable):
        self.document = document
        self.thresholds = thresholds
        self.callback = callback
        self.target: Box | None = None
        self.previous = (-1, False)  # (threshold index, isIntersecting): a new one always reports
        self.connected = True

    def observe(self, target: Box | tuple) -> None:
        self.target = Box(*target)
        self.document.observers.append(self)
        self.document.dirty = True

    def disconnect(self) -> None:
        self.connected = False
        if self in self.document.observers:
            self.document.observers.remove(self)

    def forget_column(self) -> None:
        if self.target is not None and not self.target.fixed:
            self.target = None  # the old route's element is gone

    def report(self) -> bool:
        """Deliver this rendering update's entry, if any; True if one was delivered."""
        if not self.connected or self.target is None:
            return False
        entry, self.previous = _entry(self.document, self.target, self.thresholds, self.previous)
        if entry is None:
            return False
        self.callback(entry)
        return True


class SharedObserver:
    """One IntersectionObserver with many targets (events/seen.js's): a rendering update's
    entries come in one callback, in the order the targets were observed. A target is a key
    (the element's identity) and its box."""

    def __init__(self, document: Document, thresholds: list[float], callback: Callable):
        self.document = document
        self.thresholds = thresholds
        self.callback = callback
        self.targets: dict = {}  # key -> [box, previous]

    def observe(self, key, box: Box) -> None:
        self.targets.pop(key, None)
        self.targets[key] = [box, (-1, False)]
        if self not in self.document.observers:
            self.document.observers.append(self)
        self.document.dirty = True

    def unobserve(self, key) -> None:
        self.targets.pop(key, None)

    def forget_column(self) -> None:
        for key in [k for k, (box, _) in self.targets.items() if not box.fixed]:
            del self.targets[key]  # the old route's elements are gone

    def report(self) -> bool:
        entries = []
        for key, target in list(self.targets.items()):
            entry, target[1] = _entry(self.document, target[0], self.thresholds, target[1])
            if entry is not None:
                entries.append((key, entry))
        if entries:
            self.callback(entries)
        return bool(entries)


class Document:
    """One loaded page: what the kernel can read from it and what it has drawn on it."""

    def __init__(self, page: dict, device: dict, url: str):
        self.page = page
        self.url = url  # path + query
        self.viewport_height = device["viewport"][1]
        # document.scrollingElement.scrollHeight: at least the window's height (per page).
        self.height = max(page["height"], self.viewport_height)
        self.scroll_y = 0  # window.scrollY: set it with scroll_to() (observers measure it)
        self.dirty = True  # something an observer measures may have changed since the last update
        self.visible = True  # document.visibilityState (the tests' override)
        self.has_focus = True  # document.hasFocus() (the tests' override)
        self.observers: list[Observer] = []
        self.panel = list(page.get("slots", ()))  # the loaded page's panel: it outlives SPA routes
        self.hosts: dict[str, dict] = {}  # slot name -> the host drawn in it
        self.overlays: list[dict] = []  # hosts of overlays on the page
        self.alive = True

    def scroll_to(self, y: int) -> None:
        """The window scrolls to `y`: what observers measure has moved."""
        self.scroll_y = y
        self.dirty = True

    def max_scroll(self) -> int:
        return max(0, self.height - self.viewport_height)

    def section(self, selector: str) -> Box | None:
        box = self.page.get("sections", {}).get(selector)
        return Box(box[0], box[1]) if box else None

    def route(self, page: dict, url: str) -> None:
        """An SPA route change: the column's content is the new page's; the panel stays."""
        self.page = page
        self.url = url
        self.height = max(page["height"], self.viewport_height)
        for observer in self.observers:
            observer.forget_column()
        for name in [name for name in self.hosts if name not in self.panel]:
            self.hosts.pop(name)["connected"] = False

    def render(self) -> None:
        """A rendering update: every observer reports a crossing; an observer made in a
        callback reports at the next update (the agreement tests' driver waits for those).
        Nothing crosses unless the scroll position or the observed targets changed."""
        if not self.dirty:  # most rendering updates: nothing moved
            return
        for _ in range(8):
            if not self.dirty:
                return
            self.dirty = False
            for observer in list(self.observers):
                observer.report()

    # -- snippets (render/insert.js): which slot or overlay holds which rule's snippet --------
    def slot_box(self, name: str | None) -> Box | None:
        """findSlot(name)'s box, or None when the page has no such slot (the panel comes first
        in the document)."""
        if name in self.panel:
            return Box(self.panel.index(name) * PANEL_SLOT_HEIGHT, PANEL_SLOT_HEIGHT, fixed=True)
        box = self.page.get("column_slots", {}).get(name)
        return Box(box[0], box[1]) if box else None

    def insert(self, decision: dict) -> dict | None:
        """Draw `decision`: {host, target}, the target being the element whose visibility
        counts as (its key, its box), or None when its slot is absent."""
        host = {"rule": decision["rule"], "connected": True}
        key = ("host", id(host))
        if decision["placement"] == "slot":
            box = self.slot_box(decision["slot"])
            if box is None:
                return None
            old = self.hosts.get(decision["slot"])
            if old:
                old["connected"] = False  # replaceChildren
            self.hosts[decision["slot"]] = host
            return {"host": host, "target": (key, box)}
        self.overlays.append(host)
        return {"host": host, "target": (key, CARD)}

    def has_host(self, slot: str | None) -> bool:
        return slot in self.hosts

    def withdraw(self, rule: str) -> None:
        for name, host in list(self.hosts.items()):
            if host["rule"] == rule:
                host["connected"] = False
                del self.hosts[name]
        for host in self.overlays:
            if host["rule"] == rule:
                host["connected"] = False
        self.overlays = [h for h in self.overlays if h["connected"]]

    def remove_snippets(self) -> None:
        for host in [*self.hosts.values(), *self.overlays]:
            host["connected"] = False
        self.hosts = {}
        self.overlays = []
