"""Signal state (docs/contracts.md section 2) -> the named feature vector `predict.NAME` models read.

One module, shipped to the browser in the engine's wheel and imported as it is by the
training code (analytics/train/), so the features a model was fitted on and the features
the engine feeds it cannot disagree. Total and deterministic: any state (a missing key, a
`null`, a string where a number belongs, a negative or non-finite number, not even a dict)
gives a vector of finite floats, a default where the value makes no sense. Pure Python,
standard library only.

Continuous inputs are transformed so that a unit means about the same anywhere on their
range: times and counts as log1p (seconds, views), scroll as a fraction of the page.
"""

import math

from . import ops

_PAGE_TYPES = ("product", "category", "cart", "checkout", "home", "other")
_DEVICES = ("mobile", "tablet", "desktop")
WEEK_MS = 7 * 86_400_000

# name -> (the state keys it reads, what it measures); the order is the vector's.
FEATURES = {
    **{f"page_type_{kind}": (("page.type",), f"1 when page.type is {kind}") for kind in _PAGE_TYPES},
    "dwell_log1p_s": (("page.dwell",), "log1p(engaged seconds on this page view)"),
    "scroll_fraction": (("page.scroll",), "maximum scroll depth of this page view, 0..1"),
    "product_dwell_log1p_s": (("product.dwell",), "log1p(engaged seconds on this product, all its views)"),
    "page_views_log1p": (("page.views",), "log1p(page views this session)"),
    "session_products_log1p": (("visits.session_products",), "log1p(distinct products viewed this session)"),
    "session_categories_log1p": (("visits.session_categories",),
                                 "log1p(distinct categories viewed this session)"),
    "product_visits_7d_log1p": (("visits.product",), "log1p(views of this product within 7 days)"),
    "returning": (("visits.returning",), "1 when a previous session exists"),
    "days_since_last_log1p": (("visits.days_since_last",),
                              "log1p(whole days since the previous session), 0 on a first visit"),
    "sessions_log1p": (("visits.sessions",), "log1p(sessions of this visitor)"),
    "cart_count_log1p": (("cart.count",), "log1p(items in the cart)"),
    "cart_value_log1p": (("cart.value",), "log1p(value of the cart)"),
    **{f"device_{kind}": (("context.device",), f"1 when context.device is {kind}") for kind in _DEVICES},
    "exit_intent": (("behavior.exit_intent",),
                    "1 once the pointer left through the top (or a quick scroll up on touch)"),
    "hidden_count_log1p": (("behavior.hidden_count",), "log1p(times the tab was hidden this page view)"),
    "copied": (("behavior.copied",), "1 once text was copied on this page view"),
}
NAMES = tuple(FEATURES)

# Inputs that grow during a page view (the kernel reports them only at the thresholds it is
# given), with the feature each drives; every other input changes in steps, and the kernel
# reports each change of a watched one. A rule reading `predict.NAME` watches both
# (compiler/language/models.py).
CONTINUOUS_INPUTS = {"page.dwell": "dwell_log1p_s", "product.dwell": "product_dwell_log1p_s",
                     "page.scroll": "scroll_fraction"}


def inputs(names) -> list[str]:
    """The state keys the features `names` read, sorted."""
    return sorted({key for name in names for key in FEATURES[name][0]})


def _number(value) -> float:
    """A finite number >= 0, or 0 for anything else (bools are not numbers here)."""
    if type(value) not in (int, float):
        return 0.0
    try:
        number = float(value)  # an int past a float's range raises OverflowError
    except OverflowError:
        return 0.0
    return number if 0 < number < math.inf else 0.0


def _flag(value) -> float:
    return 1.0 if value is True else 0.0


def _get(signals, key):
    return signals.get(key) if isinstance(signals, dict) else None


def transform(key: str, raw) -> float:
    """The feature value of a continuous input's raw value (ms for dwell, percent for scroll)."""
    if key == "page.scroll":
        return min(_number(raw), 100.0) / 100.0
    return math.log1p(_number(raw) / 1000.0)


def raw_at(key: str, feature: float) -> float:
    """The inverse of `transform`: the raw value of `key` whose feature value is `feature`."""
    if key == "page.scroll":
        return feature * 100.0
    return math.expm1(feature) * 1000.0


def values(signals) -> dict[str, float]:
    """The named features of one signal state, in FEATURES order."""
    page_type = _get(signals, "page.type")
    device = _get(signals, "context.device")
    log = math.log1p
    out = {f"page_type_{kind}": 1.0 if page_type == kind else 0.0 for kind in _PAGE_TYPES}
    out["dwell_log1p_s"] = transform("page.dwell", _get(signals, "page.dwell"))
    out["scroll_fraction"] = transform("page.scroll", _get(signals, "page.scroll"))
    out["product_dwell_log1p_s"] = transform("product.dwell", _get(signals, "product.dwell"))
    out["page_views_log1p"] = log(_number(_get(signals, "page.views")))
    out["session_products_log1p"] = log(_number(_get(signals, "visits.session_products")))
    out["session_categories_log1p"] = log(_number(_get(signals, "visits.session_categories")))
    visits = ops.fn_visits_product(signals, WEEK_MS) if isinstance(signals, dict) else 0
    out["product_visits_7d_log1p"] = log(_number(visits))
    out["returning"] = _flag(_get(signals, "visits.returning"))
    out["days_since_last_log1p"] = log(_number(_get(signals, "visits.days_since_last")))
    out["sessions_log1p"] = log(_number(_get(signals, "visits.sessions")))
    out["cart_count_log1p"] = log(_number(_get(signals, "cart.count")))
    out["cart_value_log1p"] = log(_number(_get(signals, "cart.value")))
    for kind in _DEVICES:
        out[f"device_{kind}"] = 1.0 if device == kind else 0.0
    out["exit_intent"] = _flag(_get(signals, "behavior.exit_intent"))
    out["hidden_count_log1p"] = log(_number(_get(signals, "behavior.hidden_count")))
    out["copied"] = _flag(_get(signals, "behavior.copied"))
    return out


def vector(signals, names=NAMES) -> list[float]:
    """The features `names` (default: all, in order) of one signal state."""
    got = values(signals)
    return [got[name] for name in names]


def probability(model: dict, signals) -> float:
    """A logistic model's probability for one signal state: `model` holds `features` (names),
    `coefficients` (on the raw feature scale) and `intercept`, as a model file exports them.
    Summed left to right from the intercept; the logistic function in its overflow-free form."""
    got = values(signals)
    z = model["intercept"]
    for name, weight in zip(model["features"], model["coefficients"], strict=True):
        z += weight * got[name]
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)
