"""Shared fixtures: the repository root on sys.path, so tests import build.py and compiler/;
the demo bundle, built once per session (the browser tests and `doctor`'s use it)."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import analytics  # noqa: E402,F401  (puts runtime/kernel and runtime/engine on sys.path)


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
def twin_renderer(snippets_dir):
    """The engine's renderer over the snippets compiled as the build compiles them (the twin's
    answers then carry the same HTML as the browser's)."""
    from kairos_engine.render import Renderer

    return Renderer(snippets_dir)


@pytest.fixture(scope="session")
def bundle_dir(tmp_path_factory) -> Path:
    """The demo rules built once per session, exactly as `build.py build` does."""
    from compiler.api import build
    from demo_site import RULES

    out = tmp_path_factory.mktemp("bundle") / "dist"
    build([str(RULES)], out, quality=5)
    return out
