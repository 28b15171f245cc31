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


def rule_verdicts(rule: dict, settings: dict) -> tuple[list[dict], str]:
    """([{"variant", "status", "text"}], the rule's status): a status is srm, lift, drop,
    not_enough_data, no_difference or no_comparison; the rule's is the most telling of its
    variants'."""
    metric, words = settings["metric"], WORDS[settings["metric"]]
    srm = rule["srm"]
    if srm["flagged"]:
        text = (f"sample ratio mismatch: {_split(rule)} (p = {srm['p']:.1g}): do not trust this test "
                "until the cause is found")
        return [{"variant": None, "status": "srm", "text": text}], "srm"
    base = next((g for g in rule["groups"] if g["baseline"]), None)
    if base is None or base["visitors"] == 0:
        text = f"no control or holdout to compare with: {rule['visitors']:,} visitors saw it"
        return [{"variant": None, "status": "no_comparison", "text": text}], "no_comparison"
    lines, statuses = [], []
    for group in rule["groups"]:
        if group["baseline"]:
            continue
        line, status = _verdict(group, base, rule, metric, words, settings)
        lines.append({"variant": group["variant"], "status": status, "text": line})
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
    needed = group["visitors_needed"]
    caveat = "; significant only before Holm's correction" if lift["p"] < settings["alpha"] else ""
    if needed is not None and needed > rule["visitors"]:
        more = needed - rule["visitors"]
        pair = [g for g in rule["groups"] if g["visitors"]]
        if len(pair) == 2 and abs(pair[0]["visitors"] - pair[1]["visitors"]) <= 0.05 * rule["visitors"]:
            how_many = f"about {round_up(-(-more // 2)):,} more visitors per group"
        else:
            how_many = f"about {round_up(more):,} more visitors at this split"
        return (f"not enough data yet: {how_many} to detect a {pct(settings['mde'])} lift in {words} "
                f"({name} vs {baseline}: {pct(lift['estimate'], True)} so far, {interval}{caveat})",
                "not_enough_data")
    return (f"no clear difference: {name} vs {baseline}: {pct(lift['estimate'], True)} in {words} "
            f"({interval}{caveat})",
            "no_difference")
