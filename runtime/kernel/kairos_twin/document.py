"""The browser around the kernel: one document's geometry, scroll position, presence, the
snippets on it, and IntersectionObserver as the HTML and Chromium algorithms run it.

A page is a column of blocks whose heights do not depend on the window's width (the test
pages and the shopper model's store are laid out that way), so a scroll position, a window
height and the section boxes decide every ratio the kernel reads.
"""

from __future__ import annotations

from collections.abc import Callable


class Observer:
    """One IntersectionObserver with one target (onSection.js makes one per section)."""

    def __init__(self, document: Document, thresholds: list[float], callback: Callable):
        self.document = document
        self.thresholds = thresholds
        self.callback = callback
        self.target: tuple[int, int] | None = None
        self.previous = (-1, False)  # (threshold index, isIntersecting): a new one always reports
        self.connected = True

    def observe(self, target: tuple[int, int]) -> None:
        self.target = target
        self.document.observers.append(self)

    def disconnect(self) -> None:
        self.connected = False
        if self in self.document.observers:
            self.document.observers.remove(self)

    def entry(self) -> dict | None:
        """The entry this rendering update queues for the target, or None (no crossing)."""
        top_in_doc, height = self.target
        view = self.document.viewport_height
        top = top_in_doc - self.document.scroll_y
        bottom = top + height
        upper, lower = max(top, 0), min(bottom, view)
        intersecting = lower >= upper  # edge-adjacent counts, as in the spec
        if intersecting:
            visible = lower - upper
            ratio = visible / height if height > 0 else 1.0
            index = sum(1 for t in self.thresholds if t <= ratio)
        else:
            visible, ratio, index = 0, 0.0, 0
        if (index, intersecting) == self.previous:
            return None
        self.previous = (index, intersecting)
        return {"isIntersecting": intersecting, "intersectionRatio": ratio, "visible": visible,
                "top": top, "height": height, "rootHeight": view}


class Document:
    """One loaded page: what the kernel can read from it and what it has drawn on it."""

    def __init__(self, page: dict, device: dict, url: str):
        self.page = page
        self.url = url  # path + query
        self.viewport_height = device["viewport"][1]
        self.scroll_y = 0
        self.visible = True  # document.visibilityState (the tests' override)
        self.has_focus = True  # document.hasFocus() (the tests' override)
        self.observers: list[Observer] = []
        self.slots: dict[str, str | None] = {name: None for name in page.get("slots", ())}
        self.overlays: list[tuple[str, str]] = []  # (rule, placement) of overlays on the page
        self.alive = True

    @property
    def height(self) -> int:
        """document.scrollingElement.scrollHeight: at least the window's height."""
        return max(self.page["height"], self.viewport_height)

    def max_scroll(self) -> int:
        return max(0, self.height - self.viewport_height)

    def section(self, selector: str) -> tuple[int, int] | None:
        box = self.page.get("sections", {}).get(selector)
        return (box[0], box[1]) if box else None

    def render(self) -> None:
        """A rendering update: every observer reports a crossing; an observer made in a
        callback reports at the next update (the agreement tests' driver waits for those)."""
        for _ in range(8):
            reported = False
            for observer in list(self.observers):
                if not observer.connected or observer.target is None:
                    continue
                entry = observer.entry()
                if entry is not None:
                    reported = True
                    observer.callback(entry)
            if not reported:
                return

    # -- snippets (render/insert.js): which slot or overlay holds which rule's snippet --------
    def has_slot(self, name: str | None) -> bool:
        return name in self.slots

    def insert(self, decision: dict) -> bool:
        if decision["placement"] == "slot":
            if decision["slot"] not in self.slots:
                return False
            self.slots[decision["slot"]] = decision["rule"]
            return True
        self.overlays.append((decision["rule"], decision["placement"]))
        return True

    def withdraw(self, rule: str) -> None:
        for name, holder in self.slots.items():
            if holder == rule:
                self.slots[name] = None
        self.overlays = [o for o in self.overlays if o[0] != rule]

    def remove_snippets(self) -> None:
        self.slots = dict.fromkeys(self.slots)
        self.overlays = []
