"""Deterministic bucketing of visitors into variants and holdouts (GrowthBook's hash v2)."""


def fnv1a32(text: str) -> int:
    """32-bit FNV-1a of the UTF-8 bytes of `text`."""
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value ^= byte
        value = (value * 0x01000193) & 0xFFFFFFFF
    return value


def bucket(seed: str, unit: str) -> float:
    """A stable number in [0, 1) for `unit` (a visitor id) under `seed` (a rule id).

    Same formula as GrowthBook's hash version 2, so an analyst can reproduce it:
    fnv32a(str(fnv32a(seed + unit))) % 10000 / 10000.
    """
    return (fnv1a32(str(fnv1a32(seed + unit))) % 10000) / 10000


def choose_variant(variants: list[dict], seed: str, unit: str) -> dict | None:
    """The variant whose cumulative weight range (in percent) holds the visitor's bucket."""
    if not variants:
        return None
    point = bucket(seed, unit) * 100
    cumulative = 0.0
    for variant in variants:
        cumulative += variant["weight"]
        if point < cumulative:
            return variant
    return variants[-1]
