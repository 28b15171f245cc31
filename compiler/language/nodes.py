"""The syntax tree of a `when:` condition; every node keeps its offsets into the condition text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(eq=False)
class Node:
    start: int
    end: int


@dataclass(eq=False)
class Literal(Node):
    type: str  # duration | percent | number | string | bool
    value: Any
    raw: str


@dataclass(eq=False)
class ListExpr(Node):
    items: list[Node] = field(default_factory=list)


@dataclass(eq=False)
class Name(Node):
    """A dotted name: a signal (`page.dwell`), a moment (`moment.x`) or a function's name."""

    parts: list[str] = field(default_factory=list)

    @property
    def dotted(self) -> str:
        return ".".join(self.parts)


@dataclass(eq=False)
class Keyword(Node):
    name: str
    value: Node


@dataclass(eq=False)
class Call(Node):
    callee: Node
    args: list[Node] = field(default_factory=list)
    kwargs: list[Keyword] = field(default_factory=list)


@dataclass(eq=False)
class Member(Node):
    """`.dwell` after a call, as in `section("#reviews").dwell`."""

    obj: Node
    name: str
    name_start: int


@dataclass(eq=False)
class BoolOp(Node):
    op: str  # and | or
    args: list[Node] = field(default_factory=list)


@dataclass(eq=False)
class Not(Node):
    arg: Node


@dataclass(eq=False)
class Compare(Node):
    op: str  # == != < <= > >= in | not in
    left: Node
    right: Node
    op_start: int
    op_end: int
