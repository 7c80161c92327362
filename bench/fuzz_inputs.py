"""Fuzz `validate` and `run` with mutants of the bundled files and journals.

    .venv/bin/python bench/fuzz_inputs.py [N=10000] [SEED=1] [--jobs 2] [--timeout 30]

Mutant i is drawn from its own generator, seeded (SEED, i), so any one can be
replayed alone (``--only i``). Each mutant runs ``validate`` then ``run`` in a
worker process, with ``--timeout`` seconds for each command (a SIGALRM in the
worker); a worker that prints nothing for twice as long (stuck where the alarm
cannot reach) is killed and the mutant counted as a hang.

Prints, for each mutation class, how many ran, were refused in words, ended in
a traceback, hung, or split validate from run ('disagree': validate says ok and
run refuses, or the reverse), and the mutation and detail of every one of the
last three. A healthy tree shows 0 tracebacks, 0 hangs and 0 disagreements.
"""

from __future__ import annotations

import argparse
import collections
import json
import selectors
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.mutants import mutant, outcome  # noqa: E402

CLASSES = ("ok", "refused", "traceback", "hang", "disagree")
HEADINGS = ("ran", "refused", "traceback", "hang", "disagree")


def family(what: str) -> str:
    """The campaign class of a mutation: 'plan:data:number:nan' -> 'number:nan'.

    Special files are one class whichever file they replace."""
    target, _, rest = what.partition(":")
    mode, _, kind = rest.partition(":")
    if target == "journal" and mode != "special":
        return "journal:" + rest
    return (mode + ":" if mode in ("text", "special") else "") + kind


def worker(indices: list[int], seed: int, seconds: int) -> None:
    for i in indices:
        print(json.dumps({"i": i, "started": True}), flush=True)
        m = mutant(np.random.default_rng([seed, i]))
        cls, detail = outcome(m, seconds=seconds)
        print(json.dumps({"i": i, "what": m.what, "cls": cls, "detail": detail}), flush=True)


def _spawn(indices: list[int], seed: int, seconds: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            __file__,
            *("--worker", ",".join(map(str, indices)), "0", str(seed)),
            *("--timeout", str(seconds)),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
    )


def campaign(n: int, seed: int, jobs: int, seconds: int, every: int) -> None:
    left = {j: [i for i in range(1, n + 1) if i % jobs == j] for j in range(jobs)}
    counts: collections.Counter[str] = collections.Counter()
    table: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    sel = selectors.DefaultSelector()
    procs: dict[int, subprocess.Popen[str]] = {}
    current: dict[int, int | None] = {}
    heard: dict[int, float] = {}

    def start(j: int) -> None:
        if not left[j]:
            return
        proc = _spawn(left[j], seed, seconds)
        assert proc.stdout is not None
        procs[j], current[j], heard[j] = proc, None, time.monotonic()
        sel.register(proc.stdout, selectors.EVENT_READ, j)

    def stop(j: int) -> None:
        proc = procs.pop(j)
        assert proc.stdout is not None
        sel.unregister(proc.stdout)
        proc.kill()
        proc.wait()

    def record(i: int, what: str, cls: str, detail: str) -> None:
        counts[cls] += 1
        table[family(what)][cls] += 1
        if cls not in ("ok", "refused"):
            print(f"[{i}] {cls}: {what}\n{detail}", flush=True)
        done = sum(counts.values())
        if done % every == 0 or done == n:
            rate = done / (time.perf_counter() - t0)
            shown = ", ".join(f"{k} {counts[k]}" for k in CLASSES)
            print(f"{done} mutants ({rate:.2f}/s): {shown}", flush=True)

    def give_up(j: int, i: int, cls: str, detail: str) -> None:
        """Count mutant i of worker j, which ended the worker, and go on after it."""
        record(i, mutant(np.random.default_rng([seed, i])).what, cls, detail)
        left[j] = [k for k in left[j] if k > i]
        start(j)

    t0 = time.perf_counter()
    for j in range(jobs):
        start(j)
    while procs:
        for key, _ in sel.select(timeout=1.0):
            j = key.data
            line = key.fileobj.readline()  # type: ignore[union-attr]
            if not line:  # the worker ended
                stop(j)
                if (i := current[j]) is not None:  # died inside a mutant
                    give_up(j, i, "traceback", "the worker died")
                continue
            heard[j] = time.monotonic()
            try:
                msg = json.loads(line)
            except json.JSONDecodeError:  # something else printed on the worker's stdout
                continue
            if msg.get("started"):
                current[j] = msg["i"]
                continue
            current[j] = None
            left[j] = [k for k in left[j] if k > msg["i"]]
            record(msg["i"], msg["what"], msg["cls"], msg["detail"])
        for j in list(procs):
            i = current[j]
            if i is not None and time.monotonic() - heard[j] > 2 * seconds + 10:
                stop(j)
                give_up(j, i, "hang", "no answer, the worker was killed")
    took = time.perf_counter() - t0
    print(f"\n{n} mutants, seed {seed}, {jobs} workers, {took / 60:.1f} min")
    width = max(len(k) for k in table) + 2
    print(f"{'class':<{width}}" + "".join(f"{h:>10}" for h in HEADINGS) + f"{'total':>10}")
    for name in sorted(table):
        row = table[name]
        print(
            f"{name:<{width}}"
            + "".join(f"{row[c]:>10}" for c in CLASSES)
            + f"{sum(row.values()):>10}"
        )
    print(
        f"{'all':<{width}}"
        + "".join(f"{counts[c]:>10}" for c in CLASSES)
        + f"{sum(counts.values()):>10}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=10_000)
    parser.add_argument("seed", nargs="?", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2, help="worker processes")
    parser.add_argument("--timeout", type=int, default=30, help="seconds per command")
    parser.add_argument("--every", type=int, default=500, help="print counts every N mutants")
    parser.add_argument("--only", type=int, help="replay mutant I alone and print its detail")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker is not None:
        worker([int(i) for i in args.worker.split(",")], args.seed, args.timeout)
    elif args.only is not None:
        m = mutant(np.random.default_rng([args.seed, args.only]))
        cls, detail = outcome(m, seconds=args.timeout)
        print(f"{cls}: {m.what}\n{detail}")
    else:
        campaign(args.n, args.seed, args.jobs, args.timeout, args.every)


if __name__ == "__main__":
    main()
