"""`predict.NAME` in conditions: the name checked against the models found (models.py), and a
literal compared with it checked to be a probability (a plain number from 0 to 1)."""

from __future__ import annotations

from collections.abc import Callable

from .errors import did_you_mean, one_of
from .nodes import Literal, Name, Node


def reference(node: Name, models: dict, folders: list[str]) -> str | None:
    """What is wrong with `predict.NAME` (`node`), or None when NAME is a model."""
    if len(node.parts) != 2:
        example = f"predict.{next(iter(sorted(models)), 'add_to_cart')}"
        return f"write a prediction as `predict.NAME`, as in `{example}`"
    name = node.parts[1]
    if name in models:
        return None
    where = ", ".join(f"{f}/" for f in folders) or "models/"
    if models:
        hint = f"{did_you_mean(name, models)} (models in {where}: {one_of(sorted(models))})"
    else:
        hint = (f": no models in {where} (train one with `python build.py train --sessions N --target "
                f"EVENT -o models/{name}.json` beside the rule files, or pass --models DIR)")
    return f"unknown model `{name}` in `{node.dotted}`{hint}"


def literal(subject: Node, value: Node, src: Callable[[Node], str]) -> str | None:
    """What is wrong with `value` compared with `subject` if `subject` is `predict.NAME`: a
    percent, or a number outside 0..1 (a probability is a plain number from 0 to 1)."""
    if not (isinstance(subject, Name) and subject.parts[0] == "predict" and isinstance(value, Literal)):
        return None
    example = f"`{src(subject)} > 0.7`"
    if value.type == "percent":
        return (f"`{src(subject)}` is a probability from 0 to 1, not a percent; write "
                f"`{value.value / 100:g}` instead of `{src(value)}`")
    if value.type == "number" and not 0 <= value.value <= 1:
        guess = f"; did you mean `{value.value / 100:g}`?" if float(value.value).is_integer() and \
            1 < value.value <= 100 else f"; use a number from 0 to 1, as in {example}"
        return f"`{src(subject)}` is a probability from 0 to 1; `{src(value)}` is out of its range{guess}"
    return None
