// The visit history: sessions, page views, per-product dwell and price, exposures and the cart.
// One versioned JSON record in localStorage, bounded in size and age. Every change re-reads the
// stored record first. Tabs see each other's writes only later: each renderer answers
// localStorage from its own cached copy and sends its writes to the browser, where the last one
// wins; other renderers hear of a write (and fire `storage`) only when the browser's notice
// arrives. So a tab may write over a record that already held another tab's page view. The
// record is a grow-only set of timestamped facts, so whoever still holds the lost facts merges
// them back (onOtherTabs) and nothing is lost. A page that leaves before it hears of the
// overwrite hands what it wrote last to the tab's next page (sessionStorage, one writer per
// tab), whose first write merges it back.

import { fault } from "./events.js";
import { erase, load, loadText, saveText } from "./storage.js";

export const KEY = "kairos:v1";
export const CARRY = "kairos:carry"; // sessionStorage: the record this tab's last page left with
const VERSION = 1;
export const SESSION_GAP = 30 * 60 * 1000; // 30 minutes without a page view ends a session
export const MAX_VIEWS = 400; // oldest dropped first
const MAX_PRODUCTS = 200;
// The documented bound on what we store (localStorage counts UTF-16 code units).
export const MAX_CHARS = 60 * 1024;
const DAY = 86400000;

function randomId() {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function fresh() {
  return { v: VERSION, visitor: randomId(), sessions: [], views: [], products: {}, exposures: {}, cart: {},
    cartAt: 0 };
}

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

function valid(record) {
  return (
    isObject(record) && record.v === VERSION && typeof record.visitor === "string" &&
    Array.isArray(record.views) && record.views.every(Array.isArray) &&
    Array.isArray(record.sessions) && record.sessions.every(isObject) &&
    isObject(record.products) && Object.values(record.products).every(isObject) &&
    isObject(record.exposures) && Object.values(record.exposures).every(Array.isArray) &&
    isObject(record.cart)
  );
}

/** Drop what is older than the retention window or beyond the size bounds. */
function prune(record, now, retentionDays) {
  const horizon = now - retentionDays * DAY;
  record.views = record.views.filter((view) => view[0] >= horizon).slice(-MAX_VIEWS);
  record.sessions = record.sessions.filter((s) => s.last >= horizon).slice(-50);
  for (const id of Object.keys(record.exposures)) {
    record.exposures[id] = record.exposures[id].filter((ts) => ts >= horizon).slice(-50);
    if (!record.exposures[id].length) delete record.exposures[id];
  }
  if ((record.cartAt || 0) < horizon) record.cart = {}; // an abandoned cart expires with the rest
  const products = Object.entries(record.products).filter(([, p]) => p.seen >= horizon);
  products.sort((a, b) => b[1].seen - a[1].seen);
  record.products = Object.fromEntries(products.slice(0, MAX_PRODUCTS));
}

let lastWritten = null; // what this page last wrote or merged: the facts it keeps for other tabs
let lastText = null; // the same record as stored

/** Read the stored history (a fresh one when absent, foreign or corrupt), pruned to `now`. */
export function read(now, retentionDays = 30) {
  let record = load(KEY, null);
  if (record !== null && !valid(record)) {
    fault("storage", new Error("foreign or old history discarded"));
    record = null;
  }
  if (!record) record = fresh();
  try {
    prune(record, now, retentionDays);
  } catch (error) {
    fault("storage", error); // a record that passed the shape check but holds odd values
    record = fresh();
  }
  return record;
}

/** Apply `change(record)` to the freshest stored history and save it; returns the record. */
export function mutate(now, change, retentionDays = 30) {
  const record = read(now, retentionDays);
  change(record);
  record.cartAt = record.cartAt || 0;
  prune(record, now, retentionDays); // the bounds hold after the change too
  // Long URLs (UTM tags) make views big: drop the oldest until the record fits its bound.
  let text = JSON.stringify(record);
  if (text.length > MAX_CHARS && record.next) {
    delete record.next; // decisions kept for the next view go before any visit history
    text = JSON.stringify(record);
  }
  while (record.views.length > 1 && text.length > MAX_CHARS) {
    record.views.splice(0, Math.ceil(record.views.length / 8));
    text = JSON.stringify(record);
  }
  saveText(KEY, (lastText = text));
  lastWritten = record;
  return record;
}

/**
 * Repair lost updates: write back what this page holds that a stored record `text` lacks, at
 * once, since the page may leave any moment and may be the only one holding it. On each
 * `storage` event, with the record the other tab wrote; and as the page leaves, with what its
 * cache holds by then (another tab's write can reach the cache before its event runs, and a
 * page that leaves first never sees the event; then lib/merge.js hands the record on to the
 * tab's next page). `getMerge()` is merge(a, b) (lib/merge.js, in the view chunk: here before
 * the page writes its view, so no repair waits on an import) or null before that. As the page
 * leaves, a record of another visitor is left alone: a tab forgot everything and began again,
 * and this page has not run that event yet.
 */
export function onOtherTabs(getMerge) {
  const repair = (text, leaving) => {
    const merge = getMerge(), theirs = lastWritten && text !== lastText && parse(text);
    if (!merge || !theirs || (leaving && theirs.visitor !== lastWritten.visitor)) return;
    lastWritten = merge(theirs, lastWritten);
    if ((lastText = JSON.stringify(lastWritten)) !== text) saveText(KEY, lastText);
  };
  window.addEventListener("storage", (event) => {
    if (event.key !== KEY) return;
    if (event.newValue === null) lastWritten = null; // another tab forgot everything
    repair(event.newValue);
  });
  window.addEventListener("pagehide", () => repair(loadText(KEY), 1));
}

/** A stored record's text parsed, or null when it is not one. */
export function parse(text) {
  try {
    const record = JSON.parse(text);
    return valid(record) ? record : null;
  } catch (_) {
    return null;
  }
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


/** Erase every trace of Kairos from storage; this page continues with a fresh history. */
export function forget() {
  erase(KEY);
  lastWritten = null;
}
