// Stores named by the page's schema.org data: the places a product's offer is available at
// (`availableAtOrFrom`, pickup) and the page's own Store / LocalBusiness nodes (a store page),
// normalized for the store_pickup snippet (docs/contracts.md, STORE). Read from markup only:
// Kairos never asks for the shopper's location. Part of the view chunk.

import { isA } from "./structured.js";
import { text } from "./product.js";

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const list = (value) => (value == null ? [] : [].concat(value));
const day = (value) => {
  const name = String(text(value) || "").replace(/^.*[/#]/, "").slice(0, 2).toLowerCase();
  return name.length === 2 ? DAYS.find((d) => d.startsWith(name)) || null : null;
};
const hhmm = (value) => {
  const m = /^(\d{1,2}):(\d{2})/.exec(String(value || ""));
  return m ? `${m[1].padStart(2, "0")}:${m[2]}` : null;
};

/** openingHours text ("Mo-Fr 09:00-20:00", "Sa,Su 10:00-16:00") -> [{days, opens, closes}]. */
function fromText(spec) {
  const m = /^\s*([A-Za-z,\s-]+?)\s+(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$/.exec(String(spec));
  if (!m) return null;
  const days = [];
  for (const part of m[1].split(",")) {
    const [from, to] = part.split("-").map((d) => DAYS.indexOf(day(d)));
    if (from < 0) continue;
    for (let i = from; i <= (to >= 0 ? to : from); i++) days.push(DAYS[i]);
  }
  return days.length ? { days, opens: hhmm(m[2]), closes: hhmm(m[3]) } : null;
}

function hours(node) {
  const out = [];
  for (const spec of list(node.openingHoursSpecification)) {
    if (!spec || typeof spec !== "object") continue;
    const days = list(spec.dayOfWeek).map(day).filter(Boolean);
    if (days.length && hhmm(spec.opens) && hhmm(spec.closes)) {
      out.push({ days, opens: hhmm(spec.opens), closes: hhmm(spec.closes) });
    }
  }
  for (const spec of list(node.openingHours)) {
    const parsed = fromText(spec);
    if (parsed) out.push(parsed);
  }
  return out;
}

function address(value) {
  if (!value || typeof value !== "object") return text(value);
  const place = [value.addressLocality, [value.addressRegion, value.postalCode].map(text).filter(Boolean).join(" ")];
  return [value.streetAddress, ...place].map(text).filter(Boolean).join(", ") || null;
}

function store(node, pickup) {
  return {
    name: text(node.name),
    url: text(node.url),
    telephone: text(node.telephone),
    address: address(node.address),
    hours: hours(node).slice(0, 14),
    pickup,
  };
}

/** The stores of the page: where the product's offer is available first (pickup), then the
 * page's own store nodes; at most 3, each with a name. */
export function readStores(nodes, product, resolve) {
  const offer = product && product.offer;
  const pickup = /Pick ?Up/i.test(JSON.stringify((offer && offer.availableDeliveryMethod) || ""));
  const places = offer ? list(offer.availableAtOrFrom).map(resolve).filter((p) => p && typeof p === "object") : [];
  const out = places.map((p) => store(p, true));
  for (const node of nodes) {
    if (isA(node, /(Store|LocalBusiness)$/) && !places.includes(node)) out.push(store(node, pickup));
  }
  return out.filter((s) => s.name).slice(0, 3);
}
