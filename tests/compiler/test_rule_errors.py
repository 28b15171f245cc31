"""Exact diagnostics for marketer mistakes: file, line, column, message, suggestion, carets."""

import pytest
from compiler_testkit import render

from compiler.language import vocabulary as V
from compiler.language.errors import ERROR, Diagnostic, Note, Span

RULE = """\
rules:
  - id: r
    when: {when}
    show: {{ snippet: review_popup, placement: modal }}
"""


def when(condition: str) -> str:
    return RULE.format(when=condition)


CASES = [
    # --- signals, functions, moments -----------------------------------------------------------
    ("signal typo", when('page.type == "product" and page.dwel > 30s'), """\
rules/pdp.yaml:3:38: unknown signal `page.dwel`; did you mean `page.dwell`?
    when: page.type == "product" and page.dwel > 30s
                                     ^^^^^^^^^"""),
    ("missing duration unit", when("page.dwell > 30"), """\
rules/pdp.yaml:3:24: `30` has no unit; expected a duration such as `30s`
    when: page.dwell > 30
                       ^^"""),
    ("missing percent unit", when("page.scroll >= 60"), """\
rules/pdp.yaml:3:26: `60` has no unit; expected a percent such as `60%`
    when: page.scroll >= 60
                         ^^"""),
    ("= for ==", when('page.type = "product"'), """\
rules/pdp.yaml:3:21: use `==` to compare; a single `=` only names an argument, as in `within=7d`
    when: page.type = "product"
                    ^"""),
    ("unclosed parenthesis", when("(page.dwell > 30s and page.scroll > 50%"), """\
rules/pdp.yaml:3:11: unclosed `(`; add `)`
    when: (page.dwell > 30s and page.scroll > 50%
          ^"""),
    ("unmatched parenthesis", when("page.dwell > 30s)"), """\
rules/pdp.yaml:3:27: this `)` closes nothing; remove it
    when: page.dwell > 30s)
                          ^"""),
    ("duration vs percent", when("page.dwell > 60%"), """\
rules/pdp.yaml:3:11: cannot compare a duration with a percent: `page.dwell` is a duration, \
`60%` is a percent; did you mean `page.dwell > 60s`?
    when: page.dwell > 60%
          ^^^^^^^^^^^^^^^^"""),
    ("text vs number", when("page.type == 3"), """\
rules/pdp.yaml:3:11: cannot compare text with a number: `page.type` is text, `3` is a number; \
text goes in quotes, as in `page.type == "product"`
    when: page.type == 3
          ^^^^^^^^^^^^^^"""),
    ("unknown moment", when("moment.reading_review and cart.count == 0"), """\
rules/pdp.yaml:3:11: unknown moment `reading_review`; did you mean `reading_reviews`?
    when: moment.reading_review and cart.count == 0
          ^^^^^^^^^^^^^^^^^^^^^"""),
    ("unknown function keyword", when("visits.product(last=7d) >= 3"), """\
rules/pdp.yaml:3:26: `visits.product(...)` has no argument `last`; it takes `within`
    when: visits.product(last=7d) >= 3
                         ^^^^"""),
    ("keyword typo", when("visits.product(withn=7d) >= 3"), """\
rules/pdp.yaml:3:26: `visits.product(...)` has no argument `withn`; did you mean `within`?
    when: visits.product(withn=7d) >= 3
                         ^^^^^"""),
    ("unknown function", when("visit.product(within=7d) >= 3"), """\
rules/pdp.yaml:3:11: unknown function `visit.product`; did you mean `visits.product`?
    when: visit.product(within=7d) >= 3
          ^^^^^^^^^^^^^"""),
    ("argument without unit", when("visits.product(within=7) >= 3"), """\
rules/pdp.yaml:3:33: `7` has no unit; expected a duration such as `7d`
    when: visits.product(within=7) >= 3
                                ^"""),
    ("visit list compared", when("visits.product >= 3"), """\
rules/pdp.yaml:3:11: `visits.product` is a list of visit times; count them, as in \
`visits.product(within=7d)`
    when: visits.product >= 3
          ^^^^^^^^^^^^^^"""),
    ("number as condition", when("cart.count"), """\
rules/pdp.yaml:3:11: `cart.count` is a number, not a condition; compare it, as in `cart.count > 0`
    when: cart.count
          ^^^^^^^^^^"""),
    ("value typo", when('page.type == "prodcut"'), """\
rules/pdp.yaml:3:24: `page.type` is never `prodcut`; did you mean `product`?
    when: page.type == "prodcut"
                       ^^^^^^^^^"""),
    ("section property typo", when('section("#reviews").dwel > 10s'), """\
rules/pdp.yaml:3:31: `section(...)` has no property `.dwel`; did you mean `.dwell`?
    when: section("#reviews").dwel > 10s
                              ^^^^"""),
    ("unknown unit", when("page.dwell > 30sec"), """\
rules/pdp.yaml:3:24: unknown unit `sec` in `30sec`; did you mean `30s`? (units: ms, s, m, h, d)
    when: page.dwell > 30sec
                       ^^^^^"""),
    ("&& for and", when('page.type == "product" && page.dwell > 1m'), """\
rules/pdp.yaml:3:34: use `and` instead of `&&`
    when: page.type == "product" && page.dwell > 1m
                                 ^^"""),
    ("uppercase keyword", when('page.type == "product" AND page.dwell > 1m'), """\
rules/pdp.yaml:3:34: keywords are lowercase; did you mean `and`?
    when: page.type == "product" AND page.dwell > 1m
                                 ^^^"""),
    ("unterminated string", when("'page.type == \"product'"), """\
rules/pdp.yaml:3:25: unterminated text; add the closing `"`
    when: 'page.type == "product'
                        ^"""),
    ("signal called", when("page.dwell() > 1s"), """\
rules/pdp.yaml:3:11: `page.dwell` is a signal, not a function; remove the parentheses
    when: page.dwell() > 1s
          ^^^^^^^^^^^^"""),
    ("chained comparison", when("1s < page.dwell < 5s"), """\
rules/pdp.yaml:3:27: comparisons cannot be chained; write `a < b and b < c` instead
    when: 1s < page.dwell < 5s
                          ^"""),
    ("ends too early", when('page.type == "product" and'), """\
rules/pdp.yaml:3:34: the condition ends too early; expected a value after `and`
    when: page.type == "product" and
                                 ^^^"""),
    ("folded scalar", RULE.format(when='>\n      page.type == "product" and\n      page.dwel > 1m'),
     """\
rules/pdp.yaml:5:7: unknown signal `page.dwel`; did you mean `page.dwell`?
    page.dwel > 1m
    ^^^^^^^^^"""),
    ("double-quoted scalar with escapes", when(r'"section(\"#r\").dwell > 1s and foo(1)"'), """\
rules/pdp.yaml:3:43: unknown function `foo`
    when: "section(\\"#r\\").dwell > 1s and foo(1)"
                                          ^^^"""),
    # --- rule structure ------------------------------------------------------------------------
    ("rule key typo", """\
rules:
  - id: r
    wen: page.dwell > 30s
    show: { snippet: review_popup, placement: modal }
""", """\
rules/pdp.yaml:3:5: unknown key `wen` in a rule; did you mean `when`?
    wen: page.dwell > 30s
    ^^^"""),
    ("snippet typo", """\
rules:
  - id: r
    when: page.dwell > 30s
    show: { snippet: review_popp, placement: modal }
""", """\
rules/pdp.yaml:4:22: unknown snippet `review_popp`; did you mean `review_popup`?
    show: { snippet: review_popp, placement: modal }
                     ^^^^^^^^^^^"""),
    ("unknown placement", """\
rules:
  - id: r
    when: page.dwell > 30s
    show: { snippet: trust_badge, placement: popup }
""", """\
rules/pdp.yaml:4:46: unknown placement `popup` (expected `modal`, `toast` or `corner`, or \
`slot: NAME`)
    show: { snippet: trust_badge, placement: popup }
                                             ^^^^^"""),
    ("placement not allowed", """\
rules:
  - id: r
    when: page.type == "product"
    show: { snippet: review_popup, slot: pdp }
""", """\
rules/pdp.yaml:4:42: snippet `review_popup` cannot be shown in a slot; use `modal`, `corner` or \
`toast`
    show: { snippet: review_popup, slot: pdp }
                                         ^^^"""),
    ("param typo", """\
rules:
  - id: r
    when: page.dwell > 30s
    show: { snippet: trust_badge, slot: pdp, params: { headlin: Hi } }
""", """\
rules/pdp.yaml:4:56: snippet `trust_badge` has no param `headlin`; did you mean `headline`?
    show: { snippet: trust_badge, slot: pdp, params: { headlin: Hi } }
                                                       ^^^^^^^"""),
    ("param of wrong type", """\
rules:
  - id: r
    when: page.type == "product"
    show: { snippet: review_popup, placement: modal, params: { max_reviews: three } }
""", """\
rules/pdp.yaml:4:77: param `max_reviews` of `review_popup` must be a number, not `three`
    show: { snippet: review_popup, placement: modal, params: { max_reviews: three } }
                                                                            ^^^^^"""),
    ("bad limit text", """\
rules:
  - id: r
    when: page.dwell > 30s
    show: { snippet: trust_badge, slot: pdp }
    limit: once a session
""", """\
rules/pdp.yaml:5:12: cannot read the limit `once a session`; did you mean `once per session`?
    limit: once a session
           ^^^^^^^^^^^^^^"""),
    ("limit period typo", """\
rules:
  - id: r
    when: page.dwell > 30s
    show: { snippet: trust_badge, slot: pdp }
    limit: [once per sesion, 2 per day]
""", """\
rules/pdp.yaml:5:22: unknown period `sesion` in the limit; did you mean `session`?
    limit: [once per sesion, 2 per day]
                     ^^^^^^"""),
    ("variants not summing to 100", """\
rules:
  - id: r
    when: page.dwell > 30s
    show: { snippet: trust_badge, slot: pdp }
    variants: { control: 10%, a: 45%, b: 40% }
""", """\
rules/pdp.yaml:5:5: variant weights add up to 95%; they must add up to 100%: add 5% to one of \
them
    variants: { control: 10%, a: 45%, b: 40% }
    ^^^^^^^^"""),
    ("cooldown in words", """\
rules:
  - id: r
    when: page.dwell > 30s
    show: { snippet: trust_badge, slot: pdp }
    cooldown: 10 minutes
""", """\
rules/pdp.yaml:5:15: unknown unit `minutes` in `10 minutes`; did you mean `10m`?
    cooldown: 10 minutes
              ^^^^^^^^^^"""),
    ("schedule day and key typos", """\
rules:
  - id: r
    when: page.dwell > 30s
    show: { snippet: trust_badge, slot: pdp }
    schedule: { days: [monday, sat], strat: 2025-01-01 }
""", """\
rules/pdp.yaml:5:24: unknown day `monday`; did you mean `mon`?
    schedule: { days: [monday, sat], strat: 2025-01-01 }
                       ^^^^^^
rules/pdp.yaml:5:38: unknown key `strat` in `schedule`; did you mean `start`?
    schedule: { days: [monday, sat], strat: 2025-01-01 }
                                     ^^^^^"""),
    ("hours past midnight", """\
rules:
  - id: r
    when: page.dwell > 30s
    show: { snippet: trust_badge, slot: pdp }
    schedule: { hours: "18-9" }
""", """\
rules/pdp.yaml:5:24: `18-9` wraps past midnight; write two ranges: `hours: ["18-24", "0-9"]`
    schedule: { hours: "18-9" }
                       ^^^^^^"""),
    ("holdout without percent", """\
rules:
  - id: r
    when: page.dwell > 30s
    show: { snippet: trust_badge, slot: pdp }
    holdout: 5
""", """\
rules/pdp.yaml:5:14: `holdout` must be a percent such as `5%`
    holdout: 5
             ^"""),
    ("id not a slug and unknown moment name", """\
rules:
  - id: Reviews Popup
    moment: reading_reviws
    show: { snippet: trust_badge, slot: pdp }
""", """\
rules/pdp.yaml:2:9: rule id `Reviews Popup` must be a slug: lowercase letters, digits, `-` and \
`_`, as in `reviews-popup`
    - id: Reviews Popup
          ^^^^^^^^^^^^^
rules/pdp.yaml:3:13: unknown moment `reading_reviws`; did you mean `reading_reviews`?
    moment: reading_reviws
            ^^^^^^^^^^^^^^"""),
    ("priority in words", """\
rules:
  - id: r
    when: page.dwell > 30s
    show: { snippet: trust_badge, slot: pdp }
    priority: high
""", """\
rules/pdp.yaml:5:15: `priority` must be a whole number, as in `priority: 10`; got `high`
    priority: high
              ^^^^"""),
    ("duplicate ids", """\
rules:
  - id: r
    when: page.dwell > 30s
    show: { snippet: trust_badge, slot: pdp }
  - id: r
    when: page.dwell > 40s
    show: { snippet: trust_badge, slot: other }
""", """\
rules/pdp.yaml:5:9: duplicate rule id `r` (first used at rules/pdp.yaml:2); give each rule an id \
of its own
    - id: r
          ^"""),
    ("tab indentation", "rules:\n  - id: r\n\twhen: page.dwell > 30s\n", """\
rules/pdp.yaml:3:1: tab character in the indentation; YAML indents with spaces only (replace the \
indentation with 4 spaces, like `id:` on line 2)
     when: page.dwell > 30s
    ^"""),
    ("colon inside a plain value", """\
rules:
  - id: r
    when: page.type: "product"
    show: { snippet: trust_badge, slot: pdp }
""", """\
rules/pdp.yaml:3:20: invalid YAML: unexpected `:`; a value that contains `: ` must be quoted
    when: page.type: "product"
                   ^"""),
    ("value starting with a quote", """\
rules:
  - id: r
    when: "product" == page.type and page.dwell > 1s
    show: { snippet: trust_badge, slot: pdp }
""", """\
rules/pdp.yaml:3:11: invalid YAML: a value that starts with a quote ends at its closing quote; wrap \
the whole value in single quotes, as in `when: '"product" == page.type and ...'`
    when: "product" == page.type and page.dwell > 1s
          ^"""),
    ("missing show", """\
rules:
  - id: r
    when: page.dwell > 30s
""", """\
rules/pdp.yaml:2:5: rule `r` has no `show:`; add one, as in `show: { snippet: review_popup, \
placement: modal }`
    - id: r
      ^^^^^"""),
    ("top-level key typo", "rule:\n  - id: r\n", """\
rules/pdp.yaml:1:1: unknown key `rule` in the rule file; did you mean `rules`?
    rule:
    ^^^^"""),
]


