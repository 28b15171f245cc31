"""Rule file text -> YAML node tree (PyYAML compose), or one diagnostic at the line to fix.

PyYAML says where reading failed (the problem mark) and, for a construct left open, where that
began (the context mark). A person fixes the opening: an unclosed `{`, `[` or quote is reported
where it opens, with the failure point as a note; an indentation slip is measured against the
keys above it; a missing space or colon is reported on its own line, not on the next one.
"""

from __future__ import annotations

import functools
import re

import yaml

from .errors import ERROR, MAX_PER_FILE, Diagnostic, Note, Span
from .source import SourceFile

_FAST = getattr(yaml, "CSafeLoader", None)
# libyaml's composer recurses in C and crashes the process on absurdly deep nesting;
# texts that could nest deeper than this go through the pure-Python composer.
_C_DEPTH_LIMIT = 5000

_KEY_LINE = re.compile(r"(\s*)(-\s+)?([A-Za-z_][\w-]*):(?:\s|$)")
_KEY_ALONE = re.compile(r"\s*(?:-\s+)?[A-Za-z_][\w-]*:\s*")
_KEY_VALUE = re.compile(r"\s*(?:-\s+)?[A-Za-z_][\w-]*:\s+[^\s#]")
_GLUED = re.compile(r"\s*(?:-\s+)?([A-Za-z_][\w-]*):([\w\"'(\[{!].*)")
_NO_COLON = re.compile(r"\s*(?:-\s+)?([A-Za-z_][\w-]*)\s+(\S.*)")
_DASH_GLUED = re.compile(r"\s*-([A-Za-z_][\w-]*):")
_QUOTED_VALUE = re.compile(r"\s*(?:-\s+)?([A-Za-z_][\w-]*):\s+(\"[^\"]*\"\s*\S.*|'[^']*'\s*\S.*)")
_CLOSERS = {"{": "}", "[": "]"}
_PARENTS = ("rules", "moments", "show", "params", "schedule", "variants")  # keys that hold keys
_WHAT = {"{": "mapping", "[": "list"}
_HINTS = [
    ("mapping values are not allowed here", "unexpected `:`; a value that contains `: ` must be "
                                            "quoted"),
    ("sequence entries are not allowed here", "a value cannot start with `- ` on the line of "
                                              "its key; remove it, or put the value in quotes"),
    ("could not find expected ':'", "expected `key: value` on this line"),
    ("expected a single document", "a rule file holds one document; remove `---`"),
    ("found duplicate anchor", "this anchor is defined twice"),
    ("found undefined alias", "`*` starts an alias in YAML; put the value in quotes"),
    ("found unknown escape character", "this `\\` is not an escape YAML knows; use single "
                                       "quotes around the value instead"),
]  # fmt: skip


def _depth_bound(text: str) -> int:
    flow = text.count("[") + text.count("{")
    block = 0
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip(" "))
        block = max(block, indent + line.count("- ") + line.count("? ") + line.count(": "))
    return flow + block


def _tabs(src: SourceFile) -> list[Diagnostic]:
    out = []
    for i, line in enumerate(src.lines):
        lead = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in lead and line.strip():
            col = lead.index("\t")
            span = Span(src.path, i + 1, col + 1, col + 2, line)
            near = _ancestors(src, i) if len(out) < MAX_PER_FILE else []  # the rest is not shown
            keys = [(c, n, k) for c, n, k, dash in near if not dash]
            fix = (f"replace the indentation with {keys[0][0]} spaces, like `{keys[0][2]}:` on "
                   f"line {keys[0][1] + 1}" if keys else "replace the tab with spaces")
            out.append(Diagnostic(ERROR, "tab character in the indentation; YAML indents with "
                                         f"spaces only ({fix})", span))  # fmt: skip
    return out


