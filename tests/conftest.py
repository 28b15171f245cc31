"""Shared fixtures: the repository root on sys.path, so tests import build.py and compiler/;
the demo bundle, built once per session (the browser tests and `doctor`'s use it)."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session")
def bundle_dir(tmp_path_factory) -> Path:
    """The demo rules built once per session, exactly as `build.py build` does."""
    from compiler.api import build
    from demo_site import RULES

    out = tmp_path_factory.mktemp("bundle") / "dist"
    build([str(RULES)], out, quality=5)
    return out
