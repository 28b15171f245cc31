// Engine cost per signal update: the same sequence of updates (each changes one signal) fed to
// Kairos's engine worker (Python in Pyodide; its reply carries engine_ms) and to GrowthBook's
// JS SDK evaluating equivalent targeting conditions, one feature per rule, in this page.
import { GrowthBook } from "/bench/vendor/growthbook.esm.js";

const WEEK = 7 * 86400000;

/** Update i of the sequence: one signal changes (scroll, dwell or the cart), time moves 1 s. */
function step(signals, i) {
  const s = { ...signals, now: signals.now + 1000 };
  switch (i % 3) {
    case 0:
      s["page.scroll"] = (s["page.scroll"] + 7) % 101;
      break;
    case 1:
      s["page.dwell"] = s["page.dwell"] + 3000;
      break;
    default:
      s["cart.count"] = s["cart.count"] ? 0 : 1;
      s["cart.items"] = s["cart.count"] ? [s["product.id"]] : [];
  }
  return s;
}

/** GrowthBook's attributes for a signal state (the windowed visit count is computed here). */
function attributesOf(s) {
  return {
    page_type: s["page.type"],
    page_scroll: s["page.scroll"],
    page_dwell: s["page.dwell"],
    cart_count: s["cart.count"],
    product_price: s["product.price"],
    visits_product_7d: s["visits.product"].filter((t) => t >= s.now - WEEK).length,
  };
}

function median(xs) {
  const v = [...xs].sort((a, b) => a - b);
  return v.length ? v[Math.floor((v.length - 1) / 2)] : null;
}

/** Boot a bundle's worker, then time `updates` updates after `warmup` untimed ones. */
window.benchEngine = async function benchEngine(cfg) {
  const worker = new Worker(cfg.workerURL, { type: "module" });
  let resolve = null;
  worker.onmessage = (event) => resolve && resolve(event.data);
  worker.onerror = (event) => resolve && resolve({ type: "error", message: event.message || "worker error" });
  const reply = () => new Promise((r) => (resolve = r));
  const t0 = performance.now();
  worker.postMessage({ type: "init", indexURL: cfg.indexURL, lockURL: cfg.lockURL,
    snapshotURL: cfg.snapshotURL });
  const ready = await reply();
  if (ready.type !== "ready") return { error: ready.message || JSON.stringify(ready) };
  const bootMs = performance.now() - t0;
  let signals = cfg.signals;
  const samples = [];
  for (let i = 0; i < cfg.warmup + cfg.updates; i++) {
    signals = step(signals, i);
    const sent = performance.now();
    worker.postMessage({ type: "update", seq: i + 1, reason: "bench", now: signals.now, signals,
      history: cfg.history, product: cfg.product });
    const answer = await reply();
    const roundTrip = performance.now() - sent;
    if (answer.type !== "decisions") return { error: answer.message || JSON.stringify(answer) };
    if (i >= cfg.warmup) {
      samples.push({ engine_ms: answer.engine_ms, round_trip_ms: roundTrip,
        decisions: (answer.decisions || []).length, errors: (answer.errors || []).length });
    }
  }
  worker.terminate();
  return { rules: ready.rules, boot_ms: bootMs, samples, ready, isolated: self.crossOriginIsolated === true,
    message_bytes: JSON.stringify({ signals, history: cfg.history, product: cfg.product }).length };
};

/** The same updates through GrowthBook: setAttributes, then evalFeature for every feature. */
window.benchGrowthBook = async function benchGrowthBook(cfg) {
  const gb = new GrowthBook({ features: cfg.features, attributes: attributesOf(cfg.signals) });
  const keys = Object.keys(cfg.features);
  let signals = cfg.signals;
  const samples = [];
  const checks = [];
  for (let i = 0; i < cfg.warmup + cfg.updates; i++) {
    signals = step(signals, i);
    const t0 = performance.now();
    await gb.setAttributes(attributesOf(signals));
    let on = 0;
    for (const key of keys) if (gb.evalFeature(key).on) on += 1;
    const ms = performance.now() - t0;
    if (i >= cfg.warmup) samples.push({ ms, on });
    if (i % cfg.checkEvery === 0) checks.push({ signals, on });
  }
  gb.destroy();
  return { samples, checks, median_ms: median(samples.map((s) => s.ms)) };
};
