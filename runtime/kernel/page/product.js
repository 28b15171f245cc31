// The page's product, normalized (docs/contracts.md, PRODUCT), from the shapes platforms really
// emit: a Product, a ProductGroup with hasVariant (Shopify's structured_data filter, Google's
// variant markup), a Product that isVariantOf a group, @graph nodes (WooCommerce, Yoast), offers
// as an object, a list or an AggregateOffer, prices inside priceSpecification or as ranges
// (lowPrice, BigCommerce's minPrice), ratings given as strings or on a 100-point scale
// (Magento), and microdata read into the same shape (structured.js). Part of the view chunk.

import { isA, readNodes, resolver } from "./structured.js";

const list = (value) => (value == null ? [] : [].concat(value));

export const text = (value) => {
  if (value == null) return null;
  if (Array.isArray(value)) return text(value[0]);
  if (typeof value === "object") return text(value.name ?? value["@id"] ?? value.url ?? null);
  const out = String(value).trim();
  return out || null;
};

/** A number from a number or a price text ("1,299.00", "1.299,00", "$34"), else null. */
export function amount(value) {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "string") return null;
  let s = value.replace(/[^\d.,-]/g, "");
  if (s.lastIndexOf(",") > s.lastIndexOf(".") && /,\d{1,2}$/.test(s)) {
    s = s.replace(/\./g, "").replace(",", "."); // "1.299,00", "12,5": a decimal comma
  } else {
    s = s.replace(/,/g, ""); // "1,299.00", "1,299": thousands separators
  }
  const n = parseFloat(s);
  return Number.isFinite(n) ? n : null;
}

const LIST_PRICES = /ListPrice|StrikethroughPrice|MSRP|SRP/i;

/** {price, currency} of a node's offers: the first offer (or specification) that is the
 * current price, not a list price. */
export function offer(offers, resolve = (x) => x) {
  for (const raw of list(offers)) {
    const o = resolve(raw);
    if (!o || typeof o !== "object") continue;
    const specs = list(o.priceSpecification).map(resolve).filter((s) => s && !LIST_PRICES.test(String(s.priceType || "")));
    const spec = specs[0] || {};
    const price = amount(o.price ?? o.lowPrice ?? o.minPrice ?? spec.price ?? spec.minPrice);
    if (price != null) return { price, currency: text(o.priceCurrency ?? spec.priceCurrency), offer: o };
  }
  return { price: null, currency: null, offer: null };
}

const ratingOf = (node) => {
  const value = amount(node && node.ratingValue);
  const best = amount(node && node.bestRating);
  // Magento prints ratings as a percentage with bestRating 100; templates show out of 5.
  return value == null ? null : best && best !== 5 ? Math.round((value / best) * 50) / 10 : value;
};

function helpful(review) {
  for (const stat of list(review.interactionStatistic)) {
    if (stat && /Like|Agree/i.test(JSON.stringify(stat.interactionType ?? ""))) {
      return amount(stat.userInteractionCount);
    }
  }
  return amount(review.upvoteCount);
}

function reviews(node, resolve) {
  return list(node.review ?? node.reviews).map(resolve).filter((r) => r && typeof r === "object").slice(0, 20)
    .map((r) => ({
      author: text(r.author) || "A shopper",
      rating: ratingOf(resolve(r.reviewRating)),
      title: text(r.name ?? r.headline),
      body: text(r.reviewBody ?? r.description ?? r.text) || "",
      date: text(r.datePublished),
      helpful: helpful(r),
    }));
}

const ID_KEYS = ["sku", "productID", "mpn", "gtin", "gtin13", "gtin12", "gtin14", "gtin8", "@id", "url"];

/** Every identifier a node names (for reconciling ids across markup and analytics). */
function identifiers(node) {
  const out = [];
  for (const key of ID_KEYS) for (const value of list(node[key])) if (text(value)) out.push(text(value));
  return out;
}

