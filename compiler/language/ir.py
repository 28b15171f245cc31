"""Checked rules -> the versioned IR (docs/contracts.md section 3) with rule and global `watch`."""

from __future__ import annotations

import json

from . import vocabulary as V
from .models import watch_of
from .rules import CheckedRule

IR_VERSION = 1
PREDICT = "predict."  # `predict.NAME`: a model's probability, computed by the engine (models.py)
_FLIP = {">": "<", "<": ">", ">=": "<=", "<=": ">=", "==": "==", "!=": "!="}


def build(rules: list[CheckedRule], sources: list[str], models: dict | None = None) -> dict:
    """The IR document; rules sorted by (-priority, id). `models` (name -> models.Model): those
    `predict.NAME` may read; the ones rules read are carried in the IR's `models`."""
    models = models or {}
    out = [rule_ir(r, models) for r in rules]
    out.sort(key=lambda r: (-r["priority"], r["id"]))
    doc = {
        "ir_version": IR_VERSION,
        "sources": sorted(set(sources)),
        "rules": out,
        "watch": merge_watch([r["watch"] for r in out if r["enabled"]]),
    }
    used = sorted({name[len(PREDICT):] for r in out for name in r["watch"]["signals"]
                   if name.startswith(PREDICT)})
    if used:
        doc["models"] = {name: models[name].runtime() for name in used}
    return doc


def rule_ir(r: CheckedRule, models: dict | None = None) -> dict:
    s = r.spec
    return {
        "id": s.id,
        "source": {"file": s.file, "line": s.line},
        "moment": s.moment,
        "enabled": s.enabled,
        "priority": s.priority,
        "when": r.when,
        "show": r.show,
        "limit": s.limit,
        "cooldown": s.cooldown,
        "schedule": s.schedule,
        "variants": s.variants,
        "holdout": s.holdout,
        "watch": _with_sections(watch(r.when, models), r.sections),
        "ahead": at_page_load(watch(r.when, models), r.show),
    }


# Signals settled when a page view opens (the page, its product, the visit history, the cart,
# the shopper's context). A slot rule reading only these is a page-load moment: the engine
# can decide it ahead, for the next view of the same page (docs/contracts.md, section 5).
_AT_LOAD = ("page.type", "page.url", "page.views", "product.", "visits.", "cart.", "context.")
_GROWING = ("product.dwell",)  # under an _AT_LOAD prefix, but grows during the view


def at_page_load(watched: dict, show: dict) -> bool:
    """True for a slot rule decided by what a page view knows when it opens."""
    return (show["placement"] == "slot" and not watched["sections"] and not watched["thresholds"]
            and all(name.startswith(_AT_LOAD) and name not in _GROWING
                    for name in watched["signals"]))


def _with_sections(watched: dict, sections: list[str]) -> dict:
    """A rule's watch list plus the sections its snippet reads (the kernel tracks them)."""
    if sections:
        watched["sections"] = sorted(set(watched["sections"]) | set(sections))
    return watched


