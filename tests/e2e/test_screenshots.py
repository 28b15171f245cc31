"""Screenshots of every snippet on the demo store, at 360 px and 1280 px wide, light and dark,
cropped to the snippet (with a margin of the page around it): `make screenshots` writes them
to docs/snippets/ for the README. Skipped unless pytest gets --screenshots=DIR."""

import json
from pathlib import Path

import pytest

from . import showcase as s
from .conftest_signals import LabPage

pytestmark = pytest.mark.screenshots
VIEWS = [(360, 760, "light"), (360, 760, "dark"), (1280, 800, "light"), (1280, 800, "dark")]
MARGIN = 16


@pytest.mark.parametrize("snippet", list(s.SNIPPETS))
def test_snippet_screenshots(demo_lab: LabPage, bundle_dir, snippet, screenshots_dir: Path):
    ir = json.loads((bundle_dir / "ir.json").read_text())
    rule = s.show_snippet(demo_lab, snippet, ir)
    for width, height, scheme in VIEWS:
        demo_lab.page.set_viewport_size({"width": width, "height": height})
        demo_lab.page.emulate_media(color_scheme=scheme)
        demo_lab.page.evaluate("""(rule) => document.querySelector(`[data-kairos-rule="${rule}"]`)
            .scrollIntoView({block: "center"})""", rule)
        demo_lab.observed()
        box = demo_lab.page.evaluate(s.SNIPPET_ELEMENT_JS, rule)
        assert box["width"] > 0 and box["height"] > 0
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, "the snippet fits the window's width"
        clip = {"x": max(0, box["x"] - MARGIN), "y": max(0, box["y"] - MARGIN)}
        clip["width"] = min(width, box["x"] + box["width"] + MARGIN) - clip["x"]
        clip["height"] = min(height, box["y"] + box["height"] + MARGIN) - clip["y"]
        path = screenshots_dir / f"{snippet}-{width}-{scheme}.png"
        demo_lab.page.screenshot(path=str(path), clip=clip, animations="disabled", caret="hide")
        assert path.stat().st_size > 0
