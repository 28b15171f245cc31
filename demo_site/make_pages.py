"""Render the Northwind demo store's pages from catalog.json into site/ (--check: verify only).

The pages: home, a page per category, twelve product pages (each in its platform's markup,
platforms.py), cart, checkout, the Portland store and a guide; plus the generated product
pictures (art.py). Run it after editing the catalog or the generator.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script (python demo_site/make_pages.py): find the package
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from demo_site import art  # noqa: E402
from demo_site.product_page import product_page  # noqa: E402
from demo_site.store_pages import (  # noqa: E402
    GUIDES,
    cart_page,
    category_page,
    checkout_page,
    guide_page,
    home_page,
    store_page,
)

HERE = Path(__file__).resolve().parent
CATALOG = HERE / "catalog.json"
SITE = HERE / "site"


def render_all(catalog: dict) -> dict[str, str]:
    """Every generated file, keyed by its path relative to site/."""
    products, categories, store = catalog["products"], catalog["categories"], catalog["store"]
    pages = {"index.html": home_page(products, categories), "cart.html": cart_page(),
             "checkout.html": checkout_page(), f"stores/{store['slug']}.html": store_page(store),
             "guides/choosing-a-backpack.html": guide_page(products)}
    for slug, cat in categories.items():
        pages[f"category/{slug}.html"] = category_page(slug, cat, products)
    for p in products:
        # Three others, the same category's first: the page's lazily loaded "You may also like".
        others = sorted((o for o in products if o is not p), key=lambda o: o["category"] != p["category"])
        pages[f"products/{p['slug']}.html"] = product_page(p, categories, store, GUIDES, others[:3])
    pages.update(art.pictures())
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a page is out of date")
    args = parser.parse_args(argv)
    pages = render_all(json.loads(CATALOG.read_text(encoding="utf-8")))
    stale = []
    for rel, text in pages.items():
        path = SITE / rel
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(rel)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    verb = "out of date" if args.check else "written"
    print(f"{len(stale)} of {len(pages)} pages {verb}" + (": " + ", ".join(stale) if stale else ""))
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
