// The latency page's own script: a GA4 add_to_cart on the button, as a store would push it.
(function () {
  "use strict";
  window.dataLayer = window.dataLayer || [];
  document.querySelector("[data-add-to-cart]").addEventListener("click", function () {
    window.dataLayer.push({ ecommerce: null });
    window.dataLayer.push({ event: "add_to_cart", ecommerce: { currency: "USD", value: 10,
      items: [{ item_id: "bench-1", item_name: "Bench item", price: 10, quantity: 1 }] } });
  });
})();

// The benchmark's driver (tools/bench calls it once per page view): for each step,
// act (click "Add to cart", or scroll past the step's depth) and time until a MutationObserver
// sees the rule's snippet host in the DOM. The probe (probe.js) supplies the moment the scroll
// event reached the page (before the kernel's own listener), the kernel's post to the worker
// and the engine's reply, for the breakdown. A scroll event is dispatched at the next frame, so
// the crossing is observable by any script (the kernel included) only from then on.
window.benchLatency = async function (plan, timeoutMs) {
  "use strict";
  var B = window.__bench;
  var frames = function () {
    return new Promise(function (resolve) {
      requestAnimationFrame(function () { requestAnimationFrame(function () { resolve(); }); });
    });
  };
  var out = [];
  var missedInARow = 0;
  for (var i = 0; i < plan.length && missedInARow < 3; i++) {
    var step = plan[i];
    await frames();
    var posts = B.posts.length, replies = B.replies.length, scrolls = B.scrolls.length, timer = null;
    var selector = '[data-kairos-rule="' + step.rule + '"]';
    var seen = new Promise(function (resolve) {
      var observer = new MutationObserver(function () {
        if (document.querySelector(selector)) {
          var t = performance.now();
          observer.disconnect();
          resolve(t);
        }
      });
      observer.observe(document.body, { childList: true, subtree: true });
      timer = setTimeout(function () { observer.disconnect(); resolve(null); }, timeoutMs);
    });
    var t0 = performance.now();
    if (step.kind === "cart") document.querySelector("[data-add-to-cart]").click();
    else {
      var root = document.scrollingElement || document.documentElement;
      window.scrollTo(0, (step.depth / 100) * root.scrollHeight - innerHeight);
    }
    var dom = await seen;
    clearTimeout(timer);
    missedInARow = dom === null ? missedInARow + 1 : 0;  // a broken view stops early
    var scrollAt = B.scrolls.length > scrolls ? B.scrolls[scrolls] : null;
    var post = B.posts.slice(posts).find(function (p) { return p.type === "update"; });
    var reply = B.replies.slice(replies).find(function (r) { return r.type === "decisions" && r.decisions > 0; });
    // The observable crossing: the click itself, or the scroll event's dispatch.
    var crossed = step.kind === "cart" ? t0 : scrollAt;
    out.push({ rule: step.rule, kind: step.kind, t0: t0, dom: dom, crossed: crossed,
      total_ms: dom === null || crossed === null ? null : dom - crossed,
      action_ms: dom === null ? null : dom - t0, scroll_event: scrollAt, post: post ? post.t : null, reply: reply ? reply.t : null,
      engine_ms: reply ? reply.engine_ms : null });
  }
  return out;
};
