"""Each snippet's data (kairos_engine/snippet_data.py): what it shows, and when the page lacks
what it needs, that it is not shown at all (rather than shown empty)."""

from kairos_engine.snippet_data import data_for, safe_url
from test_engine import NOW, rule, update
from test_formats import DATE_EN_US, EN_US

FORMATS = {"money": {"USD": EN_US}, "date": DATE_EN_US}


def make(product=None, signals=None, **extra):
    base = {"now": NOW, "signals": {"context.date": "2030-05-08", "context.weekday": "wed",
                                    "context.hour": 10, "cart.count": 0, "cart.value": 0,
                                    **(signals or {})},
            "product": product, "formats": FORMATS, **extra}
    return base


TENT = {"id": "T", "name": "Tent", "category": "Tents", "price": 229.0, "currency": "USD",
        "reviews": [], "price_history": []}


def test_price_check_needs_an_earlier_look():
    assert data_for("price_check", make(TENT), {"promise": ""}) is None


def test_price_check_same_and_lower():
    looked = {**TENT, "price_history": [{"ts": 1, "date": "2030-05-04", "price": 249.0},
                                         {"ts": 2, "date": "2030-05-07", "price": 229.0}]}
    same = data_for("price_check", make(looked), {"promise": "We match prices."})
    assert same == {"state": "same", "price": "$229.00", "then": "$229.00", "difference": "$0.00",
                    "when": "yesterday", "lowest": False, "promise": "We match prices."}
    lower = {**TENT, "price": 199.0, "price_history": looked["price_history"]}
    got = data_for("price_check", make(lower), {"promise": ""})
    assert (got["state"], got["difference"], got["when"], got["lowest"]) == (
        "lower", "$30.00", "yesterday", True)
    older = {**lower, "price_history": [{"ts": 1, "date": "2030-05-04", "price": 249.0}]}
    assert data_for("price_check", make(older), {})["when"] == "on May 4"
    today = {**lower, "price_history": [{"ts": 1, "date": "2030-05-08", "price": 249.0}]}
    assert data_for("price_check", make(today), {})["when"] == "earlier today"
    higher = {**TENT, "price": 259.0, "price_history": looked["price_history"]}
    assert data_for("price_check", make(higher), {}) is None


VIEWED = [
    {"id": "T", "name": "Tent", "category": "Tents", "price": 229.0, "currency": "USD", "rating": 4.6,
     "review_count": 128, "url": "/t", "image": "/t.svg"},
    {"id": "B", "name": "Big tent", "category": "Tents", "price": 399.0, "currency": "USD",
     "rating": 4.8, "review_count": 12, "url": "javascript:alert(1)", "image": "//evil.example/x"},
    {"id": "L", "name": "Lamp", "category": "Lighting", "price": 49.0, "currency": "USD",
     "rating": 4.9, "review_count": 3, "url": "/l", "image": None},
]


def test_comparison_lists_this_categorys_viewed_products_current_first():
    got = data_for("comparison_table", make(TENT, viewed=[VIEWED[1], VIEWED[0], VIEWED[2]]),
                   {"max_products": 3})
    assert [r["name"] for r in got["rows"]] == ["Tent", "Big tent"]
    first, second = got["rows"]
    assert first["current"] and first["cheapest"] and not first["top_rated"]
    assert second["top_rated"] and second["price"] == "$399.00" and second["rating"] == "4.8"
    assert second["url"] is None and second["image"] is None  # not a safe address: no link, no image
    assert data_for("comparison_table", make(TENT, viewed=[VIEWED[0], VIEWED[2]]), {}) is None
    on_category = make(None, viewed=VIEWED, category="Tents")
    assert [r["current"] for r in data_for("comparison_table", on_category, {})["rows"]] == [False, False]


