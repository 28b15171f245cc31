"""A fitted model in the terminal: held-out figures beside the baseline's, both calibration
tables, and the coefficients (Rich tables)."""

from __future__ import annotations

from kairos_engine.features import FEATURES
from rich.console import Console
from rich.table import Table

from .fit import Fitted


def render(fitted: Fitted, target: str, console: Console) -> None:
    m, b = fitted.metrics, fitted.baseline
    split = fitted.split
    title = (f"predicting `{target}`: {split['held_out_visitors']:,} of {split['visitors']:,} visitors "
             f"held out ({split['held_out_samples']:,} moments)")
    table = Table(title=title, title_justify="left", header_style="bold")
    for name, justify in (("", "left"), ("model", "right"), ("baseline (rate per page type)", "right")):
        table.add_column(name, justify=justify)
    better = "bold green" if fitted.beats_baseline else "bold red"
    table.add_row("AUC (higher is better)", f"{m['auc']:.4f}", f"{b['auc']:.4f}", style=better)
    table.add_row("log loss (lower is better)", f"{m['log_loss']:.4f}", f"{b['log_loss']:.4f}", style=better)
    table.add_row("positive moments", f"{m['positives']:,} of {m['samples']:,}", "")
    console.print(table)

    deciles = Table(title="calibration on held-out moments (tenths by prediction)", title_justify="left",
                    header_style="bold")
    for name in ("tenth", "model: predicted", "observed", "baseline: predicted", "observed "):
        deciles.add_column(name, justify="right")
    for n, (mine, base) in enumerate(zip(m["calibration"], b["calibration"], strict=False), start=1):
        deciles.add_row(str(n), f"{mine['predicted']:.3f}", f"{mine['observed']:.3f}",
                        f"{base['predicted']:.3f}", f"{base['observed']:.3f}")
    console.print(deciles)

    scale = fitted.pipeline.named_steps["scale"].scale_
    weights = Table(title="coefficients (per unit of the feature; per standard deviation)",
                    title_justify="left", header_style="bold")
    for name, justify in (("feature", "left"), ("weight", "right"), ("per sd", "right"),
                          ("measures", "left")):
        weights.add_column(name, justify=justify)
    rows = sorted(zip(fitted.features, fitted.coefficients, scale, strict=True),
                  key=lambda r: -abs(r[1] * r[2]))
    for name, weight, sd in rows:
        weights.add_row(name, f"{weight:+.4f}", f"{weight * sd:+.3f}", FEATURES[name][1])
    weights.add_row("(intercept)", f"{fitted.intercept:+.4f}", "", "")
    console.print(weights)
