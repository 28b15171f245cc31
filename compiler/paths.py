"""Where the compiler finds its inputs and keeps its caches: one table of repository paths."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNIPPETS_DIR = ROOT / "snippets"
RUNTIME_DIR = ROOT / "runtime"
KERNEL_DIR = RUNTIME_DIR / "kernel"
ENGINE_DIR = RUNTIME_DIR / "engine"
ENGINE_PACKAGE = ENGINE_DIR / "kairos_engine"
NODE_MODULES = ROOT / "node_modules"
PYODIDE_DIR = NODE_MODULES / "pyodide"
ESBUILD = NODE_MODULES / ".bin" / "esbuild"
CACHE = ROOT / ".cache"
