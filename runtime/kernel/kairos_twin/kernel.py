"""Mirrors index.js: one document's kernel. It collects the signals, keeps the history, boots
the engine when the page is idle (where some rule can match), wakes it when the watch list
says so, and draws its decisions. `Browser` (timeline.py) calls the event methods in the order
the DOM dispatches the events; listeners registered by index.js run in its registration order.
"""

from __future__ import annotations

import math

from . import ahead as ahead_mod
from . import js, state
from .document import Document
from .engine_client import EngineClient
from .events.seen import Seen
from .lib.consent import Consent
from .lib.history import History, note_cart
from .lib.storage import Storage
from .page.context import read_context
from .show import Occupied, converted, make_show
from .signals.cart import CART_CHANGES, CART_EVENTS, apply_to_cart, ga4_event
from .signals.dwell import Dwell
from .signals.exit_intent import ExitIntent
from .signals.scroll import Scroll
from .signals.section import Sections
from .view import late_event, open_view
from .watch import Watch

IDLE_CALLBACK_MS = 50  # requestIdleCallback(…, {timeout: 2000}) at load, under Playwright's clock


class Live:
    """The `live` trackers state.js reads (dwell, idle, scroll, sections, consent, timezone)."""

    def __init__(self, kernel: Kernel):
        self.k = kernel
        self.zone = kernel.browser.zone

    def dwell(self):
        return self.k.dwell.dwell()

    def idle(self):
        return self.k.dwell.idle

    def scroll(self):
        return self.k.scroll.depth()

    def sections(self):
        return self.k.sections.read() if self.k.sections else {}

    def consent(self):
        return self.k.consent.granted

    def read_context(self):
        k = self.k
        return read_context(k.browser.device, k.document.url, k.referrer, k.browser.gpc)

    @property
    def timezone(self):
        return self.k.timezone

    @property
    def behavior(self):
        return self.k.behavior