@pytest.mark.parametrize("text,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_exact_message(text, expected):
    assert render(text) == expected


def test_there_are_at_least_25_distinct_mistakes():
    assert len({c[0] for c in CASES}) >= 25


def test_all_errors_of_a_file_are_reported_at_once_sorted():
    text = """\
rules:
  - id: a
    when: page.dwel > 30s
    show: { snippet: review_popp, placement: modal }
  - id: b
    when: page.scroll > 50
    show: { snippet: trust_badge, slot: pdp }
    limit: once a day
"""
    lines = [line for line in render(text).splitlines() if line.startswith("rules/")]
    assert [line.split(": ")[0] for line in lines] == [
        "rules/pdp.yaml:3:11", "rules/pdp.yaml:4:22", "rules/pdp.yaml:6:25", "rules/pdp.yaml:8:12"]


def test_errors_are_capped_at_50_per_file():
    body = "".join(f"  - id: r{i}\n    when: page.dwel > 1s\n    show: {{ snippet: x, slot: s }}\n"
                   for i in range(40))
    from compiler_testkit import analyze

    report = analyze("rules:\n" + body).report
    assert len(report.diagnostics) == 50
    assert report.truncated == {"rules/pdp.yaml": 30}
    assert "30 more problems not shown" in report.render()


def test_show_given_as_a_bare_snippet_name():
    text = "rules:\n  - id: r\n    when: page.dwell > 1s\n    show: trust_badge\n"
    assert render(text) == """\
rules/pdp.yaml:4:11: `show` needs a snippet and a place, as in \
`show: { snippet: trust_badge, placement: modal }`
    show: trust_badge
          ^^^^^^^^^^^"""


def test_positions_inside_quoted_and_block_scalars():
    text = """\
rules:
  - id: r1
    when: 'page.type == ''product'' and page.dwel > 1s'
    show: { snippet: trust_badge, slot: a }
  - id: r2
    when: "page.type == 'product'
      and page.dwel > 1s"
    show: { snippet: trust_badge, slot: b }
  - id: r3
    when: |
      page.type == "product"
        and page.dwel > 1s
    show: { snippet: trust_badge, slot: c }
"""
    heads = [line.split(": unknown")[0] for line in render(text).splitlines()
             if line.startswith("rules/")]
    assert heads == ["rules/pdp.yaml:3:41", "rules/pdp.yaml:7:11", "rules/pdp.yaml:12:13"]


def test_a_note_renders_after_the_excerpt_in_the_same_form():
    line4 = "    show: { snippet: review_popup, placement: modal"
    d = Diagnostic(ERROR, "this `{` is never closed; add `}` at the end of the mapping",
                   Span("r.yaml", 4, 11, 12, line4),
                   notes=(Note("the mapping is still open here",
                               Span("r.yaml", 5, 10, 11, "    limit: once per session")),
                          Note("the file ends here", Span("r.yaml", 6, 1, 2, ""))))
    assert d.render() == """\
r.yaml:4:11: this `{` is never closed; add `}` at the end of the mapping
    show: { snippet: review_popup, placement: modal
          ^
r.yaml:5:10: note: the mapping is still open here
    limit: once per session
         ^
r.yaml:6:1: note: the file ends here"""


def test_every_duration_and_percent_says_the_unit_people_count_it_in():
    words = [*V.SIGNALS.values(), *V.FUNCTIONS.values(), V.COOLDOWN,
             *(p for f in V.FUNCTIONS.values() for p in f.params)]
    for w in words:
        kind = getattr(w, "returns", None) or w.type
        if kind in ("duration", "percent") and getattr(w, "usable", True):
            assert w.natural, w.name
            assert (w.natural == "%") == (kind == "percent"), w.name


UNITS = "(units: ms, s, m, h, d)"


@pytest.mark.parametrize("condition,message", [
    ("visits.product(within=7x) >= 3", f"unknown unit `x` in `7x`; did you mean `7d`? {UNITS}"),
    ("visits.product(within=7) >= 3", "`7` has no unit; expected a duration such as `7d`"),
    ("page.dwell > 30x", f"unknown unit `x` in `30x`; did you mean `30s`? {UNITS}"),
    ('section("#reviews").dwell > 10', "`10` has no unit; expected a duration such as `10s`"),
    ('section("#reviews").scroll > 50', "`50` has no unit; expected a percent such as `50%`"),
    ("page.scroll > 0.75", "`0.75` has no unit; expected a percent such as `75%`"),
    ("60x < page.scroll", "unknown unit `x` in `60x`; did you mean `60%`?"),
    ("product.dwell > 2x", f"unknown unit `x` in `2x`; did you mean `2s`? {UNITS}"),
    ("product.price > 50USD", "`50USD`: a price is a plain number in the page's currency; "
                              "write `50`"),
    ("cart.count > 3x", "`3x`: `cart.count` is a plain number; write `3`"),
    ("context.hour >= 9am", "`9am`: the hour is a number from 0 to 23; write `9`"),
    ("visits.days_since_last > 7d", "cannot compare a number with a duration: "
     "`visits.days_since_last` is a number, `7d` is a duration; did you mean "
     "`visits.days_since_last > 7`?"),
    ("page.scroll > 30s", "cannot compare a percent with a duration: `page.scroll` is a percent, "
                          "`30s` is a duration; did you mean `page.scroll > 30%`?"),
])
def test_literal_fixes_use_the_natural_unit_of_what_they_are_compared_with(condition, message):
    from compiler_testkit import analyze

    assert [d.message for d in analyze(when(condition)).report.diagnostics] == [message]
