"""The lift report (docs/contracts.md, "The lift report"): per rule and variant, from the
summary sums, the figures, the lift over control or holdout with its CI, the sample-ratio check
against the rule's configured weights, Holm's correction across rules, breakdowns by device class
and new vs returning visitor, quick_question answers, and the verdicts (verdict.py)."""

from __future__ import annotations

import math

from analytics.events.summary import Cell, Summary

from .stats import Lift, Sample, holm, relative_lift, sample_ratio, visitors_needed
from .verdict import rule_verdicts

REPORT_VERSION = 1
METRICS = ("click", "add_to_cart", "purchase", "revenue")
DIMENSIONS = {"device": ("mobile", "tablet", "desktop", "other", "unknown"),
              "visitor": ("new", "returning", "unknown")}


def sample(cell: Cell, metric: str) -> Sample:
    """A metric of one group as sums over its exposed visitors."""
    if metric == "revenue":
        return Sample(cell.visitors, cell.revenue, cell.revenue_sq, binary=False)
    hits = {"click": cell.clickers, "add_to_cart": cell.adders, "purchase": cell.buyers}[metric]
    return Sample(cell.visitors, hits, hits)


def _rate(part: float, whole: int) -> float | None:
    return part / whole if whole else None


def _lift(lift: Lift | None) -> dict | None:
    if lift is None:
        return None
    return {"estimate": lift.estimate, "ci": [lift.low, lift.high], "p": lift.p, "p_adjusted": None,
            "significant": None}


def figures(cell: Cell) -> dict:
    """A group's figures (rates per exposed visitor)."""
    n = cell.visitors
    return {"visitors": n, "clicks": cell.clicks, "clickers": cell.clickers, "ctr": _rate(cell.clickers, n),
            "dismisses": cell.dismisses,
            "add_to_cart": {"visitors": cell.adders, "rate": _rate(cell.adders, n), "events": cell.adds},
            "purchase": {"visitors": cell.buyers, "rate": _rate(cell.buyers, n), "events": cell.purchases},
            "revenue": {"total": round(cell.revenue, 2), "per_visitor": _rate(cell.revenue, n)}}


def weights_for(rule: dict | None, groups: list[str]) -> tuple[dict | None, str]:
    """Expected shares per group from an IR rule (holdout first, the variants share the rest),
    else equal shares inferred from the groups seen (None when a holdout makes that a guess)."""
    if rule is not None:
        holdout = rule.get("holdout") or 0
        shares = {"holdout": holdout / 100} if holdout else {}
        variants = rule.get("variants") or []
        if variants:
            shares.update({v["name"]: (100 - holdout) / 100 * v["weight"] / 100 for v in variants})
        else:
            shares["default"] = (100 - holdout) / 100
        return shares, "configured"
    if "holdout" in groups:
        return None, "unknown"
    return {g: 1 / len(groups) for g in groups}, "inferred"


def baseline_of(groups: list[str]) -> str | None:
    return "control" if "control" in groups else ("holdout" if "holdout" in groups else None)


def _srm(cells: dict, shares: dict | None, source: str, settings: dict) -> dict:
    names = sorted(set(cells) | set(shares or {}))
    out = {"checked": False, "why_not": None, "chi2": None, "p": None, "flagged": False, "weights": source}
    if shares is None:
        out["why_not"] = "weights unknown: a holdout, and no --rules"
        return out
    if len(names) < 2:
        out["why_not"] = "one group only"
        return out
    observed = [cells[g].visitors if g in cells else 0 for g in names]
    weights = [shares.get(g, 0.0) for g in names]
    total = sum(observed)
    smallest = min(total * w / sum(weights) for w in weights if w > 0)
    if smallest < settings["srm_min"]:
        out["why_not"] = f"fewer than {settings['srm_min']} expected visitors in a group"
        return out
    test = sample_ratio(observed, weights)
    chi2 = test.chi2 if math.isfinite(test.chi2) else None  # a group with visitors but weight 0
    out.update(checked=True, chi2=chi2, p=test.p, flagged=test.p < settings["srm_p"])
    return out


def _needed(base: Cell, cell: Cell, total: int, settings: dict | None) -> int | None:
    """The visitors the rule needs in all, at its current split, for this comparison to find a
    lift of `mde` in the primary metric (None without settings, visitors or a baseline rate)."""
    if not settings or not base.visitors or not cell.visitors:
        return None
    ratio = cell.visitors / base.visitors
    needed = visitors_needed(sample(base, settings["metric"]), settings["mde"], settings["alpha"],
                             settings["power"], ratio)
    return None if needed is None else math.ceil(needed / base.visitors * total)


