// Copy of text (a shopper copying a price or a product name to compare elsewhere).

/** Call `onCopied(text)` with the first 200 characters of each copied selection. */
export function onCopy(onCopied) {
  document.addEventListener("copy", () => {
    let text = "";
    try {
      text = String(window.getSelection() || "").slice(0, 200);
    } catch (_) {}
    onCopied(text);
  }, true);
}
