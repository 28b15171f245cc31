// The kernel's lazy half, imported when the page is idle after its load event (on a 3g link,
// once the store is quiet): what starts the engine worker, the engine client, the signal
// snapshot, the snippet UI and its events (exposures when seen, clicks, conversions, the
// sink). Keeping them out of the script every page loads keeps that script small; nothing
// here is needed before the engine can answer.

import { unseen } from "./events/seen.js";
import { removeSnippets as removeHosts } from "./render/insert.js";

export { applyAhead, exposedAhead, settle } from "./ahead.js";
export { debug } from "./lib/debug.js";
export { startEngine } from "./engineClient.js";
export { qaSettings } from "./lib/qa.js";
export { spawnEngine } from "./lib/spawn.js";
export { onSection } from "./signals/onSection.js";
export { insert } from "./render/insert.js";
export { capsHistory, snapshot, state, update } from "./state.js";
export { makeUI } from "./show.js";
export { armWatch } from "./watch.js";

/** A new page view: our snippets go, and nothing of the last view is counted any more. */
export function removeSnippets() {
  removeHosts();
  unseen();
}
