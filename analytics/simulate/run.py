"""Sessions in independent partitions -> one Tally, the same for any parallelism.

Generated visitors are planned up front (shoppers.model.plan: which visitors make up N
sessions, each seeded by its own index), cut into partitions of about PARTITION sessions, and
replayed in this process, in `workers` processes, or on a Dask cluster (`Client.map`); the
tallies are integer counters, so adding them up in any order gives the same totals. A traces
file is cut into partitions as it is read, so neither the file nor the results are held whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from multiprocessing import get_context

from analytics.shoppers import model
from analytics.shoppers.store import Store, make_store

from .engine import RuleSet
from .replay import replay
from .tally import Tally

PARTITION = 250  # sessions per partition: a few hundred ms of work, a small result


@dataclass(frozen=True)
class Job:
    """Everything a partition needs, picklable: the compiled rules, the catalog, the seed."""

    rules: RuleSet
    catalog: dict | None = None  # the catalog's JSON (generated visitors)
    pages: dict | None = None  # or the pages of a traces file
    seed: int = 1
    mix: dict | None = None
    key: str = field(default="", compare=False)

    def keyed(self) -> Job:
        text = json.dumps([self.rules.source, self.catalog, self.pages, self.seed, self.mix], sort_keys=True)
        return Job(self.rules, self.catalog, self.pages, self.seed, self.mix,
                   hashlib.sha256(text.encode()).hexdigest()[:16])


_READY: dict = {}  # job key -> (store, pages, make_engine): made once per process
# One partition at a time per process: the engine keeps per-update state in its module (ops'
# memo), and threads would not make pure Python faster anyway (a Dask worker with threads).
_LOCK = threading.Lock()


def _prepared(job: Job):
    ready = _READY.get(job.key)
    if ready is None:
        store: Store | None = make_store(job.catalog) if job.catalog is not None else None
        pages = store.pages if store else job.pages
        ready = _READY[job.key] = (store, pages, job.rules.engines())
        while len(_READY) > 4:
            _READY.pop(next(iter(_READY)))
    return ready


def run_partition(job: Job, part: list) -> Tally:
    """Replay one partition: [(visitor index, sessions), ...] of generated visitors, or trace
    objects from a file."""
    with _LOCK:
        return _replay_partition(job, part)


def _replay_partition(job: Job, part: list) -> Tally:
    store, pages, make_engine = _prepared(job)
    tally = Tally()
    for item in part:
        if store is not None:
            index, sessions = item
            trace = model.visitor(job.seed, index, store, sessions, job.mix).to_json()
        else:
            trace = item
        replay(trace, pages, job.rules, make_engine, tally)
    return tally


def plan_partitions(seed: int, sessions: int, mix: dict | None) -> list[list]:
    """The generated visitors for `sessions`, in partitions of about PARTITION sessions."""
    parts, part, size = [], [], 0
    for index, count in model.plan(seed, sessions, mix):
        part.append((index, count))
        size += count
        if size >= PARTITION:
            parts.append(part)
            part, size = [], 0
    if part:
        parts.append(part)
    return parts


def weight(part: list) -> int:
    """Sessions in a partition."""
    return sum(item[1] if isinstance(item, tuple) else len((item.get("truth") or {}).get("sessions") or [1])
               for item in part)


def run(job: Job, parts: Iterator[list], *, workers: int = 1, cluster=None,
        progress: Callable[[int], None] = lambda n: None) -> Tally:
    """Replay every partition of `parts` and add the tallies up; `progress(sessions)` after
    each partition. `cluster` is a dask.distributed Client; else `workers` processes."""
    job = job.keyed()
    total = Tally()
    if cluster is not None:
        return _on_dask(cluster, job, parts, total, progress)
    if workers <= 1:
        for part in parts:
            total.merge(run_partition(job, part))
            progress(weight(part))
        return total
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        running: dict = {}
        for part in parts:
            running[pool.submit(run_partition, job, part)] = weight(part)
            if len(running) >= 4 * workers:  # a window: partitions are read as they are needed
                _collect(running, total, progress, FIRST_COMPLETED)
        while running:
            _collect(running, total, progress, FIRST_COMPLETED)
    return total


def _collect(running: dict, total: Tally, progress, how) -> None:
    done, _ = wait(running, return_when=how)
    for future in done:
        total.merge(future.result())
        progress(running.pop(future))


def _on_dask(client, job: Job, parts: Iterator[list], total: Tally, progress) -> Tally:
    from dask.distributed import as_completed

    [remote_job] = client.scatter([job], broadcast=True)
    window = 4 * max(1, sum(client.nthreads().values()))
    pending = as_completed()
    sizes: dict = {}
    for part in parts:
        future = client.submit(run_partition, remote_job, part, pure=False)
        sizes[future.key] = weight(part)
        pending.add(future)
        if pending.count() >= window:
            _dask_one(pending, sizes, total, progress)
    while pending.count():
        _dask_one(pending, sizes, total, progress)
    return total


def _dask_one(pending, sizes: dict, total: Tally, progress) -> None:
    future = next(pending)
    total.merge(future.result())
    progress(sizes.pop(future.key))
    future.release()


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
