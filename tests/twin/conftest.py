"""Twin fixtures: the runtime's Python importable (twin_renderer lives in tests/conftest.py)."""

import analytics  # noqa: F401  (puts runtime/kernel and runtime/engine on sys.path)
