"""Engine fixtures: the engine package importable from runtime/engine; engines over given rules
(the snippets compiled once: tests/conftest.py)."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "runtime" / "engine"))


@pytest.fixture
def make_engine(snippets_dir):
    """make_engine(rules, conditions) -> an Engine over a rules module built from them."""
    import types

    from kairos_engine.engine import Engine
    from kairos_engine.render import Renderer

    def make(rules, conditions):
        module = types.SimpleNamespace(RULES=tuple(rules), CONDITIONS=tuple(conditions), LINE_MAP={})
        return Engine(module, Renderer(snippets_dir))
    return make
