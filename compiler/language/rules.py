"""RuleSpec -> CheckedRule: the condition checked (moments resolved) and `show:` checked against
the snippet catalog."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from .catalog import Catalog, Snippet
from .checker import Checked, Checker
from .errors import ERROR, Diagnostic, did_you_mean, one_of
from .schema import RuleSpec

_PLACE_WORDS = {"slot": "in a slot", "modal": "as a modal", "toast": "as a toast",
                "corner": "as a corner card"}  # fmt: skip


@dataclass
class CheckedRule:
    spec: RuleSpec
    when: dict
    show: dict
    checked: Checked
    snippet: Snippet | None = None
    moments: list[str] = field(default_factory=list)


def check_rule(
    spec: RuleSpec, checker: Checker, catalog: Catalog, diags: list[Diagnostic]
) -> CheckedRule | None:
    """Check one structurally valid rule; None when it has errors."""
    before = len(diags)
    checked = _condition(spec, checker, diags)
    show, snippet = _show(spec, catalog, diags)
    if len(diags) > before or checked is None or checked.ir is None or show is None:
        return None
    moments = sorted(set(checked.moments) | ({spec.moment} if spec.moment else set()))
    return CheckedRule(spec, checked.ir, show, checked, snippet, moments)


def _condition(spec: RuleSpec, checker: Checker, diags: list[Diagnostic]) -> Checked | None:
    if spec.moment is not None and spec.moment not in checker.defs:
        hint = did_you_mean(spec.moment, checker.defs) or (
            f" (moments: {one_of(sorted(checker.defs))})")
        diags.append(Diagnostic(ERROR, f"unknown moment `{spec.moment}`{hint}", spec.moment_span))
        return None
    if spec.when is not None:
        return checker.condition(spec.when)
    if spec.moment is None:
        return None
    m = checker.moment(spec.moment)
    if m is None or m.ir is None:
        return None
    return Checked(copy.deepcopy(m.ir), [spec.moment, *m.moments], {})


def _show(spec: RuleSpec, catalog: Catalog, diags: list[Diagnostic]):
    show = spec.show
    if show is None:
        return None, None
    snippet = catalog.snippets.get(show.snippet)
    if snippet is None:
        names = sorted(catalog.snippets)
        hint = did_you_mean(show.snippet, names) or (
            f" (known snippets: {one_of(names)})" if names else " (the catalog is empty)")
        diags.append(Diagnostic(ERROR, f"unknown snippet `{show.snippet}`{hint}",
                                show.snippet_span))  # fmt: skip
        return None, None
    ok = True
    if show.placement not in snippet.placements:
        allowed = one_of("slot: NAME" if p == "slot" else p for p in snippet.placements)
        where = _PLACE_WORDS[show.placement]
        diags.append(Diagnostic(ERROR, f"snippet `{snippet.name}` cannot be shown {where}; "
                                       f"use {allowed}", show.placement_span))  # fmt: skip
        ok = False
    params = {}
    for p in show.params:
        decl = snippet.params.get(p.name)
        if decl is None:
            names = sorted(snippet.params)
            hint = did_you_mean(p.name, names) or (
                f" (it takes {one_of(names)})" if names else " (it takes none)")
            diags.append(Diagnostic(ERROR, f"snippet `{snippet.name}` has no param "
                                           f"`{p.name}`{hint}", p.key_span))  # fmt: skip
            ok = False
            continue
        value = _param_value(decl.type, p.value, p.raw)
        if value is None:
            what = {"string": "text", "number": "a number", "bool": "`true` or `false`"}
            diags.append(Diagnostic(ERROR, f"param `{p.name}` of `{snippet.name}` must be "
                                           f"{what[decl.type]}, not `{p.raw}`", p.value_span))
            ok = False
            continue
        params[p.name] = value
    if not ok:
        return None, None
    ir = {"snippet": snippet.name, "placement": show.placement, "slot": show.slot,
          "params": params}  # fmt: skip
    return ir, snippet


def _param_value(kind: str, value: object, raw: str):
    if kind == "string":
        return raw
    if kind == "bool":
        return value if isinstance(value, bool) else None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, int):
        return value
    return int(value) if value.is_integer() else value
