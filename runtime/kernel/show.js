// A decision reaches the page: drawn by the snippet UI (or not drawn: a control or a holdout),
// then counted as an exposure once seen (events/seen.js), in the history (caps count it from
// that moment), on window, in dataLayer and at the sink. Clicks, dismissals, answers and
// conversions follow (docs/contracts.md, Events).

// Part of the lazy half: the kernel hands in its own emit/fault/mutate, so storage and
// history state (memory fallback, last write) exist once, in the eager script.

import { exposedAhead } from "./ahead.js";
import { makeEvents, pageviewId } from "./events/record.js";
import { whenSeen } from "./events/seen.js";
import { canonical } from "./page/identity.js";
import { findSlot, insert } from "./render/insert.js";
import { styleSheet } from "./render/styles.js";

/** The last exposure of the session, kept for attributing conversions (history `last`). */
function lastExposure(decision, at, history, view) {
  const session = history.sessions[history.sessions.length - 1];
  return { rule: decision.rule, snippet: decision.snippet, variant: decision.variant ?? null,
    placement: decision.placement, slot: decision.slot ?? null, ts: at, session: session ? session.id : null,
    pageview: pageviewId(view), orders: [], ...(decision.qa && { qa: true }) };
}

/**
 * makeUI(...) -> {show(decision, view, occupied), converted(name, params, view)}: one snippet
 * per slot and one overlay per page view; `currentView()` tells whether the shopper is still on
 * the view a decision was for.
 */
export function makeUI({ currentView, emit, fault, mutate, read, setting, consent, mode }) {
  const events = makeEvents({ emit, setting, consent, mode });
  // The snippets' stylesheet is parsed once per page: at the first idle moment (while the
  // engine boots), not on the first snippet's way to the page (8 of its 18 ms on a 4x slower
  // CPU). A decision drawn ahead as the view opens still parses it then.
  if ("requestIdleCallback" in window) requestIdleCallback(() => guardUI(styleSheet));

  function show(decision, view, occupied) {
    const key = decision.placement === "slot" ? `slot:${decision.slot}` : "overlay";
    if (occupied.has(key)) return;
    const slot = decision.placement === "slot" ? findSlot(decision.slot) : null;
    if (decision.placement === "slot" && !slot) return; // no such slot here: nothing shown or counted
    occupied.add(key);
    let tracker = null;
    const interacted = (type, extra) => guardUI(() => {
      if (tracker) tracker.now(); // an interaction proves it was seen
      events.record(type, decision, view, read(Date.now()), extra);
    });
    const drawn = decision.html == null
      // A control or holdout is counted where and when the treatment would have been seen,
      // so the experiment's groups compare alike.
      ? Promise.resolve({ target: slot })
      : Promise.resolve(insert(decision, {
        dismiss: () => interacted("dismiss", {}),
        click: (target) => interacted("click", { target }),
        answer: (question, answer) => interacted("answer", { question, answer }),
      }));
    drawn.then((placed) => {
      if (!placed || currentView() !== view) return;
      emit("decision", { rule: decision.rule, snippet: decision.snippet, variant: decision.variant,
        placement: decision.placement, slot: decision.slot, ahead: Boolean(decision.ahead),
        // A QA link's decision (build --qa) says so, so that reports can leave it out.
        ...(decision.qa && { qa: true, preview: Boolean(decision.preview) }) });
      tracker = whenSeen(decision.rule, placed.target, (at, interacted) => guardUI(() => {
        // A snippet removed meanwhile (withdrawn) was not seen, unless the shopper closed it.
        if (currentView() !== view || (!interacted && placed.host && !placed.host.isConnected)) return;
        const history = mutate(at, (record) => {
          (record.exposures[decision.rule] = record.exposures[decision.rule] || []).push(at);
          exposedAhead(record, decision.rule);
          record.last = lastExposure(decision, at, record, view);
        });
        events.record("exposure", decision, view, history, { ahead: Boolean(decision.ahead) });
      }));
    }, (error) => fault("ui", error));
  }

  const guardUI = (fn) => {
    try {
      fn();
    } catch (error) {
      fault("ui", error);
    }
  };

  /** A GA4 add_to_cart or purchase: a conversion of the session's last exposure, if any
   * (controls and holdouts included: that is what lift compares). A purchase is counted once
   * per transaction_id. */
  function converted(name, params, view) {
    guardUI(() => {
      let last = null;
      const order = params && params.transaction_id != null ? String(params.transaction_id) : null;
      const history = mutate(Date.now(), (record) => {
        const session = record.sessions[record.sessions.length - 1];
        if (!record.last || !session || record.last.session !== session.id) return;
        if (name === "purchase" && order) {
          if ((record.last.orders || []).includes(order)) return; // the thank-you page reloaded
          record.last.orders = [...(record.last.orders || []), order].slice(-10);
        }
        last = record.last;
      });
      if (!last) return;
      const items = (params && Array.isArray(params.items) ? params.items : []).filter((i) => i && typeof i === "object")
        .map((i) => ({ item_id: canonical(i.item_id, history.aliases), quantity: Number(i.quantity) || 1,
          price: Number(i.price) || 0 }));
      const total = items.reduce((sum, i) => sum + i.price * i.quantity, 0);
      const value = Number(params && params.value);
      events.record("conversion", last, view, history, {
        event: name, value: params && params.value != null && Number.isFinite(value) ? value : Math.round(total * 100) / 100,
        currency: (params && params.currency) || view.currency || null, items,
        transaction_id: order, exposure_ts: last.ts,
      });
    });
  }

  return { show, converted, flush: events.flush, forget: events.clear };
}
