// Web Vitals of the store's own page, installed before any page script (after web-vitals'
// IIFE attribution build, from node_modules: the `webVitals` global) by tools/bench's vitals
// measure. It only records; the store and Kairos see nothing of it.
//
// window.__vitals holds:
//   lcp, lcpTarget     the largest contentful paint (ms after navigation) and its element;
//   lcpParts           its time to first byte, load delay, load duration and render delay
//   cls                cumulative layout shift (session windows, as web-vitals computes it)
//   inp, inpTarget     interaction to next paint over every interaction (durationThreshold 0,
//                      so a quick interaction counts too) and the element it was on;
//   inpParts           its input delay / processing / presentation and the scripts that ran
//   loads              image URL -> performance.now() of its load event
//   below              the images below the fold when the page loaded (their URLs)
(() => {
  const V = (window.__vitals = { lcp: null, lcpTarget: null, cls: 0, inp: null, inpTarget: null,
    inpParts: null, lcpParts: null,
    loads: {}, below: null });
  const wv = window.webVitals;
  if (!wv) return;
  const all = { reportAllChanges: true };
  wv.onLCP((m) => {
    const a = m.attribution || {};
    V.lcp = m.value;
    V.lcpTarget = a.target;
    V.lcpParts = { ttfb: a.timeToFirstByte, loadDelay: a.resourceLoadDelay,
      loadDuration: a.resourceLoadDuration, renderDelay: a.elementRenderDelay };
  }, all);
  wv.onCLS((m) => { V.cls = m.value; }, all);
  wv.onINP((m) => {
    const a = m.attribution || {};
    V.inp = m.value;
    V.inpTarget = a.interactionTarget;
    V.inpParts = { type: a.interactionType, input: a.inputDelay, processing: a.processingDuration,
      presentation: a.presentationDelay, at: a.interactionTime,
      scripts: (a.longAnimationFrameEntries || []).flatMap((f) => f.scripts.map((x) =>
        [x.sourceURL.slice(x.sourceURL.lastIndexOf("/") + 1), x.invoker, Math.round(x.duration)])) };
  }, { ...all, durationThreshold: 0 });
  // On document, capture phase: an element's load event never reaches window, nor bubbles.
  document.addEventListener("load", (event) => {
    const target = event.target;
    if (target instanceof HTMLImageElement) V.loads[target.src] = performance.now();
  }, true);
  // Below the fold: every image whose box starts under the first screen, as the page loads.
  addEventListener("DOMContentLoaded", () => {
    V.below = [...document.images].filter((img) => img.getBoundingClientRect().top >= innerHeight)
      .map((img) => img.src);
  });
})();
