// The kernel's side of the engine: start the module worker, send updates, route replies.
// Until the engine is ready, updates are held; the newest state (which is cumulative:
// dwell, scroll, cart, visits) is sent the moment it is, so nothing seen while booting is lost.

/** Start the worker from `workerURL`; same-origin directly, cross-origin via a Blob module. */
function startWorker(workerURL) {
  if (new URL(workerURL).origin === location.origin) return new Worker(workerURL, { type: "module" });
  // A worker script must be same-origin; a same-origin Blob that imports the module is.
  const source = `import ${JSON.stringify(workerURL)};`;
  const blob = new Blob([source], { type: "text/javascript" });
  return new Worker(URL.createObjectURL(blob), { type: "module" });
}

/**
 * Boot the engine. `handlers`: {ready(info), decisions(reply), error(kind, message)}.
 * Returns {send(update)}; `send` before ready keeps only the newest update.
 */
export function startEngine({ workerURL, indexURL, lockURL, snapshotURL }, handlers) {
  let ready = false;
  let pending = null;
  let seq = 0;
  let inFlight = 0; // updates posted and not yet answered
  const mirrors = new Map(); // seq -> resolve, for mirror() requests
  let worker;
  try {
    worker = startWorker(workerURL);
  } catch (error) {
    handlers.error("worker", error);
    return { send() {} };
  }
  worker.onerror = (event) => {
    event.preventDefault();
    handlers.error("worker", new Error(event.message || "the engine worker failed to start"));
  };
  worker.onmessage = (event) => {
    const reply = event.data || {};
    if (reply.type === "ready") {
      ready = true;
      handlers.ready(reply);
      if (pending) {
        inFlight += 1;
        worker.postMessage(pending);
      }
      pending = null;
    } else if (reply.type === "mirror") {
      const resolve = mirrors.get(reply.seq);
      mirrors.delete(reply.seq);
      if (resolve) resolve(reply.signals);
    } else if (reply.type === "decisions") {
      inFlight = Math.max(0, inFlight - 1);
      handlers.decisions(reply);
    } else if (reply.type === "error") {
      if (ready) inFlight = Math.max(0, inFlight - 1);
      handlers.error(reply.kind || "engine", new Error(reply.message));
    }
  };
  worker.postMessage({ type: "init", indexURL, lockURL, snapshotURL });
  return {
    send(update) {
      update.seq = ++seq;
      if (ready) {
        inFlight += 1;
        worker.postMessage(update);
      } else pending = update;
    },
    /** The signals the engine last evaluated, as Python parsed them (tests compare). */
    mirror() {
      if (!ready) return Promise.resolve(null);
      const request = { type: "mirror", seq: ++seq };
      return new Promise((resolve) => {
        mirrors.set(request.seq, resolve);
        worker.postMessage(request);
      });
    },
    /** Updates not yet answered (tests wait for 0 after moving the clock). */
    pending: () => inFlight + (pending ? 1 : 0),
  };
}
