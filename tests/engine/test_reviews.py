"""The personalized review pick (kairos_engine/reviews.py): what the shopper lingered on
decides which reviews come first."""

import yaml
from kairos_engine import reviews

from compiler.paths import SNIPPETS_DIR

REVIEWS = [
    {"author": "Ann", "rating": 5, "title": "Lovely", "body": "Pitches in minutes, very light.",
     "date": "2025-06-01", "helpful": 2},
    {"author": "Ben", "rating": 3, "title": "Snug", "body": "I'm tall and my feet touch the end; "
     "size up if you are over 1.90 m.", "date": "2025-05-01", "helpful": 9},
    {"author": "Cy", "rating": 2, "title": "Leaked", "body": "Rain got in at the seams.",
     "date": "2025-04-01", "helpful": 4},
    {"author": "Di", "rating": 5, "title": "Great", "body": "Great tent, roomy for two, fits two packs.",
     "date": "2025-07-01", "helpful": 1},
    {"author": "Ed", "rating": 4, "title": None, "body": "Solid.", "date": "2025-08-01"},
]
FOCUS = "#size-chart=fit; #reviews=reviews; #specs=quality"


def names(picked):
    return [r["author"] for r in picked]


def test_no_lingering_means_the_most_helpful_first():
    topic, picked = reviews.pick(REVIEWS, {}, FOCUS, 3)
    assert topic is None and names(picked) == ["Ben", "Cy", "Ann"]


def test_a_long_look_at_the_size_chart_brings_fit_reviews_first_with_their_words_marked():
    sections = {"#size-chart": {"dwell": 12_000}, "#reviews": {"dwell": 9_000}}
    topic, picked = reviews.pick(REVIEWS, sections, FOCUS, 3)
    assert topic == "fit"
    assert names(picked)[:2] == ["Ben", "Di"]  # both mention fit; Ben's has more of it
    marked = [piece for piece, is_marked in picked[0]["segments"] if is_marked]
    assert marked == ["tall", "size"]
    assert "".join(piece for piece, _ in picked[0]["segments"]) == REVIEWS[1]["body"]


def test_a_short_look_is_not_lingering():
    topic, _ = reviews.pick(REVIEWS, {"#size-chart": {"dwell": reviews.LINGER_MS - 1}}, FOCUS, 3)
    assert topic is None


def test_a_shopper_who_read_many_reviews_gets_the_most_helpful_critical_one_first():
    topic, picked = reviews.pick(REVIEWS, {"#reviews": {"dwell": 25_000},
                                           "#size-chart": {"dwell": 9_000}}, FOCUS, 3)
    assert topic == "reviews"
    assert names(picked) == ["Ben", "Ann", "Di"]  # Ben's 3 stars: the most helpful critical


def test_the_longest_lingering_wins_and_a_topic_without_reviews_says_nothing():
    sections = {"#size-chart": {"dwell": 9_000}, "#specs": {"dwell": 30_000}}
    topic, picked = reviews.pick(REVIEWS, sections, FOCUS, 2)
    assert topic == "quality" and names(picked) == ["Cy", "Ed"]  # seams, solid
    only = [{"author": "Z", "rating": 5, "body": "Nice colour.", "date": None}]
    assert reviews.pick(only, sections, FOCUS, 2)[0] is None


def test_the_catalog_topics_are_the_engines():
    catalog = yaml.safe_load((SNIPPETS_DIR / "catalog.yaml").read_text())
    assert catalog["review_popup"]["params"]["focus"]["topics"] == list(reviews.TOPICS)


def test_parse_focus_ignores_malformed_parts():
    assert reviews.parse_focus(" #a=fit ;; b ; .c d=weight") == [("#a", "fit"), (".c d", "weight")]
