"""The result of a stress test or a comparison of plan revisions: ``summary.json``.

Built from the streamed ``sim.stats.Summary`` of the replications' rows (see
``scoring.replication``) and labelled with the KPIs of one scored replication.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from scoring.finding import Record, Text
from scoring.replication import GRADES, HSEEP, kpi_id
from scoring.scorecard import Scorecard, Source
from sim.stats import Proportion, Summary, Tally, holm, paired_p_value

PERCENTILES = (0.10, 0.50, 0.90, 0.95)


class Interval(Record):
    low: float
    high: float


class Distribution(Record):
    """One measure over the replications in which it happened."""

    n: int = Field(description="Replications in which it happened.")
    missing: int = Field(description="Replications in which it never happened by the end.")
    mean: float | None
    sd: float | None
    mean_ci95: Interval | None = Field(description="Student-t 95 % interval of the mean.")
    p10: float | None
    p50: float | None
    p90: float | None
    p95: float | None
    percentile_ci95: dict[str, Interval] = Field(
        description="Distribution-free 95 % intervals of p10, p50, p90, p95 (order statistics)."
    )
    low: float | None
    high: float | None
    quantiles: list[float] = Field(
        default_factory=list,
        description="P0, P1, ..., P100 of the replications in which it happened (101 values, "
        "nearest rank, P0 the minimum and P100 the maximum): the cumulative distribution "
        "reports draw. Empty when it never happened.",
    )


class Share(Record):
    """How often something held, with Wilson's 95 % interval."""

    p: float | None
    ci95: Interval | None
    hits: int
    n: int


class KpiResult(Record):
    id: str
    label: Text
    unit: str
    objective: str
    target: float | None
    target_source: Text
    critical: bool
    legal: bool
    value: Distribution
    meets_target: Share | None = Field(description="Probability of meeting the target.")


class MeasureResult(Record):
    id: str
    value: Distribution


class Difference(Record):
    """A revision against the first on common random numbers: paired difference."""

    id: str
    revision: int
    mean: float | None
    ci95: Interval | None
    p_value: float | None
    significant: bool = Field(description="After Holm's correction over this revision's measures.")
    better: bool | None = Field(description="Lower is better for times, deaths and counts.")


class StepResult(Record):
    """A plan step over the replications (``scoring.schedule``)."""

    id: str
    criticality: Share | None = Field(
        description="Criticality index: the share of replications in which the step lay on "
        "the critical path to the last critical task done (None: no critical step was done)."
    )
    wait: Distribution = Field(
        description="Minutes waited for crew or equipment once ready (0 when free at once; "
        "to the end of the run when they never came), over the replications it became ready."
    )


class Revision(Record):
    index: int
    plan: Source
    kpis: list[KpiResult]
    consequences: list[MeasureResult]
    expected_fatalities: Distribution
    deaths: dict[str, Share | Distribution] = Field(
        description="Each person's probability of death: mean over replications."
    )
    hseep: dict[str, Share]
    grade: dict[str, Share]
    findings: dict[str, Share] = Field(
        default_factory=dict,
        description="Per finding (rule@element), the share of replications that found it.",
    )
    steps: list[StepResult] = Field(default_factory=list, description="In plan order.")
    utilisation: dict[str, Distribution] = Field(
        default_factory=dict,
        description="Per team:<id> the share of its people busy on steps from when it could "
        "first take work, per resource:<id> of its units in use from the alarm, to the end.",
    )


class FindingChange(Record):
    """A finding of a revision against the first: fixed, new or kept."""

    finding: str = Field(description="rule@element")
    revision: int
    status: Literal["fixed", "new", "kept"] = Field(
        description="fixed: in the first revision's replications, in none of this one's; "
        "new: the other way round; kept: in both."
    )
    share_first: float
    share_revision: float


