"""The benchmark's measurements, one module each, in the order they run.

Each module has:

    PART      its name for `--only` (None: always measured, no browser needed)
    KEY       its key in the results
    SERVER    the bundle it is measured against: "demo", "scenario" (CLS and latency rules),
              "engine" (generated 10 / 100 / 1,000-rule bundles, cross-origin isolated) or None
    measure(run) -> dict     run: a cli.Run (settings, playwright, browser, server, bundles)
    rows(results) -> [Row]   its rows of the table

Adding a measurement is adding a module here and naming it in PARTS.
"""

from . import (
    ahead,
    build_time,
    cls,
    engine,
    growth,
    latency,
    main_thread,
    predict,
    ready,
    report,
    simulate,
    sizes,
    vitals,
)

PARTS = (sizes, ready, main_thread, vitals, ahead, cls, latency, engine, growth, build_time, simulate,
         predict, report)
