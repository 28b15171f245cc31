"""The Python/JS seam: JSON text in from the worker, JSON text out; nothing else crosses."""

import importlib
import json
import sys
import time
import types

from .engine import Engine
from .render import Renderer
from .snippet_data import data_for

_engine: Engine | None = None
_last_signals: dict | None = None  # what the engine last saw, for the kernel's mirror check
_last: tuple[dict, dict] | None = None  # the last update and the reply to it, for the debug overlay


def boot(snippets_dir: str | None = None) -> str:
    """Import the generated rules and templates once; reply with a `ready` message.

    Idempotent: after a memory snapshot is restored the engine is already booted (and the
    files it was booted from are not on the restored file system), so this only answers.
    """
    global _engine
    started = time.perf_counter()
    if _engine is not None:
        return json.dumps({"type": "ready", "rules": len(_engine.rules), "boot_ms": 0,
                           "snapshot": True})
    import kairos_rules
    import kairos_snippets

    directory = snippets_dir or kairos_snippets.__path__[0]
    _engine = Engine(kairos_rules, Renderer(directory))
    return json.dumps({"type": "ready", "rules": len(kairos_rules.RULES),
                       "boot_ms": round((time.perf_counter() - started) * 1000, 2)})


SAMPLE_PRODUCT = {
    "id": "SAMPLE", "name": "Sample", "category": "Sample", "price": 1.0, "currency": "USD",
    "rating": 4.5, "review_count": 1, "url": "/", "image": None,
    "reviews": [{"author": "A", "rating": 2, "title": "t", "body": "b fits", "date": "2026-01-01",
                 "helpful": 1}],
    "price_history": [{"ts": 0, "date": "2025-12-31", "price": 2.0}],
    "guide": {"title": "Guide", "url": "/guide"},
}
# An update in which every snippet has its data, so warming up renders every template.
SAMPLE_UPDATE = {
    "now": 0, "product": SAMPLE_PRODUCT, "currency": "USD", "category": "Sample",
    "signals": {"cart.count": 1, "cart.value": 0.5, "context.date": "2026-01-01",
                "context.weekday": "mon", "context.hour": 10,
                "section": {"#s": {"dwell": 60_000, "seen": True, "scroll": 100}}},
    "viewed": [{"id": "SAMPLE", "name": "Sample", "category": "Sample", "price": 1.0,
                "currency": "USD", "rating": 4.5, "review_count": 1, "url": "/", "image": "/i"},
               {"id": "OTHER", "name": "Other", "category": "Sample", "price": 2.0,
                "currency": "USD", "rating": 4.0, "review_count": 2, "url": "/o", "image": None}],
    "stores": [{"name": "Store", "address": "1 Main St", "url": "/s", "telephone": "1",
                "hours": [{"days": ["mon"], "opens": "09:00", "closes": "17:00"}], "pickup": True}],
    "formats": {"money": {"USD": {"prefix": "$", "suffix": "", "group": ",", "decimal": ".",
                                  "fraction": 2, "grouping": [3, 3]}}},
}
SAMPLE_PARAMS = {"review_popup": {"focus": "#s=fit"}, "exit_offer": {"code": "SAMPLE"},
                 "shipping_progress": {"show_reached": False}}


def warm_up() -> None:
    """Exercise every path once (each snippet's data and template, each rule evaluated, the
    error paths), so a memory snapshot taken after this holds every module the engine will
    ever import."""
    renderer = _engine.renderer
    for name in renderer.catalog:
        params = renderer.params(name, SAMPLE_PARAMS.get(name, {}))
        data = data_for(name, SAMPLE_UPDATE, params)
        if data is None:
            raise RuntimeError(f"warm-up: snippet `{name}` has no data in the sample update")
        renderer.render(name, params, SAMPLE_PRODUCT, None, data)
    handle(json.dumps({"now": 0, "signals": {}, "history": {}, "product": SAMPLE_PRODUCT}))
    handle("not json")
    # A template that raises is reported through jinja2.debug (Environment.handle_exception),
    # which Jinja2 imports only then; the restored engine has no Jinja2 files to import it
    # from, and reported ModuleNotFoundError instead of the template's own error.
    importlib.import_module("jinja2.debug")


def rewarm() -> None:
    """What the worker runs before it says ready (runtime/engine/worker.js): warm_up(), then the
    sample update decided with every rule evaluated (as a first update is), and everything the
    kernel can see put back as it was: the engine's incremental state, the mirror's signals,
    the overlay's last update. Raises what warm_up() raises."""
    global _last, _last_signals
    saved = (list(_engine.truth), _engine.last, _last, _last_signals)
    try:
        warm_up()
        _engine.last = None  # every rule, not only those whose signals changed since {}
        handle(json.dumps({**SAMPLE_UPDATE, "type": "update", "history": {}}))
    finally:
        _engine.truth, _engine.last, _last, _last_signals = saved


def debug(message: dict) -> dict:
    """The debug overlay's requests: `debug` brings its Python (kairos_debug, the generated
    kairos_terms), which is never part of a shopper's engine; `explain` answers with every
    rule's state and terms for the last update, or for the live `signals` the overlay sends
    (at its `now`, with the last update's history and decisions: nothing is decided)."""
    if message["type"] == "debug":
        for name, source in message["modules"]:  # in import order, packages first
            module = types.ModuleType(name)
            if name.endswith(".__init__"):
                name = module.__name__ = name.removesuffix(".__init__")
                module.__path__ = []
            module.__package__ = name if hasattr(module, "__path__") else name.rpartition(".")[0]
            sys.modules[name] = module
            exec(compile(source, f"<{name}>", "exec"), module.__dict__)  # noqa: S102
        loaded = [name for name, _ in message["modules"]]
        return {"type": "debug", "seq": message.get("seq"), "loaded": loaded}
    explain = sys.modules.get("kairos_debug.explain")
    if explain is None or _last is None:
        return {"type": "explain", "seq": message.get("seq"), "report": None}
    update, reply = _last
    if isinstance(message.get("signals"), dict):
        update = {**update, "signals": message["signals"], "now": message.get("now", update["now"])}
    report = explain.report(_engine, sys.modules["kairos_terms"], update, reply)
    return {"type": "explain", "seq": message.get("seq"), "report": report}


def handle(message: str) -> str:
    """One kernel message (JSON) -> the engine's reply (JSON). Never raises."""
    global _last_signals, _last
    started = time.perf_counter()
    try:
        update = json.loads(message)
        if _engine is None:
            raise RuntimeError("engine not booted")
        if update.get("type") == "mirror":
            return json.dumps({"type": "mirror", "seq": update.get("seq"), "signals": _last_signals})
        if update.get("type") in ("debug", "explain"):
            return json.dumps(debug(update), separators=(",", ":"))
        _last_signals = update["signals"]
        reply = _engine.decide(update)
        _last = (update, reply)
        reply["seq"] = update.get("seq")
        reply["reason"] = update.get("reason")
        # Time spent in Python for this update (parse, evaluate, render), for the benchmark.
        reply["engine_ms"] = round((time.perf_counter() - started) * 1000, 3)
    except Exception as error:  # the worker turns this into kairos:error, fail closed
        reply = {"type": "error", "message": f"engine: {error!r}", "rule": None, "where": None}
    return json.dumps(reply, separators=(",", ":"))
