// Page-load moments decided ahead (part of the lazy half). With the first update of each view
// the kernel describes the next view of the same page as it would open now (state.js); the
// engine renders the slot decisions it would make there (kairos_engine/ahead.py,
// decide_ahead), and the kernel keeps them with the history. When that view opens in the
// same session, the kernel draws them at once, before the engine has booted; the engine's
// first answer there withdraws any that the view's real facts refute (ahead.py, refuted).

import { unseen } from "./events/seen.js";
import { findSlot, withdraw } from "./render/insert.js";

const MAX_STORED = 8192; // characters of decisions kept with the history, at most

/** Draw the decisions kept for `view` (its `ahead`, if made by this build); their rules
 * await the engine's confirmation (`view.drawnAhead`, sent in the caps history). */
export function applyAhead(view, occupied, show, version) {
  const kept = view.ahead;
  view.ahead = null;
  const decisions = kept && kept.version === version ? kept.decisions : [];
  view.drawnAhead = decisions.map((decision) => decision.rule);
  view.aheadSlots = Object.fromEntries(decisions.map((decision) => [decision.rule, decision.slot]));
  for (const decision of decisions) show({ ...decision, ahead: true }, view, occupied);
}

/** After an engine reply about `view`, before its decisions are drawn: remove refuted
 * decisions drawn ahead (their slots are free for this reply's decisions), keep the
 * decisions made for the next view of this page with the history, and keep the view's
 * latest predictions (kairos.state() shows them). */
export function settle(reply, view, occupied, mutate, retentionDays, version) {
  if (reply.predictions) view.predictions = reply.predictions;
  if (reply.withdraw) {
    for (const rule of reply.withdraw) {
      withdraw(rule);
      unseen(rule); // not counted once withdrawn, however long its slot stays in view
      const slot = view.aheadSlots[rule];
      // Free unless the decision never got the slot and something else holds it now.
      if (!findSlot(slot)?.querySelector("[data-kairos-host]")) occupied.delete(`slot:${slot}`);
    }
    view.drawnAhead = [];
  }
  if (!reply.next) return;
  const decisions = reply.next;
  const fits = JSON.stringify(decisions).length <= MAX_STORED;
  mutate(Date.now(), (history) => {
    const session = history.sessions[history.sessions.length - 1];
    if (decisions.length && fits && session) {
      history.next = { url: view.url, session: session.id, version, decisions };
    } else delete history.next;
  }, retentionDays);
}

/** An exposure of `rule` was recorded in `history`: a kept decision of the same rule with a
 * limit or cooldown may no longer hold on the next view, so it is dropped (the engine
 * decides it there itself). */
export function exposedAhead(history, rule) {
  if (history.next) history.next.decisions = history.next.decisions.filter((d) => !(d.rule === rule && d.capped));
}
