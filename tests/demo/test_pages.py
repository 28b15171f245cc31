"""The demo pages: schema.org Product JSON-LD, GA4 dataLayer data, slots, same-origin only."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from demo_site import make_pages

SITE = Path(__file__).resolve().parents[2] / "demo_site" / "site"
PAGES = sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html"))
PRODUCT_PAGES = [p for p in PAGES if p.startswith("products/")]
OTHER_ORIGIN = re.compile(r"^\s*(https?:)?//", re.I)


class Page(HTMLParser):
    """The parts of a page the tests look at."""

    def __init__(self, rel: str) -> None:
        super().__init__(convert_charrefs=True)
        self.rel, self.text = rel, (SITE / rel).read_text(encoding="utf-8")
        self.scripts: list[dict] = []  # {"type", "src", "id", "text"}
        self.urls: list[str] = []  # every src/href
        self.elements: list[tuple[str, dict]] = []
        self.visible: list[str] = []
        self._script: dict | None = None
        self.feed(self.text)

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        self.elements.append((tag, a))
        self.urls += [a[k] for k in ("src", "href") if k in a]
        if tag == "script":
            self._script = {"type": a.get("type", ""), "src": a.get("src"),
                            "id": a.get("id"), "text": ""}
            self.scripts.append(self._script)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script["text"] += data
        else:
            self.visible.append(data)

    def jsonld(self) -> list:
        return [json.loads(s["text"]) for s in self.scripts if s["type"] == "application/ld+json"]

    def page_data(self) -> dict | None:
        blocks = [s for s in self.scripts if s["id"] == "northwind-page-data"]
        return json.loads(blocks[0]["text"]) if blocks else None

    def with_attr(self, name: str, value: str | None = None) -> list[tuple[str, dict]]:
        return [(t, a) for t, a in self.elements
                if name in a and (value is None or a[name] == value)]


def nodes(value) -> list[dict]:
    """Every node of a JSON-LD value: a plain object, an array, or inside @graph."""
    if isinstance(value, list):
        return [n for v in value for n in nodes(v)]
    if isinstance(value, dict):
        return [value, *nodes(value.get("@graph", []))]
    return []


def products_in(rel: str) -> list[dict]:
    return [n for block in Page(rel).jsonld() for n in nodes(block)
            if n.get("@type") in ("Product", "ProductGroup")]


CATALOG = json.loads(make_pages.CATALOG.read_text(encoding="utf-8"))
BY_SLUG = {p["slug"]: p for p in CATALOG["products"]}
PLATFORM_OF = {f"products/{p['slug']}.html": p["platform"] for p in CATALOG["products"]}


def test_the_store_has_the_expected_pages():
    assert {"index.html", "cart.html", "checkout.html", "stores/portland.html",
            "guides/choosing-a-backpack.html", "category/tents.html", "category/backpacks.html",
            "category/lighting.html"} <= set(PAGES)
    assert len(PRODUCT_PAGES) >= 12
    categories = {p["category"] for p in CATALOG["products"]}
    assert len(categories) == 3 and all(
        sum(p["category"] == c for p in CATALOG["products"]) >= 4 for c in categories)


def test_pages_are_up_to_date_with_the_catalog():
    for rel, text in make_pages.render_all(CATALOG).items():
        assert (SITE / rel).read_text(encoding="utf-8") == text, (
            f"{rel} is stale: run python demo_site/make_pages.py")


def test_products_come_in_the_shapes_the_platforms_emit():
    shapes = {}
    for rel in PRODUCT_PAGES:
        page, platform = Page(rel), PLATFORM_OF[rel]
        found = products_in(rel)
        if platform == "magento":  # microdata on <body>, no JSON-LD product at all
            assert not found and 'itemtype="http://schema.org/Product"' in page.text
            assert 'itemprop="offers" itemscope itemtype="http://schema.org/Offer"' in page.text
            shapes[rel] = "microdata"
            continue
        (product,) = [n for n in found if n["@type"] == "ProductGroup"] or found[:1]
        blocks = page.jsonld()
        if product["@type"] == "ProductGroup":
            shapes[rel] = "ProductGroup"
            assert len(product["hasVariant"]) >= 2 and product["productGroupID"]
        elif any("@graph" in b for b in blocks if isinstance(b, dict)):
            shapes[rel] = "@graph"
        elif any(isinstance(b, list) for b in blocks):
            shapes[rel] = "array"
        else:
            shapes[rel] = "object"
        if platform.startswith("woocommerce"):  # printed in the footer, after the kernel ran
            assert page.text.index('"@graph"') > page.text.index("<footer")
        if platform.startswith("shopify") or platform.startswith("bigcommerce"):
            assert not product.get("sku"), "no sku: identity must come from elsewhere"
    assert set(shapes.values()) == {"object", "array", "@graph", "ProductGroup", "microdata"}


def test_offers_in_every_form():
    forms = set()
    for rel in PRODUCT_PAGES:
        for product in products_in(rel):
            for offer in [*([product["offers"]] if "offers" in product else []),
                          *(v["offers"] for v in product.get("hasVariant", []))]:
                offer = offer[0] if isinstance(offer, list) else offer
                forms.add(offer["@type"] + ("+spec" if "priceSpecification" in offer else "")
                          + ("+range" if "minPrice" in offer else ""))
    assert {"Offer", "Offer+spec", "AggregateOffer", "Offer+range"} <= forms


@pytest.mark.parametrize("rel", PRODUCT_PAGES)
def test_view_item_uses_the_platforms_own_item_ids(rel):
    data = Page(rel).page_data()
    assert data["event"] == "view_item"
    (item,) = data["ecommerce"]["items"]
    p = BY_SLUG[rel.split("/")[1].removesuffix(".html")]
    platform = p["platform"]
    expected = {"shopify": r"shopify_US_\d+_\d+", "shopify-single": r"shopify_US_\d+_\d+",
                "woocommerce-variable": r"#\d+", "bigcommerce": r"\d+", "bigcommerce-range": r"\d+",
                "segment": r"gsl-\d+"}.get(platform)
    if expected:
        assert re.fullmatch(expected, item["item_id"]), item["item_id"]
    assert item["item_name"] == p["name"] and item["item_category"] == p["category"]
    assert item["price"] == float(p["price"]) and data["ecommerce"]["currency"] == "USD"
    if platform == "segment":
        assert data["analytics"] == "segment" and data["segment"]["product_id"] == item["item_id"]


@pytest.mark.parametrize("rel", PRODUCT_PAGES)
def test_product_page_shows_reviews_price_slots_and_buttons(rel):
    page = Page(rel)
    p = BY_SLUG[rel.split("/")[1].removesuffix(".html")]
    visible = " ".join(page.visible)
    assert page.with_attr("id", "reviews") and len(p["reviews"]) >= 3
    for review in p["reviews"]:
        assert review["author"] in visible and review["body"] in visible
    assert page.with_attr("data-price", p["price"])
    assert page.with_attr("data-add-to-cart")
    assert page.with_attr("data-kairos-track", "store-locator")
    slots = {a["data-kairos-slot"] for _, a in page.with_attr("data-kairos-slot")}
    assert slots == {"pdp-price", "pdp-trust", "compare"}
    if p.get("size_chart"):
        assert page.with_attr("id", "size-chart") and page.with_attr("data-kairos-track", "size-guide")


def test_some_reviews_hold_html_looking_text_that_the_page_escapes():
    bodies = [r["body"] + r["author"] for p in CATALOG["products"] for r in p["reviews"]]
    assert any("<b>" in b for b in bodies) and any("<script>" in b for b in bodies)
    for rel in PRODUCT_PAGES:
        text = Page(rel).text
        body = text[text.index("<body"):]
        assert "<b>" not in body.split('type="application/ld+json"')[0] and "<script>long" not in body


def test_slots_have_reserved_space():
    css = (SITE / "assets" / "store.css").read_text(encoding="utf-8")
    for name in ("kairos-slot", "kairos-slot-note", "kairos-slot-compare"):
        rule = re.search(rf"\.{name}\s*\{{([^}}]*)\}}", css)
        assert rule and re.search(r"min-height:\s*[1-9]\d*px", rule.group(1)), name


def test_category_pages_list_their_products():
    for slug, cat in CATALOG["categories"].items():
        data = Page(f"category/{slug}.html").page_data()
        assert data["event"] == "view_item_list" and data["ecommerce"]["item_list_name"] == cat["name"]
        names = {p["name"] for p in CATALOG["products"] if p["category"] == cat["name"]}
        assert {i["item_name"] for i in data["ecommerce"]["items"]} == names


def test_the_store_page_and_the_guide_publish_their_schema_org_data():
    (store,) = [n for b in Page("stores/portland.html").jsonld() for n in nodes(b)
                if n.get("@type") == "SportingGoodsStore"]
    assert store["address"]["streetAddress"] and len(store["openingHoursSpecification"]) == 3
    (guide,) = [n for b in Page("guides/choosing-a-backpack.html").jsonld() for n in nodes(b)
                if n.get("@type") == "HowTo"]
    assert len(guide["step"]) >= 3
    picked_up = [p for p in PRODUCT_PAGES for n in products_in(p)
                 for o in [n.get("offers"), *(v["offers"] for v in n.get("hasVariant", []))]
                 if isinstance(o, dict) and o.get("availableAtOrFrom")]
    assert picked_up, "some products can be picked up in the store"


@pytest.mark.parametrize("rel", PAGES)
def test_every_page_has_the_placeholder_once_in_head(rel):
    text = (SITE / rel).read_text(encoding="utf-8")
    assert text.count("<!--kairos:script-->") == 1
    assert text.index("<!--kairos:script-->") < text.index("</head>")


@pytest.mark.parametrize("rel", PAGES)
def test_only_the_cart_and_checkout_declare_their_page_type(rel):
    declared = [a["data-kairos-page"] for _, a in Page(rel).with_attr("data-kairos-page")]
    assert declared == {"cart.html": ["cart"], "checkout.html": ["checkout"]}.get(rel, [])


@pytest.mark.parametrize("rel", PAGES)
def test_pages_load_nothing_from_other_origins(rel):
    page = Page(rel)
    for url in page.urls:
        assert not OTHER_ORIGIN.match(url), url
        if not url.startswith(("#", "tel:")):
            target = SITE / url.split("#")[0].split("?")[0].lstrip("/")
            target = target / "index.html" if target.is_dir() else target
            assert target.is_file(), f"broken link {url}"
    for script in page.scripts:  # no inline code: the store works under a strict CSP
        assert script["src"] or script["type"] in ("application/ld+json", "application/json")


def test_assets_load_nothing_from_other_origins():
    css = (SITE / "assets" / "store.css").read_text(encoding="utf-8")
    assert "@import" not in css and not re.search(r"url\(", css)
    js = (SITE / "assets" / "store.js").read_text(encoding="utf-8")
    assert not re.search(r"https?://|fetch\(|XMLHttpRequest|sendBeacon|import\(", js)
    for svg in (SITE / "assets" / "img").glob("*.svg"):
        text = re.sub(r'xmlns(:\w+)?="[^"]*"', "", svg.read_text(encoding="utf-8"))
        assert "http" not in text and "href" not in text, svg.name


def test_store_js_sets_up_datalayer_and_cart():
    js = (SITE / "assets" / "store.js").read_text(encoding="utf-8")
    setup = js.index("window.dataLayer = window.dataLayer || []")
    assert setup < js.index("dataLayer.push(")
    assert '"northwind-cart"' in js
    for event in ("add_to_cart", "remove_from_cart", "view_cart", "begin_checkout", "purchase"):
        assert f'"{event}"' in js
    for event in ("Product Viewed", "Product Added"):  # the Segment page's analytics
        assert f'"{event}"' in js


def test_the_segment_page_loads_segments_snippet_not_its_cdn():
    page = Page("products/glow-string-lights.html")
    assert "/assets/analytics.js" in page.urls
    snippet = (SITE / "assets" / "analytics.js").read_text(encoding="utf-8")
    assert "analytics.factory" in snippet and "cdn.segment" not in snippet
