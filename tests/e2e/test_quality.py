"""What a good store would ship: every snippet on the demo passes axe-core (pinned in
package.json, injected from node_modules) in light and dark, shifts no layout (CLS 0), and the
dialogs work from the keyboard alone (focus in, Tab stays in, Escape closes, focus returns)."""

import json
from pathlib import Path

import pytest

from . import showcase as s
from .conftest_signals import LabPage

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
RUN_AXE = """async (rule) => {
  const result = await axe.run({include: [[`[data-kairos-rule="${rule}"]`]]},
                               {resultTypes: ["violations", "passes"]});
  return {violations: result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map((n) => n.target.join(" ") + ": " + n.failureSummary)})),
          checked: result.passes.reduce((n, p) => n + p.nodes.length, 0)};
}"""


def axe(lab: LabPage, rule: str) -> dict:
    """axe-core's violations inside `rule`'s snippet. axe schedules its work with timers, so
    page time runs for it (the test's clock is otherwise paused)."""
    if not lab.page.evaluate("typeof window.axe === 'object'"):
        lab.page.add_script_tag(path=str(AXE))
    lab.page.clock.resume()
    try:
        return lab.page.evaluate(RUN_AXE, rule)
    finally:
        lab.page.clock.pause_at((lab.now() + 1_000) / 1000)  # seconds


@pytest.mark.parametrize("snippet", list(s.SNIPPETS))
def test_each_snippet_passes_axe_in_light_and_dark_and_shifts_nothing(demo_lab: LabPage, bundle_dir, snippet):
    ir = json.loads((bundle_dir / "ir.json").read_text())
    rule = s.show_snippet(demo_lab, snippet, ir)
    for scheme in ("light", "dark"):
        demo_lab.page.emulate_media(color_scheme=scheme)
        result = axe(demo_lab, rule)
        assert result["violations"] == [], scheme
        assert result["checked"] >= 5, "axe looked inside the snippet's shadow root"
    demo_lab.see()
    assert demo_lab.layout_shift(since_drawn=True) == 0, "the snippet moved nothing on the page"


def focus_path(lab: LabPage, rule: str, key: str, presses: int) -> list[str]:
    """Press `key` `presses` times; after each, what has focus inside the dialog's shadow root
    (or "outside")."""
    out = []
    for _ in range(presses):
        lab.page.keyboard.press(key)
        out.append(lab.page.evaluate("""(rule) => {
            const host = document.querySelector(`[data-kairos-rule="${rule}"]`);
            if (document.activeElement !== host) return "outside";
            const el = host.shadowRoot.activeElement;
            return el ? (el.getAttribute("aria-label") || el.textContent.trim()).slice(0, 30) : "none";
        }""", rule))
    return out


def test_the_review_popup_from_the_keyboard_alone(demo_lab: LabPage):
    demo_lab.open(s.RIDGELINE)
    demo_lab.boot()
    demo_lab.page.focus("#qty")  # where the shopper was when the dialog opened
    demo_lab.run_and_settle(30_000)
    rule = s.drawn(demo_lab, s.RULES["reading_reviews"])["rule"]
    assert demo_lab.page.evaluate("document.activeElement.getAttribute('data-kairos-rule')") == rule
    forward = focus_path(demo_lab, rule, "Tab", 4)
    assert forward == ["Close", "Read all reviews", "Close", "Read all reviews"], "Tab stays in the dialog"
    assert focus_path(demo_lab, rule, "Shift+Tab", 2) == ["Close", "Read all reviews"]
    demo_lab.page.keyboard.press("Escape")
    assert demo_lab.wait_for_event("dismiss")["rule"] == rule and demo_lab.modal().count() == 0
    assert demo_lab.page.evaluate("document.activeElement.id") == "qty", "focus returns"


def test_the_exit_offer_from_the_keyboard_alone(demo_lab: LabPage, bundle_dir):
    ir = json.loads((bundle_dir / "ir.json").read_text())
    s.seed_visitor(demo_lab, s.visitor_in(ir, s.RULES["hesitation"], "offer"))
    s.add_to_cart(demo_lab, s.LAMP)
    s.with_engine(demo_lab, s.CART)
    demo_lab.page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    demo_lab.page.focus("[data-checkout]")
    demo_lab.page.mouse.move(640, 300)
    demo_lab.page.mouse.move(640, -20)
    rule = s.drawn(demo_lab, s.RULES["hesitation"])["rule"]
    assert focus_path(demo_lab, rule, "Tab", 4) == ["Close", "Copy code", "Back to my cart", "Close"]
    focus_path(demo_lab, rule, "Tab", 1)  # on "Copy code"
    demo_lab.page.keyboard.press("Enter")
    assert demo_lab.wait_for_event("click")["target"] == "copy-code"
    demo_lab.wait_until("""document.querySelector('[data-kairos-placement="modal"]').shadowRoot
        .querySelector('.k-copied').textContent !== ''""")
    assert demo_lab.page.evaluate("navigator.clipboard.readText()") == "TRAIL10"
    focus_path(demo_lab, rule, "Tab", 1)  # "Back to my cart"
    demo_lab.page.keyboard.press("Enter")
    demo_lab.wait_for_event("dismiss")
    assert demo_lab.modal().count() == 0
    assert demo_lab.page.evaluate("document.activeElement.hasAttribute('data-checkout')"), "focus returns"
