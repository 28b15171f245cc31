// QA links (part of the lazy half; used only in bundles built with `build.py build --qa`):
// `?kairos_force=RULE:VARIANT[,RULE:off]` forces variants and `?kairos_preview=RULE` shows a
// rule's snippet now. The choice follows the tester across pages for the tab's session
// (sessionStorage), until `?kairos_force=` / `?kairos_preview=` with no value clears it.

const KEY = "kairos:qa";

function stored() {
  try {
    const value = JSON.parse(sessionStorage.getItem(KEY) || "null");
    return value && typeof value === "object" ? value : null;
  } catch (_) {
    return null;
  }
}

/** `RULE:VARIANT,RULE:off` -> {RULE: VARIANT}; malformed pairs are ignored. */
export function parseForce(text) {
  const force = {};
  for (const pair of text.split(",")) {
    const at = pair.indexOf(":");
    const rule = pair.slice(0, at).trim();
    const variant = pair.slice(at + 1).trim();
    if (at > 0 && rule && variant) force[rule] = variant;
  }
  return force;
}

/** The QA settings of this tab ({force, preview} or null), after this URL's parameters. */
export function qaSettings() {
  let settings = stored() || { force: {}, preview: null };
  const params = new URLSearchParams(location.search);
  if (params.has("kairos_force")) settings = { ...settings, force: parseForce(params.get("kairos_force")) };
  if (params.has("kairos_preview")) settings = { ...settings, preview: params.get("kairos_preview") || null };
  const active = Object.keys(settings.force || {}).length > 0 || !!settings.preview;
  try {
    if (active) sessionStorage.setItem(KEY, JSON.stringify(settings));
    else sessionStorage.removeItem(KEY);
  } catch (_) {}
  return active ? settings : null;
}
