"""Run inside Pyodide at build time, just before the booted engine's memory is snapshotted.

Drops from the heap what the shopper's engine never reads, so the snapshot ships smaller:
the modules of UNUSED, with every name bound to them or to what they define; the warm-up's
garbage; in library code (the standard library, Pyodide's own Python, Jinja2 and MarkupSafe),
line tables become one entry per eight code units, all pointing at the function's first line,
and functions lose their docstrings and annotations; modules lose their docstrings.
Tracebacks through library frames still name the file and function; the engine's own code
(rules, templates) keeps exact lines, which rule errors are mapped through.
Last, it forgets zipimport's index of the standard library's zip, so the restored engine reads
whichever zip the worker mounts: the few modules the snapshot has not imported, written to
RESIDUAL here. compiler/prebake.mjs runs this file in Pyodide, then calls prepare() (and, in
its record step, imported_from(): the stdlib is trimmed by the same test of what was imported).
"""

import ast
import gc
import io
import json
import marshal
import opcode
import random
import sys
import tokenize
import types
import zipfile
import zipimport

RESIDUAL = "/tmp/snapshot-stdlib.zip"
NO_COLUMNS = 13  # PY_CODE_LOCATION_INFO_NO_COLUMNS: CPython's InternalDocs/locations.md
CO_HAS_DOCSTRING = 0x4000000  # CPython 3.14's Include/cpython/code.h: co_consts[0] is the docstring
# What only Pyodide's package loader imports (unpacking archives, reading and registering
# distributions, importlib.invalidate_caches()): the normal boot's, which the record step saw.
# The restored engine loads no package (its own are in the snapshot; a refused snapshot falls
# back to a boot that mounts the whole trimmed stdlib), so they stay out of its residual
# stdlib: 20 KB of its 22 KB brotli, tarfile alone 98 KB of source.
LOADER_ONLY = ("tarfile.py", "importlib/metadata/", "email/")
# Modules the restored engine never runs: imported by its boot alone (Jinja2's package imports
# them all), 0.15 MB of the snapshot's brotli. Not in the residual stdlib either: nothing the
# engine runs imports them (of what stays, only pathlib's as_uri and a logger's pickling
# would), and Jinja2's files are not on the restored file system at all.
UNUSED = (
    # Jinja2's template compiler: the snippets were compiled at build time (templates.py) and
    # loaded at boot; rendering runs jinja2.runtime, filters, tests, utils and nodes' EvalContext.
    "jinja2.compiler", "jinja2.parser", "jinja2.lexer", "jinja2.optimizer", "jinja2.idtracking",
    "jinja2.visitor", "jinja2._identifier",
    # Its bytecode cache (pickle, hashlib) and ModuleLoader's template keys (hashlib's sha1):
    # templates compiled in the browser and loaded after boot, neither of which happens.
    "jinja2.bccache", "pickle", "_pickle", "_compat_pickle", "hashlib", "_blake2", "_md5",
    "_sha1", "_sha3",
    # What jinja2.utils imports for the urlencode filter alone (templates.py refuses it), and
    # ipaddress, which only urllib.parse imports.
    "urllib", "urllib.parse", "ipaddress",
    # What asyncio imports for TLS over sockets, which Pyodide's event loop has none of: its
    # modules then see ssl as None, as on a Python built without it. (_ssl, Pyodide's C module,
    # stays: the interpreter keeps its types anyway.)
    "ssl",
)


def first_line_table(code: types.CodeType) -> bytes:
    """A location table mapping every code unit of `code` (inline caches too) to its first line."""
    units = len(code.co_code) // 2
    table = bytearray()
    while units:
        length = min(8, units)
        units -= length
        table += bytes((0x80 | NO_COLUMNS << 3 | (length - 1), 0))  # line delta 0
    return bytes(table)


def loads_const(code: types.CodeType, index: int) -> bool:
    """Whether an instruction of `code` loads its constant number `index`."""
    raw, arg = code.co_code, 0
    for offset in range(0, len(raw), 2):
        arg = arg << 8 | raw[offset + 1]
        if raw[offset] == opcode.opmap["EXTENDED_ARG"]:
            continue
        if raw[offset] in opcode.hasconst and arg == index:
            return True
        arg = 0
    return False


def without_docstring(code: types.CodeType) -> tuple:
    """`code`'s constants, its docstring (unless an instruction also loads it) made None."""
    consts = code.co_consts
    if code.co_flags & CO_HAS_DOCSTRING and consts[0] is not None and not loads_const(code, 0):
        return (None, *consts[1:])
    return consts


