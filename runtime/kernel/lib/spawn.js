// Start the engine's worker, from the lazy half as soon as it has loaded (index.js: idle).
// Messages that arrive before the engine client takes over are kept and handed to it.

/** A module worker from `workerURL`; same-origin directly, cross-origin via a Blob module. */
function startWorker(workerURL) {
  if (new URL(workerURL).origin === location.origin) return new Worker(workerURL, { type: "module" });
  // A worker script must be same-origin; a same-origin Blob that imports the module is.
  const blob = new Blob([`import ${JSON.stringify(workerURL)};`], { type: "text/javascript" });
  return new Worker(URL.createObjectURL(blob), { type: "module" });
}

/** {worker, early}: the worker, told to boot, and the events it sent before anyone listened. */
export function spawnEngine({ workerURL, ...init }) {
  const worker = startWorker(workerURL);
  const early = [];
  worker.onmessage = (event) => early.push(event);
  worker.onerror = (event) => {
    event.preventDefault();
    early.push(event);
  };
  worker.postMessage({ type: "init", ...init });
  return { worker, early };
}
