"""Wheels and zips: a mapping of archive paths to bytes -> deterministic archive bytes."""

import base64
import hashlib
import io
import zipfile

# Every entry gets the same timestamp so two builds of the same input are byte-identical.
FIXED_DATE = (1980, 1, 1, 0, 0, 0)


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"sha256={digest}"


def build_wheel(name: str, version: str, files: dict[str, bytes]) -> tuple[str, bytes]:
    """(file name, bytes) of a pure-Python wheel holding `files` (archive path -> content)."""
    dist = name.replace("-", "_")
    info = f"{dist}-{version}.dist-info"
    entries = dict(files)
    entries[f"{info}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
        "Requires-Dist: jinja2\n"
    ).encode()
    entries[f"{info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: kairos build.py\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    entries[f"{info}/RECORD"] = record(entries, f"{info}/RECORD")
    return f"{dist}-{version}-py3-none-any.whl", write_zip(entries, stored=False)


def record(entries: dict[str, bytes], record_name: str) -> bytes:
    """A wheel's RECORD listing `entries` (which must not include the RECORD itself)."""
    lines = [f"{path},{_record_hash(data)},{len(data)}" for path, data in sorted(entries.items())]
    return ("\n".join([*lines, f"{record_name},,"]) + "\n").encode()


def write_zip(entries: dict[str, bytes], *, stored: bool) -> bytes:
    """A zip of `entries`, sorted, every entry dated FIXED_DATE: same input, same bytes.

    `stored` skips deflate: better when the server brotli-compresses the whole file anyway.
    """
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for path in sorted(entries):
            zinfo = zipfile.ZipInfo(path, FIXED_DATE)
            zinfo.compress_type = method
            zinfo.external_attr = 0o644 << 16
            archive.writestr(zinfo, entries[path], compresslevel=None if stored else 9)
    return buffer.getvalue()
