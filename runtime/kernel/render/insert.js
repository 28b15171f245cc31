// Put a rendered snippet on the page inside a shadow root: in its slot, or as an overlay
// (modal, toast, corner card) that shifts nothing. Modals are accessible dialogs.

import { styleSheet } from "./styles.js";

function shadowHost(tag) {
  const host = document.createElement(tag);
  host.setAttribute("data-kairos-host", "");
  const root = host.attachShadow({ mode: "open" });
  const sheet = styleSheet();
  if (sheet) root.adoptedStyleSheets = [sheet];
  return { host, root };
}

function parse(html) {
  // The HTML was rendered by Jinja2 with autoescape on; a <template> keeps scripts inert.
  const template = document.createElement("template");
  template.innerHTML = html;
  template.content.querySelectorAll("script").forEach((node) => node.remove());
  // Decisions drawn ahead come from localStorage, which any script of the store's origin can
  // write: no event handlers or script URLs, so a one-off injection cannot persist there.
  for (const node of template.content.querySelectorAll("*")) {
    for (const { name, value } of [...node.attributes]) {
      if (name.startsWith("on") || /^\s*javascript:/i.test(value)) node.removeAttribute(name);
    }
  }
  return template.content;
}

/** The page's element for slot `name` (data-kairos-slot="NAME"), or null. */
export function findSlot(name) {
  return document.querySelector(`[data-kairos-slot="${CSS.escape(name)}"]`);
}

/**
 * Insert `decision.html`; returns the host element, or null when its slot is absent.
 * `onDismiss()` fires when the shopper closes an overlay.
 */
export function insert(decision, onDismiss) {
  if (decision.placement === "slot") {
    const slot = findSlot(decision.slot);
    if (!slot) return null;
    const { host, root } = shadowHost("div");
    host.setAttribute("data-kairos-rule", decision.rule);
    root.appendChild(parse(decision.html));
    slot.replaceChildren(host);
    return host;
  }
  const { host, root } = shadowHost("div");
  host.setAttribute("data-kairos-rule", decision.rule);
  host.setAttribute("data-kairos-placement", decision.placement);
  const frame = document.createElement("div");
  frame.className = { modal: "k-overlay", toast: "k-toast", corner: "k-corner" }[decision.placement];
  frame.appendChild(parse(decision.html));
  root.appendChild(frame);
  const returnFocus = document.activeElement;

  function close(dismissed = true) {
    if (!host.isConnected) return;
    host.remove();
    document.removeEventListener("keydown", onKey, true);
    if (decision.placement === "modal" && returnFocus && returnFocus.focus) returnFocus.focus();
    if (dismissed) onDismiss();
  }
  host.__kairosClose = close;
  function onKey(event) {
    if (event.key === "Escape") close();
  }
  root.addEventListener("click", (event) => {
    const target = event.target;
    if (target === frame && decision.placement === "modal") close();
    else if (target.closest && target.closest("[data-kairos-close]")) close();
  });
  document.addEventListener("keydown", onKey, true);
  document.body.appendChild(host);
  if (decision.placement === "modal") {
    const dialog = root.querySelector('[role="dialog"]') || frame.firstElementChild;
    if (dialog) {
      if (!dialog.hasAttribute("tabindex")) dialog.setAttribute("tabindex", "-1");
      dialog.focus({ preventScroll: true });
    }
  }
  return host;
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
