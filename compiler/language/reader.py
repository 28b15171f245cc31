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
_GLUED = re.compile(r"([A-Za-z_][\w-]*):(\S.*)\Z", re.S)
STR = "tag:yaml.org,2002:str"
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


def tagged(node: yaml.ScalarNode) -> str:
    """The text of a scalar YAML read as a tag and a value (`!x y` -> tag `!x`, value `y`)."""
    return f"{node.tag} {node.value}".strip()


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

    def text(self, node: yaml.Node) -> str:
        """A value as written in the file (quotes kept), for examples in messages."""
        span = self.span(node)
        return span.text[span.col - 1 : span.end_col - 1].strip() or "..."

    def error(self, where: yaml.Node | Span, message: str) -> None:
        span = where if isinstance(where, Span) else self.span(where)
        self.diags.append(Diagnostic(ERROR, message, span))
        self.failed = True

    def mapping(self, node: yaml.Node, what: str) -> list[tuple[str, yaml.Node, yaml.Node]] | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{what} must be a mapping of `key: value` lines")
            return None
        out, seen, glued_lines = [], {}, set()
        for k, v in node.value:
            if not isinstance(k, yaml.ScalarNode) or not k.value:
                self.error(k, "a key must be a plain word")
                continue
            glued = _GLUED.match(k.value) if not k.style and v.tag == NULL else None
            if glued:  # `{snippet:x}` is the key `snippet:x`: say so once per line, read on
                k, v = self._unglue(k, glued)
                if k.start_mark.line not in glued_lines:
                    glued_lines.add(k.start_mark.line)
                    self._glued(node, k, v)
            if k.value in seen:
                if k.value == "id" and what == "a rule":
                    v_text = v.value if isinstance(v, yaml.ScalarNode) else "..."
                    self.error(k, f"a second `id` in the rule of line {seen['id']}; to start "
                                  "another rule, begin this line with `- `, lined up with the "
                                  f"`-` above: `- id: {v_text}`")  # fmt: skip
                    break  # the lines below belong to that other rule
                self.error(k, f"duplicate key `{k.value}` (first on line {seen[k.value]})")
                continue
            seen[k.value] = k.start_mark.line + 1
            out.append((k.value, k, v))
        return out

    def _unglue(self, k: yaml.ScalarNode, m: re.Match) -> tuple[yaml.ScalarNode, yaml.Node]:
        """The key `snippet:x` -> the key `snippet` and the value `x`, with their positions."""
        start = self.src.index(k.start_mark.line, k.start_mark.column)
        key, value = m.group(1), m.group(2)
        tag = yaml.resolver.Resolver().resolve(yaml.ScalarNode, value, (True, False))
        key_end, value_start = self._mark(start + len(key)), self._mark(start + len(key) + 1)
        end = self._mark(start + len(k.value))
        return (yaml.ScalarNode(STR, key, k.start_mark, key_end),
                yaml.ScalarNode(tag, value, value_start, end))  # fmt: skip

    def _mark(self, index: int) -> yaml.Mark:
        line, col = self.src.position(index)
        return yaml.Mark(self.src.path, index, line, col, None, None)

    def _glued(self, node: yaml.MappingNode, k: yaml.ScalarNode, v: yaml.ScalarNode) -> None:
        line = k.start_mark.line
        n = sum(1 for kk, vv in node.value if kk.start_mark.line == line and vv.tag == NULL
                and isinstance(kk, yaml.ScalarNode) and _GLUED.match(kk.value))  # fmt: skip
        each = "each `:`" if n > 1 else "`:`"
        i = self.src.index(k.end_mark.line, k.end_mark.column)
        self.error(self.src.span(i, i + 1), f"put a space after {each}, as in "
                                            f"`{k.value}: {v.value}`")  # fmt: skip

    def scalar(self, node: yaml.Node, what: str) -> yaml.ScalarNode | None:
        if isinstance(node, yaml.ScalarNode) and node.tag.startswith("!"):
            self.error(node, f"a value cannot start with `!` in YAML (it marks a tag); put "
                             f"the whole value in quotes, as in `'{tagged(node)}'`")  # fmt: skip
            return None
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
