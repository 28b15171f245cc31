"""Mirrors ahead.js: page-load moments decided ahead. The engine's answer to a view's first
update carries the decisions it would make on the next view of the same page; the kernel keeps
them with the history and draws them at once when that view opens in the same session; the
engine's first answer there withdraws what the view's real facts refute."""

from __future__ import annotations

import json

MAX_STORED = 8192  # characters of decisions kept with the history, at most


def apply_ahead(view: dict, occupied: set, show, version: str) -> None:
    """Draw the decisions kept for `view`; their rules await the engine's confirmation."""
    kept = view["ahead"]
    view["ahead"] = None
    decisions = kept["decisions"] if kept and kept.get("version") == version else []
    view["drawnAhead"] = [d["rule"] for d in decisions]
    view["aheadSlots"] = {d["rule"]: d["slot"] for d in decisions}
    for decision in decisions:
        show({**decision, "ahead": True}, view, occupied)


def _stored_length(decisions: list) -> int:
    text = json.dumps(decisions, separators=(",", ":"), ensure_ascii=False)
    return len(text) if text.isascii() else len(text.encode("utf-16-le", "surrogatepass")) // 2


def settle(reply: dict, view: dict, occupied: set, history, document, seen, version: str, now: int) -> None:
    """Before an answer's decisions are drawn: remove refuted decisions drawn ahead, keep
    the decisions made for the next view of this page with the history, and keep the view's
    latest predictions (what kairos.state() shows)."""
    if reply.get("predictions"):
        view["predictions"] = reply["predictions"]
    if reply.get("withdraw") is not None:  # an empty list too (JS: [] is truthy)
        for rule in reply["withdraw"]:
            document.withdraw(rule)
            seen.unseen(rule)  # not counted once withdrawn, however long its slot stays in view
            slot = view["aheadSlots"].get(rule)
            # Free unless the decision never got the slot and something else holds it now.
            if not document.has_host(slot):
                occupied.discard(f"slot:{slot}")
        view["drawnAhead"] = []
    if not reply.get("next"):
        return
    decisions = reply["next"]
    fits = _stored_length(decisions) <= MAX_STORED

    def keep(record):
        sessions = record["sessions"]
        session = sessions[-1] if sessions else None
        if decisions and fits and session:
            record["next"] = {"url": view["url"], "session": session["id"], "version": version,
                              "decisions": decisions}
        else:
            record.pop("next", None)

    history.mutate(now, keep)


def exposed_ahead(record: dict, rule: str) -> None:
    """A kept decision of a rule with a limit or cooldown may no longer hold once the rule
    has been shown again: it is dropped (the engine decides it on the next view itself)."""
    if record.get("next"):
        record["next"]["decisions"] = [d for d in record["next"]["decisions"]
                                       if not (d["rule"] == rule and d["capped"])]
