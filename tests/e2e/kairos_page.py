"""A page of the demo storefront with Kairos on it: lifecycle waits, clock and visibility hooks."""

import json
import time

from playwright.sync_api import Page

# Installed before any page script: records kairos:* events and lets tests drive
# document.visibilityState / hasFocus the way a real tab switch would.
INIT_SCRIPT = """
(() => {
  window.__kairosEvents = [];
  for (const name of ["ready", "decision", "exposure", "error", "evaluated", "dismiss", "cached", "view",
                      "click", "conversion", "answer"]) {
    addEventListener("kairos:" + name, (e) => window.__kairosEvents.push({name, detail: e.detail}));
  }
  // How many shifts the page had made before Kairos drew anything (see layout_shift).
  addEventListener("kairos:decision", () => {
    if (window.__kairosShiftsBefore === undefined) window.__kairosShiftsBefore = window.__kairosShifts.length;
  });
  // Layout shifts not caused by the shopper's own input (CLS), and any geolocation request.
  window.__kairosShifts = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (!e.hadRecentInput) window.__kairosShifts.push(e.value);
  }).observe({type: "layout-shift", buffered: true});
  if (navigator.geolocation) for (const m of ["getCurrentPosition", "watchPosition"]) {
    const original = navigator.geolocation[m].bind(navigator.geolocation);
    navigator.geolocation[m] = (...args) => {
      navigator.__geolocationAsked = (navigator.__geolocationAsked || 0) + 1;
      return original(...args);
    };
  }
  let visibility = "visible", focused = true;
  const define = (name, get) => Object.defineProperty(Document.prototype, name, {configurable: true, get});
  define("visibilityState", () => visibility);
  define("hidden", () => visibility === "hidden");
  Document.prototype.hasFocus = () => focused;
  window.__kairosSetPresence = (v, f) => {
    if (v !== visibility) { visibility = v; document.dispatchEvent(new Event("visibilitychange")); }
    if (f !== focused) { focused = f; window.dispatchEvent(new Event(f ? "focus" : "blur")); }
  };
})();
"""

BOOT_TIMEOUT_MS = 60_000

# Resolves once the page's IntersectionObservers have reported on every drawn snippet and
# every slot (where controls are measured). Kairos's own observers were created before this
# one, and observers are notified in creation order, so by then Kairos knows what is in view.
OBSERVED_JS = """() => new Promise((resolve) => {
  const targets = [...document.querySelectorAll('[data-kairos-slot]')];
  for (const host of document.querySelectorAll('[data-kairos-host]')) {
    const frame = host.shadowRoot && host.shadowRoot.querySelector('.k-overlay, .k-toast, .k-corner');
    targets.push(frame ? frame.firstElementChild : host);
  }
  if (!targets.length) return resolve(0);
  const io = new IntersectionObserver(() => { io.disconnect(); resolve(targets.length); });
  targets.forEach((t) => io.observe(t));
})"""