def test_shipping_progress():
    params = {"threshold": 75, "show_reached": False, "currency": ""}
    assert data_for("shipping_progress", make(None), params) is None  # empty cart
    half = make(None, {"cart.count": 1, "cart.value": 50.5}, currency="USD")
    assert data_for("shipping_progress", half, params) == {
        "reached": False, "remaining": "$24.50", "threshold": "$75.00", "percent": 67}
    over = make(None, {"cart.count": 2, "cart.value": 80}, currency="USD")
    assert data_for("shipping_progress", over, params) is None
    assert data_for("shipping_progress", over, {**params, "show_reached": True})["reached"] is True


STORE = {"name": "Northwind Portland", "address": "1 Main St", "url": "/stores/portland.html",
         "telephone": "+1 503 555 0100", "pickup": True,
         "hours": [{"days": ["mon", "tue", "wed", "thu", "fri"], "opens": "09:00", "closes": "20:00"},
                   {"days": ["sat"], "opens": "10:00", "closes": "18:00"}]}


def test_store_pickup_from_the_page_or_the_params_never_anything_else():
    params = {"store_name": "", "pickup_text": "Collect in 2 hours."}
    got = data_for("store_pickup", make(None, stores=[STORE]), params)
    assert (got["status"], got["status_text"], got["pickup_text"]) == (
        "open", "Open now, until 8:00\u202fPM", "Collect in 2 hours.")
    early = data_for("store_pickup", make(None, {"context.hour": 7}, stores=[STORE]), params)
    assert early["status_text"] == "Opens today at 9:00\u202fAM"
    sunday = data_for("store_pickup", make(None, {"context.weekday": "sun"}, stores=[STORE]), params)
    assert sunday["status_text"] == "Closed today"
    assert data_for("store_pickup", make(None), params) is None
    named = data_for("store_pickup", make(None), {**params, "store_name": "Downtown",
                                                  "store_hours": "Daily 9-6", "store_url": "/s"})
    assert (named["name"], named["status_text"], named["url"]) == ("Downtown", "Daily 9-6", "/s")


def test_how_to_prefers_the_products_guide():
    params = {"title": "Packing list", "url": "/guides/packing.html", "detail": ""}
    guided = {**TENT, "guide": {"title": "Sizing your tent", "url": "/guides/tents.html"}}
    assert data_for("how_to", make(guided), params)["url"] == "/guides/tents.html"
    assert data_for("how_to", make(TENT), params)["title"] == "Packing list"
    assert data_for("how_to", make(TENT), {**params, "url": "javascript:x"}) is None


def test_exit_offer_and_quick_question_need_their_params():
    assert data_for("exit_offer", make(None), {"code": " ", "headline": "h"}) is None
    assert data_for("exit_offer", make(None), {"code": "SAVE10", "headline": "h"})["code"] == "SAVE10"
    question = {"question": "Found it?", "choices": "Yes| |No|", "thanks": "Thanks"}
    assert data_for("quick_question", make(None), question)["choices"] == ["Yes", "No"]
    assert data_for("quick_question", make(None), {**question, "choices": "Yes"}) is None


def test_safe_urls():
    assert [safe_url(u) for u in ("/a", "https://x.example/a", "//x", "javascript:x", " data:x", 5)] == [
        "/a", "https://x.example/a", None, None, None, None]


def test_a_snippet_without_its_data_leaves_its_placement_to_the_next_rule(make_engine):
    engine = make_engine([rule("popup", priority=9), rule("question", priority=1)],
                         [lambda s: True, lambda s: True])
    engine.rules[1]["show"]["snippet"] = "quick_question"
    bare = update()
    bare["product"] = {**bare["product"], "reviews": []}  # nothing for the review popup
    assert [d["rule"] for d in engine.decide(bare)["decisions"]] == ["question"]


def test_a_control_is_decided_only_where_the_treatment_had_its_data(make_engine):
    engine = make_engine([rule("popup", variants=[{"name": "control", "weight": 100, "control": True}])],
                         [lambda s: True])
    with_reviews = engine.decide(update())["decisions"]
    assert [(d["rule"], d["variant"], d["html"]) for d in with_reviews] == [("popup", "control", None)]
    bare = update()
    bare["product"] = {**bare["product"], "reviews": []}
    engine.truth = [False]
    engine.last = None
    assert engine.decide(bare)["decisions"] == []
