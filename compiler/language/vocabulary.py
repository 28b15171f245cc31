"""The closed vocabulary: every signal and function a rule may use, with type, unit and meaning.

Types: `bool`, `number`, `string`, `duration` (ms), `percent` (0..100), `timestamp` (epoch ms),
`list<string>`, `list<timestamp>`. Names, state keys and units follow docs/contracts.md
sections 1 and 2. Anything not declared here does not compile.

`unit` is the unit of the value at run time (a duration is in ms); `natural` is the unit a
person counts it in (a dwell in seconds, a visit window in days): a literal written without a
unit, or with a wrong one, gets a suggestion in that unit (`within=7x` -> `7d`).
"""

from __future__ import annotations

from dataclasses import dataclass

PAGE_TYPES = ("product", "category", "cart", "checkout", "home", "other")
DEVICES = ("mobile", "tablet", "desktop")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

ORDERED = ("number", "duration", "percent", "timestamp")
EXAMPLES = {"duration": "30s", "percent": "60%", "number": "3", "string": '"product"',
            "bool": "true"}  # fmt: skip
ARTICLE = {"duration": "a duration", "percent": "a percent", "number": "a number",
           "string": "text", "bool": "a condition (true or false)", "timestamp": "a timestamp",
           "list<string>": "a list of text", "list<timestamp>": "a list of visit times",
           "list<number>": "a list of numbers", "list<duration>": "a list of durations",
           "list<percent>": "a list of percents", "list<bool>": "a list of conditions",
           "list<any>": "an empty list"}  # fmt: skip


@dataclass(frozen=True)
class Signal:
    name: str
    type: str
    unit: str
    doc: str
    values: tuple[str, ...] = ()  # the closed set of values of a text signal, if any
    bounds: tuple[float, float] | None = None  # the range a value can take
    monotonic: bool = False  # never decreases during a page view: compared values are watched
    usable: bool = True  # False for state keys that only functions read
    natural: str = ""  # the unit people count it in: a UNITS key, `%`, or "" for a plain number


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    doc: str
    required: bool = True
    literal: bool = False  # must be written as a literal (the kernel watches it)
    natural: str = ""  # the unit people count it in (see the module's docstring)


@dataclass(frozen=True)
class Function:
    name: str  # the IR name; generated code calls ops.fn_<name with `.` -> `_`>
    returns: str
    unit: str
    doc: str
    params: tuple[Param, ...] = ()
    reads: tuple[str, ...] = ()  # state keys
    member_of: str | None = None  # `section(...).dwell` is function `section.dwell`
    monotonic: bool = False
    bounds: tuple[float, float] | None = None
    example: str = ""
    natural: str = ""  # the unit people count its value in (see the module's docstring)

    @property
    def spelling(self) -> str:
        """How the function is written in a rule."""
        if self.member_of:
            return f"{self.member_of}(...).{self.name.rsplit('.', 1)[1]}"
        return f"{self.name}(...)"


def _s(name, type_, unit, doc, **kw) -> Signal:
    return Signal(name, type_, unit, doc, **kw)


