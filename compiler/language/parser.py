"""Tokens of a `when:` condition -> syntax tree (nodes.py); a syntax error raises CompileError.

Grammar (lowest precedence first):

    condition  := or_expr EOF
    or_expr    := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | comparison
    comparison := postfix (("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not" "in") postfix)?
    postfix    := primary ("." NAME | "(" arguments ")")*
    primary    := NUMBER | DURATION | PERCENT | STRING | "true" | "false" | "-" number
                | NAME | "(" or_expr ")" | "[" items "]"
"""

from __future__ import annotations

from .errors import ERROR, CompileError, Diagnostic
from .lexer import SpanOf, Token, tokenize
from .nodes import BoolOp, Call, Compare, Keyword, ListExpr, Literal, Member, Name, Node, Not
from .units import UNITS, known_unit

KEYWORDS = {"and", "or", "not", "in", "true", "false"}
COMPARATORS = {"==", "!=", "<", "<=", ">", ">="}
MAX_DEPTH = 60
_LIT = {"num": "number", "dur": "duration", "pct": "percent", "str": "string", "unit?": "unit?"}
_NUMERIC = ("num", "dur", "pct", "unit?")
_FIND_WORDS = ("contains", "includes", "has", "like", "matches")
_COUNT_WORDS = ("times", "time", "visits", "views", "items", "products", "x")


def parse(text: str, span_of: SpanOf) -> Node:
    """Parse a whole condition."""
    return _Parser(tokenize(text, span_of), span_of, text).condition()


