"""Many decisions at one instant: the cost must grow linearly, not quadratically.

    .venv/bin/python bench/same_instant.py [--small 200] [--large 2000] [--repeat 3]

A facilitator (or a script) may send one team the same order many times at the
same minute. Each case writes a journal of ``n`` dispatches of one team at
t = 5 min, then reads and replays it into the bundled poisoning
scenario. The processor time of each stage (best of ``--repeat``; the machine
may be shared, so wall time is noise) is printed with the ratio large/small:
linear work gives about large/small (10), quadratic work about its square (100).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import scenarios
from sim import load, load_decisions, simulate
from sim.decisions import Dispatch, DispatchArgs, append_decision

BUNDLED = Path(scenarios.__file__).parent
TEAM, TO = "mini_fire_team", "plant_gate"


def journal(folder: Path, n: int) -> Path:
    path = folder / f"dispatch-{n}.jsonl"
    for _ in range(n):
        d = Dispatch(t=5.0, command="dispatch", args=DispatchArgs(team=TEAM, to=TO))
        append_decision(path, d)
    return path


def best(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=200)
    parser.add_argument("--large", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    loaded = load(BUNDLED / "poisoning.yaml", BUNDLED / "poisoning-plan.yaml")
    assert TEAM in {t.id for t in loaded.plan.teams}
    assert TO in {loc.id for loc in loaded.scenario.site.locations}
    rows: dict[str, list[float]] = {"read the journal": [], "replay the run": []}
    with tempfile.TemporaryDirectory() as tmp:
        for n in (args.small, args.large):
            path = journal(Path(tmp), n)
            decisions = load_decisions(path)
            rows["read the journal"].append(best(lambda p=path: load_decisions(p), args.repeat))
            rows["replay the run"].append(
                best(
                    lambda d=decisions: simulate(loaded.scenario, loaded.plan, 1, d),
                    args.repeat,
                )
            )
    print(f"{'stage':<20}{args.small:>10} x{args.large:>10} x{'ratio':>8}")
    for stage, (small, large) in rows.items():
        print(f"{stage:<20}{small:>9.3f}s{large:>11.3f}s{large / small:>8.1f}")
    print(
        f"(linear: {args.large / args.small:.0f}, quadratic: {(args.large / args.small) ** 2:.0f})"
    )


if __name__ == "__main__":
    main()
