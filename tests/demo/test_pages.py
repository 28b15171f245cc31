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


def find_products(value) -> list[dict]:
    """Product nodes in a JSON-LD value: a plain object, an array, or inside @graph."""
    if isinstance(value, list):
        return [p for v in value for p in find_products(v)]
    if isinstance(value, dict):
        if value.get("@type") == "Product":
            return [value]
        return find_products(value.get("@graph", []))
    return []


def product_of(rel: str) -> dict:
    products = [p for block in Page(rel).jsonld() for p in find_products(block)]
    assert len(products) == 1, rel
    return products[0]


def test_the_store_has_the_expected_pages():
    assert {"index.html", "cart.html", "category/tents.html"} <= set(PAGES)
    assert len(PRODUCT_PAGES) >= 4


def test_pages_are_up_to_date_with_the_catalog():
    catalog = json.loads(make_pages.CATALOG.read_text(encoding="utf-8"))
    for rel, text in make_pages.render_all(catalog).items():
        assert (SITE / rel).read_text(encoding="utf-8") == text, (
            f"{rel} is stale: run python demo_site/make_pages.py")


@pytest.mark.parametrize("rel", PRODUCT_PAGES)
def test_product_jsonld_has_the_required_fields(rel):
    p = product_of(rel)
    assert p.get("@context", "https://schema.org").rstrip("/") in ("https://schema.org",
                                                                   "http://schema.org")
    for key in ("sku", "productID", "name", "description", "image", "brand", "category"):
        assert p[key], key
    assert (SITE / p["image"].lstrip("/")).is_file()
    offer = p["offers"]
    assert offer["@type"] == "Offer" and offer["priceCurrency"] == "USD"
    assert isinstance(offer["price"], str) and re.fullmatch(r"\d+\.\d\d", offer["price"])
    assert offer["availability"].startswith("https://schema.org/") and offer["url"]
    rating = p["aggregateRating"]
    assert 1 <= float(rating["ratingValue"]) <= 5 and int(rating["reviewCount"]) >= 4
    assert 4 <= len(p["review"]) <= 6
    for review in p["review"]:
        assert review["author"]["@type"] == "Person" and review["author"]["name"]
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", review["datePublished"])
        assert review["name"] and review["reviewBody"]
        assert 1 <= float(review["reviewRating"]["ratingValue"]) <= 5


def test_jsonld_comes_in_every_form_real_stores_use():
    forms = set()
    for rel in PRODUCT_PAGES:
        for block in Page(rel).jsonld():
            if not find_products(block):
                continue
            if isinstance(block, list):
                forms.add("array")
            elif "@graph" in block:
                types = {node.get("@type") for node in block["@graph"]}
                assert "BreadcrumbList" in types
                forms.add("graph")
            else:
                forms.add("object")
    assert forms == {"array", "graph", "object"}


@pytest.mark.parametrize("rel", PRODUCT_PAGES)
def test_view_item_matches_the_jsonld(rel):
    page, p = Page(rel), product_of(rel)
    data = page.page_data()
    assert data["event"] == "view_item"
    ecommerce = data["ecommerce"]
    (item,) = ecommerce["items"]
    assert item["item_id"] == p["sku"]
    assert item["item_name"] == p["name"] and item["item_category"] == p["category"]
    assert item["price"] == float(p["offers"]["price"]) == ecommerce["value"]
    assert item["quantity"] == 1 and ecommerce["currency"] == "USD"


@pytest.mark.parametrize("rel", PRODUCT_PAGES)
def test_product_page_shows_reviews_price_slot_and_button(rel):
    page, p = Page(rel), product_of(rel)
    visible = " ".join(page.visible)
    assert page.with_attr("id", "reviews")
    for review in p["review"]:
        assert review["author"]["name"] in visible and review["reviewBody"] in visible
    assert page.with_attr("data-price", p["offers"]["price"])
    assert page.with_attr("data-add-to-cart")
    ((tag, attrs),) = page.with_attr("data-kairos-slot")
    assert tag == "div" and attrs["data-kairos-slot"] == "pdp-trust"
    assert "kairos-slot" in attrs["class"].split()


def test_slot_has_reserved_space():
    css = (SITE / "assets" / "store.css").read_text(encoding="utf-8")
    rule = re.search(r"\.kairos-slot\s*\{([^}]*)\}", css)
    assert rule and re.search(r"min-height:\s*[1-9]\d*px", rule.group(1))


def test_category_page_lists_its_products():
    data = Page("category/tents.html").page_data()
    assert data["event"] == "view_item_list"
    skus = {product_of(rel)["sku"] for rel in PRODUCT_PAGES if "tent" in rel}
    assert {i["item_id"] for i in data["ecommerce"]["items"]} == skus


@pytest.mark.parametrize("rel", PAGES)
def test_every_page_has_the_placeholder_once_in_head(rel):
    text = (SITE / rel).read_text(encoding="utf-8")
    assert text.count("<!--kairos:script-->") == 1
    assert text.index("<!--kairos:script-->") < text.index("</head>")


@pytest.mark.parametrize("rel", PAGES)
def test_only_the_cart_declares_its_page_type(rel):
    declared = [a["data-kairos-page"] for _, a in Page(rel).with_attr("data-kairos-page")]
    assert declared == (["cart"] if rel == "cart.html" else [])


@pytest.mark.parametrize("rel", PAGES)
def test_pages_load_nothing_from_other_origins(rel):
    page = Page(rel)
    for url in page.urls:
        assert not OTHER_ORIGIN.match(url), url
        if not url.startswith("#"):
            target = SITE / url.split("#")[0].lstrip("/")
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
    for event in ("add_to_cart", "remove_from_cart", "view_cart", "begin_checkout"):
        assert f'"{event}"' in js
