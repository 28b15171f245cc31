"""Fixtures of the shopper model and simulate tests: the demo store and compiled rule sets."""

import json
from pathlib import Path

import pytest

import analytics  # noqa: F401  (runtime/kernel and runtime/engine on sys.path)
from demo_site import CATALOG, RULES

HERE = Path(__file__).parent


@pytest.fixture(scope="session")
def store():
    from analytics.shoppers.store import load_catalog

    return load_catalog(CATALOG)


@pytest.fixture(scope="session")
def catalog() -> dict:
    return json.loads(CATALOG.read_text("utf-8"))


@pytest.fixture(scope="session")
def demo_rules():
    from analytics.simulate.engine import load_rules

    return load_rules([RULES])


@pytest.fixture(scope="session")
def acceptance_rules():
    """The demo rules plus tests/simulate/rules/: an over-broad rule, one that cannot fire,
    and a reading-reviews rule with a sloppier variant."""
    from analytics.simulate.engine import load_rules

    return load_rules([RULES, HERE / "rules"])
