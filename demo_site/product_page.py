"""A product page of the demo store, its markup in the product's platform shape (platforms.py).

Every product page has the same visible parts: the price with a slot under it (`pdp-price`),
the trust slot (`pdp-trust`), the buy box, store availability (`data-kairos-track=
"store-locator"`), details, a size chart on packs (`#size-chart`, opened by a size guide
link tracked as `size-guide`), a comparison slot (`compare`) and the reviews (`#reviews`).
"""

from __future__ import annotations

from html import escape

from . import platforms
from .layout import json_script, layout, money, photo, product_card, stars

AVAILABILITY_TEXT = {
    "InStock": "In stock. Ships in 1-2 business days.",
    "LimitedAvailability": "Only a few left. Ships in 1-2 business days.",
    "OutOfStock": "Out of stock.",
}
SIZE_CHART = [("S", "38\u201344 cm", "Under 1.65 m"), ("M", "44\u201350 cm", "1.65\u20131.80 m"),
              ("L", "50\u201356 cm", "Over 1.80 m")]


def _md(on: bool, prop: str, scope: str | None = None) -> str:
    """Microdata attributes (Magento prints its product as microdata, not JSON-LD)."""
    if not on:
        return ""
    if scope:
        return f' itemprop="{prop}" itemscope itemtype="http://schema.org/{scope}"'
    return f' itemprop="{prop}"'


def _reviews(p: dict, md: bool) -> str:
    out = []
    for r in p["reviews"]:
        rating = (f'<span{_md(md, "reviewRating", "Rating")}><meta itemprop="ratingValue" '
                  f'content="{r["rating"] * 20}"><meta itemprop="bestRating" content="100"></span>'
                  if md else "")
        out.append(f"""    <article class="review"{_md(md, "review", "Review")}>
      <p class="review-stars">{stars(r['rating'])}{rating}
        <span class="sr-only">{r['rating']} out of 5</span></p>
      <h3{_md(md, "name")}>{escape(r['title'])}</h3>
      <p class="review-meta"><span class="review-author"{_md(md, "author")}>{escape(r['author'])}</span>
        &middot;
        <time datetime="{r['date']}"{_md(md, "datePublished")}>{r['date']}</time> &middot; Verified buyer
        {f"&middot; {r['helpful']} found this helpful" if r.get('helpful') else ""}</p>
      <p{_md(md, "description")}>{escape(r['body'])}</p>
    </article>""")
    return "\n".join(out)


def _variant_picker(p: dict) -> str:
    options = platforms.variants(p)
    if len(options) < 2:
        return ""
    url = platforms.product_url(p)
    links = "\n".join(f'      <li><a href="{url}?{v["query"]}" data-variant="{escape(v["query"])}">'
                      f'{escape(v["label"])}</a></li>' for v in options)
    return f"""    <nav class="variants" aria-label="Options">
      <ul>
{links}
      </ul>
    </nav>
"""


def _size_chart(p: dict) -> str:
    if not p.get("size_chart"):
        return ""
    rows = "\n".join(f"        <tr><th scope=\"row\">{size}</th><td>{torso}</td><td>{height}</td></tr>"
                     for size, torso, height in SIZE_CHART)
    return f"""<section id="size-chart" class="details size-chart">
  <h2>Size chart</h2>
  <p>Measure your torso from the bony bump at the base of your neck to the top of your hip bones.
    Between sizes? Take the larger one and shorten the harness.</p>
  <table class="specs">
    <thead><tr><th scope="col">Size</th><th scope="col">Torso length</th>
      <th scope="col">Usually fits</th></tr></thead>
    <tbody>
{rows}
    </tbody>
  </table>
  <p><a href="/guides/choosing-a-backpack.html">How to choose a backpack that fits</a></p>
</section>
"""


def page_data(p: dict) -> dict:
    """The store script's data: GA4's view_item (or Segment's Product Viewed) and the variants."""
    options = platforms.variants(p)
    items = [platforms.ga4_item(p, v, quantity=1) for v in options]
    data = {"event": "view_item", "ecommerce": {"currency": "USD", "value": items[0]["price"],
                                                 "items": items[:1]},
            "variants": [{"query": v["query"], "item": item} for v, item in zip(options, items, strict=True)]}
    if p["platform"] == "segment":
        data["analytics"] = "segment"
        data["segment"] = {"product_id": p["segment_id"], "sku": p["segment_sku"], "name": p["name"],
                           "brand": p["brand"], "category": p["category"], "price": float(p["price"]),
                           "currency": "USD", "url": platforms.product_url(p), "image_url": p["image"]}
    return data


