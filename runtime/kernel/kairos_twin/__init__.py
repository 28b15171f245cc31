"""The kernel's Python twin: the state machine of runtime/kernel/ (JS) in CPython.

It turns a raw timeline of what a shopper does (timeline.py) into the updates the kernel
would send the engine, at the moments the kernel would send them, and draws the engine's
answers as the kernel would (caps history, one overlay, slots, decisions made ahead). Each
module names the kernel file it mirrors; tests/cases/twin_cases.json is run by the real
kernel in Chromium and by this twin, and every update and answer must be identical.
"""

from .timeline import DEVICES, Browser, Recorder, TimelineError, check

__all__ = ["DEVICES", "Browser", "Recorder", "TimelineError", "check"]
