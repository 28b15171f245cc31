"""Fixtures for the signal and history tests: the lab bundle, the lab site, a clock-exact page.

The lab bundle is built once per session from tests/e2e/rules/signals.yaml. The lab site is the
demo storefront plus tests/e2e/pages/ under /lab/. Its server lets a page ask for attributes
on the Kairos script tag (`<!--kairos:script data-consent="required"-->`), as a store would
write them; the demo server only knows the bare placeholder.

tests/e2e/conftest.py imports the fixtures, so every e2e test module can use them.
"""

import json
import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest

from compiler.api import build
from demo_site import SITE as DEMO_SITE
from demo_site.server import DemoServer

from .kairos_page import BOOT_TIMEOUT_MS, KairosPage

HERE = Path(__file__).resolve().parent
LAB_RULES = HERE / "rules" / "signals.yaml"
LAB_PAGES = HERE / "pages"

# Page time starts here in every test (a Monday morning, local time): fixed, so timestamps
# and day arithmetic are reproducible.
START = datetime(2030, 5, 6, 10, 0, 0).timestamp()  # Unix seconds, as Playwright's clock takes
SECOND = 1000
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE
DAY = 24 * HOUR

PLACEHOLDER = re.compile(rb'<!--kairos:script((?:\s+data-[a-z-]+="[^"<>]*")*)\s*-->')


class LabServer(DemoServer):
    """The demo server, plus `data-*` attributes a page puts in its placeholder."""

    def inject(self, html: bytes) -> bytes:
        tag = self.script_tag()
        if tag is None:
            return html

        def replace(match: re.Match) -> bytes:
            return tag.encode().replace(b"<script", b"<script" + match.group(1), 1)

        return PLACEHOLDER.sub(replace, html, count=1)


@pytest.fixture(scope="session")
def lab_bundle_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("lab-bundle") / "dist"
    build([str(LAB_RULES)], out)
    return out


@pytest.fixture(scope="session")
def lab_site_dir(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("lab-site") / "site"
    shutil.copytree(DEMO_SITE, site)
    shutil.copytree(LAB_PAGES, site / "lab")
    return site


@pytest.fixture(scope="session")
def lab_server(lab_site_dir, lab_bundle_dir):
    server = LabServer(lab_site_dir, lab_bundle_dir, "/kairos/", ("127.0.0.1", 0)).start()
    yield server
    server.stop()


class LabPage(KairosPage):
    """A KairosPage whose page time starts at START, paused, and moves only when told to.

    The clock is installed once per test; later loads keep it (and so keep page time), which
    is what history tests need. `jump(ms)` moves page time without running any timer (a
    shopper who comes back days later), for the next page load.
    """

    def __init__(self, page, base_url: str):
        super().__init__(page, base_url)
        self.requests: list[str] = []
        page.context.on("request", lambda request: self.requests.append(request.url))
        self._clock = False

    def open(self, path: str, *, referer: str | None = None, paused: bool = True,
             view: bool = True) -> None:
        if not self._clock:
            # An hour of margin: pause_at fast-forwards, and must never go back in time.
            self.page.clock.install(time=START - 3600)
            self.page.clock.pause_at(START)
            self._clock = True
        self.page.goto(self.base_url + path, referer=referer)
        if view:  # a page with Kairos on it: wait until it has opened the page view
            self.opened()

    def now(self) -> int:
        return self.page.evaluate("Date.now()")

    def jump(self, ms: int) -> None:
        """Move page time forward by `ms` without firing timers (for the next page load)."""
        self.page.clock.set_system_time((self.now() + ms) / 1000)

    def block_engine(self) -> None:
        """Tests of kernel signals alone: the engine worker never loads (saves a Pyodide boot
        per page on a 2-core machine). The kernel reports one `worker` fault and carries on."""
        self.page.route("**/kairos-worker.*", lambda route: route.abort())

    def boot_any(self) -> dict:
        """Let the idle callback fire, then wait for `kairos:ready`; tolerates earlier faults
        (storage-fault tests expect one)."""
        self.page.clock.run_for(2000)
        self.wait_for_event("ready", timeout=BOOT_TIMEOUT_MS)
        return self.events("ready")[0]["detail"]

    def state_at(self, key: str):
        return self.state()[key]

    def stored(self) -> dict | None:
        text = self.page.evaluate("localStorage.getItem('kairos:v1')")
        return None if text is None else json.loads(text)

    def slot_rule(self, name: str):
        """The rule whose snippet fills slot `name`, or None."""
        return self.page.evaluate(
            f"""(() => {{ const host = document.querySelector(
                 '[data-kairos-slot={json.dumps(name)}] [data-kairos-host]');
                 return host ? host.getAttribute('data-kairos-rule') : null; }})()""")

    def decided(self) -> list[str]:
        return [e["detail"]["rule"] for e in self.events("decision")]


@pytest.fixture
def lab(page, lab_server) -> LabPage:
    return LabPage(page, lab_server.url)


@pytest.fixture
def demo_lab(page, demo_server) -> LabPage:
    """A LabPage on the demo storefront with the demo bundle (its review popup rule)."""
    return LabPage(page, demo_server.url)
