"""Mirrors of runtime/kernel/lib/: storage, consent, the visit history."""
