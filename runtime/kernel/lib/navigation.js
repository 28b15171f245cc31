// Page views in single-page apps: pushState, replaceState, popstate and hashchange start a new
// page view when the URL changes; a back/forward-cache restore starts one too (as in GA4 and
// web-vitals). The host needs no code for any of it. Not page views: a jump to an in-page
// anchor (#reviews: an element with that id exists) and replaceState on the same path (a
// store recording the chosen variant in ?variant=).

import { onBFCacheRestore } from "./visibility.js";

/**
 * Call `onView(kind, changedAt)` after each URL change ("push", "replace", "pop", "hash") or
 * bfcache restore; `changedAt` is the performance.now() of the change itself.
 */
export function onNavigate(onView) {
  let href = location.href;
  const check = (kind) => {
    if (location.href === href) return;
    const before = new URL(href);
    href = location.href;
    if (kind === "replace" && before.pathname === location.pathname) return;
    if (before.pathname + before.search === location.pathname + location.search) {
      // Only the fragment changed: a jump within the page, or a hash route (#/cart, #tarp)?
      const anchor = (hash) => {
        const id = decodeURIComponent(hash.slice(1));
        return id.startsWith(":~:") || !!document.getElementById(id);
      };
      if (location.hash ? anchor(location.hash) : !before.hash || anchor(before.hash)) return;
    }
    const changedAt = performance.now();
    // Let the app render the new view (and its JSON-LD) before we read the page.
    setTimeout(() => onView(kind, changedAt), 0);
  };
  for (const method of ["pushState", "replaceState"]) {
    const original = history[method];
    if (typeof original !== "function") continue;
    history[method] = function (...args) {
      const result = original.apply(this, args);
      try {
        check(method === "pushState" ? "push" : "replace");
      } catch (_) {}
      return result;
    };
  }
  window.addEventListener("popstate", () => check("pop"));
  window.addEventListener("hashchange", () => check("hash"));
  onBFCacheRestore(() => {
    href = location.href;
    onView("bfcache", performance.now());
  });
}
