// Benchmark probe, installed before any page script (page.add_init_script) by
// tools/bench. It only records; it changes nothing the page or Kairos sees.
//
// window.__bench holds:
//   longtasks  PerformanceObserver "longtask" entries (> 50 ms on the main thread)
//   loafs      "long-animation-frame" entries with the scripts that ran in them, so a long
//              frame can be attributed to a script URL (the kernel's is /kairos/kairos.*.js)
//   shifts     "layout-shift" entries, with hadRecentInput and whether a source node is a
//              Kairos snippet host (or inside one, or a slot)
//   events     kairos:* events with performance.now() (relative to navigation start)
//   scrolls    when each scroll event reached the page (this listener runs before the kernel's)
//   posts      messages the page posted to a Worker (type, seq, reason, time)
//   replies    messages a Worker posted back (type, seq, engine_ms, decisions, time)
//   hidden     time <html> or <body> was hidden (opacity 0, visibility hidden, display none),
//              sampled every animation frame, and the attribute changes made to them
(() => {
  const B = (window.__bench = {
    longtasks: [], loafs: [], shifts: [], events: [], posts: [], replies: [], scrolls: [],
    hidden: { ms: 0, frames: 0, hiddenFrames: 0, changes: [] }, stopped: false,
  });

  function observe(type, record) {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(record))
        .observe({ type, buffered: true });
    } catch (_) {
      /* entry type not supported by this browser: the list stays empty */
    }
  }

  /** "kairos" when `node` is a snippet host, inside one (also across its shadow root) or a slot. */
  function owner(node) {
    for (let n = node; n; n = n.parentNode || n.host) {
      if (n.nodeType === 1 && (n.hasAttribute("data-kairos-host") || n.hasAttribute("data-kairos-slot"))) {
        return "kairos";
      }
    }
    return "page";
  }
  function describe(node) {
    if (!node) return { owner: "unknown", node: null };
    const el = node.nodeType === 1 ? node : node.parentElement;
    const name = el ? el.tagName.toLowerCase() + (el.id ? `#${el.id}` : "") +
      (el.className && typeof el.className === "string" ? `.${el.className.split(" ").join(".")}` : "") : "#text";
    return { owner: owner(node), node: name };
  }

  observe("longtask", (e) => B.longtasks.push({ start: e.startTime, duration: e.duration }));
  observe("long-animation-frame", (e) => B.loafs.push({
    start: e.startTime, duration: e.duration, blocking: e.blockingDuration,
    scripts: (e.scripts || []).map((s) => ({ url: s.sourceURL, fn: s.sourceFunctionName,
      invoker: s.invoker, duration: s.duration, layout: s.forcedStyleAndLayoutDuration,
      start: s.startTime, compile: s.executionStart ? s.executionStart - s.startTime : null })),
  }));
  observe("layout-shift", (e) => B.shifts.push({
    start: e.startTime, value: e.value, recent: e.hadRecentInput,
    sources: (e.sources || []).map((s) => describe(s.node)),
  }));

  addEventListener("scroll", () => B.scrolls.push(performance.now()), { capture: true, passive: true });

  for (const name of ["ready", "decision", "exposure", "error", "evaluated", "dismiss", "cached"]) {
    addEventListener(`kairos:${name}`, (e) => B.events.push({ name, t: performance.now(), detail: e.detail }));
  }

  // The engine's replies carry engine_ms (Python time per update); the kernel keeps them to
  // itself, so we listen on every Worker the page creates. Our listener is added before the
  // kernel sets onmessage, so it sees each reply first.
  const NativeWorker = window.Worker;
  if (NativeWorker) {
    const Probed = function Worker(url, options) {
      const worker = new NativeWorker(url, options);
      const post = worker.postMessage.bind(worker);
      worker.postMessage = (message, ...rest) => {
        if (message && typeof message === "object") {
          B.posts.push({ type: message.type, seq: message.seq, reason: message.reason, t: performance.now() });
        }
        return post(message, ...rest);
      };
      worker.addEventListener("message", (event) => {
        const d = event.data || {};
        B.replies.push({ type: d.type, seq: d.seq, reason: d.reason, engine_ms: d.engine_ms,
          boot_ms: d.boot_ms, decisions: Array.isArray(d.decisions) ? d.decisions.length : 0,
          t: performance.now() });
      });
      return worker;
    };
    Probed.prototype = NativeWorker.prototype;
    window.Worker = Probed;
  }

  // Page hiding (anti-flicker snippets hide <html> or <body> until they decide): sample the
  // computed style every frame, and log every style/class change made to <html> and <body>.
  function hiddenNow() {
    for (const el of [document.documentElement, document.body]) {
      if (!el) continue;
      const cs = getComputedStyle(el);
      if (cs.opacity === "0" || cs.visibility === "hidden" || cs.display === "none") return true;
    }
    return false;
  }
  let last = null;
  function frame(t) {
    if (B.stopped) return;
    const hidden = hiddenNow();
    if (last !== null && hidden) B.hidden.ms += t - last;
    B.hidden.frames += 1;
    if (hidden) B.hidden.hiddenFrames += 1;
    last = t;
    requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.target === document.documentElement || r.target === document.body) {
        B.hidden.changes.push({ t: performance.now(), el: r.target.tagName.toLowerCase(),
          attr: r.attributeName, value: r.target.getAttribute(r.attributeName) });
      }
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ["style", "class", "hidden"] });
})();
