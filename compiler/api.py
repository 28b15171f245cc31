"""Rule files -> a bundle on disk: the one API over both halves of the compiler.

    build(rules, out, ...) -> manifest        # compile and bundle; raises BUILD_ERRORS
    check(rules) -> Report                    # validate only
    explain(rules, rule_id) -> str            # a rule in plain words
    compile_rules(rules) -> Compiled          # the IR and the generated module, no bundle
    generate_module(ir) -> str                # the generated module of an IR made elsewhere
    model_hash(doc) -> str                    # a `predict.NAME` model file's hash (build.py train)
    kernel_settings(ir) -> dict               # what a build bakes into the kernel for that IR
    diagnose(url) -> Report; render(report)   # a deployed bundle checked (build.py doctor)

`build.py` is a command line over these; the tests and the benchmark call them directly.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from .bundle import config
from .bundle.doctor import DoctorInputError, diagnose, render
from .bundle.errors import BundleFailed
from .bundle.manifest import compressed, first_visit_files
from .language.catalog import load as snippet_catalog
from .language.codegen import generate as generate_module
from .language.driver import CompileFailed, Report, check, compile_rules, explain
from .language.models import MODEL_VERSION, model_hash
from .language.models import NAME as MODEL_NAME

# Everything `build` raises on purpose: messages for people (build.py prints them, no traceback).
BUILD_ERRORS = (CompileFailed, BundleFailed)

__all__ = ["BUILD_ERRORS", "MODEL_NAME", "MODEL_VERSION", "BundleFailed", "CompileFailed", "DoctorInputError",
           "Report", "build", "check", "compile_rules", "compressed", "diagnose", "explain",
           "first_visit_files", "generate_module", "kernel_settings", "model_hash", "render",
           "snippet_catalog"]


def kernel_settings(ir: dict) -> dict:
    """The kernel's configuration for rules `ir`, as `build` bakes it in, without the bundle's
    file names: runtime defaults, the watch list, `ahead`, the page types that boot the engine
    (the kernel's Python twin runs with it)."""
    return {**config.DEFAULT_CONFIG, **config.kernel_config(ir), "watch": ir["watch"],
            "pages": config.page_types(ir)}


def build(rules: list[str], out: Path, *, base: str = "/kairos/", snapshot: bool = True,
          quality: int = 11, sink: str | None = None, qa: bool = False,
          progress: Callable[[str], None] | None = None,
          files_done: Callable[[int, int], None] | None = None,
          warnings: Callable[[Report], None] | None = None, models_dir: str | Path | None = None) -> dict:
    """Compile `rules` and write the bundle to `out`; returns the manifest. Raises CompileFailed.

    `snapshot=False` ships no engine memory snapshot (fewer first-visit bytes, a slower boot);
    `quality` is brotli's for the precompressed copies (tests use a fast one); `sink` is the
    default URL of the event sink (a tag's data-sink overrides it); `qa` lets QA links force
    variants and preview snippets (never on a shoppers' build). The callbacks
    report the bundle's steps, the rule files checked so far, and the warnings of a build
    that succeeds. `models_dir`: where the `predict.NAME` models are (default: `models/` beside
    the rule files).
    """
    from .bundle import debug, output  # not for check and explain: they need the language only
    from .bundle.assemble import assemble

    compiled = compile_rules(rules, progress=files_done, models_dir=models_dir)
    if warnings and compiled.report.diagnostics:
        warnings(compiled.report)
    ir_json = (json.dumps(compiled.ir, indent=1, sort_keys=True) + "\n").encode()
    files = assemble(compiled.module_source, compiled.ir["watch"], base=base,
                     pages=config.page_types(compiled.ir),
                     config={**config.kernel_config(compiled.ir, qa), "sink": sink},
                     extra={"ir.json": ir_json}, snapshot=snapshot, quality=quality,
                     debug=debug.payload(compiled.ir, compiled.terms_source),
                     progress=progress or (lambda _: None))
    output.write(files, out, quality)
    return json.loads(files["manifest.json"])
