// The full product for rules and templates (rating, review count, reviews, image), made from
// the JSON-LD node page/product.js found. Part of the kernel's lazy half.

import { number, text } from "./product.js";

function review(node) {
  return {
    author: text(node.author) || "A shopper",
    rating: number(node.reviewRating && node.reviewRating.ratingValue),
    title: text(node.name),
    body: text(node.reviewBody ?? node.description) || "",
    date: text(node.datePublished),
  };
}

/** The normalized product of a page view ({id, name, ..., reviews}) or null; cached on it. */
export function describe(found) {
  if (!found) return null;
  if (found.described) return found.described;
  const node = found.node;
  const rating = node.aggregateRating || {};
  const reviews = node.review ? [].concat(node.review).map(review) : [];
  const image = Array.isArray(node.image) ? node.image[0] : node.image;
  found.described = {
    id: found.id,
    name: found.name,
    category: found.category,
    url: text(node.url) || location.pathname,
    image: text(image && image.url ? image.url : image),
    price: found.price,
    currency: found.currency,
    rating: number(rating.ratingValue),
    review_count: number(rating.reviewCount ?? rating.ratingCount) ?? (reviews.length || null),
    reviews,
  };
  return found.described;
}
