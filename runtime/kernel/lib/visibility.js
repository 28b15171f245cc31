// One shared view of "is the shopper here": visible, focused, and back/forward-cache restores.
// Like web-vitals' getVisibilityWatcher + bfcache helpers, so every signal agrees on it.

const listeners = new Set();
let state = null;

function read() {
  return {
    visible: document.visibilityState === "visible",
    // Headless and embedded contexts may lack focus APIs; assume focused then.
    focused: typeof document.hasFocus === "function" ? document.hasFocus() : true,
  };
}

function update(extra) {
  const next = read();
  if (extra && "focused" in extra) next.focused = extra.focused;
  const changed = !state || next.visible !== state.visible || next.focused !== state.focused;
  state = next;
  if (changed) listeners.forEach((fn) => fn(state));
}

/** Call `fn({visible, focused})` now and on every change; returns an unsubscribe function. */
export function onPresence(fn) {
  if (!state) {
    state = read();
    document.addEventListener("visibilitychange", () => update(), true);
    window.addEventListener("focus", () => update({ focused: true }), true);
    window.addEventListener("blur", (e) => e.target === window && update({ focused: false }), true);
    // pagehide/pageshow bracket back/forward-cache stays: the page is not being looked at.
    window.addEventListener("pagehide", () => update({ focused: false }), true);
    window.addEventListener("pageshow", () => update(), true);
  }
  listeners.add(fn);
  fn(state);
  return () => listeners.delete(fn);
}

/** Call `fn(event)` when the page comes back from the back/forward cache. */
export function onBFCacheRestore(fn) {
  window.addEventListener("pageshow", (event) => event.persisted && fn(event), true);
}
