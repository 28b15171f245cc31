// Put a rendered snippet on the page inside a shadow root: in its slot, or as an overlay
// (modal, toast, corner card) that shifts nothing. Modals are accessible dialogs (focus moves
// in, Tab stays in, Escape closes, focus returns). The shopper's clicks, answers and copies
// inside a snippet are reported to the caller (show.js turns them into events).

import { styleSheet } from "./styles.js";

function shadowHost(decision) {
  const host = document.createElement("div");
  host.setAttribute("data-kairos-host", "");
  host.setAttribute("data-kairos-rule", decision.rule);
  const root = host.attachShadow({ mode: "open" });
  const sheet = styleSheet();
  if (sheet) root.adoptedStyleSheets = [sheet];
  return { host, root };
}

function parse(html) {
  // The HTML was rendered by Jinja2 with autoescape on; a <template> keeps scripts inert.
  const template = document.createElement("template");
  template.innerHTML = html;
  template.content.querySelectorAll("script, style, iframe, object, embed").forEach((node) => node.remove());
  // Decisions drawn ahead come from localStorage, which any script of the store's origin can
  // write: no event handlers or script URLs, so a one-off injection cannot persist there.
  for (const node of template.content.querySelectorAll("*")) {
    for (const { name, value } of [...node.attributes]) {
      if (name.startsWith("on") || /^\s*(javascript|data|vbscript):/i.test(value)) node.removeAttribute(name);
    }
  }
  return template.content;
}

/** The page's element for slot `name` (data-kairos-slot="NAME"), or null. */
export function findSlot(name) {
  return document.querySelector(`[data-kairos-slot="${CSS.escape(name)}"]`);
}

const FOCUSABLE = 'a[href], button:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** What the shopper does inside a snippet: clicks, answers, copies; `close()` an overlay. */
function interactions(root, host, on, close) {
  root.addEventListener("click", (event) => {
    const el = event.target && event.target.closest &&
      event.target.closest("[data-kairos-close], [data-kairos-answer], [data-kairos-copy], a[href], button");
    if (!el) return;
    if (el.hasAttribute("data-kairos-close")) return close(true);
    if (el.hasAttribute("data-kairos-answer")) return answer(root, el, on);
    if (el.hasAttribute("data-kairos-copy")) copy(root, el);
    on.click(el.getAttribute("data-kairos-click") || (el.tagName === "A" ? "link" : "button"));
    if (el.tagName === "A" && host.hasAttribute("data-kairos-placement")) close(false); // leaving for the link
  });
}

function answer(root, button, on) {
  const group = button.closest("[data-kairos-question]");
  const chosen = button.getAttribute("data-kairos-answer");
  root.querySelectorAll("[data-kairos-answer]").forEach((b) => {
    b.disabled = true;
    b.setAttribute("aria-pressed", String(b === button));
  });
  const thanks = root.querySelector("[data-kairos-thanks]");
  if (thanks) thanks.textContent = thanks.getAttribute("data-kairos-thanks");
  on.answer(group ? group.getAttribute("data-kairos-question") : "", chosen);
}

function copy(root, button) {
  const code = button.getAttribute("data-kairos-copy");
  const status = root.querySelector(".k-copied");
  const say = (text) => status && (status.textContent = text);
  const select = () => {
    const target = root.querySelector("code");
    if (target) getSelection().selectAllChildren(target);
    say("Selected: press Ctrl+C (or Cmd+C) to copy it.");
  };
  if (navigator.clipboard && navigator.clipboard.writeText) {
    navigator.clipboard.writeText(code).then(() => say(`Copied ${code} to your clipboard.`), select);
  } else select();
}

/** Place `host` in `slot` without shifting what the shopper sees: at once when the slot is out
 * of view (nothing visible moves) or the snippet fits the space the store reserved; otherwise
 * once the slot has left the view. Resolves true when placed. */
