"""The Kairos engine: Python that runs in the shopper's browser (Pyodide) and in CPython tests.

It evaluates the compiled rules on the signal state the kernel sends, applies caps,
cooldowns, schedules, priority, mutual exclusion, variants and holdouts, and renders
the chosen snippets with Jinja2. It has no clock and no storage of its own: every
message carries the time and the history, so a trace replays identically anywhere.
"""

ENGINE_VERSION = 1
