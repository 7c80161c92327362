"""Forecast from here: replications forked from the drill's state at a time, each
continuing under fresh random streams, reduced to the outcomes a facilitator asks
about, with 95 % intervals.

- Casualty survives: 1 - the probit probability of death of each person the
  replications expose (the engine's ``outcome`` events), averaged over the
  replications. Each replication's outcome is a Bernoulli trial with its own
  probability, so the number who would survive in N replications is
  Poisson-binomial; its variance is at most the binomial one with the same mean
  (W. Hoeffding, Ann. Math. Statist. 27, 1956, 713-721), and the interval is
  Wilson's on that expected count: it keeps its width once a casualty's
  probability is the same in every replication (his fate fixed by the dose he
  already has), where an interval of the mean probability would shrink to a point.
- Report in time: the share of replications whose report to the authority meets
  its time limit (the KPI ``authority_informed``: the plan's limit, else the law's, 1 hour
  for a unit under 《生产安全事故报告和调查处理条例》 Art. 9, 2 hours a level for a
  government department under Art. 11; the row names the receiver and the limit), with
  Wilson's score interval (E. B. Wilson, JASA 22, 1927, 209-212). A plan with no report
  to an authority gets the row too: it says the plan makes no legal report, and no
  replication meets the limit.
- Release stopped by the plan's target: the share meeting the ``release_stopped``
  KPI's target (the plan's own ``target_min``, else scoring/data/ratings.yaml).
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import resource_tracker
from typing import Any

from scoring.kpi import kpis
from scoring.rules import Rules
from sim.decisions import Decision
from sim.plan import Plan
from sim.runner import fork_one, unpickled
from sim.scenario import Scenario
from sim.stats import wilson
from tui.console.text import word

CHUNK = 25


def interval(successes: float, n: int) -> tuple[float, float]:
    """Wilson's 95 % score interval (Wilson 1927); all of [0, 1] before any replication."""
    return wilson(successes, n) or (0.0, 1.0)


def survival_interval(values: Sequence[float]) -> tuple[float, float, float]:
    """Mean survival probability over the replications and Wilson's 95 % interval on
    the expected number of survivors."""
    n = len(values)
    if n == 0:
        return 0.0, 0.0, 1.0
    expected = sum(values)
    low, high = interval(expected, n)
    return expected / n, low, high


@dataclass
class Tally:
    """Running totals as replications stream in (memory flat in their number)."""

    n: int = 0
    survival: dict[str, list[float]] = field(default_factory=dict)
    report: list[int] = field(default_factory=lambda: [0, 0])  # met, measured
    release: dict[str, list[int]] = field(default_factory=dict)  # hazard -> [met, measured]
    report_to: tuple[str | None, float | None] = (None, None)
    """Who the report goes to and its limit in minutes (the plan's or the law's)."""

    def add(self, one: dict[str, Any]) -> None:
        self.n += 1
        if one.get("report_to") is not None and self.report_to == (None, None):
            self.report_to = one["report_to"]
        for person, p in one["survival"].items():
            self.survival.setdefault(person, []).append(p)
        if one["report"] is not None:
            self.report[0] += int(one["report"])
            self.report[1] += 1
        for hazard, met in one["release"].items():
            counts = self.release.setdefault(hazard, [0, 0])
            counts[0] += int(met)
            counts[1] += 1


@dataclass(frozen=True)
class Outcome:
    key: str  # survives, report_in_time, release_stopped
    subject: str | None
    p: float
    low: float
    high: float
    n: int
    limit_min: float | None = None


def outcomes(tally: Tally) -> list[Outcome]:
    out: list[Outcome] = []
    for person, values in sorted(tally.survival.items()):
        # people never exposed in a replication survive it
        padded = values + [1.0] * (tally.n - len(values))
        mean, low, high = survival_interval(padded)
        out.append(Outcome("survives", person, mean, low, high, tally.n))
    met, measured = tally.report
    if measured:
        low, high = interval(met, measured)
        to, limit = tally.report_to
        out.append(Outcome("report_in_time", to, met / measured, low, high, measured, limit))
    for hazard, (met, measured) in sorted(tally.release.items()):
        low, high = interval(met, measured)
        out.append(Outcome("release_stopped", hazard, met / measured, low, high, measured))
    return out


def outcome_label(o: Outcome, lang: str, names: Callable[[str], str]) -> str:
    """The forecast row's label: who survives, the report and its receiver and limit (or
    that the plan makes none), the release stopped."""
    colon = "：" if lang == "zh" else ": "
    if o.key == "report_in_time":
        if o.subject is None:
            if o.limit_min is None:
                return word("fc_no_report", lang)
            return word("fc_no_report_within", lang).format(limit=f"{o.limit_min:g}")
        if o.limit_min is not None:
            return word("fc_report_to", lang).format(to=names(o.subject), limit=f"{o.limit_min:g}")
    label = word(f"fc_{o.key}", lang)
    if o.subject is None:
        return label
    if o.key == "survives":
        return f"{names(o.subject)} {label}"
    return f"{label}{colon}{names(o.subject)}"


