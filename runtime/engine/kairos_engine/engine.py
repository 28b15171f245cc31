"""Decisions: signal state + history -> the snippets to show now, one per placement."""

from . import features, ops, qa
from .ahead import decide_ahead, refuted
from .caps import in_schedule, within_caps
from .hashing import bucket, choose_variant
from .snippet_data import data_for

_MISSING = object()


def _time_dependent(rule: dict) -> bool:
    """Rules with a time window (visits within 7d) can change truth as `now` moves alone."""
    signals = rule.get("watch", {}).get("signals", ())
    return any(name.startswith("visits.") for name in signals)


def place(rule: dict) -> str:
    """The place a rule's snippet takes: its slot, or the page's one overlay."""
    show = rule["show"]
    return "slot:" + show["slot"] if show["placement"] == "slot" else "overlay"


def group(rule: dict, update: dict) -> tuple[dict | None, bool]:
    """(variant, forced): the visitor's group for `rule` ({"name", "control"}: a variant, the
    holdout or None for the plain treatment), and whether a QA link forced it."""
    forced = qa.forced_variant(rule, update)
    if forced is not None:
        return forced, True
    visitor = update.get("history", {}).get("visitor_id", "")
    if rule.get("holdout") and bucket(rule["id"] + ":holdout", visitor) * 100 < rule["holdout"]:
        return qa.HOLDOUT, False
    return choose_variant(rule.get("variants") or [], rule["id"], visitor), False


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
        # Incremental evaluation: a rule is re-evaluated only when a signal it reads changed.
        self.watchers = getattr(rules_module, "WATCHERS", {})
        watched = {index for indexes in self.watchers.values() for index in indexes}
        self.always = tuple(sorted(
            index for index, rule in enumerate(self.rules)
            if index not in watched or _time_dependent(rule)))
        self.truth = [False] * len(self.rules)
        self.last: dict | None = None
        # Page-load moments (slot rules reading only what a view knows when it opens), in
        # priority order: decided ahead for the next view of the same page (ahead.py).
        self.ahead = tuple(i for i, rule in enumerate(self.rules) if rule.get("ahead"))
        self.index = {rule["id"]: i for i, rule in enumerate(self.rules)}
        # The `predict.NAME` models rules read: name -> {features, coefficients, intercept, ...}.
        self.models = getattr(rules_module, "MODELS", {})

    def predictions(self, signals: dict) -> dict:
        """`predict.NAME` of every model, for one signal state: the probability (features.py
        computes the features, so training and the browser agree), or None when the model
        cannot be computed (a rule reading it then does not match)."""
        out = {}
        for name, model in self.models.items():
            try:
                out["predict." + name] = features.probability(model, signals)
            except Exception:  # noqa: BLE001 - fail closed: no prediction, no match
                out["predict." + name] = None
        return out

    def state(self, signals: dict) -> dict:
        """What rules are evaluated on: the kernel's signals plus the predictions (a new dict;
        the kernel's is left as it came). Everything that evaluates rules starts here."""
        return {**signals, **self.predictions(signals)} if self.models else signals

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

    def dirty(self, signals: dict) -> range | set[int]:
        """Indexes of rules whose inputs changed since the last update (all, the first time)."""
        last = self.last
        if last is None:
            return range(len(self.rules))
        dirty = set(self.always)
        for key, readers in self.watchers.items():  # fewer than the signals: only what rules read
            if key in signals and last.get(key, _MISSING) != signals[key]:
                dirty.update(readers)
        return dirty

    def matching(self, signals: dict) -> tuple[list[int], list[dict]]:
        """Indexes of enabled rules whose condition holds, and errors of those that raised."""
        errors = []
        ops.begin_update()
        try:
            for index in self.dirty(signals):
                rule = self.rules[index]
                if not rule.get("enabled", True):
                    continue
                try:
                    self.truth[index] = bool(self.conditions[index](signals))
                except Exception as error:  # a rule bug must not stop the other rules
                    self.truth[index] = False
                    where = self.where(index, error)
                    errors.append({"rule": rule["id"], "where": where,
                                   "message": f"{where}: rule `{rule['id']}` failed: {error!r}"})
        finally:
            ops.end_update()
        self.last = signals
        return [index for index, holds in enumerate(self.truth) if holds], errors

    def decide(self, update: dict) -> dict:
        """The decisions for one kernel update: at most one rule per slot and per overlay."""
        signals, history = self.state(update["signals"]), update.get("history", {})
        matched, errors = self.matching(signals)
        taken = set(history.get("occupied", ()))
        # Decisions drawn ahead on this view that its real facts refute: withdrawn, and their
        # slots free for what this evaluation decides.
        withdraw = refuted(self, history["ahead"], update) if history.get("ahead") else None
        for rule_id in withdraw or ():
            if rule_id in self.index:
                taken.discard("slot:" + self.rules[self.index[rule_id]]["show"]["slot"])
        shown = []
        preview = qa.preview(self, update)
        found = None if preview is None else self.data(self.rules[preview], update, errors)
        if found is not None and place(self.rules[preview]) not in taken:
            # A tester's preview: shown now, whatever its condition, schedule and caps (not
            # without its snippet's data: a review popup with no reviews has nothing to show).
            taken.add(place(self.rules[preview]))
            shown = [{**d, "qa": True, "preview": True}
                     for d in [self.assign(self.rules[preview], update, *found, errors)] if d]
        matched = qa.switched_off(matched, self.rules, update)
        decisions = shown + self.choose(matched, update, taken, errors)
        reply = {"type": "decisions", "decisions": decisions, "errors": errors}
        if self.models:  # the page sees them too (kairos.state())
            reply["predictions"] = {name: signals["predict." + name] for name in self.models}
        if withdraw is not None:
            reply["withdraw"] = withdraw
        if update.get("next"):
            # The next view is formatted like this one (the worker adds formats to the update),
            # and a tester's QA links hold there too (its decisions drawn ahead).
            upcoming = {"formats": update.get("formats"), **update["next"]}
            if update.get("qa"):
                upcoming["qa"] = update["qa"]
            reply["next"] = decide_ahead(self, upcoming, errors)
        return reply

    def choose(self, matched: list[int], update: dict, taken: set, errors: list) -> list[dict]:
        """Of the rules `matched` (indexes in RULES order, sorted by (-priority, id)), the first
        per placement not already `taken`, in schedule, within caps and with the data its
        snippet needs on this page: assigned and rendered. A rule whose snippet lacks its data
        (a review popup without reviews) leaves the placement to the next rule.
        Serves this view (decide) and the next one (ahead.decide_ahead) alike."""
        signals, history, now = update["signals"], update.get("history", {}), update["now"]
        decisions = []
        for index in matched:
            rule = self.rules[index]
            key = place(rule)
            if key in taken:
                continue
            if not in_schedule(rule.get("schedule"), signals):
                continue
            if not within_caps(rule, history, now):
                continue
            found = self.data(rule, update, errors)
            if found is None:
                continue
            taken.add(key)
            decisions.append(self.assign(rule, update, *found, errors))
        return [d for d in decisions if d]

    @staticmethod
    def _failed(rule: dict, error: BaseException) -> dict:
        snippet = rule["show"]["snippet"]
        return {"rule": rule["id"], "where": f"snippets/{snippet}",
                "message": f"snippet `{snippet}` failed for rule `{rule['id']}`: {error!r}"}

    def data(self, rule: dict, update: dict, errors: list) -> tuple[dict, dict] | None:
        """(params, data) of `rule`'s snippet on this page, or None when the page lacks the
        data the snippet needs (or computing it failed: reported in `errors`)."""
        show = rule["show"]
        params = self.renderer.params(show["snippet"], show.get("params", {}))
        try:
            data = data_for(show["snippet"], update, params)
        except Exception as error:  # a data bug means no snippet, reported once
            errors.append(self._failed(rule, error))
            return None
        return None if data is None else (params, data)

    def assign(self, rule: dict, update: dict, params: dict, data: dict, errors: list) -> dict | None:
        """Holdout and variant assignment, then rendering (controls render nothing). Controls
        and holdouts are decided only where the treatment had its data, so arms compare alike."""
        show = rule["show"]
        decision = {"rule": rule["id"], "snippet": show["snippet"], "variant": None,
                    "placement": show["placement"], "slot": show.get("slot"), "html": None}
        variant, forced = group(rule, update)
        if forced:
            decision["qa"] = True
        if variant is not None:
            decision["variant"] = variant["name"]
            if variant.get("control"):
                return decision
        try:
            decision["html"] = self.renderer.render(
                show["snippet"], params, update.get("product"), decision["variant"], data)
        except Exception as error:  # a template bug means no snippet, reported once
            errors.append(self._failed(rule, error))
            return None
        return decision
