"""Generated rules + engine + snippets + pinned Pyodide -> every file of the bundle (path -> bytes).

Layout of the output (every name but manifest.json is content-hashed, so it can be cached
forever with `Cache-Control: immutable`):

    kairos.<hash>.js              the kernel, the only script the store adds
    kairos-view.<hash>.mjs        the page readers and page view, imported as the kernel starts
    kairos-boot.<hash>.mjs        the kernel's lazy half, imported when the page is idle
    kairos-worker.<hash>.mjs      the engine's module worker
    kairos-unzstd.<hash>.mjs      the zstd decoder the worker imports on a host that compresses
                                  nothing (wire.py), to decode py-<hash>/NAME.zst itself
    py-<hash>/                    Pyodide core + our lock file + wheels (one directory, so the
                                  lock's relative file names resolve against it)
    manifest.json                 sizes, hashes and the script tag to paste
"""

import json
from collections.abc import Callable

from ..paths import ENGINE_PACKAGE, PYODIDE_DIR
from . import kernel, prebake, vendor, wire
from .config import DEFAULT_CONFIG
from .errors import BundleFailed
from .manifest import PYODIDE_VERSION, manifest, sha256, tree_hash
from .templates import compile_snippets
from .wheel import build_wheel

PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
APP_NAME = "kairos-app"
APP_VERSION = "0.1.0"


def engine_files(module_source: str) -> dict[str, bytes]:
    """Archive paths -> bytes of the app wheel: engine package, generated rules, snippets."""
    files = {f"kairos_engine/{path.name}": path.read_bytes()
             for path in sorted(ENGINE_PACKAGE.glob("*.py"))}
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
             debug: dict | None = None,
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
    progress("zstd copies of the big files, for hosts that compress nothing")
    copies, raw_sizes = wire.zstd_copies(py_files, quality)
    py_files.update(copies)
    py_hash = tree_hash(py_files)
    py_dir = f"py-{py_hash[:12]}"

    progress("bundling the worker and the kernel with esbuild")
    decoder = kernel.build_decoder()
    decoder_name = f"kairos-unzstd.{sha256(decoder)[:12]}.mjs"
    worker = kernel.build_worker({"decoder": decoder_name, "sizes": raw_sizes})
    worker_name = f"kairos-worker.{sha256(worker)[:12]}.mjs"
    config = {**DEFAULT_CONFIG, **(config or {})}
    lazy = kernel.build_lazy(watch, config.pop("sink", None))
    lazy_name = f"kairos-boot.{sha256(lazy)[:12]}.mjs"
    view = kernel.build_view()
    view_name = f"kairos-view.{sha256(view)[:12]}.mjs"
    config = {**config, "version": APP_VERSION,
              "worker": worker_name, "lazy": lazy_name, "view": view_name, "pyodide": f"{py_dir}/",
              "lock": f"{py_dir}/kairos-lock.json", "sections": watch.get("sections", []),
              "snapshot": f"{py_dir}/engine.snapshot" if snapshot else None,
              "snapshotSize": len(py_files["engine.snapshot"]) if snapshot else None, "pages": pages}
    kernel_js = kernel.build_kernel(config)
    kernel_name = f"kairos.{sha256(kernel_js)[:12]}.js"

    files = {kernel_name: kernel_js, worker_name: worker, lazy_name: lazy, view_name: view,
             decoder_name: decoder,
             **(extra or {})}
    if debug is not None:  # the overlay's chunk, found through manifest.json when a tester opens it
        overlay = kernel.build_debug(debug)
        files[f"kairos-debug.{sha256(overlay)[:12]}.mjs"] = overlay
    files.update({f"{py_dir}/{name}": data for name, data in py_files.items()})
    files["manifest.json"] = manifest(files, kernel_name, base, progress, quality,
                                      qa=bool(config.get("qa")))
    return files
