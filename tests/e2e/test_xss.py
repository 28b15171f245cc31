"""Hostile text never runs: XSS payloads in product names, categories, review authors, titles
and bodies, store names and addresses, image, product, guide and store URLs, the page's UTM
values and the rules' own params (tests/e2e/rules/signals.yaml, lab-xss-*) reach every snippet
of the catalog: 20 markup payloads, 4 script and data URLs, 2 UTM values, 17 rule params.
No payload may run (a global flag, `alert` dialogs), no element may appear outside Kairos's
shadow roots, and inside them nothing executable may survive."""

import json

import pytest

from .conftest_signals import MINUTE, LabPage

PAYLOADS = {
    1: "<script>__xssHit(1)</script>",
    2: '<img src=x onerror="__xssHit(2)">',
    3: '"><svg onload=__xssHit(3)>',
    4: "'><iframe srcdoc=\"<script>parent.__xssHit(4)</script>\"></iframe>",
    6: '<a href="javascript:__xssHit(6)">click me</a>',
    7: "</script><script>__xssHit(7)</script>",
    8: "<style>*{display:none}</style><b onmouseover=__xssHit(8)>hover</b>",
    9: "{{ 7*7 }}{% if true %}tpl{% endif %}",
    10: "<math><mtext><table><mglyph><style><img src=x onerror=__xssHit(10)>",
    11: "<details open ontoggle=__xssHit(11)>",
    12: "<body onload=__xssHit(12)>",
    13: "<input autofocus onfocus=__xssHit(13)>",
    17: '<object data="javascript:__xssHit(17)"></object>',
    18: '<embed src="javascript:__xssHit(18)">',
    19: '<form><button formaction="javascript:__xssHit(19)">go</button></form>',
    20: '<video><source onerror="__xssHit(20)"></video>',
    21: '<a href="&#106;avascript:__xssHit(21)">x</a>',
    22: "<marquee onstart=__xssHit(22)>m</marquee>",
    24: "<svg><animate onbegin=__xssHit(24) attributeName=x dur=1s>",
    25: "<img src=x onerror=alert(25)>",
}
URLS = {5: "javascript:__xssHit(5)", 14: "data:text/html,<script>__xssHit(14)</script>",
        15: "JaVaScRiPt:__xssHit(15)", 16: " javascript:__xssHit(16)"}
UTM = ("?utm_source=%3Cscript%3E__xssHit(23)%3C/script%3E"
       "&utm_campaign=%22%3E%3Cimg%20src=x%20onerror=__xssHit(26)%3E")
P = PAYLOADS

WATCH = """
window.__xssHits = [];
window.__xssHit = (n) => window.__xssHits.push(n);
window.__added = [];
const added = new MutationObserver((records) => {
  for (const record of records) for (const node of record.addedNodes) {
    if (node.nodeType === 1 && document.readyState !== "loading") {
      window.__added.push(node.outerHTML.slice(0, 80));
    }
  }
});
added.observe(document, {childList: true, subtree: true});
// The parser's last nodes may still be queued when parsing ends (on a busy machine their
// records arrive after readyState changed): drop them as it changes, before they are delivered
// (this listener is the page's first). What is added after parsing is what counts.
document.addEventListener("readystatechange", () => {
  if (document.readyState === "interactive") added.takeRecords();
});
"""

# Inside every shadow root of ours: nothing that runs or loads from a script URL.
SHADOW_CHECK = """() => [...document.querySelectorAll('[data-kairos-host]')].flatMap((host) =>
  [...host.shadowRoot.querySelectorAll('*')].flatMap((el) => {
    const bad = [];
    if (/^(SCRIPT|IFRAME|OBJECT|EMBED|STYLE|FORM|INPUT|VIDEO|MARQUEE|DETAILS)$/.test(el.tagName)) {
      bad.push(el.tagName);
    }
    for (const a of el.attributes) {
      if (a.name.startsWith('on') || /^\\s*(javascript|data|vbscript):/i.test(a.value)) {
        bad.push(el.tagName + ' ' + a.name);
      }
    }
    return bad;
  }))"""


def review(author, title, body):
    return {"@type": "Review", "author": {"@type": "Person", "name": author}, "name": title,
            "reviewBody": body, "datePublished": "2030-05-01",
            "reviewRating": {"@type": "Rating", "ratingValue": 3}}


def xss_page(sku: str, name: str, reviews: list, image: str, url: str) -> str:
    product = {"@context": "https://schema.org", "@type": "Product", "sku": sku, "name": name,
               "category": "Lab " + P[3], "image": image, "url": url,
               "subjectOf": {"@type": "HowTo", "name": P[11], "url": URLS[15]},
               "aggregateRating": {"@type": "AggregateRating", "ratingValue": 4.5, "reviewCount": 9},
               "offers": {"@type": "Offer", "price": "49.00", "priceCurrency": "USD",
                          "availableAtOrFrom": {"@type": "Store", "name": "Lab store " + P[2],
                                                "address": P[12], "telephone": P[13], "url": URLS[5]}},
               "review": reviews}
    markup = json.dumps(product).replace("</", "<\\/")  # as any store must print JSON-LD
    slots = "\n".join(f'<div class="slot" data-kairos-slot="xss-{name}"></div>'
                      for name in ("badge", "price", "compare", "store", "guide", "question"))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>XSS lab</title>
