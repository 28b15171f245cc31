// Opening the debug overlay (part of the lazy half): its chunk is named only in the bundle's
// manifest.json, so the script every page loads carries no byte of it. The choice is kept for
// the tab's session (sessionStorage) until `?kairos_debug=0` or the overlay's close button.

import { qaSettings } from "./qa.js";

const FLAG = "kairos:debug";
let chunk = null;

function remember(on) {
  try {
    if (on) sessionStorage.setItem(FLAG, "1");
    else sessionStorage.removeItem(FLAG);
  } catch (_) {}
}

/** Open (`on`) or close the overlay. `kernel`: {engine() (the engine client, once booted),
 * state(), boot() (boot the engine even where no rule applies), qa (QA links allowed), base}. */
export function debug(on, kernel) {
  const { base } = kernel;
  remember(on);
  if (!on) return chunk ? chunk.then((module) => module.closeDebug()) : Promise.resolve();
  chunk = chunk || fetch(new URL("manifest.json", base).href, { cache: "no-cache" })
    .then((response) => response.json())
    .then((manifest) => {
      const file = manifest.files.find((f) => /^kairos-debug\.[0-9a-f]+\.mjs$/.test(f.name));
      if (!file) throw new Error("this bundle has no debug overlay");
      return import(new URL(file.name, base).href);
    });
  return chunk.then((module) => module.openDebug({
    request: (message) => (kernel.engine() ? kernel.engine().request(message) : Promise.resolve(null)),
    state: kernel.state,
    bootEngine: kernel.boot,
    qa: qaSettings,
    qaAllowed: !!kernel.qa,
    closed: () => remember(false),
  }));
}
