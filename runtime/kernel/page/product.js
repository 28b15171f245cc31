// The page's schema.org Product from JSON-LD (also inside @graph or an array): what the kernel
// needs at once (id, category, price). The full description (rating, reviews) is made by
// page/productDetails.js in the lazy half, when the engine needs it.

function types(node) {
  const type = node && node["@type"];
  return Array.isArray(type) ? type : [type];
}

function* nodes(value) {
  if (Array.isArray(value)) {
    for (const item of value) yield* nodes(item);
  } else if (value && typeof value === "object") {
    yield value;
    if (value["@graph"]) yield* nodes(value["@graph"]);
  }
}

export const number = (value) => {
  const n = typeof value === "number" ? value : parseFloat(value);
  return Number.isFinite(n) ? n : null;
};
export const text = (value) => {
  if (value == null) return null;
  if (typeof value === "object") return text(value.name ?? value["@id"] ?? null);
  return String(value);
};

export function offer(offers) {
  const first = Array.isArray(offers) ? offers[0] : offers;
  if (!first) return { price: null, currency: null };
  return {
    price: number(first.price ?? first.lowPrice),
    currency: text(first.priceCurrency),
  };
}

/** The page's Product: {id, name, category, price, currency, node} or null. */
export function readProduct(doc = document) {
  for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
    let data;
    try {
      data = JSON.parse(script.textContent);
    } catch (_) {
      continue; // a store's broken JSON-LD is not our error to raise
    }
    for (const node of nodes(data)) {
      if (!types(node).includes("Product")) continue;
      return {
        id: text(node.sku ?? node.productID ?? node["@id"] ?? node.url ?? node.name),
        name: text(node.name),
        category: text(node.category),
        ...offer(node.offers),
        node,
      };
    }
  }
  return null;
}
