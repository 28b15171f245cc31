"""How each store platform prints a product: its schema.org markup and its analytics item ids.

The demo's products are printed in the shapes the platforms really emit, so the showcase
exercises Kairos's readers (runtime/kernel/page/):

* `custom`: a hand-written Product (an object or a top-level array), with a pickup store and
  a guide (`subjectOf`), ratings as numbers;
* `woocommerce`, `woocommerce-variable`: WooCommerce's WC_Structured_Data: an `@graph` printed
  at the end of the body (wp_footer), offers as a list with the price inside
  `priceSpecification` (or an `AggregateOffer` range), no `category`, `sku` falling back to the
  post id; the Google Analytics for WooCommerce plugin's item id is the SKU, or `#<post id>`;
* `shopify`, `shopify-single`: Shopify's `structured_data` filter: a `ProductGroup` with
  `hasVariant` (or a plain Product), ids as `@id` paths, empty `sku`; the Google & YouTube
  channel's item id `shopify_US_<product id>_<variant id>`;
* `magento`: Magento's Luma theme: microdata on `<body>`, no JSON-LD, ratings out of 100;
* `bigcommerce`, `bigcommerce-range`: the Cornerstone theme's schema.html: strings everywhere,
  no sku, a price range as `minPrice`/`maxPrice`; the item id is the product's entity id;
* `productgroup`: Google's single-page variant markup: a ProductGroup with sized variants,
  each with its own sku and `?size=` URL;
* `segment`: a custom Product with only a `productID`, and Segment's analytics.js events
  instead of GA4 (`product_id` differs from the markup's id).
"""

from __future__ import annotations

SCHEMA = "https://schema.org"


def product_url(p: dict) -> str:
    return f"/products/{p['slug']}.html"


def store_node(store: dict) -> dict:
    """The store as schema.org data (the store page prints it; pickup offers point at it)."""
    return {
        "@type": store["type"], "@id": f"/stores/{store['slug']}.html#store", "name": store["name"],
        "url": f"/stores/{store['slug']}.html", "telephone": store["telephone"],
        "address": {"@type": "PostalAddress", "streetAddress": store["street"],
                    "addressLocality": store["city"], "addressRegion": store["region"],
                    "postalCode": store["postal"], "addressCountry": store["country"]},
        "openingHoursSpecification": [
            {"@type": "OpeningHoursSpecification", "dayOfWeek": [f"{SCHEMA}/{d}" for d in h["days"]],
             "opens": h["opens"], "closes": h["closes"]} for h in store["hours"]],
    }


def variants(p: dict) -> list[dict]:
    """The product's variants as {key, label, price, ...}; one for a product without any."""
    if "shopify" in p:
        return [{"key": v["id"], "label": v["title"], "price": v["price"], "query": f"variant={v['id']}"}
                for v in p["shopify"]["variants"]]
    if "variants" in p:
        return [{"key": v["sku"], "label": f"Size {v['size']}", "price": v["price"], "sku": v["sku"],
                 "size": v["size"], "query": f"size={v['size']}"} for v in p["variants"]]
    return [{"key": None, "label": None, "price": p["price"], "query": None}]


def item_id(p: dict, variant: dict) -> str:
    """The id the platform's analytics give this product (variant) in GA4 events."""
    platform = p["platform"]
    if platform.startswith("shopify"):
        return f"shopify_US_{p['shopify']['product_id']}_{variant['key']}"
    if platform == "woocommerce-variable":
        return f"#{p['wc_id']}"  # the plugin's id for a product without a SKU
    if platform.startswith("bigcommerce"):
        return p["bc_id"]
    if platform == "productgroup":
        return variant["sku"]
    if platform == "segment":
        return p["segment_id"]
    return p["sku"]


def ga4_item(p: dict, variant: dict | None = None, **extra: object) -> dict:
    """The GA4 e-commerce item of a product (its first variant unless told)."""
    variant = variant or variants(p)[0]
    item = {"item_id": item_id(p, variant), "item_name": p["name"], "item_brand": p["brand"],
            "item_category": p["category"], "price": float(variant["price"])}
    if variant.get("label"):
        item["item_variant"] = variant["label"]
    if p["platform"] == "productgroup":
        item["item_group_id"] = p["group_id"]
    return item | extra


