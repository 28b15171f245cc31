// When the engine may start downloading. Its files are about 5 MB: on a slow link they would
// share the shopper's bandwidth with the store's own images for half a minute. There (the
// Network Information API's effectiveType says 3g), the worker starts only once the store
// is quiet: every image it is loading is complete (eager ones, and lazy ones near enough to
// the viewport for the browser to have started them), and none of its other requests finished
// in the last second. Elsewhere, and where the API does not exist, it starts at once. A 2g link
// and Save-Data never get here (index.js: worthBooting). (Not `downlink`: headless Chromium
// and a fresh profile report 1.5 Mbps before the browser has measured anything.)

const NEAR_PX = 2500; // Chromium starts lazy images up to 2,500 px away on slow links
const CALM_MS = 1000; // no request of the store finished for this long
const POLL_MS = 500;
const MAX_WAIT_MS = 30000; // a store that never rests (a carousel) still gets its engine

/** True on a link too slow to share. */
function slow(connection) {
  return !!connection && /3g/.test(connection.effectiveType);
}

/** True while the store is loading something the shopper will see. */
function busy(ours) {
  const now = performance.now();
  const recent = performance.getEntriesByType("resource").some((entry) =>
    !entry.name.startsWith(ours) && now - entry.responseEnd < CALM_MS);
  if (recent) return true;
  const height = innerHeight;
  return [...document.images].some((img) => {
    if (img.complete) return false;
    if (img.loading !== "lazy") return true;
    const box = img.getBoundingClientRect();
    return box.bottom > -NEAR_PX && box.top < height + NEAR_PX;
  });
}

/** Resolves when the engine may start: at once, or on a slow link once the store is quiet.
 * `ours`: the bundle's base URL (our own requests do not count). */
export function whenQuiet(ours, connection = navigator.connection) {
  if (!slow(connection)) return Promise.resolve();
  const started = performance.now();
  return new Promise((resolve) => {
    const check = () => {
      if (!busy(ours) || performance.now() - started > MAX_WAIT_MS) resolve();
      else setTimeout(check, POLL_MS);
    };
    check();
  });
}
