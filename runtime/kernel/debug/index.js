// The debug overlay: its own lazy chunk (kairos-debug.<hash>.mjs), fetched only when a tester
// opens it (`?kairos_debug=1` or `kairos.debug(true)`), so shoppers pay no byte and no work
// for it. It sends the engine its Python (runtime/engine/kairos_debug and the rules' generated
// terms) and asks, after every evaluation and once a second, why each rule fired or did not.

import { mountPanel } from "./panel.js";
import { renderDecisions, renderEvents, renderHeat, renderRules, renderSignals } from "./views.js";

/* global __KAIROS_DEBUG__ */
const BUILD = __KAIROS_DEBUG__; // {python: [[module, source], ...], rules: [{id, where, pages, when}]}
/** The engine's debug half as the overlay sends it (tests run it in Pyodide against CPython). */
export const PYTHON = BUILD.python;
const EVENTS = ["ready", "decision", "exposure", "error", "evaluated", "dismiss", "cached", "click",
  "conversion", "answer"];
const REFRESH_MS = 1000;

let current = null;

/** Without an engine on this page (no rule can match it): the rules, and the page types they need. */
function offline(signals) {
  const type = signals ? signals["page.type"] : null;
  return {
    rules: BUILD.rules.map((rule) => ({
      ...rule, state: rule.pages && !rule.pages.includes(type) ? "page_type" : "waiting", terms: null,
      words: rule.pages ? `for ${rule.pages.join(", ")} pages (this is a ${type} page)` : "waiting for the engine",
      place: rule.place, snippet: rule.snippet, priority: rule.priority, until: null, watching: {},
    })),
  };
}

/**
 * Open the overlay. `hooks`: {request(message) -> Promise(reply|null), state() -> Promise(signals),
 * bootEngine(), qa() -> settings|null, qaAllowed: bool}. Returns {close()}.
 */
export function openDebug(hooks) {
  if (current) return current;
  const events = [];
  const decisions = [];
  const outline = { on: false };
  let report = null;
  let loaded = false;
  let tab = "Rules";
  let layerSeen = 0;
  let pending = null;

  const ui = mountPanel(() => close(true), (name) => {
    tab = name;
    refresh();
  });
  const onEvent = (event) => {
    const name = event.type.slice("kairos:".length);
    events.push({ at: Date.now(), name, detail: event.detail });
    if (name === "decision") {
      const d = event.detail || {};
      const rule = report && report.rules.find((r) => r.id === d.rule);
      const why = rule && rule.terms ? lines(rule.terms).join("; ") : "decided ahead or previewed";
      decisions.push({ at: Date.now(), ...d, why });
    }
    if (name === "ready" || name === "evaluated" || name === "decision") refresh();
  };
  EVENTS.forEach((name) => addEventListener(`kairos:${name}`, onEvent));
  const timer = setInterval(() => refresh(), REFRESH_MS);
  hooks.bootEngine(); // explanations need the engine, even on a page no rule is for

  function lines(node) {
    if (node.op === "term") return node.holds ? [node.line] : [];
    if (node.op === "not") return node.holds ? [`not ${node.arg.text || "(...)"}`] : [];
    return node.args.flatMap(lines);
  }

  /** A snippet the shopper closed on this page is "dismissed" (the engine only knows it was
   * shown: a dismissal is the page's news, not a rule's state). */
  function dismissed(report) {
    const closed = new Set(events.filter((e) => e.name === "dismiss").map((e) => e.detail && e.detail.rule));
    for (const rule of report.rules) {
      if (closed.has(rule.id) && (rule.state === "shown" || rule.state === "capped")) {
        rule.words = rule.state === "shown" ? "shown, then closed by the shopper"
          : `closed by the shopper; now ${rule.words}`;
        rule.state = "dismissed";
      }
    }
    return report;
  }

  function layer() {
    const layer = Array.isArray(window.dataLayer) ? window.dataLayer : [];
    for (; layerSeen < layer.length; layerSeen++) {
      const entry = layer[layerSeen];
      if (entry && typeof entry === "object" && typeof entry.event === "string") {
        events.push({ at: Date.now(), name: `dataLayer ${entry.event}`, detail: entry });
      }
    }
  }

  async function explain(signals) {
    if (!loaded) {
      const reply = await hooks.request({ type: "debug", modules: BUILD.python });
      loaded = !!(reply && reply.type === "debug");
    }
    if (!loaded) return null;
    const reply = await hooks.request({ type: "explain", signals, now: signals.now });
    return reply && reply.report;
  }

  async function draw() {
    const signals = await hooks.state();
    report = dismissed((await explain(signals)) || offline(signals));
    layer();
    const counts = {};
    for (const rule of report.rules) counts[rule.state] = (counts[rule.state] || 0) + 1;
    ui.setSummary(`· ${report.rules.length} rules` +
      Object.entries(counts).map(([state, n]) => ` · ${n} ${state.replace("_", " ")}`).join(""));
    const qa = hooks.qaAllowed ? hooks.qa() : null;
    ui.setQA(qa ? `QA links active for this tab: ${Object.entries(qa.force || {})
      .map(([rule, v]) => `${rule} → ${v}`).join(", ") || "no forced variant"}` +
      (qa.preview ? `; previewing ${qa.preview}` : "") : "");
    if (ui.collapsed()) return;
    if (tab === "Rules") renderRules(ui.panels.Rules, report);
    if (tab === "Signals") renderSignals(ui.panels.Signals, signals);
    if (tab === "Decisions") renderDecisions(ui.panels.Decisions, decisions);
    if (tab === "Events") renderEvents(ui.panels.Events, events);
    if (tab === "Heat" || outline.on) renderHeat(ui.panels.Heat, ui.outlines, signals.section, outline);
    ui.host.setAttribute("data-updated", String(Date.now()));
    // `at`: the time of the signals drawn (a draw's explanation can arrive after a later tick).
    dispatchEvent(new CustomEvent("kairos:debug", { detail: { rules: report.rules.length, at: signals.now } }));
  }

  /** Redraw, one at a time: a refresh asked for while one runs happens after it. */
  function refresh() {
    if (pending) return (pending.again = true);
    pending = { again: false };
    draw().catch((error) => {
      ui.setSummary(`· cannot explain: ${(error && error.message) || error}`);
    }).finally(() => {
      const again = pending.again;
      pending = null;
      if (again) refresh();
    });
    return true;
  }

  function close(byTester) {
    clearInterval(timer);
    EVENTS.forEach((name) => removeEventListener(`kairos:${name}`, onEvent));
    ui.host.remove();
    current = null;
    if (byTester) hooks.closed();
  }
  current = { close: () => close(false) };
  refresh();
  return current;
}

/** Close the overlay if it is open. */
export function closeDebug() {
  if (current) current.close();
}
