"""Checked rule -> plain-words description: condition, moments, watch, caps, schedule, variants."""

from __future__ import annotations

import json

from ._ops import caps
from .checker import MomentDef
from .rules import CheckedRule
from .unparse import duration, unparse

_PLACE = {"modal": "as a modal dialog", "toast": "as a toast", "corner": "as a corner card"}


def describe(r: CheckedRule, moments: dict[str, MomentDef], models: dict | None = None) -> str:
    s = r.spec
    lines = [f"rule `{s.id}` ({s.file}:{s.line})"]
    if s.description:
        lines.append(f"  about:     {s.description}")
    state = "enabled" if s.enabled else "disabled (never shown)"
    lines.append(f"  status:    {state}, priority {s.priority} (higher wins a shared place)")
    if s.moment and s.when is not None:
        lines.append(f"  moment:    {s.moment} (a label: `when:` alone is the condition)")
        if s.moment in moments and s.moment not in r.checked.moments:
            lines.append(f"             for reference, {s.moment} is: "
                         f"{moments[s.moment].text.value}")
    elif s.moment:
        lines.append(f"  moment:    {s.moment} (its condition is the rule's condition)")
    if s.when is not None:
        lines.append(f"  when:      {s.when.value}")
    lines.append("  condition: " + _tree(r.when, 13).lstrip())
    used = [m for m in r.checked.moments if m in moments]
    for name in used:
        d = moments[name]
        origin = "library" if d.origin == "library" else f"defined at {d.origin}"
        lines.append(f"  uses:      moment.{name} ({origin}): {d.text.value}")
    w = r_watch(r, models)
    for name in sorted(n for n in w["signals"] if n.startswith("predict.")):
        model = (models or {}).get(name.split(".", 1)[1])
        if model is not None:
            lines.append(f"  predicts:  {name}: the probability a session reaches `{model.target}` "
                         f"({model.file}, a logistic model of {len(model.features)} features)")
    lines.append(f"  reads:     {', '.join(w['signals']) or 'no signals that change by themselves'}")
    wakes = _thresholds(w["thresholds"])
    lines.append(f"  wakes at:  {wakes or 'no thresholds (re-checked when a read signal changes)'}")
    lines.append(f"  shows:     {_show(r)}")
    lines.append(f"  limit:     {_limit(s.limit)}")
    cool = f"at least {duration(s.cooldown)} between two showings" if s.cooldown else "none"
    lines.append(f"  cooldown:  {cool}")
    lines.append(f"  schedule:  {_schedule(s.schedule)}")
    lines.append(f"  variants:  {_variants(s.variants)}")
    hold = (f"{s.holdout}% of visitors never see it (a holdout group to measure the lift)"
            if s.holdout else "none")  # fmt: skip
    lines.append(f"  holdout:   {hold}")
    return "\n".join(lines)


def r_watch(r: CheckedRule, models: dict | None = None) -> dict:
    from .ir import watch

    return watch(r.when, models)


def _tree(e: dict, indent: int) -> str:
    pad = " " * indent
    if e["op"] in ("and", "or"):
        head = "all of:" if e["op"] == "and" else "any of:"
        items = [f"{pad}  - " + _tree(a, indent + 4).lstrip() for a in e["args"]]
        return pad + head + "\n" + "\n".join(items)
    return pad + unparse(e)


def _thresholds(t: dict) -> str:
    parts = []
    for key, pairs in t.items():
        if isinstance(pairs, dict):
            for sel, ps in pairs.items():
                prop = key.split(".", 1)[1]
                parts += [f'section("{sel}").{prop} {op} {_value(key, v)}{_on(gate)}' for v, op, *gate in ps]
        else:
            parts += [f"{key} {op} {_value(key, v)}{_on(gate)}" for v, op, *gate in pairs]
    return "; ".join(parts)


def _on(gate: list) -> str:
    """Where a mark wakes the engine: the page types its rules can hold on (all when none)."""
    return f" (on {', '.join(gate[0])} pages)" if gate else ""


def _value(key: str, v) -> str:
    if key.endswith("dwell"):
        return duration(v)
    if key.endswith("scroll"):
        return f"{v}%"
    return str(v)


def _show(r: CheckedRule) -> str:
    show = r.show
    where = f"in slot `{show['slot']}`" if show["placement"] == "slot" else _PLACE[show["placement"]]
    text = f"snippet `{show['snippet']}` {where}"
    params = {k: _param(v) for k, v in show["params"].items()}
    if r.snippet is not None:
        for name, p in r.snippet.params.items():
            params.setdefault(name, _param(p.default) + " (default)")
    if params:
        text += " with " + ", ".join(f"{k}={v}" for k, v in sorted(params.items()))
    return text


def _param(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return json.dumps(v, ensure_ascii=False) if isinstance(v, str) else str(v)


def _limit(limit: list[dict]) -> str:
    if not limit:
        return "none: shown whenever the condition holds and its place is free"
    return "at most " + " and ".join(caps.limit_words(c["count"], c["per"]) for c in limit)


def _schedule(s: dict | None) -> str:
    if not s:
        return "always"
    parts = []
    if s["start"] or s["end"]:
        parts.append(f"from {s['start'] or 'now'} to {s['end'] or 'no end date'}")
    if len(s["days"]) < 7:
        parts.append("on " + ", ".join(s["days"]))
    if s["hours"] != [[0, 24]]:
        parts.append("between " + ", ".join(f"{a}:00-{b}:00" for a, b in s["hours"]))
    return (", ".join(parts) or "always") + " (shopper's local time)"


def _variants(v: list[dict]) -> str:
    if not v:
        return "none: everyone who matches sees the snippet"
    parts = []
    for x in v:
        extra = " (control: sees nothing, the baseline)" if x["control"] else ""
        parts.append(f"{x['name']} {x['weight']}%{extra}")
    return ", ".join(parts)
