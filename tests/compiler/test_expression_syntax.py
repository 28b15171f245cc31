"""Lexer and parser of `when:` conditions: literals, operators, calls, precedence, unparse."""

import pytest
from compiler_testkit import analyze

from compiler.language.errors import CompileError
from compiler.language.lexer import tokenize
from compiler.language.parser import parse
from compiler.language.source import library_text
from compiler.language.unparse import unparse


def when_ir(condition: str) -> dict:
    a = analyze(f"rules:\n  - id: r\n    when: '{condition}'\n"
                "    show: { snippet: trust_badge, slot: s }\n")
    assert a.report.ok, a.report.render()
    return a.rules[0].when


def lit(kind, value):
    return {"op": "lit", "type": kind, "value": value}


@pytest.mark.parametrize("text,kind,value", [
    ("500ms", "duration", 500), ("30s", "duration", 30_000), ("5m", "duration", 300_000),
    ("2h", "duration", 7_200_000), ("7d", "duration", 604_800_000), ("1.5s", "duration", 1500),
    ("60%", "percent", 60), ("12.5%", "percent", 12.5), ("3", "number", 3),
    ("4.0", "number", 4), ("0.25", "number", 0.25), ('"a b"', "string", "a b"),
    ("'it\\'s'", "string", "it's"), ('"say \\"hi\\""', "string", 'say "hi"'),
    ("true", "bool", True), ("false", "bool", False), ("-5", "number", -5),
])
def test_literals(text, kind, value):
    node = parse(text, library_text("t", text).span)
    assert (node.type, node.value) == (kind, value)


def test_tokens_carry_offsets():
    toks = tokenize('page.dwell >= 30s', library_text("t", "").span)
    assert [(t.kind, t.start, t.end) for t in toks] == [
        ("name", 0, 4), ("op", 4, 5), ("name", 5, 10), ("op", 11, 13), ("dur", 14, 17),
        ("eof", 17, 17)]


def test_precedence_not_and_or():
    e = when_ir("not behavior.idle and page.dwell > 1s or cart.count >= 2")
    assert e["op"] == "or"
    assert e["args"][0]["op"] == "and" and e["args"][0]["args"][0]["op"] == "not"


def test_membership_and_substring():
    assert when_ir('page.type in ["product", "cart"]') == {
        "op": "in", "left": {"op": "signal", "name": "page.type"},
        "right": {"op": "list", "items": [lit("string", "product"), lit("string", "cart")]}}
    assert when_ir('"/sale" in page.url')["right"] == {"op": "signal", "name": "page.url"}
    assert when_ir("product.id not in cart.items")["op"] == "not"


def test_calls_positional_and_keyword_are_normalized():
    kw = when_ir("visits.product(within=7d) >= 3")
    pos = when_ir("visits.product(7d) >= 3")
    assert kw == pos
    assert kw["left"] == {"op": "call", "fn": "visits.product", "args": [lit("duration", 604_800_000)]}
    assert when_ir("visits.url() > 1")["left"] == {"op": "call", "fn": "visits.url", "args": []}
    assert when_ir('clicked("size-guide") > 0')["left"]["fn"] == "clicked"
    assert when_ir('section("#reviews").seen') == {
        "op": "call", "fn": "section.seen", "args": [lit("string", "#reviews")]}


def test_unparse_round_trips():
    for text in ('page.type == "product" and (page.dwell > 30s or page.scroll >= 60%)',
                 "not (cart.count > 0 and behavior.exit_intent)", "product.id not in cart.items",
                 'section("#r").dwell > 1500ms', "visits.product(within=7d) >= 3",
                 "product.price < -1.5", "(page.dwell > 1s or page.dwell < 2s) and true"):
        assert unparse(when_ir(text)) == text


def test_syntax_errors_raise_compile_error_with_a_span():
    with pytest.raises(CompileError) as info:
        parse("a and (b", library_text("t", "a and (b").span)
    assert info.value.diagnostic.span.col == 7


@pytest.mark.parametrize("text,message", [
    ("", "the condition is empty"),
    ("a b", "expected `and`, `or` or the end of the condition, found `b`"),
    ("30 s > page.dwell", "write a duration without a space, as in `30s`"),
    ("a ! b", "use `not` instead of `!`"),
    ("a || b", "use `or` instead of `||`"),
    ("a =< 3", "did you mean `<=`?"),
    ("f(x=1, y)", "an argument without a name cannot follow a named one"),
    ("f(x=1, x=2)", "argument `x` is given twice"),
    ("[1, 2", "unclosed `[`; add `]`"),
    ("a.", "expected a name after `.`"),
    ("2w", "weeks are not a unit; did you mean `14d`?"),
    ("\u201cproduct\u201d", 'use straight quotes `"` or `\'` around text'),
    ("a @ b", "unexpected character `@`; remove it"),
    ("(" * 100 + "a" + ")" * 100, "the condition is nested too deeply"),
    ('a === "x"', "use `==` instead of `===`"),
    ('a !== "x"', "use `!=` instead of `!==`"),
    ("a > 60 %", "write a percent without a space, as in `60%`"),
    ("a > 60 percent", "write a percent without a space, as in `60%`"),
    ("a > 2 minutes", "write a duration without a space, as in `2m`"),
    ("a > 3 times", "a count is a plain number; remove `times`"),
    ("a > \u20ac50", "write a price as a plain number, without `\u20ac`: `50`"),
    ("a ? b : c", "a condition has no `? :`; it is true or false: write one rule for each case"),
    ("a;", "remove the `;`; a condition ends where its line ends"),
    ("section(#reviews).seen", 'a CSS selector goes in quotes, as in `"#reviews"`'),
    ('a is not "x"', "use `!=` instead of `is not`"),
    ('page.url has "/sale"', 'there is no `has`; to look for a value, write `"/sale" in page.url`'),
    ("h between 9 and 17", "there is no `between`; write `h >= 9 and h <= 17`"),
    ("NOT a", "keywords are lowercase; did you mean `not`?"),
    ("a > 60pct", "unknown unit `pct` in `60pct`; did you mean `60%`?"),
])
def test_syntax_error_messages(text, message):
    with pytest.raises(CompileError) as info:
        parse(text, library_text("t", text).span)
    assert info.value.diagnostic.message == message


def test_not_equal_is_the_way_to_say_not_equal():
    assert when_ir('page.type != "cart"') == {
        "op": "cmp", "cmp": "!=", "left": {"op": "signal", "name": "page.type"},
        "right": lit("string", "cart")}


def test_a_number_with_an_unknown_unit_waits_for_its_context():
    node = parse("7x", library_text("t", "7x").span)
    assert (node.type, node.value, node.raw) == ("unit?", 7, "7x")
