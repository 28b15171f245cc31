"""The lift report as one self-contained HTML file (report.html.j2), in the look and with the
helpers of the simulation report (analytics/html.py): plotly.js, styles and script inlined, the
report and its figures as JSON in the page, a filter by device class and new vs returning."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from analytics.html import page_css, page_js, plotly_js, script_json

from .figures import all_figures, segment_keys
from .table import srm_line
from .verdict import WORDS, pct

HERE = Path(__file__).parent
STATUS = {"srm": "sample ratio mismatch", "lift": "lift", "drop": "drop",
          "not_enough_data": "not enough data", "no_difference": "no clear difference",
          "no_comparison": "no control or holdout"}


def _segment_label(key: str) -> str:
    if key == "all":
        return "all"
    dimension, value = key.split(":", 1)
    return value if dimension == "device" else f"{value} visitors"


def render(report: dict) -> str:
    events = report["events"]
    figures = all_figures(report)
    metric = report["settings"]["metric"]
    meta = [", ".join(f"{s['path']} ({s['format']})" for s in report["sources"]),
            f"{events['visitors_exposed']:,} visitors exposed", f"primary metric: {WORDS[metric]}",
            f"weights: {report['weights_from']}"]
    kinds = {"exposure": "exposures", "click": "clicks", "dismiss": "dismissals", "conversion": "conversions",
             "answer": "answers"}
    events_line = ", ".join(f"{events[k]:,} {plural}" for k, plural in kinds.items())
    events_line += f"; QA previews left out: {events['qa_excluded']:,} events"
    if events["without_exposure"]:
        events_line += f"; events of visitors never exposed (ignored): {events['without_exposure']:,}"
    env = Environment(loader=FileSystemLoader(HERE), autoescape=True, undefined=StrictUndefined)
    return env.get_template("report.html.j2").render(
        report=report, meta=meta, segments=[(k, _segment_label(k)) for k in segment_keys(report)],
        metric_words=WORDS[metric], mde=pct(report["settings"]["mde"]), status_words=STATUS,
        srm_lines=[srm_line(rule["srm"]) for rule in report["rules"]], events_line=events_line,
        figures=figures, figures_json=script_json(figures), data=script_json(report), plotly=plotly_js(),
        css=page_css() + (HERE / "lift.css").read_text("utf-8"),
        script=page_js(HERE / "report.js"))


def write_html(report: dict, path: Path) -> None:
    path.write_text(render(report), "utf-8")
