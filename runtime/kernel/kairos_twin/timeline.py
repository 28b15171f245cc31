"""The raw-timeline format, and `Browser`: a shopper's browser driven through a timeline.

A timeline is what one shopper does, in page time (docs/contracts.md, "Raw timelines"):

    {"start": "2030-05-06T10:00:00" | epoch ms, "timezone": "Europe/Berlin",
     "device": "desktop" | "mobile" | "tablet" | {...}, "language": "en-US", "gpc": false,
     "steps": [{"at": ms since start, "do": "open", "page": NAME, ...}, ...]}

over a set of pages (`{NAME: {"url", "height", "sections", "slots", "jsonld", ...}}`). The
browser model fires the page's timers (clock.py) between steps; the engine becomes ready
`ready` ms after each page load (the agreement tests release the worker then). SPA route
changes (`navigate`) mirror lib/navigation.js. Format: docs/contracts.md section 8.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from .clock import Clock
from .document import Document
from .formats import UnknownFormat, with_formats
from .kernel import Kernel
from .lib.storage import Profile

DEVICES = {
    "desktop": {"viewport": [1280, 720], "screen": [1280, 720], "coarse": False},
    "mobile": {"viewport": [390, 844], "screen": [390, 844], "coarse": True},
    "tablet": {"viewport": [820, 1180], "screen": [820, 1180], "coarse": True},
}
STEPS = ("open", "close", "navigate", "scroll", "input", "key", "hide", "show", "blur", "focus",
         "push", "track", "exit", "copy", "click", "consent", "wait")
DEFAULT_READY_MS = 2000


class TimelineError(ValueError):
    """A timeline or page that does not follow the format; the message says where and why."""


def device_of(timeline: dict) -> dict:
    device = timeline.get("device", "desktop")
    if isinstance(device, str):
        if device not in DEVICES:
            raise TimelineError(f"unknown device {device!r} (one of {', '.join(DEVICES)})")
        device = DEVICES[device]
    return {**device, "language": timeline.get("language", "en-US")}


def start_of(timeline: dict, zone: ZoneInfo) -> int:
    start = timeline.get("start")
    if isinstance(start, int) and not isinstance(start, bool):
        return start
    if not isinstance(start, str):
        raise TimelineError("`start` must be a local date-time (2030-05-06T10:00:00) or epoch ms")
    try:
        local = datetime.fromisoformat(start)
    except ValueError as error:
        raise TimelineError(f"`start`: {error}") from None
    return int(local.replace(tzinfo=zone).timestamp() * 1000)


def epoch(timeline: dict) -> int:
    """The timeline's start in epoch ms."""
    try:
        zone = ZoneInfo(timeline.get("timezone", "UTC"))
    except (ValueError, KeyError) as error:
        raise TimelineError(f"unknown timezone {timeline.get('timezone')!r}") from error
    return start_of(timeline, zone)


def check(timeline: dict, pages: dict) -> None:
    """Raise TimelineError unless `timeline` is well formed against `pages`."""
    if not isinstance(timeline, dict) or not isinstance(timeline.get("steps"), list):
        raise TimelineError("a timeline is an object with a list of `steps`")
    last = 0
    for index, step in enumerate(timeline["steps"]):
        where = f"step {index + 1}"
        if not isinstance(step, dict) or step.get("do") not in STEPS:
            raise TimelineError(f"{where}: `do` must be one of {', '.join(STEPS)}")
        at = step.get("at")
        if not isinstance(at, int) or isinstance(at, bool) or at < last:
            raise TimelineError(f"{where}: `at` must be whole ms, in order (got {at!r})")
        last = at
        if step["do"] in ("open", "navigate") and step.get("page") not in pages:
            raise TimelineError(f"{where}: unknown page {step.get('page')!r}")
    if timeline["steps"] and timeline["steps"][0]["do"] != "open":
        raise TimelineError("step 1: a timeline starts by opening a page")


class Recorder:
    """What a run produced: every update with the engine's answer, and every exposure (an
    exposure is counted once the snippet was seen: events/seen.js)."""

    def __init__(self):
        self.updates: list[dict] = []
        self.exposures: list[dict] = []

    def answered(self, update: dict, reply: dict, engine) -> None:
        self.updates.append({"update": update, "reply": reply})

    def exposed(self, decision: dict, at: int) -> None:
        self.exposures.append({"at": at, "rule": decision["rule"], "variant": decision.get("variant"),
                               "placement": decision["placement"], "slot": decision.get("slot"),
                               "ahead": bool(decision.get("ahead"))})

    def drawn(self, decision: dict, at: int, view_start: int) -> None:
        pass

    def viewed(self, view: dict) -> None:
        pass