class RunInfo(Record):
    requested: int
    replications: int
    partial: bool = Field(description="True when the run ended before its end (Ctrl-C, failure).")
    reason: str | None
    executor: Literal["serial", "process", "dask"]
    workers: int
    batch_size: int
    recovered_batches: int
    seconds: float
    precision: float | None = Field(description="Target relative half-width with -n auto.")
    precision_reached: bool | None
    budget: int | None


class StressSummary(Record):
    """summary.json of ``drillsim stress`` and ``drillsim compare``."""

    format: Literal["drillsim-stress/1"] = "drillsim-stress/1"
    kind: Literal["stress", "compare"]
    scenario: Source
    seed: int = Field(description="Root seed: replication i uses streams [i, name, seed].")
    run: RunInfo
    revisions: list[Revision]
    differences: list[Difference] = Field(default_factory=list)
    findings: list[FindingChange] = Field(default_factory=list)
    best: dict[str, int] = Field(
        default_factory=dict, description="Per KPI id, the revision with the lowest mean."
    )
    figures: list[str] = Field(default_factory=list)
    rows: str | None = Field(default=None, description="File of per-replication rows (--keep).")


def _r(x: float | None, digits: int = 6) -> float | None:
    return None if x is None or math.isinf(x) or math.isnan(x) else round(x, digits)


def distribution(t: Tally) -> Distribution:
    hw = t.half_width()
    pct = {f"p{round(q * 100)}": t.percentile(q) for q in PERCENTILES}
    intervals: dict[str, Interval] = {}
    for q in PERCENTILES:
        iv = t.percentile_interval(q)
        if iv is not None:
            intervals[f"p{round(q * 100)}"] = Interval(low=iv[0], high=iv[1])
    return Distribution(
        n=t.n,
        missing=t.missing,
        mean=_r(t.mean) if t.n else None,
        sd=_r(t.sd),
        mean_ci95=None
        if hw is None
        else Interval(low=round(t.mean - hw, 6), high=round(t.mean + hw, 6)),
        p10=pct["p10"],
        p50=pct["p50"],
        p90=pct["p90"],
        p95=pct["p95"],
        percentile_ci95=intervals,
        low=_r(t.low) if t.n else None,
        high=_r(t.high) if t.n else None,
        quantiles=t.percentiles([q / 100 for q in range(101)]),
    )


def share(p: Proportion) -> Share:
    iv = p.interval()
    return Share(
        p=_r(p.p),
        ci95=None if iv is None else Interval(low=round(iv[0], 6), high=round(iv[1], 6)),
        hits=p.hits,
        n=p.n,
    )


def revision(
    summary: Summary, index: int, prefix: str, card: Scorecard, steps: Sequence[str] = ()
) -> Revision:
    def tally(key: str) -> Tally:
        return summary.tallies.get(prefix + key, Tally())

    kpis = []
    for k in card.kpis:
        if k.status == "not_applicable":
            continue
        kid = kpi_id(k)
        met = summary.shares.get(f"{prefix}met:{kid}")
        kpis.append(
            KpiResult(
                id=kid,
                label=k.label,
                unit=k.unit,
                objective=k.objective,
                target=k.target,
                target_source=k.target_source,
                critical=k.critical,
                legal=k.legal,
                value=distribution(tally(f"kpi:{kid}")),
                meets_target=None if met is None else share(met),
            )
        )
    consequences = [
        MeasureResult(id=key[len(prefix) + len("consequence:") :], value=distribution(t))
        for key, t in summary.tallies.items()
        if key.startswith(prefix + "consequence:")
    ]
    deaths: dict[str, Share | Distribution] = {
        key[len(prefix) + len("death:") :]: distribution(t)
        for key, t in summary.tallies.items()
        if key.startswith(prefix + "death:")
    }
    return Revision(
        index=index,
        plan=card.plan,
        kpis=kpis,
        consequences=consequences,
        expected_fatalities=distribution(tally("expected_fatalities")),
        deaths=deaths,
        hseep={h: share(summary.shares.get(f"{prefix}hseep:{h}", Proportion())) for h in HSEEP},
        grade={g: share(summary.shares.get(f"{prefix}grade:{g}", Proportion())) for g in GRADES},
        findings={
            key[len(prefix) + len("finding:") :]: share(Proportion(hits=p.hits, n=summary.n))
            for key, p in sorted(summary.shares.items())
            if key.startswith(prefix + "finding:")
        },
        steps=[
            StepResult(
                id=step,
                criticality=None
                if (c := summary.shares.get(f"{prefix}critical:{step}")) is None
                else share(c),
                wait=distribution(tally(f"wait:{step}")),
            )
            for step in steps
        ],
        utilisation={
            key[len(prefix) + len("util:") :]: distribution(t)
            for key, t in summary.tallies.items()
            if key.startswith(prefix + "util:")
        },
    )