def product_page(p: dict, categories: dict, store: dict, guides: dict, others: list[dict]) -> str:
    md = p["platform"] == "magento"
    cat_slug = next((k for k, c in categories.items() if c["name"] == p["category"]), None)
    crumb = (f'<a href="/category/{cat_slug}.html">{escape(p["category"])}</a>'
             if cat_slug else escape(p["category"]))
    features = "\n".join(f"      <li>{escape(f)}</li>" for f in p["features"])
    specs = "\n".join(f"        <tr><th scope=\"row\">{escape(k)}</th><td>{escape(v)}</td></tr>"
                      for k, v in p["specs"].items())
    price = money(p["price"]) + (f" &ndash; {money(p['high_price'])}" if p.get("high_price") else "")
    offer = ""
    if md:  # Magento's price box: the offer as microdata
        offer = (f'<span{_md(md, "offers", "Offer")}><meta itemprop="price" content="{float(p["price"]):g}">'
                 f'<meta itemprop="priceCurrency" content="USD">'
                 f'<meta itemprop="availability" content="http://schema.org/{p["availability"]}"></span>')
    rating_md = (f'<span{_md(md, "aggregateRating", "AggregateRating")}><meta itemprop="ratingValue" '
                 f'content="{round(p["rating"] * 20)}"><meta itemprop="bestRating" content="100">'
                 f'<meta itemprop="reviewCount" content="{p["review_count"]}"></span>') if md else ""
    sku_line = f'<p class="sku">SKU <span{_md(md, "sku")}>{escape(p["sku"])}</span></p>' if md else ""
    size_link = ('<a class="size-guide" href="#size-chart" data-kairos-track="size-guide">Size guide</a>'
                 if p.get("size_chart") else "")
    # Below the fold, lazily loaded as a good store does: the benchmark times these images.
    related = "\n".join(product_card({**o, "image": photo(o)}, ' loading="lazy" decoding="async"')
                        for o in others)
    main = f"""<nav class="breadcrumb" aria-label="Breadcrumb">
  <a href="/">Home</a> &rsaquo; {crumb} &rsaquo; <span>{escape(p['name'])}</span>
</nav>
<section class="pdp">
  <div class="pdp-media">
    <img src="{photo(p)}" width="600" height="450" alt="{escape(p['name'])}"{_md(md, "image")}
      fetchpriority="high">
  </div>
  <div class="pdp-info">
    <p class="pdp-brand">{escape(p['brand'])}</p>
    <h1{_md(md, "name")}>{escape(p['name'])}</h1>
    <a class="pdp-rating" href="#reviews">{stars(p['rating'])}
      {p['rating']:.1f} &middot; {p['review_count']} reviews</a>{rating_md}
    <p class="pdp-tagline">{escape(p['tagline'])}</p>
    <p class="price" data-price="{p['price']}">{price}</p>{offer}
    <div data-kairos-slot="pdp-price" class="kairos-slot kairos-slot-note"></div>
{_variant_picker(p)}    <p class="availability">{AVAILABILITY_TEXT[p['availability']]}</p>
    <div data-kairos-slot="pdp-trust" class="kairos-slot"></div>
    <div class="buy">
      <label for="qty">Qty</label>
      <input id="qty" name="qty" type="number" inputmode="numeric" value="1" min="1" max="10">
      <button type="button" class="btn btn-primary" data-add-to-cart>Add to cart</button>
    </div>
    <p class="cart-status" role="status" aria-live="polite" data-cart-status></p>
    <p class="pdp-links">
      <button type="button" class="btn-link" data-kairos-track="store-locator" data-store-toggle
        aria-expanded="false" aria-controls="store-stock">Check store availability</button>
      {size_link}</p>
    <p class="store-stock" id="store-stock" hidden>In stock at <a href="/stores/portland.html">Northwind
      Portland</a>, 1120 NW Couch St. Order online, pick up in 2 hours.</p>
    {sku_line}
  </div>
</section>
<section id="details" class="details">
  <h2>Details</h2>
  <p{_md(md, "description")}>{escape(p['description'])}</p>
  <div class="details-grid">
    <ul class="features">
{features}
    </ul>
    <table class="specs">
      <tbody>
{specs}
      </tbody>
    </table>
  </div>
</section>
{_size_chart(p)}<div data-kairos-slot="compare" class="kairos-slot kairos-slot-compare"></div>
<section id="reviews" class="reviews">
  <h2>Customer reviews</h2>
  <p class="reviews-summary">{stars(p['rating'])} <strong>{p['rating']:.1f} out of 5</strong>
    &middot; based on {p['review_count']} reviews</p>
{_reviews(p, md)}
</section>
<section class="related" aria-labelledby="related-title">
  <h2 id="related-title">You may also like</h2>
  <ul class="grid">
{related}
  </ul>
</section>"""
    markup = platforms.jsonld(p, categories, store, guides)
    block = json_script(markup, "application/ld+json") + "\n" if markup is not None else ""
    at_end = platforms.at_end_of_body(p)
    return layout(f"{p['name']} | Northwind Outfitters", main, description=p["tagline"],
                  head_extra="" if at_end else block, body_end=block if at_end else "",
                  page_data=page_data(p),
                  body_attrs=' itemscope itemtype="http://schema.org/Product"' if md else "",
                  scripts=("/assets/analytics.js",) if p["platform"] == "segment" else ())
