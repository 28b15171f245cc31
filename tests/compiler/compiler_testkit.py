"""Compiler test helpers: rule text -> analysis, rendered diagnostics, executed generated module."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
for p in (ROOT, ROOT / "runtime" / "engine"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from compiler.language import codegen, driver  # noqa: E402
from compiler.language import ir as ir_mod  # noqa: E402

FILE = "rules/pdp.yaml"


def analyze(text: str, name: str = FILE, **more: str):
    """Check rule texts as if they were files (no disk access)."""
    return driver.analyze(None, texts={name: text, **more})


def render(text: str, name: str = FILE) -> str:
    """Every diagnostic of a rule text, rendered, without the summary line."""
    report = analyze(text, name).report
    return "\n".join(d.render() for d in report.diagnostics)


def build(text: str, name: str = FILE) -> tuple[dict, str]:
    """IR and generated module source for a rule text that must compile."""
    a = analyze(text, name)
    assert a.report.ok, a.report.render()
    ir = ir_mod.build(a.rules, a.files)
    return ir, codegen.generate(ir)


def load_module(source: str) -> dict:
    """Exec a generated module; its namespace."""
    namespace: dict = {"__name__": "kairos_rules"}
    exec(compile(source, "kairos_rules.py", "exec"), namespace)  # noqa: S102
    return namespace


def state(**signals) -> dict:
    """A full signal state with the kernel's defaults, overridden by `signals` (dots as __)."""
    from compiler.language.vocabulary import SIGNALS

    defaults = {"string": None, "number": None, "bool": False, "duration": 0, "percent": 0,
                "timestamp": 0, "list<string>": [], "list<timestamp>": [], "object": {}}
    s = {name: defaults[sig.type] for name, sig in SIGNALS.items()}
    s.update({"now": 1_800_000_000_000, "page.views": 1, "visits.sessions": 1,
              "cart.count": 0, "cart.value": 0, "behavior.hidden_count": 0})
    s.update({k.replace("__", "."): v for k, v in signals.items()})
    return s


DEMO = """\
rules:
  - id: reviews-for-hesitant-shoppers
    moment: reading_reviews
    when: page.type == "product" and page.dwell > 30s and not cart.has(product.id)
    show: { snippet: review_popup, placement: modal }
    limit: once per session
    priority: 20
  - id: trust-on-third-visit
    moment: price_checking
    when: visits.product(within=7d) >= 3
    show: { snippet: trust_badge, slot: pdp-trust }
    variants: { control: 10%, badge_a: 45%, badge_b: 45% }
"""
