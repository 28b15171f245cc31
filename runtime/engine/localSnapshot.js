// The engine snapshot's local copy: the decoded bytes of the build's snapshot, kept in Cache
// Storage after the first restore, so later page views skip the HTTP cache's brotli decode of
// 26 MB (about 100 ms of a warm boot). It holds the build's bytes only, never shopper data,
// and it is kept only where the shopper's consent lets Kairos store anything.
// The worker reads and writes it; the kernel erases it with the history (kairos.forget()).

const CACHE = "kairos-engine";

const available = () => typeof caches !== "undefined";

/** The kept bytes of the snapshot at `url` (exactly `size` bytes), or null. */
export async function readLocalSnapshot(url, size) {
  if (!available()) return null;
  try {
    // Not caches.open(): that would create the cache, a write, where storing is not allowed.
    const response = await caches.match(url, { cacheName: CACHE });
    if (!response) return null;
    const bytes = new Uint8Array(await response.arrayBuffer());
    return bytes.length === size ? bytes : null;
  } catch (_) {
    return null;
  }
}

/** Keep `bytes` as the snapshot at `url`, replacing any other build's; true when kept. */
export async function keepLocalSnapshot(url, bytes) {
  if (!available()) return false;
  try {
    const cache = await caches.open(CACHE);
    for (const request of await cache.keys()) if (request.url !== url) await cache.delete(request);
    await cache.put(url, new Response(bytes, { headers: { "Content-Type": "application/octet-stream" } }));
    return true;
  } catch (_) {
    return false; // quota, private mode: the next view decodes from the HTTP cache again
  }
}

/** Drop the kept snapshot (a copy Pyodide refused). */
export async function eraseLocalSnapshot() {
  try {
    return await caches.delete(CACHE);
  } catch (_) {
    return false; // no Cache Storage (an insecure origin), or it refused
  }
}

/** kairos.forget() or consent(false), in any tab: drop the copy, and tell every engine worker
 * of this origin (onForgotten) not to keep one, even if it is writing it right now. */
export function forgetLocalSnapshot() {
  try {
    const channel = new BroadcastChannel(CACHE);
    channel.postMessage("forget");
    channel.close();
  } catch (_) {
    /* no BroadcastChannel: this tab's own copy is still erased */
  }
  return eraseLocalSnapshot();
}

/** Call `forgotten()` when some tab forgets the shopper (forgetLocalSnapshot). */
export function onForgotten(forgotten) {
  try {
    new BroadcastChannel(CACHE).onmessage = forgotten;
  } catch (_) {
    /* see forgetLocalSnapshot */
  }
}
