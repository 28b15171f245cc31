"""Bundle: generated rules + engine + snippets + pinned Pyodide -> dist/ with lock, manifest, tag.

Layout of the output (every name but manifest.json is content-hashed, so it can be cached
forever with `Cache-Control: immutable`):

    kairos.<hash>.js              the kernel, the only script the store adds
    kairos-worker.<hash>.mjs      the engine's module worker
    py-<hash>/                    Pyodide core + our lock file + wheels (one directory, so the
                                  lock's relative file names resolve against it)
    manifest.json                 sizes, hashes and the script tag to paste
"""

import base64
import gzip
import hashlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import brotli

from . import kernel, prebake, vendor
from .templates import compile_snippets
from .wheel import build_wheel

ROOT = Path(__file__).resolve().parent.parent
PYODIDE_DIR = ROOT / "node_modules" / "pyodide"
PYODIDE_VERSION = "314.0.7"
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
ENGINE_DIR = ROOT / "runtime" / "engine" / "kairos_engine"
APP_NAME = "kairos-app"
APP_VERSION = "0.1.0"
COMPRESS_CACHE = ROOT / ".cache" / "compress"
COMPRESSIBLE = (".js", ".mjs", ".json", ".wasm", ".zip", ".whl", ".snapshot")
# Runtime defaults baked into the kernel; a store may override `consent` per page with
# data-consent="required" on the script tag (SRI covers the file, not its attributes).
DEFAULT_CONFIG = {"idleMs": 60000, "retentionDays": 30, "consent": "none-required"}


def _page_types(condition: dict) -> set[str] | None:
    """The page types a condition can match on, or None for any: read off its top-level
    conjuncts `page.type == "x"` / `page.type in [...]` (anything else may match anywhere)."""
    if condition.get("op") == "and":
        found = [types for arg in condition["args"] if (types := _page_types(arg)) is not None]
        return set.intersection(*found) if found else None
    if condition.get("op") == "or":
        branches = [_page_types(arg) for arg in condition["args"]]
        return None if any(b is None for b in branches) else set().union(*branches)
    left, right = condition.get("left", {}), condition.get("right", {})
    if left.get("op") == "signal" and left.get("name") == "page.type":
        if condition.get("op") == "cmp" and condition.get("cmp") == "==" and right.get("op") == "lit":
            return {right["value"]}
        if condition.get("op") == "in" and right.get("op") == "list":
            return {item["value"] for item in right["items"] if item.get("op") == "lit"}
    return None


def kernel_config(ir: dict) -> dict:
    """What the kernel learns from the rules beyond the watch list: whether some rule is a
    page-load moment, so that the engine decides the next view ahead (kernel/ahead.js)."""
    return {"ahead": any(rule["ahead"] and rule["enabled"] for rule in ir["rules"])}


def page_types(ir: dict) -> list[str] | None:
    """Page types where some enabled rule can match (the kernel boots the engine only there),
    or None when some rule can match on any page."""
    union: set[str] = set()
    for rule in ir["rules"]:
        if not rule.get("enabled", True):
            continue
        types = _page_types(rule["when"])
        if types is None:
            return None
        union |= types
    return sorted(union)


