"""Kernel and worker JS: runtime/kernel + runtime/engine/worker.js -> minified bundles (npm esbuild)."""

import json
import subprocess
from pathlib import Path

from ..paths import ENGINE_DIR, ESBUILD, KERNEL_DIR, ROOT, SNIPPETS_DIR
from .errors import EsbuildFailed

_LONGEST_DEFINE = 64 * 1024  # characters of a define's JSON passed to esbuild as an argument


def esbuild(entry: Path, *, fmt: str | None, defines: dict | None = None,
            loaders: tuple[str, ...] = ()) -> bytes:
    """The minified bundle of `entry`; deterministic for the same sources and defines."""
    if not ESBUILD.exists():
        raise EsbuildFailed(f"esbuild not found at {ESBUILD}; run `npm ci` (the README's setup does)")
    args = [str(ESBUILD), str(entry), "--bundle", "--minify", "--legal-comments=none",
            "--charset=utf8", "--log-level=error"]
    if fmt:
        args += [f"--format={fmt}", "--target=es2020"]
    args += [f"--loader:{loader}" for loader in loaders]
    later = {}  # placeholder -> JSON of a value too long for one command-line argument
    for name, value in sorted((defines or {}).items()):
        text = json.dumps(value, sort_keys=True, separators=(',', ':'))
        if len(text) > _LONGEST_DEFINE:
            # Linux caps one argument at 128 KB (the debug chunk's Python for a thousand rules
            # is more): esbuild sees a global name, replaced by the value in its output.
            placeholder = f"__KAIROS_DEFINED_{len(later)}__"
            later[placeholder] = text
            text = placeholder
        args.append(f"--define:{name}={text}")
    done = subprocess.run(args, cwd=ROOT, capture_output=True, check=False)
    if done.returncode != 0:
        raise EsbuildFailed(done.stderr.decode("utf-8", "replace").strip())
    out = done.stdout
    for placeholder, text in later.items():
        if out.count(placeholder.encode()) != 1:
            raise EsbuildFailed(f"{entry.name}: its {placeholder} is not used exactly once")
        out = out.replace(placeholder.encode(), text.encode("utf-8"))
    return out


def build_worker(wire: dict) -> bytes:
    """The engine worker (an ES module: Pyodide runs only in module workers). `wire`: the
    decoder's file name and the raw sizes of the files that have a zstd copy (wire.py)."""
    return esbuild(ENGINE_DIR / "worker.js", fmt="esm", defines={"__KAIROS_WIRE__": wire})


def build_decoder() -> bytes:
    """fzstd's decoder as an ES module, imported by the worker only on a host that compresses
    nothing (runtime/engine/wire.js)."""
    return esbuild(ENGINE_DIR / "unzstd.js", fmt="esm")


def build_lazy(watch: dict, sink: str | None = None) -> bytes:
    """The kernel's lazy half (engine client, signal snapshot, the rules' watch list, snippet UI
    with its styles, events and the sink's default URL): an ES module imported when the page is
    idle, so the script every page loads stays small."""
    css = esbuild(SNIPPETS_DIR / "snippets.css", fmt=None).decode("utf-8").strip()
    return esbuild(KERNEL_DIR / "boot.js", fmt="esm",
                   defines={"__KAIROS_CSS__": css, "__KAIROS_WATCH__": watch, "__KAIROS_SINK__": sink})


def build_view() -> bytes:
    """The view chunk (page readers: schema.org product and stores in the platforms' shapes,
    page type, product identity): an ES module the kernel imports as it starts."""
    return esbuild(KERNEL_DIR / "view.js", fmt="esm")


def build_kernel(config: dict) -> bytes:
    """The kernel (a classic `async` script) with the build's config baked in."""
    return esbuild(KERNEL_DIR / "index.js", fmt="iife",
                   defines={"__KAIROS_CONFIG__": config})


def build_debug(payload: dict) -> bytes:
    """The debug overlay (an ES module fetched only when a tester opens it), with the build's
    Python for the worker and its rules' summaries baked in (bundle/debug.py)."""
    return esbuild(KERNEL_DIR / "debug" / "index.js", fmt="esm", defines={"__KAIROS_DEBUG__": payload},
                   loaders=(".css=text",))
