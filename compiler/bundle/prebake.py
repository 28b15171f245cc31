"""Prebake: wheels + lock -> sourceless wheels, a trimmed stdlib and an engine memory snapshot.

Each step runs the bundle's own Python in Pyodide under Node (compiler/prebake.mjs), because
only Pyodide's interpreter can write bytecode for its Python version, know what its boot path
imports, and snapshot its own memory. Results are cached by the hash of their inputs, so a
rebuild of unchanged rules costs nothing and two builds are byte-identical.
"""

import base64
import hashlib
import io
import json
import subprocess
import tempfile
import zipfile
from pathlib import Path

from ..paths import CACHE as CACHE_ROOT
from ..paths import ENGINE_DIR, PYODIDE_DIR
from . import vendor
from .errors import PrebakeFailed
from .wheel import record, write_zip

SCRIPT = Path(__file__).with_name("prebake.mjs")
# The snapshot's shipping encoding, shared with the worker that decodes it.
CODEC = ENGINE_DIR / "snapshotCodec.js"
# What the engine drops just before its memory is snapshotted, and which stdlib files it
# imported (run in Pyodide by SCRIPT).
PREPARE = Path(__file__).with_name("snapshot_prepare.py")
CACHE = CACHE_ROOT / "prebake"
# Always kept in the trimmed stdlib, whatever the recording saw: the codecs Python may look up
# by name at run time, and the modules tracebacks need to format an engine error.
ALWAYS = ("encodings/__init__.py", "encodings/aliases.py", "encodings/utf_8.py",
          "encodings/ascii.py", "encodings/latin_1.py", "linecache.py", "traceback.py",
          "tokenize.py", "token.py")


def _key(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:24]


def _node(step: str, work: Path, files: dict[str, bytes], wheels: list[str],
          packages: list[str], tools: list[str] = ()) -> dict:
    for name, data in files.items():
        (work / name).write_bytes(data)
    job = {"step": step, "pyodide_dir": str(PYODIDE_DIR), "work_dir": str(work),
           "wheels": wheels, "packages": packages, "tools": list(tools)}
    (work / "job.json").write_text(json.dumps(job))
    done = subprocess.run(["node", str(SCRIPT), str(work / "job.json")], capture_output=True,
                          text=True, timeout=600, check=False)
    if done.returncode != 0:
        raise PrebakeFailed(f"prebake {step} failed:\n{done.stderr[-3000:]}")
    return json.loads((work / "result.json").read_text())


def _cached(step: str, key: str, make) -> dict[str, bytes]:
    """The files of a prebake step from the cache, making them once."""
    folder = CACHE / f"{step}-{key}"
    if not folder.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
            made = make(Path(tmp))
            staging = Path(tmp) / "out"
            staging.mkdir()
            for name, data in made.items():
                (staging / name).write_bytes(data)
            try:
                staging.rename(folder)  # atomic; a concurrent build may have made it first
            except OSError:
                if not folder.is_dir():
                    raise
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def _repack(wheel: bytes, compiled: dict[str, bytes]) -> bytes:
    """The same wheel with each `.py` replaced by its `.pyc`, RECORD rewritten, deterministic."""
    entries = {}
    with zipfile.ZipFile(io.BytesIO(wheel)) as archive:
        for name in archive.namelist():
            if name.endswith("/RECORD") or name.endswith("/"):
                continue
            if name.endswith(".py") and name + "c" in compiled:
                entries[name + "c"] = compiled[name + "c"]
            else:
                entries[name] = archive.read(name)
        record_name = next(n for n in archive.namelist() if n.endswith(".dist-info/RECORD"))
    entries[record_name] = record(entries, record_name)
    # Stored, not deflated: bytecode deflates poorly inside a zip but the server's brotli
    # compresses the whole stored archive well (about half the bytes on the wire).
    return write_zip(entries, stored=True)


def compile_wheels(wheels: dict[str, bytes], lock: bytes) -> dict[str, bytes]:
    """Sourceless copies of `wheels` (name -> bytes): bytecode for Pyodide's Python 3.14."""
    key = _key(lock, SCRIPT.read_bytes(), *(wheels[name] for name in sorted(wheels)))

    def make(work: Path) -> dict[str, bytes]:
        result = _node("compile", work, {"kairos-lock.json": lock, **wheels}, sorted(wheels), [])
        return {name: _repack(wheels[name], {path: base64.b64decode(data)
                                             for path, data in result["pyc"][name].items()})
                for name in wheels}

    return _cached("pyc2", key, make)


def trim_stdlib(files: dict[str, bytes], packages: list[str]) -> bytes:
    """Pyodide's python_stdlib.zip cut down to the modules the engine's boot and use import."""
    stdlib = (PYODIDE_DIR / "python_stdlib.zip").read_bytes()
    key = _key(stdlib, SCRIPT.read_bytes(), PREPARE.read_bytes(), json.dumps([packages, ALWAYS]).encode(),
               *(files[name] for name in sorted(files)))

    def make(work: Path) -> dict[str, bytes]:
        wheels = sorted(name for name in files if name.endswith(".whl"))
        used = set(_node("record", work, files, wheels, packages)["imports"]) | set(ALWAYS)
        with zipfile.ZipFile(io.BytesIO(stdlib)) as source:
            kept = {name: source.read(name) for name in used}
        # Stored, not deflated: the server's brotli compresses Python text far better.
        return {"python_stdlib.zip": write_zip(kept, stored=True)}

    return _cached("stdlib", key, make)["python_stdlib.zip"]


def snapshot(files: dict[str, bytes]) -> dict[str, bytes]:
    """A memory snapshot of the booted, warmed-up engine, made with exactly these files, and
    the stdlib to mount with it: the few modules of `files`' stdlib the snapshot has not
    imported. {"engine.snapshot": ..., "snapshot-stdlib.zip": ...}."""
    key = _key((PYODIDE_DIR / "pyodide.asm.wasm").read_bytes(), SCRIPT.read_bytes(), CODEC.read_bytes(),
               PREPARE.read_bytes(), *(files[name] for name in sorted(files)))

    def make(work: Path) -> dict[str, bytes]:
        wheels = sorted(name for name in files if name.endswith(".whl"))
        result = _node("snapshot", work, files, wheels, [])["snapshot"]
        if result["ready"].get("type") != "ready":
            raise PrebakeFailed(f"the restored snapshot did not boot: {result}")
        return {name: (work / name).read_bytes() for name in ("engine.snapshot", "snapshot-stdlib.zip")}

    return _cached("snapshot", key, make)


def micropip_lock(wheels: dict[str, bytes]) -> dict[str, dict]:
    """micropip's lock entries (`micropip.freeze()`) for `wheels` (file name -> bytes) after it
    installed them from local files in Pyodide under Node: the check of our own lock file.

    Not used to write the lock: freeze() lists all of Pyodide's 355 other packages, names each
    wheel by the URL it was installed from, and leaves `imports` empty for wheels without a
    top_level.txt (ours and Jinja2's); see the README's choices."""
    tools = [str(path) for path in vendor.ensure_tools().values()]
    with tempfile.TemporaryDirectory() as tmp:
        packages = _node("freeze", Path(tmp), wheels, sorted(wheels), [], tools)["packages"]
    return {name: entry for name, entry in packages.items()
            if entry["file_name"].rsplit("/", 1)[-1] in wheels}
