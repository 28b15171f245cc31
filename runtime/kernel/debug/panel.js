// The overlay's frame: a shadow-rooted panel with a header (drag to move, dock to the next
// corner, collapse, close) and tabs. It opens in a corner that covers no checkout button.

import CSS from "./debug.css";

const TABS = ["Rules", "Signals", "Decisions", "Events", "Heat"];
const CORNERS = ["bottom-left", "top-left", "bottom-right", "top-right"];
const GAP = 8;
// What a store's checkout button looks like from outside: its words, or where it leads.
const CHECKOUT = /check ?out|place order|pay now|buy now|kasse|commander/i;

function checkoutButtons() {
  const found = [];
  for (const el of document.querySelectorAll("button, a[href], input[type=submit], [role=button]")) {
    const words = `${el.textContent || ""} ${el.value || ""} ${el.getAttribute("aria-label") || ""}`;
    if (CHECKOUT.test(words) || /checkout/i.test(el.getAttribute("href") || "")) found.push(el);
  }
  return found;
}

function cornerBox(corner, width, height) {
  const left = corner.endsWith("left") ? GAP : innerWidth - width - GAP;
  const top = corner.startsWith("top") ? GAP : innerHeight - height - GAP;
  return { left, top, right: left + width, bottom: top + height };
}

const overlaps = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** The first corner where the panel covers no visible checkout button (else bottom-left). */
export function freeCorner(width, height) {
  const buttons = checkoutButtons().map((el) => el.getBoundingClientRect()).filter((r) => r.width && r.height);
  return CORNERS.find((corner) => !buttons.some((r) => overlaps(cornerBox(corner, width, height), r))) ||
    CORNERS[0];
}

function element(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

/** Mount the panel; returns {root, panels: {Rules: el, ...}, setSummary(text), setQA(text),
 * outlines: el, close()}. `onClose()` runs when the tester closes it. */
export function mountPanel(onClose, onTab) {
  const host = element("div", { "data-kairos-debug": "" });
  const root = host.attachShadow({ mode: "open" });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  root.adoptedStyleSheets = [sheet];
  const panel = element("section", { class: "panel", role: "region", "aria-label": "Kairos debug" });
  const header = element("header");
  const title = element("h2", {}, "Kairos debug ");
  const summary = element("span", { class: "summary" });
  title.append(summary);
  const dock = element("button", { type: "button", "aria-label": "Move to the next corner" }, "⇱");
  const fold = element("button", { type: "button", "aria-expanded": "true", "aria-label": "Collapse" }, "–");
  const close = element("button", { type: "button", "aria-label": "Close the debug overlay" }, "×");
  header.append(title, dock, fold, close);
  const qa = element("p", { class: "qa", hidden: "" });
  const body = element("div", { class: "body" });
  const tablist = element("div", { role: "tablist", "aria-label": "Views" });
  const panels = {};
  const tabs = TABS.map((name, i) => {
    const tab = element("button", { type: "button", role: "tab", id: `k-tab-${i}`,
      "aria-controls": `k-panel-${i}`, "aria-selected": String(i === 0), tabindex: i === 0 ? "0" : "-1" }, name);
    const view = element("div", { role: "tabpanel", id: `k-panel-${i}`, "aria-labelledby": `k-tab-${i}`, tabindex: "0" });
    if (i) view.hidden = true;
    panels[name] = view;
    return tab;
  });
  const outlines = element("div");
  tablist.append(...tabs);
  body.append(tablist, ...Object.values(panels));
  panel.append(header, qa, body);
  root.append(panel, outlines);
  document.body.append(host);

  function select(i) {
    tabs.forEach((tab, j) => {
      tab.setAttribute("aria-selected", String(i === j));
      tab.tabIndex = i === j ? 0 : -1;
      panels[TABS[j]].hidden = i !== j;
    });
    tabs[i].focus();
    onTab(TABS[i]);
  }
  tabs.forEach((tab, i) => tab.addEventListener("click", () => select(i)));
  tablist.addEventListener("keydown", (event) => {
    const i = tabs.indexOf(root.activeElement);
    if (i < 0) return;
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (step) select((i + step + TABS.length) % TABS.length);
    if (event.key === "Home") select(0);
    if (event.key === "End") select(TABS.length - 1);
  });

  // Judged at the panel's full height (70 % of the window at most), which it grows to.
  let corner = CORNERS.indexOf(freeCorner(panel.offsetWidth || 400, Math.min(innerHeight * 0.7, 640)));
  function place(box) {
    Object.assign(panel.style, { left: `${Math.max(0, box.left)}px`, top: `${Math.max(0, box.top)}px`,
      right: "auto", bottom: "auto" });
  }
  /** Anchored to its corner's edges, so it grows away from them as its content arrives. */
  function snap() {
    const [vertical, horizontal] = CORNERS[corner].split("-");
    Object.assign(panel.style, { top: "auto", bottom: "auto", left: "auto", right: "auto",
      [vertical]: `${GAP}px`, [horizontal]: `${GAP}px` });
  }
  snap();
  dock.addEventListener("click", () => {
    corner = (corner + 1) % CORNERS.length;
    snap();
  });
  fold.addEventListener("click", () => {
    const collapsed = panel.classList.toggle("collapsed");
    fold.setAttribute("aria-expanded", String(!collapsed));
    fold.setAttribute("aria-label", collapsed ? "Expand" : "Collapse");
    fold.textContent = collapsed ? "+" : "–";
    snap();
  });
  close.addEventListener("click", () => {
    host.remove();
    onClose();
  });
  header.addEventListener("pointerdown", (event) => {
    if (event.target !== header && event.target !== title) return;
    const start = { x: event.clientX, y: event.clientY, left: panel.offsetLeft, top: panel.offsetTop };
    header.setPointerCapture(event.pointerId);
    const move = (e) => place({ left: start.left + e.clientX - start.x, top: start.top + e.clientY - start.y });
    header.addEventListener("pointermove", move);
    header.addEventListener("pointerup", () => header.removeEventListener("pointermove", move), { once: true });
  });
  return {
    host,
    panels,
    outlines,
    collapsed: () => panel.classList.contains("collapsed"),
    setSummary: (text) => { summary.textContent = text; },
    setQA(text) {
      qa.hidden = !text;
      qa.textContent = text || "";
    },
  };
}

export { element };
