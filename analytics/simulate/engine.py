"""Rule files -> what the twin needs: the generated rules module, the kernel's build config,
and an engine per page load (the real kairos_engine, as the browser runs it)."""

from __future__ import annotations

import types
from dataclasses import dataclass

from kairos_engine.engine import Engine

from compiler.bundle.config import DEFAULT_CONFIG, kernel_config, page_types
from compiler.language.driver import compile_rules

VERSION = "simulate"


class NullRenderer:
    """Decisions matter here, not their HTML: every snippet renders as an empty string."""

    catalog: dict = {}

    def render(self, snippet, params, product, variant) -> str:
        return ""


class EngineAdapter:
    """kairos_engine.boundary.handle without the JSON text: an update dict in, a reply out."""

    def __init__(self, module, renderer):
        self.engine = Engine(module, renderer)

    def handle(self, update: dict) -> dict:
        try:
            reply = self.engine.decide(update)
            reply["reason"] = update.get("reason")
        except Exception as error:  # the worker's fail-closed answer
            reply = {"type": "error", "message": f"engine: {error!r}", "rule": None, "where": None}
        return reply


@dataclass
class RuleSet:
    """A compiled rule set: the IR, its generated module's source, the kernel's config."""

    ir: dict
    source: str
    config: dict

    @property
    def moments(self) -> dict:
        """rule id -> the moment it declares (`moment:`), for rules that declare one."""
        return {rule["id"]: rule["moment"] for rule in self.ir["rules"] if rule.get("moment")}

    def module(self):
        module = types.ModuleType("kairos_rules")
        exec(compile(self.source, "kairos_rules.py", "exec"), module.__dict__)  # noqa: S102
        return module

    def engines(self, renderer=None):
        """make_engine() for the twin: a fresh engine per page load over one module."""
        module = self.module()
        renderer = renderer or NullRenderer()
        return lambda: EngineAdapter(module, renderer)


def load_rules(paths: list[str]) -> RuleSet:
    """Compile `paths` (raises compiler's CompileFailed) into a RuleSet."""
    compiled = compile_rules([str(p) for p in paths])
    ir = compiled.ir
    config = {**DEFAULT_CONFIG, **kernel_config(ir), "version": VERSION, "watch": ir["watch"],
              "pages": page_types(ir)}
    return RuleSet(ir=ir, source=compiled.module_source, config=config)
