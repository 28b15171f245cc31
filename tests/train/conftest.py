"""Fixtures of the training tests: labelled samples of a seeded shopper-model run, a model
fitted on them, and a traces file of the same visitors."""

import json

import pytest

import analytics  # noqa: F401  (runtime/kernel and runtime/engine on sys.path)
from demo_site import CATALOG

SEED, SESSIONS = 1, 2000


@pytest.fixture(scope="session")
def store():
    from analytics.shoppers.store import load_catalog

    return load_catalog(CATALOG)


@pytest.fixture(scope="session")
def visitors(store) -> list[dict]:
    from analytics.shoppers import model

    return [model.visitor(SEED, i, store, n).to_json() for i, n in model.plan(SEED, SESSIONS)]


@pytest.fixture(scope="session")
def samples(store, visitors):
    from analytics.train.samples import collect

    return collect(iter(visitors), store.pages, "add_to_cart")


@pytest.fixture(scope="session")
def fitted(samples):
    from kairos_engine.features import NAMES

    from analytics.train.fit import fit

    return fit(samples, SEED, list(NAMES))


@pytest.fixture(scope="session")
def traces_file(tmp_path_factory, store, visitors):
    from analytics.shoppers import traces

    path = tmp_path_factory.mktemp("traces") / "visitors.jsonl"
    traces.write(path, store.pages, visitors)
    return path


def catalog() -> dict:
    return json.loads(CATALOG.read_text("utf-8"))
