"""The lift report's charts as plotly figures (JSON), per segment (all visitors, each device
class, new and returning): the lifts with their confidence intervals, and the rates per variant;
for all visitors also the observed against the configured split, and quick_question answers."""

from __future__ import annotations

import plotly.graph_objects as go

from analytics.html import layout

from .verdict import WORDS

COLORS = {"lift": "#2a9d8f", "drop": "#c8553d", "none": "#8a94a3", "srm": "#c8553d", "ctr": "#8fb3d9",
          "add_to_cart": "#2f6db5", "purchase": "#e0a458", "observed": "#2f6db5", "expected": "#c8553d"}
# Answers carry no good or bad: a sequential palette, not the lift's green and red.
ANSWER_COLORS = ("#8fb3d9", "#e9c46a", "#9ccfc6", "#d7b5e0", "#f2a88f", "#c7ccd4")


def segment_keys(report: dict) -> list[str]:
    """"all", then "device:<class>" and "visitor:<new|returning>" for those seen."""
    keys = {f"{dim}:{value}" for rule in report["rules"] for dim, values in rule["segments"].items()
            for value in values}
    order = ["all"] + [f"device:{d}" for d in ("mobile", "tablet", "desktop", "other", "unknown")] + [
        f"visitor:{v}" for v in ("new", "returning", "unknown")]
    return [k for k in order if k == "all" or k in keys]


def groups_at(rule: dict, key: str) -> list[dict]:
    if key == "all":
        return rule["groups"]
    dimension, value = key.split(":", 1)
    return rule["segments"][dimension].get(value, [])


def _label(rule: dict, group: dict) -> str:
    return f"{rule['id']} · {group['variant']}"


def label_rows(fig: go.Figure, labels: list[str]) -> None:
    """Rows at y = 0, 1, ... top down, each named by a line of text at the top of its band
    instead of a tick label beside it: the plot keeps the card's whole width, even on a phone."""
    fig.update_yaxes(range=[len(labels) - 0.5, -0.5], tickvals=[], showgrid=False, zeroline=False)
    for index, text in enumerate(labels):
        fig.add_annotation(x=0, xref="paper", y=index - 0.5, yref="y", text=text, showarrow=False,
                           xanchor="left", yanchor="top", align="left", font={"size": 12})


def forest(report: dict, key: str) -> dict:
    """Each variant's lift over its rule's baseline in the primary metric, with its 95 % CI."""
    metric, mde = report["settings"]["metric"], report["settings"]["mde"]
    rows = [(rule, g, g["lift"][metric]) for rule in report["rules"] for g in groups_at(rule, key)
            if g["lift"] and g["lift"][metric]]
    fig = go.Figure()
    kinds = (("lift", COLORS["lift"], "circle"), ("drop", COLORS["drop"], "circle"),
             ("no clear difference", COLORS["none"], "circle"),
             ("sample ratio mismatch: not to be trusted", COLORS["srm"], "x-thin-open"))
    for name, color, symbol in kinds:
        chosen = [(i, r, g, x) for i, (r, g, x) in enumerate(rows) if _kind(r, x, key) == name]
        if not chosen:
            continue
        fig.add_scatter(
            x=[x["estimate"] for *_, x in chosen], y=[i + 0.12 for i, *_ in chosen], mode="markers",
            name=name, marker={"color": color, "size": 10, "symbol": symbol,
                               "line": {"width": 2, "color": color}},
            error_x={"type": "data", "symmetric": False, "thickness": 2, "width": 6,
                     "array": [x["ci"][1] - x["estimate"] for *_, x in chosen],
                     "arrayminus": [x["estimate"] - x["ci"][0] for *_, x in chosen]},
            customdata=[[x["ci"][0], x["ci"][1], x["p"], _label(r, g)] for _, r, g, x in chosen],
            hovertemplate="%{customdata[3]}: %{x:+.1%} (95% CI %{customdata[0]:+.1%} to "
                          "%{customdata[1]:+.1%}, p %{customdata[2]:.3f})<extra></extra>")
    fig.add_vline(x=0, line_color="rgba(128,128,128,0.8)")
    for edge in (-mde, mde):
        fig.add_vline(x=edge, line_dash="dot", line_color="rgba(128,128,128,0.6)")
    label_rows(fig, [_label(r, g) for r, g, _ in rows])
    fig.update_layout(xaxis_tickformat="+.0%", showlegend=bool(rows))
    return layout(fig, f"Lift in {WORDS[metric]} (95 % CI)", 150 + 56 * max(1, len(rows)))


