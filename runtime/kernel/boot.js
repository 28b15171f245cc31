// The kernel's lazy half, imported when the page is idle after its load event (on a 3g link,
// once the store is quiet): what starts the engine worker, the engine client, the signal
// snapshot and the snippet UI. Keeping them out of the script every page loads keeps
// that script small; nothing here is needed before the engine can answer.

export { applyAhead, exposedAhead, settle } from "./ahead.js";
export { debug } from "./lib/debug.js";
export { startEngine } from "./engineClient.js";
export { merge } from "./lib/merge.js";
export { qaSettings } from "./lib/qa.js";
export { describe } from "./page/productDetails.js";
export { spawnEngine } from "./lib/spawn.js";
export { onSection } from "./signals/onSection.js";
export { removeSnippets, insert } from "./render/insert.js";
export { capsHistory, snapshot, state, update } from "./state.js";
export { makeShow } from "./show.js";
export { armWatch } from "./watch.js";
