// Section dwell, seen and scroll for CSS selectors named by rules (IntersectionObserver).
// A section is "in view" when at least 50 % of it is visible, or, for a section taller than
// the window, when it fills at least 50 % of the window (else a long reviews list never counts).
// Its dwell is the page's engaged time while it is in view, so hidden, blurred and idle
// time never counts here either.

/**
 * Track `selectors`. `dwell` is the page's engaged-time clock ({dwell(), at(ms, fn)}).
 * `onChange(selector, what)` fires when a section's `seen` flips or its scroll grows.
 * Returns {read(): {selector: {dwell, seen, scroll}}, at(selector, ms, fn), reset()}.
 */
export function onSection(selectors, dwell, onChange) {
  const sections = new Map();
  for (const selector of selectors) {
    sections.set(selector, { acc: 0, since: null, seen: false, scroll: 0, el: null });
  }
  const value = (s) => s.acc + (s.since === null ? 0 : dwell.dwell() - s.since);
  const waits = [];

  function armWaits() {
    for (const wait of waits.splice(0)) schedule(wait);
  }
  function schedule(wait) {
    const s = sections.get(wait.selector);
    const missing = wait.ms - value(s);
    if (missing <= 0) return wait.fn();
    if (s.since === null) return waits.push(wait); // re-armed when it comes into view
    dwell.at(dwell.dwell() + missing, () => schedule(wait));
  }

  let observer = null;
  function observe() {
    if (!("IntersectionObserver" in window)) return;
    observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const selector = entry.target.__kairosSection;
          const s = sections.get(selector);
          if (!s) continue;
          const viewport = entry.rootBounds ? entry.rootBounds.height : innerHeight;
          const visible = entry.intersectionRect.height;
          const inView = entry.isIntersecting &&
            (entry.intersectionRatio >= 0.5 || visible >= 0.5 * viewport);
          const box = entry.boundingClientRect;
          const depth = box.height > 0 ? Math.min(100, Math.max(0, ((viewport - box.top) / box.height) * 100)) : 0;
          if (depth > s.scroll) {
            s.scroll = Math.round(depth * 10) / 10;
            onChange(selector, "scroll");
          }
          if (inView && s.since === null) {
            s.since = dwell.dwell();
            if (!s.seen) {
              s.seen = true;
              onChange(selector, "seen");
            }
            armWaits();
          } else if (!inView && s.since !== null) {
            s.acc += dwell.dwell() - s.since;
            s.since = null;
          }
        }
      },
      { threshold: [0, 0.1, 0.25, 0.5, 0.75, 1] },
    );
    for (const [selector, s] of sections) {
      let el = null;
      try {
        el = document.querySelector(selector);
      } catch (_) {
        continue; // an invalid selector never matches (the compiler checks them too)
      }
      if (!el) continue;
      el.__kairosSection = selector;
      s.el = el;
      observer.observe(el);
    }
  }
  if (sections.size) observe();

  return {
    read() {
      const out = {};
      for (const [selector, s] of sections) {
        out[selector] = { dwell: Math.floor(value(s)), seen: s.seen, scroll: s.scroll };
      }
      return out;
    },
    at(selector, ms, fn) {
      if (sections.has(selector)) schedule({ selector, ms, fn });
    },
    reset() {
      if (observer) observer.disconnect();
      waits.length = 0;
      for (const s of sections.values()) Object.assign(s, { acc: 0, since: null, seen: false, scroll: 0 });
      if (sections.size) observe();
    },
  };
}
