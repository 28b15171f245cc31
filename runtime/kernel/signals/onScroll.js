// Page scroll depth: max of (scrollTop + innerHeight) / scrollHeight, 100 % when the page fits.

/** Track the maximum depth; returns {depth(), onDepth(fn), reset()}; fn(percent) on growth. */
export function onScroll() {
  let max = 0;
  const listeners = [];
  const onChange = (depth) => listeners.forEach((fn) => fn(depth));

  function measure() {
    // Before load a page is half-built: a phone's early resize (its viewport meta applied) or a
    // restored scroll would measure a short page as seen to the end.
    if (document.readyState !== "complete") return;
    const root = document.scrollingElement || document.documentElement;
    const height = Math.max(root.scrollHeight, 1);
    const seen = (window.scrollY || root.scrollTop) + window.innerHeight;
    const depth = Math.min(100, Math.round((seen / height) * 1000) / 10);
    if (depth > max) {
      max = depth;
      onChange(max);
    }
  }

  window.addEventListener("scroll", measure, { passive: true, capture: true });
  window.addEventListener("resize", measure, { passive: true });
  // Not now: an async script in <head> may run before the page is laid out, and reading
  // scrollHeight then both forces a layout (a long task) and measures a half-built page.
  measure();
  window.addEventListener("load", measure, { once: true });
  return {
    depth: () => max,
    onDepth(fn) {
      listeners.push(fn);
      return () => listeners.splice(listeners.indexOf(fn), 1);
    },
    reset() {
      max = 0;
      measure();
    },
  };
}
