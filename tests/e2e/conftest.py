"""Browser fixtures: one Chromium per session, the demo bundle built once, the demo server.

Every test gets a fresh incognito context (empty storage) from pytest-playwright's `page`.
`kairos` (a KairosPage) wraps the page with the waits the runtime's lifecycle events allow.
"""

import os
import shutil
from pathlib import Path

import pytest

from demo_site import SITE as DEMO_SITE
from demo_site.server import make_server

from .kairos_page import KairosPage

CHROMIUM = os.environ.get("KAIROS_CHROMIUM", "/usr/bin/chromium")
# Flags that work on this machine's closed network (see DESIGN.md, environment facts).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.exit(f"No Chromium at {CHROMIUM}: run the README's test command (it installs "
                    "Debian's chromium as root) or set KAIROS_CHROMIUM=/path/to/chromium", 2)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def demo_server(bundle_dir):
    server = make_server(DEMO_SITE, bundle_dir).start()
    yield server
    server.stop()


def _bundle_without(bundle_dir: Path, out: Path, pattern: str) -> Path:
    shutil.copytree(bundle_dir, out)
    for path in out.glob(pattern):
        path.unlink()
    return out


@pytest.fixture(scope="session")
def broken_bundle_dir(bundle_dir, tmp_path_factory) -> Path:
    """A copy of the bundle with the Pyodide core files deleted (they answer 404)."""
    return _bundle_without(bundle_dir, tmp_path_factory.mktemp("broken") / "dist", "py-*/pyodide*")


@pytest.fixture(scope="session")
def no_snapshot_bundle_dir(bundle_dir, tmp_path_factory) -> Path:
    """A copy of the bundle whose engine snapshot is gone: the worker must boot normally."""
    return _bundle_without(bundle_dir, tmp_path_factory.mktemp("nosnap") / "dist",
                           "py-*/engine.snapshot*")


@pytest.fixture
def serve():
    """serve(bundle_dir, csp=None) -> a started demo server for this test, stopped after it."""
    servers = []

    def start(bundle_dir: Path, csp: str | None = None):
        server = make_server(DEMO_SITE, bundle_dir).start()
        server.csp = csp
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def twin_contexts(browser):
    """Browser contexts the raw-timeline tests share (twin_driver.Contexts)."""
    from .twin_driver import Contexts

    contexts = Contexts(browser)
    yield contexts
    contexts.close()


@pytest.fixture
def kairos(page, demo_server) -> KairosPage:
    return KairosPage(page, demo_server.url)


# Fixtures of the signal and history tests (test_signals.py, test_history.py).
from .conftest_signals import demo_lab, lab, lab_bundle_dir, lab_server, lab_site_dir  # noqa: E402,F401
