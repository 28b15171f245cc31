"""Mirrors of runtime/kernel/signals/: one module per signal."""
