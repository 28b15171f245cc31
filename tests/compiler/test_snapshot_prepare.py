"""What the snapshot drops: library line tables compacted, the code itself unchanged; modules the
engine never runs, with the names bound to them."""

import sys
import traceback
import types

import pytest

from compiler.bundle.snapshot_prepare import compact, compact_library_code, drop_modules, first_line_table


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


def _modules(**sources: str) -> dict[str, types.ModuleType]:
    """Modules made from `sources` (name -> code), in sys.modules, in order."""
    made = {}
    for name, source in sources.items():
        module = sys.modules[name] = types.ModuleType(name)
        exec(compile(source, f"{name}.py", "exec"), module.__dict__)  # noqa: S102
        made[name] = module
    return made


DROPPED = "class Compiler:\n    pass\n\ndef compile_it():\n    return Compiler()\n"
KEPT = ("import kx_dropped\nfrom kx_dropped import Compiler, compile_it\n\n"
        "class Environment:\n    compiler_class = Compiler\n\n    def render(self):\n        return 'ok'\n")


def test_dropped_modules_go_with_every_name_bound_to_them():
    kept = _modules(kx_dropped=DROPPED, kx_kept=KEPT)["kx_kept"]
    try:
        unbound = drop_modules(("kx_dropped", "kx_never_imported"))
        assert "kx_dropped" not in sys.modules
        assert sorted(unbound) == ["kx_kept.Compiler", "kx_kept.Environment.compiler_class",
                                   "kx_kept.compile_it", "kx_kept.kx_dropped"]
        assert not hasattr(kept, "Compiler") and not hasattr(kept.Environment, "compiler_class")
        assert kept.kx_dropped is None  # as `except ImportError: kx_dropped = None` would leave it
        assert kept.Environment().render() == "ok"
    finally:
        sys.modules.pop("kx_kept", None)


def test_a_dropped_module_something_still_runs_stops_the_snapshot():
    held = [_modules(kx_dropped=DROPPED)["kx_dropped"].compile_it]  # not a module's name
    with pytest.raises(RuntimeError, match="kx_dropped.compile_it"):
        drop_modules(("kx_dropped",))
    assert held
