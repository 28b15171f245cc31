// The view chunk (kairos-view.<hash>.mjs): one page view, from what the page publishes (the
// schema.org product and stores in every shape platforms emit, the page type and category, the
// names the store's analytics give the product) to its entry in the visit history. The kernel
// imports it as it starts and opens the view once the document is parsed (markup printed at
// the end of the body counts). Storage stays in the eager script, which hands in `mutate` and
// `touchSession`, so consent and the one stored record exist once. The chunk also carries
// lib/merge.js, for the eager kernel's cross-tab repair (lib/history.js): it must be at hand,
// not imported, the moment another tab writes over this page's view, and this chunk is here
// before that view is written; the view's write merges what the tab's last page handed on.
// And the engine's boot policy (whenToBoot): it needs the view's page type anyway.

import { platformId } from "./page/identity.js";
import { BY_EVENT, listCategory, pageType } from "./page/pageType.js";
import { readProduct } from "./page/product.js";
import { readStores } from "./page/stores.js";
import { readNodes, resolver } from "./page/structured.js";

import { adoptHanded } from "./lib/merge.js";

export { merge } from "./lib/merge.js";

const MAX_PRICES = 6; // distinct prices kept per product, oldest dropped first
const MAX_SUMMARIES = 24; // products whose summary (for comparisons) is kept, most recent first
const MAX_ALIASES = 300;
const SUMMARY = ["name", "category", "url", "image", "currency", "rating", "review_count"];

/** A product's entry in the history at `now`: its price history and summary; returns what it
 * held before this view ({dwell, prices}). A version-1 record's single `price` becomes `prices`. */
function remember(history, product, now) {
  const { price, ...entry } = history.products[product.id] || { dwell: 0, seen: now };
  const prices = Array.isArray(entry.prices) ? entry.prices.slice() : price != null ? [[entry.seen, price]] : [];
  const before = { dwell: entry.dwell || 0, prices: prices.slice() };
  if (product.price != null && (!prices.length || prices[prices.length - 1][1] !== product.price)) {
    prices.push([now, product.price]);
  }
  const summary = Object.fromEntries(SUMMARY.map((key) => [key, product[key] ?? null]));
  history.products[product.id] = { ...entry, ...summary, seen: now, prices: prices.slice(-MAX_PRICES) };
  Object.values(history.products).sort((a, b) => b.seen - a.seen).slice(MAX_SUMMARIES)
    .forEach((older) => SUMMARY.forEach((key) => delete older[key]));
  return before;
}

/** Record the other names of `product`: its markup's ids and those analytics give it on its
 * own page (a view_item of one item, or of items named like it). */
function alias(history, product, events) {
  const names = new Set(product.aliases);
  for (const [, name, params] of events) {
    const items = name === "view_item" && params && Array.isArray(params.items) ? params.items : [];
    for (const item of items) {
      if (!item || (items.length > 1 && item.item_name !== product.name)) continue;
      for (const id of [item.item_id, item.item_group_id, item.sku]) if (id != null && id !== "") names.add(String(id));
    }
  }
  const aliases = { ...(history.aliases || {}) };
  for (const name of [...names].flatMap((n) => [n, platformId(n)])) {
    if (!name || name === product.id) continue;
    delete aliases[name]; // re-inserted last: the newest names survive the bound
    aliases[name] = product.id;
  }
  const kept = Object.entries(aliases).filter(([, id]) => history.products[id]);
  history.aliases = Object.fromEntries(kept.slice(-MAX_ALIASES));
}

/** The category the page's own view_item names (markup without a category: WooCommerce's,
 * Magento's, Shopify's empty one). */
const analyticsCategory = (events) => {
  const seen = events.find(([, name, params]) => name === "view_item" && params && Array.isArray(params.items) &&
    params.items.length === 1);
  return seen ? seen[2].items[0].item_category || null : null;
};

const eventCurrency = (events) => {
  const found = [...events].reverse().find(([, , params]) => params && typeof params.currency === "string");
  return found ? found[2].currency : null;
};

/** What the page's markup publishes: its product and the stores that sell it. The kernel reads
 * it a task before it opens the view, so that neither task is long on a slow phone. */
