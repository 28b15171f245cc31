/* Northwind Outfitters' own storefront script: the cart (localStorage), checkout, and the store's
   analytics: GA4 dataLayer events, or Segment's analytics.js on pages that use it. */
(function () {
  "use strict";

  window.dataLayer = window.dataLayer || [];
  var CART_KEY = "northwind-cart";
  var CURRENCY = "USD";
  var FREE_SHIPPING = 75;
  var SHIPPING = 6.95;
  var memoryCart = [];  // used when localStorage is disabled or throws

  // GA4's recommended pattern: clear the previous ecommerce object before each event.
  function track(event, ecommerce) {
    window.dataLayer.push({ ecommerce: null });
    window.dataLayer.push({ event: event, ecommerce: ecommerce });
  }

  function round2(n) { return Math.round(n * 100) / 100; }
  function money(n) { return "$" + n.toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }
  function cartValue(items) {
    return round2(items.reduce(function (sum, i) { return sum + i.price * i.quantity; }, 0));
  }
  function copy(item) { return JSON.parse(JSON.stringify(item)); }

  function readCart() {
    try {
      var raw = window.localStorage.getItem(CART_KEY);
      var items = raw ? JSON.parse(raw) : [];
      if (!Array.isArray(items)) return [];
      return items.filter(function (i) {
        return i && typeof i.item_id === "string" && typeof i.price === "number" && i.quantity > 0;
      });
    } catch (e) {
      return memoryCart.slice();
    }
  }

  function writeCart(items) {
    memoryCart = items.slice();
    try { window.localStorage.setItem(CART_KEY, JSON.stringify(items)); } catch (e) { /* memory only */ }
    renderCount(items);
  }

  function renderCount(items) {
    var count = (items || readCart()).reduce(function (n, i) { return n + i.quantity; }, 0);
    document.querySelectorAll("[data-cart-count]").forEach(function (el) { el.textContent = String(count); });
  }

  function pageData() {
    var el = document.getElementById("northwind-page-data");
    if (!el) return null;
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  /** The variant the URL names (?variant=, ?size=), else the first. */
  function chosenVariant(data) {
    var variants = data.variants || [];
    for (var i = 0; i < variants.length; i++) {
      if (variants[i].query && location.search.indexOf(variants[i].query) >= 0) return variants[i];
    }
    return variants[0];
  }

  function setupProduct(data) {
    var variant = chosenVariant(data);
    var product = variant ? variant.item : data.ecommerce.items[0];
    var segment = data.analytics === "segment" && window.analytics;
    if (segment) window.analytics.track("Product Viewed", data.segment);
    else track("view_item", { currency: CURRENCY, value: product.price, items: [product] });
    document.querySelectorAll("[data-variant]").forEach(function (link) {
      if (variant && link.getAttribute("data-variant") === variant.query) link.setAttribute("aria-current", "true");
    });
    var button = document.querySelector("[data-add-to-cart]");
    var qtyInput = document.getElementById("qty");
    var status = document.querySelector("[data-cart-status]");
    button.addEventListener("click", function () {
      var qty = Math.max(1, Math.min(10, parseInt(qtyInput && qtyInput.value, 10) || 1));
      var items = readCart();
      var line = items.find(function (i) { return i.item_id === product.item_id; });
      if (line) line.quantity += qty;
      else {
        line = copy(product);
        line.quantity = qty;
        items.push(line);
      }
      writeCart(items);
      if (segment) {
        var props = copy(data.segment);
        props.quantity = qty;
        window.analytics.track("Product Added", props);
      } else {
        var added = copy(product);
        added.quantity = qty;
        track("add_to_cart", { currency: CURRENCY, value: round2(product.price * qty), items: [added] });
      }
      if (status) status.textContent = "Added " + qty + " \u00d7 " + product.item_name + " to your cart.";
    });
    var toggle = document.querySelector("[data-store-toggle]");
    var stock = document.getElementById("store-stock");
    if (toggle && stock) toggle.addEventListener("click", function () {
      stock.hidden = !stock.hidden;
      toggle.setAttribute("aria-expanded", String(!stock.hidden));
    });
  }

  function renderLines(root, items, removable) {
    var lines = root.querySelector("[data-cart-lines]");
    lines.textContent = "";
    items.forEach(function (item) {
      var tr = document.createElement("tr");
      tr.dataset.itemId = item.item_id;
      [item.item_name, money(item.price), String(item.quantity), money(item.price * item.quantity)]
        .forEach(function (text) {
          var td = document.createElement("td");
          td.textContent = text;
          tr.appendChild(td);
        });
      var td = document.createElement("td");
      if (removable) {
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "btn btn-link";
        remove.textContent = "Remove";
        remove.setAttribute("aria-label", "Remove " + item.item_name);
        remove.dataset.removeFromCart = item.item_id;
        remove.addEventListener("click", function () { removeItem(root, item.item_id); });
        td.appendChild(remove);
      }
      tr.appendChild(td);
      lines.appendChild(tr);
    });
    root.querySelector("[data-cart-table]").hidden = items.length === 0;
    root.querySelector("[data-cart-empty]").hidden = items.length > 0;
    root.querySelectorAll("[data-cart-subtotal]").forEach(function (el) { el.textContent = money(cartValue(items)); });
  }

  function setupCart() {
    var root = document.querySelector("[data-cart-root]");
    if (!root) return;
    renderCart(root);
    var items = readCart();
    track("view_cart", { currency: CURRENCY, value: cartValue(items), items: items });
  }

  function renderCart(root) {
    var items = readCart();
    renderLines(root, items, true);
    root.querySelector("[data-cart-summary]").hidden = items.length === 0;
  }

  function removeItem(root, itemId) {
    var items = readCart();
    var removed = items.filter(function (i) { return i.item_id === itemId; });
    if (!removed.length) return;
    writeCart(items.filter(function (i) { return i.item_id !== itemId; }));
    track("remove_from_cart", { currency: CURRENCY, value: cartValue(removed), items: removed });
    renderCart(root);
  }

  function setupCheckout() {
    var root = document.querySelector("[data-checkout-root]");
    if (!root) return;
    var items = readCart();
    var value = cartValue(items);
    var shipping = value >= FREE_SHIPPING || !items.length ? 0 : SHIPPING;
    renderLines(root, items, false);
    root.querySelector("[data-checkout-form]").hidden = items.length === 0;
    root.querySelector("[data-shipping]").textContent = shipping ? money(shipping) : "Free";
    if (!items.length) return;
    track("begin_checkout", { currency: CURRENCY, value: value, items: items });
    root.querySelector("[data-place-order]").addEventListener("submit", function (event) {
      event.preventDefault();
      var order = "NW-" + Date.now().toString(36).toUpperCase();
      track("purchase", { transaction_id: order, currency: CURRENCY, value: round2(value + shipping),
        shipping: shipping, items: items });
      writeCart([]);
      root.querySelector("[data-checkout-form]").hidden = true;
      var done = root.querySelector("[data-order-done]");
      done.hidden = false;
      done.textContent = "Thank you! Order " + order + " is confirmed. (A demo: nothing will ship.)";
    });
  }

  function init() {
    renderCount();
    var data = pageData();
    if (data && data.event === "view_item") setupProduct(data);
    else if (data && data.event) track(data.event, data.ecommerce);  // view_item_list
    setupCart();
    setupCheckout();
    // Another tab changed the cart, or the page came back from the back/forward cache.
    window.addEventListener("storage", function (e) {
      if (e.key === CART_KEY || e.key === null) refresh();
    });
    window.addEventListener("pageshow", function (e) { if (e.persisted) refresh(); });
  }

  function refresh() {
    renderCount();
    var root = document.querySelector("[data-cart-root]");
    if (root) renderCart(root);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
