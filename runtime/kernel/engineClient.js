// The kernel's side of the engine: send updates to the worker (lib/spawn.js started it), route replies.
// Until the engine is ready, updates are held (only the newest); at ready the kernel sends a
// fresh one. The state is cumulative (dwell, scroll, cart, visits), so nothing seen while
// Pyodide booted is lost.

/**
 * Talk to the spawned engine. `handlers`: {ready(info), decisions(reply), cached(ok),
 * error(kind, message)}.
 * Returns {send(update), pending(), mirror()}; `send` before ready keeps only the newest update.
 */
export function startEngine({ worker, early }, handlers) {
  let ready = false;
  let pending = null;
  let seq = 0;
  let inFlight = 0; // updates posted and not yet answered
  const asked = new Map(); // seq -> resolve, for request() (mirror, and the debug overlay's)
  worker.onerror = (event) => {
    event.preventDefault();
    handlers.error("worker", new Error(event.message || "the engine worker failed to start"));
  };
  worker.onmessage = (event) => {
    try {
      route(event.data || {});
    } catch (error) {
      handlers.error("kernel", error);
    }
  };
  function route(reply) {
    if (reply.type === "ready") {
      // The kernel answers `ready` with a fresh update (wake), newer than anything held.
      ready = true;
      pending = null;
      handlers.ready(reply);
    } else if (reply.type === "cached") {
      handlers.cached(reply.cached);
    } else if (asked.has(reply.seq) && reply.type !== "decisions") {
      const resolve = asked.get(reply.seq);
      asked.delete(reply.seq);
      resolve(reply);
    } else if (reply.type === "decisions") {
      inFlight = Math.max(0, inFlight - 1);
      handlers.decisions(reply);
    } else if (reply.type === "error") {
      if (ready) inFlight = Math.max(0, inFlight - 1);
      handlers.error(reply.kind || "engine", new Error(reply.message));
    }
  }
  for (const event of early.splice(0)) {
    if (event.type === "error") worker.onerror(event);
    else worker.onmessage(event);
  }
  return {
    send(update) {
      update.seq = ++seq;
      if (ready) {
        inFlight += 1;
        worker.postMessage(update);
      } else pending = update;
      return update.seq;
    },
    /** A question for the engine that is not an update (`mirror`, the debug overlay's `debug`
     * and `explain`): a Promise of its reply, or of null before the engine is ready. */
    request(message) {
      if (!ready) return Promise.resolve(null);
      const request = { ...message, seq: ++seq };
      return new Promise((resolve) => {
        asked.set(request.seq, resolve);
        worker.postMessage(request);
      });
    },
    /** The signals the engine last evaluated, as Python parsed them (tests compare). */
    mirror() {
      return this.request({ type: "mirror" }).then((reply) => reply && reply.signals);
    },
    /** Updates not yet answered (tests wait for 0 after moving the clock). */
    pending: () => inFlight + (pending ? 1 : 0),
  };
}
