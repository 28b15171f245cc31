"""The simulate HTML report in Chromium: it opens from a file with no request leaving it, draws
the journey map and every rule's charts, and its filters and marks work."""

import json

import pytest

import analytics  # noqa: F401  (runtime/kernel and runtime/engine on sys.path)
from demo_site import CATALOG, RULES


@pytest.fixture(scope="module")
def report_file(tmp_path_factory):
    from analytics.simulate.engine import load_rules
    from analytics.simulate.html_report import write_html
    from analytics.simulate.run import Job, plan_partitions, run
    from analytics.simulate.summary import summarize

    rules = load_rules([RULES])
    job = Job(rules=rules, catalog=json.loads(CATALOG.read_text("utf-8")), seed=2)
    report = summarize(run(job, iter(plan_partitions(2, 400, None))), rules.ir,
                       meta={"seed": 2, "source": "shopper model", "rules_files": [str(RULES)]})
    path = tmp_path_factory.mktemp("report") / "report.html"
    write_html(report, path)
    return path, report


def test_the_report_opens_offline_with_its_charts(page, report_file):
    path, report = report_file
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(path.as_uri())
    rules = [r["id"] for r in report["rules"]]
    page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot').length >= {3 + 2 * len(rules)}")
    assert requests == [path.as_uri()], "nothing but the file itself is requested"
    assert errors == []
    assert page.locator("#journey .sankey .sankey-node").count() > 10
    for rule in report["rules"]:
        assert page.locator(f"#breakdown-{rule['id']} .heatmaplayer").count() == 1
        if rule["moment"]:  # bars where it caught an episode of its moment (a time to trigger)
            caught = rule["figures"]["all/all"]["caught"]
            assert page.locator(f"#delays-{rule['id']}.js-plotly-plot").count() == 1
            assert page.locator(f"#delays-{rule['id']} .barlayer").count() == (1 if caught else 0), rule["id"]
    assert page.locator("#rules-body tr").count() == len(rules)
    assert page.locator("#filter-sessions").inner_text() == "400 sessions"


def test_the_filters_and_the_trigger_marks(page, report_file):
    path, report = report_file
    page.goto(path.as_uri())
    page.wait_for_function("document.querySelectorAll('#journey .sankey-node').length > 0")
    page.select_option("#device", "mobile")
    mobile = report["sessions"]["mobile/all"]
    assert page.locator("#filter-sessions").inner_text() == f"{mobile:,} sessions"
    page.select_option("#shopper", "researcher")
    both = report["sessions"]["mobile/researcher"]
    assert page.locator("#filter-sessions").inner_text() == f"{both:,} sessions"
    fired = next(r for r in report["rules"] if r["id"] == "reviews-for-hesitant-shoppers")["figures"]
    row = page.locator("#rules-body tr", has_text="reviews-for-hesitant-shoppers").inner_text()
    assert f"({fired['mobile/researcher']['fired']:,})" in row
    page.select_option("#mark", "reviews-for-hesitant-shoppers")
    marked = page.locator("#journey .sankey-node text").evaluate_all("nodes => nodes.map(n => n.textContent)")
    assert any("◆" in label for label in marked)
