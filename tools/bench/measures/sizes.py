"""Kernel size: raw, gzip and brotli 11 of the script every page loads, and its lazy half."""

from __future__ import annotations

import gzip

from ..harness.inputs import brotli_of, bundle_file
from ..harness.settings import TARGETS
from ..table import Row, verdict

PART = None
KEY = "kernel"
SERVER = None


def measure(run) -> dict:
    """The kernel's sizes; brotli is recomputed at 11 (the bundle may use a faster quality)."""
    manifest, bundle = run.demo_manifest, run.demo
    data = (bundle / manifest["kernel"]).read_bytes()
    lazy = bundle_file(manifest, lambda n: n.startswith("kairos-boot."))
    lazy_data = (bundle / lazy).read_bytes() if lazy else b""
    return {"name": manifest["kernel"], "raw": len(data), "gzip": len(gzip.compress(data, 9, mtime=0)),
            "brotli": len(brotli_of(data, 11)), "lazy_name": lazy, "lazy_raw": len(lazy_data),
            "lazy_brotli": len(brotli_of(lazy_data, 11)) if lazy_data else 0}


def rows(results: dict) -> list[Row]:
    """The kernel's bytes against its budget."""
    rows: list[Row] = []
    add = rows.append
    if "kernel" in results:
        k = results["kernel"]
        add(Row("bytes", "kernel raw / gzip / brotli", f"{k['raw']:,} / {k['gzip']:,} / {k['brotli']:,} B",
                f"brotli <= {TARGETS['kernel_brotli']:,} B",
                verdict(k["brotli"] <= TARGETS["kernel_brotli"])))
        if k.get("lazy_name"):
            add(Row("bytes", "  lazy half (kairos-boot, at idle) raw / brotli",
                    f"{k['lazy_raw']:,} / {k['lazy_brotli']:,} B"))
    return rows
