"""The personalized review pick: reviews that speak to what this shopper lingered on.

The review popup's `focus` param names the page's sections and what each is about
(`"#size-chart=fit; #reviews=reviews"`); the kernel tracks those sections' engaged dwell.
The section the shopper lingered on longest (at least LINGER_MS) decides the pick:

* a topic section (fit, quality, weather, ...): reviews mentioning the topic's words first,
  the words marked, most helpful first;
* the reviews section itself, read for READ_MANY_MS: the most helpful critical review
  (rated 3 or less) first, then the most helpful positive ones;
* nothing lingered on: the most helpful reviews, then the newest.

Pure functions over plain data, so CPython tests and the browser pick alike.
"""

import re

LINGER_MS = 8_000  # engaged time on a section that counts as lingering on it
READ_MANY_MS = 20_000  # engaged time on the reviews themselves that counts as reading many

TOPICS = {
    "fit": ("fit fits fitted fitting size sizes sizing sized small smaller large larger tall taller "
            "short shorter snug roomy tight loose length long torso narrow wide width big"),
    "quality": ("quality durable durability sturdy broke broken tear torn rip ripped seam seams zip "
                "zipper zippers stitching worn lasted flimsy solid"),
    "weather": "rain rained rainy dry wet leak leaked leaks waterproof wind windy storm storms snow "
               "condensation gale gusts",
    "weight": "weight weighs weigh light lighter lightweight heavy heavier grams kg ounces oz pounds",
    "comfort": ("comfort comfortable comfy padded padding strap straps hip belt shoulder shoulders "
                "back sweaty breathable"),
    "setup": "setup pitch pitched pitches pitching assemble instructions pole poles stakes minutes",
    "battery": ("battery batteries charge charging charged hours runtime usb lumens bright "
                "brightness"),
    "reviews": "",  # the reviews section itself: the shopper reads reviews (no words to match)
}
WORDS = {topic: frozenset(text.split()) for topic, text in TOPICS.items()}
LABELS = {"fit": "fit and sizing", "quality": "build quality", "weather": "wind and rain",
          "weight": "weight", "comfort": "comfort", "setup": "setting it up",
          "battery": "battery life", "reviews": "reviews"}
_TOKEN = re.compile(r"[A-Za-z]+")


def parse_focus(text: str) -> list[tuple[str, str]]:
    """`"#size-chart=fit; #reviews=reviews"` -> [("#size-chart", "fit"), ("#reviews", "reviews")]."""
    pairs = []
    for part in str(text or "").split(";"):
        selector, sep, topic = part.rpartition("=")
        if sep and selector.strip() and topic.strip():
            pairs.append((selector.strip(), topic.strip()))
    return pairs


def lingered(focus: list[tuple[str, str]], sections: dict) -> str | None:
    """The topic of the section the shopper lingered on longest, or None."""
    best, best_dwell = None, 0
    for selector, topic in focus:
        dwell = (sections.get(selector) or {}).get("dwell") or 0
        needed = READ_MANY_MS if topic == "reviews" else LINGER_MS
        if topic in WORDS and dwell >= needed and dwell > best_dwell:
            best, best_dwell = topic, dwell
    return best


def segments(text: str, words: frozenset) -> list[list]:
    """`text` as [[piece, marked], ...]: the topic's words marked, everything else as is."""
    if not words:
        return [[text, False]] if text else []
    out: list[list] = []
    last = 0
    for match in _TOKEN.finditer(text):
        if match.group().lower() in words:
            if match.start() > last:
                out.append([text[last:match.start()], False])
            out.append([match.group(), True])
            last = match.end()
    if last < len(text):
        out.append([text[last:], False])
    return out


def hits(review: dict, words: frozenset) -> int:
    text = f"{review.get('title') or ''} {review.get('body') or ''}"
    return sum(1 for token in _TOKEN.findall(text) if token.lower() in words)


def _number(value, default=0.0) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else default


def rank(reviews: list[dict]) -> list[dict]:
    """Most helpful first: votes, then the fuller review, then the newest (stable)."""
    newest = sorted(reviews, key=lambda r: str(r.get("date") or ""), reverse=True)
    return sorted(newest, key=lambda r: (-_number(r.get("helpful")), -len(r.get("body") or "")))


def pick(reviews: list[dict], sections: dict, focus_text: str, count: int) -> tuple[str | None, list]:
    """(the topic picked for, or None; up to `count` reviews, each with its body's segments)."""
    count = max(1, min(int(count), 10))
    topic = lingered(parse_focus(focus_text), sections)
    ranked = rank(reviews)
    if topic == "reviews":
        critical = [r for r in ranked if _number(r.get("rating"), 5) <= 3]
        first = critical[:1]
        chosen = first + [r for r in ranked if r not in first and _number(r.get("rating"), 5) > 3]
        chosen += [r for r in ranked if r not in chosen]
    elif topic:
        words = WORDS[topic]
        matching = sorted((r for r in ranked if hits(r, words)), key=lambda r: -hits(r, words))
        chosen = matching + [r for r in ranked if r not in matching]
        if not matching:
            topic = None  # nothing speaks to it: say nothing about it
    else:
        chosen = ranked
    words = WORDS.get(topic or "", frozenset())
    return topic, [{**review, "segments": segments(review.get("body") or "", words)}
                   for review in chosen[:count]]