class Kernel:
    """start(): the kernel of one loaded document."""

    def __init__(self, browser, document: Document, referrer: str | None, ready_at: int):
        self.browser = browser
        self.clock = browser.clock
        self.config = config = browser.config
        self.document = document
        self.referrer = referrer
        self.ready_at = ready_at  # when the engine's worker may answer (the test's release)
        self.random_count = 0
        storage = Storage(browser.profile)
        self.consent = Consent(storage, document.page.get("consent") or config["consent"], browser.gpc)
        self.history = History(storage, self.random_id, config["retentionDays"])
        self.events: list = []  # [page time, GA4 event name, params] of this document
        self.conversions: list = []  # add_to_cart and purchase events waiting for the lazy half
        self.lazy_arrived = False  # the lazy half's module is loaded (loadLazy() resolves at once)
        self.lazy_waiting: list = []  # what waits for it to arrive, in order
        self.view = None
        self.occupied = Occupied()
        self.behavior = None
        self.engine: EngineClient | None = None
        self.watch: Watch | None = None
        self.lazy = False  # the lazy half (engine client, snapshot, snippet UI) is loaded
        self.idle_armed = False
        self.booting = False
        self.sent_for: dict = {}
        self.timezone = None
        self.show = make_show(self)
        self.seen = Seen(self)
        self.live = Live(self)
        idle_ms = int(document.page.get("idle_ms") or config["idleMs"])
        self.presence = (document.visible, document.has_focus)  # onPresence's state
        self.dwell = Dwell(self.clock, self._engagement, idle_ms, *self.presence)
        self.scroll = Scroll()
        selectors = (config["watch"].get("sections") or [])
        self.sections = (Sections(selectors, self.dwell, self._section_changed, document)
                         if selectors else None)
        for entry in document.page.get("dataLayer", ()):
            self.data_layer(entry)
        self.exit_intent = ExitIntent(self._exit, browser.device.get("coarse", False))
        self.new_view(-math.inf)
        # After start() and the view's opening, the load event: the scroll depth is measured,
        # then the idle callback is requested (the engine boots only after the store's load);
        # the lazy half arrives (for sections, a view decided ahead, a conversion) and the
        # first rendering update reports sections (and what is drawn).
        self.scroll.measure(document)
        self.clock.set_timeout(self._arm_idle, IDLE_CALLBACK_MS)
        self.lazy_arrived = True
        for fn in self.lazy_waiting:
            self.clock.queue_microtask(fn)
        self.lazy_waiting = []
        self.clock.run_microtasks()
        document.render()

    def load_lazy(self, fn) -> None:
        """loadLazy().then(fn): at once (a microtask) when the lazy half is here."""
        if self.lazy_arrived:
            self.clock.queue_microtask(fn)
        else:
            self.lazy_waiting.append(fn)

    # -- the page's crypto (deterministic in the agreement tests' browser) ----------------------
    def random_id(self) -> str:
        self.random_count += 1
        return f"{self.clock.now % 2**48:012x}{self.random_count % 2**16:04x}"

    # -- listeners ---------------------------------------------------------------------------
    def _engagement(self):
        if self.watch:
            self.watch.changed("behavior.idle")

    def _section_changed(self, _selector, what):
        if self.watch:
            self.watch.changed(f"section.{what}")

    def _exit(self):
        self.behavior["exit_intent"] = True
        if self.watch:
            self.watch.changed("behavior.exit_intent")

    def input(self) -> None:
        """pointerdown, pointermove, keydown, wheel or touchstart on window."""
        self.dwell.input()

    def scrolled(self) -> None:
        """A scroll event: engaged-time input, depth, exit-intent flick; then sections."""
        self.dwell.input()
        self.scroll.measure(self.document)
        self.exit_intent.scrolled(self.clock.now, self.document.scroll_y)
        if self.document.dirty:  # render() does nothing otherwise
            self.document.render()

    def _presence(self, focused: bool | None = None) -> None:
        """lib/visibility.js update(): the page's visibility and focus (or the focus an event
        implies); the listeners hear only a change."""
        document = self.document
        now = (document.visible, document.has_focus if focused is None else focused)
        if now != self.presence:
            self.presence = now
            self.dwell.presence(*now)

    def visibility_changed(self) -> None:
        """visibilitychange: onPresence's capture listener, index.js's own, then those of the
        snippets being measured (events/seen.js)."""
        self._presence()
        if not self.document.visible:
            self.behavior["hidden_count"] += 1
            self.save_dwell()
            if self.watch:
                self.watch.changed("behavior.hidden_count")
        self.seen.visibility_changed()

    def focus_event(self) -> None:
        """A focus event reaching window's capture listener: the window's, or an element's
        (a modal's dialog takes focus when drawn)."""
        self._presence(True)

    def blur_event(self) -> None:
        self._presence(False)

    def copy(self) -> None:
        self.behavior["copied"] = True
        if self.watch:
            self.watch.changed("behavior.copied")

    def click(self, name: str | None) -> None:
        if name is None:
            return
        self.behavior["clicks"][name] = self.behavior["clicks"].get(name, 0) + 1
        if self.watch:
            self.watch.changed("clicks")

    def pointer_out_top(self) -> None:
        self.exit_intent.pointer_out_top()

    def pagehide(self) -> None:
        self._presence(False)  # onPresence: a page being left is not being looked at
        self.save_dwell()

    # -- e-commerce events ---------------------------------------------------------------------
    def data_layer(self, entry) -> None:
        """One dataLayer entry, pushed before the kernel started or after."""
        event = ga4_event(entry)
        if event is not None and event[0] in CART_EVENTS:
            self.ecommerce(*event)

    def ecommerce(self, name: str, params) -> None:
        """Every e-commerce event (GA4's dataLayer, kairos.track), in order."""
        now = self.clock.now
        self.events.append((now, name, params))
        if self.cart_event(name, params) and self.watch:
            self.watch.changed("cart")
        if self.view and late_event(self.view, name, params, self.history, now):
            if self.watch:
                self.watch.changed("page.type")
            self.idle()  # the engine may be worth booting on this page type
        if name in ("add_to_cart", "purchase"):
            self.conversions.append((name, params))
            self.convert()

    def convert(self) -> None:
        """Conversions are attributed by the lazy half, once their view is open."""
        if not self.view or not self.conversions:
            return

        def attribute():
            self.use_lazy()
            if self.view:
                waiting, self.conversions = self.conversions, []
                for name, params in waiting:
                    converted(self, name, params, self.view)

        self.load_lazy(attribute)

    def cart_event(self, name: str, params) -> bool:
        if name not in CART_CHANGES:
            return False
        changed = False
        now = self.clock.now

        def change(record):
            nonlocal changed
            changed = apply_to_cart(record["cart"], name, params)
            if changed:
                record["cartAt"] = now
                note_cart(record["cart"], self.browser.profile)

        self.history.mutate(now, change)
        return changed

    def save_dwell(self) -> None:
        view = self.view
        if not view or not view["product"]:
            return
        total = view["productDwellBefore"] + math.floor(self.dwell.dwell())
        key = view["product"]["id"]

        def change(record):
            entry = record["products"].get(key if isinstance(key, str) else str(key))
            if entry:
                entry["dwell"] = max(entry["dwell"], total)

        self.history.mutate(self.clock.now, change)

    # -- page views ------------------------------------------------------------------------------
    def new_view(self, since: float) -> None:
        """Open a page view: at load, and after each SPA navigation (the view chunk and the
        parsed document are there by then). The kernel reads the page's markup at once and
        opens the view in a task it posts (index.js, nextTask); nothing of a timeline comes
        between the two, so here it opens at once."""
        if self.view:
            self.save_dwell()
            if self.lazy:
                self.document.remove_snippets()  # boot.js removeSnippets: hosts, and their seen()
                self.seen.unseen()
            self.sent_for = {}
            self.dwell.reset()
            self.scroll.reset(self.document)
            if self.sections:
                self.sections.reset(self.document)
            self.exit_intent.reset()
            if self.watch:
                self.watch.dispose()
        self.view = None
        self.watch = None
        self.occupied = Occupied()
        self.behavior = {"exit_intent": False, "hidden_count": 0, "copied": False, "clicks": {}}
        now = self.clock.now
        self.events = [e for e in self.events if e[0] >= since]
        document = self.document
        self.view = view = open_view(now, self.history, document.page, document.url, self.events,
                                     self.random_id)
        self.arm_watching()
        if view["ahead"] and self.config["ahead"]:
            self.load_lazy(lambda: self.draw_ahead(view))
        self.wake("pageview")
        self.convert()  # conversions pushed before the view opened
        self.idle()  # an SPA view may be a page type where rules apply

    def draw_ahead(self, view: dict) -> None:
        """ahead.js applyAhead, then wake("ahead"): the decisions kept for this view are drawn
        before its first update goes out; their tracking starts in later microtasks."""
        self.use_lazy()
        if self.view is not view:
            return
        ahead_mod.apply_ahead(view, self.occupied, self.show, self.config["version"])
        self.wake("ahead")

    def drawn(self, decision: dict, view: dict) -> None:
        """kairos:decision: a decision reached the page (drawn, or a control in its place)."""
        self.browser.drawn(decision, self.clock.now, view["start"])

    def arm_watching(self) -> None:
        if not self.lazy or not self.view or self.watch:
            return
        view = self.view
        self.watch = Watch(self.config["watch"], self.dwell, self.scroll, self.sections, view, self.wake)

    def use_lazy(self) -> None:
        self.lazy = True
        self.arm_watching()

    def wake(self, reason: str) -> None:
        engine = self.engine
        if not engine or not self.view:
            return
        if not engine.ready:
            engine.seq += 1  # held, then dropped at ready: not worth building
            return
        at = self.clock.now
        history = self.history
        update = state.update(reason, at, self.view, history.read(at), self.live, self.occupied,
                              self.config["ahead"], history.derived)
        self.sent_for[engine.send(update)] = self.view

    # -- the engine ------------------------------------------------------------------------------
    def _arm_idle(self) -> None:
        self.idle_armed = True
        self.idle()

    def worth_booting(self) -> bool:
        pages = self.config.get("pages")
        return not pages or self.view["type"] in pages

    def idle(self) -> None:
        if not self.idle_armed or self.booting or not self.worth_booting():
            return
        self.booting = True
        self.use_lazy()
        self.engine = EngineClient()
        self.browser.spawned(self, max(self.clock.now, self.ready_at))

    def engine_ready(self, engine) -> None:
        """The worker's `ready`: a fresh update follows (a microtask)."""
        self.engine.start(engine)
        self.timezone = self.browser.timezone
        self.wake("ready")

    def decisions(self, seq: int, reply: dict) -> None:
        """One answer of the engine (its own task)."""
        about = self.sent_for.pop(seq, None)
        if about is self.view and reply.get("type") == "decisions":
            ahead_mod.settle(reply, self.view, self.occupied, self.history, self.document, self.seen,
                             self.config["version"], self.clock.now)
            for decision in reply.get("decisions") or ():
                self.show(decision, self.view, self.occupied)
        self.clock.run_microtasks()

    def exposed(self, decision: dict, at: int) -> None:
        self.browser.exposed(decision, at)

    # -- the host API ----------------------------------------------------------------------------
    def track(self, name: str, params) -> None:
        self.ecommerce(name, params if js.truthy(params) else {})
        self.wake(f"track:{name}")

    def set_consent(self, on: bool) -> None:
        self.consent.set(on, self.erase_all)

    def erase_all(self) -> None:
        self.history.forget()
        self.sent_for = {}

