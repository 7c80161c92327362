"""Replications per second of each bundled scenario, against raw SimPy speed.

Run: ``python bench/replications.py [--seconds S]``. The cost of one replication
is given in raw-SimPy-timeout units (how many bare ``env.timeout`` events the
same machine processes in the time one replication takes), so the figure can be
compared across machines: absolute times on shared machines are noise. Both are
measured in CPU time of this process, so that other work on a shared machine (a load
average above the number of cores) does not count against either.

For the poisoning scenario it also prices the hand-written bare SimPy model of
``bench/bare_simpy.py`` the same way and prints drillsim's cost as a multiple of it:
with the bare model drawing from the same named streams (like for like), and from one
generator (as most hand models do).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

import simpy
from bare_simpy import bare_key_times

import scenarios
from sim import load, simulate

BUNDLED = Path(scenarios.__file__).parent


def raw_simpy_rate(seconds: float) -> float:
    """Bare SimPy timeouts processed per second by one process in a loop."""
    count = 0
    env = simpy.Environment()

    def ticker() -> Generator[simpy.Event, Any, None]:
        nonlocal count
        while True:
            yield env.timeout(1)
            count += 1

    env.process(ticker())
    start = time.process_time()
    step = 20_000
    until = 0
    while time.process_time() - start < seconds:
        until += step
        env.run(until=until)
    return count / (time.process_time() - start)


def replication_rate(name: str, seconds: float) -> tuple[float, int]:
    loaded = load(BUNDLED / f"{name}.yaml")
    seed = 0
    events = 0
    start = time.process_time()
    while time.process_time() - start < seconds or seed < 5:
        events += len(simulate(loaded.scenario, loaded.plan, seed))
        seed += 1
    return seed / (time.process_time() - start), events // seed


def bare_rate(seconds: float, one_stream: bool) -> float:
    seed = 0
    start = time.process_time()
    while time.process_time() - start < seconds or seed < 5:
        bare_key_times(seed, one_stream=one_stream)
        seed += 1
    return seed / (time.process_time() - start)


def _units(rate: Callable[[], float], seconds: float, rounds: int) -> list[float]:
    """Raw-SimPy-timeout units of one replication, each round bracketed by raw measurements."""
    out: list[float] = []
    for _ in range(rounds):
        before = raw_simpy_rate(seconds / 2)
        r = rate()
        after = raw_simpy_rate(seconds / 2)
        out.append((before * after) ** 0.5 / r)
    return sorted(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0, help="time per measurement")
    parser.add_argument("--rounds", type=int, default=3, help="bracketed measurements each")
    args = parser.parse_args()
    for name in ("poisoning", "pipeline", "waterworks"):
        if not (BUNDLED / f"{name}.yaml").exists():
            continue
        units: list[float] = []
        for _ in range(args.rounds):
            before = raw_simpy_rate(args.seconds / 2)
            rate, events = replication_rate(name, args.seconds)
            after = raw_simpy_rate(args.seconds / 2)
            raw = (before * after) ** 0.5
            units.append(raw / rate)
            print(
                f"{name}: {rate:,.1f} replications/s ({events} log events each) between "
                f"{before:,.0f} and {after:,.0f} raw SimPy timeouts/s"
            )
        units.sort()
        print(
            f"{name}: one replication = {units[len(units) // 2]:,.0f} raw-SimPy-timeout units "
            f"(median of {len(units)}; range {units[0]:,.0f} to {units[-1]:,.0f})"
        )
        if name == "poisoning":
            ours = units[len(units) // 2]
            for one, label in ((False, "same named streams"), (True, "one generator")):
                bare = _units(
                    lambda one=one: bare_rate(args.seconds, one), args.seconds, args.rounds
                )
                mid = bare[len(bare) // 2]
                print(
                    f"bare SimPy model ({label}): {mid:,.0f} units (range {bare[0]:,.0f} to "
                    f"{bare[-1]:,.0f}); drillsim costs {ours / mid:.2f}x (target <= 1.5x)"
                )


if __name__ == "__main__":
    main()
