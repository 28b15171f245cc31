"""The report as one self-contained HTML file (report.html.j2): plotly.js, the styles and the
script inlined, the figures and the data as JSON in the page, filters by device class and
shopper type; nothing is fetched."""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from plotly.offline import get_plotlyjs

from .figures import all_figures
from .summary import ALL
from .table import verdicts

HERE = Path(__file__).parent


def _json(value) -> str:
    """JSON safe inside <script>: no `</` can end the element."""
    return json.dumps(value, separators=(",", ":")).replace("</", "<\\/")


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
        report=report, meta=meta, verdicts=verdicts(report), data=_json({**report, "journey": journeys}),
        figures=_json(all_figures(report)), plotly=get_plotlyjs(),
        css=(HERE / "report.css").read_text("utf-8"), script=(HERE / "report.js").read_text("utf-8"))


def write_html(report: dict, path: Path) -> None:
    path.write_text(render(report), "utf-8")
