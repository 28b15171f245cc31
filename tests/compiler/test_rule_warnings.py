"""Warnings: never-firing rules, shadowed rules, unused snippet params, product snippets."""

from compiler_testkit import analyze, render


def one(when: str, show: str = "{ snippet: trust_badge, slot: s }") -> str:
    return f"rules:\n  - id: r\n    when: {when}\n    show: {show}\n"


def test_percent_beyond_100_never_fires():
    assert render(one("page.scroll > 120%")) == """\
rules/pdp.yaml:3:11: warning: rule `r` can never fire: `page.scroll > 120%` cannot hold, \
`page.scroll` is at most 100%
    when: page.scroll > 120%
          ^^^^^^^^^^^^^^^^^^"""


def test_contradictory_bounds_never_fire():
    assert render(one("page.dwell > 1m and page.dwell < 30s")) == """\
rules/pdp.yaml:3:31: warning: rule `r` can never fire: `page.dwell > 1m` and `page.dwell < 30s` \
contradict each other
    when: page.dwell > 1m and page.dwell < 30s
                              ^^^^^^^^^^^^^^^^"""


def test_contradictory_values_never_fire():
    out = render(one('page.type == "cart" and context.device == "mobile" and page.type == "home"'))
    assert out.startswith("rules/pdp.yaml:3:66: warning: rule `r` can never fire: "
                          '`page.type == "cart"` and `page.type == "home"` contradict each other')


def test_negative_durations_and_hours_out_of_range():
    assert "`page.dwell < 0s` cannot hold, `page.dwell` is at least 0s" in render(
        one("page.dwell < 0s"))
    assert "`context.hour >= 24` cannot hold, `context.hour` is at most 23" in render(
        one("context.hour >= 24"))


def test_conditions_that_can_fire_do_not_warn():
    for when in ("page.dwell > 30s and page.dwell < 1m", "page.scroll >= 100%",
                 "page.dwell > 1m or page.dwell < 30s", 'page.type != "cart" and cart.count > 0',
                 "not (page.dwell > 1m and page.dwell < 30s)", "context.hour == 23"):
        assert render(one(when)) == "", when


def test_false_never_fires():
    assert "can never fire: its condition is `false`" in render(one("false"))


def test_shadowed_by_a_higher_priority_rule_with_a_weaker_condition():
    text = """\
rules:
  - id: broad
    when: page.type == "product"
    show: { snippet: review_popup, placement: modal }
    priority: 10
  - id: narrow
    when: page.type == "product" and page.dwell > 30s
    show: { snippet: review_popup, placement: corner }
"""
    assert render(text) == """\
rules/pdp.yaml:6:9: warning: rule `narrow` is shadowed by `broad` (priority 10): `broad` shows as \
an overlay whenever `narrow` would, and nothing caps it
    - id: narrow
          ^^^^^^"""


def test_no_shadowing_across_slots_or_when_capped():
    base = """\
rules:
  - id: broad
    when: page.type == "product"
    show: {{ snippet: trust_badge, slot: {slot} }}
    priority: 10
{extra}  - id: narrow
    when: page.type == "product" and page.dwell > 30s
    show: {{ snippet: trust_badge, slot: a }}
"""
    assert "shadowed" in render(base.format(slot="a", extra=""))
    assert render(base.format(slot="b", extra="")) == ""
    assert render(base.format(slot="a", extra="    limit: once per session\n")) == ""
    assert render(base.format(slot="a", extra="    enabled: false\n")) == ""


def test_param_the_template_never_uses(tmp_path):
    snippets = tmp_path / "snippets"
    snippets.mkdir()
    (snippets / "catalog.yaml").write_text(
        "note:\n  template: note.html.j2\n  placements: [toast]\n  params:\n"
        "    text: {type: string, default: hi}\n    color: {type: string, default: red}\n")
    (snippets / "note.html.j2").write_text("<p>{{ params.text }}</p>\n")
    rules = tmp_path / "r.yaml"
    rules.write_text("rules:\n  - id: r\n    when: page.dwell > 1s\n"
                     "    show: { snippet: note, placement: toast, params: { color: blue } }\n")
    from compiler.language.driver import check

    report = check([rules], snippets_dir=snippets)
    assert report.ok
    assert [d.message for d in report.warnings] == [
        "param `color` has no effect: the template `note.html.j2` never uses `params.color`"]


def test_product_snippet_on_pages_without_a_product():
    out = render(one("page.dwell > 30s", "{ snippet: review_popup, placement: modal }"))
    assert out == """\
rules/pdp.yaml:4:22: warning: snippet `review_popup` shows product data (product.name, \
product.rating, product.review_count, product.reviews) but rule `r` can fire on pages without a \
product; add `page.type == "product"` to its condition
    show: { snippet: review_popup, placement: modal }
                     ^^^^^^^^^^^^"""
    assert render(one('page.type in ["product"] and page.dwell > 30s',
                      "{ snippet: review_popup, placement: modal }")) == ""
    assert render(one("moment.reading_reviews", "{ snippet: review_popup, placement: modal }")) == ""


def test_warnings_do_not_fail_check():
    report = analyze(one("page.scroll > 120%")).report
    assert report.ok and len(report.warnings) == 1
    assert report.render().endswith("0 errors, 1 warning in 1 file")


def test_caps_and_cooldowns_the_history_cannot_keep():
    a = analyze("rules:\n  - id: r\n    when: page.dwell > 5s\n"
                "    show: { snippet: trust_badge, slot: s }\n"
                "    limit: 60 per visitor\n    cooldown: 40d\n")
    messages = sorted(d.message for d in a.report.diagnostics)
    assert messages == [
        "rule `r`: a cooldown longer than the history's 30 days of retention ends when the "
        "exposure is forgotten",
        "rule `r`: a limit of 60 per visitor cannot hold: the visit history keeps the last 50 "
        "exposures of a rule",
    ]
    assert a.report.ok  # warnings, not errors
