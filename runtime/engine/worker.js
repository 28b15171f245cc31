// The engine's JS half: a module Web Worker that boots Pyodide, loads the Kairos wheel by name
// from our own lock file (integrity-checked), and passes JSON text to kairos_engine.boundary.
// Everything Python sees or returns crosses here as a JSON string; no proxies outlive a call.
//
// Boot prefers the build's memory snapshot of the already-booted engine (made by Pyodide
// itself at build time, in the same content-hashed folder as the exact wasm it belongs to):
// first the decoded copy this browser kept (localSnapshot.js), else the network's. When the
// snapshot is missing or refused, the worker boots normally from the lock file and wheels.

import { withFormats } from "./formats.js";
import { eraseLocalSnapshot, keepLocalSnapshot, onForgotten, readLocalSnapshot } from "./localSnapshot.js";
import { watchFreshMemory, xorWithBase } from "./snapshotCodec.js";
import { importModule, probe, selfDecoded, wireFetch } from "./wire.js";

// Every fetch of this worker, Pyodide's included: low priority, any host (wire.js).
self.fetch = wireFetch;

let boundary = null;
let mayKeep = true; // false once some tab said kairos.forget() or consent(false)
onForgotten(() => {
  mayKeep = false;
  eraseLocalSnapshot();
});

const marks = {}; // ms since the worker started, for the benchmark's breakdown
const mark = (name) => { marks[name] = Math.round(performance.now()); };

