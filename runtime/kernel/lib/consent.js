// Consent modes: "none-required" (default), "required" (nothing is stored before
// kairos.consent(true)), and Global Privacy Control honoured as an opt-out: with GPC on,
// nothing is stored unless the shopper later grants consent explicitly.

import { erase, loadText, save, setPersistent } from "./storage.js";

export const CONSENT_KEY = "kairos:consent";

/** The consent state for `mode`; persistence is switched on only when it is allowed. */
export function openConsent(mode) {
  const gpc = navigator.globalPrivacyControl === true;
  const needsConsent = mode === "required" || gpc;
  let granted = !needsConsent;
  if (needsConsent) {
    setPersistent(true); // read-only look: the stored choice itself
    granted = loadText(CONSENT_KEY) === '"granted"';
  }
  setPersistent(granted);
  return {
    gpc,
    granted: () => granted,
    /** kairos.forget(): with the history, forget the consent choice (and stop storing). */
    forget() {
      erase(CONSENT_KEY);
      if (needsConsent) {
        granted = false;
        setPersistent(false);
      }
    },
    /** kairos.consent(true | false): grant stores from now on; revoke erases everything. */
    set(on, eraseAll) {
      granted = Boolean(on);
      if (granted) {
        setPersistent(true);
        if (needsConsent) save(CONSENT_KEY, "granted");
      } else {
        eraseAll();
        erase(CONSENT_KEY);
        setPersistent(false);
      }
    },
  };
}
