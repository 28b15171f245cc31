// The engine's files from any static host, and never ahead of the store's own requests.
//
// Every fetch of the worker (its own and Pyodide's, which calls the global fetch) goes through
// wireFetch: at low priority, and with a choice of wire format for the big files. A host that
// compresses them (the bundle's .br/.gz copies, or on the fly) is used as it is, and the
// browser decodes brotli natively. A host that sends one uncompressed (python -m http.server,
// an S3 bucket without Content-Encoding metadata, a CDN that compresses only files under
// 10 MB) gets asked for the build's zstd copy instead (NAME.zst, compiler/bundle/wire.py),
// which fzstd decodes here: a chunk of its own that only such a host ever sends.
//
// Which one a host does is asked with HEAD, for all the big files at once when the worker
// starts (one round trip, beside Pyodide's own first import): a GET left after its headers
// would already have sent most of the file on a fast link (9 of 12 MB on loopback).

/* global __KAIROS_WIRE__ */
const WIRE = __KAIROS_WIRE__; // {decoder: file name beside the worker, sizes: {NAME: raw bytes}}
const TYPES = { mjs: "text/javascript", wasm: "application/wasm" };
const nativeFetch = self.fetch.bind(self);
const decodedResponses = new WeakSet();
let decoder = null;

/** Files of this boot that came as zstd copies (the host sent them uncompressed). */
export const selfDecoded = [];

/** The raw size of the file at `url` when it has a zstd copy, else null. */
function rawSize(url) {
  const name = url.pathname.slice(url.pathname.lastIndexOf("/") + 1);
  return Object.hasOwn(WIRE.sizes, name) ? WIRE.sizes[name] : null;
}

/** True when `response` carries the file's raw bytes: the host compressed nothing. */
function uncompressed(response, size) {
  // Same-origin responses show Content-Encoding. CORS ones show only Content-Length (a
  // safelisted header), which is the encoded length: the raw size means nothing was encoded.
  if (response.type === "basic") {
    const coding = response.headers.get("content-encoding");
    return !coding || coding === "identity";
  }
  return response.headers.get("content-length") === String(size);
}

/** A same-origin response from the HTTP cache only (a repeat visit), else null; no request
 * leaves the browser (`only-if-cached` is refused for other origins). */
async function cached(href) {
  if (new URL(href).origin !== self.location.origin) return null;
  try {
    const response = await nativeFetch(href, { cache: "only-if-cached", mode: "same-origin" });
    return response.ok ? response : null;
  } catch (_) {
    return null;
  }
}

const verdicts = new Map(); // href -> Promise<true when the host sends that file uncompressed>

/** Whether the host sends the file at `url` uncompressed (null: it would not say); memoized.
 * A repeat visit finds the answer in the HTTP cache (whichever copy an earlier visit fetched);
 * a first visit asks with HEAD. */
function plainHost(url, size) {
  if (!verdicts.has(url.href)) verdicts.set(url.href, judge(url, size));
  return verdicts.get(url.href);
}

async function judge(url, size) {
  const [original, copy] = await Promise.all([cached(url.href), cached(`${url.href}.zst`)]);
  for (const response of [original, copy]) if (response && response.body) response.body.cancel().catch(() => {});
  if (original || copy) return !original;
  return nativeFetch(url.href, { method: "HEAD", priority: "low" }).then(
    (response) => (response.ok ? uncompressed(response, size) : null), () => null);
}

/** Start asking about these files of the Pyodide folder at `indexURL` (the boot will need them). */
export function probe(indexURL, names) {
  for (const name of names) {
    const url = new URL(name, indexURL);
    const size = rawSize(url);
    if (size !== null) plainHost(url, size);
  }
}

/** SRI check of bytes we decoded ourselves (Pyodide asks for it on wheels). */
async function checkIntegrity(bytes, integrity) {
  const [algorithm, expected] = integrity.split("-", 2);
  const digest = await crypto.subtle.digest(algorithm.replace("sha", "SHA-"), bytes);
  const actual = btoa(String.fromCharCode(...new Uint8Array(digest)));
  if (actual !== expected) throw new TypeError(`integrity mismatch for a decoded file (${algorithm})`);
}

/** A Response of the decoded zstd copy in `response` (exactly `size` bytes, or an error). */
async function decoded(response, url, size, integrity) {
  if (!response.ok) throw new TypeError(`${url.href}.zst: HTTP ${response.status}`);
  decoder = decoder || import(new URL(WIRE.decoder, import.meta.url).href);
  const [{ decompress }, packed] = await Promise.all([decoder, response.arrayBuffer()]);
  const bytes = decompress(new Uint8Array(packed));
  if (bytes.length !== size) throw new TypeError(`${url.href}.zst: ${bytes.length} bytes, not ${size}`);
  if (integrity) await checkIntegrity(bytes, integrity);
  const ext = url.pathname.slice(url.pathname.lastIndexOf(".") + 1);
  const out = new Response(bytes, { headers: { "Content-Type": TYPES[ext] || "application/octet-stream" } });
  decodedResponses.add(out);
  return out;
}

/** fetch() for the worker: low priority, and the zstd copy where the host compresses nothing. */
export async function wireFetch(resource, init = {}) {
  const request = { ...init, priority: "low" };
  const url = new URL(resource instanceof Request ? resource.url : String(resource), self.location.href);
  const size = resource instanceof Request || request.method ? null : rawSize(url);
  if (size === null) return nativeFetch(resource, request);
  const { integrity, ...plain } = request;
  const copy = `${url.href}.zst`;
  const [original, kept] = await Promise.all([cached(url.href), cached(copy)]);
  if (original) return original; // an earlier visit's brotli (or raw) copy
  if (kept) return decoded(kept, url, size, integrity);
  let response = null;
  if (!(await plainHost(url, size))) {
    response = await nativeFetch(url.href, request);
    // A host whose HEAD said otherwise (or refused it): its headers decide, and the body is
    // left unread; it costs what is in flight, once.
    if (!response.ok || !uncompressed(response, size)) return response;
    if (response.body) response.body.cancel().catch(() => {});
  }
  selfDecoded.push(url.pathname.slice(url.pathname.lastIndexOf("/") + 1));
  return decoded(await nativeFetch(copy, plain), url, size, integrity);
}

/** import() of a module that may come as a zstd copy: then from a Blob URL of its text;
 * otherwise by its own URL, which the HTTP cache now answers (no second download). */
export async function importModule(href) {
  const response = await wireFetch(href);
  if (!response.ok) throw new TypeError(`${href}: HTTP ${response.status}`);
  if (!decodedResponses.has(response)) {
    await response.arrayBuffer();
    return import(href);
  }
  const blob = URL.createObjectURL(new Blob([await response.arrayBuffer()], { type: "text/javascript" }));
  try {
    return await import(blob);
  } catch (_) {
    return import(href); // a policy without blob: in script-src: the raw module (1.2 MB) then
  } finally {
    URL.revokeObjectURL(blob);
  }
}
