// One page view: what the page publishes (JSON-LD product, page type, category) and its entry
// in the visit history. A full load and every SPA navigation open a new one.

import { mutate, touchSession } from "./lib/history.js";
import { pageType } from "./page/pageType.js";
import { readProduct } from "./page/product.js";

/** Record a page view at `now`; `events` are GA4 event names pushed on this view so far. */
export function openView(now, events, listCategory) {
  const product = readProduct();
  const category = product ? product.category : listCategory;
  const url = location.pathname + location.search;
  let stored = null;
  let ahead = null;
  mutate(now, (history) => {
    const session = touchSession(history, now);
    // Decisions the engine made ahead for this view, if it is the page they were made for,
    // in the same session (ahead.js); used once.
    const next = history.next;
    delete history.next;
    if (next && next.url === url && next.session === session.id) ahead = next;
    session.views += 1;
    history.views.push([now, url, product ? product.id : null, category || null, session.id]);
    if (product) {
      const entry = history.products[product.id] || { dwell: 0, price: null, seen: now };
      stored = { ...entry };
      history.products[product.id] = { ...entry, price: product.price, seen: now };
    }
  });
  return {
    start: now,
    url,
    type: pageType(product, events),
    product,
    category: category || null,
    productDwellBefore: stored ? stored.dwell : 0,
    lastPrice: stored ? stored.price : null,
    context: null, // read by the lazy half (state.js) at the view's first snapshot
    ahead,
  };
}
