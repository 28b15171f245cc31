"""The driver API used by build.py: check, compile_rules, explain, progress, paths."""

import pytest
from compiler_testkit import DEMO, load_module

from compiler.language.driver import CompileFailed, check, compile_rules, explain
from compiler.language.errors import UnknownRule


def test_the_design_example_compiles_unchanged(rules_dir):
    compiled = compile_rules([str(rules_dir / "demo.yaml")])
    assert compiled.report.ok and compiled.report.diagnostics == []
    ids = [r["id"] for r in compiled.ir["rules"]]
    assert ids == ["reviews-for-hesitant-shoppers", "trust-on-third-visit"]
    module = load_module(compiled.module_source)
    assert len(module["CONDITIONS"]) == 2
    assert compiled.ir_json.startswith('{\n  "ir_version": 1,')


def test_folders_are_searched_for_yaml_files_sorted(tmp_path):
    (tmp_path / "b.yml").write_text(DEMO.replace("id: ", "id: b-"))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.yaml").write_text(DEMO.replace("id: ", "id: a-"))
    (tmp_path / "notes.txt").write_text("not rules")
    report = check([tmp_path])
    assert report.ok
    assert [f.rsplit("/", 1)[1] for f in report.files] == ["b.yml", "a.yaml"]
    compiled = compile_rules([tmp_path])
    assert len(compiled.ir["rules"]) == 4


def test_missing_path_is_a_diagnostic_not_an_exception(tmp_path):
    report = check([tmp_path / "nope.yaml"])
    assert not report.ok
    assert report.render().startswith(f"{(tmp_path / 'nope.yaml').as_posix()}: no such file")


