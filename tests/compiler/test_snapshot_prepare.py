"""What the snapshot drops: library line tables compacted, the code itself unchanged."""

import traceback
import types

from compiler.bundle.snapshot_prepare import compact, compact_library_code, first_line_table


def library_function(values):
    total = 0
    for value in values:
        total += 10 // value
    twice = lambda: [total,  # noqa: E731 (a nested code object, on lines of its own)
                     total]
    return twice()


def test_compacted_code_computes_the_same_in_a_fraction_of_the_line_table():
    code = library_function.__code__
    compacted = compact(code, {})
    clone = types.FunctionType(compacted, globals())
    assert clone([1, 2, 5]) == library_function([1, 2, 5]) == [17, 17]
    assert len(compacted.co_linetable) < len(code.co_linetable)
    assert compacted.co_exceptiontable == code.co_exceptiontable


def test_every_instruction_of_compacted_code_is_on_the_first_line():
    code = compact(library_function.__code__, {})
    assert {line for _, _, line in code.co_lines()} == {code.co_firstlineno}
    nested = next(c for c in code.co_consts if isinstance(c, types.CodeType))
    assert {line for _, _, line in nested.co_lines()} == {nested.co_firstlineno}
    assert len(list(code.co_positions())) == len(code.co_code) // 2
    assert len(first_line_table(code)) == 2 * -(-len(code.co_code) // 16)


def test_a_traceback_through_compacted_code_still_names_its_function():
    clone = types.FunctionType(compact(library_function.__code__, {}), globals())
    try:
        clone([0])
    except ZeroDivisionError as error:
        frames = traceback.extract_tb(error.__traceback__)
    assert frames[-1].name == "library_function"
    assert frames[-1].lineno == library_function.__code__.co_firstlineno


def test_only_functions_of_the_library_are_compacted():
    source = "def f(x):\n    y = x + 1\n    return y * 2\n"
    library, ours = {}, {}
    exec(compile(source, "/lib/fake_stdlib.zip/mod.py", "exec"), library)
    exec(compile(source, "kairos_rules.py", "exec"), ours)
    kept = ours["f"].__code__
    assert compact_library_code(("/lib/fake_stdlib.zip/",)) == 1
    assert {line for _, _, line in library["f"].__code__.co_lines()} == {1}
    assert ours["f"].__code__ is kept and {line for _, _, line in kept.co_lines()} >= {2, 3}
    assert library["f"](1) == ours["f"](1) == 4
