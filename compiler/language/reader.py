"""YAML nodes of a rule file -> scalars, mappings and typed values, with diagnostics for people.

The walker every part of the file schema uses (`schema.py` for rules and `show:`, `caps.py`
for limits, schedules and experiments): it checks a node's shape, reports what is wrong at
the node's position, and remembers that the file failed.
"""

from __future__ import annotations

import math
import re

import yaml

from .errors import ERROR, Diagnostic, Span, did_you_mean, one_of
from .source import SourceFile

SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*\Z")
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
_C = yaml.constructor.SafeConstructor()


def scalar_value(node: yaml.ScalarNode) -> object:
    """The typed value of a plain scalar (int, float, bool, None) or its text."""
    try:
        if node.tag == INT:
            return _C.construct_yaml_int(node)
        if node.tag == FLOAT:
            v = _C.construct_yaml_float(node)
            return v if math.isfinite(v) else node.value
        if node.tag == BOOL:
            return _C.construct_yaml_bool(node)
        if node.tag == NULL:
            return None
    except (ValueError, TypeError, yaml.YAMLError):
        pass
    return node.value


class Reader:
    """Walks the node tree of one file, collecting diagnostics."""

    def __init__(self, src: SourceFile, diagnostics: list[Diagnostic]):
        self.src = src
        self.diags = diagnostics
        self.failed = False

    def span(self, node: yaml.Node) -> Span:
        if isinstance(node, yaml.ScalarNode):
            return self.src.node_span(node)
        return self.src.key_span(node)

    def error(self, where: yaml.Node | Span, message: str) -> None:
        span = where if isinstance(where, Span) else self.span(where)
        self.diags.append(Diagnostic(ERROR, message, span))
        self.failed = True

    def mapping(self, node: yaml.Node, what: str) -> list[tuple[str, yaml.Node, yaml.Node]] | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a mapping of `key: value` lines")
            return None
        out, seen = [], {}
        for k, v in node.value:
            if not isinstance(k, yaml.ScalarNode) or not k.value:
                self.error(k, "a key must be a plain word")
                continue
            if k.value in seen:
                self.error(k, f"duplicate key `{k.value}` (first on line {seen[k.value]})")
                continue
            seen[k.value] = k.start_mark.line + 1
            out.append((k.value, k, v))
        return out

    def scalar(self, node: yaml.Node, what: str) -> yaml.ScalarNode | None:
        if isinstance(node, yaml.ScalarNode):
            bad = next((c for c in node.value if "\ud800" <= c <= "\udfff"), None)
            if bad is not None:
                self.error(node, f"invalid character U+{ord(bad):04X} (half of a surrogate pair)")
                return None
            return node
        kind = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
        self.error(node, f"{what} must be a single value, not {kind}")
        return None

    def unknown_key(self, key: str, node: yaml.Node, allowed: tuple[str, ...], where: str) -> None:
        hint = did_you_mean(key, allowed) or f" (expected {one_of(allowed)})"
        self.error(node, f"unknown key `{key}` in {where}{hint}")
