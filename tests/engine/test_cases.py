"""The shared engine cases (tests/cases) in CPython; tests/e2e/test_engine_cases.py runs the
same file in Pyodide in Chromium, so the two interpreters must decide alike."""

import json
import sys
import types

import pytest
from kairos_engine.engine import Engine

from compiler.language.driver import compile_rules
from tests.cases.runner import RULES, problems, updates


@pytest.fixture(scope="module")
def engine(renderer):
    module = types.ModuleType("kairos_rules_cases")
    exec(compile_rules([str(RULES)]).module_source, module.__dict__)  # noqa: S102
    return Engine(module, renderer)


@pytest.mark.parametrize(("name", "update", "case"), updates(), ids=[u[0] for u in updates()])
def test_case(engine, name, update, case):
    reply = json.loads(json.dumps(engine.decide(json.loads(json.dumps(update)))))
    assert problems(case, reply) == []


def test_the_cases_cover_every_rule():
    covered = {d["rule"] for _, _, case in updates() for d in case["expect"]}
    text = RULES.read_text()
    assert all(f"id: {rule}" in text for rule in covered)
    assert len(covered) == 13 and "kairos_engine" in sys.modules
