"""Throughput of the stress-test runner, as ratios measured in one run.

Run: ``python bench/stress.py [-n 400] [--forks 500]``. Prints:

- 2 worker processes against 1 (target >= 1.8x over 2,000 replications);
- a Dask ``LocalCluster`` of 2 workers against the process pool (target >= 90 %);
- a fork of ``--forks`` replications from T+20 on 2 workers, wall time (target < 2 s);
- peak RSS of the aggregation after ``n`` and ``10 n`` rows (target: < 50 MB growth
  from 10,000 to 100,000 replications; rows are replayed from real replications so
  that the aggregation, not the engine, is what is measured).

Absolute times on a shared machine are noise; the ratios are measured back to back.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path

import numpy as np

import scenarios
from scoring.replication import measure
from sim import Loaded, load
from sim.runner import Row, Study, replicate
from sim.stats import Summary

BUNDLED = Path(scenarios.__file__).parent


def timed(study: Study, n: int, **kw: object) -> float:
    summary = Summary()

    def consume(rep: int, row: Row) -> bool:
        summary.add(row)
        return True

    start = time.perf_counter()
    progress = replicate(study, n, consume, **kw)  # type: ignore[arg-type]
    assert progress.done == n and not progress.partial
    return time.perf_counter() - start


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pool(workers: int) -> Callable[[], Executor]:
    return lambda: ProcessPoolExecutor(max_workers=workers)


def cpu_seconds(who: int) -> float:
    use = resource.getrusage(who)
    return use.ru_utime + use.ru_stime


def speedup(study: Study, n: int) -> tuple[float, float, float]:
    """Wall seconds of ``n`` replications on 1 worker and on 2 worker processes, and the
    2 workers' speed-up from CPU times: the 1 worker's CPU seconds against this process's
    plus half the workers' (the wall time they would take on 2 cores of their own).

    The CPU figure is for machines where more processes do not get more cores: with the
    kernel's autogroup scheduling, every process of a terminal session shares one slice."""
    began = cpu_seconds(resource.RUSAGE_SELF)
    one = timed(study, n)
    one_cpu = cpu_seconds(resource.RUSAGE_SELF) - began
    began, children = cpu_seconds(resource.RUSAGE_SELF), cpu_seconds(resource.RUSAGE_CHILDREN)
    two = timed(study, n, make_executor=pool(2), workers=2)
    here = cpu_seconds(resource.RUSAGE_SELF) - began
    workers = cpu_seconds(resource.RUSAGE_CHILDREN) - children
    return one, two, one_cpu / (here + workers / 2)


def fork_wall(loaded: Loaded, forks: int) -> tuple[float, float]:
    """Wall seconds of ``forks`` forecasts from T+20 of the run on seed 1, on 2 workers,
    and from CPU times: this process's CPU seconds plus half the workers' (see ``speedup``)."""
    fork = Study(loaded.scenario, (loaded.plan,), measure, root=1, at_min=20.0, base_seed=1)
    began, children = cpu_seconds(resource.RUSAGE_SELF), cpu_seconds(resource.RUSAGE_CHILDREN)
    wall = timed(fork, forks, make_executor=pool(2), workers=2)
    here = cpu_seconds(resource.RUSAGE_SELF) - began
    workers = cpu_seconds(resource.RUSAGE_CHILDREN) - children
    return wall, here + workers / 2


def console_forecast_walls(loaded: Loaded, forks: int) -> tuple[float, float, float]:
    """Wall seconds of the console's own forecast path (``tui.console.forecast``: its
    spawned pool at a lower priority, chunks of pickled inputs, the forecast's outcomes
    only): starting the pool when the dialog opens, then ``forks`` forecasts from T+20,
    then as many from T+25 on the pool the console keeps."""
    from scoring.rules import default_rules
    from tui.console.forecast import executor, pool_size, ready, run_forecast

    rules = default_rules()
    began = time.perf_counter()
    ex = executor()
    try:
        for future in [ex.submit(ready) for _ in range(pool_size())]:
            future.result()
        started = time.perf_counter() - began
        walls = []
        for at in (20.0, 25.0):
            began = time.perf_counter()
            tally = run_forecast(loaded.scenario, loaded.plan, rules, [], at, forks, 1, pool=ex)
            assert tally.n == forks
            walls.append(time.perf_counter() - began)
    finally:
        ex.shutdown()
    return started, walls[0], walls[1]


def rss_growth(study: Study, n: int) -> tuple[float, float]:
    """Peak RSS (MB) after aggregating ``5 n`` rows, and after ``50 n``."""
    rows: list[Row] = []
    summary = Summary()
    replicate(study, 50, lambda rep, row: rows.append(row) is None)
    rng = np.random.default_rng(0)

    def jittered(i: int) -> Row:
        # Real rows, each value moved by up to +-5 %, so every row is new to the tallies.
        return {
            k: None if v is None else v * (1 + 0.1 * (rng.random() - 0.5))
            for k, v in rows[i % len(rows)].items()
        }

    for i in range(n * 5):
        summary.add(jittered(i))
    small = rss_mb()
    for i in range(n * 45):
        summary.add(jittered(i))
    return small, rss_mb()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=400, help="replications per measurement")
    parser.add_argument("--forks", type=int, default=500)
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args()
    loaded = load(BUNDLED / "poisoning.yaml")
    study = Study(loaded.scenario, (loaded.plan,), measure, root=1)

    one, two, by_cpu = speedup(study, args.n)
    print(
        f"{args.n} replications: 1 worker {one:.1f} s, 2 workers {two:.1f} s: {one / two:.2f}x "
        f"({by_cpu:.2f}x from CPU times)"
    )

    if not args.no_dask:
        from distributed import Client, LocalCluster

        with (
            LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            Client(cluster) as client,
        ):
            dask = timed(study, args.n, executor=client.get_executor(pure=False), workers=2)
        local = timed(study, args.n, make_executor=pool(2), workers=2)
        print(
            f"Dask LocalCluster {dask:.1f} s, process pool {local:.1f} s: "
            f"Dask at {local / dask:.0%} of the pool's throughput"
        )

    wall, by_cpu = fork_wall(loaded, args.forks)
    print(
        f"fork of {args.forks} replications from T+20 on 2 workers: {wall:.1f} s wall "
        f"({by_cpu:.1f} s from CPU times)"
    )

    small, large = rss_growth(study, args.n)
    print(
        f"aggregation peak RSS after {args.n * 5:,} rows {small:.1f} MB, "
        f"after {args.n * 50:,} rows {large:.1f} MB: growth {large - small:.1f} MB"
    )


if __name__ == "__main__":
    main()
