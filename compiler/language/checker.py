"""Syntax tree of a condition -> typed IR expression: names, types, units and values are checked
against the vocabulary, moments are inlined; mistakes become diagnostics."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from . import vocabulary as V
from .errors import ERROR, CompileError, Diagnostic, Span, did_you_mean, one_of
from .nodes import BoolOp, Call, Compare, ListExpr, Literal, Member, Name, Node, Not
from .parser import parse
from .source import Text

BAD = "error"  # the type of an expression that already produced a diagnostic


@dataclass
class MomentDef:
    name: str
    text: Text
    origin: str  # "library" or "file:line"


@dataclass
class Checked:
    """A checked condition: its IR, the moments it used and where each IR node came from."""

    ir: dict | None
    moments: list[str] = field(default_factory=list)
    where: dict[int, tuple[Text, int, int]] = field(default_factory=dict)


class Checker:
    """Checks conditions of one compilation; moment definitions are checked once, on first use."""

    def __init__(self, moments: dict[str, MomentDef], diagnostics: list[Diagnostic]):
        self.defs = moments
        self.diags = diagnostics
        self.done: dict[str, Checked] = {}
        self.active: list[str] = []

    # -- entry points -------------------------------------------------------------------------
    def condition(self, text: Text) -> Checked:
        """Parse and check a `when:` text; the result's IR is None when there were errors."""
        try:
            tree = parse(text.value, text.span)
        except CompileError as e:
            self.diags.append(e.diagnostic)
            return Checked(None)
        return self.tree(tree, text)

    def tree(self, tree: Node, text: Text) -> Checked:
        run = _Run(self, text)
        ir, typ = run.expr(tree)
        if typ != BAD and typ != "bool":
            run.need_bool(tree, typ)
        ok = not run.failed and ir is not None
        return Checked(ir if ok else None, sorted(set(run.moments)), run.where)

    def moment(self, name: str) -> Checked | None:
        """The checked condition of a moment, or None for an unknown name or a broken moment."""
        if name in self.done:
            return self.done[name]
        d = self.defs.get(name)
        if d is None:
            return None
        self.active.append(name)
        checked = self.condition(d.text)
        self.active.pop()
        self.done[name] = checked
        return checked


