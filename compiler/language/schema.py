"""YAML node tree of a rule file -> RuleSpec and MomentSpec records; mistakes -> diagnostics.

File layout:

    moments:                      # optional: name -> condition, adds to or overrides the library
      deep_reader: page.scroll >= 80% and page.dwell > 1m
    rules:
      - id: reviews-for-hesitant-shoppers          # required, a slug
        moment: reading_reviews                    # optional, a moment's name
        when: page.dwell > 30s                     # optional when `moment` is given
        show:                                      # required
          snippet: review_popup
          placement: modal                         # modal | toast | corner, or `slot: NAME`
          params: { title: "Loved by shoppers" }   # snippet params live under `params:`
        priority: 20                               # whole number, default 0
        limit: once per session                    # or a list: [once per session, 3 per visitor]
        cooldown: 10m
        schedule: { start: 2025-01-01, end: 2025-01-31, days: [sat, sun], hours: "9-17" }
        variants: { control: 10%, badge_a: 45%, badge_b: 45% }
        holdout: 5%
        enabled: true
        description: free text for people; ignored by the compiler
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from . import caps
from .errors import Diagnostic, Span, did_you_mean, one_of, suggest
from .reader import BOOL as _BOOL
from .reader import INT as _INT
from .reader import NULL as _NULL
from .reader import SLUG, Reader, scalar_value, tagged
from .schedule import SCHEDULE_KEYS, schedule
from .source import SourceFile, Text, scalar_text

TOP_KEYS = ("rules", "moments")
RULE_KEYS = ("id", "moment", "when", "show", "priority", "limit", "cooldown", "schedule",
             "variants", "holdout", "enabled", "description")  # fmt: skip
SHOW_KEYS = ("snippet", "placement", "slot", "params")
OVERLAYS = ("modal", "toast", "corner")
MOMENT_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")
SLOT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*\Z")


@dataclass
class ParamSpec:
    name: str
    value: object
    raw: str
    tag: str
    key_span: Span
    value_span: Span


@dataclass
class ShowSpec:
    snippet: str
    snippet_span: Span
    placement: str
    slot: str | None
    placement_span: Span
    params: list[ParamSpec] = field(default_factory=list)


@dataclass
class RuleSpec:
    file: str
    line: int
    span: Span
    id: str | None = None
    id_span: Span | None = None
    moment: str | None = None
    moment_span: Span | None = None
    when: Text | None = None
    show: ShowSpec | None = None
    priority: int = 0
    limit: list[dict] = field(default_factory=list)
    cooldown: int | None = None
    schedule: dict | None = None
    variants: list[dict] = field(default_factory=list)
    holdout: int = 0
    enabled: bool = True
    description: str | None = None
    ok: bool = True  # False once the rule produced a structural error


@dataclass
class MomentSpec:
    name: str
    text: Text
    span: Span


@dataclass
class RuleFile:
    path: str
    rules: list[RuleSpec] = field(default_factory=list)
    moments: list[MomentSpec] = field(default_factory=list)


def read(src: SourceFile, root: yaml.Node | None, diags: list[Diagnostic]) -> RuleFile:
    """The rules and moments of one composed file."""
    out = RuleFile(src.path)
    r = Reader(src, diags)
    if root is None or (isinstance(root, yaml.ScalarNode) and root.tag == _NULL):
        return out
    items = r.mapping(root, "a rule file")
    if items is None:
        return out
    for key, knode, value in items:
        if key == "rules":
            if isinstance(value, yaml.ScalarNode) and value.tag == _NULL:
                continue
            if not isinstance(value, yaml.SequenceNode):
                r.error(value if not isinstance(value, yaml.ScalarNode) else knode,
                        "`rules` must be a list of rules, each starting with `- id: ...`")
                continue
            out.rules.extend(rule for item in value.value if (rule := _rule(r, item)))
        elif key == "moments":
            out.moments.extend(_moments(r, value))
        else:
            r.unknown_key(key, knode, TOP_KEYS, "the rule file")
    return out


def _moments(r: Reader, node: yaml.Node) -> list[MomentSpec]:
    out = []
    for name, knode, value in r.mapping(node, "`moments`") or ():
        if not MOMENT_NAME.match(name):
            slug = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
            slug = slug if MOMENT_NAME.match(slug) else "my_moment"
            r.error(knode, f"moment name `{name}` must be lowercase letters, digits and `_`, "
                           f"as in `{slug}`")  # fmt: skip
            continue
        v = r.scalar(value, f"moment `{name}`")
        if v is None:
            continue
        if v.tag == _NULL or not v.value.strip():
            r.error(knode, f"moment `{name}` is empty; write its condition")
            continue
        out.append(MomentSpec(name, scalar_text(r.src, v), r.span(knode)))
    return out


def _rule(r: Reader, node: yaml.Node) -> RuleSpec | None:
    before = len(r.diags)
    span = r.span(node)
    spec = RuleSpec(r.src.path, node.start_mark.line + 1, span)
    items = r.mapping(node, "a rule")
    if items is None:
        return None
    present = {k for k, _, _ in items}
    show = next((v for k, _, v in items if k == "show"), None)
    if isinstance(show, yaml.MappingNode):  # misplaced there, reported there: not missing
        present |= {k.value for k, _ in show.value if getattr(k, "value", None) in RULE_KEYS}
    strays = [(k, kn, v) for k, kn, v in items if k not in RULE_KEYS]
    stand_ins = _strays(r, spec, strays, show)
    orphaned = "show" in stand_ins
    present |= stand_ins
    for key, knode, value in items:
        if key == "show" and orphaned and isinstance(value, yaml.ScalarNode):
            continue  # its keys were written one level too far left: said at them
        if key in RULE_KEYS:
            _FIELDS[key](r, spec, knode, value)
    if "id" not in present:
        r.error(span, "this rule has no `id`; add one, as in `id: reviews-popup`")
    if "show" not in present:
        r.error(span, f"rule `{spec.id or '?'}` has no `show:`; add one, as in "
                      "`show: { snippet: review_popup, placement: modal }`")  # fmt: skip
    if "when" not in present and "moment" not in present:
        r.error(span, f"rule `{spec.id or '?'}` needs `when:` or `moment:`; add one, as in "
                      "`when: page.dwell > 30s`")  # fmt: skip
    spec.ok = len(r.diags) == before
    return spec


def _strays(r: Reader, spec: RuleSpec, strays: list, show: yaml.Node | None) -> set[str]:
    """Keys a rule does not have: `show:`'s keys one level too far left, or typos.

    Returns the rule keys these stand for (a typo of `when` is not also a missing `when`)."""
    stands_for: set[str] = set()
    orphans = [(k, kn, v) for k, kn, v in strays if k in SHOW_KEYS]
    if orphans:
        stands_for.add("show")
        names = " and ".join(f"`{k}:`" for k, _, _ in orphans)
        they = "they" if len(orphans) > 1 else "it"
        first = orphans[0][1]
        if show is None:
            pairs = ", ".join(f"{k}: {r.text(v) if isinstance(v, yaml.ScalarNode) else '...'}"
                              for k, _, v in orphans)  # fmt: skip
            r.error(first, f"{names} go under `show:`; write `show: {{ {pairs} }}` instead "
                           f"of {'these lines' if len(orphans) > 1 else 'this line'}")
        elif isinstance(show, yaml.ScalarNode) and show.tag == _NULL:
            r.error(first, f"{names} belong under `show:` on line {show.start_mark.line + 1}; "
                           f"indent {'them' if they == 'they' else 'it'} 2 more spaces "
                           "than `show:`")  # fmt: skip
        else:
            for k, kn, _ in orphans:
                r.error(kn, f"`{k}` belongs inside `show:`, next to `snippet:`")
    for key, knode, _ in strays:
        if key in SHOW_KEYS:
            continue
        if key in SCHEDULE_KEYS:
            r.error(knode, f"`{key}` belongs under `schedule:`, as in "
                           f"`schedule: {{ {key}: ... }}`")  # fmt: skip
            continue
        hit = suggest(key, RULE_KEYS)
        if hit and hit != key:
            stands_for.add(hit)
        r.unknown_key(key, knode, RULE_KEYS, "a rule")
    return stands_for


def _id(r: Reader, spec: RuleSpec, knode, value) -> None:
    v = r.scalar(value, "`id`")
    if v is None:
        return
    spec.id_span = r.span(v)
    if not SLUG.match(v.value):
        slug = re.sub(r"[^a-z0-9]+", "-", v.value.lower()).strip("-")
        hint = f", as in `{slug}`" if slug else ""
        r.error(v, f"rule id `{v.value}` must be a slug: lowercase letters, digits, `-` and `_`"
                   f"{hint}")  # fmt: skip
        return
    spec.id = v.value


def _moment(r: Reader, spec: RuleSpec, knode, value) -> None:
    if isinstance(value, yaml.SequenceNode):
        names = [i.value for i in value.value if isinstance(i, yaml.ScalarNode)] or ["a", "b"]
        either = " or ".join(f"moment.{n}" for n in names)
        r.error(value, f"`moment` names one moment; to use several, write `when: {either}`")
        return
    v = r.scalar(value, "`moment`")
    if v is not None:
        if v.value.startswith("moment."):
            r.error(v, f"write only the moment's name here: `moment: {v.value[7:]}`")
            return
        if re.search(r"[\s<>=()!&|]", v.value.strip()):
            r.error(v, "`moment` takes a moment's name, as in `moment: reading_reviews`; "
                       f"write a condition under `when:`, as in `when: {v.value.strip()}`")
            return
        spec.moment, spec.moment_span = v.value, r.span(v)


def _when(r: Reader, spec: RuleSpec, knode, value) -> None:
    if isinstance(value, yaml.SequenceNode):
        r.error(value, "`when` is one condition; join the parts with `and` or `or`")
        return
    if isinstance(value, yaml.ScalarNode) and value.tag.startswith("!"):
        fix = "not " + tagged(value)[1:]
        r.error(value, "YAML reads a value that starts with `!` as a tag, not as `not`; "
                       f"write `when: {fix}`")  # fmt: skip
        return
    v = r.scalar(value, "`when`")
    if v is None:
        return
    if v.tag == _NULL or not v.value.strip():
        r.error(knode, "`when` is empty; write a condition, as in `when: page.dwell > 30s`")
        return
    spec.when = scalar_text(r.src, v)


def _show(r: Reader, spec: RuleSpec, knode, value) -> None:
    if isinstance(value, yaml.ScalarNode):
        name = value.value if value.value and value.tag != _NULL else "review_popup"
        r.error(value, "`show` needs a snippet and a place, as in "
                       f"`show: {{ snippet: {name}, placement: modal }}`")  # fmt: skip
        return
    items = r.mapping(value, "`show`")
    if items is None:
        return
    got = {k: (kn, v) for k, kn, v in items}
    for key, kn, v in items:
        if key in SHOW_KEYS:
            continue
        if key in RULE_KEYS:
            shown = f"{key}: {r.text(v)}" if isinstance(v, yaml.ScalarNode) else f"{key}:"
            r.error(kn, f"`{key}` is a key of the rule, not of `show:`; move `{shown}` out of "
                        "`show:`, onto a line of its own lined up with `show:`")  # fmt: skip
            continue
        hint = did_you_mean(key, SHOW_KEYS)
        if hint:
            r.error(kn, f"unknown key `{key}` in `show`{hint}")
            continue
        value = r.text(v) if isinstance(v, yaml.ScalarNode) else "..."
        r.error(kn, f"unknown key `{key}` in `show`; snippet params go under `params:`, as in "
                    f"`params: {{ {key}: {value} }}`")  # fmt: skip
    if "snippet" not in got:
        r.error(knode, "`show` needs `snippet:`, as in `show: { snippet: review_popup, "
                       "placement: modal }`")  # fmt: skip
        return
    snip = r.scalar(got["snippet"][1], "`snippet`")
    if snip is None:
        return
    placement, slot, pspan = None, None, r.span(knode)
    if "slot" in got and "placement" in got:
        r.error(got["placement"][0], "give either `slot:` or `placement:`, not both")
    elif "slot" in got:
        s = r.scalar(got["slot"][1], "`slot`")
        if s is not None and not SLOT_NAME.match(s.value):
            name = re.sub(r"[^A-Za-z0-9_-]+", "", s.value).lstrip("-_")
            fix = (f"; write the name of the `data-kairos-slot` alone: `slot: {name}`"
                   if name else "")  # fmt: skip
            r.error(s, f"slot name `{s.value}` must be letters, digits, `-` and `_`{fix}")
        elif s is not None:
            placement, slot, pspan = "slot", s.value, r.span(s)
    elif "placement" in got:
        p = r.scalar(got["placement"][1], "`placement`")
        if p is not None and p.value == "slot":
            r.error(p, "to place the snippet in a slot, write `slot: NAME` instead")
        elif p is not None and p.value not in OVERLAYS:
            hint = did_you_mean(p.value, OVERLAYS)
            r.error(p, f"unknown placement `{p.value}`{hint or ''} "
                       f"(expected {one_of(OVERLAYS)}, or `slot: NAME`)")  # fmt: skip
        elif p is not None:
            placement, pspan = p.value, r.span(p)
    else:
        r.error(knode, "`show` needs `placement: modal|toast|corner` or `slot: NAME`")
    params = []
    if "params" in got:
        for name, kn, v in r.mapping(got["params"][1], "`params`") or ():
            s = r.scalar(v, f"param `{name}`")
            if s is not None:
                val = scalar_value(s)
                params.append(ParamSpec(name, val, s.value, s.tag, r.span(kn), r.span(s)))
    if placement is not None:
        spec.show = ShowSpec(snip.value, r.span(snip), placement, slot, pspan, params)


def _priority(r: Reader, spec: RuleSpec, knode, value) -> None:
    v = r.scalar(value, "`priority`")
    n = scalar_value(v) if v is not None and v.tag == _INT else None
    if v is not None and not isinstance(n, int):
        r.error(v, f"`priority` must be a whole number, as in `priority: 10`; got `{v.value}`")
    elif v is not None and abs(n) > 1_000_000:
        r.error(v, "`priority` must be between -1000000 and 1000000")
    elif v is not None:
        spec.priority = n


def _enabled(r: Reader, spec: RuleSpec, knode, value) -> None:
    v = r.scalar(value, "`enabled`")
    if v is not None and v.tag != _BOOL:
        r.error(v, f"`enabled` is `true` or `false`, not `{v.value}`")
    elif v is not None:
        spec.enabled = bool(scalar_value(v))


def _description(r: Reader, spec: RuleSpec, knode, value) -> None:
    v = r.scalar(value, "`description`")
    if v is not None:
        spec.description = v.value


def _limit(r: Reader, spec: RuleSpec, knode, value) -> None:
    spec.limit = caps.limits(r, value)


def _cooldown(r: Reader, spec: RuleSpec, knode, value) -> None:
    spec.cooldown = caps.cooldown(r, value)


def _schedule(r: Reader, spec: RuleSpec, knode, value) -> None:
    spec.schedule = schedule(r, knode, value)


def _variants(r: Reader, spec: RuleSpec, knode, value) -> None:
    spec.variants = caps.variants(r, knode, value)


def _holdout(r: Reader, spec: RuleSpec, knode, value) -> None:
    h = caps.holdout(r, value)
    spec.holdout = h if h is not None else 0


_FIELDS = {"id": _id, "moment": _moment, "when": _when, "show": _show, "priority": _priority,
           "limit": _limit, "cooldown": _cooldown, "schedule": _schedule, "variants": _variants,
           "holdout": _holdout, "enabled": _enabled, "description": _description}  # fmt: skip
