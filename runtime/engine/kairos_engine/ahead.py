"""Page-load moments decided ahead: the next view's slot decisions, and their confirmation.

With the first update of a view the kernel describes the next view of the same page as it
would open now (`update["next"]`); the engine decides that view's page-load moments (rules
the compiler marked `ahead`: slot rules reading only what a view knows when it opens) and
the kernel keeps the result with the history, to draw at once when that view opens. That
view's first update lists what was drawn ahead (`history["ahead"]`); the engine withdraws
what the view's real facts refute.
"""

from . import ops
from .caps import in_schedule, within_caps


def decide_ahead(engine, view: dict, errors: list) -> list[dict]:
    """The page-load decisions for the hypothetical next view `view` (signals, history,
    product, now), chosen as that view would choose them (Engine.choose) and rendered now;
    controls and holdouts too (counted alike, html None). `capped`: the rule has a limit or
    cooldown, so showing it again before the next view may rule it out there (the kernel
    then drops it)."""
    signals = view["signals"]
    holding = []
    ops.begin_update()  # the hypothetical view's own memo, not this view's
    try:
        for index in engine.ahead:
            rule = engine.rules[index]
            try:
                if rule.get("enabled", True) and engine.conditions[index](signals):
                    holding.append(index)
            except Exception:  # reported when the view itself evaluates it
                pass
    finally:
        ops.end_update()
    decisions = engine.choose(holding, view, set(view.get("history", {}).get("occupied", ())), errors)
    for decision in decisions:
        rule = engine.rules[engine.index[decision["rule"]]]
        decision["capped"] = bool(rule.get("limit") or rule.get("cooldown"))
    return decisions


def refuted(engine, rule_ids: list, update: dict) -> list[str]:
    """Of the decisions drawn ahead on this view, those its real facts do not support (the
    prediction was made earlier, on older facts): the condition, the schedule, the caps as
    they stood before this view's own exposure, and the data its snippet needs. Needs this
    update's truth (matching())."""
    signals, history, now = update["signals"], update.get("history", {}), update["now"]
    start = history.get("pageview_start", now)
    before = {**history, "exposures": {
        rule_id: [ts for ts in times if ts < start]
        for rule_id, times in history.get("exposures", {}).items()}}
    out = []
    for rule_id in rule_ids:
        index = engine.index.get(rule_id)
        rule = engine.rules[index] if index is not None else None
        if (rule is None or not engine.truth[index] or not in_schedule(rule.get("schedule"), signals)
                or not within_caps(rule, before, now)
                or engine.data(rule, update, []) is None):  # its errors: reported by the view
            out.append(rule_id)
    return out
