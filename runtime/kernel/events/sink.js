// The opt-in event sink: `data-sink="/path"` on the script tag (or a build's `--sink`). Events
// are batched and sent with navigator.sendBeacon as JSON lines (one event per line, a text/plain
// body: a simple request, so a cross-origin collector needs no preflight), when the page is
// hidden or left, when 20 are waiting, or 5 s after the first one waits. Nothing is queued or
// sent without a sink, before consent where consent is required, or under Global Privacy
// Control unless the tag says data-sink-gpc="send" (docs/contracts.md, Events).

/* global __KAIROS_SINK__ */
const DEFAULT_SINK = __KAIROS_SINK__; // the build's --sink, or null

const BATCH = 20;
const WAIT_MS = 5000;

/** {add(event)}: queue an event for the sink (a no-op without one, or when not allowed). */
export function makeSink({ setting, consent, mode }) {
  const url = setting("sink", DEFAULT_SINK);
  // GPC is an opt-out: only a store that decided otherwise (data-sink-gpc="send") sends, and
  // where consent is required, only after it.
  const allowed = () => Boolean(url) && (consent.gpc
    ? setting("sinkGpc", "") === "send" && (mode !== "required" || consent.granted())
    : consent.granted());
  const queue = [];
  let timer = null;
  function flush() {
    clearTimeout(timer);
    timer = null;
    if (!queue.length) return;
    const batch = queue.splice(0);
    if (!allowed()) return; // consent withdrawn meanwhile: what waited is dropped
    try {
      navigator.sendBeacon(new URL(url, location.href).href, batch.map((e) => JSON.stringify(e)).join("\n"));
    } catch (_) {
      /* a full beacon queue or a refused URL loses this batch, never the page */
    }
  }
  if (url) {
    document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && flush());
    window.addEventListener("pagehide", flush);
  }
  return {
    add(event) {
      if (!allowed()) return;
      queue.push(event);
      if (queue.length >= BATCH) flush();
      else if (!timer) timer = setTimeout(flush, WAIT_MS);
    },
    flush,
    /** kairos.forget(): what waits is not sent. */
    clear() {
      queue.length = 0;
    },
  };
}
