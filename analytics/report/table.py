"""The lift report in the terminal: per rule a Rich table of its variants (a breakdown by device
class or new vs returning visitor with `--by`), its sample-ratio check and its verdicts."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from .verdict import WORDS, pct

STYLE = {"srm": "bold red", "lift": "bold green", "drop": "bold red", "not_enough_data": "yellow",
         "no_difference": "", "no_comparison": "dim"}


def _rate(value) -> str:
    return "-" if value is None else pct(value).replace(" ", "")


def _money(value) -> str:
    return "-" if value is None else f"{value:,.2f}"


def _signed(value: float) -> str:
    return pct(value, True).replace(" ", "")


def _lift(group: dict, metric: str) -> tuple[str, str]:
    lift = (group["lift"] or {}).get(metric)
    if group["baseline"]:
        return "baseline", ""
    if not lift:
        return "-", ""
    text = f"{_signed(lift['estimate'])} ({_signed(lift['ci'][0])}, {_signed(lift['ci'][1])})"
    p = lift["p_adjusted"] if lift["p_adjusted"] is not None else lift["p"]
    return text, f"{p:.3f}" if p >= 0.001 else "<0.001"


def group_table(title: str, groups: list[dict], metric: str, corrected: bool = True) -> Table:
    """One rule's (or segment's) groups: visitors, share, CTR, the primary metric and its lift
    (the other metrics are in --json and --html); `corrected`: its p-values are Holm's."""
    table = Table(title=title, title_justify="left", header_style="bold underline", title_style="bold",
                  box=None, pad_edge=False, padding=(0, 1))
    labels = {"click": "CTR", "add_to_cart": "add-to-cart", "purchase": "purchase", "revenue": "rev/visitor"}
    label = labels[metric]
    columns = ["variant", "visitors", "share/exp", "CTR"] + ([label] if metric != "click" else [])
    for name in [*columns, "lift (95% CI)", "p" if corrected else "p raw"]:
        table.add_column(name, justify="left" if name == "variant" else "right", no_wrap=name != "variant",
                         min_width=8 if name == "variant" else None)
    for g in groups:
        expected = "" if g.get("expected_share") is None else f"/{_rate(g['expected_share'])}"
        lift, p = _lift(g, metric)
        value = {"click": None, "add_to_cart": _rate(g["add_to_cart"]["rate"]), "purchase": _rate(
            g["purchase"]["rate"]), "revenue": _money(g["revenue"]["per_visitor"])}[metric]
        cells = [g["variant"], f"{g['visitors']:,}", _rate(g["share"]) + expected, _rate(g["ctr"])]
        table.add_row(*cells, *([value] if value is not None else []), lift, p,
                      style="bold" if g["baseline"] else None)
    return table


def srm_line(srm: dict) -> str:
    if not srm["checked"]:
        return f"sample ratio: not checked ({srm['why_not']})"
    weights = {"configured": "configured weights", "inferred": "equal weights (inferred: pass --rules)"}
    verdict = "MISMATCH" if srm["flagged"] else "ok"
    chi2 = "∞" if srm["chi2"] is None else f"{srm['chi2']:.2f}"
    return f"sample ratio vs {weights[srm['weights']]}: chi² = {chi2}, p = {srm['p']:.3g} ({verdict})"


def render(report: dict, console: Console, by: str | None = None) -> None:
    metric = report["settings"]["metric"]
    events = report["events"]
    sources = ", ".join(f"{s['path']} ({s['format']})" for s in report["sources"])
    console.print(f"[bold]Kairos lift report[/bold]: {events['exposure']:,} exposures of "
                  f"{events['visitors_exposed']:,} visitors, {events['conversion']:,} conversions "
                  f"(QA events left out: {events['qa_excluded']:,}) from {sources}", highlight=False)
    console.print(f"primary metric: {WORDS[metric]}; p: Holm-adjusted over {report['tests']} "
                  f"test{'s' if report['tests'] != 1 else ''} (breakdowns: raw); "
                  f"weights: {report['weights_from']}",
                  highlight=False)
    for rule in report["rules"]:
        console.print()
        title = f"{rule['id']}" + (f" ({rule['snippet']})" if rule["snippet"] else "")
        console.print(group_table(title, rule["groups"], metric))
        console.print(srm_line(rule["srm"]), highlight=False,
                      style="bold red" if rule["srm"]["flagged"] else None)
        for verdict in rule["verdicts"]:
            console.print(f"→ {verdict['text']}", style=STYLE[verdict["status"]], highlight=False)
        if by:
            for segment, groups in rule["segments"][by].items():
                console.print(group_table(f"{rule['id']} · {segment}", groups, metric, corrected=False))
        for tally in rule["answers"]:
            shares = ", ".join(f"{a} {pct(x['share'])} ({x['count']:,})" for a, x in tally["answers"].items())
            console.print(f"  “{tally['question']}” · {tally['variant']}: {tally['respondents']:,} answered "
                          f"({_rate(tally['response_rate'])} of its visitors): {shares}", highlight=False)
