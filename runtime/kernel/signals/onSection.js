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

  // One observer per section (a selector's state lives in its closure, so two selectors may
  // match one element). Fixed ratio thresholds alone miss the "fills half the window" case of
  // a tall section: a 2400 px section in a 720 px window goes from 40 % to 60 % of the window
  // between ratios 0.12 and 0.18 without crossing any of 0.1 / 0.25, so it never came into
  // view. Once a section's height is known (first callback), its observer is re-made with the
  // ratios at which it fills half the window (rounded down and up, so one of them is crossed
  // on each side of the exact point), and re-made again when its height or the window changes.
  const THRESHOLDS = [0, 0.1, 0.25, 0.5, 0.75, 1];
  const observers = new Set();

  function fillRatios(entry) {
    const viewport = entry.rootBounds ? entry.rootBounds.height : innerHeight;
    const height = entry.boundingClientRect.height;
    const fill = height > 0 ? (0.5 * viewport) / height : 1;
    if (fill >= 0.5) return []; // not taller than the window: 50 % visible comes first
    return [Math.floor(fill * 1e4) / 1e4, Math.ceil(fill * 1e4) / 1e4];
  }

  function watchSection(selector, s, extra) {
    if (s.observer) {
      s.observer.disconnect();
      observers.delete(s.observer);
    }
    s.extra = extra.join(",");
    const threshold = [...new Set([...THRESHOLDS, ...extra])].sort((a, b) => a - b);
    s.observer = new IntersectionObserver((entries) => {
      for (const entry of entries) seen(selector, s, entry);
    }, { threshold });
    observers.add(s.observer);
    s.observer.observe(s.el);
  }

  function seen(selector, s, entry) {
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
    const extra = fillRatios(entry);
    if (extra.join(",") !== s.extra) watchSection(selector, s, extra); // its first callback re-reports
  }

  function observe() {
    if (!("IntersectionObserver" in window)) return;
    for (const [selector, s] of sections) {
      let el = null;
      try {
        el = document.querySelector(selector);
      } catch (_) {
        continue; // an invalid selector never matches (the compiler checks them too)
      }
      if (!el) continue;
      s.el = el;
      s.observer = null;
      watchSection(selector, s, []);
    }
  }
  function disconnect() {
    for (const observer of observers) observer.disconnect();
    observers.clear();
  }
  if (sections.size) {
    observe();
    // A new window height moves the "fills half the window" ratios: re-make the observers
    // (each one's first callback reports the section afresh).
    window.addEventListener("resize", () => {
      for (const [selector, s] of sections) if (s.observer) watchSection(selector, s, []);
    }, { passive: true });
  }

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
      disconnect();
      waits.length = 0;
      for (const s of sections.values()) {
        Object.assign(s, { acc: 0, since: null, seen: false, scroll: 0, el: null, observer: null, extra: "" });
      }
      if (sections.size) observe();
    },
  };
}
