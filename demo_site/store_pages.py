"""The demo store's other pages: home, categories, cart, checkout, the Portland store, a guide."""

from __future__ import annotations

from html import escape

from . import platforms
from .layout import SCHEMA, json_script, layout, product_card

GUIDES = {"backpack": {"title": "How to choose a backpack that fits",
                       "url": "/guides/choosing-a-backpack.html"}}


def home_page(products: list[dict], categories: dict) -> str:
    cards = "\n".join(product_card(p) for p in products[::3] + products[1::3])
    shop_by = "\n".join(f'  <li><a href="/category/{slug}.html"><strong>{escape(c["title"])}</strong>'
                        f'<span>{escape(c["intro"])}</span></a></li>' for slug, c in categories.items())
    main = f"""<section class="hero">
  <div class="hero-text">
    <h1>Gear for the long way round</h1>
    <p>Tents, packs and lights tested on real trails by people who would rather be outside.</p>
    <a class="btn btn-primary" href="/category/tents.html">Shop tents</a>
  </div>
  <img src="/assets/img/hero.svg" width="640" height="360" alt="Mountains at dawn above a lake">
</section>
<ul class="perks">
  <li><strong>Free shipping</strong> on orders over $75</li>
  <li><strong>30-day returns</strong>, no questions asked</li>
  <li><strong>Pick up in Portland</strong>, ready in 2 hours</li>
</ul>
<h2>Shop by category</h2>
<ul class="shop-by">
{shop_by}
</ul>
<h2>Featured gear</h2>
<ul class="grid">
{cards}
</ul>"""
    return layout("Northwind Outfitters | Outdoor gear", main,
                  description="Tents, backpacks and lighting for hikers and campers.")


def category_page(slug: str, cat: dict, products: list[dict]) -> str:
    items = [p for p in products if p["category"] == cat["name"]]
    page_data = {"event": "view_item_list", "ecommerce": {
        "item_list_id": slug, "item_list_name": cat["name"],
        "items": [platforms.ga4_item(p, index=i, item_list_id=slug, item_list_name=cat["name"])
                  for i, p in enumerate(items)]}}
    cards = "\n".join(product_card(p) for p in items)
    main = f"""<nav class="breadcrumb" aria-label="Breadcrumb">
  <a href="/">Home</a> &rsaquo; <span>{escape(cat['name'])}</span>
</nav>
<h1>{escape(cat['title'])}</h1>
<p class="lead">{escape(cat['intro'])}</p>
<ul class="grid">
{cards}
</ul>
<div data-kairos-slot="compare" class="kairos-slot kairos-slot-compare"></div>"""
    return layout(f"{cat['title']} | Northwind Outfitters", main, description=cat["intro"],
                  page_data=page_data)


CART_TABLE = """  <table class="cart-table" data-cart-table hidden>
    <caption class="sr-only">Your cart</caption>
    <thead><tr>
      <th scope="col">Item</th><th scope="col">Price</th><th scope="col">Qty</th>
      <th scope="col">Total</th><th scope="col"><span class="sr-only">Remove</span></th>
    </tr></thead>
    <tbody data-cart-lines></tbody>
  </table>"""


def cart_page() -> str:
    main = f"""<h1>Your cart</h1>
<div class="cart" data-cart-root>
  <p class="cart-empty" data-cart-empty>Your cart is empty.
    <a href="/category/tents.html">Browse tents</a></p>
{CART_TABLE}
  <div data-kairos-slot="cart-shipping" class="kairos-slot kairos-slot-note"></div>
  <div class="cart-summary" data-cart-summary hidden>
    <p>Subtotal <strong data-cart-subtotal>$0.00</strong></p>
    <a class="btn btn-primary" href="/checkout.html" data-checkout>Checkout</a>
  </div>
  <noscript><p>Please enable JavaScript to see your cart.</p></noscript>
</div>"""
    return layout("Your cart | Northwind Outfitters", main, description="Your shopping cart.",
                  html_attrs=' data-kairos-page="cart"')


