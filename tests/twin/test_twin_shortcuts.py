"""The twin's shortcuts equal what they stand for: the next view's signals, built from the
update's own snapshot, are the full snapshot state.js builds for it, key for key and in order,
and the products viewed this session, kept between updates or reused for the next view, are
those the record holds, on every timeline of the case file and on the shopper model's
visitors; the history's JSON count is json.dumps's length."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.cases.twin import run_twin, timelines


def _checked_next_views(monkeypatch) -> list:
    """Make every next view's signals compare themselves with the full snapshot."""
    from kairos_twin import state

    seen, lives = [], []
    shortcut, next_view = state.opening_signals, state.next_view

    def remembering(now, view, record, live, *rest):
        lives.append(live)
        return next_view(now, view, record, live, *rest)

    def compared(current, now, opened, with_view):
        fast = shortcut(current, now, opened, with_view)
        full = state.snapshot(now, opened, with_view, state._Opening(lives[-1]))  # noqa: SLF001
        assert list(fast) == list(full)
        assert json.dumps(fast) == json.dumps(full)
        assert [type(v) for v in fast.values()] == [type(v) for v in full.values()]
        seen.append(now)
        return fast

    def page_data(view, record, zone, derived=None):
        data = shortcut_data(view, record, zone, derived)
        assert data["viewed"] == state.viewed_this_session(record)  # derived, or the next view's reuse
        return data

    shortcut_data = state.page_data
    monkeypatch.setattr(state, "next_view", remembering)
    monkeypatch.setattr(state, "opening_signals", compared)
    monkeypatch.setattr(state, "page_data", page_data)
    return seen


def test_next_view_signals_equal_the_full_snapshot_on_the_case_file(monkeypatch, twin_renderer):
    seen = _checked_next_views(monkeypatch)
    for timeline in timelines():
        run_twin(timeline, twin_renderer)
    assert len(seen) >= 10


def test_next_view_signals_equal_the_full_snapshot_on_shoppers(monkeypatch):
    import analytics  # noqa: F401
    from analytics.simulate.engine import load_rules
    from analytics.simulate.run import Job, plan_partitions, run_partition
    from compiler.paths import ROOT

    seen = _checked_next_views(monkeypatch)
    catalog = json.loads((ROOT / "demo_site/catalog.json").read_text())
    job = Job(rules=load_rules([str(ROOT / "demo_site/rules")]), catalog=catalog, seed=3).keyed()
    for part in plan_partitions(1, 300, None):
        run_partition(job, part)
    assert len(seen) >= 300


_SCALARS = (st.none() | st.booleans() | st.integers(-2**70, 2**70)
            | st.floats(allow_nan=True, allow_infinity=True) | st.text())
_KEYS = st.text(max_size=5) | st.integers(-9, 9)  # json.dumps writes an int key as a string
_JSON = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4)
                     | st.dictionaries(_KEYS, inner, max_size=4), max_leaves=12)


@settings(max_examples=400, deadline=None)
@given(_JSON)
def test_json_chars_counts_what_json_dumps_writes(value):
    """The history's size bound counts JSON without writing it; the count is json.dumps's."""
    from kairos_twin.lib.history import json_chars

    assert json_chars(value) == len(json.dumps(value))


def test_the_next_view_reuses_this_sessions_products_only_when_its_entry_adds_none():
    """The next view of product A, when the last look this session was at B: A comes first."""
    from zoneinfo import ZoneInfo

    from kairos_twin import state

    def product(pid):
        return {"id": pid, "name": pid, "category": "packs", "currency": "USD", "price": 10, "rating": None,
                "review_count": None, "url": f"/{pid}", "image": None, "reviews": [], "guide": None}

    class Live:
        zone, timezone = ZoneInfo("UTC"), "UTC"

        @staticmethod
        def consent():
            return True

        @staticmethod
        def read_context():
            return {}

    now = 1_800_000_000_000
    record = {"visitor": "v", "sessions": [{"id": "s", "start": now - 9, "last": now - 5, "views": 2}],
              "views": [[now - 9, "/A", "A", "packs", "s"], [now - 5, "/B", "B", "packs", "s"]],
              "products": {pid: {**product(pid), "dwell": 0, "seen": now, "prices": [[now, 10]]}
                           for pid in "AB"},
              "exposures": {}, "cart": {}}
    view = {"start": now - 9, "url": "/A", "type": "product", "product": product("A"), "category": "packs",
            "stores": [], "currency": "USD", "productDwellBefore": 0, "lastPrice": None, "context": {}}
    derived: dict = {}
    assert [p["id"] for p in state.viewed_this_session(record, derived)] == ["B", "A"]
    upcoming = state.next_view(now, view, record, Live(), None, derived)
    assert [p["id"] for p in upcoming["viewed"]] == ["A", "B"]


def _checked_reads(monkeypatch) -> list:
    """Make every read that skips pruning check that pruning would have changed nothing."""
    import copy

    from kairos_twin.lib import history

    skipped = []
    load = history.History._load  # noqa: SLF001

    def compared(self, now):
        record, pruned = load(self, now)
        if not pruned:
            full = copy.deepcopy(record)
            assert not history.prune(full, now, self.retention_days)
            assert full == record
            skipped.append(now)
        return record, pruned

    monkeypatch.setattr(history.History, "_load", compared)
    return skipped


def test_reads_skip_only_prunes_that_change_nothing(monkeypatch, twin_renderer):
    import analytics  # noqa: F401
    from analytics.simulate.engine import load_rules
    from analytics.simulate.run import Job, plan_partitions, run_partition
    from compiler.paths import ROOT

    skipped = _checked_reads(monkeypatch)
    for timeline in timelines():
        run_twin(timeline, twin_renderer)
    catalog = json.loads((ROOT / "demo_site/catalog.json").read_text())
    job = Job(rules=load_rules([str(ROOT / "demo_site/rules")]), catalog=catalog, seed=3).keyed()
    for part in plan_partitions(1, 300, None):
        run_partition(job, part)
    assert len(skipped) >= 1000


def test_a_read_after_the_retention_window_moved_past_a_stamp_prunes_it():
    """One document open for weeks: each kind of stamp is dropped by the read that passes it."""
    import copy

    from kairos_twin.lib.history import DAY, History, prune
    from kairos_twin.lib.storage import Profile, Storage

    t = 1_800_000_000_000
    writes = {
        "views": lambda r: r["views"].append([t, "/a", None, None, "s"]),
        "sessions": lambda r: r["sessions"].append({"id": "s", "start": t, "last": t, "views": 1}),
        "exposures": lambda r: r["exposures"].setdefault("rule", []).append(t),
        # view.py's change clears what the history derived from its products, as here
        "products": lambda r: r["products"].update(p={"dwell": 0, "seen": t}) or derived.clear(),
        "cart": lambda r: r.update(cart={"p": {"id": "p", "price": 1, "quantity": 1}}, cartAt=t),
    }
    for kind, write in writes.items():
        history = History(Storage(Profile()), lambda: "id")
        derived = history.derived
        history.mutate(t, write)
        for day in (1, 29, 30, 31, 40):
            before = copy.deepcopy(history.storage.load("kairos:v1"))
            expected = copy.deepcopy(before)
            prune(expected, t + day * DAY + 1, 30)
            assert history.read(t + day * DAY + 1) == expected, (kind, day)
        assert history.read(t + 40 * DAY)[kind] in ([], {}), kind
