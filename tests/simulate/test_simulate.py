"""simulate on the shopper model: the verdicts it must reach, and the same totals whatever runs
the partitions (one process, several, a Dask cluster, a traces file of the same visitors)."""

import json

import pytest

from analytics.shoppers import model, traces
from analytics.simulate.run import Job, plan_partitions, run
from analytics.simulate.summary import summarize

SEED = 1


def simulate(rules, catalog, sessions, **options):
    job = Job(rules=rules, catalog=catalog, seed=SEED)
    return run(job, iter(plan_partitions(SEED, sessions, None)), **options)


@pytest.fixture(scope="module")
def acceptance(acceptance_rules, catalog):
    return summarize(simulate(acceptance_rules, catalog, 1200), acceptance_rules.ir, broad=0.5)


def figures(report, rule, key="all/all"):
    return next(r for r in report["rules"] if r["id"] == rule)["figures"][key], \
        next(r for r in report["rules"] if r["id"] == rule)["flags"]


def test_the_over_broad_and_the_never_firing_rule_are_flagged(acceptance):
    assert acceptance["sessions"]["all/all"] == 1200
    broad, flags = figures(acceptance, "everyone-welcome")
    assert "over-broad" in flags and broad["fired_share"] > 0.5
    never, flags = figures(acceptance, "cart-and-product")
    assert "never fires" in flags and never["fired"] == never["eligible"] == 0
    for rule in ("reviews-moment", "trust-on-third-visit"):
        assert not {"never fires", "over-broad"} & set(figures(acceptance, rule)[1])


def test_a_reading_reviews_rule_is_measured_against_the_ground_truth(acceptance):
    exact, _ = figures(acceptance, "reviews-moment")
    sloppy, _ = figures(acceptance, "reviews-sloppy")
    episodes = acceptance["moments"]["all/all"]["reading_reviews"]
    assert exact["episodes"] == sloppy["episodes"] == episodes > 100
    assert 0 < exact["precision"] <= 1 and 0 < exact["recall"] <= 1
    assert exact["precision"] == round(exact["tp"] / (exact["tp"] + exact["fp"]), 4)
    assert sloppy["precision"] < exact["precision"] - 0.2, (sloppy["precision"], exact["precision"])
    assert exact["delay_s"]["median"] is not None


def test_every_figure_breaks_down_by_device_and_shopper_type(acceptance):
    devices, shoppers = acceptance["devices"], acceptance["shoppers"]
    assert devices == ["desktop", "mobile", "tablet"] and len(shoppers) == 6
    assert len(acceptance["filters"]) == (len(devices) + 1) * (len(shoppers) + 1)
    for rule in acceptance["rules"]:
        whole = rule["figures"]["all/all"]
        for metric in ("fired", "eligible", "tp", "fp", "shown", "capped"):
            assert whole[metric] == sum(rule["figures"][f"{d}/all"][metric] for d in devices)
            assert whole[metric] == sum(rule["figures"][f"all/{s}"][metric] for s in shoppers)
    journey = acceptance["journey"]["all/all"]
    assert {n["label"] for n in journey["nodes"]} >= {"end: exit", "end: purchase"}
    assert journey["triggers"]["reviews-moment"]
    firsts = sum(link["sessions"] for link in journey["links"]
                 if journey["nodes"][link["source"]]["step"] == 0)
    assert firsts == 1200, "every session starts the journey map once"


def test_the_result_is_the_same_for_any_number_of_workers(demo_rules, catalog):
    one = simulate(demo_rules, catalog, 500)
    assert simulate(demo_rules, catalog, 500, workers=2) == one
    assert sum(v for k, v in one.items() if k[0] == "sessions") == 500


def test_a_dask_cluster_gives_the_same_result(demo_rules, catalog):
    from dask.distributed import Client, LocalCluster

    one = simulate(demo_rules, catalog, 300)
    local = LocalCluster(processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None)
    with local as cluster, Client(cluster) as client:
        assert simulate(demo_rules, catalog, 300, cluster=client) == one


def test_a_traces_file_of_the_same_visitors_gives_the_same_result(demo_rules, catalog, store, tmp_path):
    generated = simulate(demo_rules, catalog, 200)
    path = tmp_path / "visitors.jsonl"
    traces.write(path, store.pages, (model.visitor(SEED, i, store, n) for i, n in model.plan(SEED, 200)))
    pages, stream = traces.read(path)
    replayed = run(Job(rules=demo_rules, pages=pages), traces.partitions(stream, 100))
    assert replayed == generated


def test_the_report_is_json(acceptance):
    text = json.dumps(acceptance)
    assert json.loads(text)["kairos_simulation"] == 1