def _review(r: dict, *, strings: bool = False, best: int = 5) -> dict:
    num = (lambda v: str(v)) if strings else (lambda v: v)
    node = {"@type": "Review", "author": {"@type": "Person", "name": r["author"]},
            "datePublished": r["date"], "name": r["title"], "reviewBody": r["body"],
            "reviewRating": {"@type": "Rating", "ratingValue": num(r["rating"] * best // 5),
                             "bestRating": num(best)}}
    if r.get("helpful"):
        node["interactionStatistic"] = {"@type": "InteractionCounter",
                                        "interactionType": f"{SCHEMA}/LikeAction",
                                        "userInteractionCount": r["helpful"]}
    return node


def _rating(p: dict, *, strings: bool = False) -> dict:
    num = (lambda v: str(v)) if strings else (lambda v: v)
    return {"@type": "AggregateRating", "ratingValue": num(p["rating"]),
            "reviewCount": num(p["review_count"]), "bestRating": num(5)}


def _offer(p: dict, price: str, url: str, store: dict | None) -> dict:
    offer = {"@type": "Offer", "price": price, "priceCurrency": "USD",
             "availability": f"{SCHEMA}/{p['availability']}", "itemCondition": f"{SCHEMA}/NewCondition",
             "url": url}
    if store and p.get("pickup"):
        offer["availableAtOrFrom"] = store_node(store)
        offer["availableDeliveryMethod"] = f"{SCHEMA}/OnSitePickup"
    return offer


def _guide(p: dict, guides: dict) -> dict | None:
    guide = guides.get(p.get("guide", ""))
    return {"@type": "HowTo", "name": guide["title"], "url": guide["url"]} if guide else None


def _breadcrumbs(p: dict, categories: dict) -> dict:
    crumbs = [("Home", "/")]
    slug = next((k for k, c in categories.items() if c["name"] == p["category"]), None)
    if slug:
        crumbs.append((p["category"], f"/category/{slug}.html"))
    crumbs.append((p["name"], product_url(p)))
    return {"@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": i, "name": name, "item": href}
        for i, (name, href) in enumerate(crumbs, 1)]}


def _custom(p: dict, categories: dict, store: dict, guides: dict) -> object:
    url = product_url(p)
    node = {"@context": SCHEMA, "@type": "Product", "@id": f"{url}#product", "name": p["name"],
            "description": p["description"], "image": p["image"],
            "brand": {"@type": "Brand", "name": p["brand"]}, "category": p["category"],
            "offers": _offer(p, p["price"], url, store), "aggregateRating": _rating(p),
            "review": [_review(r) for r in p["reviews"]]}
    if p.get("sku"):
        node["sku"] = p["sku"]
    node["productID"] = p.get("product_id") or p.get("sku")
    if _guide(p, guides):
        node["subjectOf"] = _guide(p, guides)
    if p.get("jsonld_form") == "array":
        org = {"@context": SCHEMA, "@type": "Organization", "name": "Northwind Outfitters",
               "url": "/", "logo": "/assets/img/logo.svg"}
        return [org, node, {"@context": SCHEMA, **_breadcrumbs(p, categories)}]
    return node


def _woocommerce(p: dict, categories: dict, store: dict, guides: dict) -> object:
    url = product_url(p)
    seller = {"@type": "Organization", "name": "Northwind Outfitters", "url": "/"}
    if p["platform"] == "woocommerce-variable":
        offer = {"@type": "AggregateOffer", "lowPrice": p["price"], "highPrice": p["high_price"],
                 "offerCount": 2}
    else:
        offer = {"@type": "Offer", "priceSpecification": [
            {"@type": "UnitPriceSpecification", "price": p["price"], "priceCurrency": "USD",
             "valueAddedTaxIncluded": False, "validThrough": "2031-12-31"}]}
    offer |= {"priceValidUntil": "2031-12-31", "availability": f"{SCHEMA}/{p['availability']}",
              "url": url, "seller": seller, "priceCurrency": "USD"}
    node = {"@type": "Product", "@id": f"{url}#product", "name": p["name"], "url": url,
            "description": p["description"], "image": p["image"],
            "sku": p.get("sku") or p["wc_id"], "offers": [offer],
            "aggregateRating": {"@type": "AggregateRating", "ratingValue": f"{p['rating']:.2f}",
                                "reviewCount": p["review_count"]},
            "review": [_review(r, strings=True) for r in p["reviews"]]}
    if _guide(p, guides):
        node["subjectOf"] = _guide(p, guides)
    return {"@context": f"{SCHEMA}/", "@graph": [_breadcrumbs(p, categories), node]}


