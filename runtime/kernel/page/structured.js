// The page's schema.org data as plain JSON-LD-shaped nodes: every <script type="application/ld+json">
// (objects, arrays, @graph, @id references), then microdata (itemscope/itemprop) read into the
// same shape for platforms that print no JSON-LD (Magento's Luma theme, older themes). Part of
// the view chunk (view.js). A store's broken markup is skipped, never raised.

/** The node's @type as a list of plain names ("http://schema.org/Product" -> "Product"). */
export function types(node) {
  const type = node && (node["@type"] ?? node.type);
  return [].concat(type ?? []).map((t) => String(t).replace(/^.*[/#]/, ""));
}

export const isA = (node, pattern) => types(node).some((t) => pattern.test(t));

function* walk(value, depth = 0) {
  if (depth > 6) return; // markup is data, but a hostile page could nest it endlessly
  if (Array.isArray(value)) {
    for (const item of value) yield* walk(item, depth + 1);
  } else if (value && typeof value === "object") {
    yield value;
    if (value["@graph"]) yield* walk(value["@graph"], depth + 1);
  }
}

/** A microdata item as a JSON-LD-like object: {"@type", prop: value | [values]}. */
function item(scope, depth = 0) {
  const node = { "@type": (scope.getAttribute("itemtype") || "").split(/\s+/)[0] };
  if (scope.hasAttribute("itemid")) node["@id"] = scope.getAttribute("itemid");
  const props = [];
  // The item's own properties: descendants with itemprop whose nearest itemscope is this one.
  for (const el of scope.querySelectorAll("[itemprop]")) {
    const owner = el.parentElement && el.parentElement.closest("[itemscope]");
    if (owner === scope) props.push(el);
  }
  for (const el of props) {
    let value;
    if (el.hasAttribute("itemscope")) value = depth < 4 ? item(el, depth + 1) : null;
    else if (el.hasAttribute("content")) value = el.getAttribute("content");
    else if (/^(A|LINK|AREA)$/.test(el.tagName)) value = el.getAttribute("href");
    else if (/^(IMG|SOURCE|VIDEO|AUDIO|IFRAME|EMBED)$/.test(el.tagName)) value = el.getAttribute("src");
    else if (el.tagName === "TIME" && el.hasAttribute("datetime")) value = el.getAttribute("datetime");
    else if (/^(DATA|METER)$/.test(el.tagName)) value = el.getAttribute("value");
    else value = el.textContent.replace(/\s+/g, " ").trim();
    for (const name of el.getAttribute("itemprop").split(/\s+/).filter(Boolean)) {
      node[name] = name in node ? [].concat(node[name], value) : value;
    }
  }
  return node;
}

/** Every schema.org node of the page: JSON-LD first, then top-level microdata items. */
export function readNodes(doc = document) {
  const out = [];
  for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      out.push(...walk(JSON.parse(script.textContent)));
    } catch (_) {
      /* a store's broken JSON-LD is not our error to raise */
    }
  }
  for (const scope of doc.querySelectorAll("[itemscope][itemtype]")) {
    if (!scope.parentElement || !scope.parentElement.closest("[itemscope]")) {
      try {
        out.push(item(scope));
      } catch (_) {}
    }
  }
  return out;
}

/** Resolve `{"@id": ...}` references against the page's nodes (Yoast, WooCommerce @graph). */
export function resolver(nodes) {
  const byId = new Map();
  for (const node of nodes) {
    if (node["@id"] && Object.keys(node).length > 1 && !byId.has(node["@id"])) byId.set(node["@id"], node);
  }
  return (ref) => (ref && typeof ref === "object" && ref["@id"] && Object.keys(ref).length === 1
    ? byId.get(ref["@id"]) || ref : ref);
}
