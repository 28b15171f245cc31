"""Bundle files -> content hashes, cached brotli/gzip sizes, manifest.json and the script tag."""

import base64
import gzip
import hashlib
import json
import os

import brotli
import zstandard

from ..paths import CACHE

COMPRESS_CACHE = CACHE / "compress"
PYODIDE_VERSION = "314.0.7"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tree_hash(files: dict[str, bytes]) -> str:
    """One hash of a set of files (path -> bytes): names a folder or version by its content."""
    return sha256(b"".join(sha256(d).encode() + p.encode() for p, d in sorted(files.items())))


def zstd_level(quality: int) -> int:
    """The zstd level that goes with a brotli quality: 19 for 11 (a release), else a fast one."""
    return 19 if quality >= 11 else quality + 4


def brotli_settings(size: int) -> list[dict]:
    """The windows and input block sizes (log2 bytes) brotli tries for `size` bytes. Not
    monotonic: Pyodide's wasm is 54 KB smaller at window 21 and blocks of 64 KB than at the
    defaults for 24 (the block splitting differs); the engine snapshot is 3 % smaller at 24
    (RFC 7932's largest, which every browser decodes) than at 22. The snapshot, larger than
    any window, is only tried at 24 with brotli's own block size."""
    if size > 1 << 24:
        return [{"lgwin": 24}]
    # Of windows 21-24 x blocks (brotli's own, 64 KB), window 21 with 64 KB blocks was the
    # smallest for the wasm and pyodide.asm.mjs and 24 for most small files; trying all eight
    # cost a fresh machine's first build 4 minutes (CI builds fresh) for no more bytes saved.
    return [{"lgwin": 24}, {"lgwin": 21, "lgblock": 16}]


def compressed(data: bytes, kind: str, quality: int = 11) -> bytes:
    """Brotli (quality 11, the smallest of brotli_settings), gzip (level 9) or zstd (level 19)
    of `data`, cached by content: the wasm takes minutes."""
    path = COMPRESS_CACHE / f"{sha256(data)}.{kind}-q{quality}{'w24w21b16' if kind == 'br' else ''}"
    if path.exists():
        return path.read_bytes()
    if kind == "br":
        out = min((brotli.compress(data, quality=quality, **settings)
                   for settings in brotli_settings(len(data))), key=len)
    elif kind == "zst":  # one frame with its content size: the worker decodes it in one go
        out = zstandard.ZstdCompressor(level=zstd_level(quality), write_content_size=True).compress(data)
    else:
        out = gzip.compress(data, compresslevel=min(9, quality), mtime=0)
    COMPRESS_CACHE.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    partial.write_bytes(out)
    os.replace(partial, path)  # never a truncated cache entry, even if the build is killed
    return out


def script_tag(kernel_name: str, kernel_js: bytes, prefix: str = "/kairos/") -> str:
    integrity = "sha384-" + base64.b64encode(hashlib.sha384(kernel_js).digest()).decode()
    return (f'<script async src="{prefix}{kernel_name}" integrity="{integrity}" '
            f'crossorigin="anonymous"></script>')


def manifest(files: dict[str, bytes], kernel_name: str, base: str, progress,
             quality: int = 11, qa: bool = False) -> bytes:
    """manifest.json: the script tag and, per file, sha256 and raw / gzip / brotli sizes; a
    zstd copy (`copy_of`) and its original (`zstd`: the copy's size) name each other; `qa` says
    whether QA links (forced variants, previews) work with this bundle."""
    progress(f"compressing (brotli {quality}, gzip; cached by content)")
    entries = []
    for name in sorted(files):
        data = files[name]
        entry = {"name": name, "sha256": sha256(data), "size": len(data),
                 "brotli": len(compressed(data, "br", quality)),
                 "gzip": len(compressed(data, "gz", quality))}
        if name.endswith(".zst") and name[:-4] in files:  # wire.py's copy for plain hosts
            entry["copy_of"] = name[:-4]
        elif f"{name}.zst" in files:
            entry["zstd"] = len(files[f"{name}.zst"])
        entries.append(entry)
    body = {
        "manifest_version": 1,
        "kernel": kernel_name,
        "script_tag": script_tag(kernel_name, files[kernel_name], base),
        "pyodide_version": PYODIDE_VERSION,
        "qa": qa,
        "files": entries,
        # The zstd copies replace their originals on a plain host; they are not counted twice.
        "totals": {key: sum(e[key] for e in entries if "copy_of" not in e)
                   for key in ("size", "gzip", "brotli")},
    }
    return (json.dumps(body, indent=1, sort_keys=True) + "\n").encode()


def first_visit_files(manifest: dict) -> list[dict]:
    """The files a first visit fetches (snapshot path when the build has one)."""
    names = {e["name"] for e in manifest["files"]}
    snapshot = any(n.endswith("/engine.snapshot") for n in names)
    out = []
    for entry in manifest["files"]:
        name = entry["name"]
        if ("copy_of" in entry or name in ("ir.json", "manifest.json") or "kairos-unzstd." in name
                or name.startswith("kairos-debug.")):  # only a tester's overlay fetches it
            continue
        if snapshot and name.endswith(("python_stdlib.zip", ".whl")):
            continue
        if not snapshot and name.endswith("snapshot-stdlib.zip"):
            continue
        out.append(entry)
    return out
