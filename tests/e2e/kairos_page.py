"""A page of the demo storefront with Kairos on it: lifecycle waits, clock and visibility hooks."""

import json
import time

from playwright.sync_api import Page

# Installed before any page script: records kairos:* events and lets tests drive
# document.visibilityState / hasFocus the way a real tab switch would.
INIT_SCRIPT = """
(() => {
  window.__kairosEvents = [];
  for (const name of ["ready", "decision", "exposure", "error", "evaluated", "dismiss"]) {
    addEventListener("kairos:" + name, (e) => window.__kairosEvents.push({name, detail: e.detail}));
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


class KairosPage:
    """Drives one storefront page; every wait is on a Kairos lifecycle event, never a sleep."""

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url
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

    def events(self, name: str | None = None) -> list[dict]:
        events = self.page.evaluate("window.__kairosEvents")
        return [e for e in events if name is None or e["name"] == name]

    def wait_for_event(self, name: str, count: int = 1, timeout: int = BOOT_TIMEOUT_MS) -> dict:
        self.page.wait_for_function(
            f"window.__kairosEvents.filter(e => e.name === {json.dumps(name)}).length >= {count}",
            timeout=timeout)
        return self.events(name)[count - 1]["detail"]

    def boot(self) -> dict:
        """Let the idle callback fire (2 s of page time), then wait for `kairos:ready`."""
        self.page.clock.run_for(2000)
        self.page.wait_for_function(
            "window.__kairosEvents.some(e => e.name === 'ready' || e.name === 'error')",
            timeout=BOOT_TIMEOUT_MS)
        errors = self.events("error")
        assert not errors, f"Kairos failed to boot: {errors}"
        return self.events("ready")[0]["detail"]

    def evaluations(self) -> int:
        return len(self.events("evaluated"))

    def settle(self) -> None:
        """Wait until the engine has answered every update the kernel sent it."""
        self.page.wait_for_function("window.kairos.pending() === 0", timeout=BOOT_TIMEOUT_MS)

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
