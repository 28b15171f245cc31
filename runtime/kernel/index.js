// The Kairos kernel: the one script a storefront adds. It starts at once, collects signals,
// keeps the visit history, boots the engine in a worker when the page is idle, and puts the
// engine's snippets on the page. It never throws into the page and never blocks it.

import { openConsent } from "./lib/consent.js";
import { emit, fault, guard, setStage } from "./lib/events.js";
import { forgetLocalSnapshot } from "../engine/localSnapshot.js";
import { forget as forgetHistory, mutate, onOtherTabs, read, touchSession } from "./lib/history.js";
import { onNavigate } from "./lib/navigation.js";
import { lazySections } from "./lib/lazySections.js";
import { applyToCart, CART_CHANGES, onDataLayer } from "./signals/onCart.js";
import { onCopy } from "./signals/onCopy.js";
import { onDwell } from "./signals/onDwell.js";
import { onExitIntent } from "./signals/onExitIntent.js";
import { onScroll } from "./signals/onScroll.js";
import { onSegment } from "./signals/onSegment.js";
import { onTrackedClick } from "./signals/onTrackedClick.js";

/* global __KAIROS_CONFIG__ */
const CONFIG = __KAIROS_CONFIG__;

const SCRIPT = document.currentScript;

function baseURL() {
  return new URL(".", SCRIPT?.src || location.href).href;
}

/** A per-page setting from the script tag (data-consent, data-idle-ms), else the build's. */
function setting(name, fallback) {
  return SCRIPT?.dataset?.[name] ?? fallback;
}

/** Kairos failed: no personalization from now on, one console warning, the page as it was. */
function failed(error, kind = "kernel") {
  setStage("error");
  fault(kind, error);
}

/** `fn()` in a task of its own, posted now (a MessageChannel's: neither background tabs
 * throttle it nor tests' fake clocks hold it); a Promise of its result. */
const tasks = [];
let channel = null; // made in the guarded first run below: nothing here may throw into the page
const nextTask = (fn) => new Promise((run) => tasks.push(run) && channel.port2.postMessage(0)).then(fn);

