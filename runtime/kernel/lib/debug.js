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

/** Open (`on`) or close the overlay. From the kernel: the engine client once booted (`engine()`),
 * its state(), whether QA links are allowed, the bundle's base URL, and boot() (boot the engine
 * even where no rule applies). `?kairos_debug=0` closes it and forgets it for the tab. */
export function debug(on, engine, state, qa, base, boot) {
  if (/kairos_debug=0/.test(location.search)) on = false;
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
    request: (message) => (engine() ? engine().request(message) : Promise.resolve(null)),
    state,
    bootEngine: boot,
    qa: qaSettings,
    qaAllowed: !!qa,
    closed: () => remember(false),
  }));
}