def load(path: str, text: str) -> tuple[SourceFile, yaml.Node | None, list[Diagnostic]]:
    """Compose the YAML of a rule file; tabs and YAML syntax errors become diagnostics."""
    src = SourceFile(path, text)
    tabs = _tabs(src)
    if tabs:
        return src, None, tabs
    fast = _FAST is not None and _depth_bound(text) < _C_DEPTH_LIMIT
    try:
        node = yaml.compose(text, Loader=_FAST if fast else yaml.SafeLoader)
        return src, node, []
    except yaml.YAMLError:
        pass
    except RecursionError:
        return src, None, [Diagnostic(ERROR, "the YAML is nested too deeply", src.span(0, 1))]
    try:  # the pure-Python loader's messages and marks are the ones we translate
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        return src, node, []
    except yaml.YAMLError as e:
        return src, None, [diagnose(src, e)]
    except RecursionError:
        return src, None, [Diagnostic(ERROR, "the YAML is nested too deeply", src.span(0, 1))]


def diagnose(src: SourceFile, e: yaml.YAMLError) -> Diagnostic:
    """The diagnostic for a YAML error that stopped a rule file from being read."""
    if isinstance(e, yaml.reader.ReaderError):
        ch = e.character if isinstance(e.character, str) else chr(e.character or 0)
        msg = f"invalid character U+{ord(ch):04X} in the file; rule files are plain text"
        pos = e.position if isinstance(e.position, int) else 0
        return Diagnostic(ERROR, msg, src.span(pos, pos + 1))
    problem = getattr(e, "problem", None) or ""
    pm = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    if pm is None:
        return _at(src, 0, 0, f"invalid YAML: {problem or 'cannot read this YAML'}")
    for rule in (_quote_left_open, _flow_left_open, _stray_closer, _glued_or_no_colon,
                 _two_keys, _quoted_start, _indentation, _cannot_start):  # fmt: skip
        d = rule(src, e, problem, pm)
        if d is not None:
            return d
    message = f"invalid YAML: {problem or 'cannot read this YAML'}"
    for needle, hint in _HINTS:
        if needle in problem:
            message = f"invalid YAML: {hint}"
    if "expected <block end>" in problem or "expected <document start>" in problem:
        message = "invalid YAML: unexpected text here; check the indentation"
    return _at(src, pm.line, pm.column, message)


# -- open constructs ------------------------------------------------------------------------------
def _quote_left_open(src, e, problem, pm) -> Diagnostic | None:
    """A quote with no closing quote: at the end of the file, or closed by a later value's."""
    cm = getattr(e, "context_mark", None)
    if "while scanning a quoted scalar" in (getattr(e, "context", None) or "") and cm:
        q = _char(src, cm.line, cm.column)
        note = Note("the file ends with the quoted value still open", _span(src, pm))
        return _at(src, cm.line, cm.column, f"this `{q}` is never closed; add `{q}` at the "
                                             "end of the value", note)  # fmt: skip
    for tok in reversed(_tokens(src.text)):
        if not isinstance(tok, yaml.ScalarToken) or tok.style not in ("'", '"'):
            continue
        a, b = tok.start_mark, tok.end_mark
        if a.line >= b.line or (a.line, a.column) > (pm.line, pm.column):
            continue
        if any(_KEY_LINE.match(src.lines[n]) for n in range(a.line + 1, b.line + 1)):
            q = _char(src, a.line, a.column)
            note = Note(f"the value only ends at this `{q}`", _span(src, b, back=1))
            return _at(src, a.line, a.column, f"this `{q}` is never closed on its line, so the "
                                               "value runs on into the lines below; add "
                                               f"`{q}` at the end of the value", note)  # fmt: skip
        break
    return None


