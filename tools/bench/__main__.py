"""`python -m tools.bench`: the runtime benchmark (see tools/bench/__init__.py)."""

import sys

from .cli import main

sys.exit(main())
