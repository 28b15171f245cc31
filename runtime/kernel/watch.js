// The watch list -> wake-ups. The compiler lists, per signal, the thresholds rules compare it
// with; the kernel wakes the engine exactly when one is crossed or a watched discrete signal
// changes, instead of polling. `[value, ">"]` wakes 1 ms past the value, so the strict
// comparison already holds when the engine looks. A mark may name the page types where its
// rules can hold: crossed on another type, it wakes nobody it concerns and is skipped (if the
// view's type changes later, `page.type` wakes the engine with the dwell and scroll of then).

/* global __KAIROS_WATCH__ */
const WATCH = __KAIROS_WATCH__; // the IR's watch list (docs/contracts.md section 3), baked in at build

const past = (value, op) => value + (op === ">" ? 1 : 0);
const COMPARE = {
  ">": (a, b) => a > b, ">=": (a, b) => a >= b, "<": (a, b) => a < b,
  "<=": (a, b) => a <= b, "==": (a, b) => a === b, "!=": (a, b) => a !== b,
};
const holds = (value, op, mark) => (COMPARE[op] || COMPARE[">="])(value, mark);

/** Arm every threshold of the watch list on the live trackers for `view` (its type, product
 * and product dwell before it opened); `wake(reason)` posts an update. */
export function armWatch({ dwell, scroll, sections, view }, wake, watch = WATCH) {
  const thresholds = watch.thresholds || {};
  const here = (pages) => !pages || pages.includes(view.type);
  const wakeHere = (pages, reason) => () => here(pages) && wake(reason);
  for (const [value, op, pages] of thresholds["page.dwell"] || []) {
    dwell.at(past(value, op), wakeHere(pages, "page.dwell"));
  }
  for (const [value, op, pages] of thresholds["product.dwell"] || []) {
    const remaining = past(value, op) - view.productDwellBefore;
    if (view.product && remaining > 0) dwell.at(remaining, wakeHere(pages, "product.dwell"));
  }
  for (const [selector, marks] of Object.entries(thresholds["section.dwell"] || {})) {
    for (const [value, op, pages] of marks) sections.at(selector, past(value, op), wakeHere(pages, "section.dwell"));
  }
  const scrollMarks = thresholds["page.scroll"] || [];
  let lastDepth = scroll.depth();
  const stopScroll = scroll.onDepth((depth) => {
    if (scrollMarks.some(([value, op, pages]) => here(pages) && holds(lastDepth, op, value) !== holds(depth, op, value))) {
      wake("page.scroll");
    }
    lastDepth = depth;
  });
  // Discrete signals rules read, plus thresholded ones whose crossings we only hear about as
  // changes (section scroll): a change to either wakes the engine.
  const watched = [...(watch.signals || []), ...Object.keys(thresholds)];
  const reads = (signal) =>
    watched.some((name) => name === signal || name.startsWith(`${signal}.`) || signal.startsWith(`${name}.`));
  return {
    /** Wake for a discrete signal change only when some rule reads that signal. */
    changed(signal) {
      if (reads(signal)) wake(signal);
    },
    /** Disarm (a new page view arms its own; dwell and section waits reset with their trackers). */
    dispose: stopScroll,
  };
}
