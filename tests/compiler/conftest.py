"""Compiler test fixtures; helpers live in compiler_testkit.py (a name no other test folder uses)."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from compiler_testkit import DEMO  # noqa: E402


@pytest.fixture
def rules_dir(tmp_path):
    """A folder with the DESIGN.md example rules."""
    d = tmp_path / "rules"
    d.mkdir()
    (d / "demo.yaml").write_text(DEMO)
    return d
