// What each tab of the overlay shows: rules with their terms, the live signals, the last
// decisions with their reasons, this page view's events, and the section heat view.

import { element } from "./panel.js";

const time = (ts) => new Date(ts).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
const seconds = (ms) => `${Number((ms / 1000).toFixed(1))} s`;

function terms(node) {
  const list = element("ul", { class: "terms" });
  const item = element("li");
  const leaf = node.op === "term" ? node : node.op === "not" && node.arg.op === "term" ? node.arg : null;
  if (leaf) { // a term, or `not` a term: one line, with the verdict of the whole
    const row = element("div", { class: "term" });
    row.append(element("span", { class: `mark ${node.holds ? "yes" : "no"}` }, node.holds ? "true" : "false"),
      element("span", {}, node === leaf ? leaf.line : `not ${leaf.text}, as ${leaf.line}`));
    item.append(row);
  } else if (node.op === "not") {
    item.append(element("span", { class: "group" }, `not (${node.holds ? "true" : "false"}):`), terms(node.arg));
  } else {
    item.append(element("span", { class: "group" },
      `${node.op === "and" ? "all of" : "any of"} (${node.holds ? "true" : "false"}):`));
    for (const arg of node.args) item.append(terms(arg));
  }
  list.append(item);
  return list;
}

function watching(thresholds) {
  const parts = [];
  for (const [key, marks] of Object.entries(thresholds || {})) {
    const all = Array.isArray(marks) ? [["", marks]] : Object.entries(marks);
    for (const [selector, pairs] of all) {
      for (const [value, op] of pairs) {
        const what = selector ? `section("${selector}").${key.split(".")[1]}` : key;
        const shown = key.endsWith("dwell") ? seconds(value) : key.endsWith("scroll") ? `${value} %` : value;
        parts.push(`${what} ${op} ${shown}`);
      }
    }
  }
  return parts.join("; ");
}

/** The Rules tab: every rule of the bundle, its state in words, its terms when it waits.
 * Rows are updated in place, so a tester's focus and open rows survive each redraw. */
export function renderRules(view, report) {
  const rows = view.__rows || (view.__rows = new Map());
  for (const rule of report.rules) {
    let row = rows.get(rule.id);
    if (!row) {
      row = { box: element("details", { "data-rule": rule.id }), chip: element("span"),
        words: element("span", { class: "words" }), body: element("div") };
      const summary = element("summary");
      summary.append(row.chip, element("span", { class: "id" }, rule.id), row.words);
      row.box.append(summary, row.body);
      rows.set(rule.id, row);
      view.append(row.box);
    }
    row.box.dataset.state = rule.state;
    row.chip.className = `chip ${rule.state}`;
    row.chip.textContent = rule.state.replace("_", " ");
    row.words.textContent = rule.words + (rule.until ? ` until ${time(rule.until)}` : "");
    const body = [element("div", { class: "meta" },
      `${rule.where} · ${rule.snippet} in ${rule.place.replace("slot:", "slot ")} · priority ${rule.priority}` +
      (rule.moment ? ` · moment ${rule.moment}` : ""))];
    if (rule.terms) body.push(terms(rule.terms));
    const marks = watching(rule.watching);
    if (marks) body.push(element("div", { class: "meta" }, `the kernel wakes the engine at: ${marks}`));
    row.body.replaceChildren(...body);
  }
}

/** The Signals tab: the same snapshot `kairos.state()` returns. */
export function renderSignals(view, signals) {
  const table = element("table");
  for (const [key, value] of Object.entries(signals || {})) {
    const row = element("tr");
    const cell = element("td");
    cell.append(element("code", {}, JSON.stringify(value)));
    row.append(element("th", { scope: "row" }, key), cell);
    table.append(row);
  }
  view.replaceChildren(table);
}

/** The Decisions tab: the last decisions, newest first, with the reason given when decided. */
export function renderDecisions(view, decisions) {
  if (!decisions.length) {
    view.replaceChildren(element("p", { class: "note" }, "No decision on this page view yet."));
    return;
  }
  const table = element("table");
  for (const d of [...decisions].reverse()) {
    const row = element("tr");
    row.append(element("th", { scope: "row" }, time(d.at)),
      element("td", {}, `${d.rule}${d.variant ? ` (${d.variant})` : ""} → ${d.placement}${d.slot ? ` ${d.slot}` : ""}` +
        `${d.qa ? " [QA]" : ""}: ${d.why}`));
    table.append(row);
  }
  view.replaceChildren(table);
}

/** The Events tab: Kairos's events and the page's dataLayer pushes of this page view. */
export function renderEvents(view, events) {
  const table = element("table");
  for (const e of [...events].reverse().slice(0, 200)) {
    const row = element("tr");
    const cell = element("td");
    cell.append(element("code", {}, e.detail === undefined ? "" : JSON.stringify(e.detail)));
    row.append(element("th", { scope: "row" }, `${time(e.at)} ${e.name}`), cell);
    table.append(row);
  }
  view.replaceChildren(events.length ? table : element("p", { class: "note" }, "No event yet."));
}

/** The Heat tab: engaged dwell of each section the rules watch, as bars, and optional outlines
 * of those sections on the page (computed here, in this browser; nothing is sent anywhere). */
export function renderHeat(view, outlines, sections, outline) {
  const entries = Object.entries(sections || {});
  if (!entries.length) {
    view.replaceChildren(element("p", { class: "note" }, "No rule watches a section of this page."));
    outlines.replaceChildren();
    return;
  }
  const most = Math.max(1, ...entries.map(([, s]) => s.dwell || 0));
  const table = element("table");
  for (const [selector, s] of entries.sort((a, b) => (b[1].dwell || 0) - (a[1].dwell || 0))) {
    const row = element("tr");
    const bar = element("div", { class: "bar", role: "img", "aria-label": `${seconds(s.dwell || 0)} of attention` });
    const fill = element("span");
    fill.style.width = `${Math.round(((s.dwell || 0) / most) * 100)}%`;
    bar.append(fill);
    const cell = element("td", {}, `${seconds(s.dwell || 0)} · ${s.seen ? "seen" : "not seen"} · scrolled ${s.scroll || 0} %`);
    cell.append(bar);
    row.append(element("th", { scope: "row" }, selector), cell);
    table.append(row);
  }
  const toggle = element("button", { type: "button", "aria-pressed": String(outline.on) },
    outline.on ? "Hide outlines on the page" : "Outline these sections on the page");
  toggle.addEventListener("click", () => {
    outline.on = !outline.on;
    renderHeat(view, outlines, sections, outline);
  });
  view.replaceChildren(toggle, table);
  outlines.replaceChildren();
  if (!outline.on) return;
  for (const [selector, s] of entries) {
    let target = null;
    try {
      target = document.querySelector(selector);
    } catch (_) {}
    if (!target) continue;
    const r = target.getBoundingClientRect();
    const box = element("div", { class: "outline" });
    Object.assign(box.style, { left: `${r.left}px`, top: `${r.top}px`, width: `${r.width}px`,
      height: `${r.height}px`, opacity: String(0.35 + 0.65 * ((s.dwell || 0) / most)) });
    box.append(element("b", {}, `${selector} ${seconds(s.dwell || 0)}`));
    outlines.append(box);
  }
}
