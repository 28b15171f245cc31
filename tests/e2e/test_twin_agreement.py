"""The raw-timeline case file (tests/cases/twin_cases.json) in Chromium: the real kernel and
the Pyodide engine through the script tag, driven by Playwright. Every update the kernel sends
and every answer the engine gives must equal the kernel's Python twin's, key for key; the
failure names the first key that differs."""

import shutil

import pytest

from compiler.api import build
from demo_site import SITE as DEMO_SITE
from tests.cases.expectations import problems
from tests.cases.twin import CASES, normalize, pages, rules_file, run_twin, timelines

from .conftest_signals import LabServer
from .twin_driver import assert_agree, browser_run
from .twin_pages import write_site

pytestmark = pytest.mark.slow  # 45 timelines, about 100 page loads, each booting the engine (~3 min)

RULE_FILES = sorted({rules_file(t) for t in timelines()})


@pytest.fixture(scope="module")
def twin_servers(tmp_path_factory):
    """One server per rule file of the case file, each with its own bundle."""
    site = tmp_path_factory.mktemp("twin-site") / "site"
    shutil.copytree(DEMO_SITE, site)
    write_site(pages(), site)
    servers = {}
    for path in RULE_FILES:
        out = tmp_path_factory.mktemp(f"twin-{path.stem}") / "dist"
        build([str(path)], out, quality=5)
        servers[path] = LabServer(site, out, "/kairos/", ("127.0.0.1", 0)).start()
    yield servers
    for server in servers.values():
        server.stop()


@pytest.mark.parametrize("timeline", timelines(), ids=[t["name"] for t in timelines()])
def test_kernel_and_twin_agree(twin_contexts, twin_servers, twin_renderer, timeline, tmp_path):
    twin = run_twin(timeline, twin_renderer)
    server = twin_servers[rules_file(timeline)]
    real = browser_run(twin_contexts, server.url, pages(), timeline, twin)
    assert_agree(real, twin, tmp_path)
    assert problems(timeline["expect"], normalize(real)) == []
    assert CASES["case_version"] == 1
