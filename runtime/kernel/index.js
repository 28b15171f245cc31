// The Kairos kernel: the one script a storefront adds. It starts at once, collects signals,
// keeps the visit history, boots the engine in a worker when the page is idle, and puts the
// engine's snippets on the page. It never throws into the page and never blocks it.

import { emit, fault, setStage } from "./lib/events.js";
import { forget, mutate, read, touchSession } from "./lib/history.js";
import { startEngine } from "./engineClient.js";
import { listCategory, pageType } from "./page/pageType.js";
import { readProduct } from "./page/product.js";
import { insert } from "./render/insert.js";
import { applyToCart, onDataLayer } from "./signals/onCart.js";
import { onDwell } from "./signals/onDwell.js";
import { onCopy } from "./signals/onCopy.js";
import { onExitIntent } from "./signals/onExitIntent.js";
import { onScroll } from "./signals/onScroll.js";
import { onSection } from "./signals/onSection.js";
import { onTrackedClick } from "./signals/onTrackedClick.js";
import { armWatch } from "./watch.js";
import { capsHistory, readContext, snapshot } from "./state.js";

/* global __KAIROS_CONFIG__ */
const CONFIG = __KAIROS_CONFIG__;

function baseURL() {
  const script = document.currentScript;
  return new URL(".", (script && script.src) || location.href).href;
}

/** Everything that belongs to one page view. */
function openView(now) {
  const product = readProduct();
  const events = [];
  const early = []; // GA4 events seen before the cart listener exists (pushed before load)
  let category = product ? product.category : null;
  let cartListener = null;
  onDataLayer((name, params) => {
    events.push(name);
    if (name === "view_item_list" && !category) category = listCategory(params);
    if (cartListener) cartListener(name, params);
    else early.push([name, params]);
  });
  const url = location.pathname + location.search;
  const record = mutate(now, (history) => {
    const session = touchSession(history, now);
    session.views += 1;
    history.views.push([now, url, product ? product.id : null, category, session.id]);
    // Events pushed on this page before the kernel loaded (a fast click) count too.
    for (const [name, params] of early) applyToCart(history.cart, name, params);
  });
  const stored = product ? record.products[product.id] : null;
  const view = {
    start: now,
    url,
    type: pageType(product, events),
    product,
    category,
    productDwellBefore: stored ? stored.dwell : 0,
    lastPrice: stored ? stored.price : null,
    context: readContext(),
    setCartListener(fn) {
      cartListener = fn;
    },
  };
  if (product) {
    mutate(now, (history) => {
      const entry = history.products[product.id] || { dwell: 0, price: null, seen: now };
      history.products[product.id] = { ...entry, price: product.price, seen: now };
    });
  }
  return view;
}

