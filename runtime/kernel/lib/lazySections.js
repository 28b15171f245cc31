// Section tracking lives in the kernel's lazy half; only pages whose rules name a section load
// it, and at once rather than at idle. Waits armed before it arrives are kept and handed over.

import { fault } from "./events.js";

/** {read(), at(selector, ms, fn), reset()} over the lazily loaded signals/onSection.js. */
export function lazySections(selectors, dwell, loadLazy, onChange) {
  let tracker = null;
  let early = [];
  if (selectors.length) {
    loadLazy().then((module) => {
      tracker = module.onSection(selectors, dwell, onChange);
      early.forEach((args) => tracker.at(...args));
      early = [];
    }, (error) => fault("kernel", error));
  }
  return {
    read: () => (tracker ? tracker.read() : {}),
    at: (...args) => (tracker ? tracker.at(...args) : early.push(args)),
    reset: () => (tracker ? tracker.reset() : (early = [])),
  };
}
