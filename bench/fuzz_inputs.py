"""Fuzz `validate` and `run` with mutants of the bundled files and journals.

    .venv/bin/python bench/fuzz_inputs.py [N=10000] [SEED=1] [--every 500]

Prints the count of each outcome class (ok, refused, traceback, hang,
disagree) and, for anything but ok and refused, the mutation and the detail.
A healthy tree shows 0 tracebacks, 0 hangs and 0 disagreements.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.mutants import mutant, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=10_000)
    parser.add_argument("seed", nargs="?", type=int, default=1)
    parser.add_argument("--every", type=int, default=500, help="print counts every N mutants")
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    counts: collections.Counter[str] = collections.Counter()
    kinds: collections.Counter[str] = collections.Counter()
    start = time.perf_counter()
    for i in range(1, args.n + 1):
        m = mutant(rng)
        cls, detail = outcome(m)
        counts[cls] += 1
        kinds[f"{m.what} -> {cls}"] += 1
        if cls not in ("ok", "refused"):
            print(f"[{i}] {cls}: {m.what}\n{detail}", flush=True)
        if i % args.every == 0 or i == args.n:
            rate = i / (time.perf_counter() - start)
            shown = ", ".join(f"{k} {counts[k]}" for k in sorted(counts))
            print(f"{i} mutants ({rate:.1f}/s): {shown}", flush=True)
    print("\nby mutation:")
    for key, count in sorted(kinds.items()):
        print(f"  {count:6d}  {key}")


if __name__ == "__main__":
    main()
