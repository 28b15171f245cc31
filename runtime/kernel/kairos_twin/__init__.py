"""The kernel's Python twin: the state machine of runtime/kernel/ (JS) in CPython.

It turns a raw timeline of what a shopper does (timeline.py) into the updates the kernel
would send the engine, at the moments the kernel would send them, and draws the engine's
answers as the kernel would (caps history, one overlay, slots, decisions made ahead), counting
each as an exposure once seen (events/seen.py). Each module names the kernel file it mirrors;
tests/cases/twin_cases.json is run by the real kernel in Chromium and by this twin, and every
update, answer and exposure must be identical.

Where the small kernel files went: lib/visibility.js (onPresence) and signals/onCopy.js and
onTrackedClick.js are kernel.py's listeners; lib/navigation.js's SPA route changes are
timeline.py's `navigate` (a page view opens in a 0 ms timer); render/insert.js's bookkeeping of
slots and overlays is document.py's; the worker's formats.js is formats.py. Not modelled,
because a timeline has one tab, well-behaved storage and GA4 events: lib/merge.js (other tabs),
storage faults (lib/storage.js's memory fallback on errors), back/forward-cache restores,
window resizes, Save-Data and slow links (no engine on 2g, a wait for a quiet store on 3g),
kairos.forget(), Segment's analytics.js (signals/onSegment.js), the event sink
(events/sink.js), clicks, answers and dismissals inside a snippet, and a slot too small for its
snippet (the twin's pages size hosts to their slot).
"""

from .timeline import DEVICES, Browser, Recorder, TimelineError, check

__all__ = ["DEVICES", "Browser", "Recorder", "TimelineError", "check"]