function placeInSlot(slot, host) {
  const place = () => {
    host.style.removeProperty("position");
    host.style.removeProperty("visibility");
    host.style.removeProperty("width");
    slot.replaceChildren(host);
    return true;
  };
  // Read before changing anything: the page's layout is clean, so this costs no layout pass.
  const box = slot.getBoundingClientRect();
  if (box.bottom <= 0 || box.top >= innerHeight || !("IntersectionObserver" in window)) return place();
  Object.assign(host.style, { position: "absolute", visibility: "hidden", width: `${slot.clientWidth}px` });
  slot.appendChild(host);
  if (host.getBoundingClientRect().height <= box.height + 0.5) return place();
  return new Promise((resolve) => {
    const observer = new IntersectionObserver((entries) => {
      if (entries[entries.length - 1].isIntersecting) return;
      observer.disconnect();
      resolve(host.isConnected ? place() : false);
    });
    observer.observe(slot);
  });
}

/**
 * Insert `decision.html`; returns (or resolves to) {host, target}, target being the element
 * whose visibility counts as the snippet's, or null when its slot is absent. `on`: {dismiss(),
 * click(target), answer(question, answer)}.
 */
export function insert(decision, on) {
  const { host, root } = shadowHost(decision);
  if (decision.placement === "slot") {
    const slot = findSlot(decision.slot);
    if (!slot) return null;
    root.appendChild(parse(decision.html));
    interactions(root, host, on, (dismissed) => {
      if (!host.isConnected) return;
      host.remove(); // the slot keeps the space the store reserved: nothing moves
      if (dismissed) on.dismiss();
    });
    const placed = placeInSlot(slot, host);
    const result = { host, target: host };
    return placed === true ? result : placed.then((ok) => (ok ? result : null));
  }
  host.setAttribute("data-kairos-placement", decision.placement);
  const modal = decision.placement === "modal";
  const frame = document.createElement("div");
  frame.className = { modal: "k-overlay", toast: "k-toast", corner: "k-corner" }[decision.placement];
  frame.appendChild(parse(decision.html));
  root.appendChild(frame);
  const card = frame.firstElementChild;
  const returnFocus = document.activeElement;

  function close(dismissed) {
    if (!host.isConnected) return;
    host.remove();
    document.removeEventListener("keydown", onKey, true);
    if (modal && returnFocus && returnFocus.focus) returnFocus.focus();
    if (dismissed) on.dismiss();
  }
  host.__kairosClose = close;
  function onKey(event) {
    const inside = document.activeElement === host;
    if (event.key === "Escape" && (modal || inside)) close(true);
    else if (event.key === "Tab" && modal) trap(event);
  }
  function trap(event) {
    // Focus stays in the dialog: Tab from the last control goes to the first, and back.
    const items = [...root.querySelectorAll(FOCUSABLE)];
    if (!items.length) return event.preventDefault();
    const active = root.activeElement;
    const first = items[0];
    const last = items[items.length - 1];
    if (event.shiftKey ? (!items.includes(active) || active === first) : (!items.includes(active) || active === last)) {
      event.preventDefault();
      (event.shiftKey ? last : first).focus();
    }
  }
  frame.addEventListener("click", (event) => {
    if (modal && event.target === frame) close(true); // the backdrop
  });
  interactions(root, host, on, close);
  document.addEventListener("keydown", onKey, true);
  document.body.appendChild(host);
  if (modal && card) {
    const dialog = root.querySelector('[role="dialog"]') || card;
    if (!dialog.hasAttribute("tabindex")) dialog.setAttribute("tabindex", "-1");
    dialog.focus({ preventScroll: true });
  }
  return { host, target: card || host };
}

/** Remove every snippet we placed: a new SPA page view starts clean and is decided afresh
 * (apps reuse slot elements across routes, so a slot's badge may belong to the last view). */
export function removeSnippets() {
  removeHosts("[data-kairos-host]");
}

/** Remove the snippet of rule `rule` (a decision made ahead that the view's facts refute). */
export function withdraw(rule) {
  removeHosts(`[data-kairos-host][data-kairos-rule="${CSS.escape(rule)}"]`);
}

/** Remove our snippets matching `selector`; an overlay closes (focus returns), not dismissed. */
function removeHosts(selector) {
  document.querySelectorAll(selector).forEach((host) =>
    host.__kairosClose ? host.__kairosClose(false) : host.remove());
}