<!--kairos:script-->
<script type="application/ld+json">{markup}</script>
<style> body {{ font: 16px/1.5 sans-serif; margin: 0; padding: 24px; }}
  .slot {{ min-height: 480px; }} </style>
</head><body><h1>XSS lab</h1>
{slots}
</body></html>
"""


@pytest.fixture(scope="module")
def xss_site(lab_site_dir):
    reviews = [review(P[1], P[2], P[3] + " fits"), review(P[4], P[6], P[7] + " size"),
               review(P[8], P[9], P[10]), review(P[17], P[18], P[19] + P[20]),
               review(P[21], P[22], P[24] + P[25])]
    (lab_site_dir / "lab" / "xss.html").write_text(
        xss_page("XSS-1", "Lab " + P[1] + P[25], reviews, URLS[14], URLS[16]), encoding="utf-8")
    (lab_site_dir / "lab" / "xss-2.html").write_text(
        xss_page("XSS-2", "Lab two " + P[2], reviews[::-1], URLS[5], URLS[15]), encoding="utf-8")
    return lab_site_dir


def use_everything(lab: LabPage) -> None:
    """Click every link and button in our snippets but the ones that leave the page, hover all."""
    lab.page.evaluate("""() => { for (const host of document.querySelectorAll('[data-kairos-host]')) {
        for (const el of host.shadowRoot.querySelectorAll('button, [data-kairos-answer], b, mark')) {
          el.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));
          if (el.tagName === 'BUTTON' && !el.hasAttribute('data-kairos-close')) el.click();
        } } }""")


def check(lab: LabPage, dialogs: list) -> None:
    lab.page.clock.run_for(2_000)  # animations, timers, anything a payload might have queued
    assert lab.page.evaluate("window.__xssHits") == []
    assert dialogs == []
    added = lab.page.evaluate("window.__added")
    assert [html for html in added if not html.startswith('<div data-kairos-host=""')] == []
    assert lab.page.evaluate(SHADOW_CHECK) == []
    assert lab.page_errors == []


def test_no_payload_ever_runs_or_leaves_a_shadow_root(lab: LabPage, xss_site):
    dialogs = []
    lab.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    lab.page.add_init_script(WATCH)

    lab.open("/lab/xss.html" + UTM)
    assert lab.state()["context.utm_source"] == P[1].replace("(1)", "(23)")
    lab.boot()
    lab.run_and_settle(3_000)
    drawn = {e["detail"]["rule"] for e in lab.events("decision")}
    assert {"lab-xss-reviews", "lab-xss-badge", "lab-xss-store", "lab-xss-question",
            "lab-xss-guide"} <= drawn
    texts = lab.page.evaluate("""Object.fromEntries([...document.querySelectorAll('[data-kairos-host]')]
        .map((h) => [h.dataset.kairosRule, h.shadowRoot.textContent]))""")
    assert P[1] in texts["lab-xss-reviews"] and P[9] in texts["lab-xss-reviews"], "shown as text"
    assert "<img src=x onerror=__xssHit(30)>" in texts["lab-xss-reviews"]
    assert '"><script>__xssHit(31)</script>' in texts["lab-xss-badge"]
    assert "Lab store " + P[2] in texts["lab-xss-store"]
    guide = lab.page.evaluate("""document.querySelector('[data-kairos-rule="lab-xss-guide"]')
        .shadowRoot.querySelector('a').getAttribute('href')""")
    assert guide == '/lab/guide.html?x="><script>__xssHit(39)</script>', \
        "the product's javascript: guide is dropped; the rule's path is an attribute, escaped"
    use_everything(lab)
    check(lab, dialogs)

    lab.jump(MINUTE)
    lab.open("/lab/xss-2.html")
    lab.boot()
    lab.settle()
    drawn = {e["detail"]["rule"] for e in lab.events("decision")}
    assert {"lab-xss-compare", "lab-xss-offer"} <= drawn
    images = lab.page.evaluate("""[...document.querySelector('[data-kairos-rule="lab-xss-compare"]')
        .shadowRoot.querySelectorAll('img, a')].map((e) => e.outerHTML)""")
    assert images == [], "javascript: and data: addresses make no link and no image"
    use_everything(lab)
    check(lab, dialogs)

    lab.jump(MINUTE)
    lab.open("/lab/xss.html")
    lab.boot()
    lab.settle()
    assert "lab-xss-price" in {e["detail"]["rule"] for e in lab.events("decision")}
    use_everything(lab)
    check(lab, dialogs)
