"""The HTML report's charts as plotly figures (JSON): per filter the rules' shares, precision
and recall, and the journey map; per rule its breakdown by device and shopper type and its
times to trigger."""

from __future__ import annotations

import plotly.graph_objects as go

from analytics.html import layout as _layout

from .summary import ALL

COLORS = {"eligible": "#8fb3d9", "fired": "#2f6db5", "capped": "#e0a458", "priority": "#c8553d",
          "placement": "#8c4a9b", "unseen": "#a3a3a3", "precision": "#2a9d8f", "recall": "#e9c46a"}
SMALL_NODE = 0.012  # journey map nodes with fewer sessions than this share are not labelled
KIND_COLORS = {"home": "#6c8ebf", "category": "#82b366", "product": "#d6a13b", "cart": "#b85450",
               "checkout": "#9673a6", "other": "#999999", "end": "#555555"}


def shares(report: dict, key: str) -> dict:
    """Eligible, fired and held-back shares of sessions, per rule."""
    rules = [r["id"] for r in report["rules"]]
    sessions = report["sessions"][key] or 1
    fig = go.Figure()
    for metric, label in (("eligible", "condition held"), ("fired", "fired"), ("capped", "capped"),
                          ("priority", "lost to priority"), ("placement", "slot or overlay unavailable"),
                          ("unseen", "drawn, never seen")):
        values = [r["figures"][key][metric] / sessions for r in report["rules"]]
        fig.add_bar(y=rules, x=values, name=label, orientation="h", marker_color=COLORS[metric],
                    hovertemplate="%{y}: %{x:.1%} of sessions<extra>" + label + "</extra>")
    broad = report["broad_share"]
    fig.add_vline(x=broad, line_dash="dot", line_color="#c8553d",
                  annotation_text=f"over-broad > {broad:.0%}", annotation_position="top")
    fig.update_layout(barmode="group", xaxis_tickformat=".0%")
    return _layout(fig, "Share of sessions", 120 + 70 * len(rules))


def accuracy(report: dict, key: str) -> dict:
    """Precision and recall against the shopper model's ground truth, per rule with a moment."""
    rows = [r for r in report["rules"] if r["moment"]]
    names = [f"{r['id']} ({r['moment']})" for r in rows]
    fig = go.Figure()
    for metric in ("precision", "recall"):
        values = [r["figures"][key][metric] for r in rows]
        fig.add_bar(y=names, x=values, name=metric, orientation="h", marker_color=COLORS[metric],
                    text=["n/a" if v is None else f"{v:.0%}" for v in values], textposition="auto",
                    hovertemplate="%{y}: %{x:.1%}<extra>" + metric + "</extra>")
    fig.update_layout(barmode="group", xaxis={"range": [0, 1], "tickformat": ".0%"})
    title = "Precision and recall against the moment each rule declares"
    return _layout(fig, title, 120 + 60 * max(1, len(rows)))


def _positions(nodes: list) -> tuple[list, list]:
    """Node centres: one column per step, the column's nodes stacked by sessions (ends last),
    so a drop-off is drawn at the step where it happens."""
    steps = max((n["step"] for n in nodes), default=0) or 1
    columns: dict = {}
    for i, n in enumerate(nodes):
        columns.setdefault(n["step"], []).append(i)
    tallest = max((sum(nodes[i]["sessions"] for i in column) for column in columns.values()), default=0) or 1
    x, y = [0.0] * len(nodes), [0.0] * len(nodes)
    for step, column in columns.items():
        column.sort(key=lambda i: (nodes[i]["label"].startswith("end:"), nodes[i]["label"] == "other",
                                   -nodes[i]["sessions"]))
        gap = 0.03
        top = 0.02
        for i in column:
            height = 0.94 * nodes[i]["sessions"] / tallest * (1 - gap * (len(column) - 1))
            x[i] = 0.001 + 0.998 * step / steps
            y[i] = min(0.999, top + height / 2)
            top += height + gap
    return x, y


def journey(report: dict, key: str) -> dict:
    """The journey map: sessions through (page type, moment) nodes, step by step."""
    data = report["journey"][key]
    nodes = data["nodes"]
    x, y = _positions(nodes)
    kinds = ["end" if n["label"].startswith("end:") else n["label"].split(" · ")[0] for n in nodes]
    colors = [KIND_COLORS.get(kind, "#999999") for kind in kinds]
    total = sum(n["sessions"] for n in nodes if n["step"] == 0) or 1
    # The smallest nodes keep their names for the hover only: labels would overlap.
    shown = [n["label"] if n["sessions"] >= SMALL_NODE * total else "" for n in nodes]
    fig = go.Figure(go.Sankey(
        arrangement="snap",
        node={"label": shown, "color": colors, "pad": 10, "thickness": 14, "x": x, "y": y,
              "customdata": [[n["label"], n["step"] + 1] for n in nodes],
              "hovertemplate": "%{customdata[0]}<br>%{value:,} sessions"
                               "<extra>page view %{customdata[1]}</extra>"},
        link={"source": [link["source"] for link in data["links"]],
              "target": [link["target"] for link in data["links"]],
              "value": [link["sessions"] for link in data["links"]],
              "color": "rgba(120,120,120,0.25)"}))
    figure = _layout(fig, "Journey map: page type · moment the shopper is really in, per page view", 700)
    figure["layout"]["margin"]["r"] = 150  # room for the last column's labels
    return figure


def breakdown(report: dict, rule: dict) -> dict:
    """One rule: fired share of sessions per device class x shopper type."""
    devices, shoppers = report["devices"], report["shoppers"]
    z = [[rule["figures"][f"{d}/{s}"]["fired_share"] for s in shoppers] for d in devices]
    fig = go.Figure(go.Heatmap(z=z, x=shoppers, y=devices, colorscale="Blues", zmin=0, zmax=1,
                               text=[[("-" if v is None else f"{v:.0%}") for v in row] for row in z],
                               texttemplate="%{text}", hovertemplate="%{y} %{x}: %{z:.1%}<extra></extra>",
                               colorbar={"tickformat": ".0%"}))
    return _layout(fig, "Fired share by device class and shopper type", 260)


def delays(report: dict, rule: dict) -> dict:
    """One rule: seconds from its moment's start to its trigger (episodes it caught)."""
    histogram = rule["figures"][f"{ALL}/{ALL}"]["delay_s"]["histogram"]
    seconds, episodes = [s for s, _ in histogram], [n for _, n in histogram]
    fig = go.Figure(go.Bar(x=seconds, y=episodes, marker_color=COLORS["fired"],
                           hovertemplate="%{x} s: %{y:,} episodes<extra></extra>"))
    fig.update_xaxes(title_text="seconds from the moment's start", range=[-0.5, max([10, *seconds]) + 0.5])
    return _layout(fig, "Time to trigger", 260)


def all_figures(report: dict) -> dict:
    """{"filters": {key: {shares, accuracy, journey}}, "rules": {id: {breakdown, delays}}}"""
    return {
        "filters": {key: {"shares": shares(report, key), "accuracy": accuracy(report, key),
                          "journey": journey(report, key)} for key in report["filters"]},
        "rules": {r["id"]: {"breakdown": breakdown(report, r),
                            **({"delays": delays(report, r)} if r["moment"] else {})}
                  for r in report["rules"]},
    }
