"""Build-time analysis of shoppers and rules: the shopper model (shoppers/), `simulate`
(simulate/), which replays sessions through the kernel's Python twin and the real engine, and
`train` (train/), which learns a `predict.NAME` model from the engine's states in such replays.

It uses compiler.api and the runtime's Python (runtime/kernel/kairos_twin,
runtime/engine/kairos_engine), never the reverse.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for _path in (ROOT / "runtime" / "kernel", ROOT / "runtime" / "engine"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))