class _Run:
    """The check of one condition text."""

    def __init__(self, checker: Checker, text: Text):
        self.c = checker
        self.text = text
        self.failed = False
        self.moments: list[str] = []
        self.where: dict[int, tuple[Text, int, int]] = {}

    def src(self, node: Node) -> str:
        return self.text.value[node.start : node.end]

    def span(self, node: Node) -> Span:
        return self.text.span(node.start, node.end)

    def error(self, node: Node | tuple[int, int], message: str) -> tuple[None, str]:
        start, end = (node.start, node.end) if isinstance(node, Node) else node
        self.c.diags.append(Diagnostic(ERROR, message, self.text.span(start, end)))
        self.failed = True
        return None, BAD

    def keep(self, ir: dict, node: Node) -> dict:
        self.where[id(ir)] = (self.text, node.start, node.end)
        return ir

    # -- expressions --------------------------------------------------------------------------
    def expr(self, node: Node) -> tuple[dict | None, str]:
        if isinstance(node, Literal):
            return self.keep({"op": "lit", "type": node.type, "value": node.value}, node), node.type
        if isinstance(node, ListExpr):
            return self.list_expr(node)
        if isinstance(node, Name):
            return self.name(node)
        if isinstance(node, Call):
            return self.call(node)
        if isinstance(node, Member):
            return self.member(node)
        if isinstance(node, BoolOp):
            args = [self.boolean(a) for a in node.args]
            if any(a is None for a in args):
                return None, BAD
            return self.keep({"op": node.op, "args": args}, node), "bool"
        if isinstance(node, Not):
            arg = self.boolean(node.arg)
            if arg is None:
                return None, BAD
            return self.keep({"op": "not", "arg": arg}, node), "bool"
        if isinstance(node, Compare):
            return self.compare(node)
        return self.error(node, "unsupported expression")

    def boolean(self, node: Node) -> dict | None:
        ir, typ = self.expr(node)
        if typ == BAD:
            return None
        if typ != "bool":
            self.need_bool(node, typ)
            return None
        return ir

    def need_bool(self, node: Node, typ: str) -> None:
        what = self.src(node)
        kind = V.ARTICLE.get(typ, typ)
        if typ in ("duration", "percent", "number"):
            fix = f"; compare it, as in `{what} > {V.EXAMPLES[typ] if typ != 'number' else '0'}`"
        elif typ == "string":
            fix = f'; compare it, as in `{what} == "..."`'
        elif typ == "list<timestamp>":
            fix = f"; count them, as in `{what}(within=7d) >= 2`"
        elif typ.startswith("list"):
            fix = f"; test membership, as in `... in {what}`"
        else:
            fix = ""
        self.error(node, f"`{what}` is {kind}, not a condition{fix}")

    def list_expr(self, node: ListExpr) -> tuple[dict | None, str]:
        items, types = [], []
        for item in node.items:
            ir, typ = self.expr(item)
            if typ == BAD:
                return None, BAD
            if typ.startswith("list"):
                return self.error(item, "a list cannot contain another list")
            if types and typ != types[0]:
                first, k = V.ARTICLE.get(types[0], types[0]), V.ARTICLE.get(typ, typ)
                msg = (f"list items must be of one kind: `{self.src(item)}` is {k}, "
                       f"the first is {first}")
                return self.error(item, msg)
            items.append(ir)
            types.append(typ)
        kind = types[0] if types else "any"
        return self.keep({"op": "list", "items": items}, node), f"list<{kind}>"

    def name(self, node: Name) -> tuple[dict | None, str]:
        dotted = node.dotted
        if node.parts[0] == "moment":
            return self.moment_ref(node)
        sig = V.SIGNALS.get(dotted)
        if sig is not None and sig.usable:
            return self.keep({"op": "signal", "name": dotted}, node), sig.type
        if dotted in V.FUNCTIONS or dotted in V.MEMBERS:
            f = V.FUNCTIONS.get(dotted) or next(iter(V.MEMBERS[dotted].values()))
            return self.error(node, f"`{dotted}` is a function; call it, as in `{f.example}`")
        if dotted.lower() in ("true", "false"):
            return self.error(node, f"write `{dotted.lower()}` in lowercase")
        hint = did_you_mean(dotted, V.USABLE_SIGNALS + V.CALLABLE)
        if not hint:
            tails = [s for s in V.USABLE_SIGNALS if s.rsplit(".", 1)[-1] == node.parts[-1]]
            hint = f"; did you mean `{tails[0]}`?" if len(tails) == 1 else ""
        return self.error(node, f"unknown signal `{dotted}`{hint}")

    def moment_ref(self, node: Name) -> tuple[dict | None, str]:
        if len(node.parts) != 2:
            return self.error(node, "write a moment as `moment.NAME`, as in `moment.x`")
        name = node.parts[1]
        if name in self.c.active:
            cycle = " -> ".join([*self.c.active[self.c.active.index(name):], name])
            return self.error(node, f"moment `{name}` refers to itself ({cycle})")
        checked = self.c.moment(name)
        if checked is None:
            hint = did_you_mean(name, self.c.defs)
            return self.error(node, f"unknown moment `{name}`{hint}")
        if checked.ir is None:
            self.failed = True  # its own errors are reported at its definition
            return None, BAD
        self.moments.extend([name, *checked.moments])
        return copy.deepcopy(checked.ir), "bool"

    # -- calls --------------------------------------------------------------------------------
    def call(self, node: Call) -> tuple[dict | None, str]:
        f = self.function(node)
        if f is None:
            return None, BAD
        if f.member_of:
            props = one_of("." + p for p in V.MEMBERS[f.member_of])
            return self.error(node, f"`{self.src(node)}` needs a property: {props}")
        return self.bind(node, f)

    def member(self, node: Member) -> tuple[dict | None, str]:
        obj = node.obj
        if not (isinstance(obj, Call) and isinstance(obj.callee, Name)):
            return self.error((node.name_start - 1, node.end),
                              f"`.{node.name}` cannot follow `{self.src(obj)}`")  # fmt: skip
        owner = obj.callee.dotted
        members = V.MEMBERS.get(owner)
        if members is None:
            if self.function(obj) is None:
                return None, BAD
            return self.error((node.name_start - 1, node.end),
                              f"`.{node.name}` cannot follow `{self.src(obj)}`")  # fmt: skip
        f = members.get(node.name)
        if f is None:
            hint = did_you_mean(node.name, members)
            hint = (hint.replace("`", "`.", 1)
                    if hint else f"; use {one_of('.' + m for m in members)}")
            return self.error((node.name_start, node.end),
                              f"`{owner}(...)` has no property `.{node.name}`{hint}")  # fmt: skip
        return self.bind(obj, f, node)

    def function(self, node: Call) -> V.Function | None:
        callee = node.callee
        if not isinstance(callee, Name):
            self.error(node, f"`{self.src(callee)}` cannot be called")
            return None
        dotted = callee.dotted
        if dotted in V.FUNCTIONS:
            return V.FUNCTIONS[dotted]
        if dotted in V.MEMBERS:
            return next(iter(V.MEMBERS[dotted].values()))
        if dotted in V.SIGNALS:
            self.error(node, f"`{dotted}` is a signal, not a function; remove the parentheses")
            return None
        self.error(callee, f"unknown function `{dotted}`{did_you_mean(dotted, V.CALLABLE)}")
        return None

    def bind(self, call: Call, f: V.Function, whole: Node | None = None) -> tuple[dict | None, str]:
        shown = f.spelling
        params = list(f.params)
        if len(call.args) > len(params):
            extra = call.args[len(params)]
            n = len(params)
            return self.error(extra, f"`{shown}` takes {n} argument{'s' if n != 1 else ''}, "
                                     f"got {len(call.args)}")  # fmt: skip
        given: dict[str, Node] = {p.name: a for p, a in zip(params, call.args, strict=False)}
        names = [p.name for p in params]
        for kw in call.kwargs:
            if kw.name not in names:
                hint = did_you_mean(kw.name, names) or (
                    f"; it takes {one_of(names)}" if names else "; it takes no arguments")
                return self.error((kw.start, kw.start + len(kw.name)),
                                  f"`{shown}` has no argument `{kw.name}`{hint}")  # fmt: skip
            if kw.name in given:
                return self.error(kw, f"argument `{kw.name}` is given twice")
            given[kw.name] = kw.value
        args = []
        for p in params:
            node = given.get(p.name)
            if node is None:
                if p.required:
                    return self.error(call, f"`{shown}` needs `{p.name}` ({p.doc}), "
                                            f"as in `{f.example}`")  # fmt: skip
                args.append(None)
                continue
            if p.literal and not (isinstance(node, Literal) and node.type == "string"):
                msg = f"`{p.name}` must be written in quotes, as in `{f.example}`"
                return self.error(node, msg)
            ir, typ = self.expr(node)
            if typ == BAD:
                return None, BAD
            if typ != p.type:
                unit = "d" if p.name == "within" else None
                return self.mismatch_arg(node, typ, p, f, unit)
            args.append(ir)
        while args and args[-1] is None:
            args.pop()
        if any(a is None for a in args):  # an optional argument before a given one
            return self.error(call, f"`{shown}`: give the arguments by name")
        ir = {"op": "call", "fn": f.name, "args": args}
        return self.keep(ir, whole or call), f.returns

    def mismatch_arg(self, node, typ, p, f, unit) -> tuple[None, str]:
        want = V.ARTICLE.get(p.type, p.type)
        if isinstance(node, Literal) and node.type == "number" and p.type == "duration":
            return self.error(node, f"`{node.raw}` has no unit; expected a duration such as "
                                    f"`{node.raw}{unit or 's'}`")  # fmt: skip
        got = V.ARTICLE.get(typ, typ)
        return self.error(node, f"`{p.name}` of `{f.spelling}` must be {want}; "
                                f"`{self.src(node)}` is {got}")  # fmt: skip

    # -- comparisons --------------------------------------------------------------------------
    def compare(self, node: Compare) -> tuple[dict | None, str]:
        left, lt = self.expr(node.left)
        right, rt = self.expr(node.right)
        if lt == BAD or rt == BAD:
            return None, BAD
        op = node.op
        if op in ("in", "not in"):
            if not self.membership(node, lt, rt):
                return None, BAD
            ir = self.keep({"op": "in", "left": left, "right": right}, node)
            return (self.keep({"op": "not", "arg": ir}, node) if op == "not in" else ir), "bool"
        if not self.comparable(node, lt, rt):
            return None, BAD
        if op not in ("==", "!=") and lt not in V.ORDERED:
            k = V.ARTICLE.get(lt, lt)
            return self.error((node.op_start, node.op_end),
                              f"`{op}` compares numbers, durations or percents; "
                              f"`{self.src(node.left)}` is {k}")  # fmt: skip
        if not self.values(node.left, node.right) or not self.values(node.right, node.left):
            return None, BAD
        return self.keep({"op": "cmp", "cmp": op, "left": left, "right": right}, node), "bool"

    def comparable(self, node: Compare, lt: str, rt: str) -> bool:
        if lt == rt:
            return True
        for a, at, b in ((node.left, lt, node.right), (node.right, rt, node.left)):
            if at == "list<timestamp>":
                self.error(a, f"`{self.src(a)}` is a list of visit times; count them, as in "
                              f"`{self.src(a)}(within=7d)`")  # fmt: skip
                return False
            if isinstance(b, Literal) and b.type == "number" and at in ("duration", "percent"):
                ex = f"{b.raw}{'s' if at == 'duration' else '%'}"
                self.error(b, f"`{b.raw}` has no unit; expected {V.ARTICLE[at]} such as `{ex}`")
                return False
        la, ra = V.ARTICLE.get(lt, lt), V.ARTICLE.get(rt, rt)
        self.error(node, f"cannot compare {la} with {ra}: `{self.src(node.left)}` is {la}, "
                         f"`{self.src(node.right)}` is {ra}")  # fmt: skip
        return False

    def membership(self, node: Compare, lt: str, rt: str) -> bool:
        if rt == "string" and lt == "string":
            return self.values(node.left, node.right)
        if rt.startswith("list<"):
            item = rt[5:-1]
            if item in (lt, "any"):
                if isinstance(node.right, ListExpr):
                    return all(self.values(node.left, i) for i in node.right.items)
                return True
            if lt.startswith("list"):
                return bool(self.error(node.left, f"`{self.src(node.left)}` is a list; "
                                                  "`in` needs a single value on its left"))
            li, ri = V.ARTICLE.get(lt, lt), V.ARTICLE.get(item, item)
            return bool(self.error(node, f"`{self.src(node.left)}` is {li} but "
                                         f"`{self.src(node.right)}` holds {ri}"))  # fmt: skip
        k = V.ARTICLE.get(rt, rt)
        return bool(self.error(node.right, f"`in` needs a list or text on its right; "
                                           f"`{self.src(node.right)}` is {k}"))  # fmt: skip

    def values(self, sig_node: Node, lit_node: Node) -> bool:
        """A text literal compared with a closed-set signal must be one of its values."""
        if not (isinstance(sig_node, Name) and isinstance(lit_node, Literal)):
            return True
        sig = V.SIGNALS.get(sig_node.dotted)
        if sig is None or not sig.values or lit_node.type != "string":
            return True
        if lit_node.value in sig.values:
            return True
        hint = did_you_mean(lit_node.value, sig.values, cutoff=0.5)
        if not hint:
            hint = f" (expected {one_of(sig.values)})"
        self.error(lit_node, f"`{sig.name}` is never `{lit_node.value}`{hint}")
        return False