def _flow_left_open(src, e, problem, pm) -> Diagnostic | None:
    """`{ snippet: x, placement: modal` with no `}` (or a `]` missing)."""
    context = getattr(e, "context", None) or ""
    cm = getattr(e, "context_mark", None)
    if "while parsing a flow" not in context or not problem.startswith("expected ','"):
        return None
    if "flow node" in context or cm is None:
        opened = _open_brackets(src.text, pm)
        if not opened:
            return None
        cm = opened[-1]
    bracket = _char(src, cm.line, cm.column)
    if bracket not in _CLOSERS:
        return None
    close, what = _CLOSERS[bracket], _WHAT[bracket]
    line = src.lines[cm.line]
    comment = re.search(r"\s(#[^,\]}]*)", line[cm.column :])
    if comment and close in line[cm.column + comment.start() :]:
        value = comment.group(1).strip()
        return _at(src, cm.line, cm.column + comment.start(1),
                   f"`#` starts a comment in YAML, so the rest of this line is ignored, "
                   f"`{close}` included; remove the `#`, or put the value in quotes: "
                   f"`\"{value}\"`")  # fmt: skip
    at_end = "<stream end>" in problem
    found = _char(src, pm.line, pm.column)
    if found in ("[", "{"):
        return _at(src, pm.line, pm.column, f"this `{found}` cannot stand inside the "
                                            f"`{bracket} {close}` here; remove it, or put the "
                                            "value in quotes")  # fmt: skip
    if found in ("}", "]") and found != close:
        outer = [_char(src, m.line, m.column) for m in _open_brackets(src.text, pm)[:-1]]
        if outer and _CLOSERS.get(outer[-1]) == found:  # it closes the outer one: ours is open
            note = Note(f"the `{found}` here closes the `{outer[-1]}` around it",
                        _span(src, pm))  # fmt: skip
            return _at(src, cm.line, cm.column, f"this `{bracket}` is never closed; add "
                                                 f"`{close}` before the `{found}`", note)
        return _at(src, pm.line, pm.column, f"this `{found}` closes nothing; remove it")
    if pm.line == cm.line and not at_end and found == ":":
        word = _word_before(line, pm.column)
        if word:
            start = pm.column - len(word)
            return _at(src, pm.line, start, f"missing `,` before `{word}`; the entries of "
                                            f"a `{bracket} {close}` {what} are separated by "
                                            "commas")  # fmt: skip
    note = (Note(f"the file ends with the {what} still open", _span(src, pm)) if at_end
            else Note(f"the {what} is still open here", _span(src, pm)))  # fmt: skip
    return _at(src, cm.line, cm.column, f"this `{bracket}` is never closed; add `{close}` at "
                                         f"the end of the {what}", note)  # fmt: skip


def _stray_closer(src, e, problem, pm) -> Diagnostic | None:
    ch = _char(src, pm.line, pm.column)
    if ch not in ("}", "]") or "found '" + ch not in problem:
        return None
    return _at(src, pm.line, pm.column, f"this `{ch}` closes nothing; remove it")


# -- one line ---------------------------------------------------------------------------------------
def _glued_or_no_colon(src, e, problem, pm) -> Diagnostic | None:
    """`when:page.dwell` (no space after `:`) or `when page.dwell` (no `:`)."""
    cm = getattr(e, "context_mark", None)
    line_no = cm.line if "could not find expected ':'" in problem and cm else pm.line
    line = src.lines[min(line_no, len(src.lines) - 1)]
    if "mapping values are not" in problem and line_no > 0:
        above = _ancestors(src, line_no)
        glued = _GLUED.match(src.lines[above[0][1]]) if above else None
        if glued and not glued.group(2).startswith(("/", "{", "[")):
            i = above[0][1]
            return _at(src, i, src.lines[i].index(":", glued.start(1)),
                       f"put a space after `:`, as in `{glued.group(1)}: {glued.group(2).strip()}`")
    if "could not find expected ':'" in problem or "mapping values are not" in problem:
        m = _GLUED.match(line)
        if m and "could not find expected ':'" in problem:
            key, rest = m.group(1), m.group(2).strip()
            col = m.end(1)
            return _at(src, line_no, col, f"put a space after `:`, as in `{key}: {rest}`")
        m = _NO_COLON.match(line)
        opens = m and (m.group(2)[:1] in "{[" or "could not find expected ':'" in problem)
        if m and opens and ":" not in line[: m.end(1)]:
            key = m.group(1)
            return _at(src, line_no, m.end(1), f"add `:` after `{key}`, as in "
                                               f"`{key}: {_short(m.group(2))}`")  # fmt: skip
    if "could not find expected ':'" in problem:
        indent = len(line) - len(line.lstrip(" "))
        return _value_too_far_left(src, line_no) or _at(
            src, line_no, indent, "invalid YAML: expected `key: value` on this line")
    return None


