"""The report as one self-contained HTML file (report.html.j2): plotly.js, the styles and the
script inlined, the figures and the data as JSON in the page, filters by device class and
shopper type; nothing is fetched."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from analytics.html import page_css, page_js, plotly_js, script_json

from .figures import all_figures
from .summary import ALL
from .table import verdicts

HERE = Path(__file__).parent


def render(report: dict) -> str:
    # The journey's triggers as [node, count] pairs (JSON object keys would be strings).
    journeys = {key: {**journey, "triggers": {rule: [[int(node), n] for node, n in marks.items()]
                                              for rule, marks in journey["triggers"].items()}}
                for key, journey in report["journey"].items()}
    run = report.get("run") or {}
    meta = [f"{report['sessions'][f'{ALL}/{ALL}']:,} sessions", report.get("source", ""),
            f"seed {report.get('seed')}", "rules: " + ", ".join(report.get("rules_files", []))]
    if run.get("seconds"):
        meta.append(f"{run['seconds']:.1f} s, {run['sessions_per_s']:,.0f} sessions/s")
    env = Environment(loader=FileSystemLoader(HERE), autoescape=True, undefined=StrictUndefined)
    return env.get_template("report.html.j2").render(
        report=report, meta=meta, verdicts=verdicts(report),
        data=script_json({**report, "journey": journeys}), figures=script_json(all_figures(report)),
        plotly=plotly_js(), css=page_css(),
        script=page_js(HERE / "report.js"))


def write_html(report: dict, path: Path) -> None:
    path.write_text(render(report), "utf-8")
