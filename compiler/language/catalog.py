"""snippets/catalog.yaml -> Snippet contracts (placements, typed params with defaults, needs)."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from ..paths import ENGINE_PACKAGE, SNIPPETS_DIR
from .errors import ERROR, Diagnostic, Span

PLACEMENTS = ("modal", "toast", "corner", "slot")
PARAM_TYPES = ("string", "number", "bool")


@dataclass(frozen=True)
class SnippetParam:
    name: str
    type: str
    default: object = None
    # A string param naming page sections ("SELECTOR=TOPIC; ..."): the topics it allows.
    topics: tuple[str, ...] | None = None


@dataclass
class Snippet:
    name: str
    template: str
    placements: tuple[str, ...]
    needs: tuple[str, ...] = ()
    params: dict[str, SnippetParam] = field(default_factory=dict)
    source: str = ""  # the template's text ("" when it cannot be read)

    def uses_param(self, name: str) -> bool:
        """Whether the template mentions `params.NAME` (or `params["NAME"]`), or the snippet's
        data function in the engine reads it (kairos_engine/snippet_data.py)."""
        pattern = rf"params\s*(?:\.\s*{re.escape(name)}\b|\[\s*['\"]{re.escape(name)}['\"]\s*\])"
        return re.search(pattern, self.source) is not None or name in data_params(self.name)


@dataclass
class Catalog:
    snippets: dict[str, Snippet]
    diagnostics: list[Diagnostic]
    path: str


_CACHE: dict[str, tuple[float, Catalog]] = {}
SNIPPET_DATA = ENGINE_PACKAGE / "snippet_data.py"


@cache
def _data_module() -> ast.Module | None:
    try:
        return ast.parse(SNIPPET_DATA.read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return None


def data_params(snippet: str) -> frozenset[str]:
    """The params the engine's data function of `snippet` reads (`params.get("x")`,
    `params["x"]`), found in its source."""
    module = _data_module()
    fn = next((n for n in module.body if isinstance(n, ast.FunctionDef) and n.name == snippet),
              None) if module else None
    found = set()
    for node in ast.walk(fn) if fn else ():
        target = None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
            target, key = node.func.value, node.args[0] if node.args else None
        elif isinstance(node, ast.Subscript):
            target, key = node.value, node.slice
        if (isinstance(target, ast.Name) and target.id == "params" and isinstance(key, ast.Constant)
                and isinstance(key.value, str)):
            found.add(key.value)
    return frozenset(found)


def load(directory: Path | str | None = None) -> Catalog:
    """Read `catalog.yaml` of a snippets folder (cached while the file is unchanged)."""
    folder = Path(directory) if directory else SNIPPETS_DIR
    path = folder / "catalog.yaml"
    try:
        stamp = path.stat().st_mtime
    except OSError:
        return Catalog({}, [Diagnostic(ERROR, "the snippet catalog is missing", file=str(path))],
                       str(path))  # fmt: skip
    hit = _CACHE.get(str(path))
    if hit and hit[0] == stamp:
        return hit[1]
    cat = _read(folder, path)
    _CACHE[str(path)] = (stamp, cat)
    return cat


def _read(folder: Path, path: Path) -> Catalog:
    where = str(path)

    def bad(message: str) -> Catalog:
        return Catalog({}, [Diagnostic(ERROR, f"snippet catalog: {message}", file=where)], where)

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        mark = getattr(e, "problem_mark", None)
        if mark is not None:
            span = Span(where, mark.line + 1, mark.column + 1, mark.column + 2, "")
            return Catalog({}, [Diagnostic(ERROR, f"snippet catalog: {e}", span)], where)
        return bad(str(e))
    if not isinstance(data, dict):
        return bad("expected a mapping of snippet names")
    out: dict[str, Snippet] = {}
    for name, spec in data.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("template"), str):
            return bad(f"snippet `{name}` needs a `template`")
        placements = tuple(str(p) for p in spec.get("placements") or ())
        if not placements or any(p not in PLACEMENTS for p in placements):
            return bad(f"snippet `{name}`: placements must be among {', '.join(PLACEMENTS)}")
        params = {}
        for pname, pspec in (spec.get("params") or {}).items():
            ptype = pspec.get("type") if isinstance(pspec, dict) else None
            if ptype not in PARAM_TYPES:
                return bad(f"snippet `{name}`: param `{pname}` needs a type among "
                           f"{', '.join(PARAM_TYPES)}")  # fmt: skip
            topics = None
            if pspec.get("sections"):
                topics = tuple(str(t) for t in pspec.get("topics") or ())
                if ptype != "string" or not topics:
                    return bad(f"snippet `{name}`: sections param `{pname}` must be a string "
                               "with `topics`")  # fmt: skip
            params[str(pname)] = SnippetParam(str(pname), ptype, pspec.get("default"), topics)
        try:
            source = (folder / spec["template"]).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            source = ""
        needs = tuple(str(n) for n in spec.get("needs") or ())
        out[str(name)] = Snippet(str(name), spec["template"], placements, needs, params, source)
    return Catalog(out, [], where)


def parse_sections(text: str) -> tuple[list[tuple[str, str]], str | None]:
    """A sections param's value `"#size-chart=fit; #reviews=reviews"` -> its (selector, topic)
    pairs, or an error message. The engine reads it the same way (kairos_engine/reviews.py)."""
    pairs = []
    for part in str(text).split(";"):
        if not part.strip():
            continue
        selector, sep, topic = part.rpartition("=")
        if not sep or not selector.strip() or not topic.strip():
            return [], f"`{part.strip()}` is not SELECTOR=TOPIC"
        pairs.append((selector.strip(), topic.strip()))
    return pairs, None
