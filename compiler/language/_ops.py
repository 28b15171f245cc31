"""Locate `kairos_engine.ops` (the runtime's operations) -> module `ops` for the interpreter."""

from __future__ import annotations

import importlib.util
import sys

from ..paths import ENGINE_PACKAGE

OPS_PATH = ENGINE_PACKAGE / "ops.py"


def _load():
    try:
        from kairos_engine import ops as found  # the engine is importable (tests, Pyodide)

        return found
    except ImportError:
        pass
    name = "_kairos_engine_ops"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, OPS_PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


ops = _load()
