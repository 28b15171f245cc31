"""The Kairos runtime benchmark: real Chromium against the demo storefront; not a test.

    python build.py bench [--runs 5] [--out bench-results/runtime.json] [--quick]
                          [--only ready,main,ahead,cls,latency,engine,build]
    python -m tools.bench [same options]

Prints a table (figure, target, PASS/MISS) and writes every sample to a JSON file. The
machine is small and shared, so each figure is a median with its spread (min-max), every
ratio is against a baseline measured in the same run (stock Pyodide, the page without
Kairos, GrowthBook on the same updates), and the load average is printed with the table.
Waits are on Kairos's lifecycle events and on animation frames, never on sleeps. Bundles are
built into a temporary folder with `compiler.api.build`; the demo bundle (whose bytes are measured)
at brotli 11, the others at a fast quality (--quick: all fast, marked in the table).

The package:

    cli.py        the command line and one run: bundles, servers, the measurements in order
    harness/      what the measurements share: settings, statistics, site and bundles, the
                  server, the browser and its waits
    measures/     one module per measurement, each with its rows of the table
    table.py      the table: rows, sections, printing
    pages/        the bench's own pages, scripts and rules, served under /bench/
"""