class _Parser:
    def __init__(self, tokens: list[Token], span_of: SpanOf, text: str = ""):
        self.toks = tokens
        self.text = text
        self.i = 0
        self.span_of = span_of
        self.depth = 0
        self.opens: list[Token] = []

    # -- helpers ---------------------------------------------------------------
    @property
    def tok(self) -> Token:
        return self.toks[self.i]

    def next(self) -> Token:
        t = self.toks[self.i]
        self.i += 1
        return t

    def at(self, kind: str, value: object = None) -> bool:
        t = self.tok
        return t.kind == kind and (value is None or t.value == value)

    def at_word(self, word: str) -> bool:
        return self.tok.kind == "name" and self.tok.value == word

    def fail(self, tok: Token, message: str) -> CompileError:
        end = tok.end if tok.end > tok.start else tok.start + 1
        return CompileError(Diagnostic(ERROR, message, self.span_of(tok.start, end)))

    def prev(self) -> Token | None:
        return self.toks[self.i - 1] if self.i > 0 else None

    def nest(self, tok: Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail(tok, "the condition is nested too deeply")

    # -- grammar ---------------------------------------------------------------
    def condition(self) -> Node:
        if self.at("eof"):
            raise self.fail(self.tok, "the condition is empty")
        node = self.or_expr()
        if not self.at("eof"):
            raise self.unexpected(self.tok)
        return node

    def or_expr(self) -> Node:
        return self.bool_chain("or", self.and_expr)

    def and_expr(self) -> Node:
        return self.bool_chain("and", self.not_expr)

    def bool_chain(self, op: str, sub) -> Node:
        first = sub()
        args = [first]
        while self.at_word(op):
            self.next()
            args.append(sub())
        if len(args) == 1:
            return first
        return BoolOp(first.start, args[-1].end, op, args)

    def not_expr(self) -> Node:
        if self.at_word("not"):
            t = self.next()
            self.nest(t)
            arg = self.not_expr()
            self.depth -= 1
            return Not(t.start, arg.end, arg)
        return self.comparison()

    def comparison(self) -> Node:
        left = self.postfix()
        t = self.tok
        if t.kind == "op" and t.value in COMPARATORS:
            op, op_start, op_end = t.value, t.start, t.end
            self.next()
        elif self.at_word("in"):
            op, op_start, op_end = "in", t.start, t.end
            self.next()
        elif self.at_word("not") and self.toks[self.i + 1].kind == "name" and (
            self.toks[self.i + 1].value == "in"
        ):
            op, op_start, op_end = "not in", t.start, self.toks[self.i + 1].end
            self.i += 2
        elif t.kind == "op" and t.value == "=":
            raise self.fail(
                t, "use `==` to compare; a single `=` only names an argument, as in `within=7d`"
            )
        elif t.kind == "name" and t.value in ("is", "between", *_FIND_WORDS):
            raise self.word_operator(left, t)
        else:
            return left
        right = self.postfix()
        nxt = self.tok
        if (nxt.kind == "op" and nxt.value in COMPARATORS) or self.at_word("in"):
            raise self.fail(
                nxt, "comparisons cannot be chained; write `a < b and b < c` instead"
            )
        return Compare(left.start, right.end, op, left, right, op_start, op_end)

    def postfix(self) -> Node:
        node = self.primary()
        while True:
            if self.at("op", "."):
                dot = self.next()
                if not self.at("name"):
                    where = dot if self.at("eof") else self.tok
                    raise self.fail(where, "expected a name after `.`")
                name = self.next()
                if isinstance(node, Name):
                    node = Name(node.start, name.end, [*node.parts, name.value])
                else:
                    node = Member(node.start, name.end, node, name.value, name.start)
            elif self.at("op", "("):
                node = self.call(node)
            else:
                return node

    def call(self, callee: Node) -> Node:
        open_ = self.next()
        self.nest(open_)
        self.opens.append(open_)
        args: list[Node] = []
        kwargs: list[Keyword] = []
        while not self.at("op", ")"):
            if self.at("eof"):
                raise self.fail(open_, "unclosed `(`; add `)`")
            t = self.tok
            if t.kind == "name" and self.toks[self.i + 1].kind == "op" and (
                self.toks[self.i + 1].value == "="
            ):
                self.i += 2
                value = self.or_expr()
                if any(k.name == t.value for k in kwargs):
                    raise self.fail(t, f"argument `{t.value}` is given twice")
                kwargs.append(Keyword(t.start, value.end, t.value, value))
            else:
                value = self.or_expr()
                if kwargs:
                    raise CompileError(Diagnostic(ERROR,
                        "an argument without a name cannot follow a named one",
                        self.span_of(value.start, value.end)))  # fmt: skip
                args.append(value)
            if self.at("op", ","):
                self.next()
            elif not self.at("op", ")"):
                if self.at("eof"):
                    raise self.fail(open_, "unclosed `(`; add `)`")
                raise self.fail(self.tok, "expected `,` or `)` between arguments")
        close = self.next()
        self.opens.pop()
        self.depth -= 1
        return Call(callee.start, close.end, callee, args, kwargs)

    def primary(self) -> Node:
        t = self.tok
        if t.kind in _LIT:
            self.next()
            return Literal(t.start, t.end, _LIT[t.kind], t.value, t.raw)
        if t.kind == "op" and t.value == "-":
            self.next()
            n = self.tok
            if n.kind in _NUMERIC and n.start == t.end:
                self.next()
                return Literal(t.start, n.end, _LIT[n.kind], -n.value, "-" + n.raw)
            raise self.fail(t, "`-` may only stand before a number, as in `-5`")
        if t.kind == "name":
            self.next()
            if t.value in ("true", "false"):
                return Literal(t.start, t.end, "bool", t.value == "true", t.value)
            if t.value in KEYWORDS:
                raise self.fail(t, f"expected a value before `{t.value}`")
            return Name(t.start, t.end, [t.value])
        if t.kind == "op" and t.value == "(":
            self.next()
            self.nest(t)
            self.opens.append(t)
            inner = self.or_expr()
            if not self.at("op", ")"):
                if self.at("eof"):
                    raise self.fail(t, "unclosed `(`; add `)`")
                raise self.unexpected(self.tok)
            self.next()
            self.opens.pop()
            self.depth -= 1
            return inner
        if t.kind == "op" and t.value == "[":
            return self.list_expr()
        raise self.missing_value(t)

    def list_expr(self) -> Node:
        open_ = self.next()
        self.nest(open_)
        items: list[Node] = []
        while not self.at("op", "]"):
            if self.at("eof"):
                raise self.fail(open_, "unclosed `[`; add `]`")
            items.append(self.or_expr())
            if self.at("op", ","):
                self.next()
            elif not self.at("op", "]"):
                if self.at("eof"):
                    raise self.fail(open_, "unclosed `[`; add `]`")
                raise self.fail(self.tok, "expected `,` or `]` between list items")
        close = self.next()
        self.depth -= 1
        return ListExpr(open_.start, close.end, items)

    # -- messages --------------------------------------------------------------
    def src(self, node: Node) -> str:
        return self.text[node.start : node.end]

    def word_operator(self, left: Node, t: Token) -> CompileError:
        """Words other languages compare with (`is`, `contains`, `between`) -> ours."""
        word, what = t.value, self.src(left)
        if word == "is":
            neg = self.toks[self.i + 1].kind == "name" and self.toks[self.i + 1].value == "not"
            op = "!=" if neg else "=="
            end = self.toks[self.i + 1] if neg else t
            return self.fail(Token("name", word, t.start, end.end), f"use `{op}` instead of "
                             f"`{'is not' if neg else 'is'}`")  # fmt: skip
        if word in _FIND_WORDS:
            self.next()
            right = self.postfix()
            return self.fail(t, f"there is no `{word}`; to look for a value, write "
                                f"`{self.src(right)} in {what}`")  # fmt: skip
        if word == "between":
            self.next()
            low = self.postfix()
            if self.at_word("and"):
                self.next()
                high = self.postfix()
                return self.fail(t, f"there is no `between`; write `{what} >= {self.src(low)} "
                                    f"and {what} <= {self.src(high)}`")  # fmt: skip
        return self.fail(t, f"there is no `between`; write `{what} >= A and {what} <= B`")

    def missing_value(self, t: Token) -> CompileError:
        p = self.prev()
        after = f" after `{p.raw or p.value}`" if p is not None else ""
        if t.kind == "eof":
            return self.fail(p or t, f"the condition ends too early; expected a value{after}")
        if t.kind == "op" and t.value == ")":
            closes = "this `)` closes nothing; remove it"
            return self.fail(t, closes if not self.opens else f"expected a value{after}")
        if t.kind == "op" and t.value == "]":
            return self.fail(t, "this `]` closes nothing; remove it")
        if t.kind == "op" and t.value == "=":
            return self.fail(t, "use `==` to compare, not `=`")
        return self.fail(t, f"expected a value{after}, found `{t.raw or t.value}`")

    def unexpected(self, t: Token) -> CompileError:
        if t.kind == "op" and t.value == ")":
            return self.fail(t, "this `)` closes nothing; remove it")
        if t.kind == "op" and t.value == "]":
            return self.fail(t, "this `]` closes nothing; remove it")
        p = self.prev()
        if p is not None and p.kind == "name" and p.value.lower() == "not" and p.value != "not":
            return self.fail(p, "keywords are lowercase; did you mean `not`?")
        if t.kind == "name":
            low = t.value.lower()
            if low in KEYWORDS and low != t.value:
                return self.fail(t, f"keywords are lowercase; did you mean `{low}`?")
            if p is not None and p.kind == "num":
                fix = f"{p.raw}{t.value}" if t.value in UNITS else known_unit(p.raw, t.value)
                if fix is not None:
                    kind = "percent" if fix.endswith("%") else "duration"
                    return self.fail(Token("num", 0, p.start, t.end),
                                     f"write a {kind} without a space, as in `{fix}`")
                if low in _COUNT_WORDS:
                    return self.fail(t, f"a count is a plain number; remove `{t.value}`")
        shown = t.raw or t.value
        return self.fail(t, f"expected `and`, `or` or the end of the condition, found `{shown}`")
