// Engaged dwell: time the page is visible AND focused AND not idle, at performance.now() precision.
// Idle begins `idleMs` after the last input; the time up to that moment still counts, because
// a shopper reading without touching anything is engaged (GA4 counts it the same way).

import { onPresence } from "../lib/visibility.js";

const INPUTS = ["pointerdown", "pointermove", "keydown", "wheel", "touchstart", "scroll"];

/**
 * Track engaged time. `onChange({engaged, idle})` fires when engagement flips.
 * Returns {dwell(), engaged(), idle(), at(ms, fn)}: `at` calls fn once when dwell reaches ms.
 */
export function onDwell(onChange, { idleMs = 60000 } = {}) {
  let presence = { visible: true, focused: true };
  let idle = false;
  let accumulated = 0;
  let since = null; // performance.now() when the current engaged stretch began
  let idleTimer = null;
  const waits = []; // [{ms, fn}] sorted by ms

  const engaged = () => presence.visible && presence.focused && !idle;
  const dwell = () => accumulated + (since === null ? 0 : performance.now() - since);

  function settle() {
    const now = performance.now();
    if (since !== null) accumulated += now - since;
    since = engaged() ? now : null;
    armWaits();
  }

  let waitTimer = null;
  function armWaits() {
    clearTimeout(waitTimer);
    waitTimer = null;
    const current = dwell();
    while (waits.length && waits[0].ms <= current) waits.shift().fn(current);
    if (waits.length && since !== null) {
      waitTimer = setTimeout(armWaits, Math.max(0, waits[0].ms - current));
    }
  }

  function armIdle() {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      idle = true;
      settle();
      onChange({ engaged: false, idle: true });
    }, idleMs);
  }

  function input() {
    const wasEngaged = engaged();
    if (idle) {
      idle = false;
      settle();
    }
    armIdle();
    if (!wasEngaged && engaged()) onChange({ engaged: true, idle: false });
  }

  INPUTS.forEach((type) => window.addEventListener(type, input, { capture: true, passive: true }));
  onPresence((next) => {
    const was = engaged();
    const returned = next.visible && next.focused && !(presence.visible && presence.focused);
    presence = next;
    // Coming back to the tab or window is itself a sign of attention: it ends idleness.
    // (This used to `return input()`, which skipped settle(): when the shopper was not idle,
    // the engaged stretch never restarted, so no dwell counted after a hide/show or
    // blur/focus until the next input.)
    if (returned) {
      idle = false;
      armIdle();
    }
    settle();
    if (was !== engaged()) onChange({ engaged: engaged(), idle });
  });
  armIdle();

  return {
    dwell,
    engaged,
    idle: () => idle,
    at(ms, fn) {
      waits.push({ ms, fn });
      waits.sort((a, b) => a.ms - b.ms);
      armWaits();
    },
    /** Start a new page view (SPA navigation): the count restarts from zero. */
    reset() {
      // Restart the current engaged stretch too. (settle() after zeroing `accumulated` added
      // the stretch since the last input or presence change, so an SPA view began with the
      // previous view's dwell: 5 s on view 1, pushState -> view 2 at 5000 ms, not 0.)
      accumulated = 0;
      since = engaged() ? performance.now() : null;
      waits.length = 0;
      armWaits();
    },
  };
}
