"""Bundle files -> the output folder, swapped in whole, with `.br`/`.gz` copies beside them."""

import shutil
from pathlib import Path

from .errors import BundleFailed
from .manifest import compressed

COMPRESSIBLE = (".js", ".mjs", ".json", ".wasm", ".zip", ".whl", ".snapshot")


def write(files: dict[str, bytes], out_dir: Path, quality: int = 11) -> None:
    """Replace `out_dir` with exactly `files`, plus `.br`/`.gz` copies where they pay off.

    The new bundle is written beside the old one and swapped in with two renames, so a server
    reading `out_dir` during a rebuild (`serve --watch`) never sees a half-written bundle."""
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / "manifest.json").exists():
        raise BundleFailed(f"{out_dir} is not empty and holds no Kairos bundle; not replacing it")
    staging = out_dir.with_name(out_dir.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    for name, data in files.items():
        path = staging / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if name.endswith(COMPRESSIBLE):
            for kind, suffix in (("br", ".br"), ("gz", ".gz")):
                packed = compressed(data, kind, quality)
                if len(packed) < len(data) * 0.95:
                    path.with_name(path.name + suffix).write_bytes(packed)
    old = out_dir.with_name(out_dir.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if out_dir.exists():
        out_dir.rename(old)
    staging.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)
