// Stock Pyodide: loadPyodide() with its defaults (pyodide-lock.json and the full
// python_stdlib.zip beside pyodide.mjs), no packages.
self.onmessage = async ({ data }) => {
  const started = performance.now();
  try {
    const { loadPyodide } = await import(new URL("pyodide.mjs", data.indexURL).href);
    const pyodide = await loadPyodide({ indexURL: data.indexURL });
    pyodide.runPython("import sys");  // a ready interpreter, proven
    self.postMessage({ type: "ready", boot_ms: Math.round(performance.now() - started) });
  } catch (error) {
    self.postMessage({ type: "error", message: String((error && error.message) || error) });
  }
};
