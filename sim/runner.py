"""Replications of a run: stress tests on any executor, and forecasts from a drill's state.

``fork(scenario, plan, decisions, at_min, seeds)`` replays the run exactly up to
``at_min`` (same seed, same decisions, so the same events), then continues each
replication under fresh random streams: "what happens from here" during a drill.
``branch(scenario, plan, seed, decisions, at_min, changes)`` is the other fork, "what
if": the same seed with the journal rewound to ``at_min`` and changed there.
"""

from __future__ import annotations

import hashlib
import math
import os
import pickle
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Executor, Future, wait
from dataclasses import dataclass
from typing import Any

from sim.decisions import Decision
from sim.engine import Engine
from sim.events import Event, EventLog
from sim.plan import Plan
from sim.scenario import Scenario
from sim.streams import Streams


def fork_streams(seed: int, at_min: float) -> Streams:
    """Fresh streams for the future after ``at_min`` of fork replication ``seed``.

    The domain names the fork point, so a fork's streams never repeat the base run's.
    """
    return Streams(seed, 0, domain=f"fork@{at_min!r}")


def fork_one(
    scenario: Scenario,
    plan: Plan,
    decisions: Sequence[Decision],
    at_min: float,
    seed: int,
    *,
    base_seed: int = 0,
    future: Streams | None = None,
) -> EventLog:
    """One forecast: the base run up to ``at_min``, then fresh streams from ``seed``
    (or the given ``future`` streams)."""
    if at_min < 0:
        raise ValueError(f"a fork starts at a time from the accident, found {at_min}")
    engine = Engine(scenario, plan, base_seed, decisions)
    engine.start()
    if not engine.advance(at_min):
        engine.reseed(future or fork_streams(seed, at_min))
        engine.advance()
    return engine.finish()


def fork(
    scenario: Scenario,
    plan: Plan,
    decisions: Iterable[Decision],
    at_min: float,
    seeds: Iterable[int],
    *,
    base_seed: int = 0,
) -> Iterator[EventLog]:
    """Forecasts from the state at ``at_min`` of the run on ``base_seed``, one per seed."""
    journal = list(decisions)
    for seed in seeds:
        yield fork_one(scenario, plan, journal, at_min, seed, base_seed=base_seed)


# --- rewind and branch -------------------------------------------------------------


def rewound(
    decisions: Sequence[Decision],
    at_min: float,
    changes: Sequence[Decision],
    *,
    keep_later: bool = True,
) -> list[Decision]:
    """The journal of a branch from ``at_min``: the decisions taken before it, then
    ``changes`` (at ``at_min``), then, with ``keep_later``, the decisions taken from
    ``at_min`` on, in time order (the order the engine replays them in)."""
    before = [d for d in decisions if d.t < at_min]
    later = [d for d in decisions if d.t >= at_min] if keep_later else []
    return sorted([*before, *changes, *later], key=lambda d: d.t)


def branch(
    scenario: Scenario,
    plan: Plan,
    seed: int,
    decisions: Sequence[Decision],
    at_min: float,
    changes: Sequence[Decision],
    *,
    keep_later: bool = True,
) -> EventLog:
    """What would have happened: the run on the same seed (the same random numbers, so
    only the decisions differ) of the journal rewound to ``at_min`` with ``changes``.
    Up to ``at_min`` it is the run of the journal, event for event."""
    journal = rewound(decisions, at_min, changes, keep_later=keep_later)
    return Engine(scenario, plan, seed, journal).run()


def first_difference(a: EventLog, b: EventLog) -> tuple[Event | None, Event | None] | None:
    """The first records where two runs part, the decisions themselves left aside (so it
    is the first consequence of a change); None when they never do. Either side is None
    when that run ended first."""
    left = [e for e in a if e.kind != "decision"]
    right = [e for e in b if e.kind != "decision"]
    for x, y in zip(left, right, strict=False):
        if _comparable(x) != _comparable(y):
            return x, y
    if len(left) == len(right):
        return None
    n = min(len(left), len(right))
    return (left[n] if n < len(left) else None), (right[n] if n < len(right) else None)


def _comparable(e: Event) -> tuple[object, ...]:
    """A record without its sequence number (a branch's decisions shift the numbering)."""
    d = e.to_dict()
    d.pop("seq")
    return tuple(sorted((k, repr(v)) for k, v in d.items()))


# --- many replications -------------------------------------------------------------