def _two_keys(src, e, problem, pm) -> Diagnostic | None:
    """`show: snippet: review_popup`: a second key on the line of the first."""
    if "mapping values are not allowed here" not in problem:
        return None
    line = src.lines[pm.line]
    m = _KEY_LINE.match(line)
    if not m or m.end(3) >= pm.column:
        return None
    between = line[m.end(3) + 1 : pm.column].strip()
    if re.search(r"\s\?\s", between) and m.group(3) == "when":
        return _at(src, pm.line, m.end(3) + 1 + line[m.end(3) + 1 :].index("?"),
                   "a condition has no `? :`; it is true or false: write one rule for each "
                   "case")  # fmt: skip
    if not re.fullmatch(r"[A-Za-z_][\w-]*", between) or m.group(3) not in _PARENTS:
        return _at(src, pm.line, pm.column, "invalid YAML: unexpected `:`; a value that "
                                            "contains `: ` must be quoted")  # fmt: skip
    rest = line[pm.column + 1 :].strip()
    if rest.endswith("}") and "{" not in line:
        inner = f"{between}: {rest[:-1].strip()}"
        return _at(src, pm.line, pm.column - len(between),
                   f"add `{{` after `{m.group(3)}:`, as in `{m.group(3)}: {{ {_short(inner)} }}`")
    rest = _short(rest)
    return _at(src, pm.line, pm.column - len(between),
               f"`{between}:` cannot follow `{m.group(3)}:` on the same line; put "
               f"`{between}: {rest}` on a line of its own below, indented 2 more spaces")


def _quoted_start(src, e, problem, pm) -> Diagnostic | None:
    """`when: "product" == page.type`: YAML ends the value at its closing quote."""
    if "expected <block end>" not in problem:
        return None
    quoted = _QUOTED_VALUE.match(src.lines[min(pm.line, len(src.lines) - 1)])
    if not quoted:
        return None
    key, value = quoted.group(1), quoted.group(2).strip()
    example = value.replace("'", "''")
    example = example if len(example) <= 30 else example[:26].rstrip() + " ..."
    return _at(src, pm.line, quoted.start(2), "invalid YAML: a value that starts with a quote ends at "
                                        "its closing quote; wrap the whole value in single "
                                        f"quotes, as in `{key}: '{example}'`")  # fmt: skip


def _cannot_start(src, e, problem, pm) -> Diagnostic | None:
    m = re.search(r"found character '(.)' that cannot start any token", problem)
    if not m:
        return None
    ch = m.group(1)
    if ch == "`":
        return _at(src, pm.line, pm.column, "remove the backquotes around the value")
    return _at(src, pm.line, pm.column, f"a value cannot start with `{ch}` in YAML; put the "
                                        "whole value in quotes")  # fmt: skip


# -- indentation ----------------------------------------------------------------------------------
def _indentation(src, e, problem, pm) -> Diagnostic | None:
    """A key or `- ` item that lines up with nothing above it."""
    structural = ("expected <block end>", "did not find expected", "mapping values are not")
    if not any(s in problem for s in structural):
        return None
    n = pm.line
    if n >= len(src.lines):
        return None
    line = src.lines[n]
    m = _KEY_LINE.match(line) or re.match(r"(\s*)(-\s+)()", line)
    if not m or (not m.group(3) and not m.group(2)):
        return _value_too_far_left(src, n)
    col, dash = len(m.group(1)), bool(m.group(2))
    above = _ancestors(src, n)
    if above and _DASH_GLUED.match(src.lines[above[0][1]]):
        glued = _DASH_GLUED.match(src.lines[above[0][1]])
        i = above[0][1]
        return _at(src, i, src.lines[i].index("-"),
                   f"put a space after `-`: `- {glued.group(1)}:` starts a list item")
    keys = [(c, i, k) for c, i, k, d in above if not d]
    dashes = [(c, i, k) for c, i, k, d in above if d]
    shown = f"- {m.group(3)}:" if dash and m.group(3) else ("- " if dash else f"{m.group(3)}:")
    if dash and any(c == col for c, _, _ in keys):
        return _at(src, n, col, f"`- ` starts a list item, but the lines above are "
                                f"`key: value` lines; remove the `- ` before "
                                f"`{m.group(3) or 'this value'}`")  # fmt: skip
    pool = dashes if dash else keys
    if not pool:
        return None
    target, i, key = min(pool, key=lambda p: (abs(p[0] - col), -p[1]))
    if target == col:
        return None
    if col > target and not _KEY_VALUE.match(src.lines[above[0][1]]):
        return None  # deeper than a line that opens nothing to hold it: no safe guess
    like = "the `-` on line" if dash else f"`{key}:` on line"
    message = f"`{shown}` is indented by {col} spaces; indent it by {target}, like {like} {i + 1}"
    start = src.index(n, 0)
    span = src.span(start, start + max(col, 1))  # the carets show the indentation itself
    return Diagnostic(ERROR, message, span)


