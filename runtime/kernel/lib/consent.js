// Consent modes: "none-required" (default), "required" (nothing is stored before
// kairos.consent(true)), and Global Privacy Control honoured as an opt-out: with GPC on,
// nothing is stored unless the shopper later grants consent explicitly.

import { erase, loadText, save, setPersistent } from "./storage.js";

export const CONSENT_KEY = "kairos:consent";

/** The consent state for `mode`; persistence is switched on only when it is allowed. */
export function openConsent(mode) {
  const gpc = navigator.globalPrivacyControl === true;
  const needsConsent = mode === "required" || gpc;
  setPersistent(true); // a read-only look at the stored choice itself
  const stored = loadText(CONSENT_KEY);
  // An opt-out ("denied") is kept in every mode; with consent required, only "granted" stores.
  let granted = needsConsent ? stored === '"granted"' : stored !== '"denied"';
  setPersistent(granted);
  // Another tab revoking consent (or forgetting) stops this one storing at once.
  window.addEventListener("storage", (event) => {
    if ((event.key === CONSENT_KEY || event.key === null) && granted &&
        (needsConsent ? event.newValue !== '"granted"' : event.newValue === '"denied"')) {
      granted = false;
      setPersistent(false);
    }
  });
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
        // Without a consent requirement the default is to store: remember the opt-out.
        if (!needsConsent) save(CONSENT_KEY, "denied");
        setPersistent(false);
      }
    },
  };
}
