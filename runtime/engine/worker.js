// The engine's JS half: a module Web Worker that boots Pyodide, loads the Kairos wheel by name
// from our own lock file (integrity-checked), and passes JSON text to kairos_engine.boundary.
// Everything Python sees or returns crosses here as a JSON string; no proxies outlive a call.

let boundary = null;

async function boot({ indexURL, lockURL }) {
  const started = performance.now();
  const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
  const pyodide = await loadPyodide({
    indexURL,
    // Absolute: a relative lockFileURL silently breaks package loading.
    lockFileURL: lockURL,
    packages: ["kairos-app"],
    stdout: () => {},
    stderr: (line) => console.debug("[kairos engine]", line),
  });
  const loaded = performance.now();
  // loadPackage only warns when a file is missing; importing proves the engine is really here.
  const module = pyodide.pyimport("kairos_engine.boundary");
  const ready = JSON.parse(module.boot());
  boundary = module;
  ready.boot_ms = Math.round(performance.now() - started);
  ready.load_ms = Math.round(loaded - started); // Pyodide core + our packages
  ready.import_ms = Math.round(performance.now() - loaded); // engine, Jinja2, rules, templates
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
