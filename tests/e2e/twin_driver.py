"""Drive the real kernel in Chromium through a raw timeline (tests/cases/twin_cases.json) and
record what it sends the engine and what the engine answers.

Page time is Playwright's clock, paused; the driver moves it step by step. Between two steps it
also stops at every moment the twin says the kernel wakes the engine (and lets the engine
answer there), so each answer lands before the next timer, as it does at real speed; those
stops tell the browser when to look, never what to do. The engine's worker is held until the
page time the timeline says the engine is ready (`ready` ms after the page opened), so boot
time is the timeline's, not the machine's.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import Browser

from tests.cases.twin import first_difference, normalize

from .kairos_page import INIT_SCRIPT
from .twin_pages import spa_payload

WAIT_MS = 60_000

# Installed before any page script, in every document.
INIT = r"""
(() => {
  const T = window.__twin = { posts: [], replies: [], exposures: [], released: false, held: null,
    constructed: false, ready: false, errors: [], holding: true, answers: [] };
  // Deterministic ids: the kernel's randomId() takes 8 bytes; they become page time + a count.
  let count = 0;
  const random = crypto.getRandomValues.bind(crypto);
  crypto.getRandomValues = (array) => {
    if (!(array instanceof Uint8Array) || array.length !== 8) return random(array);
    count += 1;
    let t = Date.now() % 2 ** 48;
    for (let i = 5; i >= 0; i--) { array[i] = t % 256; t = Math.floor(t / 256); }
    array[6] = (count >> 8) & 255;
    array[7] = count & 255;
    return array;
  };
  // A page opens at the top, as timelines say: Chromium would otherwise restore the last scroll
  // position when the same URL is loaded again (a reload), racing the kernel's load-time depth.
  history.scrollRestoration = "manual";
  for (const name of ["exposure", "error"]) {
    addEventListener("kairos:" + name, (e) => (name === "error" ? T.errors : T.exposures)
      .push({ at: Date.now(), ...e.detail }));
  }
  // The engine's worker: held until the driver releases it; every message in and out recorded
  // as JSON (what worker.js hands Python, and what Python answers).
  const Native = window.Worker;
  const json = (value) => JSON.parse(JSON.stringify(value));
  window.Worker = function Worker(url, options) {
    const facade = this;
    let real = null, onmessage = null, onerror = null;
    const queue = [];
    Object.defineProperty(facade, "onmessage", { get: () => onmessage, set: (fn) => { onmessage = fn; } });
    Object.defineProperty(facade, "onerror", { get: () => onerror, set: (fn) => { onerror = fn; } });
    facade.postMessage = (message, transfer) => {
      if (message && message.type === "update") T.posts.push(json(message));
      if (real) real.postMessage(message, transfer); else queue.push([message, transfer]);
    };
    facade.terminate = () => real && real.terminate();
    T.deliver = (event) => onmessage && onmessage.call(facade, event);
    const start = () => {
      real = new Native(url, options);
      real.onmessage = (event) => {
        const data = event.data || {};
        if (data.type === "ready") T.ready = true;
        const answer = data.type === "decisions" || data.type === "error";
        if (answer) T.replies.push(json(data));
        // Answers wait while the page does a burst of work (a step, the timers due at one
        // moment), as the twin's do; the driver lets them through when it settles.
        if (answer && T.holding) T.answers.push(event);
        else T.deliver(event);
      };
      real.onerror = (event) => {
        T.errors.push({ kind: "worker", message: event.message });
        if (onerror) onerror.call(facade, event);
      };
      for (const [message, transfer] of queue.splice(0)) real.postMessage(message, transfer);
    };
    T.constructed = true;
    if (T.released) start(); else T.held = start;
  };
  T.hold = (on) => {
    T.holding = on;
    if (!on && T.deliver) for (const event of T.answers.splice(0)) T.deliver(event);
  };
  T.release = () => {
    T.released = true;
    if (T.held) { const start = T.held; T.held = null; start(); }
  };
  // The test's SPA router: to the top, the new route's content, pushState, its GA4 events.
  T.navigate = (route) => {
    scrollTo(0, 0);
    document.getElementById("twin-main").innerHTML = route.content;
    document.querySelectorAll('script[type="application/ld+json"]').forEach((s) => s.remove());
    for (const text of route.jsonld) {
      const script = document.createElement("script");
      script.type = "application/ld+json";
      script.textContent = text;
      document.head.appendChild(script);
    }
    if (route.type) document.documentElement.setAttribute("data-kairos-page", route.type);
    else document.documentElement.removeAttribute("data-kairos-page");
    history.pushState({}, "", route.url);
    for (const entry of route.dataLayer) window.dataLayer.push(entry);
  };
})();
"""
GPC = "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true});"

# Resolve after two rendering updates: the scroll event and the kernel's IntersectionObserver
# callbacks have run (an observer the kernel re-makes in a callback reports in the second).
RENDERED = """async () => {
  for (let round = 0; round < 2; round++) {
    await new Promise((resolve) => {
      const observer = new IntersectionObserver(() => { observer.disconnect(); resolve(); });
      observer.observe(document.body);
    });
  }
}"""

DEVICES = {
    "desktop": {"viewport": {"width": 1280, "height": 720}, "screen": {"width": 1280, "height": 720}},
    "mobile": {"viewport": {"width": 390, "height": 844}, "screen": {"width": 390, "height": 844},
               "is_mobile": True, "has_touch": True},
    "tablet": {"viewport": {"width": 820, "height": 1180}, "screen": {"width": 820, "height": 1180},
               "is_mobile": True, "has_touch": True},
}


class Contexts:
    """Browser contexts shared by the timelines of one device, time zone, language and GPC
    setting. Each timeline gets a new page and empty storage; what carries over is the HTTP cache
    and the engine's kept snapshot (the build's bytes, not shopper data), so boots are faster."""

    def __init__(self, browser: Browser):
        self.browser = browser
        self.made: dict = {}

    def page(self, timeline: dict, base_url: str):
        key = (timeline.get("device", "desktop"), timeline.get("timezone", "UTC"),
               timeline.get("language", "en-US"), bool(timeline.get("gpc")))
        context = self.made.get(key)
        if context is None:
            context = self.made[key] = self.browser.new_context(
                **DEVICES[key[0]], timezone_id=key[1], locale=key[2])
            context.add_init_script(INIT_SCRIPT)  # kairos_page's: tab visibility and focus switches
            context.add_init_script(INIT)
            if key[3]:
                context.add_init_script(GPC)
        page = context.new_page()
        page.goto(base_url + "/twin/blank.html")
        page.evaluate("localStorage.clear()")  # the last timeline's history and consent choice
        return page

    def close(self) -> None:
        for context in self.made.values():
            context.close()
        self.made.clear()


class Run:
    """One timeline on a new page (of a context shared with like timelines)."""

    def __init__(self, contexts: Contexts, base_url: str, pages: dict, timeline: dict, stops: list[int]):
        self.base_url = base_url
        self.pages = pages
        self.timeline = timeline
        zone = ZoneInfo(timeline.get("timezone", "UTC"))
        start = timeline["start"]
        self.start = start if isinstance(start, int) else int(
            datetime.fromisoformat(start).replace(tzinfo=zone).timestamp() * 1000)
        self.page = contexts.page(timeline, base_url)
        self.page.clock.install(time=(self.start - 3_600_000) / 1000)
        self.page.clock.pause_at(self.start / 1000)
        self.now = self.start
        self.stops = sorted(set(stops))
        self.release_at: int | None = None
        self.open_page = False
        self.records = {"updates": [], "exposures": [], "errors": []}
        self.spot = 0

    # -- time --------------------------------------------------------------------------------
    def run_to(self, to: int) -> None:
        for stop in [s for s in self.stops if self.now < s <= to] + [to]:
            if self.release_at is not None and self.now < self.release_at <= stop:
                self._run(self.release_at)
                self.release()
            self._run(stop)
            self.settle()

    def _run(self, to: int) -> None:
        if to > self.now:
            self.page.clock.run_for(to - self.now)
            self.now = to

    def release(self) -> None:
        self.release_at = None
        self.page.evaluate("window.__twin.release()")
        self.settle()

    def settle(self) -> None:
        """Let the engine's answers through; wait until it is ready if its worker started, and
        has answered every update; then hold its answers again for the next burst."""
        if not self.open_page:
            return
        self.page.evaluate("window.__twin.hold(false)")
        self.page.wait_for_function("""() => { const T = window.__twin;
            if (T.errors.length > 0 || !T.constructed) return true;
            if (!T.released) return true;  // held: updates wait for the engine, as the twin's do
            return T.ready && window.kairos.pending() === 0; }""", timeout=WAIT_MS)
        self.page.evaluate("window.__twin.hold(true)")

    # -- steps -------------------------------------------------------------------------------
    def play(self) -> dict:
        try:
            for step in self.timeline["steps"]:
                self.run_to(self.start + step["at"])
                self.do(step)
                self.settle()
                if self.open_page:
                    self.page.clock.run_for(0)  # a 0 ms timer the step set (an SPA view opening)
                    self.settle()
            self.collect()
        finally:
            self.page.close()
        return self.records

    def collect(self) -> None:
        """Keep what the current document recorded (before it goes away)."""
        if not self.open_page:
            return
        got = self.page.evaluate("""() => { const T = window.__twin;
            return {posts: T.posts, replies: T.replies, exposures: T.exposures, errors: T.errors}; }""")
        self.records["updates"] += pair(got)  # seq numbers restart in each document
        self.records["exposures"] += got["exposures"]
        self.records["errors"] += got["errors"]

    def mouse(self) -> None:
        self.spot += 1  # a new position each time, so Chromium sends a real pointermove
        self.page.mouse.move(100 + 7 * (self.spot % 40), 100 + 5 * (self.spot % 50))

    def do(self, step: dict) -> None:
        page, action = self.page, step["do"]
        if action == "open":
            self.collect()
            spec = self.pages[step["page"]]
            page.goto(self.base_url + spec["url"] + step.get("query", ""), referer=step.get("referrer"),
                      wait_until="networkidle")
            page.evaluate(RENDERED)
            self.open_page = True
            self.release_at = self.now + int(step.get("ready", 2000))
        elif action == "close":
            self.collect()
            self.open_page = False
            self.release_at = None
            page.goto(self.base_url + "/twin/blank.html")
        elif action == "scroll":
            page.evaluate("(y) => scrollTo(0, y)", step["y"])
            page.evaluate(RENDERED)
        elif action == "input":
            self.mouse()
        elif action == "key":
            page.keyboard.press("Shift")
        elif action in ("hide", "show", "blur", "focus"):
            state = page.evaluate("[document.visibilityState, document.hasFocus()]")
            visible = {"hide": "hidden", "show": "visible"}.get(action, state[0])
            focused = {"blur": False, "focus": True}.get(action, state[1])
            page.evaluate("([v, f]) => window.__kairosSetPresence(v, f)", [visible, focused])
        elif action == "push":
            page.evaluate("(entry) => window.dataLayer.push(entry)", step["event"])
        elif action == "track":
            page.evaluate("([name, params]) => window.kairos.track(name, params)",
                          [step["name"], step.get("params")])
        elif action == "exit":
            self.mouse()
            page.mouse.move(640, -20)
        elif action == "copy":
            page.evaluate("getSelection().selectAllChildren(document.getElementById('twin-copy'))")
            page.keyboard.press("Control+C")
        elif action == "click":
            page.evaluate("""(name) => {
                const el = document.querySelector(`[data-kairos-track="${name}"]`) || document.body;
                el.dispatchEvent(new PointerEvent("pointerdown", {bubbles: true, composed: true}));
                el.click(); }""", step["name"])
        elif action == "navigate":
            spec = self.pages[step["page"]]
            page.evaluate("(route) => window.__twin.navigate(route)",
                          spa_payload(spec, spec["url"] + step.get("query", "")))
            page.evaluate(RENDERED)
        elif action == "consent":
            page.evaluate("(on) => window.kairos.consent(on)", bool(step.get("value", True)))
        elif action != "wait":
            raise ValueError(action)


def pair(records: dict) -> list[dict]:
    """The browser's updates, each with the engine's answer to it, in the order sent."""
    replies = {reply["seq"]: reply for reply in records["replies"]}
    out = []
    for post in records["posts"]:
        reply = replies.get(post["seq"])
        if reply is not None:  # an update sent as its page went away is never answered
            out.append({"update": post, "reply": reply})
    return out


def browser_run(contexts: Contexts, base_url: str, pages: dict, timeline: dict, twin: dict) -> dict:
    """{"updates", "exposures", "errors"} of `timeline` in Chromium, stopping where `twin` woke."""
    stops = [r["update"]["now"] for r in twin["updates"]] + [e["at"] for e in twin["exposures"]]
    records = Run(contexts, base_url, pages, timeline, stops).play()
    exposures = [{"at": e["at"], "rule": e["rule"], "variant": e.get("variant"), "placement": e["placement"],
                  "slot": e.get("slot"), "ahead": bool(e.get("ahead"))} for e in records["exposures"]]
    return {"updates": records["updates"], "exposures": exposures, "errors": records["errors"]}


def dumps(value) -> str:
    return json.dumps(value, indent=1, sort_keys=True)


def assert_agree(real: dict, twin: dict, keep: Path) -> None:
    """The browser's run equals the twin's, key for key; on a difference both runs are kept in
    `keep` and the first differing key is the failure."""
    assert real["errors"] == []
    real = normalize(real | {"errors": []})
    difference = first_difference(real["updates"], twin["updates"], "updates")
    if difference:
        (keep / "browser.json").write_text(dumps(real))
        (keep / "twin.json").write_text(dumps(twin))
    assert difference is None, f"browser != twin at {difference} (both runs in {keep})"
    assert first_difference(real["exposures"], twin["exposures"], "exposures") is None
