"""IR -> what the kernel is told at build time: where the engine is worth booting, and defaults."""

# Runtime defaults baked into the kernel; a store may override `consent` per page with
# data-consent="required" on the script tag (SRI covers the file, not its attributes).
DEFAULT_CONFIG = {"idleMs": 60000, "retentionDays": 30, "consent": "none-required"}


def conditions_page_types(condition: dict) -> set[str] | None:
    """The page types a condition can match on, or None for any: read off its top-level
    conjuncts `page.type == "x"` / `page.type in [...]` (anything else may match anywhere)."""
    if condition.get("op") == "and":
        found = [types for arg in condition["args"] if (types := conditions_page_types(arg)) is not None]
        return set.intersection(*found) if found else None
    if condition.get("op") == "or":
        branches = [conditions_page_types(arg) for arg in condition["args"]]
        return None if any(b is None for b in branches) else set().union(*branches)
    left, right = condition.get("left", {}), condition.get("right", {})
    if left.get("op") == "signal" and left.get("name") == "page.type":
        if condition.get("op") == "cmp" and condition.get("cmp") == "==" and right.get("op") == "lit":
            return {right["value"]}
        if condition.get("op") == "in" and right.get("op") == "list":
            return {item["value"] for item in right["items"] if item.get("op") == "lit"}
    return None


def kernel_config(ir: dict, qa: bool = False) -> dict:
    """What the kernel learns from the rules beyond the watch list: whether some rule is a
    page-load moment, so that the engine decides the next view ahead (kernel/ahead.js); and
    whether QA links (forced variants, previews) are allowed (`build --qa`)."""
    ahead = any(rule["ahead"] and rule["enabled"] for rule in ir["rules"])
    return {"ahead": ahead, "qa": True} if qa else {"ahead": ahead}  # no byte for shoppers' builds


def page_types(ir: dict) -> list[str] | None:
    """Page types where some enabled rule can match (the kernel boots the engine only there),
    or None when some rule can match on any page."""
    union: set[str] = set()
    for rule in ir["rules"]:
        if not rule.get("enabled", True):
            continue
        types = conditions_page_types(rule["when"])
        if types is None:
            return None
        union |= types
    return sorted(union)