/** {bytes, local}: the snapshot's bytes, the kept copy first, fetched while Pyodide loads. */
async function fetchSnapshot({ snapshotURL, snapshotSize }, local) {
  const kept = local ? await readLocalSnapshot(snapshotURL, snapshotSize) : null;
  if (kept) {
    mark("snapshot_fetched");
    return { bytes: kept, local: true };
  }
  const response = await fetch(snapshotURL);
  if (!response.ok) throw new Error(`snapshot: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  mark("snapshot_fetched");
  return { bytes, local: false };
}

async function fromSnapshot(loadPyodide, { indexURL, lockURL }, snapshot, factory) {
  let got = null; // {bytes, local}: Pyodide awaits the snapshot before it creates the module
  // The network's copy is shipped XOR-ed with the fresh memory (snapshotCodec.js) and decoded
  // in place, so the copy kept afterwards is the plain snapshot.
  const decoding = watchFreshMemory(factory, (memory) => {
    xorWithBase(got.bytes, memory);
    mark("decoded");
  });
  const pyodide = await loadPyodide({
    indexURL, lockFileURL: lockURL, stdout: () => {},
    // The snapshot has imported all but a few stdlib modules: only those are mounted.
    stdLibURL: new URL("snapshot-stdlib.zip", indexURL).href,
    _loadSnapshot: snapshot.then((s) => (got = s).bytes),
    createPyodideModule: (settings) => (got.local ? factory : decoding)(settings),
  });
  return pyodide.pyimport("kairos_engine.boundary");
}

async function fromPackages(loadPyodide, { indexURL, lockURL }, createPyodideModule) {
  const pyodide = await loadPyodide({
    createPyodideModule,
    indexURL,
    // Absolute: a relative lockFileURL silently breaks package loading.
    lockFileURL: lockURL,
    packages: ["kairos-app"],
    env: { PYTHONOPTIMIZE: "2" }, // as the snapshot's engine runs (compiler/bundle/prebake.mjs)
    stdout: () => {},
    stderr: (line) => console.debug("[kairos engine]", line),
  });
  // loadPackage only warns when a file is missing; importing proves the engine is really here.
  return pyodide.pyimport("kairos_engine.boundary");
}

// How often the engine warms up before it says ready (kairos_engine.boundary.rewarm: the
// build's warm-up, every snippet rendered, and a sample update with every rule evaluated; what
// the kernel can see is left as it was). V8 compiles each wasm function the first time it
// runs, and again, optimized, once it is hot; after a snapshot restore the shopper's first
// updates were the first to run most of the engine's paths and paid for it (a compile of 8 ms
// inside one update at 4x CPU). Warmed, post -> reply in the latency benchmark fell by about a
// third at 4x (README, Performance), for 10-20 ms of a warm boot (about 100 ms cold).
const WARM_UPS = 3;

/** Warm the engine up: {ms} it took, and {error} if it failed (the engine still answers: each
 * update reports its own errors, and the benchmark and tests see this one in `ready`). */
function warmUp(module) {
  const started = performance.now();
  let error = null;
  try {
    for (let i = 0; i < WARM_UPS; i++) module.rewarm();
  } catch (e) {
    error = String((e && e.message) || e);
  }
  return { ms: Math.round(performance.now() - started), error };
}

async function boot(options) {
  const started = performance.now();
  // Which of the big files this host sends uncompressed: asked now, for the boot's own files
  // (the snapshot's once no kept copy was found: fetchSnapshot).
  probe(options.indexURL, ["pyodide.asm.mjs", "pyodide.asm.wasm",
    options.snapshotURL ? "snapshot-stdlib.zip" : "python_stdlib.zip"]);
  let snapshot = options.snapshotURL ? fetchSnapshot(options, true) : null;
  if (snapshot) snapshot.catch(() => {}); // judged below, where it is awaited
  // Pyodide's 1.2 MB runtime module is imported now, beside the snapshot, not after it
  // (createPyodideModule: Pyodide's own option for passing the module in).
  const runtime = importModule(new URL("pyodide.asm.mjs", options.indexURL).href);
  runtime.catch(() => {});
  const { loadPyodide } = await import(new URL("pyodide.mjs", options.indexURL).href);
  const createPyodideModule = (await runtime).default;
  mark("pyodide_imported");
  let module = null;
  let fallback = null;
  let source = null;
  let ready = null;
  for (let attempt = 0; snapshot && !module && attempt < 2; attempt++) {
    try {
      const restored = await fromSnapshot(loadPyodide, options, snapshot, createPyodideModule);
      ready = JSON.parse(restored.boot()); // a restored engine must answer, or it is refused
      module = restored;
      source = (await snapshot).local ? "local" : "network";
    } catch (error) {
      fallback = String((error && error.message) || error);
      // A kept copy that Pyodide refused is dropped, and the network's copy tried once.
      const local = await snapshot.then((s) => s.local, () => false);
      snapshot = local ? fetchSnapshot(options, false) : null;
      if (local) eraseLocalSnapshot();
    }
  }
  if (!module) module = await fromPackages(loadPyodide, options, createPyodideModule);
  const loaded = performance.now();
  if (!ready) ready = JSON.parse(module.boot());
  const warmed = warmUp(module);
  boundary = module;
  ready.snapshot = Boolean(ready.snapshot);
  ready.snapshot_source = source;
  ready.self_decoded = selfDecoded; // files this host sent uncompressed (zstd copies used)
  try {
    ready.timezone = Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch (_) {
    ready.timezone = null;
  }
  if (fallback) ready.snapshot_error = fallback;
  ready.boot_ms = Math.round(performance.now() - started);
  ready.load_ms = Math.round(loaded - started); // Pyodide core + our packages (or the snapshot)
  ready.import_ms = Math.round(performance.now() - loaded); // engine, Jinja2, rules, templates
  ready.warm_ms = warmed.ms; // of which the warm-up
  if (warmed.error) ready.warm_error = warmed.error;
  ready.marks = { ...marks, loaded: Math.round(loaded), ready: Math.round(performance.now()) };
  // After ready, and only where the shopper lets Kairos store: keep the decoded network copy.
  ready.caching = source === "network" && Boolean(options.keep) && mayKeep;
  if (ready.caching) ready.keep = snapshot.then((s) => keep(options.snapshotURL, s.bytes));
  return ready;
}

/** Keep the decoded snapshot, unless the shopper withdrew consent meanwhile; true if kept. */
async function keep(url, bytes) {
  const kept = mayKeep && await keepLocalSnapshot(url, bytes);
  if (kept && !mayKeep) await eraseLocalSnapshot(); // withdrawn while it was being written
  return kept && mayKeep;
}

self.onmessage = async (event) => {
  const message = event.data || {};
  try {
    if (message.type === "init") {
      const { keep, ...ready } = await boot(message);
      self.postMessage(ready);
      if (keep) self.postMessage({ type: "cached", cached: await keep });
    } else if (boundary) {
      // Updates get the money and date patterns of their language (formats.js): Intl stays
      // here, off the main thread and out of the engine.
      const input = message.type === "update" ? withFormats(message) : message;
      self.postMessage(JSON.parse(boundary.handle(JSON.stringify(input))));
    }
  } catch (error) {
    self.postMessage({ type: "error", kind: "engine", message: String((error && error.message) || error) });
  }
};
