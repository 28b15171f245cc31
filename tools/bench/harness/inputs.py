"""Inputs of a run: the demo storefront plus the bench pages, and the bundles built for it."""

from __future__ import annotations

import hashlib
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from compiler import api
from compiler.paths import NODE_MODULES, PYODIDE_DIR
from demo_site import SITE

PAGES = Path(__file__).resolve().parent.parent / "pages"
GROWTHBOOK_ESM = NODE_MODULES / "@growthbook" / "growthbook" / "dist" / "bundles" / "esm.min.js"
STOCK_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
               "pyodide-lock.json")


def make_site(tmp: Path) -> Path:
    """The demo storefront plus tools/bench/pages under /bench/ (and GrowthBook's ESM build)."""
    site = tmp / "site"
    shutil.copytree(SITE, site)
    bench = site / "bench"
    bench.mkdir()
    for path in PAGES.iterdir():
        if path.suffix in (".html", ".js", ".mjs", ".css"):
            shutil.copy2(path, bench / path.name)
    if not GROWTHBOOK_ESM.exists():
        raise SystemExit(f"GrowthBook not found at {GROWTHBOOK_ESM}; run `npm ci`")
    (bench / "vendor").mkdir()
    shutil.copy2(GROWTHBOOK_ESM, bench / "vendor" / "growthbook.esm.js")
    return site


def build_bundle(rules: list[Path], out: Path, quality: int = 11) -> tuple[dict, float]:
    """`compiler.api.build` (what `build.py build` runs); returns the manifest and the seconds."""
    started = time.perf_counter()
    manifest = api.build([str(p) for p in rules], out, quality=quality)
    return manifest, time.perf_counter() - started


def bundle_file(manifest: dict, predicate: Callable[[str], bool]) -> str | None:
    return next((e["name"] for e in manifest["files"] if predicate(e["name"])), None)


def brotli_of(data: bytes, quality: int) -> bytes:
    """Brotli of `data` as the build compresses its own copies (api.compressed: the smaller of
    its window settings, cached by content), so stock Pyodide and the bundle are compared at
    the same settings: the same wasm costs the same bytes in both."""
    return api.compressed(data, "br", quality)


def add_stock_pyodide(bundle: Path, quality: int) -> str:
    """Stock Pyodide (npm's core files, full stdlib, normal pyodide-lock.json) beside the bundle,
    in a content-hashed folder so the server caches it exactly like the bundle; its name."""
    files = {name: (PYODIDE_DIR / name).read_bytes() for name in STOCK_FILES}
    digest = hashlib.sha256(b"".join(hashlib.sha256(d).digest() for d in files.values()))
    folder = bundle / f"stock-pyodide-{digest.hexdigest()[:12]}"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
        packed = brotli_of(data, quality)
        if len(packed) < len(data) * 0.95:  # the bundle's own rule for a .br copy
            (folder / (name + ".br")).write_bytes(packed)
    return folder.name


def py_dir(manifest: dict) -> str:
    return next(e["name"] for e in manifest["files"] if e["name"].endswith("kairos-lock.json")).split("/")[0]
