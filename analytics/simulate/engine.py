"""Rule files -> what the twin needs: the generated rules module, the kernel's build config,
and an engine per page load (the real kairos_engine, as the browser runs it)."""

from __future__ import annotations

import types
from dataclasses import dataclass

from kairos_engine.engine import Engine
from kairos_engine.render import Renderer

from compiler.api import compile_rules, kernel_settings
from compiler.bundle.templates import load_catalog as load_snippet_catalog

VERSION = "simulate"
# Engine's fields; of these only `truth` and `last` change as it evaluates (EngineAdapter).
ENGINE_FIELDS = {"rules", "conditions", "line_map", "renderer", "watchers", "always", "truth", "last",
                 "ahead", "index", "models"}


class NullRenderer(Renderer):
    """Decisions matter here, not their HTML: every snippet renders as an empty string. The
    rule's params still go over the catalog's defaults (the real renderer's `params`): a
    snippet's data, and so whether it is shown, can depend on them."""

    def __init__(self):  # no templates: only the catalog (snippets/catalog.yaml)
        self.catalog = load_snippet_catalog()

    def render(self, snippet, params, product, variant, data=None) -> str:
        return ""


class EngineAdapter:
    """kairos_engine.boundary.handle without the JSON text: an update dict in, a reply out.
    `engine` is a freshly booted Engine (a copy of one made once, with nothing evaluated yet:
    the same state a new Engine starts in, without recomputing its watch tables)."""

    def __init__(self, prototype: Engine):
        self.engine = Engine.__new__(Engine)  # copy.copy's result, without its reduce protocol
        self.engine.__dict__.update(prototype.__dict__)
        self.engine.truth = [False] * len(prototype.rules)
        self.engine.last = None

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
        prototype = Engine(self.module(), renderer or NullRenderer())
        if set(vars(prototype)) != ENGINE_FIELDS:  # a new field may be state a copy must reset
            raise RuntimeError(f"kairos_engine.Engine has new fields {set(vars(prototype)) ^ ENGINE_FIELDS}: "
                               "say in EngineAdapter how a fresh engine starts with them")
        return lambda: EngineAdapter(prototype)


def load_rules(paths: list[str]) -> RuleSet:
    """Compile `paths` (raises compiler's CompileFailed) into a RuleSet."""
    compiled = compile_rules([str(p) for p in paths])
    ir = compiled.ir
    return RuleSet(ir=ir, source=compiled.module_source, config={**kernel_settings(ir), "version": VERSION})