def _kind(rule: dict, lift: dict, key: str) -> str:
    if rule["srm"]["flagged"]:
        return "sample ratio mismatch: not to be trusted"
    # Significance is Holm's for all visitors; a segment's is its own, uncorrected.
    significant = lift["significant"] if key == "all" else lift["p"] < 0.05
    if not significant:
        return "no clear difference"
    return "lift" if lift["estimate"] > 0 else "drop"


def rates(report: dict, key: str) -> dict:
    """Click-through, add-to-cart and purchase rates per exposed visitor, per rule and variant."""
    rows = [(rule, g) for rule in report["rules"] for g in groups_at(rule, key) if g["visitors"]]
    labels = [_label(r, g) for r, g in rows]
    where = [i + 0.16 for i in range(len(rows))]
    fig = go.Figure()
    for name, value, color in (("click-through", lambda g: g["ctr"], COLORS["ctr"]),
                               ("add-to-cart", lambda g: g["add_to_cart"]["rate"], COLORS["add_to_cart"]),
                               ("purchase", lambda g: g["purchase"]["rate"], COLORS["purchase"])):
        fig.add_bar(y=where, x=[value(g) for _, g in rows], name=name, orientation="h", marker_color=color,
                    width=0.22, customdata=[[g["visitors"], label]
                                            for (_, g), label in zip(rows, labels, strict=True)],
                    hovertemplate="%{customdata[1]}: %{x:.1%} of %{customdata[0]:,} visitors<extra>" + name
                                  + "</extra>")
    label_rows(fig, labels)
    fig.update_layout(barmode="group", xaxis_tickformat=".0%")
    return layout(fig, "Rates per exposed visitor", 150 + 96 * max(1, len(rows)))


def split(report: dict) -> dict:
    """Each group's share of its rule's visitors against the configured share (the SRM check)."""
    rows = [(rule, g) for rule in report["rules"] for g in rule["groups"]]
    labels = [_label(r, g) for r, g in rows]
    fig = go.Figure()
    fig.add_bar(y=[i + 0.15 for i in range(len(rows))], x=[g["share"] for _, g in rows], name="observed",
                orientation="h", width=0.4, marker_color=COLORS["observed"], customdata=labels,
                hovertemplate="%{customdata}: %{x:.2%}<extra>observed</extra>")
    expected = [(i + 0.15, g["expected_share"], labels[i]) for i, (_, g) in enumerate(rows)
                if g["expected_share"] is not None]
    if expected:
        fig.add_scatter(y=[e[0] for e in expected], x=[e[1] for e in expected], mode="markers",
                        name="configured", customdata=[e[2] for e in expected],
                        marker={"symbol": "line-ns-open", "size": 18, "line": {"width": 3},
                                "color": COLORS["expected"]},
                        hovertemplate="%{customdata}: %{x:.2%}<extra>configured</extra>")
    label_rows(fig, labels)
    fig.update_layout(xaxis={"tickformat": ".0%", "range": [0, 1]})
    return layout(fig, "Split: observed vs configured", 150 + 48 * max(1, len(rows)))


def answers(rule: dict) -> dict | None:
    """A quick_question's answers per variant, as shares of those who answered."""
    if not rule["answers"]:
        return None
    names = sorted({a for tally in rule["answers"] for a in tally["answers"]})
    rows = [f"{t['variant']} · “{t['question']}”" for t in rule["answers"]]
    fig = go.Figure()
    for index, name in enumerate(names):
        shares = [t["answers"].get(name, {}).get("share", 0) for t in rule["answers"]]
        fig.add_bar(y=[i + 0.15 for i in range(len(rows))], x=shares, name=name, orientation="h", width=0.5,
                    marker_color=ANSWER_COLORS[index % len(ANSWER_COLORS)], customdata=rows,
                    text=[f"{s:.0%}" if s >= 0.06 else "" for s in shares], textposition="inside",
                    insidetextfont={"color": "#1d2430"},
                    hovertemplate="%{customdata}: %{x:.1%}<extra>" + name + "</extra>")
    label_rows(fig, rows)
    fig.update_layout(barmode="stack", xaxis={"tickformat": ".0%", "range": [0, 1]})
    return layout(fig, "Answers", 150 + 70 * len(rows))


def all_figures(report: dict) -> dict:
    return {"segments": {key: {"forest": forest(report, key), "rates": rates(report, key)}
                         for key in segment_keys(report)},
            "split": split(report),
            "answers": {rule["id"]: fig for rule in report["rules"] if (fig := answers(rule))}}