/** Whether `href`'s query names the page's own (`?variant=123`, `?size=L`: each of its
 * parameters present in this page's URL with the same value). */
function namesThisPage(href) {
  const query = String(href || "").split("#")[0].split("?")[1];
  if (!query) return false;
  const own = new URLSearchParams(location.search);
  const params = [...new URLSearchParams(query)];
  return params.length > 0 && params.every(([key, value]) => own.get(key) === value);
}

/** The variant of a group the page shows: the one its URL names (a variant's url, @id or
 * offer url with this page's query, or ?sku=), else the first. */
function chosenVariant(variants) {
  const sku = new URLSearchParams(location.search).get("sku");
  return variants.find((v) => (sku && identifiers(v).includes(sku)) ||
    [v.url, v["@id"], ...list(v.offers).flatMap((o) => (o ? [o.url, o["@id"]] : []))].some(namesThisPage)) ||
    variants[0] || null;
}

/** The page's product as PRODUCT (+ `aliases`: other ids naming it), or null. `nodes` are the
 * page's schema.org nodes (structured.js). */
export function readProduct(nodes = readNodes()) {
  const resolve = resolver(nodes);
  const group = nodes.find((n) => isA(n, /^ProductGroup$/));
  const inGroup = (n) => group && list(group.hasVariant).some((v) => resolve(v) === n);
  const products = nodes.filter((n) => isA(n, /^(Product|IndividualProduct|ProductModel)$/) && !inGroup(n));
  // Several products side by side and no group: a listing (category cards), not a product page.
  if (!group && new Set(products.map((n) => text(n.sku ?? n["@id"] ?? n.name))).size > 1) return null;
  const product = products[0];
  const parent = group || (product && product.isVariantOf ? resolve(product.isVariantOf) : null);
  if (!group && !product) return null;
  // A variant's own page (isVariantOf): its fields first, the group's where it has none.
  const main = group || (parent ? { ...parent, ...product } : product);
  const variants = group ? list(group.hasVariant).map(resolve).filter((v) => v && typeof v === "object") : [];
  const variant = group ? chosenVariant(variants) : parent ? product : null;
  const id = parent
    ? text(parent.productGroupID ?? parent.sku ?? parent["@id"] ?? parent.url ?? product.url ?? product.name)
    : text(main.sku ?? main.productID ?? main["@id"] ?? main.url ?? main.name);
  if (!id) return null;
  const source = variant || main;
  const own = offer(source.offers, resolve);
  const priced = own.price != null ? own : offer(main.offers, resolve);
  const rating = resolve(main.aggregateRating) || resolve(source.aggregateRating) || {};
  const image = list(source.image ?? main.image).map(resolve)[0];
  const guide = list(main.subjectOf).map(resolve).find((g) => g && typeof g === "object" && text(g.url));
  const mainReviews = reviews(main, resolve);
  const found = mainReviews.length ? mainReviews : reviews(source, resolve);
  const aliases = new Set([...identifiers(main), ...(parent ? identifiers(parent) : []),
    ...variants.flatMap(identifiers), ...(variant ? identifiers(variant) : [])]);
  aliases.delete(id);
  return {
    id,
    name: text(main.name ?? source.name),
    category: text(main.category ?? source.category) || null,
    url: text(main.url ?? source.url) || location.pathname,
    image: text(image && typeof image === "object" ? image.url ?? image.contentUrl ?? image["@id"] : image),
    price: priced.price,
    currency: priced.currency,
    rating: ratingOf(rating),
    review_count: amount(rating.reviewCount ?? rating.ratingCount) ?? (found.length || null),
    reviews: found,
    guide: guide ? { title: text(guide.name ?? guide.headline) || "Guide", url: text(guide.url) } : null,
    aliases: [...aliases].slice(0, 40),
    offer: priced.offer, // for the stores that sell it (stores.js); not sent to the engine
  };
}
