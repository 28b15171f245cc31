"""QA links: variants forced by URL and snippets previewed on demand, for testers only.

The kernel sends `update["qa"] = {"force": {rule: variant | "off"}, "preview": rule | null}`
only in bundles built with `build.py build --qa` (docs/contracts.md section 5); shoppers'
updates never carry it, so for them this module decides nothing. Decisions it shapes carry
`"qa": true`, and so do the events they cause, so reports can drop them.
"""

HOLDOUT = {"name": "holdout", "control": True}


def settings(update: dict) -> dict:
    qa = update.get("qa")
    return qa if isinstance(qa, dict) else {}


def switched_off(matched: list[int], rules: tuple, update: dict) -> list[int]:
    """`matched` without the rules a tester forced off (`RULE:off`)."""
    force = settings(update).get("force") or {}
    if not force:
        return matched
    return [i for i in matched if force.get(rules[i]["id"]) != "off"]


def forced_variant(rule: dict, update: dict) -> dict | None:
    """The variant a tester forced for `rule` ({"name", "control"}), or None when not forced.
    `holdout` forces the holdout group; a name the rule lacks forces the plain treatment."""
    name = (settings(update).get("force") or {}).get(rule["id"])
    if not isinstance(name, str) or name == "off":
        return None
    if name == "holdout":
        return HOLDOUT
    known = {v["name"]: v for v in rule.get("variants") or ()}
    return known.get(name, {"name": None, "control": False})


def preview(engine, update: dict) -> int | None:
    """The index of the rule a tester asked to preview now (condition and caps bypassed)."""
    rule_id = settings(update).get("preview")
    return engine.index.get(rule_id) if isinstance(rule_id, str) else None
