"""Locate the runtime's `kairos_engine` -> modules `ops` (for the interpreter), `features` (the
inputs and feature names a `predict.NAME` model reads, for the checker and the watch list) and
`caps` (a limit in the words the debug overlay uses too)."""

from __future__ import annotations

import importlib
import importlib.util
import sys

from ..paths import ENGINE_PACKAGE

_PRIVATE = "_kairos_engine"  # the engine's package under a name of its own, when not importable


def _package() -> str:
    try:
        import kairos_engine  # noqa: F401  (the engine is importable: tests, analytics, Pyodide)

        return "kairos_engine"
    except ImportError:
        pass
    if _PRIVATE not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            _PRIVATE, ENGINE_PACKAGE / "__init__.py", submodule_search_locations=[str(ENGINE_PACKAGE)])
        module = importlib.util.module_from_spec(spec)
        sys.modules[_PRIVATE] = module
        spec.loader.exec_module(module)
    return _PRIVATE


_NAME = _package()
ops = importlib.import_module(f"{_NAME}.ops")
features = importlib.import_module(f"{_NAME}.features")
caps = importlib.import_module(f"{_NAME}.caps")