SIGNALS: dict[str, Signal] = {s.name: s for s in [
    _s("now", "timestamp", "epoch ms", "time of this update (the engine has no clock)",
       usable=False),
    _s("page.type", "string", "", "kind of page", values=PAGE_TYPES),
    _s("page.url", "string", "", "path and query of this page view"),
    _s("page.dwell", "duration", "ms", "engaged time of this page view: visible, focused and "
       "not idle", monotonic=True, bounds=(0, float("inf")), natural="s"),
    _s("page.scroll", "percent", "%", "maximum scroll depth of this page view",
       monotonic=True, bounds=(0, 100), natural="%"),
    _s("page.views", "number", "", "page views this session, this one included",
       bounds=(0, float("inf"))),
    _s("product.id", "string", "", "product id from the page's JSON-LD"),
    _s("product.name", "string", "", "product name from JSON-LD"),
    _s("product.category", "string", "", "product category from JSON-LD"),
    _s("product.currency", "string", "", "currency of the product's price"),
    _s("product.price", "number", "currency", "price from JSON-LD offers"),
    _s("product.rating", "number", "", "aggregateRating.ratingValue from JSON-LD"),
    _s("product.review_count", "number", "", "aggregateRating.reviewCount from JSON-LD",
       bounds=(0, float("inf"))),
    _s("product.dwell", "duration", "ms", "engaged time on this product across all its views",
       monotonic=True, bounds=(0, float("inf")), natural="s"),
    _s("product.last_price", "number", "currency", "the price seen on the previous view of "
       "this product"),
    _s("visits.url", "list<timestamp>", "epoch ms", "page views of this URL"),
    _s("visits.product", "list<timestamp>", "epoch ms", "page views of this product"),
    _s("visits.category", "list<timestamp>", "epoch ms", "page views of this category"),
    _s("visits.sessions", "number", "", "sessions of this visitor, this one included",
       bounds=(0, float("inf"))),
    _s("visits.days_since_last", "number", "days", "whole days since the previous session",
       bounds=(0, float("inf"))),
    _s("visits.returning", "bool", "", "a previous session exists"),
    _s("visits.session_products", "number", "", "distinct products viewed this session",
       bounds=(0, float("inf"))),
    _s("visits.session_categories", "number", "", "distinct categories viewed this session",
       bounds=(0, float("inf"))),
    _s("cart.items", "list<string>", "", "product ids in the cart"),
    _s("cart.count", "number", "", "total quantity in the cart", bounds=(0, float("inf"))),
    _s("cart.value", "number", "currency", "total value of the cart", bounds=(0, float("inf"))),
    _s("section", "object", "", "selector -> {dwell, seen, scroll}", usable=False),
    _s("behavior.exit_intent", "bool", "", "the pointer left through the top (on touch: a "
       "quick scroll up)"),
    _s("behavior.idle", "bool", "", "no input for the idle timeout (default 60 s)"),
    _s("behavior.hidden_count", "number", "", "times the tab was hidden this page view",
       bounds=(0, float("inf"))),
    _s("behavior.copied", "bool", "", "text was copied on this page view"),
    _s("clicks", "object", "", "data-kairos-track name -> clicks this page view",
       usable=False),
    _s("context.device", "string", "", "device class", values=DEVICES),
    _s("context.hour", "number", "hour", "local hour 0..23", bounds=(0, 23)),
    _s("context.weekday", "string", "", "local weekday", values=WEEKDAYS),
    _s("context.date", "string", "YYYY-MM-DD", "local date, e.g. `2025-12-24`"),
    _s("context.language", "string", "", "browser language, e.g. `en-US`"),
    _s("context.timezone", "string", "", "IANA time zone, e.g. `Europe/Paris`"),
    _s("context.referrer", "string", "", "host name of the referring page (no path: privacy)"),
    _s("context.utm_source", "string", "", "utm_source of the landing page"),
    _s("context.consent", "bool", "", "the shopper consented to storage"),
    _s("context.gpc", "bool", "", "Global Privacy Control is on"),
]}  # fmt: skip

_WITHIN = Param("within", "duration", "only visits this recent; omitted: all kept history",
                required=False, natural="d")  # fmt: skip
COOLDOWN = Param("cooldown", "duration", "time after an exposure before the rule may show again",
                 natural="m")  # fmt: skip
_SELECTOR = Param("selector", "string", "CSS selector of the section", literal=True)

FUNCTIONS: dict[str, Function] = {f.name: f for f in [
    Function("visits.url", "number", "", "page views of this URL within the window",
             (_WITHIN,), ("visits.url",), example="visits.url(within=1d)"),
    Function("visits.product", "number", "", "page views of this product within the window",
             (_WITHIN,), ("visits.product",), example="visits.product(within=7d)"),
    Function("visits.category", "number", "", "page views of this category within the window",
             (_WITHIN,), ("visits.category",), example="visits.category(within=7d)"),
    Function("cart.has", "bool", "", "the cart holds this product id",
             (Param("item", "string", "a product id"),), ("cart.items",),
             example="cart.has(product.id)"),
    Function("section.dwell", "duration", "ms", "engaged time the section was at least 50 % "
             "visible", (_SELECTOR,), ("section",), member_of="section", monotonic=True,
             bounds=(0, float("inf")), example='section("#reviews").dwell', natural="s"),
    Function("section.seen", "bool", "", "the section was at least 50 % visible while engaged",
             (_SELECTOR,), ("section",), member_of="section", example='section("#reviews").seen'),
    Function("section.scroll", "percent", "%", "how far the section was scrolled through",
             (_SELECTOR,), ("section",), member_of="section", monotonic=True, bounds=(0, 100),
             example='section("#reviews").scroll', natural="%"),
    Function("clicked", "number", "", "clicks on elements marked data-kairos-track=NAME this "
             "page view", (Param("name", "string", "the data-kairos-track name", literal=True),),
             ("clicks",), bounds=(0, float("inf")), example='clicked("size-guide")'),
]}  # fmt: skip

MEMBERS: dict[str, dict[str, Function]] = {}
for _f in FUNCTIONS.values():
    if _f.member_of:
        MEMBERS.setdefault(_f.member_of, {})[_f.name.rsplit(".", 1)[1]] = _f

USABLE_SIGNALS = sorted(n for n, s in SIGNALS.items() if s.usable)
CALLABLE = sorted({f.member_of or f.name for f in FUNCTIONS.values()})


def describe() -> str:
    """The vocabulary as a plain-text table (for `explain` and the docs)."""
    lines = ["signals:"]
    for s in SIGNALS.values():
        if s.usable:
            unit = f" [{s.unit}]" if s.unit else ""
            lines.append(f"  {s.name:28} {s.type}{unit}: {s.doc}")
    lines.append("functions:")
    for f in FUNCTIONS.values():
        lines.append(f"  {f.example:28} {f.returns}: {f.doc}")
    return "\n".join(lines)
