"""kairos_engine.ops against the language-neutral case file; nothing ever raises."""

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kairos_engine import ops

CASES = json.loads((Path(__file__).parent / "ops_cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name,args,expected", CASES["cases"],
                         ids=[f"{i}-{c[0]}" for i, c in enumerate(CASES["cases"])])
def test_case_file(name, args, expected):
    args = [CASES["state"] if a == "$s" else a for a in args]
    result = getattr(ops, name)(*args)
    assert result == expected and type(result) is type(expected)


anything = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner,
                                                                max_size=3),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(anything, anything, anything)
def test_ops_never_raise(a, b, s):
    for name in ("cmp_eq", "cmp_ne", "cmp_lt", "cmp_le", "cmp_gt", "cmp_ge", "contains"):
        assert getattr(ops, name)(a, b) in (True, False)
    for name in dir(ops):
        if name.startswith("fn_"):
            getattr(ops, name)(s, a)
            getattr(ops, name)(a, b)


@settings(max_examples=200, deadline=None)
@given(anything, st.lists(st.text(max_size=3), min_size=1, max_size=4),
       st.lists(st.integers() | st.floats(allow_nan=False), min_size=1, max_size=4))
def test_membership_in_literals_is_contains(item, strings, numbers):
    """What codegen emits for `x in [literals]` answers as ops.contains would."""
    assert ops.str_in(item, tuple(strings)) == ops.contains(strings, item)
    assert ops.num_in(item, tuple(numbers)) == ops.contains(numbers, item)


def test_ops_imports_only_the_standard_library():
    source = Path(ops.__file__).read_text(encoding="utf-8")
    assert "import" not in source.replace("imports", "")