def test_compile_failed_carries_the_report(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(DEMO.replace("page.dwell", "page.dwel"))
    with pytest.raises(CompileFailed) as info:
        compile_rules([bad])
    assert "unknown signal `page.dwel`" in info.value.report.render()
    assert str(info.value) == info.value.report.render()


def test_progress_is_reported(tmp_path):
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.yaml").write_text(DEMO.replace("id: ", f"id: {name}-"))
    calls = []
    check([tmp_path], progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]
    calls.clear()
    compile_rules([tmp_path], progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_not_utf8_is_a_diagnostic(tmp_path):
    f = tmp_path / "latin1.yaml"
    f.write_bytes(b"rules:\n  - id: caf\xe9\n")
    report = check([f])
    assert report.errors[0].message == "the file is not UTF-8 text"
    assert (report.errors[0].span.line, report.errors[0].span.col) == (2, 12)


def test_empty_file_is_fine(tmp_path):
    f = tmp_path / "empty.yaml"
    f.write_text("# nothing yet\n")
    assert check([f]).ok
    assert compile_rules([f]).ir["rules"] == []


def test_explain_in_plain_words(rules_dir):
    text = explain([rules_dir], "reviews-for-hesitant-shoppers")
    assert text.splitlines()[0].startswith("rule `reviews-for-hesitant-shoppers` (")
    assert "moment:    reading_reviews (a label: `when:` alone is the condition)" in text
    assert "condition: all of:" in text
    assert '- page.type == "product"' in text
    assert "wakes at:  page.dwell > 30s" in text
    assert "limit:     at most once per session" in text
    assert "shows:     snippet `review_popup` as a modal dialog" in text
    trust = explain([rules_dir], "trust-on-third-visit")
    assert "variants:  control 10% (control: sees nothing, the baseline), badge_a 45%, " \
           "badge_b 45%" in trust
    assert "condition: visits.product(within=7d) >= 3" in trust


def test_explain_resolves_moments(tmp_path):
    f = tmp_path / "r.yaml"
    f.write_text("rules:\n  - id: r\n    when: moment.reading_reviews and cart.count == 0\n"
                 "    show: { snippet: review_popup, placement: modal }\n"
                 "    schedule: { days: [sat, sun], hours: \"9-17\" }\n    cooldown: 10m\n"
                 "    holdout: 5%\n")
    text = explain([f], "r")
    assert "uses:      moment.reading_reviews (library): page.type == \"product\"" in text
    assert 'section("#reviews").dwell > 10s' in text
    assert "schedule:  on sat, sun, between 9:00-17:00 (shopper's local time)" in text
    assert "cooldown:  at least 10m between two showings" in text
    assert "holdout:   5% of visitors never see it" in text


def test_explain_unknown_rule_suggests(rules_dir):
    with pytest.raises(UnknownRule, match="did you mean `trust-on-third-visit`"):
        explain([rules_dir], "trust-on-3rd-visit")


def test_unknown_rule_is_a_compile_failure_with_a_report(rules_dir):
    with pytest.raises(CompileFailed) as info:
        explain([rules_dir], "nope")
    assert info.value.report.render().splitlines()[0].endswith(": no rule has the id `nope`")


def test_vocabulary_covers_the_contract_signals():
    import re
    from pathlib import Path

    from compiler.language.vocabulary import SIGNALS

    contracts = (Path(__file__).parents[2] / "docs" / "contracts.md").read_text(encoding="utf-8")
    table = contracts.split("## 2.")[1].split("Function calls in rules")[0]
    keys = set()
    for row in table.splitlines():
        if row.startswith("| `"):
            keys.update(re.findall(r"`([a-z_.]+)`", row.split("|")[1]))
    assert keys == set(SIGNALS)


def test_sections_a_snippet_reads_are_watched(tmp_path):
    (tmp_path / "r.yaml").write_text(
        'rules:\n  - id: r\n    when: page.type == "product" and page.dwell > 30s\n'
        '    show: { snippet: review_popup, placement: modal,\n'
        '            params: { focus: "#size-chart=fit; #reviews=reviews" } }\n')
    compiled = compile_rules([tmp_path / "r.yaml"])
    assert compiled.ir["rules"][0]["watch"]["sections"] == ["#reviews", "#size-chart"]
    assert compiled.ir["watch"]["sections"] == ["#reviews", "#size-chart"]
    assert compiled.ir["rules"][0]["show"]["params"]["focus"] == "#size-chart=fit; #reviews=reviews"


@pytest.mark.parametrize(("when", "pages"), [
    ('page.type == "product" and page.dwell > 30s', ["product"]),
    ('page.type in ["cart", "checkout"] and page.dwell > 5s', ["cart", "checkout"]),
    ('(page.type == "home" or page.type == "category") and page.scroll >= 50%', ["category", "home"]),
    ('page.type in ["cart", "home"] and page.type == "home" and page.dwell > 5s', ["home"]),
    # Anything that may hold on any page type wakes the engine everywhere (no third element).
    ('page.type == "product" or page.dwell > 30s', None),
    ('not (page.type == "product") and page.dwell > 30s', None),
    ('page.type != "product" and page.dwell > 30s', None),
    ('page.dwell > 30s', None),
])
def test_thresholds_name_the_page_types_their_rule_can_hold_on(tmp_path, when, pages):
    (tmp_path / "r.yaml").write_text(
        f"rules:\n  - id: r\n    when: {when}\n    show: {{ snippet: trust_badge, slot: trust }}\n")
    compiled = compile_rules([tmp_path / "r.yaml"])
    marks = [m for marks in compiled.ir["watch"]["thresholds"].values() for m in marks]
    assert marks and all((m[2] if len(m) > 2 else None) == pages for m in marks)


def test_a_mark_shared_by_rules_wakes_on_the_union_of_their_page_types(tmp_path):
    rule = "  - id: {id}\n    when: {when}\n    show: {{ snippet: trust_badge, slot: trust }}\n"
    (tmp_path / "r.yaml").write_text("rules:\n" + "".join(rule.format(id=i, when=w) for i, w in [
        ("a", 'page.type == "product" and page.dwell > 30s'),
        ("b", 'page.type == "cart" and page.dwell > 30s'),
        ("c", 'page.type == "home" and page.dwell > 10s'),
        ("d", 'page.dwell > 10s and cart.count > 0'),
    ]))
    compiled = compile_rules([tmp_path / "r.yaml"])
    dwell = compiled.ir["watch"]["thresholds"]["page.dwell"]
    assert dwell == [[10000, ">"], [30000, ">", ["cart", "product"]]]
