// A decision reaches the page: drawn by the lazy snippet UI (or not drawn: a control or a
// holdout), then counted as an exposure in the history, on window and in dataLayer.

// Part of the lazy half: the kernel hands in its own emit/fault/mutate, so storage and
// history state (memory fallback, last write) exist once, in the eager script.

import { exposedAhead } from "./ahead.js";
import { findSlot } from "./render/insert.js";

/**
 * show(decision, view, occupied): one snippet per slot and one overlay per page view;
 * `currentView()` tells whether the shopper is still on the view the decision was for.
 */
export function makeShow({ loadLazy, currentView, retentionDays, emit, fault, mutate }) {
  return function show(decision, view, occupied) {
    const key = decision.placement === "slot" ? `slot:${decision.slot}` : "overlay";
    if (occupied.has(key)) return;
    occupied.add(key);
    const slotMissing = decision.placement === "slot" && !findSlot(decision.slot);
    const placed = decision.html == null
      // A control or holdout is counted, but only where the treatment could have been shown;
      // otherwise the experiment's groups would not compare alike.
      ? Promise.resolve(!slotMissing)
      : loadLazy().then((module) => currentView() === view &&
          !!module.insert(decision, () => emit("dismiss", { rule: decision.rule })));
    placed.then((ok) => {
      if (!ok) {
        occupied.delete(key); // no such slot on this page: nothing shown, nothing counted
        return;
      }
      const at = Date.now();
      mutate(at, (history) => {
        (history.exposures[decision.rule] = history.exposures[decision.rule] || []).push(at);
        exposedAhead(history, decision.rule);
      }, retentionDays);
      const detail = { rule: decision.rule, snippet: decision.snippet, variant: decision.variant,
        placement: decision.placement, slot: decision.slot, ahead: Boolean(decision.ahead),
        // A QA link's decision (build --qa) says so, so that reports can leave it out.
        ...(decision.qa && { qa: true, preview: Boolean(decision.preview) }) };
      emit("decision", detail);
      emit("exposure", detail);
      (window.dataLayer = window.dataLayer || []).push({
        event: "kairos_exposure", kairos_rule: decision.rule, kairos_variant: decision.variant,
      });
    }, (error) => fault("ui", error));
  };
}
