// Cart and conversions from GA4 e-commerce events in window.dataLayer (before and after load)
// and from kairos.track(). The cart itself lives in the visit history (it spans pages).

const CART_EVENTS = new Set(["add_to_cart", "remove_from_cart", "purchase", "view_cart", "begin_checkout", "view_item_list", "view_item"]);

/** A GA4 event from a dataLayer entry: `{event, ecommerce}` or gtag's ('event', name, params). */
export function ga4Event(entry) {
  if (!entry || typeof entry !== "object") return null;
  if (typeof entry.event === "string") return { name: entry.event, params: entry.ecommerce || {} };
  if (entry[0] === "event" && typeof entry[1] === "string") return { name: entry[1], params: entry[2] || {} };
  return null;
}

/** The GA4 events that can change the cart (view_item and view_item_list only type the page). */
export const CART_CHANGES = new Set(["add_to_cart", "remove_from_cart", "purchase", "view_cart", "begin_checkout"]);

/** Apply one GA4 e-commerce event to `cart` ({id: {id, name, price, quantity}}); true if changed. */
export function applyToCart(cart, name, params) {
  const items = params && Array.isArray(params.items) ? params.items : [];
  if (name === "purchase") {
    const had = Object.keys(cart).length > 0;
    for (const id of Object.keys(cart)) delete cart[id];
    return had;
  }
  if (name === "view_cart" || name === "begin_checkout") {
    // These carry the whole cart: trust them over our running sum (a form post may have
    // changed it without an event).
    if (!items.length) return false;
    for (const id of Object.keys(cart)) delete cart[id];
    return applyToCart(cart, "add_to_cart", params) || true;
  }
  if (name !== "add_to_cart" && name !== "remove_from_cart") return false;
  for (const item of items) {
    if (!item || typeof item !== "object") continue;
    const id = item.item_id != null ? String(item.item_id) : null;
    if (!id) continue;
    const quantity = Number(item.quantity) || 1;
    const line = cart[id] || { id, name: item.item_name || null, price: Number(item.price) || 0, quantity: 0 };
    line.quantity += name === "add_to_cart" ? quantity : -quantity;
    if (line.quantity > 0) cart[id] = line;
    else delete cart[id];
  }
  return items.length > 0;
}

/**
 * Read every GA4 event already in dataLayer, then every later push.
 * `onEvent(name, params)` fires for each e-commerce event, in order.
 */
export function onDataLayer(onEvent) {
  const seen = (entry) => {
    try {
      const event = ga4Event(entry);
      if (event && CART_EVENTS.has(event.name)) onEvent(event.name, event.params);
    } catch (_) {}
  };
  let layer = null;
  const hook = () => {
    if (window.dataLayer === layer && layer) return;
    // A page may still replace window.dataLayer after we ran (an inline `dataLayer = [...]`):
    // hook the new array and read what it holds.
    layer = window.dataLayer = Array.isArray(window.dataLayer) ? window.dataLayer : [];
    layer.forEach(seen);
    const push = layer.push;
    layer.push = function (...entries) {
      const result = push.apply(this, entries);
      entries.forEach(seen);
      return result;
    };
  };
  hook();
  document.addEventListener("DOMContentLoaded", hook);
  window.addEventListener("load", hook);
}
