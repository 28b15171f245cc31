"""The corpus of marketer mistakes in mistakes/: each file, checked as a marketer checks it, exits
1 with exactly the stderr of its `.expected` file; KAIROS_UPDATE_MISTAKES=1 rewrites those."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from compiler_testkit import ROOT, render

from compiler.language import driver

MISTAKES = Path(__file__).parent / "mistakes"
CASES = sorted(MISTAKES.glob("*.yaml"))
UPDATE = os.environ.get("KAIROS_UPDATE_MISTAKES") == "1"
IDS = [c.stem for c in CASES]


def relative(case: Path) -> str:
    return case.relative_to(ROOT).as_posix()


def expected(case: Path) -> str:
    return case.with_suffix(".expected").read_text(encoding="utf-8")


def test_the_corpus_is_complete():
    assert len(CASES) >= 40
    numbers = [c.name.split("-", 1)[0] for c in CASES]
    assert numbers == [f"{n:02d}" for n in range(1, len(CASES) + 1)]
    for case in CASES:
        assert case.read_text(encoding="utf-8").startswith("# Mistake: "), case.name
        assert case.with_suffix(".expected").exists() or UPDATE, case.name
    if not UPDATE:
        assert sorted(MISTAKES.glob("*.expected")) == [c.with_suffix(".expected") for c in CASES]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_each_mistake_in_process(case, monkeypatch):
    monkeypatch.chdir(ROOT)
    report = driver.check([relative(case)])
    got = report.render() + "\n"
    if UPDATE:
        case.with_suffix(".expected").write_text(got, encoding="utf-8")
    assert not report.ok
    assert got == expected(case)


@pytest.mark.slow  # ~0.25 s of interpreter start-up each; the in-process test covers the same text
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_each_mistake_through_build_py_check(case):
    done = subprocess.run([sys.executable, "build.py", "check", relative(case)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
    assert done.stderr == expected(case)


@pytest.mark.parametrize("text", [
    "rules:\n  - id: reviews-popup\n    when: page.type == \"product\" and page.dwell > 30s\n"
    "    show: { snippet: review_popup, placement: modal\n    limit: once per session\n",
    "rules:\n  - id: trust-on-third-visit\n    when: visits.product(within=7x) >= 3\n"
    "    show: { snippet: trust_badge, slot: pdp-trust }\n",
], ids=["structure", "unit"])
def test_the_readme_shows_real_output(text):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"```\n{render(text)}\n```" in readme
    assert f"holds {len(CASES)} such mistakes" in readme
