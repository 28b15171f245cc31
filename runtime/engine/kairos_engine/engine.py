"""Decisions: signal state + history -> the snippets to show now, one per placement."""

from .caps import in_schedule, within_caps
from .hashing import bucket, choose_variant

OVERLAYS = ("modal", "toast", "corner")


class RuleError(Exception):
    """A rule's condition failed at run time; carries the rule and its source line."""

    def __init__(self, rule: dict, where: str, cause: BaseException):
        super().__init__(f"{where}: rule `{rule['id']}` failed: {cause!r}")
        self.rule = rule
        self.where = where


class Engine:
    """Evaluates a compiled rules module against the kernel's updates."""

    def __init__(self, rules_module, renderer):
        self.rules = rules_module.RULES
        self.conditions = rules_module.CONDITIONS
        self.line_map = getattr(rules_module, "LINE_MAP", {})
        self.renderer = renderer

    def where(self, index: int, error: BaseException) -> str:
        """`file:line` of the rule behind a failing generated line (or the rule's start)."""
        tb = error.__traceback__
        while tb is not None:
            mapped = self.line_map.get(tb.tb_lineno)
            if mapped and tb.tb_frame.f_code.co_name == f"rule_{index}":
                return f"{mapped[0]}:{mapped[1]}"
            tb = tb.tb_next
        source = self.rules[index].get("source", {})
        return f"{source.get('file', '?')}:{source.get('line', '?')}"

    def matching(self, signals: dict) -> tuple[list[int], list[dict]]:
        """Indexes of enabled rules whose condition holds, and errors of those that raised."""
        matched, errors = [], []
        for index, (rule, condition) in enumerate(zip(self.rules, self.conditions, strict=True)):
            if not rule.get("enabled", True):
                continue
            try:
                if condition(signals):
                    matched.append(index)
            except Exception as error:  # a rule bug must not stop the other rules
                where = self.where(index, error)
                errors.append({"rule": rule["id"], "where": where,
                               "message": f"{where}: rule `{rule['id']}` failed: {error!r}"})
        return matched, errors

    def decide(self, update: dict) -> dict:
        """The decisions for one kernel update: at most one rule per slot and per overlay."""
        signals, history, now = update["signals"], update.get("history", {}), update["now"]
        matched, errors = self.matching(signals)
        taken = set(history.get("occupied", ()))
        decisions = []
        # RULES is sorted by (-priority, id): the first match per placement wins.
        for index in matched:
            rule = self.rules[index]
            show = rule["show"]
            key = "slot:" + show["slot"] if show["placement"] == "slot" else "overlay"
            if key in taken:
                continue
            if not in_schedule(rule.get("schedule"), signals):
                continue
            if not within_caps(rule, history, now):
                continue
            taken.add(key)
            decisions.append(self.assign(rule, update, errors))
        return {"type": "decisions", "decisions": [d for d in decisions if d], "errors": errors}

    def assign(self, rule: dict, update: dict, errors: list) -> dict | None:
        """Holdout and variant assignment, then rendering (controls render nothing)."""
        visitor = update.get("history", {}).get("visitor_id", "")
        show = rule["show"]
        decision = {"rule": rule["id"], "snippet": show["snippet"], "variant": None,
                    "placement": show["placement"], "slot": show.get("slot"), "html": None}
        if rule.get("holdout") and bucket(rule["id"] + ":holdout", visitor) * 100 < rule["holdout"]:
            decision["variant"] = "holdout"
            return decision
        variant = choose_variant(rule.get("variants") or [], rule["id"], visitor)
        if variant is not None:
            decision["variant"] = variant["name"]
            if variant.get("control"):
                return decision
        try:
            decision["html"] = self.renderer.render(
                show["snippet"], show.get("params", {}), update.get("product"), decision["variant"])
        except Exception as error:  # a template bug means no snippet, reported once
            errors.append({"rule": rule["id"], "where": f"snippets/{show['snippet']}",
                           "message": f"snippet `{show['snippet']}` failed for rule "
                                      f"`{rule['id']}`: {error!r}"})
            return None
        return decision
