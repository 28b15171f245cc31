"""The shared engine cases (tests/cases) in Pyodide, in Chromium, through the bundle's own
worker: the replies must agree with what CPython decides (tests/engine/test_cases.py), and so
must the debug overlay's explanation of every case (the Python its chunk sends the worker)."""

import json

import pytest

from compiler.api import build
from demo_site import SITE as DEMO_SITE
from demo_site.server import make_server
from tests.cases.runner import RULES, problems, updates

EXPLAINED = 100_000  # an explanation's seq: this + its case's
pytestmark = pytest.mark.slow  # builds and boots its own bundle (about 40 s on two cores)

DRIVER = """async ({worker, debug, indexURL, lockURL, snapshotURL, updates}) => {
  // The overlay's Python first, then each case followed by `explain` (which explains the last).
  const {PYTHON} = await import(debug);
  const messages = [{type: "debug", seq: -1, modules: PYTHON}];
  for (const update of updates) messages.push(update, {type: "explain", seq: EXPLAINED + update.seq});
  const engine = new Worker(worker, {type: "module"});
  const replies = {};
  let ready = null;
  await new Promise((resolve, reject) => {
    engine.onerror = (e) => reject(new Error(e.message));
    engine.onmessage = (e) => {
      const reply = e.data;
      if (reply.type === "ready") {
        ready = reply;
        for (const message of messages) engine.postMessage(message);
      } else if (reply.type === "error") {
        reject(new Error(reply.message));
      } else {
        replies[reply.seq] = reply;
        if (Object.keys(replies).length === messages.length) resolve();
      }
    };
    engine.postMessage({type: "init", indexURL, lockURL, snapshotURL});
  });
  engine.terminate();
  return {ready, replies};
}""".replace("EXPLAINED", str(EXPLAINED))


@pytest.fixture(scope="module")
def pyodide_replies(browser, tmp_path_factory):
    out = tmp_path_factory.mktemp("cases") / "dist"
    manifest = build([str(RULES)], out, quality=5)
    server = make_server(DEMO_SITE, out).start()
    names = [entry["name"] for entry in manifest["files"]]
    py_dir = next(name for name in names if name.endswith("/kairos-lock.json")).split("/")[0]
    worker = next(name for name in names if name.startswith("kairos-worker."))
    debug = next(name for name in names if name.startswith("kairos-debug."))
    base = f"{server.url}/kairos/"
    page = browser.new_page()
    try:
        page.goto(f"{server.url}/index.html?kairos=off")
        result = page.evaluate(DRIVER, {
            "worker": base + worker, "debug": base + debug, "indexURL": f"{base}{py_dir}/",
            "lockURL": f"{base}{py_dir}/kairos-lock.json",
            "snapshotURL": f"{base}{py_dir}/engine.snapshot",
            "updates": [update for _, update, _ in updates()]})
    finally:
        page.close()
        server.stop()
    assert result["ready"]["snapshot"] is True  # the snapshot-restored engine answered
    return result["replies"]


@pytest.mark.parametrize(("name", "update", "case"), updates(), ids=[u[0] for u in updates()])
def test_case_in_pyodide(pyodide_replies, name, update, case):
    reply = pyodide_replies[str(update["seq"])]
    assert problems(case, json.loads(json.dumps(reply))) == []


@pytest.fixture(scope="module")
def cpython_explained(snippets_dir):
    """{seq: the overlay's report} for every case, from the engine and overlay in CPython."""
    from tests.engine.test_explain import explaining

    with explaining(snippets_dir) as (_, explain):
        return {update["seq"]: explain(update)[1] for _, update, _ in updates()}


@pytest.mark.parametrize(("name", "update", "case"), updates(), ids=[u[0] for u in updates()])
def test_explanation_in_pyodide(pyodide_replies, cpython_explained, name, update, case):
    reply = pyodide_replies[str(EXPLAINED + update["seq"])]
    assert reply["report"] == json.loads(json.dumps(cpython_explained[update["seq"]]))
