// The visit history: sessions, page views, per-product dwell and price, exposures and the cart.
// One versioned JSON record in localStorage, bounded in size and age. Every change re-reads the
// stored record first, so another tab's page views written meanwhile are kept, not overwritten.

import { load, save, erase } from "./storage.js";

export const KEY = "kairos:v1";
const VERSION = 1;
export const SESSION_GAP = 30 * 60 * 1000; // 30 minutes without a page view ends a session
const MAX_VIEWS = 400; // oldest dropped first; with MAX_PRODUCTS keeps the record under 64 KB
const MAX_PRODUCTS = 200;
const DAY = 86400000;

function randomId() {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function fresh() {
  return { v: VERSION, visitor: randomId(), sessions: [], views: [], products: {}, exposures: {}, cart: {} };
}

function valid(record) {
  return (
    record && record.v === VERSION && typeof record.visitor === "string" && Array.isArray(record.views) &&
    Array.isArray(record.sessions) && record.products && record.exposures && record.cart
  );
}

/** Drop what is older than the retention window or beyond the size bounds. */
function prune(record, now, retentionDays) {
  const horizon = now - retentionDays * DAY;
  record.views = record.views.filter((view) => view[0] >= horizon).slice(-MAX_VIEWS);
  record.sessions = record.sessions.filter((s) => s.last >= horizon).slice(-50);
  for (const id of Object.keys(record.exposures)) {
    record.exposures[id] = record.exposures[id].filter((ts) => ts >= horizon).slice(-20);
    if (!record.exposures[id].length) delete record.exposures[id];
  }
  const products = Object.entries(record.products).filter(([, p]) => p.seen >= horizon);
  products.sort((a, b) => b[1].seen - a[1].seen);
  record.products = Object.fromEntries(products.slice(0, MAX_PRODUCTS));
}

/** Read the stored history (a fresh one when absent, foreign or corrupt), pruned to `now`. */
export function read(now, retentionDays = 30) {
  let record = load(KEY, null);
  if (!valid(record)) record = fresh();
  prune(record, now, retentionDays);
  return record;
}

/** Apply `change(record)` to the freshest stored history and save it; returns the record. */
export function mutate(now, change, retentionDays = 30) {
  const record = read(now, retentionDays);
  change(record);
  save(KEY, record);
  return record;
}

/** The current session, starting a new one after 30 minutes without a page view. */
export function touchSession(record, now) {
  let session = record.sessions[record.sessions.length - 1];
  if (!session || now - session.last > SESSION_GAP) {
    session = { id: randomId(), start: now, last: now, views: 0 };
    record.sessions.push(session);
  }
  session.last = now;
  return session;
}

/** Timestamps of views whose field `index` (1 url, 2 product, 3 category) equals `value`. */
export function viewsOf(record, index, value) {
  if (value == null) return [];
  return record.views.filter((view) => view[index] === value).map((view) => view[0]);
}

/** Erase every trace of Kairos from storage. */
export function forget() {
  erase(KEY);
}
