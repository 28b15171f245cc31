"""What a store's budget grows with: first-visit bytes, ready time and the engine's cost per
update at 10 / 100 / 1,000 rules, against stock Pyodide's core.

The rule files are engine.py's (every snippet of the catalog in turn). Bytes: the brotli (11 in
a full run) of each file a first visit fetches (compiler's first_visit_files, as `doctor`
counts them), against npm Pyodide's core files at the same quality. Ready: engine.py's boot of
each bundle's worker in a fresh incognito context (fetch, restore, import), and per update its
engine_ms; this module only adds the bytes and the table.
"""

from __future__ import annotations

from compiler.api import first_visit_files
from compiler.paths import PYODIDE_DIR

from ..harness.inputs import STOCK_FILES, brotli_of
from ..table import Row, verdict

PART = "growth"
KEY = "growth"
SERVER = None  # after the browser parts: engine.py has booted the same bundles by then
TARGET = 0.9  # first visit <= 0.9x stock Pyodide's core, with the showcase's rules
SHOWCASE = 10  # rules: the showcase has nine; the target's verdict is printed up to this many


def measure(run) -> dict:
    quality = run.settings.demo_quality
    stock = sum(len(brotli_of((PYODIDE_DIR / name).read_bytes(), quality)) for name in STOCK_FILES)
    out = {"quality": quality, "stock_core": stock, "counts": {}}
    for count, (_, manifest, _) in sorted(run.engine_bundles.items()):
        folder = run.tmp / "engine" / f"r{count}"
        files = first_visit_files(manifest)
        sizes = {e["name"]: len(brotli_of((folder / e["name"]).read_bytes(), quality)) for e in files}
        out["counts"][count] = {"first_visit": sum(sizes.values()), "files": sizes}
    return out


def rows(results: dict) -> list[Row]:
    g, engine = results.get("growth"), results.get("engine") or {}
    if not g or not g.get("counts"):
        return []
    rows: list[Row] = []
    note = "" if g["quality"] == 11 else f" [brotli {g['quality']}]"
    for count, c in sorted(g["counts"].items(), key=lambda kv: int(kv[0])):
        e = engine.get(count) or engine.get(str(count)) or {}
        q = c["first_visit"] / g["stock_core"]
        boot = f"{e['boot_ms']:,.0f} ms" if e.get("boot_ms") is not None else "n/a"
        update = f"{e['engine_ms']['median']:.2f} ms" if e.get("engine_ms") else "n/a"
        # Issue 17's target is for a showcase-sized rule set; larger ones are the store's budget.
        n = int(count)
        showcase = n <= SHOWCASE
        rows.append(Row("growth", f"{n:,} rules: first visit{note} / ready (worker boot) / per update",
                        f"{c['first_visit']:,} B ({q:.3f}x stock core) / {boot} / {update}",
                        f"<= {TARGET}x stock core" if showcase else "(budget)",
                        verdict(q <= TARGET) if showcase else ""))
    return rows
