"""A timeline's `expect` block (facts worked out by hand) against a run: the problems found."""

from __future__ import annotations


def problems(expect: dict, run: dict, start: int = 0) -> list[str]:
    """`start`: the timeline's start in epoch ms (`exposed_at` is in ms since then)."""
    found = _page_data(expect, run)
    seen = {}
    for e in run["exposures"]:
        seen.setdefault(e["rule"], e["at"] - start)
    for rule, at in expect.get("exposed_at", {}).items():
        if seen.get(rule) != at:
            found.append(f"{rule} was first exposed at {seen.get(rule)} ms, not {at}")
    exposed = [e["rule"] for e in run["exposures"]]
    for rule in expect.get("exposed", ()):
        if rule not in exposed:
            found.append(f"{rule} was never exposed (exposed: {exposed})")
    for rule in expect.get("not_exposed", ()):
        if rule in exposed:
            found.append(f"{rule} was exposed")
    ahead = [e["rule"] for e in run["exposures"] if e["ahead"]]
    for rule in expect.get("ahead", ()):
        if rule not in ahead:
            found.append(f"{rule} was not drawn ahead (ahead: {ahead})")
    withdrawn = [rule for r in run["updates"] for rule in r["reply"].get("withdraw") or ()]
    for rule in expect.get("withdrawn", ()):
        if rule not in withdrawn:
            found.append(f"{rule} was not withdrawn")
    for wanted in expect.get("signals", ()):
        reason = wanted["reason"]
        keys = {k: v for k, v in wanted.items() if k != "reason"}
        candidates = [r["update"]["signals"] for r in run["updates"] if r["update"]["reason"] == reason]
        if not any(all(s.get(k) == v and type(s.get(k)) is type(v) or
                       (isinstance(v, (int, float)) and not isinstance(v, bool) and s.get(k) == v)
                       for k, v in keys.items()) for s in candidates):
            seen = [{k: s.get(k) for k in keys} for s in candidates]
            found.append(f"no `{reason}` update with {keys} (saw {seen})")
    return found


def _look(look: dict) -> list:
    return [look["date"], look["price"]]


# What an update carries besides signals (docs/contracts.md section 5), in the form `expect`
# states it: a price history as [date, price] pairs, products and stores by id and name.
PAGE_DATA = {
    "price_history": lambda u: [_look(x) for x in (u.get("product") or {}).get("price_history") or ()],
    "viewed": lambda u: [item["id"] for item in u.get("viewed") or ()],
    "stores": lambda u: [store["name"] for store in u.get("stores") or ()],
    "category": lambda u: u.get("category"),
    "currency": lambda u: u.get("currency"),
    "product.image": lambda u: (u.get("product") or {}).get("image"),
}


def _page_data(expect: dict, run: dict) -> list[str]:
    found = []
    for wanted in expect.get("page", ()):
        reason = wanted["reason"]
        keys = {k: v for k, v in wanted.items() if k != "reason"}
        updates = [r["update"] for r in run["updates"] if r["update"]["reason"] == reason]
        made = [{k: PAGE_DATA[k](update) for k in keys} for update in updates]
        if keys not in made:
            found.append(f"no `{reason}` update with {keys} (saw {made})")
    return found
