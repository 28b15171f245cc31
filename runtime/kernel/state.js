// The signal snapshot sent to the engine: one flat object, every vocabulary key present
// (see docs/contracts.md section 2), built from the page, the history and live trackers.

import { readContext } from "./page/context.js";
import { canonical } from "./page/identity.js";
import { qaSettings } from "./lib/qa.js";

const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const DAY = 86400000;

function localDate(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Timestamps of views whose field `index` (1 url, 2 product, 3 category) equals `value`. */
function viewsOf(record, index, value) {
  if (value == null) return [];
  return record.views.filter((view) => view[index] === value).map((view) => view[0]);
}

/** The full snapshot at `now` for the page view `view` ({url, product, category, type, ...}). */
export function snapshot(now, view, record, live) {
  const product = view.product;
  const session = record.sessions[record.sessions.length - 1] || { id: null, start: now, views: 1 };
  const sessionViews = record.views.filter((v) => v[4] === session.id);
  const previous = record.sessions.length > 1 ? record.sessions[record.sessions.length - 2] : null;
  const items = Object.values(record.cart);
  const date = new Date(now);
  const dwell = Math.floor(live.dwell());
  return {
    now,
    "page.type": view.type,
    "page.url": view.url,
    "page.dwell": dwell,
    "page.scroll": live.scroll(),
    "page.views": sessionViews.length,
    "product.id": product ? product.id : null,
    "product.name": product ? product.name : null,
    "product.category": product ? product.category : null,
    "product.currency": product ? product.currency : null,
    "product.price": product ? product.price : null,
    "product.rating": product ? product.rating : null,
    "product.review_count": product ? product.review_count : null,
    "product.dwell": product ? view.productDwellBefore + dwell : 0,
    "product.last_price": view.lastPrice,
    "visits.url": viewsOf(record, 1, view.url),
    "visits.product": product ? viewsOf(record, 2, product.id) : [],
    "visits.category": viewsOf(record, 3, view.category),
    "visits.sessions": record.sessions.length,
    "visits.days_since_last": previous ? Math.floor((now - previous.last) / DAY) : null,
    "visits.returning": record.sessions.length > 1,
    "visits.session_products": new Set(sessionViews.map((v) => v[2]).filter(Boolean)).size,
    "visits.session_categories": new Set(sessionViews.map((v) => v[3]).filter(Boolean)).size,
    // Cart lines under their product's one id, whatever id the store's analytics gave them.
    "cart.items": [...new Set(items.map((item) => canonical(item.id, record.aliases)))].sort(),
    "cart.count": items.reduce((sum, item) => sum + item.quantity, 0),
    "cart.value": Math.round(items.reduce((sum, item) => sum + item.price * item.quantity, 0) * 100) / 100,
    section: live.sections(),
    "behavior.exit_intent": live.behavior.exit_intent,
    "behavior.idle": live.idle(),
    "behavior.hidden_count": live.behavior.hidden_count,
    "behavior.copied": live.behavior.copied,
    clicks: { ...live.behavior.clicks },
    ...(view.context || (view.context = readContext())),
    "context.timezone": live.timezone(),
    "context.hour": date.getHours(),
    "context.weekday": WEEKDAYS[date.getDay()],
    "context.date": localDate(date),
    "context.consent": live.consent(),
  };
}

/** `kairos.state()`: the snapshot, plus the engine's latest `predict.NAME` for this view
 * (its last answer about this view: ahead.js settle keeps them). */
export function state(now, view, record, live) {
  const out = snapshot(now, view, record, live);
  for (const [name, p] of Object.entries(view.predictions || {})) out[`predict.${name}`] = p;
  return out;
}

/** The caps history the engine needs: visitor, session, page-view and day starts, exposures. */
export function capsHistory(now, view, record, occupied) {
  const session = record.sessions[record.sessions.length - 1] || { id: "", start: now };
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  return {
    visitor_id: record.visitor,
    session_id: session.id,
    session_start: session.start,
    pageview_start: view.start,
    day_start: midnight.getTime(),
    exposures: record.exposures,
    occupied: [...occupied],
    ahead: view.drawnAhead || [], // decided ahead and drawn at once: to confirm (ahead.js)
  };
}

const priceAt = (prices, at) => {
  let price = null;
  for (const [ts, value] of prices || []) if (ts <= at) price = value;
  return price;
};

/** The product for the engine and templates (docs/contracts.md, PRODUCT), with its price on
 * each earlier look at it (`price_history`, oldest first, at most 10). */
export function engineProduct(view, record) {
  const p = view.product;
  if (!p) return null;
  const stored = record.products[p.id] || {};
  const looks = record.views.filter((v) => v[2] === p.id && v[0] < view.start).slice(-10)
    .map(([ts]) => ({ ts, date: localDate(new Date(ts)), price: priceAt(stored.prices, ts) }))
    .filter((look) => look.price != null);
  return { id: p.id, name: p.name, category: p.category, url: p.url, image: p.image, price: p.price,
    currency: p.currency, rating: p.rating, review_count: p.review_count, reviews: p.reviews, guide: p.guide,
    price_history: looks };
}

/** This session's viewed products, most recent first (at most 8), from their stored summaries. */
export function viewedThisSession(record) {
  const session = record.sessions[record.sessions.length - 1];
  const ids = [];
  for (const v of [...record.views].reverse()) {
    if (session && v[4] === session.id && v[2] && !ids.includes(v[2])) ids.push(v[2]);
  }
  return ids.map((id) => [id, record.products[id]]).filter(([, p]) => p && p.name).slice(0, 8)
    .map(([id, p]) => ({ id, name: p.name, category: p.category, url: p.url, image: p.image,
      price: p.prices && p.prices.length ? p.prices[p.prices.length - 1][1] : null, currency: p.currency,
      rating: p.rating, review_count: p.review_count }));
}

/** What a view's update carries besides signals and caps history (docs/contracts.md, section 5). */
function pageData(view, record) {
  return { product: engineProduct(view, record), viewed: viewedThisSession(record), stores: view.stores || [],
    currency: view.currency || null, category: view.category || null };
}

/** The update message for the engine at `now`; with the first update of a view, when some
 * rule is a page-load moment, the next view of the page too (see ahead.js). In a bundle
 * built with --qa, the tab's QA links too (lib/qa.js). */
export function update(reason, now, view, record, live, occupied, ahead, qa) {
  return {
    qa: (qa && qaSettings()) || undefined,
    type: "update",
    reason,
    now,
    signals: snapshot(now, view, record, live),
    history: capsHistory(now, view, record, occupied),
    ...pageData(view, record),
    next: ahead && (reason === "ready" || reason === "pageview")
      ? nextView(now, view, record, live) : undefined,
  };
}

// What a page view knows the moment it opens: no dwell, scroll, sections or behaviour yet.
const OPENING = { dwell: () => 0, idle: () => false, scroll: () => 0, sections: () => ({}) };

/** The `next` of an update: signals, caps history and page data of the next view of `view`'s
 * page if it opened at `now` in this session. */
function nextView(now, view, record, live) {
  const session = record.sessions[record.sessions.length - 1];
  const product = view.product ? view.product.id : null;
  const withView = { ...record, views: [...record.views, [now, view.url, product, view.category, session && session.id]] };
  const opened = { ...view, start: now, lastPrice: view.product ? view.product.price : view.lastPrice,
    drawnAhead: [] };
  const behavior = { exit_intent: false, hidden_count: 0, copied: false, clicks: {} };
  return {
    now,
    signals: snapshot(now, opened, withView, { ...live, ...OPENING, behavior }),
    history: capsHistory(now, opened, withView, new Set()),
    ...pageData(opened, withView),
  };
}
