#!/usr/bin/env bash
# Set up a fresh machine for Kairos: Python venv with the dependency groups, the pinned npm
# packages (Pyodide, esbuild; integrity-checked by npm ci against package-lock.json), the
# vendored browser wheels, and (with --browser) Debian's Chromium. Idempotent and quick when
# nothing changed: each step keeps a stamp of the inputs it was made from.
set -euo pipefail
cd "$(dirname "$0")/.."
want_browser=0
[ "${1:-}" = "--browser" ] && want_browser=1
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

find_python() {
  # pyodide-build and dependency groups want Python 3.12+; the machine's pyenv has 3.12/3.13.
  for candidate in python3.13 python3.12 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[3-9]*/bin/python3 \
                   "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.12*/bin/python3; do
    [ -x "$candidate" ] && { echo "$candidate"; return 0; }
  done
  echo "Kairos needs Python 3.12 or newer (python3.12 / python3.13 on PATH, or pyenv)." >&2
  return 1
}

stamp_ok() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; }

# 1. Python environment.
py_inputs=$(sha256sum pyproject.toml | cut -c1-64)
if [ ! -x .venv/bin/python ]; then
  python=$(find_python)
  say "creating .venv with $python"
  "$python" -m venv .venv
fi
if ! stamp_ok .venv/.kairos-stamp "$py_inputs"; then
  say "installing Python dependencies (pyproject.toml dependency groups)"
  .venv/bin/python -m pip install --quiet --upgrade 'pip>=25.1'
  .venv/bin/python -m pip install --quiet --group dev
  echo "$py_inputs" > .venv/.kairos-stamp
fi

# 2. npm packages, exactly as locked (npm ci checks every tarball's integrity hash).
npm_inputs=$(sha256sum package-lock.json | cut -c1-64)
if ! stamp_ok node_modules/.kairos-stamp "$npm_inputs"; then
  say "installing the pinned Pyodide and esbuild (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$npm_inputs" > node_modules/.kairos-stamp
fi

# 3. The wheels the browser loads (Jinja2, pure-Python MarkupSafe) and the build's micropip, fetched or built once.
.venv/bin/python -c 'from compiler.bundle import vendor; vendor.ensure_wheels(); vendor.ensure_tools()'

# 4. A browser for the end-to-end tests.
if [ "$want_browser" = 1 ]; then
  chromium=${KAIROS_CHROMIUM:-/usr/bin/chromium}
  if [ ! -x "$chromium" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      say "installing Debian's chromium (browser downloads are not possible here)"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
      echo "No Chromium at $chromium. Install Debian's chromium (sudo apt-get install chromium)" >&2
      echo "or point the tests at one: KAIROS_CHROMIUM=/path/to/chromium make test" >&2
      exit 1
    fi
  fi
fi
