// One product, many names. The same product reaches Kairos as a JSON-LD sku, a ProductGroup id,
// a variant's sku, and the item_id of the store's analytics, which platforms write in their own
// forms: Shopify's Google channel `shopify_US_<product>_<variant>`, WooCommerce's GA4 plugin
// `#<post id>` when a product has no SKU. The view chunk records every other name a product
// page gives its product (history `aliases`); cart lines and conversions are then counted
// under the product's one id (state.js).

/** The product id inside a platform's own analytics id, or null. */
export function platformId(id) {
  const s = String(id);
  const shopify = /^shopify_[A-Za-z]{2}_(\d+)_\d+$/.exec(s);
  if (shopify) return shopify[1];
  const woo = /^#(\d+)$/.exec(s);
  return woo ? woo[1] : null;
}

/** The one id of the product that `id` names, given the recorded `aliases` ({alias: id}). */
export function canonical(id, aliases) {
  if (id == null || id === "") return null;
  const s = String(id);
  const platform = platformId(s);
  return (aliases && (aliases[s] || (platform && aliases[platform]))) || platform || s;
}
