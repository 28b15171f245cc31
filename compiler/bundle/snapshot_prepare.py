"""Run inside Pyodide at build time, just before the booted engine's memory is snapshotted.

Drops from the heap what the shopper's engine never reads, so the snapshot ships smaller:
the line tables of library code (the standard library, Pyodide's own Python, Jinja2 and
MarkupSafe) become one entry per eight code units, all pointing at the function's first
line. Tracebacks through library frames still name the file and function; the engine's own
code (rules, templates) keeps exact lines, which rule errors are mapped through. Last, it
forgets zipimport's index of the standard library's zip, so the restored engine reads
whichever zip the worker mounts: the few modules the snapshot has not imported, written to
RESIDUAL here. compiler/prebake.mjs runs this file in Pyodide, then calls prepare() (and, in
its record step, imported_from(): the stdlib is trimmed by the same test of what was imported).
"""

import gc
import json
import random
import sys
import types
import zipfile
import zipimport

RESIDUAL = "/tmp/snapshot-stdlib.zip"
NO_COLUMNS = 13  # PY_CODE_LOCATION_INFO_NO_COLUMNS: CPython's InternalDocs/locations.md


def first_line_table(code: types.CodeType) -> bytes:
    """A location table mapping every code unit of `code` (inline caches too) to its first line."""
    units = len(code.co_code) // 2
    table = bytearray()
    while units:
        length = min(8, units)
        units -= length
        table += bytes((0x80 | NO_COLUMNS << 3 | (length - 1), 0))  # line delta 0
    return bytes(table)


def compact(code: types.CodeType, done: dict[int, types.CodeType]) -> types.CodeType:
    """`code` with first-line tables, nested code objects included, each made once."""
    # Keyed by id: only code objects alive before compacting began are looked up, so a
    # replaced one that dies meanwhile cannot hand its id to one of them. Not keeping the
    # originals alive lets each be freed as soon as its function moves on (4.5 MB less heap).
    if id(code) not in done:
        consts = tuple(compact(c, done) if isinstance(c, types.CodeType) else c
                       for c in code.co_consts)
        done[id(code)] = code.replace(co_linetable=first_line_table(code), co_consts=consts)
    return done[id(code)]


def compact_library_code(library: tuple[str, ...]) -> int:
    """Give every function whose file starts with `library` compacted code; how many."""
    done: dict[int, types.CodeType] = {}
    changed = 0
    for function in gc.get_objects():
        if isinstance(function, types.FunctionType) and function.__code__.co_filename.startswith(library):
            function.__code__ = compact(function.__code__, done)
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


def write_residual(stdlib: str, names: list[str]) -> None:
    """The zip of `names` from `stdlib` at RESIDUAL: stored, in order, dated 1980."""
    with zipfile.ZipFile(stdlib) as source, zipfile.ZipFile(RESIDUAL, "w") as residual:
        for name in names:
            residual.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), source.read(name))


def prepare() -> str:
    """Do all of the above to the running engine; JSON of what was done."""
    stdlib = stdlib_zip()
    functions = compact_library_code((stdlib + "/", "<frozen ", "jinja2/", "markupsafe/"))
    # No build-time randomness in the snapshot, and no garbage for the zeroing to miss.
    for generator in gc.get_objects():
        if isinstance(generator, random.Random):
            generator.seed(0)
    gc.collect()
    missing = not_imported(stdlib)
    write_residual(stdlib, missing)
    # Last, and nothing may import after it (importlib.invalidate_caches() would: it imports
    # importlib.metadata, through the zip, re-reading the very index it had just dropped).
    zipimport._zip_directory_cache.pop(stdlib, None)
    return json.dumps({"missing": missing, "functions": functions})