function start() {
  const now = Date.now();
  setStage("loading");
  const base = baseURL();
  const view = openView(now);
  const occupied = new Set();
  const behavior = { exit_intent: false, hidden_count: 0, copied: false, clicks: {} };
  let engine = null;
  let watch = null;

  const dwell = onDwell(() => {}, { idleMs: CONFIG.idleMs });
  const scroll = onScroll();
  const sections = onSection(CONFIG.watch.sections || [], dwell, (selector, what) =>
    watch && watch.changed(`section.${what}`));
  const live = {
    dwell: dwell.dwell,
    idle: dwell.idle,
    scroll: scroll.depth,
    sections: sections.read,
    behavior,
    consent: () => true,
  };

  function wake(reason) {
    if (!engine) return;
    const at = Date.now();
    const record = read(at);
    engine.send({
      type: "update",
      reason,
      now: at,
      signals: snapshot(at, view, record, live),
      history: capsHistory(at, view, record, occupied),
      product: view.product,
    });
  }

  watch = armWatch(CONFIG.watch, {
    dwell, scroll, sections, productDwellBefore: view.productDwellBefore, hasProduct: !!view.product,
  }, wake);
  onExitIntent(() => {
    behavior.exit_intent = true;
    watch.changed("behavior.exit_intent");
  });
  onCopy(() => {
    behavior.copied = true;
    watch.changed("behavior.copied");
  });
  onTrackedClick((name) => {
    behavior.clicks[name] = (behavior.clicks[name] || 0) + 1;
    watch.changed("clicks");
  });
  view.setCartListener((name, params) => {
    mutate(Date.now(), (history) => applyToCart(history.cart, name, params));
    watch.changed("cart");
  });

  function saveDwell() {
    if (!view.product) return;
    const total = view.productDwellBefore + Math.floor(dwell.dwell());
    mutate(Date.now(), (history) => {
      const entry = history.products[view.product.id];
      if (entry) entry.dwell = Math.max(entry.dwell, total);
    });
  }
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") {
      behavior.hidden_count += 1;
      saveDwell();
      watch.changed("behavior.hidden_count");
    }
  });
  window.addEventListener("pagehide", saveDwell);

  function show(decision) {
    const at = Date.now();
    const key = decision.placement === "slot" ? `slot:${decision.slot}` : "overlay";
    if (occupied.has(key)) return;
    let host = null;
    if (decision.html != null) {
      host = insert(decision, () => emit("dismiss", { rule: decision.rule }));
      if (!host) return; // the page has no such slot: nothing shown, nothing counted
    }
    occupied.add(key);
    mutate(at, (history) => {
      (history.exposures[decision.rule] = history.exposures[decision.rule] || []).push(at);
    });
    const detail = { rule: decision.rule, snippet: decision.snippet, variant: decision.variant,
      placement: decision.placement, slot: decision.slot };
    emit("decision", detail);
    emit("exposure", detail);
    (window.dataLayer = window.dataLayer || []).push({
      event: "kairos_exposure", kairos_rule: decision.rule, kairos_variant: decision.variant,
    });
  }

  function boot() {
    engine = startEngine(
      {
        workerURL: new URL(CONFIG.worker, base).href,
        indexURL: new URL(CONFIG.pyodide, base).href,
        lockURL: new URL(CONFIG.lock, base).href,
      },
      {
        ready(info) {
          setStage("ready");
          emit("ready", { rules: info.rules, boot_ms: info.boot_ms });
        },
        decisions(reply) {
          for (const error of reply.errors || []) fault(`rule ${error.rule}`, new Error(error.message));
          for (const decision of reply.decisions || []) show(decision);
          // Tests and hosts can synchronise on every evaluation, even one that shows nothing.
          emit("evaluated", { seq: reply.seq, reason: reply.reason, decisions: (reply.decisions || []).length });
        },
        error(kind, error) {
          setStage("error");
          fault(kind, error);
        },
      },
    );
    wake("boot");
  }
  // The engine (Pyodide) loads when the page is idle, so it never competes with the store.
  if ("requestIdleCallback" in window) requestIdleCallback(boot, { timeout: 2000 });
  else setTimeout(boot, 200);

  return {
    track(name, params) {
      mutate(Date.now(), (history) => applyToCart(history.cart, name, params || {}));
      wake(`track:${name}`);
    },
    forget,
    pending: () => (engine ? engine.pending() : 0),
    state: () => snapshot(Date.now(), view, read(Date.now()), live),
  };
}

/** Replace the pre-load queue (`window.kairos = window.kairos || []`) with the live API. */
function install(api) {
  const queued = Array.isArray(window.kairos) ? window.kairos : [];
  const run = (command) => {
    try {
      if (typeof command === "function") command(publicAPI);
      else if (Array.isArray(command) && typeof publicAPI[command[0]] === "function") {
        publicAPI[command[0]](...command.slice(1));
      }
    } catch (error) {
      fault("command", error);
    }
  };
  const publicAPI = { ...api, push: (...commands) => commands.forEach(run), version: CONFIG.version };
  window.kairos = publicAPI;
  queued.forEach(run);
}

try {
  install(start());
} catch (error) {
  setStage("error");
  fault("kernel", error);
}
