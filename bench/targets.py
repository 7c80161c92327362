"""Issue #9's performance targets, measured in one run.

Run: ``python bench/targets.py [--rounds 3] [-n 2000] [--forks 500] [--seconds 3]``.
Prints, each the median of ``--rounds`` measurements taken back to back:

- (a) a replication of each bundled scenario in raw-SimPy-timeout units (CPU time, see
  ``replications.py``) and, for the poisoning night, as a multiple of the bare SimPy
  model drawing from the same named streams (target <= 1.5x);
- (b) ``n`` replications on 2 worker processes against 1, wall time and from CPU times
  (target >= 1.8x);
- (c) a fork of ``--forks`` replications from T+20 on 2 workers, wall time and from CPU
  times (target < 2 s);
- (d) peak RSS growth of the aggregation from 10,000 to 100,000 rows (target < 50 MB);

and the load average before and after: with more runnable processes than cores, the wall
times of (b) and (c) measure the machine's other work as much as drillsim. Under the
kernel's autogroup scheduling (``/proc/sys/kernel/sched_autogroup_enabled``) a session's
processes share one slice of a busy machine, so 2 workers get no more CPU than 1: (b) is
then also given from CPU times (see ``stress.speedup``).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable

from replications import BUNDLED, _units, bare_rate, replication_rate
from stress import console_forecast_walls, fork_wall, rss_growth, speedup

from scoring.replication import measure
from sim import Loaded, load
from sim.runner import Study
from tui.console.forecast import pool_size


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("-n", type=int, default=2000, help="replications for (b)")
    parser.add_argument("--forks", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=3.0, help="CPU seconds per (a) figure")
    parser.add_argument("--only", default="abcd", help="the targets to measure, e.g. bc")
    args = parser.parse_args()
    print(load_average())
    if "a" in args.only:
        replications(args.seconds, args.rounds)
    loaded = load(BUNDLED / "poisoning.yaml")
    study = Study(loaded.scenario, (loaded.plan,), measure, root=1)
    if "b" in args.only:
        workers(study, args.n, args.rounds)
    if "c" in args.only:
        forks(loaded, args.forks, args.rounds)
    if "d" in args.only:
        small, large = rss_growth(study, 2000)
        print(
            f"(d) aggregation peak RSS {small:.1f} MB after 10,000 rows, {large:.1f} MB after "
            f"100,000: growth {large - small:.1f} MB (target < 50 MB)"
        )
    print(load_average())


def replications(seconds: float, rounds: int) -> None:
    units: dict[str, float] = {}
    for name in ("poisoning", "pipeline", "waterworks"):
        rate: Callable[[], float] = lambda name=name: replication_rate(name, seconds)[0]  # noqa: E731
        units[name] = median(_units(rate, seconds, rounds))
    bare = median(_units(lambda: bare_rate(seconds, False), seconds, rounds))
    for name, value in units.items():
        print(f"(a) {name}: {value:,.0f} raw-SimPy-timeout units per replication")
    print(
        f"(a) bare SimPy model (same named streams): {bare:,.0f} units; poisoning costs "
        f"{units['poisoning'] / bare:.2f}x (target <= 1.5x)"
    )


def workers(study: Study, n: int, rounds: int) -> None:
    times = [speedup(study, n) for _ in range(rounds)]
    ratios = [one / two for one, two, _ in times]
    by_cpu = [cpu for _, _, cpu in times]
    print(
        f"(b) {n} replications, 2 workers against 1: {median(ratios):.2f}x wall "
        f"(rounds {', '.join(f'{r:.2f}' for r in ratios)}), {median(by_cpu):.2f}x from CPU "
        f"times (rounds {', '.join(f'{r:.2f}' for r in by_cpu)}); target >= 1.8x"
    )


def forks(loaded: Loaded, count: int, rounds: int) -> None:
    runs = [fork_wall(loaded, count) for _ in range(rounds)]
    walls = [wall for wall, _ in runs]
    cpus = [cpu for _, cpu in runs]
    print(
        f"(c) fork of {count} from T+20 on 2 workers: {median(walls):.1f} s wall "
        f"(rounds {', '.join(f'{w:.1f}' for w in walls)}), {median(cpus):.1f} s from CPU "
        f"times (rounds {', '.join(f'{c:.1f}' for c in cpus)}); target < 2 s"
    )
    start, first, later = console_forecast_walls(loaded, count)
    print(
        f"(c) the console's forecast of {count} (its own pool of {pool_size()} workers at a "
        f"lower priority): pool started in {start:.1f} s while the dialog is open, then "
        f"{first:.1f} s from T+20 and {later:.1f} s from T+25 on the pool it keeps"
    )


if __name__ == "__main__":
    main()
