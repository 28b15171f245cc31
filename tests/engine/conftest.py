"""Engine fixtures: the engine package importable from runtime/engine, snippets compiled once."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "runtime" / "engine"))


@pytest.fixture(scope="session")
def snippets_dir(tmp_path_factory) -> Path:
    """The kairos_snippets package as the build makes it (precompiled templates + catalog)."""
    from compiler.bundle.templates import compile_snippets

    out = tmp_path_factory.mktemp("snippets") / "kairos_snippets"
    out.mkdir()
    for name, data in compile_snippets().items():
        (out / name).write_bytes(data)
    return out


@pytest.fixture(scope="session")
def renderer(snippets_dir):
    """One Renderer for the session. Jinja2's ModuleLoader puts a weak proxy of its templates
    package in sys.modules; a collected Renderer leaves a dead one there, which Hypothesis
    trips over when it scans sys.modules (ReferenceError), so none is ever collected."""
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