def dumps(ir: dict) -> str:
    """Canonical JSON text of the IR: sorted keys, two-space indent, final newline."""
    return json.dumps(ir, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def _monotonic(e: dict) -> tuple[str, str | None] | None:
    """(threshold key, selector) when `e` reads a never-decreasing value, else None."""
    if e["op"] == "signal" and e["name"] in V.SIGNALS and V.SIGNALS[e["name"]].monotonic:
        return e["name"], None
    if e["op"] == "call":
        f = V.FUNCTIONS[e["fn"]]
        if f.monotonic and e["args"] and e["args"][0]["op"] == "lit":
            return e["fn"], e["args"][0]["value"]
    return None


def watch(expr: dict, models: dict | None = None) -> dict:
    """Which state keys a condition reads, and the thresholds of monotonic comparisons. A
    `predict.NAME` reads its model's inputs, with thresholds on the growing ones
    (models.watch_of: where the kernel must wake the engine for the prediction to follow)."""
    signals: set[str] = set()
    thresholds: dict = {}
    sections: set[str] = set()
    # A threshold crossed on a page type where the rule cannot hold wakes nobody it concerns:
    # the kernel skips it there (when the type changes, `page.type` wakes the engine anyway).
    pages = page_types(expr)
    gate = [] if pages is None else [sorted(pages)]

    def add_threshold(key: str, selector: str | None, value, op: str) -> None:
        if selector is None:
            thresholds.setdefault(key, []).append([value, op, *gate])
        else:
            sections.add(selector)
            thresholds.setdefault(key, {}).setdefault(selector, []).append([value, op, *gate])

    def walk(e: dict) -> None:
        op = e["op"]
        if op == "cmp":
            left, right = e["left"], e["right"]
            for a, b, cmp in ((left, right, e["cmp"]), (right, left, _FLIP[e["cmp"]])):
                mono = _monotonic(a)
                if mono and b["op"] == "lit" and not isinstance(b["value"], bool):
                    add_threshold(mono[0], mono[1], b["value"], cmp)
                    return
            walk(left)
            walk(right)
        elif op == "signal":
            signals.add(e["name"])
            model = (models or {}).get(e["name"][len(PREDICT):]) if e["name"].startswith(PREDICT) else None
            if model is not None:
                inputs = watch_of(model)
                signals.update(inputs["signals"])
                for key, pairs in inputs["thresholds"].items():
                    for value, cmp in pairs:
                        add_threshold(key, None, value, cmp)
        elif op == "call":
            f = V.FUNCTIONS[e["fn"]]
            signals.update(f.reads)
            if f.member_of == "section" and e["args"] and e["args"][0]["op"] == "lit":
                sections.add(e["args"][0]["value"])
            for a in e["args"]:
                walk(a)
        elif op in ("and", "or"):
            for a in e["args"]:
                walk(a)
        elif op == "not":
            walk(e["arg"])
        elif op == "in":
            walk(e["left"])
            walk(e["right"])
        elif op == "list":
            for a in e["items"]:
                walk(a)

    walk(expr)
    return {"signals": sorted(signals), "thresholds": _sorted_thresholds(thresholds),
            "sections": sorted(sections)}  # fmt: skip


def page_types(expr: dict) -> frozenset[str] | None:
    """The page types on which `expr` can hold, or None for any: read from `page.type ==` and
    `page.type in [...]` under `and` / `or` (anything else may hold anywhere)."""
    op = expr["op"]
    if op == "cmp" and expr["cmp"] == "==":
        for a, b in ((expr["left"], expr["right"]), (expr["right"], expr["left"])):
            if _is_page_type(a) and b["op"] == "lit" and isinstance(b["value"], str):
                return frozenset([b["value"]])
    elif op == "in" and _is_page_type(expr["left"]) and expr["right"]["op"] == "list":
        items = expr["right"]["items"]
        if all(i["op"] == "lit" and isinstance(i["value"], str) for i in items):
            return frozenset(i["value"] for i in items)
    elif op == "and":
        known = [p for p in map(page_types, expr["args"]) if p is not None]
        return frozenset.intersection(*known) if known else None
    elif op == "or":
        parts = [page_types(a) for a in expr["args"]]
        return None if any(p is None for p in parts) else frozenset().union(*parts)
    return None


def _is_page_type(e: dict) -> bool:
    return e["op"] == "signal" and e["name"] == "page.type"


def _sorted_thresholds(t: dict) -> dict:
    def uniq(marks: list) -> list:
        """One mark per (value, op); its page types the union of its rules' (none: any page)."""
        pages: dict = {}
        for value, op, *gate in marks:
            known = pages.get((value, op), set())
            pages[(value, op)] = None if known is None or not gate else known | set(gate[0])
        return [[v, op, *([sorted(pages[v, op])] if pages[v, op] is not None else [])]
                for v, op in sorted(pages, key=lambda p: (p[0], p[1]))]

    return {k: ({s: uniq(p) for s, p in sorted(v.items())} if isinstance(v, dict) else uniq(v))
            for k, v in sorted(t.items())}  # fmt: skip


def merge_watch(watches: list[dict]) -> dict:
    """The union of rules' watch lists (what the kernel arms)."""
    signals: set[str] = set()
    merged: dict = {}
    sections: set[str] = set()
    for w in watches:
        signals.update(w["signals"])
        sections.update(w["sections"])
        for k, v in w["thresholds"].items():
            if isinstance(v, dict):
                for sel, pairs in v.items():
                    merged.setdefault(k, {}).setdefault(sel, []).extend(pairs)
            else:
                merged.setdefault(k, []).extend(v)
    return {"signals": sorted(signals), "thresholds": _sorted_thresholds(merged),
            "sections": sorted(sections)}  # fmt: skip