class KairosPage:
    """Drives one storefront page; every wait is on a Kairos lifecycle event, never a sleep."""

    def __init__(self, page: Page, base_url: str, *, csp_safe: bool = False):
        self.page = page
        self.base_url = base_url
        # Under a CSP without 'unsafe-eval', Playwright's wait_for_function cannot poll (it
        # evals a string in the page); then we wait in an evaluate()d promise woken by events.
        self.csp_safe = csp_safe
        self.page_errors: list[str] = []
        self.warnings: list[str] = []
        page.add_init_script(INIT_SCRIPT)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("console", lambda m: m.type == "warning" and self.warnings.append(m.text))

    def open(self, path: str, *, paused: bool = True) -> None:
        """Navigate with Playwright's clock installed and, by default, paused from the start:
        page time (dwell, timers, idle callbacks) moves only when the test says so."""
        clock = self.page.clock
        start = time.time()  # Python's clock API takes Unix seconds
        clock.install(time=start)
        if paused:
            # Pausing before navigation makes dwell exact; the margin covers the round trip.
            clock.pause_at(start + 2)
        self.page.goto(self.base_url + path)
        self.opened()

    def opened(self) -> dict:
        """Wait for Kairos to open this document's page view (`kairos:view`: once the page is
        parsed and the view chunk is here), as a shopper who stays a moment would."""
        return self.wait_for_event("view")

    def events(self, name: str | None = None) -> list[dict]:
        events = self.page.evaluate("window.__kairosEvents")
        return [e for e in events if name is None or e["name"] == name]

    def wait_until(self, condition: str, timeout: int = BOOT_TIMEOUT_MS) -> None:
        """Wait for a JS `condition` to hold, re-checked whenever Kairos emits an event."""
        if not self.csp_safe:
            self.page.wait_for_function(condition, timeout=timeout)
            return
        # A function (not a string to eval): Playwright compiles it through DevTools, which
        # the page's CSP does not govern. Kairos events are the only things that change state.
        self.page.evaluate(f"""() => new Promise((resolve) => {{
            const check = () => {{ try {{ return !!({condition}); }} catch (e) {{ return false; }} }};
            const names = ["ready", "decision", "exposure", "error", "evaluated", "dismiss", "cached",
                           "view", "click", "conversion", "answer"];
            const on = () => {{
              if (!check()) return;
              names.forEach((n) => removeEventListener("kairos:" + n, on));
              resolve();
            }};
            if (check()) resolve();
            else names.forEach((n) => addEventListener("kairos:" + n, on));
        }})""")

    def wait_for_event(self, name: str, count: int = 1, timeout: int = BOOT_TIMEOUT_MS) -> dict:
        self.wait_until(
            f"window.__kairosEvents.filter(e => e.name === {json.dumps(name)}).length >= {count}",
            timeout=timeout)
        return self.events(name)[count - 1]["detail"]

    def boot(self) -> dict:
        """Let the idle callback fire (2 s of page time), then wait for `kairos:ready`."""
        self.page.clock.run_for(2000)
        self.wait_until("window.__kairosEvents.some(e => e.name === 'ready' || e.name === 'error')")
        errors = self.events("error")
        assert not errors, f"Kairos failed to boot: {errors}"
        return self.events("ready")[0]["detail"]

    def see(self, count: int = 1, ms: int = 1_000) -> dict:
        """Let what is drawn in view be seen: once Kairos has observed it, `ms` of page time
        (an exposure is a snippet at least half visible for 1 s); returns the `count`-th
        exposure's detail."""
        self.observed()
        self.page.clock.run_for(ms)
        return self.wait_for_event("exposure", count)

    def observed(self) -> None:
        """Wait until the page's IntersectionObservers have seen the current layout."""
        self.page.evaluate(OBSERVED_JS)

    def layout_shift(self, since_drawn: bool = False) -> float:
        """The page's cumulative layout shift so far (shifts after the shopper's own input
        excluded, as CLS excludes them); `since_drawn`: only since Kairos drew its first
        decision on this page, what our snippets can have caused (the demo's cart page moves its
        own footer when its deferred script renders the cart after a first paint, on a loaded
        machine: 0.041 at 6x CPU throttling)."""
        return self.page.evaluate("""(since) => window.__kairosShifts
            .slice(since ? (window.__kairosShiftsBefore ?? window.__kairosShifts.length) : 0)
            .reduce((a, b) => a + b, 0)""", since_drawn)

    def evaluations(self) -> int:
        return len(self.events("evaluated"))

    def settle(self) -> None:
        """Wait until the engine has answered every update the kernel sent it."""
        self.wait_until("window.kairos.pending() === 0")

    def run_and_settle(self, ms: int) -> None:
        """Advance page time by `ms`, then wait for the engine to answer what that woke."""
        self.page.clock.run_for(ms)
        self.settle()

    def state(self) -> dict:
        return self.page.evaluate("window.kairos.state()")

    def set_presence(self, visible: bool = True, focused: bool = True) -> None:
        self.page.evaluate(
            f"window.__kairosSetPresence({json.dumps('visible' if visible else 'hidden')}, "
            f"{json.dumps(focused)})")

    def modal(self):
        return self.page.locator('[data-kairos-placement="modal"]')

    def slot(self, name: str):
        return self.page.locator(f'[data-kairos-slot="{name}"] [data-kairos-host]')