def summarise(
    scenario: Scenario,
    plan: Plan,
    rules: Rules,
    decisions: Sequence[Decision],
    at_min: float,
    seeds: Sequence[int],
    base_seed: int,
) -> list[dict[str, Any]]:
    """Fork one replication per seed and keep only what the forecast counts."""
    people = {p.id for p in scenario.people}
    out: list[dict[str, Any]] = []
    for seed in seeds:
        log = fork_one(scenario, plan, decisions, at_min, seed, base_seed=base_seed)
        survival: dict[str, float] = {}
        for e in log:
            if e.kind == "outcome" and e.actor in people:
                p_death = float(e.details.get("probability_of_death", 0.0))
                survival[e.actor] = min(survival.get(e.actor, 1.0), 1.0 - p_death)
            elif e.kind == "person" and e.actor in people and e.details.get("state") == "dead":
                survival[e.actor] = 0.0
        report: bool | None = None
        report_to: tuple[str | None, float] | None = None
        release: dict[str, bool] = {}
        for k in kpis(log, scenario, plan, rules):
            if k.key == "authority_informed" and k.target is not None:
                report = k.status == "met"
                report_to = (k.subject, k.target)
            elif k.key == "release_stopped" and k.subject and k.target is not None:
                release[k.subject] = k.status == "met"
        out.append(
            {"survival": survival, "report": report, "report_to": report_to, "release": release}
        )
    return out


def summarise_pickled(inputs: bytes, seeds: Sequence[int]) -> list[dict[str, Any]]:
    """:func:`summarise` of inputs pickled once for the whole forecast: the console's
    worker sends each chunk a few bytes instead of pickling the scenario and plan again
    (which holds the interpreter, and so the console's clock, each time).

    A worker unpickles each distinct forecast once and keeps it (``sim.runner.unpickled``),
    so every later chunk (and a later forecast of the same drill state) finds the same
    scenario and plan objects, with what their replications set up once already done."""
    kept = unpickled(inputs)
    scenario, plan, rules, decisions, at_min, base_seed = kept
    return summarise(scenario, plan, rules, decisions, at_min, seeds, base_seed)


def ready() -> int:
    """Nothing but a worker's start: the console sends one to each worker of a new pool
    when the forecast dialog opens, so the workers start (and import the engine) while
    the facilitator is still choosing how many replications to run."""
    return os.getpid()


def _yield_to_the_console() -> None:
    """A replication process runs at a lower priority than the console, so that on a
    busy machine the drill clock is served first."""
    if hasattr(os, "nice"):
        os.nice(10)


def pool_size() -> int:
    """The forecast pool's workers: this machine's cores, at most four."""
    return max(1, min(4, multiprocessing.cpu_count()))


def executor() -> Executor:
    """A process pool of this machine's cores; spawned, so that no thread of the
    console is copied into the workers. The pool's resource tracker is started with
    the process's own stderr: a full-screen app replaces ``sys.stderr`` by an object
    without a file descriptor, which the tracker's start would refuse."""
    saved = sys.stderr
    try:
        sys.stderr = sys.__stderr__
        resource_tracker.ensure_running()
    finally:
        sys.stderr = saved
    return ProcessPoolExecutor(
        max_workers=pool_size(),
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_yield_to_the_console,
    )


def run_forecast(
    scenario: Scenario,
    plan: Plan,
    rules: Rules,
    decisions: Sequence[Decision],
    at_min: float,
    n: int,
    base_seed: int,
    *,
    pool: Executor | None = None,
    progress: Callable[[Tally], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Tally:
    """N forecasts from ``at_min``; ``progress`` sees the tally after each chunk."""
    tally = Tally()
    chunks = [list(range(i, min(i + CHUNK, n))) for i in range(0, n, CHUNK)]
    own = pool is None
    ex = executor() if pool is None else pool
    inputs = pickle.dumps((scenario, plan, rules, list(decisions), at_min, base_seed))
    try:
        futures = [ex.submit(summarise_pickled, inputs, seeds) for seeds in chunks]
        for future in _completed(futures):
            if cancelled():
                for f in futures:
                    f.cancel()
                break
            for one in future.result():
                tally.add(one)
            if progress is not None:
                progress(tally)
    finally:
        if own:
            ex.shutdown(wait=True, cancel_futures=True)
    return tally


def _completed(futures: list[Any]) -> Iterator[Any]:
    yield from as_completed(futures)
