"""Rule files or folders -> Report (check), Compiled (IR + generated module) or an explanation.

The API used by build.py:

    check(paths, progress=None) -> Report              # .diagnostics, .ok, .render()
    compile_rules(paths, progress=None) -> Compiled    # .ir, .ir_json, .module_source, .report
    explain(paths, rule_id) -> str

`compile_rules` raises `CompileFailed(report)` when there are errors; `explain` raises
`CompileFailed` too, and `UnknownRule` for an id no file defines. `progress(done, total)` is
called after each file is checked (and once more after code generation in `compile_rules`).
No input makes these functions raise anything else: a failure inside the compiler itself is
reported as an "internal compiler error" diagnostic.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import catalog as catalog_mod
from . import codegen, compose, lint, schema, source, termgen
from . import ir as ir_mod
from . import models as models_mod
from .checker import Checker, MomentDef
from .errors import (
    ERROR,
    CompileFailed,
    Diagnostic,
    KairosError,
    Report,
    UnknownRule,
    did_you_mean,
    finish,
)
from .moments import LIBRARY
from .rules import CheckedRule, check_rule

Progress = Callable[[int, int], None] | None
LIBRARY_FILE = "<moment library>"

__all__ = ["Compiled", "CompileFailed", "KairosError", "Report", "UnknownRule", "check",
           "compile_rules", "explain"]


@dataclass
class Compiled:
    ir: dict
    module_source: str
    report: Report

    @property
    def ir_json(self) -> str:
        return ir_mod.dumps(self.ir)

    @property
    def terms_source(self) -> str:
        """The generated `kairos_terms.py` (the debug overlay's term trees; termgen.py)."""
        return termgen.generate(self.ir)


@dataclass
class Analysis:
    """Everything one run of the front end learnt."""

    files: list[str] = field(default_factory=list)
    specs: list[schema.RuleSpec] = field(default_factory=list)
    rules: list[CheckedRule] = field(default_factory=list)
    moments: dict[str, MomentDef] = field(default_factory=dict)
    models: dict[str, models_mod.Model] = field(default_factory=dict)  # `predict.NAME` models found
    diagnostics: list[Diagnostic] = field(default_factory=list)
    checker: Checker | None = None
    report: Report | None = None


def check(paths: Iterable[str | os.PathLike], progress: Progress = None,
          snippets_dir: str | os.PathLike | None = None,
          models_dir: str | os.PathLike | None = None) -> Report:  # fmt: skip
    """Validate rule files; errors and warnings, sorted by position. `models_dir`: where the
    `predict.NAME` models are (default: `models/` beside the rule files)."""
    return analyze(paths, progress, snippets_dir, models_dir=models_dir).report


def compile_rules(paths: Iterable[str | os.PathLike], progress: Progress = None,
                  snippets_dir: str | os.PathLike | None = None,
                  models_dir: str | os.PathLike | None = None) -> Compiled:  # fmt: skip
    """Compile rule files into the IR and the generated rules module."""
    a = analyze(paths, progress, snippets_dir, extra_steps=1, models_dir=models_dir)
    if not a.report.ok:
        raise CompileFailed(a.report)
    try:
        ir = ir_mod.build(a.rules, a.files, a.models)
        module = codegen.generate(ir)
    except Exception as e:  # noqa: BLE001 - never a traceback for the marketer
        diag = Diagnostic(ERROR, _internal(e), file=a.files[0] if a.files else "")
        raise CompileFailed(finish([*a.report.diagnostics, diag], a.files)) from None
    if progress:
        progress(len(a.files) + 1, len(a.files) + 1)
    return Compiled(ir, module, a.report)


def explain(paths: Iterable[str | os.PathLike], rule_id: str,
            snippets_dir: str | os.PathLike | None = None,
            models_dir: str | os.PathLike | None = None) -> str:  # fmt: skip
    """A rule in plain words: condition, moments, watch thresholds, caps, schedule, variants."""
    from .explain import describe

    a = analyze(paths, None, snippets_dir, models_dir=models_dir)
    if not a.report.ok:
        raise CompileFailed(a.report)
    for r in a.rules:
        if r.spec.id == rule_id:
            return describe(r, a.moments, a.models)
    ids = [r.spec.id for r in a.rules]
    message = f"no rule has the id `{rule_id}`{did_you_mean(rule_id, ids)}"
    where = ", ".join(a.files) or "explain"
    raise UnknownRule(finish([Diagnostic(ERROR, message, file=where)], a.files))


# -- the front end ------------------------------------------------------------------------------
def collect(paths: Iterable[str | os.PathLike]) -> tuple[list[str], list[Diagnostic]]:
    """Files named by `paths`: files as given, folders' `*.yaml`/`*.yml` (recursive, sorted)."""
    files, diags = [], []
    for p in paths:
        path = Path(p)
        try:
            if path.is_dir():
                found = sorted(
                    f for f in path.rglob("*") if f.suffix in (".yaml", ".yml") and f.is_file()
                )
                if not found:
                    diags.append(Diagnostic("warning", "no *.yaml rule files in this folder",
                                            file=display(path)))  # fmt: skip
                files.extend(display(f) for f in found)
            elif path.is_file():
                files.append(display(path))
            else:
                diags.append(Diagnostic(ERROR, "no such file or folder", file=display(path)))
        except OSError as e:
            diags.append(Diagnostic(ERROR, f"cannot read: {e.strerror}", file=display(path)))
    unique = list(dict.fromkeys(files))
    return unique, diags


def display(path: Path) -> str:
    """The name shown in diagnostics and the IR: relative to the working folder when inside."""
    if path.is_absolute():
        with contextlib.suppress(ValueError):
            path = path.relative_to(Path.cwd())
    return path.as_posix()


def read_text(path: str) -> tuple[str | None, Diagnostic | None]:
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        return None, Diagnostic(ERROR, f"cannot read: {e.strerror}", file=path)
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        text = data.split(b"\n")[line - 1].decode("utf-8", "replace")
        span = source.Span(path, line, col, col + 1, text)
        return None, Diagnostic(ERROR, "the file is not UTF-8 text", span)


def analyze(paths, progress: Progress = None, snippets_dir=None, extra_steps: int = 0,
            texts: dict[str, str] | None = None, models_dir=None) -> Analysis:  # fmt: skip
    """Read, parse and check; `texts` (file -> text) replaces reading files (tests, fuzzing)."""
    a = Analysis()
    paths = [paths] if isinstance(paths, str | os.PathLike) else list(paths or ())
    if texts is not None:
        a.files, collected = list(texts), []
    else:
        a.files, collected = collect(paths)
    a.diagnostics.extend(collected)
    a.models, found, folders = models_mod.find(paths if texts is None else [], models_dir,
                                               lambda p: display(Path(p)))
    a.diagnostics.extend(found)
    cat = catalog_mod.load(snippets_dir)
    a.diagnostics.extend(cat.diagnostics)
    total = len(a.files) + extra_steps
    parsed: list[schema.RuleFile] = []
    for n, path in enumerate(a.files, 1):
        try:
            parsed.append(_front(path, texts, a.diagnostics))
        except Exception as e:  # noqa: BLE001
            a.diagnostics.append(Diagnostic(ERROR, _internal(e), file=path))
        if progress:
            progress(n, total)
    try:
        _check(a, parsed, cat, folders)
    except Exception as e:  # noqa: BLE001
        a.diagnostics.append(Diagnostic(ERROR, _internal(e), file=a.files[0] if a.files else ""))
    a.report = finish(a.diagnostics, a.files)
    return a


def _front(path: str, texts: dict[str, str] | None, diags: list[Diagnostic]) -> schema.RuleFile:
    if texts is not None:
        text, err = texts[path], None
    else:
        text, err = read_text(path)
    if err is not None:
        diags.append(err)
        return schema.RuleFile(path)
    src, root, errors = compose.load(path, text)
    diags.extend(errors)
    return schema.read(src, root, diags)


def _check(a: Analysis, parsed: list[schema.RuleFile], cat: catalog_mod.Catalog, folders: list[str]) -> None:
    moments = {m.name: MomentDef(m.name, source.library_text(LIBRARY_FILE, m.condition), "library")
               for m in LIBRARY.values()}  # fmt: skip
    defined_in: dict[str, str] = {}
    for rf in parsed:
        for m in rf.moments:
            if m.name in defined_in:
                a.diagnostics.append(Diagnostic(
                    ERROR, f"moment `{m.name}` is already defined at {defined_in[m.name]}; give "
                    "one of them another name", m.span))
                continue
            where = f"{m.span.file}:{m.span.line}"
            defined_in[m.name] = where
            moments[m.name] = MomentDef(m.name, m.text, where)
    a.moments = moments
    checker = a.checker = Checker(moments, a.diagnostics, a.models, folders)
    for name in defined_in:
        checker.moment(name)
    first: dict[str, schema.RuleSpec] = {}
    for rf in parsed:
        for spec in rf.rules:
            a.specs.append(spec)
            duplicate = spec.id is not None and spec.id in first
            if duplicate:
                prev = first[spec.id]
                a.diagnostics.append(Diagnostic(
                    ERROR, f"duplicate rule id `{spec.id}` (first used at {prev.file}:{prev.line}); "
                    "give each rule an id of its own",
                    spec.id_span))  # fmt: skip
            elif spec.id is not None:
                first[spec.id] = spec
            checked = check_rule(spec, checker, cat, a.diagnostics)  # reports even if broken
            if checked is not None and spec.ok and not duplicate:
                a.rules.append(checked)
    a.diagnostics.extend(lint.run(a.rules))


def _internal(e: Exception) -> str:
    return f"internal compiler error ({type(e).__name__}: {e}); please report this"
