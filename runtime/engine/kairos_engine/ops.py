"""Operations of compiled rule conditions: (signal state, operands) -> bool / number; never raises.

The generated `kairos_rules.py` calls only these (docs/contracts.md sections 2 and 4). Every
function fails closed: a missing signal (`None`), a value of the wrong type or a malformed
state means "no match" (False, or 0 for counts), never an exception, because an exception in
the browser would end personalization for the page. Pure Python, standard library only: it
runs under CPython and Pyodide alike.
"""

_NUMBER = (int, float)


def _kind(v):
    """A coarse type tag: bools are not numbers here (True == 1 must not match)."""
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, _NUMBER):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, (list, tuple)):
        return "list"
    return None


def _same(a, b):
    ka = _kind(a)
    return ka is not None and ka == _kind(b)


def cmp_eq(a, b):
    try:
        return _same(a, b) and a == b
    except Exception:  # noqa: BLE001 - fail closed on anything exotic
        return False


def cmp_ne(a, b):
    try:
        return _same(a, b) and a != b
    except Exception:  # noqa: BLE001
        return False


def _ordered(a, b):
    k = _kind(a)
    return k in ("number", "string") and k == _kind(b)


def cmp_lt(a, b):
    try:
        return _ordered(a, b) and a < b
    except Exception:  # noqa: BLE001
        return False


def cmp_le(a, b):
    try:
        return _ordered(a, b) and a <= b
    except Exception:  # noqa: BLE001
        return False


def cmp_gt(a, b):
    try:
        return _ordered(a, b) and a > b
    except Exception:  # noqa: BLE001
        return False


def cmp_ge(a, b):
    try:
        return _ordered(a, b) and a >= b
    except Exception:  # noqa: BLE001
        return False


# Comparisons with a literal whose type the compiler knows: only the signal's type is checked
# here. Same results as cmp_* (bools are not numbers: type(True) is bool, not int).
_NUM_TYPES = (int, float)


def num_eq(a, literal):
    return type(a) in _NUM_TYPES and a == literal


def num_ne(a, literal):
    return type(a) in _NUM_TYPES and a != literal


def num_lt(a, literal):
    return type(a) in _NUM_TYPES and a < literal


def num_le(a, literal):
    return type(a) in _NUM_TYPES and a <= literal


def num_gt(a, literal):
    return type(a) in _NUM_TYPES and a > literal


def num_ge(a, literal):
    return type(a) in _NUM_TYPES and a >= literal


def str_eq(a, literal):
    return type(a) is str and a == literal


def str_ne(a, literal):
    return type(a) is str and a != literal


# Membership in a list of literals of one kind, known when compiling (`page.type in ["cart",
# "checkout"]`): only the item's type is checked now. Same results as contains(list, item).
def str_in(item, literals):
    return type(item) is str and item in literals


def num_in(item, literals):
    return type(item) in _NUM_TYPES and item in literals


def contains(container, item):
    """`item in container`: membership in a list, or a substring of a string."""
    try:
        if isinstance(container, str):
            return isinstance(item, str) and item in container
        if isinstance(container, (list, tuple)):
            return any(cmp_eq(x, item) for x in container)
    except Exception:  # noqa: BLE001
        pass
    return False


def _get(s, key):
    try:
        return s.get(key)
    except Exception:  # noqa: BLE001
        return None


# Visit counts of the update being evaluated, shared by every rule that asks (200 rules may
# ask for the same 7-day count). Only between the engine's begin_update() and end_update(),
# while the signal state cannot change; anywhere else every call counts afresh.
_memo: dict | None = None


def begin_update():
    """Start memoizing counts for one evaluation of one update."""
    global _memo
    _memo = {}


def end_update():
    """Stop memoizing (the next update brings new signals)."""
    global _memo
    _memo = None


def _count_within(s, key, within):
    """How many timestamps of `s[key]` fall within `within` ms before `now` (all if None)."""
    if _memo is None or not isinstance(within, (int, float, type(None))):
        return _count(s, key, within)
    memo_key = (key, within)
    if memo_key not in _memo:
        _memo[memo_key] = _count(s, key, within)
    return _memo[memo_key]


def _count(s, key, within):
    times = _get(s, key)
    if not isinstance(times, (list, tuple)):
        return 0
    stamps = [t for t in times if type(t) in _NUM_TYPES]  # numbers (bools are not)
    if within is None:
        return len(stamps)
    now = _get(s, "now")
    if _kind(now) != "number" or _kind(within) != "number":
        return 0
    return sum(1 for t in stamps if now - within <= t <= now)


def fn_visits_url(s, within=None):
    return _count_within(s, "visits.url", within)


def fn_visits_product(s, within=None):
    return _count_within(s, "visits.product", within)


def fn_visits_category(s, within=None):
    return _count_within(s, "visits.category", within)


def fn_cart_has(s, item):
    return item is not None and contains(_get(s, "cart.items"), item)


def _section(s, selector, field, default):
    sections = _get(s, "section")
    if not isinstance(sections, dict) or not isinstance(selector, str):
        return default
    entry = sections.get(selector)
    if not isinstance(entry, dict):
        return default
    value = entry.get(field)
    return value if _kind(value) == _kind(default) else default


def fn_section_dwell(s, selector):
    return _section(s, selector, "dwell", 0)


def fn_section_seen(s, selector):
    return _section(s, selector, "seen", False)


def fn_section_scroll(s, selector):
    return _section(s, selector, "scroll", 0)


def fn_clicked(s, name):
    clicks = _get(s, "clicks")
    if not isinstance(clicks, dict) or not isinstance(name, str):
        return 0
    n = clicks.get(name)
    return n if _kind(n) == "number" else 0
