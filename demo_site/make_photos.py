"""Product photos of the demo store (site/assets/img/photos/SLUG.jpg), drawn once in Chromium.

Each is a 600x450 progressive-free baseline JPEG of a few tens of KB: a gradient sky,
mountains, the product's silhouette and film grain, so that a page's images weigh what a real
store's do (the benchmark's mobile profile times them). Seeded: the same catalog draws the
same scenes. Run `python demo_site/make_photos.py` after adding a product; the files are
committed, so neither the store nor its tests need this script.
"""

from __future__ import annotations

import base64
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PHOTOS = HERE / "site" / "assets" / "img" / "photos"
CHROMIUM = os.environ.get("KAIROS_CHROMIUM", "/usr/bin/chromium")

DRAW = """([seed, kind]) => {
  let s = seed >>> 0;
  const rand = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296);
  const c = document.createElement("canvas");
  c.width = 600; c.height = 450;
  const g = c.getContext("2d");
  const hue = Math.floor(rand() * 360);
  const sky = g.createLinearGradient(0, 0, 0, 450);
  sky.addColorStop(0, `hsl(${hue}, 45%, 72%)`);
  sky.addColorStop(1, `hsl(${(hue + 40) % 360}, 50%, 90%)`);
  g.fillStyle = sky; g.fillRect(0, 0, 600, 450);
  for (let layer = 0; layer < 3; layer++) {       // mountain ridges, far to near
    g.fillStyle = `hsl(${(hue + 150) % 360}, ${25 + layer * 10}%, ${55 - layer * 14}%)`;
    g.beginPath(); g.moveTo(0, 450);
    let y = 220 + layer * 50;
    for (let x = 0; x <= 600; x += 20) { y += (rand() - 0.5) * 40; g.lineTo(x, y); }
    g.lineTo(600, 450); g.closePath(); g.fill();
  }
  const accent = `hsl(${(hue + 200) % 360}, 65%, 45%)`;
  const shade = `hsl(${(hue + 200) % 360}, 60%, 30%)`;
  g.fillStyle = accent;
  if (kind === "tent") {
    g.beginPath(); g.moveTo(150, 390); g.lineTo(300, 190); g.lineTo(450, 390); g.fill();
    g.fillStyle = shade; g.beginPath(); g.moveTo(300, 190); g.lineTo(340, 390); g.lineTo(450, 390); g.fill();
  } else if (kind === "pack") {
    g.beginPath(); g.roundRect(220, 170, 160, 230, 40); g.fill();
    g.fillStyle = shade; g.beginPath(); g.roundRect(245, 260, 110, 90, 18); g.fill();
  } else {
    g.beginPath(); g.arc(300, 300, 80, 0, 2 * Math.PI); g.fill();
    g.fillStyle = "hsl(55, 100%, 85%)"; g.beginPath(); g.arc(300, 300, 45, 0, 2 * Math.PI); g.fill();
  }
  const img = g.getImageData(0, 0, 600, 450);        // film grain: a photo's entropy
  for (let i = 0; i < img.data.length; i += 4) {
    const n = (rand() - 0.5) * 34;
    img.data[i] += n; img.data[i + 1] += n; img.data[i + 2] += n;
  }
  g.putImageData(img, 0, 0);
  return c.toDataURL("image/jpeg", 0.7);
}"""


def kind_of(product: dict) -> str:
    category = product["category"].lower()
    return "tent" if "tent" in category else "pack" if "pack" in category else "light"


def main() -> int:
    from playwright.sync_api import sync_playwright

    catalog = json.loads((HERE / "catalog.json").read_text(encoding="utf-8"))
    PHOTOS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        page = browser.new_page()
        for index, product in enumerate(catalog["products"]):
            url = page.evaluate(DRAW, [1000 + index * 7919, kind_of(product)])
            data = base64.b64decode(url.split(",", 1)[1])
            (PHOTOS / f"{product['slug']}.jpg").write_bytes(data)
            print(f"{product['slug']}.jpg: {len(data):,} B")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