def _groups(cells: dict, baseline: str | None, shares: dict | None,
            settings: dict | None = None) -> list[dict]:
    """Each group's figures and its lifts over the baseline, every metric."""
    total = sum(c.visitors for c in cells.values())
    base = cells.get(baseline)
    out = []
    for name in sorted(set(cells) | set(shares or {}), key=lambda g: (g != baseline, g)):
        cell = cells.get(name, Cell())
        group = {"variant": name, "baseline": name == baseline, **figures(cell),
                 "share": _rate(cell.visitors, total), "expected_share": (shares or {}).get(name),
                 "mixed": cell.mixed, "lift": None, "visitors_needed": None}
        if base is not None and name != baseline:
            group["lift"] = {m: _lift(relative_lift(sample(base, m), sample(cell, m))) for m in METRICS}
            group["visitors_needed"] = _needed(base, cell, total, settings)
        out.append(group)
    return out


def _segments(summary: Summary, rule: str, baseline: str | None) -> dict:
    out = {}
    for dimension, values in DIMENSIONS.items():
        out[dimension] = {}
        for value in values:
            cells = {k[1]: c for k, c in summary.cells.items() if k[0] == rule and k[2] == dimension
                     and k[3] == value}
            if cells:
                out[dimension][value] = _groups(cells, baseline if baseline in cells else None, None)
    return out


def _answers(summary: Summary, rule: str, groups: list[dict]) -> list[dict]:
    visitors = {g["variant"]: g["visitors"] for g in groups}
    tallies: dict[tuple, dict] = {}
    for r, variant, question, answer, n in summary.answers:
        if r == rule:
            tallies.setdefault((question, variant), {})[answer] = n
    out = []
    for (question, variant), counts in sorted(tallies.items()):
        respondents = sum(counts.values())
        out.append({"question": question, "variant": variant, "respondents": respondents,
                    "response_rate": _rate(respondents, visitors.get(variant, 0)),
                    "answers": {a: {"count": n, "share": n / respondents}
                                for a, n in sorted(counts.items())}})
    return out


def analyse(summary: Summary, ir: dict | None, *, metric: str = "add_to_cart", mde: float = 0.10,
            alpha: float = 0.05, power: float = 0.8, srm_p: float = 0.001, srm_min: int = 100,
            sources: list[dict] | None = None, weights_from: str | None = None) -> dict:
    """The report as a JSON-ready dict (docs/contracts.md, "The lift report")."""
    settings = {"metric": metric, "mde": mde, "alpha": alpha, "power": power, "srm_p": srm_p,
                "srm_min": srm_min, "correction": "holm", "confidence": 0.95}
    configured = {r["id"]: r for r in (ir or {}).get("rules", [])}
    rules = []
    for rule_id in summary.rules():
        cells = {k[1]: c for k, c in summary.cells.items() if k[0] == rule_id and k[2] == "all"}
        shares, source = weights_for(configured.get(rule_id), sorted(cells))
        baseline = baseline_of(sorted(set(cells) | set(shares or {})))
        groups = _groups(cells, baseline, shares, settings)
        rule = configured.get(rule_id) or {}
        rules.append({"id": rule_id, "snippet": (rule.get("show") or {}).get("snippet"), "baseline": baseline,
                      "visitors": sum(c.visitors for c in cells.values()),
                      "srm": _srm(cells, shares, source, settings), "groups": groups,
                      "segments": _segments(summary, rule_id, baseline),
                      "answers": _answers(summary, rule_id, groups)})
    _correct(rules, metric, alpha)
    for rule in rules:
        rule["verdicts"], rule["status"] = rule_verdicts(rule, settings)
    tests = sum(1 for r in rules for g in r["groups"] if g["lift"] and g["lift"][metric])
    return {"report_version": REPORT_VERSION, "sources": sources or [],
            "weights_from": weights_from or "inferred", "events": summary.counts, "settings": settings,
            "tests": tests, "rules": rules}


def _correct(rules: list[dict], metric: str, alpha: float) -> None:
    """Holm's correction over every treatment-vs-baseline test of the primary metric."""
    tests = [g["lift"][metric] for r in rules for g in r["groups"] if g["lift"] and g["lift"][metric]]
    for test, adjusted in zip(tests, holm([t["p"] for t in tests]), strict=True):
        test["p_adjusted"] = adjusted
        test["significant"] = adjusted < alpha
