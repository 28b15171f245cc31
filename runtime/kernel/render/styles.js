// Snippet styles, adopted into each shadow root (constructable sheets: no inline <style>, CSP-safe).

export const CSS = `
:host { all: initial; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2330; }
.k-overlay { position: fixed; inset: 0; z-index: 2147483000; display: flex; align-items: center;
  justify-content: center; background: rgba(17, 22, 32, .45); animation: k-fade .18s ease-out; }
.k-corner { position: fixed; right: 16px; bottom: 16px; z-index: 2147483000; max-width: 360px; }
.k-toast { position: fixed; left: 50%; bottom: 16px; transform: translateX(-50%); z-index: 2147483000; }
.k-card { position: relative; background: #fff; border-radius: 12px; padding: 22px 24px; max-width: 440px;
  max-height: 80vh; overflow: auto; box-shadow: 0 18px 50px rgba(0,0,0,.25); }
.k-card:focus { outline: 3px solid #2b6cb0; outline-offset: 2px; }
.k-card h2 { margin: 0 28px 8px 0; font-size: 19px; }
.k-close { position: absolute; top: 10px; right: 10px; border: 0; background: transparent; font-size: 24px;
  line-height: 1; cursor: pointer; color: #4a5568; padding: 4px 8px; border-radius: 6px; }
.k-close:focus-visible { outline: 2px solid #2b6cb0; }
.k-rating { margin: 0 0 12px; }
.k-review-list { list-style: none; margin: 0; padding: 0; }
.k-review { border-top: 1px solid #e2e8f0; padding: 10px 0; }
.k-review blockquote { margin: 4px 0; }
.k-stars { color: #d69e2e; letter-spacing: 1px; }
.k-author { font-style: normal; color: #4a5568; font-size: 13px; }
.k-badge { display: flex; gap: 10px; align-items: center; background: #f0fff4; border: 1px solid #9ae6b4;
  color: #22543d; border-radius: 10px; padding: 10px 14px; }
.k-badge-icon { font-size: 20px; }
@keyframes k-fade { from { opacity: 0; } to { opacity: 1; } }
@media (prefers-reduced-motion: reduce) { .k-overlay { animation: none; } }
`;

let sheet = null;

/** The shared stylesheet, or null where constructable sheets are unsupported. */
export function styleSheet() {
  if (sheet === null && typeof CSSStyleSheet === "function" && "replaceSync" in CSSStyleSheet.prototype) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}
