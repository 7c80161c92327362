"""Issue #9's performance targets, measured in one run.

Run: ``python bench/targets.py [--rounds 3] [-n 2000] [--forks 500] [--seconds 3]``.
Prints, each the median of ``--rounds`` measurements taken back to back:

- (a) a replication of each bundled scenario in raw-SimPy-timeout units (CPU time, see
  ``replications.py``) and, for the poisoning night, as a multiple of the bare SimPy
  model drawing from the same named streams (target <= 1.5x);
- (b) ``n`` replications on 2 worker processes against 1, wall time (target >= 1.8x);
- (c) a fork of ``--forks`` replications from T+20 on 2 workers, wall time (target < 2 s);
- (d) peak RSS growth of the aggregation from ``5 n`` to ``50 n`` rows (target: < 50 MB
  from 10,000 to 100,000);

and the load average before and after: with more runnable processes than cores, the wall
times of (b) and (c) measure the machine's other work as much as drillsim.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable

from replications import BUNDLED, _units, bare_rate, replication_rate
from stress import fork_wall, rss_growth, speedup

from scoring.replication import measure
from sim import load
from sim.runner import Study


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
    args = parser.parse_args()
    print(load_average())

    units: dict[str, float] = {}
    for name in ("poisoning", "pipeline", "waterworks"):
        rate: Callable[[], float] = lambda name=name: replication_rate(name, args.seconds)[0]  # noqa: E731
        units[name] = median(_units(rate, args.seconds, args.rounds))
    bare = median(_units(lambda: bare_rate(args.seconds, False), args.seconds, args.rounds))
    for name, value in units.items():
        print(f"(a) {name}: {value:,.0f} raw-SimPy-timeout units per replication")
    print(
        f"(a) bare SimPy model (same named streams): {bare:,.0f} units; poisoning costs "
        f"{units['poisoning'] / bare:.2f}x (target <= 1.5x)"
    )

    loaded = load(BUNDLED / "poisoning.yaml")
    study = Study(loaded.scenario, (loaded.plan,), measure, root=1)
    times = [speedup(study, args.n) for _ in range(args.rounds)]
    ratios = [one / two for one, two in times]
    print(
        f"(b) {args.n} replications, 2 workers against 1: {median(ratios):.2f}x "
        f"(rounds {', '.join(f'{r:.2f}' for r in ratios)}; target >= 1.8x)"
    )

    walls = [fork_wall(loaded, args.forks) for _ in range(args.rounds)]
    print(
        f"(c) fork of {args.forks} from T+20 on 2 workers: {median(walls):.1f} s wall "
        f"(rounds {', '.join(f'{w:.1f}' for w in walls)}; target < 2 s)"
    )

    small, large = rss_growth(study, 2000)
    print(
        f"(d) aggregation peak RSS {small:.1f} MB after 10,000 rows, {large:.1f} MB after "
        f"100,000: growth {large - small:.1f} MB (target < 50 MB)"
    )
    print(load_average())


if __name__ == "__main__":
    main()
