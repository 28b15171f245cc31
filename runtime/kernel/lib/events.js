// Lifecycle: CustomEvents on window, a class on <html>, and one console warning per fault.

const warned = new Set();

/** Dispatch `kairos:NAME` on window; a listener's exception never reaches our caller. */
export function emit(name, detail) {
  try {
    window.dispatchEvent(new CustomEvent(`kairos:${name}`, { detail }));
  } catch (_) {
    /* a throwing listener is the host's bug; it must not stop the kernel */
  }
}

/** Set the lifecycle class on <html>: kairos-loading, kairos-ready or kairos-error. */
export function setStage(stage) {
  for (const each of ["loading", "ready", "error"]) {
    document.documentElement.classList.toggle(`kairos-${each}`, each === stage);
  }
}

/** Report a fault once per kind: one console warning and one `kairos:error` event. */
export function fault(kind, error) {
  if (warned.has(kind)) return;
  warned.add(kind);
  const message = String((error && error.message) || error);
  try {
    console.warn(`[kairos] ${kind}: ${message} (no personalization)`);
  } catch (_) {}
  emit("error", { kind, message });
}

/** `fn` that reports (once per kind) instead of throwing: timers, listeners and the API. */
export function guard(kind, fn) {
  return (...args) => {
    try {
      return fn(...args);
    } catch (error) {
      fault(kind, error);
      return undefined;
    }
  };
}
