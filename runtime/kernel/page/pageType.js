// The page type: data-kairos-page when present, else inferred from JSON-LD and GA4 events.

export const BY_EVENT = { view_item_list: "category", view_cart: "cart", begin_checkout: "checkout" };

/** One of product, category, cart, checkout, home, other. */
export function pageType(product, events) {
  const marked =
    document.documentElement.getAttribute("data-kairos-page") ||
    (document.body && document.body.getAttribute("data-kairos-page"));
  if (marked) return marked;
  if (product) return "product";
  for (const name of events) if (BY_EVENT[name]) return BY_EVENT[name];
  if (location.pathname === "/" || /\/index\.html?$/.test(location.pathname)) return "home";
  return "other";
}

/** The category a category page lists (GA4 item_list_name / item_list_id), or null. */
export function listCategory(params) {
  return (params && (params.item_list_name || params.item_list_id)) || null;
}
