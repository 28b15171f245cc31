"""What the HTML reports share (`simulate --html`, `report --html`): one self-contained page per
report with the same look (page.css, light and dark), plotly.js inlined, figures and data as JSON
in the page, and one plotly layout for every chart. Nothing is fetched."""

from __future__ import annotations

import json
from pathlib import Path

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

HERE = Path(__file__).parent


def script_json(value) -> str:
    """JSON safe inside <script>: no `</` can end the element."""
    return json.dumps(value, separators=(",", ":")).replace("</", "<\\/")


def page_css() -> str:
    """The reports' shared styles."""
    return (HERE / "page.css").read_text("utf-8")


def plotly_js() -> str:
    return get_plotlyjs()


def page_js(own: Path) -> str:
    """The shared script (page.js: the page's data, themed charts), then the report's `own`."""
    return (HERE / "page.js").read_text("utf-8") + own.read_text("utf-8")


def layout(fig: go.Figure, title: str, height: int) -> dict:
    """`fig` in the reports' look (transparent, system font, the page's colours applied by the
    page's script), as plotly JSON."""
    fig.update_layout(title={"text": title, "x": 0, "font": {"size": 15}}, height=height,
                      margin={"l": 10, "r": 10, "t": 40, "b": 10}, paper_bgcolor="rgba(0,0,0,0)",
                      plot_bgcolor="rgba(0,0,0,0)", legend={"orientation": "h", "y": -0.15},
                      font={"family": "system-ui, sans-serif", "size": 12})
    fig.update_xaxes(automargin=True, gridcolor="rgba(128,128,128,0.25)", zeroline=False)
    fig.update_yaxes(automargin=True, gridcolor="rgba(128,128,128,0.25)", zeroline=False)
    return fig.to_plotly_json()
