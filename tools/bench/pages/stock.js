// Start stock Pyodide in a module worker at once and record navigation -> "ready" (page time).
// ?py=/kairos/stock-pyodide-<hash>/ : npm's Pyodide core files, full stdlib, normal lock file.
const py = new URL(new URLSearchParams(location.search).get("py"), location.href).href;
const stock = (window.__stock = { started: performance.now(), ready: null, boot_ms: null, error: null });
const worker = new Worker("/bench/stock-worker.mjs", { type: "module" });
worker.onmessage = (event) => {
  const reply = event.data || {};
  if (reply.type === "ready") {
    stock.ready = performance.now();
    stock.boot_ms = reply.boot_ms;
  } else stock.error = reply.message || "unknown error";
};
worker.onerror = (event) => {
  stock.error = event.message || "worker failed";
};
worker.postMessage({ indexURL: py });
