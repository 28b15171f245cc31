"""The worker warms the engine up before it says ready (runtime/engine/worker.js, three times
`boundary.rewarm()`), on an engine the build snapshotted right after one `warm_up()`, or, when
no snapshot could be used, on a freshly booted one. Either way it must change nothing the
kernel can see: not the engine's incremental state, not the mirror's signals, not a single
reply to the shared cases that follow."""

import json
import types
from contextlib import contextmanager

import pytest
from kairos_engine import boundary
from kairos_engine.engine import Engine
from kairos_engine.render import Renderer

from compiler.language.driver import compile_rules
from tests.cases.runner import RULES, updates


@contextmanager
def serving(engine: Engine):
    """`engine` as the boundary's, with the boundary's own state put back after."""
    saved = boundary._engine, boundary._last, boundary._last_signals
    boundary._engine, boundary._last, boundary._last_signals = engine, None, None
    try:
        yield
    finally:
        boundary._engine, boundary._last, boundary._last_signals = saved


def seen_by_the_kernel(build_warm_ups: int, rewarms: int, snippets_dir) -> tuple:
    """What the kernel could see of a fresh engine over the cases' rules, after the build's
    warm-ups and the worker's."""
    module = types.ModuleType("kairos_rules_warm")
    exec(compile_rules([str(RULES)]).module_source, module.__dict__)  # noqa: S102
    engine = Engine(module, Renderer(snippets_dir))
    with serving(engine):
        for _ in range(build_warm_ups):
            boundary.warm_up()
        for _ in range(rewarms):
            boundary.rewarm()
        last_update, last_reply = boundary._last or (None, {})  # the debug overlay's
        untimed = {key: value for key, value in last_reply.items() if key != "engine_ms"}
        state = (list(engine.truth), engine.last, boundary._last_signals, last_update, untimed)
        mirror = json.loads(boundary.handle('{"type": "mirror", "seq": 1}'))
        replies = []
        for _, update, _ in updates():
            reply = json.loads(boundary.handle(json.dumps(update)))
            reply.pop("engine_ms", None)  # a timing
            replies.append(reply)
    return state, mirror, replies


@pytest.mark.parametrize("build_warm_ups", [1, 0], ids=["from the snapshot", "from packages"])
def test_warming_the_engine_up_before_ready_changes_nothing_the_kernel_sees(snippets_dir, build_warm_ups):
    as_built = seen_by_the_kernel(build_warm_ups, 0, snippets_dir)
    in_the_browser = seen_by_the_kernel(build_warm_ups, 3, snippets_dir)
    assert in_the_browser == as_built
    _, _, replies = as_built
    assert any(reply["decisions"] for reply in replies), "the cases decide something"
