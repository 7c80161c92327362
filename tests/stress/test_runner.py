"""Replications on any executor give the same aggregates; failures and Ctrl-C are honest."""

from __future__ import annotations

import functools
import os
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path

import pytest

from scoring.replication import measure
from sim import EventLog, Loaded, Plan, Scenario
from sim.runner import Row, Study, replicate
from sim.stats import Summary


def aggregate(
    study: Study, n: int, executor: Executor | None = None, **kw: object
) -> tuple[Summary, object]:
    summary = Summary()

    def consume(rep: int, row: Row) -> bool:
        summary.add(row)
        return True

    progress = replicate(study, n, consume, executor=executor, workers=2, **kw)  # type: ignore[arg-type]
    return summary, progress


def test_serial_and_process_pool_give_identical_aggregates(poisoning: Loaded) -> None:
    study = Study(poisoning.scenario, (poisoning.plan,), measure, root=5)
    serial, _ = aggregate(study, 9)
    with ProcessPoolExecutor(max_workers=2) as pool:
        pooled, progress = aggregate(study, 9, pool, batch_size=2)
    assert serial == pooled
    assert progress.done == 9 and not progress.partial  # type: ignore[attr-defined]


def test_dask_local_cluster_gives_identical_aggregates(poisoning: Loaded) -> None:
    distributed = pytest.importorskip("distributed")
    study = Study(poisoning.scenario, (poisoning.plan,), measure, root=5)
    serial, _ = aggregate(study, 6)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        dasked, _ = aggregate(study, 6, client.get_executor(pure=False), batch_size=2)
    assert serial == dasked


def dying_measure(marker: str, parent: int, log: EventLog, scenario: Scenario, plan: Plan) -> Row:
    """Kills the worker process that measures it, once."""
    if os.getpid() != parent and not os.path.exists(marker):
        Path(marker).write_text("died", encoding="utf-8")
        os._exit(1)
    return measure(log, scenario, plan)


def test_a_killed_worker_is_recovered_from(poisoning: Loaded, tmp_path: Path) -> None:
    plain = Study(poisoning.scenario, (poisoning.plan,), measure, root=2)
    expected, _ = aggregate(plain, 7)
    marker = str(tmp_path / "died")
    study = Study(
        poisoning.scenario,
        (poisoning.plan,),
        functools.partial(dying_measure, marker, os.getpid()),
        root=2,
    )
    got, progress = aggregate(
        study, 7, None, make_executor=lambda: ProcessPoolExecutor(max_workers=2), batch_size=2
    )
    assert Path(marker).exists()
    assert progress.recovered_batches >= 1  # type: ignore[attr-defined]
    assert got == expected and not progress.partial  # type: ignore[attr-defined]


def test_ctrl_c_ends_with_a_partial_result(poisoning: Loaded) -> None:
    study = Study(poisoning.scenario, (poisoning.plan,), measure)
    summary = Summary()

    def consume(rep: int, row: Row) -> bool:
        if rep == 3:
            raise KeyboardInterrupt
        summary.add(row)
        return True

    progress = replicate(study, 10, consume)
    assert progress.partial and progress.reason == "interrupted"
    assert summary.n == 3


def test_replications_match_single_runs_of_their_streams(poisoning: Loaded) -> None:
    """Replication i of root s is the run on Streams(s, i), whatever the batch."""
    from sim import Engine
    from sim.streams import Streams

    study = Study(poisoning.scenario, (poisoning.plan,), measure, root=9)
    log = Engine(poisoning.scenario, poisoning.plan, Streams(9, 4)).run()
    assert study.replication(4) == measure(log, poisoning.scenario, poisoning.plan)
