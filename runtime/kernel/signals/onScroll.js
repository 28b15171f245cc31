// Page scroll depth: max of (scrollTop + innerHeight) / scrollHeight, 100 % when the page fits.

/** Call `onChange(percent)` when the maximum depth grows; returns {depth(), reset()}. */
export function onScroll(onChange) {
  let max = 0;

  function measure() {
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
  measure();
  return {
    depth: () => max,
    reset() {
      max = 0;
      measure();
    },
  };
}
