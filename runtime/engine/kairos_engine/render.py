"""Snippet rendering: precompiled Jinja2 templates + catalog defaults -> escaped HTML."""

import json
from pathlib import Path

from jinja2 import Environment, ModuleLoader, StrictUndefined

# Jinja2's ModuleLoader registers its package in sys.modules through a weak proxy; a loader
# collected in a reference cycle can leave that proxy dead there, and whatever walks
# sys.modules next fails. One loader per directory, kept for the process (the browser has one).
_LOADERS: dict[str, ModuleLoader] = {}


def _loader(path: Path) -> ModuleLoader:
    if str(path) not in _LOADERS:
        _LOADERS[str(path)] = ModuleLoader(str(path))
    return _LOADERS[str(path)]


class Renderer:
    """Renders the snippets compiled into a `kairos_snippets` package directory."""

    def __init__(self, snippets_dir: str | Path):
        snippets_dir = Path(snippets_dir)
        self.catalog = json.loads((snippets_dir / "catalog.json").read_text("utf-8"))
        # Autoescape is always on: review text and product names come from the page
        # and are untrusted. StrictUndefined turns a template typo into an error the
        # kernel reports, instead of a silently half-empty snippet.
        self.env = Environment(
            loader=_loader(snippets_dir),
            autoescape=True,
            undefined=StrictUndefined,
        )
        # Load every template now: at boot, not at the first decision, and into memory, so a
        # snapshot of the booted engine needs no template file afterwards.
        self.templates = {name: self.env.get_template(entry["template"])
                          for name, entry in self.catalog.items()}

    def params(self, snippet: str, params: dict) -> dict:
        """The rule's params over the catalog's defaults."""
        merged = {name: spec.get("default") for name, spec in self.catalog[snippet]["params"].items()}
        merged.update(params or {})
        return merged

    def render(self, snippet: str, params: dict, product: dict | None, variant: str | None,
               data: dict | None = None) -> str:
        """The snippet's HTML for this product, variant and data (snippet_data.py); `params`
        are merged with the catalog's defaults here too, so callers may pass the rule's own."""
        return self.templates[snippet].render(params=self.params(snippet, params),
                                              product=product or {}, variant=variant, data=data or {})