def compact(code: types.CodeType, done: dict[int, types.CodeType]) -> types.CodeType:
    """`code` with first-line tables, nested code objects included, each made once."""
    # Keyed by id: only code objects alive before compacting began are looked up, so a
    # replaced one that dies meanwhile cannot hand its id to one of them. Not keeping the
    # originals alive lets each be freed as soon as its function moves on (4.5 MB less heap).
    if id(code) not in done:
        consts = tuple(compact(c, done) if isinstance(c, types.CodeType) else c
                       for c in without_docstring(code))
        done[id(code)] = code.replace(co_linetable=first_line_table(code), co_consts=consts)
    return done[id(code)]


def compact_library_code(library: tuple[str, ...]) -> int:
    """Give every function whose file starts with `library` compacted code, no docstring and
    no annotations; how many.

    The engine runs at -OO, whose promise is no docstrings: only the modules frozen into
    Python (os, codecs, importlib's bootstrap) were compiled with theirs. Annotations are read
    by introspection alone (typing.get_type_hints, inspect); a library function's are never
    asked for by the engine, and each is a function and a code object of its own: 1,100 of
    them, 43 KB of the snapshot's brotli."""
    done: dict[int, types.CodeType] = {}
    changed = 0
    for function in gc.get_objects():
        if isinstance(function, types.FunctionType) and function.__code__.co_filename.startswith(library):
            function.__code__ = compact(function.__code__, done)
            function.__doc__ = None
            function.__annotate__ = None
            changed += 1
    return changed


def stdlib_zip() -> str:
    """The path of the standard library zip Pyodide mounted."""
    return next(path for path in sys.path if path.endswith(".zip"))


def imported_from(stdlib: str) -> set[str]:
    """Entries of the standard library zip `stdlib` that imported modules came from (also
    what the prebake's record step trims the stdlib to)."""
    prefix = stdlib + "/"
    origins = (getattr(getattr(m, "__spec__", None), "origin", None) for m in list(sys.modules.values()))
    return {origin[len(prefix):] for origin in origins if origin and origin.startswith(prefix)}


def not_imported(stdlib: str) -> list[str]:
    """Entries of the standard library zip `stdlib` that no imported module came from."""
    imported = imported_from(stdlib)
    with zipfile.ZipFile(stdlib) as archive:
        return sorted(name for name in archive.namelist() if not name.endswith("/") and name not in imported)


def blanked(source: bytes, filename: str) -> bytes:
    """`source` without its comments and with its docstrings' text blanked (their quotes and
    line breaks stay), if it then compiles at -OO to the very same code, positions included:
    what a traceback shows of it is all that differs. Else `source` as it is."""
    try:
        result = _blank(source)
    except (SyntaxError, UnicodeDecodeError, tokenize.TokenError):
        return source
    same = marshal.dumps(compile(result, filename, "exec", optimize=2, dont_inherit=True)) == \
        marshal.dumps(compile(source, filename, "exec", optimize=2, dont_inherit=True))
    return result if same else source


def _blank(source: bytes) -> bytes:
    text = source.decode()
    lines = text.splitlines(keepends=True)
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.COMMENT:
            row, column = token.start
            lines[row - 1] = lines[row - 1][:column].rstrip() + _ending(lines[row - 1])
    for doc in _docstrings(source):
        # ast's columns count UTF-8 bytes; the lines are text.
        first = len(lines[doc.lineno - 1].encode()[:doc.col_offset].decode())
        end = len(lines[doc.end_lineno - 1].encode()[:doc.end_col_offset].decode())
        literal = lines[doc.lineno - 1][first:]
        quotes = 3 if literal.lstrip("rRuU")[:3] in ('"""', "'''") else 1
        start = first + len(literal) - len(literal.lstrip("rRuU")) + quotes  # past prefix, quotes
        for row in range(doc.lineno - 1, doc.end_lineno):
            line = lines[row]
            left = start if row == doc.lineno - 1 else 0
            right = end - quotes if row == doc.end_lineno - 1 else len(line) - len(_ending(line))
            lines[row] = line[:left] + " " * (right - left) + line[right:]
    return "".join(lines).encode()


def _ending(line: str) -> str:
    return line[len(line.rstrip("\r\n")):]


def _docstrings(source: bytes) -> list[ast.Expr]:
    """The docstring statements of `source`'s module, classes and functions."""
    found = []
    for node in ast.walk(ast.parse(source, optimize=0)):  # not -OO's AST: it has no docstrings
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            doc = node.body[0]
            if isinstance(doc, ast.Expr) and isinstance(getattr(doc.value, "value", None), str):
                found.append(doc)
    return found


def write_residual(stdlib: str, names: list[str], blank: bool = False) -> None:
    """The zip of `names` from `stdlib` at RESIDUAL: stored, in order, dated 1980; with `blank`,
    the sources blanked (a third less brotli; compiler/prebake.mjs asks for it only once the
    snapshot is taken: parsing and compiling them leaves megabytes of garbage)."""
    with zipfile.ZipFile(stdlib) as source, zipfile.ZipFile(RESIDUAL, "w") as residual:
        for name in names:
            data = source.read(name)
            if blank and name.endswith(".py"):
                data = blanked(data, f"{stdlib}/{name}")
            residual.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data)


