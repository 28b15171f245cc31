"""The debug overlay's Python: runtime/engine/kairos_debug + the generated terms -> the modules
the overlay sends to the worker when it opens (never part of the engine's wheel or snapshot)."""

from ..paths import ENGINE_DIR
from .config import conditions_page_types

# In import order: the package before its modules, a module after what it imports.
DEBUG_MODULES = ("__init__", "words", "explain")


def python_modules(terms_source: str) -> list[list[str]]:
    """[[module name, source], ...] for boundary.debug(): kairos_debug's files, then kairos_terms."""
    folder = ENGINE_DIR / "kairos_debug"
    modules = [[f"kairos_debug.{name}", (folder / f"{name}.py").read_text("utf-8")]
               for name in DEBUG_MODULES]
    return [*modules, ["kairos_terms", terms_source]]


def payload(ir: dict, terms_source: str) -> dict:
    """What the overlay's chunk carries: the worker's Python, and each rule's summary for a
    page where the engine does not run (ids, places, the page types it can match on)."""
    rules = []
    for rule in ir["rules"]:
        show = rule["show"]
        pages = conditions_page_types(rule["when"])
        rules.append({"id": rule["id"], "where": f"{rule['source']['file']}:{rule['source']['line']}",
                      "moment": rule["moment"], "priority": rule["priority"], "snippet": show["snippet"],
                      "place": f"slot:{show['slot']}" if show["placement"] == "slot" else "overlay",
                      "pages": sorted(pages) if pages is not None else None})
    return {"python": python_modules(terms_source), "rules": rules}
