"""`build.py report` as a person uses it: the table, --json (docs/contracts.md) and --html,
weights from --rules, and bad input as one line and exit 2, never a traceback."""

from __future__ import annotations

import json
import re

import pytest

import build
from analytics.events.synthetic import demo, demo_ir, write_sink
from demo_site import RULES


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    log, ir = folder / "kairos-events.jsonl", folder / "ir.json"
    write_sink(demo(120_000, seed=5), log)
    ir.write_text(json.dumps(demo_ir()))
    return log, ir


def run(capsys, *args) -> tuple[int, str, str]:
    code = build.main(["report", *map(str, args)])
    out, err = capsys.readouterr()
    return code, " ".join(out.split()), err  # the words, whatever the terminal's width


def test_a_report_prints_the_table_and_writes_json_and_html(capsys, tmp_path, store):
    log, ir = store
    code, out, err = run(capsys, log, "--rules", ir, "--json", tmp_path / "r.json",
                         "--html", tmp_path / "r.html")
    assert (code, err) == (0, "")
    assert "trust-on-third-visit (trust_badge)" in out and "badge_a" in out
    assert "sample ratio mismatch: control / banner split" in out
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["report_version"] == 1 and report["weights_from"] == str(ir)
    assert report["settings"] == {"metric": "add_to_cart", "mde": 0.1, "alpha": 0.05, "power": 0.8,
                                  "srm_p": 0.001, "srm_min": 100, "correction": "holm", "confidence": 0.95}
    rules = {r["id"]: r for r in report["rules"]}
    assert rules["free-shipping-nudge"]["status"] == "srm"
    badge = {g["variant"]: g for g in rules["trust-on-third-visit"]["groups"]}
    assert badge["control"]["baseline"] and badge["control"]["lift"] is None
    lift = badge["badge_a"]["lift"]["add_to_cart"]
    assert lift["ci"][0] < lift["estimate"] < lift["ci"][1] and 0 <= lift["p"] <= lift["p_adjusted"] <= 1
    assert badge["badge_a"]["expected_share"] == pytest.approx(0.45)
    assert set(rules["trust-on-third-visit"]["segments"]["device"]) == {"mobile", "tablet", "desktop"}
    assert set(rules["trust-on-third-visit"]["segments"]["visitor"]) == {"new", "returning"}
    answers = rules["quick-question-at-checkout"]["answers"]
    assert {a["variant"] for a in answers} == {"default"}
    assert sum(x["share"] for x in answers[0]["answers"].values()) == pytest.approx(1)
    page = (tmp_path / "r.html").read_text()
    assert "Kairos lift report" in page and "Plotly" in page
    markup = re.sub(r"<script[^>]*>.*?</script>", "<script></script>", page, flags=re.S)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", markup), "nothing is fetched"
    assert "<script src" not in page and "<link" not in markup


def test_without_rules_the_weights_are_inferred_and_said_so(capsys, store):
    code, out, _ = run(capsys, store[0], "--by", "device")
    assert code == 0
    assert "weights: inferred" in out and "equal weights (inferred: pass --rules)" in out
    assert "not checked (weights unknown: a holdout, and no --rules)" in out
    assert "trust-on-third-visit · mobile" in out


def test_rule_files_give_the_weights_too(capsys, store, tmp_path):
    code, out, _ = run(capsys, store[0], "--rules", RULES)
    assert code == 0 and f"weights: {RULES}" in out


def test_a_rule_error_is_reported_like_check(capsys, store, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - id: x\n    when: page.dwell > 30x\n"
                   "    show: { snippet: trust_badge, slot: a }\n")
    code, _, err = run(capsys, store[0], "--rules", bad)
    assert code == 1 and "bad.yaml:3:" in err


GA4_NOT = b"PAR1"  # a Parquet file of another schema is written in the test


def _parquet_of_another_schema(path):
    import duckdb

    duckdb.connect().execute(f"COPY (SELECT 1 AS order_id, 'x' AS sku) TO '{path}' (FORMAT PARQUET)")


@pytest.mark.parametrize(("content", "message"), [
    (b"", "empty file, no events"),
    (b"\n\n", "empty file, no events"),
    (b"hello, world\n", "unknown format: neither JSON Lines nor Parquet"),
    (b'{"order": 1, "total": 2}\n', "unknown format: neither the sink's events (v, type, rule, ...) nor "
                                    "a GA4 export (event_name, user_pseudo_id, event_params, ...)"),
    (b'{"v": 2, "type": "exposure"}\n', "events of schema version 2; this report reads version 1"),
    (b'{"v": 1, "type": "click", "rule": "r", "visitor": "a", "ts": 1, "qa": false}\n',
     "no exposures to report on (1 event read)\n"),
    (b'{"v": 1, "type": "exposure", "rule": "r", "visitor": "a", "ts": 1, "qa": true}\n',
     "no exposures to report on (1 event read, 1 of them QA previews, left out)\n"),
    (b'{"v": 1, "type": "exposure", "rule": "r", "visitor": "a", "ts": 1}\n{"v": 1, "type": "ex',
     "cannot be read as events (Malformed JSON"),
    (b'{"v": 1, "type": "exposure", "rule": "r", "visitor": "a", "ts": "noon"}\n',
     "cannot be read as events (JSON transform error"),
    (b'{"event_name": "page_view", "user_pseudo_id": "1.2", "event_timestamp": "x"}\n',
     "not a GA4 export as BigQuery writes it"),
])
def test_bad_event_files_are_one_line_and_exit_2(capsys, tmp_path, content, message):
    path = tmp_path / "events.jsonl"
    path.write_bytes(content)
    code, out, err = run(capsys, path)
    assert code == 2 and out == ""
    assert err.startswith(f"error: {path}: {message}") and err.count("\n") == 1, err


def test_a_parquet_file_that_is_not_a_ga4_export(capsys, tmp_path):
    path = tmp_path / "orders.parquet"
    _parquet_of_another_schema(path)
    code, _, err = run(capsys, path)
    assert code == 2
    assert err == (f"error: {path}: a Parquet file that is not a GA4 export (no event_name, event_timestamp, "
                   "user_pseudo_id, event_params column)\n")


@pytest.mark.parametrize(("args", "message"), [
    (["missing.jsonl"], "error: missing.jsonl: no such file\n"),
    (["events_*.json"], "error: events_*.json: no file matches\n"),
    ([], "error: the following arguments are required: events\n"),
    (["x.jsonl", "--mde", "2"], "error: argument --mde: 2 is not a share between 0 and 1 (or 1% to 99%)\n"),
    (["x.jsonl", "--metric", "bounce"], "error: argument --metric: invalid choice: 'bounce' "),
    (["x.jsonl", "--rules", "nowhere.json"], "error: nowhere.json: no such file\n"),
])
def test_bad_arguments_are_one_line_and_exit_2(capsys, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.jsonl").write_text('{"v": 1, "type": "exposure", "rule": "r", "visitor": "a", "ts": 1}\n')
    code, _, err = run(capsys, *args)
    assert code == 2 and err.startswith(message) and err.count("\n") == 1, err


def test_a_folder_of_event_files_is_read_whole(capsys, tmp_path, store):
    (tmp_path / "a.jsonl").write_bytes(store[0].read_bytes())
    (tmp_path / "notes.txt").write_text("not events")
    code, out, _ = run(capsys, tmp_path)
    assert code == 0 and "trust-on-third-visit" in out
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run(capsys, empty)
    assert code == 2 and "a folder with no event files" in err
