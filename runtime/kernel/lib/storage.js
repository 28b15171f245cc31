// localStorage that never throws: disabled, full or corrupt storage falls back to memory, and
// nothing is written at all while persistence is off (consent not given, or GPC).

import { fault } from "./events.js";

const memory = new Map();
let usable = null;
let persistent = true;

function probe() {
  if (usable !== null) return usable;
  try {
    // A read, never a write: with consent required nothing may be written before consent.
    // A full or read-only storage shows itself at the first real write (see save()).
    window.localStorage.getItem("kairos:v1");
    usable = true;
  } catch (error) {
    usable = false;
    fault("storage", error);
  }
  return usable;
}

/** Turn writing to localStorage on or off; turning it on writes what memory holds. */
export function setPersistent(on) {
  persistent = on;
  if (on && probe()) {
    for (const [key, text] of memory) {
      try {
        window.localStorage.setItem(key, text);
      } catch (error) {
        fault("storage", error);
      }
    }
  }
}

/** The raw text under `key` (memory first while not persistent), or null. */
export function loadText(key) {
  if (!persistent || !probe()) return memory.get(key) ?? null;
  try {
    return window.localStorage.getItem(key);
  } catch (error) {
    fault("storage", error);
    return memory.get(key) ?? null;
  }
}

/** The parsed JSON under `key`, or `fallback` when absent, unreadable or corrupt. */
export function load(key, fallback) {
  const text = loadText(key);
  if (text == null) return fallback;
  try {
    return JSON.parse(text);
  } catch (_) {
    fault("storage", new Error(`corrupt ${key} discarded`));
    return fallback;
  }
}

/** Store `value` as JSON under `key`; on any failure keep it in memory for this page. */
export function save(key, value) {
  saveText(key, JSON.stringify(value));
}

/** Store JSON text the caller already serialized (the history measures its size first). */
export function saveText(key, text) {
  memory.set(key, text);
  if (!persistent || !probe()) return;
  try {
    window.localStorage.setItem(key, text);
  } catch (error) {
    // Full or read-only: from now on this page reads and writes memory, so what it has
    // seen (this view, the cart) is not lost behind a stale stored copy.
    usable = false;
    fault("storage", error);
  }
}

/** Remove `key` everywhere. */
export function erase(key) {
  memory.delete(key);
  if (!probe()) return;
  try {
    window.localStorage.removeItem(key);
  } catch (_) {}
}
