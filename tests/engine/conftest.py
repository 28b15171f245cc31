"""Engine fixtures: the engine package importable from runtime/engine; engines over given rules
(the snippets compiled once: tests/conftest.py)."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "runtime" / "engine"))


@pytest.fixture(scope="session")
def renderer(snippets_dir):
    """One Renderer for the session (the snippets compiled once: tests/conftest.py)."""
    from kairos_engine.render import Renderer

    return Renderer(snippets_dir)


@pytest.fixture
def make_engine(renderer):
    """make_engine(rules, conditions) -> an Engine over a rules module built from them."""
    import types

    from kairos_engine.engine import Engine

    def make(rules, conditions):
        module = types.SimpleNamespace(RULES=tuple(rules), CONDITIONS=tuple(conditions), LINE_MAP={})
        return Engine(module, renderer)
    return make
