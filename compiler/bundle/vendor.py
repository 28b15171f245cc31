"""Third-party wheels: PyPI -> .cache/wheels. For the browser Jinja2 and a pure-Python MarkupSafe;
for the build, micropip and packaging (Pyodide under Node installs our wheels with them)."""

import os
import subprocess
import sys
from pathlib import Path

from ..paths import CACHE as CACHE_ROOT
from .errors import VendorFailed

CACHE = CACHE_ROOT / "wheels"

# name -> (version, import names, dependencies). Jinja2 is pinned to the version the build
# uses to precompile templates (pyproject.toml), so compiled templates match the runtime.
WHEELS = {
    "jinja2": ("3.1.6", ["jinja2"], ["markupsafe"]),
    "markupsafe": ("3.0.3", ["markupsafe"], []),
}


# Build-time only, never shipped: name -> version (micropip needs packaging).
TOOLS = {"micropip": "0.11.1", "packaging": "26.4"}


def wheel_path(name: str) -> Path:
    version = WHEELS[name][0] if name in WHEELS else TOOLS[name]
    return CACHE / f"{name}-{version}-py3-none-any.whl"


def ensure_tools() -> dict[str, Path]:
    """Paths of the build's own wheels (micropip and packaging), fetched once."""
    CACHE.mkdir(parents=True, exist_ok=True)
    for name, version in TOOLS.items():
        if not wheel_path(name).exists():
            _pip("download", "--quiet", "--no-deps", "--only-binary=:all:", "-d", str(CACHE),
                 f"{name}=={version}")
    missing = [name for name in TOOLS if not wheel_path(name).exists()]
    if missing:
        raise VendorFailed(f"wheels missing after fetching: {', '.join(missing)}")
    return {name: wheel_path(name) for name in TOOLS}


def _pip(*args: str, env: dict | None = None) -> None:
    done = subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True,
                          env=env, check=False)
    if done.returncode != 0:
        raise VendorFailed(f"pip {' '.join(args)} failed:\n{done.stderr[-2000:]}")


def ensure_wheels() -> dict[str, Path]:
    """Paths of every vendored wheel, fetching or building the missing ones once."""
    CACHE.mkdir(parents=True, exist_ok=True)
    if not wheel_path("jinja2").exists():
        _pip("download", "--quiet", "--no-deps", "--only-binary=:all:", "-d", str(CACHE),
             f"jinja2=={WHEELS['jinja2'][0]}")
    if not wheel_path("markupsafe").exists():
        # PyPI has no pure-Python MarkupSafe wheel. Building the sdist with no C compiler
        # (CC=false) makes MarkupSafe fall back to its pure-Python speedups: a py3-none-any
        # wheel that runs in Pyodide. SOURCE_DATE_EPOCH keeps the wheel's bytes reproducible.
        env = dict(os.environ, CC="false", SOURCE_DATE_EPOCH="315532800")
        _pip("wheel", "--quiet", "--no-deps", "--no-binary=markupsafe", "-w", str(CACHE),
             f"markupsafe=={WHEELS['markupsafe'][0]}", env=env)
    missing = [name for name in WHEELS if not wheel_path(name).exists()]
    if missing:
        raise VendorFailed(f"wheels missing after fetching: {', '.join(missing)}")
    return {name: wheel_path(name) for name in WHEELS}
