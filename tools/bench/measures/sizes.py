"""Kernel size: raw, gzip and brotli 11 of the script every page loads, its view chunk (imported
as it starts) and its lazy half (imported at idle)."""

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
    out = {"name": manifest["kernel"], "raw": len(data), "gzip": len(gzip.compress(data, 9, mtime=0)),
           "brotli": len(brotli_of(data, 11))}
    for key, prefix in (("lazy", "kairos-boot."), ("view", "kairos-view.")):
        name = bundle_file(manifest, lambda n, p=prefix: n.startswith(p))
        part = (bundle / name).read_bytes() if name else b""
        out |= {f"{key}_name": name, f"{key}_raw": len(part),
                f"{key}_brotli": len(brotli_of(part, 11)) if part else 0}
    return out


def rows(results: dict) -> list[Row]:
    """The kernel's bytes against its budget."""
    rows: list[Row] = []
    add = rows.append
    if "kernel" in results:
        k = results["kernel"]
        add(Row("bytes", "kernel raw / gzip / brotli", f"{k['raw']:,} / {k['gzip']:,} / {k['brotli']:,} B",
                f"brotli <= {TARGETS['kernel_brotli']:,} B",
                verdict(k["brotli"] <= TARGETS["kernel_brotli"])))
        if k.get("view_name"):
            add(Row("bytes", "  view chunk (kairos-view, as it starts) raw / brotli",
                    f"{k['view_raw']:,} / {k['view_brotli']:,} B"))
        if k.get("lazy_name"):
            add(Row("bytes", "  lazy half (kairos-boot, at idle) raw / brotli",
                    f"{k['lazy_raw']:,} / {k['lazy_brotli']:,} B"))
    return rows