def blank_residual(names: list[str]) -> str:
    """Write RESIDUAL again, the sources of `names` blanked; JSON of how many files."""
    write_residual(stdlib_zip(), names, blank=True)
    return json.dumps(len(names))


def stream_buffers() -> list[list[int]]:
    """[address, size of the object, size of its buffer] of each buffered standard stream, its
    written data flushed: what is left in those buffers is dead bytes (garbage malloc handed
    out), which compiler/prebake.mjs zeroes. Nothing has ever read the standard input."""
    found = {}
    for stream in (sys.stdin, sys.stdout, sys.stderr, sys.__stdin__, sys.__stdout__, sys.__stderr__):
        if stream is not None and not stream.closed:
            if stream.writable():
                stream.flush()
            buffered = getattr(stream, "buffer", None)
            if buffered is not None:
                basic = type(buffered).__basicsize__
                found[id(buffered)] = [id(buffered), basic, buffered.__sizeof__() - basic]
    return sorted(found.values())


def drop_modules(names: tuple[str, ...]) -> list[str]:
    """Forget the modules `names`: out of sys.modules, and every name bound to one of them
    (made None) or to a class or function one defines, in the modules and classes left; the
    names unbound.
    Raises if, garbage collected, any function or class of theirs is still alive: something
    left would still run them."""
    dropped = {name for name in names if sys.modules.pop(name, None) is not None}

    def theirs(value: object) -> bool:
        if isinstance(value, types.ModuleType):
            return value.__name__ in dropped
        return (isinstance(value, (type, types.FunctionType, types.BuiltinFunctionType))
                and getattr(value, "__module__", None) in dropped)

    unbound = []
    for module_name, module in list(sys.modules.items()):
        namespace = getattr(module, "__dict__", None)
        if not isinstance(namespace, dict):
            continue
        for name, value in list(namespace.items()):
            if theirs(value):
                # A name for the module itself becomes None, as `try: import ssl` / `except
                # ImportError: ssl = None` leaves it (asyncio's way to run without ssl).
                if isinstance(value, types.ModuleType):
                    namespace[name] = None
                else:
                    del namespace[name]
                unbound.append(f"{module_name}.{name}")
            elif isinstance(value, type) and value.__module__ == module_name:
                for attribute, member in list(vars(value).items()):
                    if theirs(member):
                        delattr(value, attribute)
                        unbound.append(f"{module_name}.{name}.{attribute}")
    # typing keeps classes and functions of theirs too: its caches of generic aliases
    # (typing.Tuple[lexer.Failure]) and its registry of @overload stubs, which only
    # typing.get_overloads() reads (clear_overloads() is its public way to reclaim the memory).
    typing = sys.modules.get("typing")
    if typing is not None:
        for clear in typing._cleanups:
            clear()
        typing.clear_overloads()
    gc.collect()
    alive = sorted({f"{thing.__module__}.{thing.__qualname__}" for thing in gc.get_objects()
                    if isinstance(thing, (type, types.FunctionType))
                    and getattr(thing, "__module__", None) in dropped})
    if alive:
        raise RuntimeError(f"the snapshot would keep code of dropped modules: {alive[:5]}")
    return unbound


def prepare() -> str:
    """Do all of the above to the running engine; JSON of what was done."""
    stdlib = stdlib_zip()
    imported = imported_from(stdlib)
    unbound = drop_modules(UNUSED)
    # The warm-up's garbage first (its error paths leave reference cycles): compacting it
    # would be wasted work, and its freed memory is where the compacted code then goes,
    # packed among the live objects rather than scattered past them (-23 KB brotli).
    gc.collect()
    functions = compact_library_code((stdlib + "/", "<frozen ", "jinja2/", "markupsafe/"))
    # Frozen and C modules keep a docstring -OO does not reach (sys's alone is 3.5 KB).
    for module in list(sys.modules.values()):
        if isinstance(getattr(module, "__doc__", None), str):
            module.__doc__ = None
    # No build-time randomness in the snapshot, and no garbage for the zeroing to miss.
    for generator in gc.get_objects():
        if isinstance(generator, random.Random):
            generator.seed(0)
    gc.collect()
    # What the engine has not imported, not what it dropped, nor what only loads packages.
    missing = [name for name in not_imported(stdlib)
               if name not in imported and not name.startswith(LOADER_ONLY)]
    write_residual(stdlib, missing)
    # Last, and nothing may import after it (importlib.invalidate_caches() would: it imports
    # importlib.metadata, through the zip, re-reading the very index it had just dropped).
    zipimport._zip_directory_cache.pop(stdlib, None)
    return json.dumps({"missing": missing, "functions": functions, "unbound": unbound,
                       "buffers": stream_buffers()})