export function readPage() {
  const nodes = readNodes();
  const product = readProduct(nodes);
  // The URL is read with the markup: a navigation between the two tasks opens its own view.
  return { product, stores: readStores(nodes, product, resolver(nodes)), url: location.pathname + location.search };
}

/** Open a page view at `now` on `page` (readPage()); `events` are [time, GA4 name, params]
 * pushed on it so far. */
export function openView(now, events, { product, stores, url }, { mutate, touchSession }) {
  if (product && !product.category) product.category = analyticsCategory(events); // WooCommerce, Magento
  const listed = events.find(([, name]) => name === "view_item_list");
  const category = (product ? product.category : listed && listCategory(listed[2])) || null;
  let before = null;
  let ahead = null;
  mutate(now, (history) => {
    Object.assign(history, adoptHanded(history)); // facts of the tab's last page another tab wrote over
    const session = touchSession(history, now);
    // Decisions the engine made ahead for this view, if it is the page they were made for,
    // in the same session (ahead.js); used once.
    const next = history.next;
    delete history.next;
    if (next && next.url === url && next.session === session.id) ahead = next;
    session.views += 1;
    history.views.push([now, url, product ? product.id : null, category, session.id]);
    if (product) {
      before = remember(history, product, now);
      alias(history, product, events);
    }
  });
  const prices = before ? before.prices : [];
  return {
    start: now,
    url,
    type: pageType(product, events.map(([, name]) => name)),
    product,
    category,
    stores,
    currency: (product && product.currency) || eventCurrency(events),
    productDwellBefore: before ? before.dwell : 0,
    lastPrice: prices.length ? prices[prices.length - 1][1] : null,
    context: null, // read by the lazy half (state.js) at the view's first snapshot
    ahead,
  };
}

/** An analytics event after the view opened: a store that types its page late
 * (view_item_list, view_cart), names its category (a list's, or its product's when the markup
 * has none), its product's other ids or its currency. Returns true when the page's type
 * changed. */
export function lateEvent(view, name, params, mutate, now) {
  let typed = false;
  if (view.type === "other" && BY_EVENT[name]) {
    view.type = BY_EVENT[name];
    typed = true;
  }
  if (!view.currency && params && typeof params.currency === "string") view.currency = params.currency;
  const named = name === "view_item_list" ? !view.product && listCategory(params)
    : name === "view_item" && view.product && analyticsCategory([[0, name, params]]);
  if (named && !view.category) {
    view.category = named;
    if (view.product) view.product.category = named;
    mutate(now, (history) => {
      const entry = history.views.find((v) => v[0] === view.start && v[1] === view.url);
      if (entry) entry[3] = view.category;
      const product = view.product && history.products[view.product.id];
      if (product && "name" in product) product.category = view.category;
    });
  }
  if (name === "view_item" && view.product) {
    mutate(now, (history) => {
      if (history.products[view.product.id]) alias(history, view.product, [[0, name, params]]);
    });
  }
  return typed;
}

/** When the engine may boot for `view`: 0 now, -1 never on this view (no rule for its page
 * type among `pages`, or a shopper who asked to save data or is on a 2g link, where the
 * engine's 5 MB would take minutes: what was decided ahead still shows), else the ms to wait:
 * on a 3g link the engine (and the lazy half) would share the shopper's bandwidth with the
 * store's own images, so it waits until the store is quiet (30 s at most). The debug overlay
 * (`debugging`) boots it anywhere: it explains rules for other page types too. */
export function whenToBoot(view, pages, debugging) {
  const connection = navigator.connection;
  if (debugging) return 0;
  if (connection && (connection.saveData || /2g/.test(connection.effectiveType))) return -1;
  if (pages && !pages.includes(view.type)) return -1;
  return /3g/.test(connection?.effectiveType) && busy() && performance.now() < 3e4 ? 500 : 0;
}

/** True while the store loads what the shopper sees: an image that is not in yet (eager, or
 * lazy but near enough for the browser to have started it), or any request that ended less
 * than a second ago. */
const busy = () => [...document.images].some((img) => !img.complete && (img.loading != "lazy"
  || img.getBoundingClientRect().top < innerHeight + 2500))
  || performance.getEntriesByType("resource").some((e) => performance.now() - e.responseEnd < 1e3);
