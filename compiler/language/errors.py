"""Diagnostics (file, line, col, message, notes) -> `file:line:col: message`, the source line,
carets, then each note the same way (`file:line:col: note: ...`)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"

MAX_PER_FILE = 50


@dataclass(frozen=True)
class Span:
    """A range of one line of a file: 1-based line and columns, `end_col` exclusive."""

    file: str
    line: int
    col: int
    end_col: int
    text: str = ""  # the whole source line, without its line break

    def render_excerpt(self) -> str:
        """The source line indented 4 spaces with carets under the span."""
        line = self.text.replace("\t", " ")
        if not line.strip():
            return ""
        start = max(self.col - 1, 0)
        end = max(min(self.end_col - 1, len(line)), start + 1)
        indent = len(line) - len(line.lstrip())
        cut = min(indent, start)  # drop the YAML indentation, never a part under the carets
        shown = line[cut:].rstrip()
        carets = " " * (start - cut) + "^" * (end - start)
        return f"    {shown}\n    {carets}"


@dataclass(frozen=True)
class Note:
    """A second place that explains a diagnostic (where the parser gave up on an open `{`)."""

    message: str
    span: Span

    def render(self) -> str:
        s = self.span
        head = f"{s.file}:{s.line}:{s.col}: note: {self.message}"
        excerpt = s.render_excerpt()
        return f"{head}\n{excerpt}" if excerpt else head


@dataclass(frozen=True)
class Diagnostic:
    severity: str
    message: str
    span: Span | None = None
    file: str = ""  # used when there is no span (a missing file, an unreadable folder)
    notes: tuple[Note, ...] = ()  # rendered after the excerpt, in order

    @property
    def where(self) -> str:
        if self.span is None:
            return self.file
        return f"{self.span.file}:{self.span.line}:{self.span.col}"

    def sort_key(self) -> tuple:
        if self.span is None:
            return (self.file, 0, 0, self.severity != ERROR, self.message)
        s = self.span
        return (s.file, s.line, s.col, self.severity != ERROR, self.message)

    def render(self) -> str:
        label = "" if self.severity == ERROR else f"{self.severity}: "
        head = f"{self.where}: {label}{self.message}"
        excerpt = self.span.render_excerpt() if self.span else ""
        text = f"{head}\n{excerpt}" if excerpt else head
        for note in self.notes:
            text += "\n" + note.render()
        return text.encode("utf-8", "replace").decode("utf-8")  # printable even if malformed


class KairosError(Exception):
    """Base of every error the compiler raises on purpose."""


class CompileError(KairosError):
    """One diagnostic that stops the current stage (an expression that cannot be parsed)."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.render())
        self.diagnostic = diagnostic


@dataclass
class Report:
    """Everything `check` found: errors and warnings, sorted by position."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    truncated: dict[str, int] = field(default_factory=dict)  # file -> diagnostics not shown

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def render(self) -> str:
        """Every diagnostic, then a count; the empty string when there is nothing to say."""
        if not self.diagnostics:
            return ""
        parts = [d.render() for d in self.diagnostics]
        for file, n in sorted(self.truncated.items()):
            parts.append(f"{file}: {n} more problems not shown (at most {MAX_PER_FILE} per file)")
        ne, nw = len(self.errors), len(self.warnings)
        nf = len(self.files)
        parts.append(
            f"{_plural(ne, 'error')}, {_plural(nw, 'warning')} in {_plural(nf, 'file')}"
        )
        return "\n".join(parts)


class CompileFailed(KairosError):
    """`compile_rules` found errors; `.report` holds them."""

    def __init__(self, report: Report):
        super().__init__(report.render())
        self.report = report


class UnknownRule(CompileFailed):
    """`explain` was asked about a rule id that no file defines (a report of one error)."""


def finish(diagnostics: Iterable[Diagnostic], files: list[str]) -> Report:
    """Sort, de-duplicate and cap diagnostics per file into a Report."""
    seen: set[tuple] = set()
    unique = []
    for d in sorted(diagnostics, key=Diagnostic.sort_key):
        key = d.sort_key()
        if key not in seen:
            seen.add(key)
            unique.append(d)
    per_file: dict[str, int] = {}
    kept, truncated = [], {}
    for d in unique:
        f = d.span.file if d.span else d.file
        per_file[f] = per_file.get(f, 0) + 1
        if per_file[f] <= MAX_PER_FILE:
            kept.append(d)
        else:
            truncated[f] = truncated.get(f, 0) + 1
    return Report(kept, list(files), truncated)


def suggest(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The closest candidate to a misspelt word, or None."""
    pool = sorted(set(candidates))
    hits = difflib.get_close_matches(word, pool, n=1, cutoff=cutoff)
    if not hits:
        low = {c.lower(): c for c in pool}
        if word.lower() in low:
            return low[word.lower()]
        hits = difflib.get_close_matches(word.lower(), list(low), n=1, cutoff=cutoff)
        return low[hits[0]] if hits else None
    return hits[0]


def did_you_mean(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str:
    """`; did you mean `x`?` or the empty string."""
    hit = suggest(word, candidates, cutoff)
    return f"; did you mean `{hit}`?" if hit and hit != word else ""


def one_of(values: Iterable[str]) -> str:
    """`a`, `b` or `c`."""
    vals = [f"`{v}`" for v in values]
    if len(vals) <= 1:
        return "".join(vals)
    return ", ".join(vals[:-1]) + " or " + vals[-1]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")
