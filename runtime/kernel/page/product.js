// The page's schema.org Product from JSON-LD (also inside @graph or an array), normalized.

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

const number = (value) => {
  const n = typeof value === "number" ? value : parseFloat(value);
  return Number.isFinite(n) ? n : null;
};
const text = (value) => {
  if (value == null) return null;
  if (typeof value === "object") return text(value.name ?? value["@id"] ?? null);
  return String(value);
};

function offer(offers) {
  const first = Array.isArray(offers) ? offers[0] : offers;
  if (!first) return { price: null, currency: null };
  return {
    price: number(first.price ?? first.lowPrice),
    currency: text(first.priceCurrency),
  };
}

function review(node) {
  return {
    author: text(node.author) || "A shopper",
    rating: number(node.reviewRating && node.reviewRating.ratingValue),
    title: text(node.name),
    body: text(node.reviewBody ?? node.description) || "",
    date: text(node.datePublished),
  };
}

/** The normalized product of this page, or null when it publishes none. */
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
      const rating = node.aggregateRating || {};
      const reviews = node.review ? [].concat(node.review).map(review) : [];
      const image = Array.isArray(node.image) ? node.image[0] : node.image;
      return {
        id: text(node.sku ?? node.productID ?? node["@id"] ?? node.url ?? node.name),
        name: text(node.name),
        category: text(node.category),
        url: text(node.url) || location.pathname,
        image: text(image && image.url ? image.url : image),
        ...offer(node.offers),
        rating: number(rating.ratingValue),
        review_count: number(rating.reviewCount ?? rating.ratingCount) ?? (reviews.length || null),
        reviews,
      };
    }
  }
  return null;
}
