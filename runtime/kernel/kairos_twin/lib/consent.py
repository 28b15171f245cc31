"""Mirrors lib/consent.js: consent modes "none-required" and "required", and GPC as an opt-out."""

from __future__ import annotations

from .storage import Storage

CONSENT_KEY = "kairos:consent"


class Consent:
    """openConsent(mode): the consent state; persistence is on only when it is allowed."""

    def __init__(self, storage: Storage, mode: str, gpc: bool):
        self.storage = storage
        self.gpc = gpc
        self.needs = mode == "required" or gpc
        storage.set_persistent(True)  # a read-only look at the stored choice itself
        stored = storage.load(CONSENT_KEY)
        self.granted = stored == "granted" if self.needs else stored != "denied"
        storage.set_persistent(self.granted)

    def forget(self) -> None:
        self.storage.erase(CONSENT_KEY)
        if self.needs:
            self.granted = False
            self.storage.set_persistent(False)

    def set(self, on: bool, erase_all) -> None:
        self.granted = bool(on)
        if self.granted:
            self.storage.set_persistent(True)
            if self.needs:
                self.storage.save(CONSENT_KEY, "granted")
        else:
            erase_all()
            self.storage.erase(CONSENT_KEY)
            if not self.needs:
                self.storage.save(CONSENT_KEY, "denied")
            self.storage.set_persistent(False)