Row = dict[str, float | None]
"""One replication's measures (KPI values, flags as 0/1, None when it never happened)."""
Measure = Callable[[EventLog, Scenario, Plan], Row]
"""Turns a replication's log into its row; a module-level function, so it pickles."""


@dataclass(frozen=True)
class Study:
    """What every replication of a stress test shares.

    Replication ``rep`` runs each plan revision on ``Streams(root, rep)``: common random
    numbers, so revisions differ only by what the plans do. With several revisions the
    row's columns are prefixed ``"0/"``, ``"1/"``... With ``at_min`` a replication is a
    forecast: the run on ``base_seed`` with ``decisions`` up to ``at_min``, then its own
    streams.
    """

    scenario: Scenario
    plans: tuple[Plan, ...]
    measure: Measure
    root: int = 0
    decisions: tuple[Decision, ...] = ()
    at_min: float | None = None
    base_seed: int = 0

    def _log(self, plan: Plan, rep: int) -> EventLog:
        if self.at_min is None:
            return Engine(self.scenario, plan, Streams(self.root, rep), self.decisions).run()
        future = Streams(self.root, rep, domain=f"fork@{self.at_min!r}")
        return fork_one(
            self.scenario,
            plan,
            self.decisions,
            self.at_min,
            rep,
            base_seed=self.base_seed,
            future=future,
        )

    def replication(self, rep: int) -> Row:
        if len(self.plans) == 1:
            plan = self.plans[0]
            return self.measure(self._log(plan, rep), self.scenario, plan)
        row: Row = {}
        for i, plan in enumerate(self.plans):
            for key, value in self.measure(self._log(plan, rep), self.scenario, plan).items():
                row[f"{i}/{key}"] = value
        return row


def run_batch(study: Study | bytes, start: int, stop: int) -> list[Row]:
    """Replications ``start`` to ``stop - 1``: the unit of work sent to an executor.

    The study may come pickled (``replicate`` pickles it once, not once per task): a
    worker unpickles each distinct study once and keeps it, so what a scenario sets up
    once (its travel table, say) serves every batch the worker runs.
    """
    work: Study = unpickled(study) if isinstance(study, bytes) else study
    return [work.replication(rep) for rep in range(start, stop)]


_KEPT: dict[bytes, Any] = {}
"""A worker's unpickled work (studies, forecasts) by the digest of its pickle (the last
few only)."""


def unpickled(blob: bytes) -> Any:
    """``pickle.loads(blob)``, once per worker: the same pickle sent again (each batch of a
    study, each chunk of a forecast) gives the same objects, with what their
    replications have set up once (a travel table, a plan's map) already done."""
    kept = _KEPT.get(hashlib.sha256(blob).digest())
    if kept is None:
        kept = pickle.loads(blob)
        _keep(blob, kept)
    return kept


def _keep(blob: bytes, obj: Any) -> None:
    """Keep ``obj`` as the one its pickle ``blob`` stands for. A worker process forked
    after this (a process pool's default on Linux) has it already: the same objects,
    with the set-up their replications have cached, so its first batch starts warm."""
    if len(_KEPT) >= 4:
        _KEPT.pop(next(iter(_KEPT)))
    _KEPT[hashlib.sha256(blob).digest()] = obj


@dataclass
class Progress:
    """Where a set of replications stands; ``partial`` when it ended before its end."""

    requested: int
    done: int = 0
    partial: bool = False
    stopped_early: bool = False
    recovered_batches: int = 0
    batch_size: int = 1
    workers: int = 1
    seconds: float = 0.0
    reason: str | None = None


Consume = Callable[[int, Row], bool]
"""Receives rows in replication order; returns False to stop (enough replications)."""


