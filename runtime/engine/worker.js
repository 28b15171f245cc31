// The engine's JS half: a module Web Worker that boots Pyodide, loads the Kairos wheel by name
// from our own lock file (integrity-checked), and passes JSON text to kairos_engine.boundary.
// Everything Python sees or returns crosses here as a JSON string; no proxies outlive a call.
//
// Boot prefers the build's memory snapshot of the already-booted engine (made by Pyodide
// itself at build time, in the same content-hashed folder as the exact wasm it belongs to);
// when it is missing or refused, the worker boots normally from the lock file and wheels.

let boundary = null;

/** The snapshot's bytes, fetched while Pyodide's own files load. */
const marks = {}; // ms since the worker started, for the benchmark's breakdown

async function fetchSnapshot(snapshotURL) {
  const response = await fetch(snapshotURL);
  if (!response.ok) throw new Error(`snapshot: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  marks.snapshot_fetched = Math.round(performance.now());
  return bytes;
}

async function fromSnapshot(loadPyodide, { indexURL, lockURL }, snapshot) {
  const pyodide = await loadPyodide({
    indexURL, lockFileURL: lockURL, _loadSnapshot: await snapshot, stdout: () => {},
  });
  return pyodide.pyimport("kairos_engine.boundary");
}

async function fromPackages(loadPyodide, { indexURL, lockURL }) {
  const pyodide = await loadPyodide({
    indexURL,
    // Absolute: a relative lockFileURL silently breaks package loading.
    lockFileURL: lockURL,
    packages: ["kairos-app"],
    stdout: () => {},
    stderr: (line) => console.debug("[kairos engine]", line),
  });
  // loadPackage only warns when a file is missing; importing proves the engine is really here.
  return pyodide.pyimport("kairos_engine.boundary");
}

async function boot(options) {
  const started = performance.now();
  const snapshot = options.snapshotURL ? fetchSnapshot(options.snapshotURL) : null;
  if (snapshot) snapshot.catch(() => {}); // judged below, where it is awaited
  const { loadPyodide } = await import(new URL("pyodide.mjs", options.indexURL).href);
  marks.pyodide_imported = Math.round(performance.now());
  let module = null;
  let fallback = null;
  if (snapshot) {
    try {
      module = await fromSnapshot(loadPyodide, options, snapshot);
    } catch (error) {
      fallback = String((error && error.message) || error);
    }
  }
  if (!module) module = await fromPackages(loadPyodide, options);
  const loaded = performance.now();
  const ready = JSON.parse(module.boot());
  boundary = module;
  ready.snapshot = Boolean(ready.snapshot);
  try {
    ready.timezone = Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch (_) {
    ready.timezone = null;
  }
  if (fallback) ready.snapshot_error = fallback;
  ready.boot_ms = Math.round(performance.now() - started);
  ready.load_ms = Math.round(loaded - started); // Pyodide core + our packages (or the snapshot)
  ready.import_ms = Math.round(performance.now() - loaded); // engine, Jinja2, rules, templates
  ready.marks = { ...marks, loaded: Math.round(loaded), ready: Math.round(performance.now()) };
  return ready;
}

self.onmessage = async (event) => {
  const message = event.data || {};
  try {
    if (message.type === "init") {
      self.postMessage(await boot(message));
    } else if (boundary) {
      self.postMessage(JSON.parse(boundary.handle(JSON.stringify(message))));
    }
  } catch (error) {
    self.postMessage({ type: "error", kind: "engine", message: String((error && error.message) || error) });
  }
};
