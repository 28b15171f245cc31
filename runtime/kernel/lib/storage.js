// localStorage that never throws: disabled, full or corrupt storage falls back to memory.

import { fault } from "./events.js";

const memory = new Map();
let usable = null;

function probe() {
  if (usable !== null) return usable;
  try {
    const key = "kairos:probe";
    window.localStorage.setItem(key, "1");
    window.localStorage.removeItem(key);
    usable = true;
  } catch (error) {
    usable = false;
    fault("storage", error);
  }
  return usable;
}

/** The parsed JSON under `key`, or `fallback` when absent, unreadable or corrupt. */
export function load(key, fallback) {
  let text = memory.get(key) ?? null;
  if (probe()) {
    try {
      text = window.localStorage.getItem(key);
    } catch (error) {
      fault("storage", error);
    }
  }
  if (text == null) return fallback;
  try {
    return JSON.parse(text);
  } catch (error) {
    fault("storage", new Error(`discarded corrupt data under ${key}`));
    return fallback;
  }
}

/** Store `value` as JSON under `key`; on any failure keep it in memory for this page. */
export function save(key, value) {
  const text = JSON.stringify(value);
  memory.set(key, text);
  if (!probe()) return;
  try {
    window.localStorage.setItem(key, text);
  } catch (error) {
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