def _shopify(p: dict, categories: dict, store: dict, guides: dict) -> object:
    url = product_url(p)
    base = {"@context": "http://schema.org/", "@id": f"{url}#product",
            "brand": {"@type": "Brand", "name": p["brand"]}, "category": "",
            "description": p["description"], "image": p["image"], "name": p["name"], "url": url}
    group = p["shopify"]
    offers = {v["key"]: {"@id": f"{url}?variant={v['key']}#offer", "@type": "Offer",
                         "availability": f"http://schema.org/{p['availability']}", "price": v["price"],
                         "priceCurrency": "USD", "url": f"{url}?variant={v['key']}"}
              for v in variants(p)}
    for offer in offers.values():
        if store and p.get("pickup"):
            offer["availableAtOrFrom"] = store_node(store)
    if p["platform"] == "shopify-single":
        return {**base, "@type": "Product", "offers": next(iter(offers.values())),
                "aggregateRating": _rating(p), "review": [_review(r) for r in p["reviews"]]}
    return {**base, "@type": "ProductGroup", "productGroupID": group["product_id"],
            "aggregateRating": _rating(p), "review": [_review(r) for r in p["reviews"]],
            "hasVariant": [{"@id": f"{url}?variant={v['key']}#variant", "@type": "Product",
                            "image": p["image"], "name": f"{p['name']} - {v['label']}",
                            "offers": offers[v["key"]], "sku": ""} for v in variants(p)]}


def _bigcommerce(p: dict, categories: dict, store: dict, guides: dict) -> object:
    url = product_url(p)
    offer = {"@type": "Offer", "priceCurrency": "USD"}
    if p["platform"] == "bigcommerce-range":
        offer |= {"minPrice": p["price"], "maxPrice": p["high_price"]}
    else:
        offer["price"] = p["price"]
    offer |= {"itemCondition": f"{SCHEMA}/NewCondition", "availability": f"{SCHEMA}/{p['availability']}",
              "url": url, "priceValidUntil": "2031-07-01"}
    node = {"@context": f"{SCHEMA}/", "@type": "Product", "name": p["name"], "url": url,
            "brand": {"@type": "Brand", "url": "/", "name": p["brand"]}, "description": p["description"],
            "image": p["image"], "aggregateRating": _rating(p, strings=True),
            "review": [_review(r, strings=True) for r in p["reviews"]], "offers": offer}
    if _guide(p, guides):
        node["subjectOf"] = _guide(p, guides)
    return node


def _productgroup(p: dict, categories: dict, store: dict, guides: dict) -> object:
    url = product_url(p)
    group = {"@context": SCHEMA, "@type": "ProductGroup", "@id": f"{url}#group", "name": p["name"],
             "description": p["description"], "url": url, "brand": {"@type": "Brand", "name": p["brand"]},
             "category": p["category"], "productGroupID": p["group_id"], "variesBy": [f"{SCHEMA}/size"],
             "aggregateRating": _rating(p), "review": [_review(r) for r in p["reviews"]],
             "hasVariant": [{"@type": "Product", "sku": v["sku"], "name": f"{p['name']} - {v['label']}",
                             "size": v["size"], "image": p["image"],
                             "offers": _offer(p, v["price"], f"{url}?{v['query']}", store)}
                            for v in variants(p)]}
    if _guide(p, guides):
        group["subjectOf"] = _guide(p, guides)
    return group


def jsonld(p: dict, categories: dict, store: dict, guides: dict) -> object | None:
    """The product's JSON-LD in its platform's shape, or None (Magento prints microdata)."""
    platform = p["platform"]
    if platform in ("custom", "segment"):
        return _custom(p, categories, store, guides)
    if platform.startswith("woocommerce"):
        return _woocommerce(p, categories, store, guides)
    if platform.startswith("shopify"):
        return _shopify(p, categories, store, guides)
    if platform.startswith("bigcommerce"):
        return _bigcommerce(p, categories, store, guides)
    if platform == "productgroup":
        return _productgroup(p, categories, store, guides)
    return None


def at_end_of_body(p: dict) -> bool:
    """WooCommerce prints its JSON-LD in the footer, after an async script in the head ran."""
    return p["platform"].startswith("woocommerce")
