"""A rule's verdicts in plain words, from its figures: a sample ratio mismatch first (nothing
else can be trusted then), else per variant a lift or a drop that survives Holm's correction,
"not enough data yet" with the visitors still needed, or no clear difference."""

from __future__ import annotations

import math

WORDS = {"click": "click-through", "add_to_cart": "add-to-cart", "purchase": "purchases",
         "revenue": "revenue per visitor"}


def pct(value: float, signed: bool = False) -> str:
    """A share as a percentage with the precision it deserves (`12 %`, `1.5 %`, `0.25 %`)."""
    digits = 0 if abs(value) >= 0.095 or value == 0 else (1 if abs(value) >= 0.0095 else 2)
    text = f"{value * 100:{'+' if signed else ''}.{digits}f} %"
    return text.replace("-", "−")


def round_up(n: int) -> int:
    """`n` rounded up to two significant digits (a forecast, not a count)."""
    if n < 100:
        return n
    step = 10 ** (int(math.log10(n)) - 1)
    return -(-n // step) * step


def who(variant: str) -> str:
    return "showing it" if variant == "default" else f"variant {variant}"


def over(baseline: str) -> str:
    return "the holdout" if baseline == "holdout" else baseline


def _split(rule: dict) -> str:
    seen = " / ".join(f"{g['share'] * 100:.1f}" for g in rule["groups"] if g["share"] is not None)
    meant = " / ".join(f"{(g['expected_share'] or 0) * 100:.1f}" for g in rule["groups"])
    names = " / ".join(g["variant"] for g in rule["groups"])
    return f"{names} split {seen} % against the configured {meant} %"


def rule_verdicts(rule: dict, settings: dict) -> tuple[list[str], str]:
    """(sentences, status): status is srm, lift, drop, not_enough_data, no_difference or
    no_comparison (the worst or most telling of the rule's variants)."""
    metric, words = settings["metric"], WORDS[settings["metric"]]
    srm = rule["srm"]
    if srm["flagged"]:
        return [f"sample ratio mismatch: {_split(rule)} (p = {srm['p']:.1g}): do not trust this test "
                "until the cause is found"], "srm"
    base = next((g for g in rule["groups"] if g["baseline"]), None)
    if base is None or base["visitors"] == 0:
        return ([f"no control or holdout to compare with: {rule['visitors']:,} visitors saw it"],
                "no_comparison")
    lines, statuses = [], []
    for group in rule["groups"]:
        if group["baseline"]:
            continue
        line, status = _verdict(group, base, rule, metric, words, settings)
        lines.append(line)
        statuses.append(status)
    order = ("lift", "drop", "not_enough_data", "no_difference", "no_comparison")
    return lines, min(statuses, key=order.index) if statuses else "no_comparison"


def _verdict(group: dict, base: dict, rule: dict, metric: str, words: str, settings: dict) -> tuple[str, str]:
    baseline = over(rule["baseline"])
    name = who(group["variant"])
    lift = (group["lift"] or {}).get(metric)
    if group["visitors"] == 0:
        return f"{name}: no visitors yet", "not_enough_data"
    if lift is None:
        return f"not enough data yet: no {words} in {baseline} yet", "not_enough_data"
    interval = f"95 % CI {pct(lift['ci'][0])} to {pct(lift['ci'][1])}"
    if lift["significant"]:
        verb = "lifts" if lift["estimate"] > 0 else "lowers"
        return (f"{name} {verb} {words} by {pct(abs(lift['estimate']))} over {baseline} ({interval})",
                "lift" if lift["estimate"] > 0 else "drop")
    needed = rule["visitors_needed"]
    have = min(group["visitors"], base["visitors"])
    if needed is not None and needed > have:
        more = round_up(needed - have)
        return (f"not enough data yet: about {more:,} more visitors per group to detect a "
                f"{pct(settings['mde'])} lift in {words} ({name} vs {baseline}: "
                f"{pct(lift['estimate'], True)} so far, {interval})", "not_enough_data")
    caveat = ", not significant after Holm's correction" if lift["p"] < settings["alpha"] else ""
    return (f"no clear difference: {name} vs {baseline}: {pct(lift['estimate'], True)} in {words} "
            f"({interval}{caveat})",
            "no_difference")
