// Segment's analytics.js e-commerce events (its spec's Product Viewed, Product Added, Order
// Completed, ...) for stores that use Segment instead of GA4, read as the GA4 events they
// mean. Calls queued by Segment's snippet (the `analytics` array) and calls on the loaded
// library alike; analytics.js replays the queue through the library, so a call's properties
// object is counted once.

const GA4 = {
  "Product Viewed": "view_item", "Product List Viewed": "view_item_list", "Product Added": "add_to_cart",
  "Product Removed": "remove_from_cart", "Cart Viewed": "view_cart", "Checkout Started": "begin_checkout",
  "Order Completed": "purchase",
};

/** Call `onEvent(ga4Name, ga4Params)` for each Segment e-commerce `track` call. */
export function onSegment(onEvent) {
  const seen = new WeakSet();
  const track = (name, p) => {
    try {
      if (!GA4[name] || !p || typeof p !== "object" || seen.has(p)) return;
      seen.add(p);
      const items = (Array.isArray(p.products) ? p.products : [p]).map((i) => i && ({
        item_id: i.product_id ?? i.sku ?? i.id, sku: i.sku, item_name: i.name, price: i.price, quantity: i.quantity,
      }));
      onEvent(GA4[name], { items, value: p.value ?? p.revenue ?? p.total ?? p.price, currency: p.currency,
        transaction_id: p.order_id, item_list_name: p.list_id ?? p.category });
    } catch (_) {} // never into the store's analytics call
  };
  const hook = (lib) => {
    if (Array.isArray(lib)) { // the snippet's queue: ["track", name, properties]
      const calls = (entries) => entries.forEach((e) => Array.isArray(e) && e[0] === "track" && track(e[1], e[2]));
      calls(lib);
      const push = lib.push;
      lib.push = function (...entries) {
        calls(entries);
        return push.apply(this, entries);
      };
    } else if (lib && typeof lib.track === "function") {
      const original = lib.track;
      lib.track = function (name, properties, ...rest) {
        track(name, properties);
        return original.call(this, name, properties, ...rest);
      };
    }
  };
  let lib = window.analytics;
  hook(lib);
  try {
    // analytics.js replaces the queue with the library when it loads: hook that too.
    Object.defineProperty(window, "analytics", { configurable: true, enumerable: true,
      get: () => lib, set: (value) => hook(lib = value) });
  } catch (_) {} // a page that locked `analytics` keeps it as it is
}
