"""A timeline's `expect` block (facts worked out by hand) against a run: the problems found."""

from __future__ import annotations


def problems(expect: dict, run: dict) -> list[str]:
    found = []
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