class BundleFailed(Exception):
    """The bundle could not be made (a missing input such as the Pyodide npm package)."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tree_hash(files: dict[str, bytes]) -> str:
    """One hash of a set of files (path -> bytes): names a folder or version by its content."""
    return sha256(b"".join(sha256(d).encode() + p.encode() for p, d in sorted(files.items())))


def _compressed(data: bytes, kind: str, quality: int = 11) -> bytes:
    """Brotli (quality 11) or gzip (level 9) of `data`, cached by content: the wasm takes seconds."""
    path = COMPRESS_CACHE / f"{sha256(data)}.{kind}-q{quality}w24"
    if path.exists():
        return path.read_bytes()
    # The largest window (16 MB, within RFC 7932) saves 3 % on the 31 MB engine snapshot.
    out = (brotli.compress(data, quality=quality, lgwin=24) if kind == "br"
           else gzip.compress(data, compresslevel=min(9, quality), mtime=0))
    COMPRESS_CACHE.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    partial.write_bytes(out)
    os.replace(partial, path)  # never a truncated cache entry, even if the build is killed
    return out


def engine_files(module_source: str) -> dict[str, bytes]:
    """Archive paths -> bytes of the app wheel: engine package, generated rules, snippets."""
    files = {f"kairos_engine/{path.name}": path.read_bytes()
             for path in sorted(ENGINE_DIR.glob("*.py"))}
    files["kairos_rules.py"] = module_source.encode("utf-8")
    for name, data in compile_snippets().items():
        files[f"kairos_snippets/{name}"] = data
    return files


def _lock_entry(name: str, version: str, file_name: str, data: bytes, imports: list[str],
                depends: list[str]) -> dict:
    return {"depends": sorted(depends), "file_name": file_name, "imports": imports,
            "install_dir": "site", "name": name, "package_type": "package",
            "sha256": sha256(data), "tool": {}, "unvendored_tests": False, "version": version}


def pyodide_inputs() -> dict[str, bytes]:
    """The pinned Pyodide core files from the npm package, checked for the expected version."""
    package = PYODIDE_DIR / "package.json"
    if not package.exists():
        raise BundleFailed(f"Pyodide not found in {PYODIDE_DIR}; run `npm ci` (the README's setup does)")
    version = json.loads(package.read_text())["version"]
    if version != PYODIDE_VERSION:
        raise BundleFailed(f"Pyodide {version} installed, {PYODIDE_VERSION} pinned; run `npm ci`")
    return {name: (PYODIDE_DIR / name).read_bytes() for name in PYODIDE_FILES}


def assemble(module_source: str, watch: dict, *, pages: list[str] | None = None,
             config: dict | None = None, base: str = "/kairos/",
             extra: dict[str, bytes] | None = None, snapshot: bool = True, quality: int = 11,
             progress: Callable[[str], None] = lambda _: None) -> dict[str, bytes]:
    """Every file of the bundle (relative path -> bytes), manifest.json included.

    `watch` is the IR's watch list (baked into the kernel), `pages` the page types where the
    engine is worth booting (None: all, see page_types); `base` is the URL path the
    bundle will be served under, used only for the printed script tag; `extra` files (such
    as ir.json) are listed in the manifest too. `quality` is brotli's (tests use a low one:
    brotli 11 takes most of a minute on the engine snapshot).
    """
    progress("vendoring Jinja2 and MarkupSafe wheels")
    wheels = {name: path.read_bytes() for name, path in vendor.ensure_wheels().items()}
    progress("packing the engine wheel")
    app_files = engine_files(module_source)
    content = tree_hash(app_files)
    app_name, app_wheel = build_wheel(APP_NAME, f"{APP_VERSION}+{content[:10]}", app_files)

    progress("compiling the wheels to bytecode with Pyodide under Node")
    core = pyodide_inputs()
    info = json.loads((PYODIDE_DIR / "pyodide-lock.json").read_text())["info"]
    sources = {app_name: app_wheel}
    sources.update({vendor.wheel_path(name).name: data for name, data in wheels.items()})
    meta = {app_name: (APP_NAME, APP_VERSION, ["kairos_engine", "kairos_rules", "kairos_snippets"],
                       ["jinja2"])}
    for name in wheels:
        version, imports, depends = vendor.WHEELS[name]
        meta[vendor.wheel_path(name).name] = (name, version, imports, depends)

    def lock_for(built: dict[str, bytes]) -> bytes:
        packages = {meta[f][0]: _lock_entry(*meta[f][:2], f, built[f], *meta[f][2:]) for f in built}
        return json.dumps({"info": info, "packages": packages}, sort_keys=True, indent=1).encode()

    built = prebake.compile_wheels(sources, lock_for(sources))
    py_files = {**built, "kairos-lock.json": lock_for(built)}
    progress("trimming the standard library to what the engine imports")
    core["python_stdlib.zip"] = prebake.trim_stdlib(py_files, [APP_NAME])
    py_files.update(core)
    if snapshot:
        progress("snapshotting the booted engine")
        py_files.update(prebake.snapshot(
            {name: data for name, data in py_files.items()
             if name.endswith(".whl") or name in ("kairos-lock.json", "python_stdlib.zip")}))
    py_hash = tree_hash(py_files)
    py_dir = f"py-{py_hash[:12]}"

    progress("bundling the worker and the kernel with esbuild")
    worker = kernel.build_worker()
    worker_name = f"kairos-worker.{sha256(worker)[:12]}.mjs"
    lazy = kernel.build_lazy()
    lazy_name = f"kairos-boot.{sha256(lazy)[:12]}.mjs"
    config = {**DEFAULT_CONFIG, **(config or {}), "version": APP_VERSION,
              "worker": worker_name, "lazy": lazy_name, "pyodide": f"{py_dir}/",
              "lock": f"{py_dir}/kairos-lock.json", "watch": watch,
              "snapshot": f"{py_dir}/engine.snapshot" if snapshot else None,
              "snapshotSize": len(py_files["engine.snapshot"]) if snapshot else None, "pages": pages}
    kernel_js = kernel.build_kernel(config)
    kernel_name = f"kairos.{sha256(kernel_js)[:12]}.js"

    files = {kernel_name: kernel_js, worker_name: worker, lazy_name: lazy, **(extra or {})}
    files.update({f"{py_dir}/{name}": data for name, data in py_files.items()})
    files["manifest.json"] = manifest(files, kernel_name, base, progress, quality)
    return files


def script_tag(kernel_name: str, kernel_js: bytes, prefix: str = "/kairos/") -> str:
    integrity = "sha384-" + base64.b64encode(hashlib.sha384(kernel_js).digest()).decode()
    return (f'<script async src="{prefix}{kernel_name}" integrity="{integrity}" '
            f'crossorigin="anonymous"></script>')


def manifest(files: dict[str, bytes], kernel_name: str, base: str, progress,
             quality: int = 11) -> bytes:
    """manifest.json: the script tag and, per file, sha256 and raw / gzip / brotli sizes."""
    progress(f"compressing (brotli {quality}, gzip; cached by content)")
    entries = []
    for name in sorted(files):
        data = files[name]
        entries.append({"name": name, "sha256": sha256(data), "size": len(data),
                        "brotli": len(_compressed(data, "br", quality)),
                        "gzip": len(_compressed(data, "gz", quality))})
    body = {
        "manifest_version": 1,
        "kernel": kernel_name,
        "script_tag": script_tag(kernel_name, files[kernel_name], base),
        "pyodide_version": PYODIDE_VERSION,
        "files": entries,
        "totals": {key: sum(e[key] for e in entries) for key in ("size", "gzip", "brotli")},
    }
    return (json.dumps(body, indent=1, sort_keys=True) + "\n").encode()


def write(files: dict[str, bytes], out_dir: Path, quality: int = 11) -> None:
    """Replace `out_dir` with exactly `files`, plus `.br`/`.gz` copies where they pay off.

    The new bundle is written beside the old one and swapped in with two renames, so a server
    reading `out_dir` during a rebuild (`serve --watch`) never sees a half-written bundle."""
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / "manifest.json").exists():
        raise BundleFailed(f"{out_dir} is not empty and holds no Kairos bundle; not replacing it")
    staging = out_dir.with_name(out_dir.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    for name, data in files.items():
        path = staging / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if name.endswith(COMPRESSIBLE):
            for kind, suffix in (("br", ".br"), ("gz", ".gz")):
                packed = _compressed(data, kind, quality)
                if len(packed) < len(data) * 0.95:
                    path.with_name(path.name + suffix).write_bytes(packed)
    old = out_dir.with_name(out_dir.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if out_dir.exists():
        out_dir.rename(old)
    staging.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)
