"""The kernel's Python twin: the state machine of runtime/kernel/ (JS) in CPython.

It turns a raw timeline of what a shopper does (timeline.py) into the updates the kernel
would send the engine, at the moments the kernel would send them, and draws the engine's
answers as the kernel would (caps history, one overlay, slots, decisions made ahead). Each
module names the kernel file it mirrors; tests/cases/twin_cases.json is run by the real
kernel in Chromium and by this twin, and every update and answer must be identical.

Where the small kernel files went: lib/visibility.js (onPresence) and signals/onCopy.js and
onTrackedClick.js are kernel.py's listeners; lib/navigation.js's SPA route changes are
timeline.py's `navigate` (a page view opens in a 0 ms timer); page/productDetails.js is in
page/product.py; render/insert.js's bookkeeping of slots and overlays is document.py's. Not
modelled, because a timeline has one tab and well-behaved storage: lib/merge.js (other tabs),
storage faults (lib/storage.js's memory fallback on errors), back/forward-cache restores,
window resizes, Save-Data and slow links (no engine on 2g, a wait for a quiet store on 3g),
kairos.forget(), and a modal's Escape or close button (dismiss).
"""

from .timeline import DEVICES, Browser, Recorder, TimelineError, check

__all__ = ["DEVICES", "Browser", "Recorder", "TimelineError", "check"]