def checkout_page() -> str:
    main = f"""<h1>Checkout</h1>
<div class="checkout" data-checkout-root>
  <p class="cart-empty" data-cart-empty>Your cart is empty. <a href="/">Keep shopping</a></p>
  <div class="checkout-grid" data-checkout-form hidden>
    <form class="checkout-form" data-place-order novalidate>
      <fieldset>
        <legend>Contact</legend>
        <label for="email">Email</label>
        <input id="email" name="email" type="email" autocomplete="email" value="shopper@example.com">
      </fieldset>
      <fieldset>
        <legend>Shipping address</legend>
        <label for="name">Full name</label>
        <input id="name" name="name" autocomplete="name" value="Alex Rivera">
        <label for="address">Address</label>
        <input id="address" name="address" autocomplete="street-address" value="500 SW Main St, Portland, OR">
      </fieldset>
      <button type="submit" class="btn btn-primary">Place order</button>
      <p class="fine">A demo store: no payment is taken.</p>
    </form>
    <aside class="order-summary" aria-label="Order summary">
      <h2>Order summary</h2>
{CART_TABLE}
      <div data-kairos-slot="cart-shipping" class="kairos-slot kairos-slot-note"></div>
      <p>Subtotal <strong data-cart-subtotal>$0.00</strong></p>
      <p>Shipping <strong data-shipping>$0.00</strong></p>
    </aside>
  </div>
  <p class="order-done" role="status" aria-live="polite" data-order-done hidden></p>
</div>"""
    return layout("Checkout | Northwind Outfitters", main, description="Checkout.",
                  html_attrs=' data-kairos-page="checkout"')


def _day_names(days: list[str]) -> str:
    return days[0] if len(days) == 1 else f"{days[0]} to {days[-1]}"


def store_page(store: dict) -> str:
    node = {"@context": SCHEMA, **platforms.store_node(store),
            "image": "/assets/img/hero.svg", "priceRange": "$$"}
    hours = "\n".join(f"    <tr><th scope=\"row\">{_day_names(h['days'])}</th>"
                      f"<td>{h['opens']}&ndash;{h['closes']}</td></tr>" for h in store["hours"])
    main = f"""<nav class="breadcrumb" aria-label="Breadcrumb">
  <a href="/">Home</a> &rsaquo; <span>Stores</span>
</nav>
<h1>{escape(store['name'])}</h1>
<div class="store-grid">
  <section class="details">
    <h2>Visit us</h2>
    <p>{escape(store['street'])}, {escape(store['city'])}, {store['region']} {store['postal']}<br>
      <a href="tel:{store['telephone'].replace(' ', '')}">{escape(store['telephone'])}</a></p>
    <p>Order online and pick up in two hours, free. Try packs on with our fitters, rent a tent for the
      weekend, or bring gear in for a lifetime repair.</p>
  </section>
  <section class="details">
    <h2>Opening hours</h2>
    <table class="specs">
      <tbody>
{hours}
      </tbody>
    </table>
  </section>
</div>"""
    return layout(f"{store['name']} | Northwind Outfitters", main,
                  description=f"Opening hours and directions for {store['name']}.",
                  head_extra=json_script(node, "application/ld+json") + "\n")


GUIDE_STEPS = [
    ("Measure your torso", "Tilt your head forward and find the bony bump at the base of your neck. Measure "
     "down your spine to the line between the tops of your hip bones."),
    ("Pick the size by torso, not height", "Two people of the same height can need different sizes. Our "
     "size charts list torso lengths: if you are between sizes, take the larger one."),
    ("Load it and adjust", "Put 8\u201310 kg in the pack. Tighten the hip belt on your hip bones first, "
     "then the shoulder straps, then the load lifters to about 45 degrees."),
    ("Walk the stairs", "Ten minutes on the stairs shows hot spots. Nothing should press on your spine or "
     "the tops of your shoulders."),
]


def guide_page(products: list[dict]) -> str:
    guide = GUIDES["backpack"]
    howto = {"@context": SCHEMA, "@type": "HowTo", "name": guide["title"], "url": guide["url"],
             "totalTime": "PT15M", "step": [{"@type": "HowToStep", "position": i, "name": name, "text": text}
                                            for i, (name, text) in enumerate(GUIDE_STEPS, 1)]}
    steps = "\n".join(f"  <li><h2>{escape(name)}</h2><p>{escape(text)}</p></li>"
                      for name, text in GUIDE_STEPS)
    packs = "\n".join(product_card(p) for p in products if p["category"] == "Backpacks")
    main = f"""<nav class="breadcrumb" aria-label="Breadcrumb">
  <a href="/">Home</a> &rsaquo; <span>Guides</span>
</nav>
<h1>{escape(guide['title'])}</h1>
<p class="lead">A pack that fits carries 15 kg like 10. It takes fifteen minutes and a tape measure.</p>
<ol class="guide-steps">
{steps}
</ol>
<h2>Packs in every size</h2>
<ul class="grid">
{packs}
</ul>"""
    return layout(f"{guide['title']} | Northwind Outfitters", main,
                  description="Measure your torso and choose a backpack that fits.",
                  head_extra=json_script(howto, "application/ld+json") + "\n")
