// Snippet styles (snippets/snippets.css) as one constructable sheet: no inline <style>, CSP-safe.

/* global __KAIROS_CSS__ */
const CSS = __KAIROS_CSS__; // snippets/snippets.css, minified by esbuild at build time

let sheet = null;

/** The shared stylesheet, or null where constructable sheets are unsupported. */
export function styleSheet() {
  if (sheet === null && typeof CSSStyleSheet === "function" && "replaceSync" in CSSStyleSheet.prototype) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}