HIGHER_IS_BETTER_PREFIXES = ("met:",)


def differences(summary: Summary, revisions: int) -> list[Difference]:
    """Each revision against the first: paired differences with Holm's correction."""
    out: list[Difference] = []
    for r in range(1, revisions):
        prefix = f"{r}/"
        keys = [
            k
            for k in summary.diffs
            if k.startswith(prefix)
            and (k[len(prefix) :].startswith(("kpi:", "consequence:")) or k.endswith("fatalities"))
        ]
        pvals = {k: p for k in keys if (p := paired_p_value(summary.diffs[k])) is not None}
        rejected = holm(pvals)
        for k in keys:
            t = summary.diffs[k]
            hw = t.half_width()
            out.append(
                Difference(
                    id=k[len(prefix) :],
                    revision=r,
                    mean=_r(t.mean),
                    ci95=None
                    if hw is None
                    else Interval(low=round(t.mean - hw, 6), high=round(t.mean + hw, 6)),
                    p_value=_r(pvals.get(k)),
                    significant=rejected.get(k, False),
                    better=None if not rejected.get(k, False) else t.mean < 0,
                )
            )
    return out


def best_by_kpi(revisions: list[Revision]) -> dict[str, int]:
    best: dict[str, tuple[float, int]] = {}
    for rev in revisions:
        for k in rev.kpis:
            mean = k.value.mean
            if mean is None:
                continue
            if k.id not in best or mean < best[k.id][0]:
                best[k.id] = (mean, rev.index)
    return {key: idx for key, (_, idx) in best.items()}


class SweepPoint(Record):
    value: float
    kpis: dict[str, Distribution] = Field(description="Per KPI id, over the replications.")
    expected_fatalities: Distribution


class SweepParameter(Record):
    path: str
    base: float = Field(description="The value in the files.")
    points: list[SweepPoint]
    swing: float | None = Field(description="Range of the focus KPI's mean over the points.")


class SweepSummary(Record):
    """summary.json of ``drillsim sweep``: one-at-a-time sensitivity (tornado data)."""

    format: Literal["drillsim-sweep/1"] = "drillsim-sweep/1"
    scenario: Source
    plan: Source
    seed: int
    replications: int = Field(description="Per point, on common random numbers.")
    partial: bool
    kpi: str = Field(description="The KPI the tornado chart ranks parameters by.")
    base: SweepPoint
    parameters: list[SweepParameter] = Field(description="Largest swing first.")
    figures: list[str] = Field(default_factory=list)


def finding_changes(revisions: list[Revision]) -> list[FindingChange]:
    """Each revision's findings against the first's: fixed, new or kept."""
    first = revisions[0].findings
    out: list[FindingChange] = []
    for rev in revisions[1:]:
        for key in sorted(set(first) | set(rev.findings)):
            a = first[key].p if key in first else 0.0
            b = rev.findings[key].p if key in rev.findings else 0.0
            a, b = a or 0.0, b or 0.0
            status: Literal["fixed", "new", "kept"] = (
                "kept" if a > 0 and b > 0 else ("fixed" if a > 0 else "new")
            )
            out.append(
                FindingChange(
                    finding=key, revision=rev.index, status=status, share_first=a, share_revision=b
                )
            )
    return out
