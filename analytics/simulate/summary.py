"""A Tally -> the report's figures (the `--json` output, docs/contracts.md "Simulation report"):
per rule and per filter (device class x shopper type, `all` for either), the flags, the
overlaps, the moments' episodes and the journey map."""

from __future__ import annotations

from collections import Counter, defaultdict

from .tally import RULE_METRICS, Tally

VERSION = 1
ALL = "all"
TOP_NODES = 8  # journey map: the busiest nodes per step by name; the rest are "other"


def _filters(groups: set) -> dict[str, list]:
    """filter key "device/shopper" -> the (device, shopper) groups it adds up."""
    devices = sorted({g[0] for g in groups})
    shoppers = sorted({g[1] for g in groups})
    out = {}
    for device in [ALL, *devices]:
        for shopper in [ALL, *shoppers]:
            out[f"{device}/{shopper}"] = [g for g in groups
                                          if device in (ALL, g[0]) and shopper in (ALL, g[1])]
    return out


def _quantile(histogram: Counter, q: float):
    total = sum(histogram.values())
    if not total:
        return None
    seen = 0
    for seconds in sorted(histogram):
        seen += histogram[seconds]
        if seen >= q * total:
            return seconds
    return None


def _ratio(a: int, b: int):
    return round(a / b, 4) if b else None


def summarize(tally: Tally, ir: dict, *, broad: float = 0.5, meta: dict | None = None) -> dict:
    """The report as JSON-able data."""
    by_group: dict = defaultdict(Counter)  # (kind, group) -> Counter of the rest of the key
    for key, value in tally.items():
        by_group[(key[0], key[1])][key[2:]] += value
    groups = {g for kind, g in by_group if kind == "sessions"}
    filters = _filters(groups)
    rules = [r for r in ir["rules"]]
    out = {"kairos_simulation": VERSION, **(meta or {}), "broad_share": broad,
           "devices": sorted({g[0] for g in groups}), "shoppers": sorted({g[1] for g in groups}),
           "filters": list(filters), "sessions": {}, "conversions": {}, "moments": {}, "rules": [],
           "overlap": {}, "journey": {}}
    for name, members in filters.items():
        sessions = sum(by_group[("sessions", g)][()] for g in members)
        out["sessions"][name] = sessions
        out["conversions"][name] = {event: sum(by_group[("converted", g)][(event,)] for g in members)
                                    for event in ("add_to_cart", "purchase")}
        episodes = Counter()
        for g in members:
            for (moment,), n in by_group[("episodes", g)].items():
                episodes[moment] += n
        out["moments"][name] = dict(sorted(episodes.items()))
    for rule in rules:
        figures = {name: _figures(rule, members, by_group, out["sessions"][name], out["moments"][name])
                   for name, members in filters.items()}
        out["rules"].append({"id": rule["id"], "moment": rule.get("moment"),
                             "enabled": rule.get("enabled", True),
                             "placement": rule["show"]["placement"], "slot": rule["show"].get("slot"),
                             "priority": rule.get("priority", 0), "figures": figures,
                             "flags": _flags(figures[f"{ALL}/{ALL}"], broad, rule.get("enabled", True))})
    ids = [r["id"] for r in rules]
    for name, members in filters.items():
        out["overlap"][name] = _overlap(ids, members, by_group, out["rules"], name)
        out["journey"][name] = _journey(members, by_group, ids)
    return out


def _figures(rule: dict, members: list, by_group: dict, sessions: int, episodes: dict) -> dict:
    rid = rule["id"]
    counts = {m: sum(by_group[("rule", g)][(rid, m)] for g in members) for m in RULE_METRICS}
    delays = Counter()
    for g in members:
        for (rule_id, seconds), n in by_group[("delay", g)].items():
            if rule_id == rid:
                delays[seconds] += n
    moment = rule.get("moment")
    fired = counts["fired"]
    return {
        **counts,
        "sessions": sessions,
        "fired_share": _ratio(fired, sessions),
        "eligible_share": _ratio(counts["eligible"], sessions),
        "shown_per_session": _ratio(counts["shown"], fired),
        "precision": _ratio(counts["tp"], counts["tp"] + counts["fp"]) if moment else None,
        "recall": _ratio(counts["caught"], episodes.get(moment, 0)) if moment else None,
        "episodes": episodes.get(moment, 0) if moment else None,
        "delay_s": {"median": _quantile(delays, 0.5), "p90": _quantile(delays, 0.9),
                    "histogram": sorted(delays.items())},
    }


def _flags(figures: dict, broad: float, enabled: bool = True) -> list[str]:
    flags = []
    if not enabled:
        flags.append("disabled")
    elif not figures["fired"]:
        flags.append("never fires")
    elif figures["fired_share"] is not None and figures["fired_share"] > broad:
        flags.append("over-broad")
    if figures["priority"]:
        flags.append("loses to priority")
    if figures["placement"]:
        flags.append("placement unavailable")
    return flags


def _overlap(ids: list, members: list, by_group: dict, rules: list, name: str) -> list:
    fired = {r["id"]: r["figures"][name]["fired"] for r in rules}
    out = []
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            x, y = sorted((a, b))
            both = sum(by_group[("both", g)][(x, y)] for g in members)
            if both:
                out.append({"rules": [a, b], "sessions": both,
                            "share_of_smaller": _ratio(both, min(fired[a], fired[b]))})
    return out


def _journey(members: list, by_group: dict, ids: list) -> dict:
    """A Sankey of sessions through (page type, moment) nodes per step: the busiest TOP_NODES
    nodes of each step by name, the rest as "other"; ends keep their names."""
    links = Counter()
    triggers = Counter()
    for g in members:
        for (step, source, target), n in by_group[("link", g)].items():
            links[(step, source, target)] += n
        for (rule, step, node), n in by_group[("trigger", g)].items():
            triggers[(rule, step, node)] += n
    traffic = Counter()
    for (step, source, target), n in links.items():
        traffic[(step, source)] += n
        traffic[(step + 1, target)] += n
    keep = set()
    for step in {s for s, _ in traffic}:
        ranked = sorted(((n, node) for (s, node), n in traffic.items()
                         if s == step and not node.startswith("end:")), reverse=True)
        keep |= {(step, node) for _, node in ranked[:TOP_NODES]}

    def named(step: int, node: str) -> str:
        return node if node.startswith("end:") or (step, node) in keep else "other"

    nodes: dict = {}

    def index(step: int, node: str) -> int:
        key = (step, named(step, node))
        if key not in nodes:
            nodes[key] = len(nodes)
        return nodes[key]

    merged = Counter()
    for (step, source, target), n in sorted(links.items()):
        merged[(index(step, source), index(step + 1, target))] += n
    marks = defaultdict(Counter)
    for (rule, step, node), n in sorted(triggers.items()):
        marks[rule][index(step, node)] += n
    inflow, outflow = Counter(), Counter()
    for (source, target), n in merged.items():
        outflow[source] += n
        inflow[target] += n
    sessions = {i: max(inflow[i], outflow[i]) for i in range(len(nodes))}
    return {"nodes": [{"step": step, "label": label, "sessions": sessions[i]}
                      for i, (step, label) in enumerate(nodes)],
            "links": [{"source": s, "target": t, "sessions": n} for (s, t), n in sorted(merged.items())],
            "triggers": {rule: dict(sorted(marks[rule].items())) for rule in ids if rule in marks}}
