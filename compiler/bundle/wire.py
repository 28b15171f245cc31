"""The Pyodide folder's big files -> their zstd copies, for hosts that compress nothing.

A host that serves the bundle's `.br`/`.gz` copies (or compresses on the fly) is used as it is.
One that sends a file uncompressed makes the worker fetch `NAME.zst` instead and decode it
itself (runtime/engine/wire.js): zstd because a small, fast decoder exists in JS (fzstd) and
its files are 1.04-1.09x brotli's, where gzip through the browser's DecompressionStream would
be 1.35x. The worker is told each file's raw size, which is how it recognises an uncompressed
response from its Content-Length.
"""

from .manifest import compressed

SUFFIXES = (".mjs", ".wasm", ".zip", ".whl", ".snapshot")
MIN_SIZE = 64 * 1024  # below this a second request costs more than the bytes it saves
MAX_RATIO = 0.9  # a copy that saves less than 10 % is not worth the decoding


def zstd_copies(files: dict[str, bytes], quality: int = 11) -> tuple[dict[str, bytes], dict[str, int]]:
    """({NAME.zst: bytes}, {NAME: raw size}) for the files worth a copy, in name order."""
    copies, sizes = {}, {}
    for name in sorted(files):
        data = files[name]
        if not name.endswith(SUFFIXES) or len(data) < MIN_SIZE:
            continue
        packed = compressed(data, "zst", quality)
        if len(packed) <= len(data) * MAX_RATIO:
            copies[f"{name}.zst"] = packed
            sizes[name] = len(data)
    return copies, sizes
