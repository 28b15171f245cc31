"""The rules a report reads its experiments' weights from: a bundle's ir.json, a bundle folder
holding one, or rule files and folders (compiled as `build.py check` compiles them)."""

from __future__ import annotations

import json
from pathlib import Path

from analytics.events.sources import EventsError


def load_ir(paths: list[str]) -> tuple[dict, str]:
    """(the IR, where it came from). Raises EventsError for a missing or unreadable file, and
    compiler.api's CompileFailed for rules with errors."""
    if len(paths) == 1:
        path = Path(paths[0])
        if path.is_dir() and (path / "ir.json").is_file():
            path = path / "ir.json"
        if path.suffix == ".json":
            try:
                ir = json.loads(path.read_text("utf-8"))
            except FileNotFoundError:
                raise EventsError(f"{path}: no such file") from None
            except (OSError, ValueError) as error:
                raise EventsError(f"{path}: not an ir.json ({error})") from None
            if not isinstance(ir, dict) or not isinstance(ir.get("rules"), list):
                raise EventsError(f"{path}: not an ir.json (no `rules` list)")
            return ir, str(path)
    for raw in paths:
        if not Path(raw).exists():
            raise EventsError(f"{raw}: no such file")
    from compiler.api import compile_rules

    return compile_rules(paths).ir, ", ".join(paths)
