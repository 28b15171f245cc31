"""Syntax tree of a condition -> typed IR expression: names, types, units and values are checked
against the vocabulary, moments are inlined; mistakes become diagnostics."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from . import hints, predict
from . import units as U
from . import vocabulary as V
from .errors import ERROR, CompileError, Diagnostic, Span, did_you_mean, one_of
from .nodes import BoolOp, Call, Compare, ListExpr, Literal, Member, Name, Node, Not
from .parser import parse
from .source import Text
from .units import Want

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
    """Checks conditions of one compilation; moment definitions are checked once, on first use.
    `models` are the `predict.NAME` models found in `model_folders` (models.py)."""

    def __init__(self, moments: dict[str, MomentDef], diagnostics: list[Diagnostic],
                 models: dict | None = None, model_folders: list[str] | tuple = ()):
        self.defs = moments
        self.diags = diagnostics
        self.done: dict[str, Checked] = {}
        self.active: list[str] = []
        self.models = models or {}
        self.model_folders = list(model_folders)

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
    def expr(self, node: Node, want: Want | None = None) -> tuple[dict | None, str]:
        """IR and type of `node`; `want` is what its context expects (for a literal's units)."""
        if isinstance(node, Literal):
            return self.literal(node, want)
        if isinstance(node, ListExpr):
            return self.list_expr(node)
        if isinstance(node, Name):
            return self.name(node)
        if isinstance(node, Call):
            return self.call(node)
        if isinstance(node, Member):
            return self.member(node)
        if isinstance(node, BoolOp):
            for i in range(1, len(node.args)):
                lost = hints.or_text(node.args, i, self.src)
                if lost:
                    return self.error(node.args[i], lost)
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

    def literal(self, node: Literal, want: Want | None) -> tuple[dict | None, str]:
        if node.type == "unit?":
            return self.error(node, U.wrong_literal(node.raw, want))
        if want is not None and node.type == "number" and want.type in ("duration", "percent"):
            return self.error(node, U.no_unit(node.raw, want.type, want.natural))
        return self.keep({"op": "lit", "type": node.type, "value": node.value}, node), node.type

    def unquoted(self, node: Node) -> bool:
        """A single word that names nothing: text written without its quotes?"""
        if not isinstance(node, Name) or len(node.parts) != 1:
            return False
        word = node.dotted
        return not (word in V.SIGNALS or word in V.FUNCTIONS or word in V.MEMBERS
                    or word in self.c.defs or word.lower() in (*hints.NULLS, "true", "false"))

    def want(self, node: Node, typ: str) -> Want | None:
        """What a literal compared with `node` (of type `typ`) should be."""
        if typ not in V.ORDERED:
            return None
        word = self.vocab(node)
        natural, unit = (word.natural, word.unit) if word is not None else ("", "")
        return Want(typ, natural, unit, self.src(node))

    def vocab(self, node: Node) -> V.Signal | V.Function | None:
        """The vocabulary entry a node reads, if it is a signal, a function or a property."""
        if isinstance(node, Name):
            return V.SIGNALS.get(node.dotted)
        if isinstance(node, Member) and isinstance(node.obj, Call):
            owner = node.obj.callee
            return V.MEMBERS.get(owner.dotted, {}).get(node.name) if isinstance(owner, Name) else None
        if isinstance(node, Call) and isinstance(node.callee, Name):
            return V.FUNCTIONS.get(node.callee.dotted)
        return None

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
        if typ == "list<timestamp>":
            fix = f"; count them, as in `{what}(within=7d) >= 2`"
        elif what.startswith("predict."):
            fix = f"; compare it, as in `{what} > 0.7`"
        elif typ in V.ORDERED or typ == "string" or typ.startswith("list"):
            fix = "; " + hints.use(what, typ)
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
        if node.parts[0] == "predict":
            return self.predict_ref(node)
        sig = V.SIGNALS.get(dotted)
        if sig is not None and sig.usable:
            return self.keep({"op": "signal", "name": dotted}, node), sig.type
        if dotted in V.FUNCTIONS or dotted in V.MEMBERS:
            f = V.FUNCTIONS.get(dotted) or next(iter(V.MEMBERS[dotted].values()))
            return self.error(node, f"`{dotted}` is a function; call it, as in `{f.example}`")
        if dotted.lower() in ("true", "false"):
            return self.error(node, f"write `{dotted.lower()}` in lowercase")
        habit = hints.null(dotted) or hints.size_name(dotted)
        if habit is None and dotted in self.c.defs:
            habit = hints.bare_word(dotted, self.c.defs)
        if habit is not None:
            return self.error(node, habit)
        hint = did_you_mean(dotted, V.USABLE_SIGNALS + V.CALLABLE)
        if not hint:
            tails = [s for s in V.USABLE_SIGNALS if s.rsplit(".", 1)[-1] == node.parts[-1]]
            hint = f"; did you mean `{tails[0]}`?" if len(tails) == 1 else ""
        if not hint and len(node.parts) == 1:
            return self.error(node, hints.bare_word(dotted, self.c.defs))
        family = [s for s in V.USABLE_SIGNALS if s.startswith(node.parts[0] + ".")]
        if not hint and family:
            hint = f" (`{node.parts[0]}` has {one_of(family)})"
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
            hint = did_you_mean(name, self.c.defs) or f" (moments: {one_of(sorted(self.c.defs))})"
            return self.error(node, f"unknown moment `{name}`{hint}")
        if checked.ir is None:
            self.failed = True  # its own errors are reported at its definition
            return None, BAD
        self.moments.extend([name, *checked.moments])
        return copy.deepcopy(checked.ir), "bool"

    def predict_ref(self, node: Name) -> tuple[dict | None, str]:
        problem = predict.reference(node, self.c.models, self.c.model_folders)
        if problem:
            return self.error(node, problem)
        return self.keep({"op": "signal", "name": node.dotted}, node), "number"

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
        habit = hints.call(node, self.src)
        if habit is not None:
            self.error(node, habit)
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
            ir, typ = self.expr(node, Want(p.type, p.natural, "", p.name))
            if typ == BAD:
                return None, BAD
            if typ != p.type:
                return self.mismatch_arg(node, typ, p, f)
            args.append(ir)
        while args and args[-1] is None:
            args.pop()
        if any(a is None for a in args):  # an optional argument before a given one
            return self.error(call, f"`{shown}`: give the arguments by name")
        ir = {"op": "call", "fn": f.name, "args": args}
        return self.keep(ir, whole or call), f.returns

    def mismatch_arg(self, node, typ, p, f) -> tuple[None, str]:
        want, got = V.ARTICLE.get(p.type, p.type), V.ARTICLE.get(typ, typ)
        better = None
        if isinstance(node, Literal):
            better = U.retyped(node, Want(p.type, p.natural, "", p.name))
        fix = f"; write `{better}`" if better else f", as in `{f.example}`"
        return self.error(node, f"`{p.name}` of `{f.spelling}` must be {want}; "
                                f"`{self.src(node)}` is {got}{fix}")  # fmt: skip

    # -- comparisons --------------------------------------------------------------------------
    def compare(self, node: Compare) -> tuple[dict | None, str]:
        for a, b in ((node.left, node.right), (node.right, node.left)):
            if isinstance(a, Name) and a.dotted.lower() in hints.NULLS:
                _, bt = self.expr(b) if not isinstance(b, Literal) else (None, "")
                return self.error(a, hints.null(a.dotted, self.src(b), bt))
        for a, b in ((node.left, node.right), (node.right, node.left)):
            if self.unquoted(a) and not isinstance(b, Literal):
                _, bt = self.expr(b)
                if bt == "string":
                    return self.error(a, f"`{a.dotted}` is not a signal; text goes in quotes, "
                                         f'as in `{self.src(b)} == "{a.dotted}"`')  # fmt: skip
                self.expr(a)  # an unknown word: said as such
                return None, BAD
        for subject, literal in ((node.left, node.right), (node.right, node.left)):
            problem = predict.literal(subject, literal, self.src)
            if problem:
                return self.error(literal, problem)
        if isinstance(node.left, Literal) and not isinstance(node.right, Literal):
            right, rt = self.expr(node.right)
            left, lt = self.expr(node.left, self.want(node.right, rt))
        else:
            left, lt = self.expr(node.left)
            right, rt = self.expr(node.right, self.want(node.left, lt))
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
        for a, at in ((node.left, lt), (node.right, rt)):
            if at == "list<timestamp>":
                self.error(a, f"`{self.src(a)}` is a list of visit times; count them, as in "
                              f"`{self.src(a)}(within=7d)`")  # fmt: skip
                return False
        la, ra = V.ARTICLE.get(lt, lt), V.ARTICLE.get(rt, rt)
        fix = ""
        for a, at, b in ((node.left, lt, node.right), (node.right, rt, node.left)):
            if isinstance(b, Literal) and not isinstance(a, Literal):
                word = self.vocab(a)
                want = Want(at, word.natural if word else "", word.unit if word else "",
                            self.src(a), getattr(word, "values", ()))  # fmt: skip
                better = U.retyped(b, want)
                if better:
                    whole = self.src(node)
                    i, j = b.start - node.start, b.end - node.start
                    fix = f"; did you mean `{whole[:i]}{better}{whole[j:]}`?"
                elif at == "string" and want.values:
                    fix = f'; text goes in quotes, as in `{want.subject} == "{want.values[0]}"`'
                break
        self.error(node, f"cannot compare {la} with {ra}: `{self.src(node.left)}` is {la}, "
                         f"`{self.src(node.right)}` is {ra}{fix}")  # fmt: skip
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

