"""Rule file text -> line table; YAML node positions and scalar offsets -> Spans."""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from .errors import Span

_BREAK = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")


class SourceFile:
    """The text of one rule file and its line table."""

    def __init__(self, path: str, text: str):
        self.path = path
        self.text = text
        starts, lines, pos = [0], [], 0
        for m in _BREAK.finditer(text):
            lines.append(text[pos : m.start()])
            pos = m.end()
            starts.append(pos)
        lines.append(text[pos:])
        self.starts = starts
        self.lines = lines

    def index(self, line0: int, col0: int) -> int:
        """0-based line and column -> index into the text."""
        line0 = min(max(line0, 0), len(self.starts) - 1)
        return min(self.starts[line0] + max(col0, 0), len(self.text))

    def position(self, index: int) -> tuple[int, int]:
        """Index into the text -> 0-based line and column."""
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= index:
                lo = mid
            else:
                hi = mid - 1
        return lo, index - self.starts[lo]

    def span(self, start: int, end: int) -> Span:
        """Indexes into the text -> a Span on the start's line."""
        line0, col0 = self.position(start)
        text = self.lines[line0] if line0 < len(self.lines) else ""
        eline, ecol = self.position(max(end, start))
        end_col = ecol if eline == line0 else len(text)
        end_col = max(end_col, col0 + 1)
        return Span(self.path, line0 + 1, col0 + 1, end_col + 1, text)

    def node_span(self, node: yaml.Node) -> Span:
        start = self.index(node.start_mark.line, node.start_mark.column)
        end = self.index(node.end_mark.line, node.end_mark.column)
        return self.span(start, end)

    def key_span(self, node: yaml.Node) -> Span:
        """Only the first line of a node (for mappings and sequences)."""
        start = self.index(node.start_mark.line, node.start_mark.column)
        line0, col0 = self.position(start)
        text = self.lines[line0]
        end = start + max(len(text.rstrip()) - col0, 1)
        return self.span(start, end)


@dataclass
class Text:
    """A scalar's value with a map from each value offset back to the file."""

    value: str
    src: SourceFile
    node_start: int
    style: str
    _offsets: list[int] | None = None

    def offsets(self) -> list[int]:
        if self._offsets is None:
            self._offsets = _align(self.src.text, self.node_start, self.value, self.style)
        return self._offsets

    def span(self, start: int, end: int) -> Span:
        """Offsets into the value -> Span in the file."""
        offs = self.offsets()
        start = min(max(start, 0), len(self.value))
        end = min(max(end, start), len(self.value))
        a = offs[start]
        b = offs[end - 1] + 1 if end > start else a + 1
        return self.src.span(a, max(b, a + 1))


def scalar_text(src: SourceFile, node: yaml.ScalarNode) -> Text:
    start = src.index(node.start_mark.line, node.start_mark.column)
    return Text(node.value, src, start, node.style or "")


def library_text(name: str, value: str) -> Text:
    """A condition that lives in Python source (the moment library), not in a file."""
    return Text(value, SourceFile(name, value), 0, "")


def _align(text: str, start: int, value: str, style: str) -> list[int]:
    """Offsets of each value character in `text` (plus one past the end), best effort."""
    if style in ("'", '"'):
        j = start + 1
    elif style in ("|", ">"):
        nl = _BREAK.search(text, start)
        j = nl.end() if nl else start
    else:
        j = start
    if not style and text.startswith(value, j):  # plain one-line scalar: exact
        return list(range(j, j + len(value) + 1))
    out = []
    n = len(text)
    for c in value:
        k, found = j, False
        while k < n and k < j + 12:
            t = text[k]
            if t == c or (c.isspace() and (t.isspace() or t == "\\")):
                found = True
                break
            k += 1
        k = k if found else min(j, n - 1 if n else 0)
        out.append(k)
        j = k + 1 if found else j
    out.append(out[-1] + 1 if out else j)
    return out