class Browser:
    """One shopper's browser profile: page time, localStorage, the open page and its kernel.

    `config` is what the build bakes into the kernel (watch list, ahead, pages, idleMs,
    retentionDays, consent, version); `make_engine()` returns a fresh engine per page load,
    with `handle(update) -> reply` (the boundary's contract, as dicts).
    """

    def __init__(self, config: dict, make_engine, pages: dict, observer=None):
        self.config = config
        self.make_engine = make_engine
        self.pages = pages
        self.observer = observer or Recorder()

    def run(self, timeline: dict):
        """Play `timeline` from a fresh profile; returns the observer."""
        self.timezone = timeline.get("timezone", "UTC")
        try:
            self.zone = ZoneInfo(self.timezone)
        except (ValueError, KeyError) as error:
            raise TimelineError(f"unknown timezone {self.timezone!r}") from error
        self.device = device_of(timeline)
        self.gpc = bool(timeline.get("gpc", False))
        start = start_of(timeline, self.zone)
        self.clock = Clock(start)
        self.profile = Profile()
        self.kernel: Kernel | None = None
        self.readies: list[tuple[int, Kernel]] = []
        for step in timeline["steps"]:
            self.advance(start + step["at"])
            self.do(step)
            self.after_task()
        return self.observer

    # -- the event loop ----------------------------------------------------------------------
    def advance(self, to: int) -> None:
        """Page time moves to `to`. The timers due at one moment fire together, and the engine
        answers after them (its answers need a round trip to the worker); an engine whose boot
        is due gets ready after the timers due at that moment."""
        clock = self.clock
        while True:
            readies = self.readies
            # Mostly one engine booting, or none: no generator for that.
            due = (readies[0][0] if len(readies) == 1 else min(at for at, _ in readies)) if readies else None
            until = to if due is None or due > to else due
            timer = clock.next_at()
            if timer is not None and timer <= until:
                clock.fire_next()  # and the others due at that moment
                while clock.next_at() == timer:
                    clock.fire_next()
                self.after_task()
                continue
            if due is None or due > to:
                clock.now = max(clock.now, to)
                return
            clock.now = max(clock.now, due)
            ready = [r for r in self.readies if r[0] == due]
            self.readies = [r for r in self.readies if r[0] != due]
            for _, kernel in ready:
                if kernel is self.kernel:
                    kernel.engine_ready(self.make_engine())
                    self.after_task()

    def after_task(self) -> None:
        """A task ends: its microtasks run; the engine answers every update sent, in order
        (the worker adds its formats first: formats.py), each answer drawn as it lands (its own
        task); then a rendering update reports what the observers see."""
        kernel = self.kernel
        if kernel is None:
            return
        if self.clock._microtasks:  # noqa: SLF001 - hot path: most tasks queue none
            self.clock.run_microtasks()
        client = kernel.engine
        while client is not None and client.outbox:
            seq, update = client.outbox.pop(0)
            try:
                formatted = with_formats(update)
            except UnknownFormat as error:
                raise TimelineError(str(error)) from None
            reply = client.engine.handle(formatted)
            self.observer.answered(update, reply, client.engine)
            kernel.decisions(seq, reply)
        document = kernel.document
        if document.dirty:  # render() does nothing otherwise: most tasks move nothing
            document.render()

    def spawned(self, kernel: Kernel, ready_at: int) -> None:
        self.readies.append((ready_at, kernel))

    def exposed(self, decision: dict, at: int) -> None:
        self.observer.exposed(decision, at)

    def drawn(self, decision: dict, at: int, view_start: int) -> None:
        """kairos:decision, at `at`, on the page view opened at `view_start`."""
        self.observer.drawn(decision, at, view_start)

    # -- steps ---------------------------------------------------------------------------------
    def do(self, step: dict) -> None:
        action = step["do"]
        if action == "open":
            self.open(step)
            return
        if action == "wait":
            return
        kernel = self.kernel
        if kernel is None:
            raise TimelineError(f"`{action}` at {step['at']} ms with no page open")
        document = kernel.document
        if action == "close":
            self.close()
        elif action == "scroll":
            y = max(0, min(int(step["y"]), document.max_scroll()))
            if y != document.scroll_y:
                document.scroll_to(y)
                kernel.scrolled()
        elif action in ("input", "key"):
            kernel.input()
        elif action in ("hide", "show"):
            visible = action == "show"
            if document.visible != visible:
                document.visible = visible
                kernel.visibility_changed()
        elif action in ("blur", "focus"):
            focused = action == "focus"
            if document.has_focus != focused:
                document.has_focus = focused
                kernel.focus_event() if focused else kernel.blur_event()
        elif action == "push":
            kernel.data_layer(step["event"])
        elif action == "track":
            kernel.track(step["name"], step.get("params"))
        elif action == "exit":
            kernel.input()  # the pointer moves in, then out through the top edge
            kernel.pointer_out_top()
        elif action == "copy":
            kernel.input()  # Control+C: two keydowns, then the copy event
            kernel.input()
            kernel.copy()
        elif action == "click":
            kernel.input()  # pointerdown, then click
            kernel.click(step["name"] if step["name"] in document.page.get("track", ()) else None)
        elif action == "navigate":
            self.navigate(step)
        elif action == "consent":
            kernel.set_consent(bool(step.get("value", True)))

    def open(self, step: dict) -> None:
        if self.kernel is not None:
            self.close()
        page = self.pages[step["page"]]
        document = Document(page, self.device, _location(page, step))
        ready_at = self.clock.now + int(step.get("ready", DEFAULT_READY_MS))
        self.kernel = Kernel(self, document, step.get("referrer"), ready_at)

    def close(self) -> None:
        """pagehide, then the document is gone: an update sent then is never answered."""
        self.kernel.pagehide()
        if self.kernel.engine:
            self.kernel.engine.outbox.clear()
        self.kernel.document.alive = False
        self.kernel = None
        self.clock.drop_timers()
        self.readies = []

    def navigate(self, step: dict) -> None:
        """An SPA route change: the app scrolls to the top, renders the new page, pushState
        (the kernel opens the view in a 0 ms timer) and pushes the page's GA4 events."""
        kernel = self.kernel
        document = kernel.document
        moved = document.scroll_y != 0
        document.scroll_to(0)
        page = self.pages[step["page"]]
        document.route(page, _location(page, step))
        changed_at = self.clock.now
        self.clock.set_timeout(lambda: kernel.new_view(changed_at) if kernel is self.kernel else None, 0)
        for entry in page.get("dataLayer", ()):
            kernel.data_layer(entry)
        if moved:
            kernel.scrolled()


def _location(page: dict, step: dict) -> str:
    """location.pathname + location.search of a page opened with the step's query."""
    return (page["url"] + step.get("query", "")).split("#", 1)[0]
