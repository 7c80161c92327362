"""The README's table of what each bundled plan rates over seeds 1-30, and why.

    .venv/bin/python docs/ratings_table.py            # rewrite the table in README.md
    .venv/bin/python docs/ratings_table.py --print    # print it only

Every scenario in ``scenarios/`` is run with its own plan (and the poisoning
scenario with the flawed revision too), each seed scored as ``drillsim run``
scores it. "Why" is what decided the overall rating in most seeds: the score band,
a finding's or a consequence's cap, or a forced U.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
from collections import Counter
from pathlib import Path

from scoring.scorecard import Scorecard, score
from sim import load, simulate

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
README = ROOT / "README.md"
START, END = "<!-- ratings-table:start -->", "<!-- ratings-table:end -->"
SEEDS = range(1, 31)


def _why(card: Scorecard) -> str:
    """What decided the overall rating, in words (without the run's own numbers)."""
    rule = card.overall.rule.en
    if "forces U" in rule:
        forced = next(f for f in card.findings if rule.startswith(f"[{f.id}]"))
        return f"forced U: {forced.title.en}"
    if "caps it" in rule:
        cap, level = rule.split(";", 1)[1].split("caps it")
        cap = re.sub(r"\[F\d+\] ", "", cap.strip())
        cap = re.sub(r" \d+(\.\d+)? (\w+), at least ([\d.]+)", r" ≥ \3 \2", cap)
        return f"capped at {level.strip(' →').split('/')[0]} by {cap}"
    return "score band"


def _runs() -> list[tuple[str, Path, Path | None]]:
    out: list[tuple[str, Path, Path | None]] = []
    for scenario in sorted(SCENARIOS.glob("*.yaml")):
        if "plan" in scenario.name:
            continue
        out.append((scenario.stem, scenario, None))
        flawed = SCENARIOS / f"{scenario.stem}-plan-flawed.yaml"
        if flawed.is_file():
            out.append((f"{scenario.stem} (flawed)", scenario, flawed))
    return out


def table() -> str:
    lines = [
        "| scenario / plan | P | S | M | U | median score "
        "| overall rating decided by (seeds) | findings (median) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, scenario, plan in _runs():
        loaded = load(scenario, plan)
        ratings: Counter[str] = Counter()
        whys: Counter[str] = Counter()
        scores: list[float] = []
        counts: list[int] = []
        for seed in SEEDS:
            log = simulate(loaded.scenario, loaded.plan, seed)
            card = score(
                log,
                loaded.scenario,
                loaded.plan,
                plan_doc=loaded.plan_doc,
                scenario_doc=loaded.scenario_doc,
                seed=seed,
            )
            ratings[card.overall.hseep or "-"] += 1
            whys[_why(card)] += 1
            if card.overall.score is not None:
                scores.append(card.overall.score)
            counts.append(len(card.findings))
        why = "; ".join(f"{w} ({n})" for w, n in whys.most_common(3))
        median = f"{statistics.median(scores):.1f}" if scores else "-"
        lines.append(
            f"| {label} ({loaded.plan.id}) | {ratings['P']} | {ratings['S']} | {ratings['M']} "
            f"| {ratings['U']} | {median} | {why} | {statistics.median(counts):g} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--print", action="store_true", help="print the table only")
    args = parser.parse_args()
    text = table()
    if args.print:
        print(text)
        return 0
    readme = README.read_text(encoding="utf-8")
    if START not in readme or END not in readme:
        print(f"{README}: no {START} ... {END} block", file=sys.stderr)
        return 1
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{START}\n{text}\n{END}{tail}", encoding="utf-8")
    print(f"wrote the table into {README}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
