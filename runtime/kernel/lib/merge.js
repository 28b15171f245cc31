// The union of two visit histories (see lib/history.js): the record is a grow-only set of
// timestamped facts, so merging two tabs' copies loses nothing. merge(theirs, ours) keeps theirs
// wherever ours is not newer (a view's category learnt late counts as newer), so it differs
// from theirs only when ours holds something theirs lacks. A tab writes the union back only
// then: two tabs whose copies of one fact differ at the same time stamp (a product's summary
// dropped in one) would otherwise each prefer their own and write back and forth forever.

import { CARRY, KEY, MAX_VIEWS, parse } from "./history.js";

const viewKey = (view) => `${view[0]}|${view[1]}|${view[4]}`;

/** Both tabs' price observations, by time, a price repeated in a row kept once (the first). */
function mergePrices(a, b) {
  const byTime = new Map();
  for (const entry of [...(a || []), ...(b || [])]) byTime.set(entry[0], entry);
  const out = [];
  for (const entry of [...byTime.values()].sort((x, y) => x[0] - y[0])) {
    if (!out.length || out[out.length - 1][1] !== entry[1]) out.push(entry);
  }
  return out.slice(-6);
}

/** The union of two histories: every view, session, exposure and product fact of both; `a`'s
 * where both hold the same one differently. merge(a, a) is `a` (as JSON). */
export function merge(a, b) {
  const out = { ...a, visitor: a.visitor < b.visitor ? a.visitor : b.visitor };
  const views = new Map();
  for (const view of [...a.views, ...b.views]) {
    const key = viewKey(view), known = views.get(key);
    if (!known || (known[3] == null && view[3] != null)) views.set(key, view); // a category learnt late
  }
  out.views = [...views.values()].sort((x, y) => x[0] - y[0]).slice(-MAX_VIEWS);
  const sessions = new Map();
  for (const s of [...a.sessions, ...b.sessions]) {
    const known = sessions.get(s.id);
    sessions.set(s.id, known ? { id: s.id, start: Math.min(known.start, s.start),
      last: Math.max(known.last, s.last), views: Math.max(known.views, s.views) } : { ...s });
  }
  out.sessions = [...sessions.values()].sort((x, y) => x.start - y.start);
  out.exposures = {};
  for (const id of new Set([...Object.keys(a.exposures), ...Object.keys(b.exposures)])) {
    const times = new Set([...(a.exposures[id] || []), ...(b.exposures[id] || [])]);
    out.exposures[id] = [...times].sort((x, y) => x - y);
  }
  out.products = { ...a.products };
  for (const [id, p] of Object.entries(b.products)) {
    const q = out.products[id];
    out.products[id] = !q ? p : { ...(p.seen > q.seen ? p : q), dwell: Math.max(p.dwell, q.dwell),
      seen: Math.max(p.seen, q.seen), prices: mergePrices(p.prices, q.prices) };
  }
  if (b.aliases) out.aliases = { ...a.aliases, ...b.aliases, ...a.aliases }; // a's order, then b's new
  const lastA = a.last, lastB = b.last;
  out.last = !lastA ? lastB : !lastB ? lastA : lastA.ts >= lastB.ts ? lastA : lastB;
  if (!out.last) delete out.last;
  const newerCart = (b.cartAt || 0) > (a.cartAt || 0) ? b : a;
  out.cart = newerCart.cart;
  out.cartAt = newerCart.cartAt || 0;
  return out;
}

let adopted = 0;

/** Merge into `history` (the page's first write, its view) the record this tab's previous page
 * handed on as it left: facts another tab may have written over before that page heard of it
 * (lib/history.js). Once per page, and only into the same visitor's history: nothing stored
 * means cleared or forgotten, and another visitor's history may have begun after a forget that
 * the handed record predates (two tabs' first views at once also differ in visitor; those are
 * merged while both pages live, by the storage event). */
export function adoptHanded(history) {
  if (adopted++) return history;
  addEventListener("pagehide", handOn); // after the kernel's own (registered as it started)
  let text = null;
  try {
    text = sessionStorage.getItem(CARRY);
    if (text) sessionStorage.removeItem(CARRY);
    if (text === localStorage.getItem(KEY)) return history; // as usual: nothing written over
  } catch (_) {} // no sessionStorage (a sandboxed frame): nothing was handed on
  const ours = text && parse(text);
  return ours && ours.visitor === history.visitor ? merge(history, ours) : history;
}

/** As the page leaves, after the kernel's last write (its dwell): the stored record, for the
 * tab's next page. Only what localStorage holds: nothing while consent is not given. */
function handOn() {
  try {
    const text = localStorage.getItem(KEY);
    if (text) sessionStorage.setItem(CARRY, text);
  } catch (_) {} // no sessionStorage, or full: the page's facts stay with the other tabs
}
