// Page-load moments decided ahead (part of the lazy half). With the first update of each view
// the kernel describes the next view of the same page as it would open now; the engine
// renders the slot decisions it would make there (engine.predict), and the kernel keeps them
// with the history. When that view opens in the same session, the kernel draws them at once,
// before the engine has booted; the engine's first answer there withdraws any that the
// view's real facts no longer support (engine.withdrawn).

import { withdraw } from "./render/insert.js";

const MAX_STORED = 8192; // characters of rendered HTML kept with the history, at most

/** Draw the decisions made ahead for `view` (its `ahead`); their rules await confirmation. */
export function applyAhead(view, occupied, show) {
  const decisions = view.ahead || [];
  view.ahead = null;
  view.prerendered = decisions.map((decision) => decision.rule);
  view.aheadSlots = Object.fromEntries(decisions.map((d) => [d.rule, `slot:${d.slot}`]));
  for (const decision of decisions) show({ ...decision, ahead: true }, view, occupied);
}

/** After an engine reply about `view`: remove refuted decisions made ahead, and keep the
 * decisions made for the next view of this page with the history. */
export function settle(reply, view, occupied, mutate, retentionDays) {
  if (reply.withdraw) {
    for (const rule of reply.withdraw) {
      withdraw(rule);
      occupied.delete(view.aheadSlots[rule]); // the slot is free for what the engine decides
    }
    view.prerendered = [];
  }
  if (!reply.next) return;
  const decisions = reply.next;
  const size = decisions.reduce((sum, decision) => sum + (decision.html || "").length, 0);
  mutate(Date.now(), (history) => {
    const session = history.sessions[history.sessions.length - 1];
    if (decisions.length && size <= MAX_STORED && session) {
      history.next = { url: view.url, session: session.id, decisions };
    } else delete history.next;
  }, retentionDays);
}