function start(consent) {
  setStage("loading");
  const base = baseURL();
  const events = []; // [performance.now(), GA4 event name, params] of this document
  let view = null;
  let occupied = new Set();
  let behavior = null;
  let engine = null;
  let watch = null;
  let lazy = null; // boot.js: engine client, snapshot and snippet UI, imported at idle
  const loadLazy = () => lazy || (lazy = import(new URL(CONFIG.lazy, base).href));
  const save = (at, change) => mutate(at, change, CONFIG.retentionDays);
  // The store's own load event, which the engine and the section tracking wait for.
  const loaded = new Promise((done) => (document.readyState == "complete" ? done()
    : addEventListener("load", done)));
  // view.js, the page readers: imported at once, used when the document is parsed (markup
  // printed at the end of the body, after this async script ran, is read too). On a slow
  // link (3g or slower) its 5 KB wait for the store's load: before it they would share the
  // link with the store's own largest image (LCP).
  const viewChunk = Promise.resolve(/[23]g/.test(navigator.connection?.effectiveType) && loaded)
    .then(() => import(new URL(CONFIG.view, base).href));
  const parsed = new Promise((done) => {
    // "interactive" is not enough: deferred scripts (a store's analytics) run after it.
    const nav = performance.getEntriesByType("navigation")[0];
    if (document.readyState === "complete" || (nav && nav.domContentLoadedEventEnd > 0)) return done();
    document.addEventListener("DOMContentLoaded", done);
    // No navigation timing (a test's fake clock): DOMContentLoaded may be past, so load too.
    if (!nav) addEventListener("load", done);
  });
  let viewModule = null;
  let opening = 0; // the latest page view asked for (an SPA may navigate twice quickly)
  let opened = null; // resolves once that view is open
  let lazyModule = null; // the same module once loaded, for synchronous use
  let idleArmed = false; // the page has been idle once: boot whenever a view needs the engine
  let booting = false;

  const dwell = onDwell(() => watch?.changed("behavior.idle"),
    { idleMs: Number(setting("idleMs", CONFIG.idleMs)) });
  const scroll = onScroll();
  // Section rules' tracking (the lazy half) waits for the store's load: before it, its 10 KB
  // would share a slow link with the store's own first images, and its import would run in
  // the kernel's first task.
  const sections = lazySections(CONFIG.sections || [], dwell, () => loaded.then(loadLazy),
    (_, what) => watch?.changed(`section.${what}`));
  const live = {
    dwell: dwell.dwell,
    idle: dwell.idle,
    scroll: scroll.depth,
    sections: sections.read,
    consent: consent.granted,
    timezone: () => timezone,
    get behavior() {
      return behavior;
    },
  };

  let lastSent = null; // the signals of the last update, for kairos.mirror()
  let sentFor = new Map(); // update seq -> the page view it described
  // The worker reads the time zone (Intl's first call costs ~15 ms: not on the main thread).
  let timezone = null;
  // The watch list (watch.js, in the lazy half) is armed per view once the lazy half is here:
  // before the engine is ready there is nobody to wake, and at ready it gets a fresh update.
  function armWatching() {
    if (!lazyModule || !view || watch) return;
    watch = lazyModule.armWatch({ dwell, scroll, sections, view }, wake);
  }

  const wake = guard("kernel", (reason) => {
    drain();
    if (!engine || !view) return;
    const at = Date.now();
    const update = lazyModule.update(reason, at, view, read(at, CONFIG.retentionDays), live,
      occupied, CONFIG.ahead, CONFIG.qa);
    lastSent = update.signals;
    sentFor.set(engine.send(update), view);
  });

  /** Apply a cart event (at `now`) to the stored cart; true when the cart changed. */
  function cartEvent(name, params, now) {
    // Most events (view_item on every product page) cannot change the cart: no storage I/O.
    if (!CART_CHANGES.has(name)) return false;
    let changed = false;
    save(now, (history) => {
      changed = applyToCart(history.cart, name, params);
      if (changed) history.cartAt = now;
    });
    return changed;
  }

  // Conversions (add_to_cart, purchase) are attributed by the lazy half (events/), once the
  // view they happened on is open.
  const conversions = [];
  function convert() {
    if (!view || !conversions.length) return;
    loadLazy().then((module) => {
      useLazy(module);
      if (view) for (const [name, params] of conversions.splice(0)) ui.converted(name, params, view);
    }).catch((error) => fault("kernel", error));
  }

  // The store's own tap ("Add to cart") paints before our share of it: its e-commerce events
  // are queued with their time and handled in a task of their own (nextTask), or before
  // anything reads what they change (drain), so every reader sees them in order as if handled
  // at once.
  const queued = [];
  // Each on its own: one that throws (a host's odd params) is reported and the rest go on.
  const handle = guard("kernel", (at, now, name, params, then) => {
    events.push([at, name, params]);
    if (cartEvent(name, params, now)) watch?.changed("cart");
    if (view && viewModule.lateEvent(view, name, params, save, now)) {
      watch?.changed("page.type");
      idle(); // the engine may be worth booting on this page type
    }
    if (name === "add_to_cart" || name === "purchase") {
      conversions.push([name, params]);
      convert();
    }
    then?.();
  });
  const drain = () => queued.splice(0).forEach((event) => handle(...event));
  /** Every e-commerce event (GA4's dataLayer, Segment, kairos.track), pushed before the kernel
   * loaded or after, in order; `then` runs once it is handled. */
  function ecommerce(name, params, then) {
    if (queued.push([performance.now(), Date.now(), name, params, then]) < 2) nextTask(drain);
  }
  onDataLayer(ecommerce);
  onSegment(ecommerce);

  function saveDwell() {
    drain();
    if (!view || !view.product) return;
    const total = view.productDwellBefore + Math.floor(dwell.dwell());
    save(Date.now(), (history) => {
      const entry = history.products[view.product.id];
      if (entry) entry.dwell = Math.max(entry.dwell, total);
    });
  }

  /** Open a page view: at load, and after each SPA navigation or bfcache restore. */
  function newView(since) {
    drain(); // the events of the view that ends are its own
    if (view) {
      saveDwell();
      if (lazyModule) lazyModule.removeSnippets();
      sentFor = new Map();
      dwell.reset();
      scroll.reset();
      sections.reset();
      exitIntent.reset();
      watch?.dispose();
    }
    view = null;
    watch = null;
    occupied = new Set();
    behavior = { exit_intent: false, hidden_count: 0, copied: false, clicks: {} };
    const asked = ++opening;
    // The page's markup is read as the view chunk and the parsed document are both here,
    // and the view opened in a task of its own after that (each part short on a slow phone).
    opened = Promise.all([viewChunk, parsed]).then(([module]) => {
      viewModule = module;
      const page = asked === opening && module.readPage();
      return nextTask(() => page);
    }).then((page) => {
      if (asked !== opening) return; // the shopper navigated again meanwhile
      drain();
      const recent = events.filter(([at]) => at >= since);
      events.splice(0, events.length, ...recent); // an SPA's history of events is not ours to keep
      view = viewModule.openView(Date.now(), recent, page, { mutate: save, touchSession });
      emit("view", { url: view.url, type: view.type, product: view.product?.id ?? null });
      armWatching();
      // Decisions the engine made ahead for this view are drawn now, not at idle (ahead.js).
      const thisView = view;
      if (view.ahead && CONFIG.ahead) loadLazy().then((lazyHalf) => {
        useLazy(lazyHalf);
        if (view !== thisView) return;
        lazyHalf.applyAhead(view, occupied, show, CONFIG.version);
        wake("ahead"); // a booted engine (SPA views) confirms them now
      }).catch((error) => fault("kernel", error));
      wake("pageview");
      convert(); // conversions pushed before the view opened
      idle(); // an SPA view may be a page type where rules apply
    }).catch(failed);
  }

  const exitIntent = onExitIntent(() => {
    behavior.exit_intent = true;
    watch?.changed("behavior.exit_intent");
  });
  onCopy(() => {
    behavior.copied = true;
    watch?.changed("behavior.copied");
  });
  onTrackedClick((name) => {
    behavior.clicks[name] = (behavior.clicks[name] || 0) + 1;
    watch?.changed("clicks");
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState !== "hidden") return;
    behavior.hidden_count += 1;
    saveDwell();
    watch?.changed("behavior.hidden_count");
  });
  // Its pagehide listener comes first: what another tab wrote over is put back before
  // saveDwell re-reads the record (and takes it for all this page knows). The view chunk's
  // comes last (registered later): it hands the record on to the tab's next page.
  onOtherTabs(() => viewModule && viewModule.merge);
  window.addEventListener("pagehide", saveDwell);

  newView(-Infinity);
  onNavigate(guard("navigation", (kind, changedAt) => newView(changedAt)));

  let show = null; // show.js, from the lazy half: decisions only arrive once it is loaded
  let ui = null; // the lazy half's snippet UI and events (exposures, conversions, the sink)

  /** The lazy half is here: keep it for synchronous use, with the snippet UI's show(). */
  function useLazy(module) {
    lazyModule = module;
    if (!ui) {
      ui = module.makeUI({ currentView: () => view, emit, fault, mutate: save, setting, consent,
        read: (at) => read(at, CONFIG.retentionDays), mode: setting("consent", CONFIG.consent) });
      show = ui.show;
    }
    armWatching();
  }

  function boot(spawned, module) {
    useLazy(module);
    engine = module.startEngine(
      spawned,
      {
        ready(info) {
          timezone = info.timezone || null;
          setStage("ready");
          // The worker's ready message, as it is: rules, boot timings, how the snapshot came.
          emit("ready", { ...info, type: undefined });
          queueMicrotask(() => wake("ready")); // after startEngine returned (early replies)
        },
        cached(ok) {
          emit("cached", { cached: ok }); // the decoded snapshot is kept for the next views
        },
        decisions(reply) {
          for (const error of reply.errors || []) fault(`rule ${error.rule}`, new Error(error.message));
          // A reply about a view the shopper has left (SPA navigation) shows nothing.
          const about = sentFor.get(reply.seq);
          sentFor.delete(reply.seq);
          if (about === view) {
            lazyModule.settle(reply, view, occupied, mutate, CONFIG.retentionDays, CONFIG.version);
            for (const decision of reply.decisions || []) show(decision, view, occupied);
          }
          // Tests and hosts can synchronise on every evaluation, even one that shows nothing.
          emit("evaluated", { seq: reply.seq, reason: reply.reason, decisions: (reply.decisions || []).length });
        },
        error: (kind, error) => failed(error, kind),
      },
    );
  }
  /** Everything Kairos stored: the history and the engine's kept snapshot. */
  function eraseAll() {
    forgetHistory();
    forgetLocalSnapshot();
    ui?.forget(); // events waiting for the sink name the forgotten visitor
    sentFor = new Map(); // answers about the forgotten history are not used
  }
  let debugging = false; // the debug overlay boots the engine anywhere
  /** Open or close the debug overlay (lib/debug.js, in the lazy half). */
  const debug = (on) => loadLazy().then((module) => module.debug(on, () => engine, api.state, CONFIG.qa,
    base, () => {
      debugging = idleArmed = true;
      idle();
    })).catch((error) => fault("debug", error));
  function armIdle() {
    idleArmed = true;
    idle();
  }
  /** Boot the engine if the page has been idle once, it is not booted yet, and it is worth it. */
  function idle() {
    if (!idleArmed || booting || !view) return;
    const when = viewModule.whenToBoot(view, CONFIG.pages, debugging);
    if (when) return when > 0 && setTimeout(idle, when);
    booting = true;
    loadLazy().then((module) => {
      let spawned;
      try {
        spawned = module.spawnEngine({
          workerURL: new URL(CONFIG.worker, base).href,
          indexURL: new URL(CONFIG.pyodide, base).href,
          lockURL: new URL(CONFIG.lock, base).href,
          snapshotURL: CONFIG.snapshot ? new URL(CONFIG.snapshot, base).href : null,
          snapshotSize: CONFIG.snapshotSize,
          keep: consent.granted(), // may the worker keep a decoded copy of the snapshot?
        });
      } catch (error) {
        failed(error, "worker");
        return;
      }
      boot(spawned, module);
    }).catch(failed);
  }
  // The engine (Pyodide) loads after the store's own load event, when the page is idle, so it
  // never competes with the store (its fetches are low priority too: engine/wire.js).
  const arm = () => ("requestIdleCallback" in window ? requestIdleCallback(armIdle, { timeout: 2000 })
    : setTimeout(armIdle, 200));
  loaded.then(arm);

  const api = {
    debug,
    track(name, params) {
      ecommerce(name, params || {}, () => wake(`track:${name}`));
    },
    consent(on) {
      consent.set(on, eraseAll);
    },
    forget() {
      eraseAll();
      consent.forget();
      wake("forget");
    },
    pending: () => (engine ? engine.pending() : 0),
    /** {kernel, engine}: the last signals sent and what the engine holds; they must match. */
    mirror: () => (drain(), engine ? engine.mirror() : Promise.resolve(null)).then((held) =>
      ({ kernel: lastSent, engine: held })),
    /** The signal snapshot the engine would get now, with its latest predictions (a Promise:
     * the snapshot code is lazy). */
    state: () => Promise.all([loadLazy(), opened]).then(([module]) =>
      drain() || view && module.state(Date.now(), view, read(Date.now(), CONFIG.retentionDays), live)),
  };
  // ?kairos_debug=1 opens the overlay for this tab's session (lib/debug.js keeps and forgets it).
  try {
    if (/kairos_debug=1/.test(location.search) || sessionStorage["kairos:debug"]) debug(1);
  } catch (_) {} // no sessionStorage (a sandboxed frame): no overlay, nothing else changes
  return api;
}

/** Replace the pre-load queue (`window.kairos = window.kairos || []`) with the live API. */
function install(api) {
  const queued = Array.isArray(window.kairos) ? window.kairos : [];
  const run = (command) => {
    try {
      if (typeof command === "function") command(publicAPI);
      else if (typeof publicAPI[command?.[0]] === "function") publicAPI[command[0]](...command.slice(1));
    } catch (error) {
      fault("command", error);
    }
  };
  const publicAPI = { push: (...commands) => commands.forEach(run), version: CONFIG.version };
  // A host's bad argument must not become our exception in its code.
  for (const [name, fn] of Object.entries(api)) publicAPI[name] = guard("command", fn);
  window.kairos = publicAPI;
  queued.forEach(run);
}

// The first run is two tasks, so neither is long on a slow phone (a long task delays the
// shopper's first taps): this script's own evaluation with the stored consent choice (the
// origin's storage loads at its first touch: 8-11 ms at 4x CPU), then start() with the API.
try {
  channel = new MessageChannel();
  channel.port1.onmessage = () => tasks.shift()();
  const consent = openConsent(setting("consent", CONFIG.consent));
  nextTask(() => install(start(consent))).catch(failed);
} catch (error) {
  failed(error);
}
