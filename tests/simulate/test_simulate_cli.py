"""`build.py simulate` as a person uses it: the table, --json and --html, and bad input as one
line on stderr with exit 2 (a rule error as `check` reports it, exit 1), never a traceback."""

import json

import pytest

import build
from demo_site import RULES

HERE_RULES = "tests/simulate/rules"


def simulate(capsys, *args):
    code = build.main(["simulate", *map(str, args)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_a_run_prints_the_table_and_writes_json_and_html(capsys, tmp_path):
    code, out, err = simulate(capsys, RULES, HERE_RULES, "--sessions", 150, "--workers", 1, "--seed", 4,
                              "--json", tmp_path / "r.json", "--html", tmp_path / "r.html")
    assert code == 0, err
    assert "150 sessions" in out and "reviews-moment" in out
    assert "never fires: cart-and-product" in out
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["sessions"]["all/all"] == 150 and report["seed"] == 4
    assert [r["id"] for r in report["rules"]][:2] == ["reviews-for-hesitant-shoppers", "cart-and-product"]
    page = (tmp_path / "r.html").read_text()
    assert "<script src" not in page and "Kairos simulation report" in page


def one_line_error(capsys, *args) -> str:
    code, out, err = simulate(capsys, *args)
    assert code == 2, (code, out, err)
    assert err.count("\n") == 1 and err.startswith("error: "), err
    return err.strip()


def test_sessions_zero(capsys):
    assert "--sessions must be at least 1" in one_line_error(capsys, RULES, "--sessions", 0)


def test_an_unknown_rule_file(capsys):
    error = one_line_error(capsys, "no/such/rules.yaml")
    assert error == "error: no such rule file or folder: no/such/rules.yaml"


def test_a_catalog_without_products(capsys, tmp_path):
    catalog = tmp_path / "catalog.json"
    catalog.write_text('{"shop": {"name": "Empty"}, "products": []}')
    assert "needs a non-empty `products` list" in one_line_error(capsys, RULES, "--catalog", catalog)


def test_a_catalog_that_is_not_json(capsys, tmp_path):
    catalog = tmp_path / "catalog.json"
    catalog.write_text("{products: [")
    assert f"{catalog}:1:2: not JSON" in one_line_error(capsys, RULES, "--catalog", catalog)


@pytest.mark.parametrize(("lines", "message"), [
    (['{"kairos_traces": 1, "pages": {}}', '{"steps": [oops]}'], ":2: not JSON"),
    (['{"pages": {}}'], ":1: not a traces file"),
    (['{"kairos_traces": 1, "pages": {}}', '{"steps": [{"at": 0, "do": "open", "page": "nowhere"}]}'],
     ":2: step 1: unknown page 'nowhere'"),
    (['{"kairos_traces": 1, "pages": {"p": {"url": "/", "height": 900}}}',
      '{"steps": [{"at": 5, "do": "open", "page": "p"}, {"at": 1, "do": "scroll", "y": 2}]}'],
     ":2: step 2: `at` must be whole ms, in order"),
])
def test_a_malformed_traces_file(capsys, tmp_path, lines, message):
    path = tmp_path / "traces.jsonl"
    path.write_text("\n".join(lines) + "\n")
    assert message in one_line_error(capsys, RULES, "--traces", path)


def test_a_missing_traces_file(capsys, tmp_path):
    assert "cannot read traces" in one_line_error(capsys, RULES, "--traces", tmp_path / "none.jsonl")


def test_an_unreachable_cluster(capsys):
    error = one_line_error(capsys, RULES, "--sessions", 10, "--cluster", "tcp://127.0.0.1:9")
    assert error.startswith("error: cannot reach the Dask cluster at tcp://127.0.0.1:9")


def test_an_unknown_option(capsys):
    assert "unrecognized arguments: --fast" in one_line_error(capsys, RULES, "--fast")


def test_a_rule_error_is_reported_like_check(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - id: x\n    when: page.dwel > 3s\n"
                   "    show: { snippet: trust_badge, slot: a }\n")
    code, _, err = simulate(capsys, bad)
    assert code == 1 and f"{bad}:3:11: unknown signal `page.dwel`" in err
