"""The report in the terminal: one Rich table of the rules (all sessions), then the verdicts."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from .summary import ALL

OVERLAPS = 4  # the strongest overlaps named in the verdicts


def _pct(value) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


def _n(value) -> str:
    return "-" if value is None else f"{value:,}"


def render(report: dict, console: Console) -> None:
    key = f"{ALL}/{ALL}"
    sessions = report["sessions"][key]
    run = report.get("run", {})
    title = f"{sessions:,} sessions" + (f" in {run['seconds']:.1f} s ({run['sessions_per_s']:,.0f}/s)"
                                        if run.get("seconds") else "")
    table = Table(title=title, title_justify="left", show_lines=False, header_style="bold")
    for name, justify in (("rule", "left"), ("moment", "left"), ("eligible", "right"), ("fired", "right"),
                          ("capped", "right"), ("ctrl/hold", "right"), ("shown/sess", "right"),
                          ("precision", "right"), ("recall", "right"), ("to trigger", "right"),
                          ("flags", "left")):
        table.add_column(name, justify=justify, overflow="fold")
    for rule in report["rules"]:
        f = rule["figures"][key]
        delay = f["delay_s"]["median"]
        table.add_row(
            rule["id"], rule["moment"] or "-", _pct(f["eligible_share"]),
            f"{_pct(f['fired_share'])} ({f['fired']:,})", _n(f["capped"]),
            f"{f['control']:,}/{f['holdout']:,}",
            "-" if f["shown_per_session"] is None else f"{f['shown_per_session']:.2f}",
            _pct(f["precision"]), _pct(f["recall"]), "-" if delay is None else f"{delay} s",
            ", ".join(rule["flags"]) or "ok",
            style="bold red" if {"never fires", "over-broad"} & set(rule["flags"]) else None)
    console.print(table)
    for line in verdicts(report):
        console.print(line, highlight=False)


def _why_not(f: dict) -> str:
    if not f["eligible"]:
        return "its condition never held"
    reasons = [f"{name} in {f[key]:,}" for key, name in (
        ("schedule", "its schedule"), ("capped", "its caps"), ("priority", "a higher-priority rule"),
        ("placement", "its placement")) if f[key]]
    return f"it held in {f['eligible']:,} sessions but was kept out by " + ", ".join(reasons)


def verdicts(report: dict) -> list[str]:
    """Plain sentences for what the figures say about the rules."""
    key = f"{ALL}/{ALL}"
    out = []
    broad = report["broad_share"]
    for rule in report["rules"]:
        f = rule["figures"][key]
        if "never fires" in rule["flags"]:
            out.append(f"never fires: {rule['id']} ({_why_not(f)})")
        if "over-broad" in rule["flags"]:
            out.append(f"over-broad: {rule['id']} fires in {_pct(f['fired_share'])} of sessions "
                       f"(more than {_pct(broad)})")
        if f["priority"]:
            out.append(f"conflict: {rule['id']} lost to a higher-priority rule in {f['priority']:,} sessions")
        if f["placement"]:
            where = f"slot {rule['slot']} missing or taken" if rule["slot"] else \
                "overlay taken (one overlay per page view)"
            out.append(f"unplaced: {rule['id']} was decided but not drawn in {f['placement']:,} sessions "
                       f"({where})")
    overlaps = sorted((p for p in report["overlap"][key] if (p["share_of_smaller"] or 0) >= 0.5),
                      key=lambda p: (-p["share_of_smaller"], -p["sessions"]))
    for pair in overlaps[:OVERLAPS]:
        a, b = pair["rules"]
        out.append(f"overlap: {a} and {b} both fire in {pair['sessions']:,} sessions "
                   f"({_pct(pair['share_of_smaller'])} of the rarer one's)")
    if len(overlaps) > OVERLAPS:
        out.append(f"overlap: {len(overlaps) - OVERLAPS} more pairs fire together in half or more of the "
                   "rarer one's sessions (see --json or --html)")
    return out