def _value_too_far_left(src: SourceFile, n: int) -> Diagnostic | None:
    """`when:` with its condition on the next line, not indented under it."""
    above = _ancestors(src, n)
    line = src.lines[n]
    col = len(line) - len(line.lstrip(" "))
    if not re.match(r"\s*[\w\"'(]", line) or not above or above[0][3]:
        return None
    if not _KEY_ALONE.fullmatch(src.lines[above[0][1]]):
        return None
    key_col, i, key = above[0][:3]
    if col > key_col:
        return None
    start = src.index(n, 0)
    return Diagnostic(ERROR, f"this line is the value of `{key}:` on line {i + 1}; indent it by "
                             f"{key_col + 2} spaces, more than `{key}:`",
                      src.span(start, start + max(col, 1)))  # fmt: skip


def _ancestors(src: SourceFile, n: int) -> list[tuple[int, int, str, bool]]:
    """(column, line, key, is a `- `) of the lines a line `n` could line up with, nearest first."""
    out: list[tuple[int, int, str, bool]] = []
    limit = None
    for i in range(n - 1, -1, -1):
        text = src.lines[i]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        indent = len(text) - len(text.lstrip(" "))
        if limit is not None and indent >= limit:
            continue
        m = _KEY_LINE.match(text)
        if m and m.group(2):
            out.append((indent + len(m.group(2)), i, m.group(3), False))
            out.append((indent, i, "-", True))
        elif m:
            out.append((indent, i, m.group(3), False))
        elif text.lstrip().startswith("-"):
            out.append((indent, i, "-", True))
        else:
            out.append((indent, i, text.strip()[:20], False))
        limit = indent
        if indent == 0:
            break
    return out


# -- helpers --------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)  # several rules look at the tokens of one failed file
def _tokens(text: str) -> tuple[yaml.Token, ...]:
    """The tokens the scanner read before it failed (libyaml's when present: 5x faster)."""
    out = []
    try:
        for tok in yaml.scan(text, Loader=_FAST or yaml.SafeLoader):
            out.append(tok)
    except (yaml.YAMLError, RecursionError):
        pass
    return tuple(out)


def _open_brackets(text: str, until: yaml.Mark | None = None) -> list[yaml.Mark]:
    """The `{` and `[` still open where reading stopped (or at `until`), outermost first."""
    stack: list[tuple[yaml.Mark, type]] = []
    ends = {yaml.FlowMappingStartToken: yaml.FlowMappingEndToken,
            yaml.FlowSequenceStartToken: yaml.FlowSequenceEndToken}  # fmt: skip
    for tok in _tokens(text):
        if until is not None and (tok.start_mark.line, tok.start_mark.column) >= (
            until.line, until.column
        ):
            break
        if type(tok) in ends:
            stack.append((tok.start_mark, ends[type(tok)]))
        elif type(tok) in ends.values():
            if not stack or stack[-1][1] is not type(tok):
                break  # a closer that does not match: reading stops here
            stack.pop()
    return [mark for mark, _ in stack]


def _char(src: SourceFile, line: int, col: int) -> str:
    i = src.index(line, col)
    return src.text[i] if i < len(src.text) else ""


def _word_before(line: str, col: int) -> str:
    m = re.search(r"([A-Za-z_][\w-]*)\s*\Z", line[:col])
    return m.group(1) if m else ""


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:36].rstrip() + " ..."


def _span(src: SourceFile, mark: yaml.Mark, back: int = 0):
    i = max(src.index(mark.line, mark.column) - back, 0)
    return src.span(i, i + 1)


def _at(src: SourceFile, line: int, col: int, message: str, *notes: Note) -> Diagnostic:
    i = src.index(line, col)
    span = src.span(i, i + 1)
    kept = tuple(n for n in notes if (n.span.line, n.span.col) != (span.line, span.col))
    return Diagnostic(ERROR, message, span, notes=kept)
