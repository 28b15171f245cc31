"""The micro-moment library: every moment compiles, inlines, can be overridden; cycles are errors."""

import pytest
from compiler_testkit import analyze, render

from compiler.language.moments import E_COMMERCE, GOOGLE, LIBRARY
from compiler.language.unparse import unparse


def rule(extra: str, snippet: str = "show: { snippet: trust_badge, slot: s }") -> str:
    return f"rules:\n  - id: r\n{extra}    {snippet}\n"


def test_the_library_has_the_eight_moments():
    assert set(LIBRARY) == set(E_COMMERCE) | set(GOOGLE)
    assert len(LIBRARY) == 8
    assert all(m.why for m in LIBRARY.values())


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_each_moment_compiles_alone(name):
    a = analyze(rule(f"    moment: {name}\n"))
    assert a.report.ok, a.report.render()
    assert a.rules[0].spec.moment == name
    assert name in a.rules[0].moments


def test_moment_only_rule_takes_the_moment_condition():
    a = analyze(rule("    moment: reading_reviews\n"))
    assert unparse(a.rules[0].when) == (
        'page.type == "product" and (section("#reviews").dwell > 10s or '
        "(product.review_count > 0 and page.scroll >= 60% and page.dwell > 30s))")


def test_when_with_moment_label_ignores_the_moment_condition():
    a = analyze(rule("    moment: price_checking\n    when: visits.product(within=7d) >= 3\n"))
    assert unparse(a.rules[0].when) == "visits.product(within=7d) >= 3"
    assert a.rules[0].spec.moment == "price_checking"


def test_moment_reference_is_inlined():
    a = analyze(rule("    when: moment.checkout_readiness and cart.value > 100\n"))
    assert unparse(a.rules[0].when) == (
        '(cart.count > 0 and page.type in ["cart", "checkout"] and page.dwell > 5s) '
        "and cart.value > 100")
    assert a.rules[0].moments == ["checkout_readiness"]


def test_moments_using_moments_are_recorded():
    a = analyze(rule("    when: moment.i_want_to_buy\n"))
    assert a.rules[0].moments == ["checkout_readiness", "i_want_to_buy"]
    assert "moment" not in unparse(a.rules[0].when)


def test_a_file_overrides_and_adds_moments():
    text = ("moments:\n  reading_reviews: page.dwell > 1m\n  deep: page.scroll >= 90%\n"
            + rule("    moment: reading_reviews\n").split("\n", 0)[0]
            ).replace("rules:\n  - id: r\n", "rules:\n  - id: r\n")
    text = text.replace("    moment: reading_reviews\n",
                        "    when: moment.reading_reviews or moment.deep\n")
    a = analyze(text)
    assert a.report.ok, a.report.render()
    assert unparse(a.rules[0].when) == "page.dwell > 1m or page.scroll >= 90%"


def test_overrides_apply_across_files():
    a = analyze(rule("    moment: reading_reviews\n"), "rules/a.yaml",
                **{"rules/moments.yaml": "moments:\n  reading_reviews: page.dwell > 2m\n"})
    assert a.report.ok, a.report.render()
    assert unparse(a.rules[0].when) == "page.dwell > 2m"


def test_moment_defined_twice_is_an_error():
    a = analyze("moments:\n  deep: page.dwell > 2m\n", "rules/a.yaml",
                **{"rules/b.yaml": "moments:\n  deep: page.dwell > 3m\n"})
    assert "\n".join(d.render() for d in a.report.diagnostics) == """\
rules/b.yaml:2:3: moment `deep` is already defined at rules/a.yaml:2; give one of them another \
name
    deep: page.dwell > 3m
    ^^^^"""


def test_errors_inside_a_moment_point_at_its_definition_once():
    text = ("moments:\n  deep: page.scrol >= 90%\nrules:\n"
            "  - id: a\n    moment: deep\n    show: { snippet: trust_badge, slot: s }\n"
            "  - id: b\n    when: moment.deep\n    show: { snippet: trust_badge, slot: t }\n")
    assert render(text) == """\
rules/pdp.yaml:2:9: unknown signal `page.scrol`; did you mean `page.scroll`?
    deep: page.scrol >= 90%
          ^^^^^^^^^^"""


def test_moment_cycles_are_errors():
    text = "moments:\n  a: moment.b and page.dwell > 1s\n  b: moment.a\n"
    assert render(text) == """\
rules/pdp.yaml:3:6: moment `a` refers to itself (a -> b -> a)
    b: moment.a
       ^^^^^^^^"""


def test_moment_written_with_prefix_in_moment_key():
    assert render(rule("    moment: moment.reading_reviews\n")) == """\
rules/pdp.yaml:3:13: write only the moment's name here: `moment: reading_reviews`
    moment: moment.reading_reviews
            ^^^^^^^^^^^^^^^^^^^^^^"""
