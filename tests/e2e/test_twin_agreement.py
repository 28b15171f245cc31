"""The raw-timeline case file (tests/cases/twin_cases.json) in Chromium: the real kernel and
the Pyodide engine through the script tag, driven by Playwright. Every update the kernel sends
and every answer the engine gives must equal the kernel's Python twin's, key for key; the
failure names the first key that differs."""

import shutil
from pathlib import Path

import pytest

from compiler.api import build
from demo_site import SITE as DEMO_SITE
from tests.cases.expectations import problems
from tests.cases.twin import CASES, epoch, normalize, pages, rules_file, run_twin, timelines

from .conftest_signals import LabServer
from .twin_driver import assert_agree, browser_run
from .twin_pages import write_site

pytestmark = pytest.mark.slow  # 53 timelines, about 120 page loads, each booting the engine (~4 min)

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
    real = browser_run(twin_contexts, server, pages(), timeline, twin)
    assert_agree(real, twin, tmp_path)
    assert problems(timeline["expect"], normalize(real), epoch(timeline)) == []
    assert CASES["case_version"] == 1


FORMATS_JS = Path(__file__).resolve().parents[2] / "runtime" / "engine" / "formats.js"


def test_the_twin_knows_chromiums_intl_patterns(page, twin_servers):
    """kairos_twin/formats.py's table is what the worker's formats.js derives with Intl here,
    for every language and currency the twin knows."""
    from kairos_twin import formats

    server = next(iter(twin_servers.values()))
    page.goto(server.url + "/twin/blank.html")
    source = FORMATS_JS.read_text("utf-8") + "\nwindow.__withFormats = withFormats;"
    page.add_script_tag(type="module", content=source)
    page.wait_for_function("typeof window.__withFormats === 'function'")
    for language in formats.DATES:
        currencies = [c for lang, c in formats.MONEY if lang == language]
        update = {"signals": {"context.language": language}, "viewed": [{"currency": c} for c in currencies]}
        made = page.evaluate("(u) => window.__withFormats(u).formats", update)
        assert made["date"] == formats.date_pattern(language), language
        assert made["money"] == {c: formats.money_pattern(language, c) for c in currencies}, language