def default_workers() -> int:
    """A process pool sized to the machine (the CPUs this process may use)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


TASK_SECONDS = 1.0
"""Aim for batches of about a second of work: a task's overhead (pickling the scenario and
plan, a round trip to a worker, a few milliseconds) then stays under 1 %."""


def batch_size_for(seconds_per_rep: float, requested: int, workers: int) -> int:
    """Replications per task: about ``TASK_SECONDS`` of work, yet enough tasks to keep
    every worker busy (at least four per worker) when the study is short."""
    by_time = max(1, math.ceil(TASK_SECONDS / max(seconds_per_rep, 1e-6)))
    by_share = max(1, math.ceil(requested / (4 * workers)))
    return max(1, min(by_time, by_share))


def replicate(
    study: Study,
    requested: int,
    consume: Consume,
    *,
    executor: Executor | None = None,
    make_executor: Callable[[], Executor] | None = None,
    workers: int = 1,
    batch_size: int | None = None,
    on_progress: Callable[[Progress], None] | None = None,
) -> Progress:
    """Run replications 0..requested-1 and hand their rows to ``consume`` in order.

    Serial without an executor. With one, tasks of ``batch_size`` replications are kept
    in flight (a bounded window, so memory stays flat); rows are passed on in replication
    order whatever order the tasks finish in, so aggregates are identical on any executor.
    When a worker dies (``BrokenExecutor``), ``make_executor`` gives a fresh executor and
    the unfinished batches are run again. Ctrl-C ends with the rows so far and ``partial``.
    """
    progress = Progress(requested=requested, workers=workers)
    started = time.perf_counter()

    def tick() -> None:
        progress.seconds = time.perf_counter() - started
        if on_progress is not None:
            on_progress(progress)

    try:
        if requested <= 0:
            return progress
        # Replications 0 and 1 run here: the second, with the first's one-off set-up behind
        # it, times a replication for the batch size.
        warm = 0.0
        for rep in range(min(2, requested)):
            began = time.perf_counter()
            row = study.replication(rep)
            warm = time.perf_counter() - began
            progress.done = rep + 1
            go_on = consume(rep, row)
            tick()
            if not go_on:
                progress.stopped_early = True
                return progress
        first = progress.done
        if executor is None and make_executor is None:
            progress.batch_size = 1
            for rep in range(first, requested):
                row = study.replication(rep)
                progress.done = rep + 1
                go_on = consume(rep, row)
                tick()
                if not go_on:
                    progress.stopped_early = True
                    break
            return progress
        if first >= requested:
            return progress
        size = batch_size or batch_size_for(warm, requested, workers)
        progress.batch_size = size
        _run_parallel(
            study, first, requested, consume, executor, make_executor, workers, size, progress, tick
        )
        return progress
    except KeyboardInterrupt:
        progress.partial = True
        progress.reason = "interrupted"
        return progress
    finally:
        progress.seconds = time.perf_counter() - started
        if progress.done < requested and not progress.stopped_early:
            progress.partial = True
            progress.reason = progress.reason or "incomplete"


def _run_parallel(
    study: Study,
    first: int,
    requested: int,
    consume: Consume,
    executor: Executor | None,
    make_executor: Callable[[], Executor] | None,
    workers: int,
    size: int,
    progress: Progress,
    tick: Callable[[], None],
) -> None:
    owned = executor is None
    pool = executor if executor is not None else make_executor()  # type: ignore[misc]
    todo = [(start, min(start + size, requested)) for start in range(first, requested, size)]
    blob = pickle.dumps(study)
    # Workers forked from here on find the study itself, with what it set up already.
    _keep(blob, study)
    todo.reverse()  # pop() from the end gives the lowest start first
    window = max(2, 2 * workers)
    inflight: dict[Future[list[Row]], tuple[int, int]] = {}
    finished: dict[int, tuple[int, list[Row]]] = {}
    next_rep = first
    try:
        while todo or inflight:
            while todo and len(inflight) < window:
                start, stop = todo.pop()
                inflight[pool.submit(run_batch, blob, start, stop)] = (start, stop)
            done, _ = wait(list(inflight), return_when=FIRST_COMPLETED)
            broken = False
            for fut in done:
                start, stop = inflight.pop(fut)
                try:
                    finished[start] = (stop, fut.result())
                except BrokenExecutor:
                    broken = True
                    todo.append((start, stop))
            if broken:
                # Every batch still in flight on the broken executor is lost with it.
                lost = sorted(inflight.values(), reverse=True)
                todo.extend(lost)
                todo.sort(reverse=True)
                progress.recovered_batches += len(lost) + 1
                inflight.clear()
                if make_executor is None:
                    raise
                if owned:
                    pool.shutdown(wait=False, cancel_futures=True)
                pool, owned = make_executor(), True
            while next_rep in finished:
                stop, rows = finished.pop(next_rep)
                for offset, row in enumerate(rows):
                    rep = next_rep + offset
                    progress.done = rep + 1
                    if not consume(rep, row):
                        progress.stopped_early = True
                        return
                next_rep = stop
                tick()
    finally:
        for fut in inflight:
            fut.cancel()
        if owned:
            pool.shutdown(wait=not progress.stopped_early, cancel_futures=True)
