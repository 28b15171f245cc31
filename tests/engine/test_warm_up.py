"""The worker runs the engine's warm-up again before it says ready (runtime/engine/worker.js),
on an engine the build snapshotted right after one warm-up. Running it more often must change
nothing the kernel can see: not the engine's incremental state, not the mirror's signals, not
a single reply to the shared cases that follow."""

import json
import types
from contextlib import contextmanager

from kairos_engine import boundary
from kairos_engine.engine import Engine
from kairos_engine.render import Renderer

from compiler.language.driver import compile_rules
from tests.cases.runner import RULES, updates


@contextmanager
def serving(engine: Engine):
    """`engine` as the boundary's, with the boundary's own state put back after."""
    saved = boundary._engine, boundary._last, boundary._last_signals
    boundary._engine = engine
    try:
        yield
    finally:
        boundary._engine, boundary._last, boundary._last_signals = saved


def after_warm_ups(count: int, snippets_dir) -> tuple:
    """What the kernel could see of a fresh engine over the cases' rules, warmed `count` times."""
    module = types.ModuleType("kairos_rules_warm")
    exec(compile_rules([str(RULES)]).module_source, module.__dict__)  # noqa: S102
    engine = Engine(module, Renderer(snippets_dir))
    with serving(engine):
        for _ in range(count):
            boundary.warm_up()
        state = (list(engine.truth), engine.last, boundary._last_signals)
        mirror = json.loads(boundary.handle('{"type": "mirror", "seq": 1}'))
        replies = []
        for _, update, _ in updates():
            reply = json.loads(boundary.handle(json.dumps(update)))
            reply.pop("engine_ms", None)  # a timing
            replies.append(reply)
    return state, mirror, replies


def test_warming_the_engine_again_changes_nothing_the_kernel_sees(snippets_dir):
    as_built = after_warm_ups(1, snippets_dir)  # the build's warm-up, before its snapshot
    in_the_browser = after_warm_ups(1 + 3, snippets_dir)  # and the worker's, before ready
    assert in_the_browser == as_built
    _, _, replies = as_built
    assert any(reply["decisions"] for reply in replies), "the cases decide something"
