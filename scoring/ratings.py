"""Ratings: per objective and overall, a 0-100 score mapped to HSEEP P/S/M/U and
优秀/良好/合格/不合格, with the rule that produced each rating.

The score is the weighted mean of the objective's rated KPIs and consequences.
Then, in order: a finding that records a missed critical task or a breached legal
limit forces U / 不合格; otherwise the worst finding (rules ``caps``) and the worst
consequence (rules ``consequences``) cap the rating, whichever is tighter.
Only findings from the run count: static findings describe the plan, not the drill.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import Field

from scoring.consequences import Consequence
from scoring.finding import SEVERITIES, SEVERITY_EN, Finding, Record, Text
from scoring.kpi import Kpi
from scoring.observations import EvaluatorInput, ObservedItem
from scoring.rules import HSEEP_ORDER, Grade, Hseep, Rules, default_rules
from scoring.wording import tx


class Rating(Record):
    """The rating of one objective (or the overall rating when ``objective`` is None)."""

    objective: str | None
    name: Text
    score: float | None = Field(description="0-100; None when nothing was rated.")
    hseep: Hseep | None
    grade: Grade | None
    rule: Text = Field(description="The rule that produced this rating.")
    kpis: list[str] = Field(default_factory=list, description="Rated KPIs, key[:subject].")
    findings: list[str] = Field(default_factory=list, description="Findings that bore on it.")
    observations: list[str] = Field(
        default_factory=list, description="The evaluator's judgements scored into it."
    )


def _kpi_id(k: Kpi) -> str:
    return f"{k.key}:{k.subject}" if k.subject else k.key


def _weighted(pairs: Sequence[tuple[float, float]]) -> float | None:
    total = sum(w for _, w in pairs)
    if total <= 0:
        return None
    return sum(s * w for s, w in pairs) / total


def _judge(
    objective: str | None,
    name: Text,
    score: float | None,
    found: Sequence[Finding],
    rules: Rules,
    kpi_ids: list[str],
    outcome_caps: Sequence[tuple[Hseep, Text]] = (),
    observed: Sequence[str] = (),
    by: Text | None = None,
) -> Rating:
    rating = _judged(objective, name, score, found, rules, kpi_ids, outcome_caps)
    if not observed or by is None:
        return rating
    return rating.model_copy(
        update={
            "observations": list(observed),
            "rule": tx(
                f"{rating.rule.zh}（含评估人{by.zh}的 {len(observed)} 项判断）",
                f"{rating.rule.en} (including {len(observed)} judgements by evaluator {by.en})",
            ),
        }
    )


def _judged(
    objective: str | None,
    name: Text,
    score: float | None,
    found: Sequence[Finding],
    rules: Rules,
    kpi_ids: list[str],
    outcome_caps: Sequence[tuple[Hseep, Text]] = (),
) -> Rating:
    dynamic = [f for f in found if f.kind == "dynamic"]
    ids = [f.id or f.rule for f in dynamic]
    forced = [f for f in dynamic if f.forces_u]
    if forced:
        u = rules.band_of("U")
        f = forced[0]
        label = f.id or f.rule
        return Rating(
            objective=objective,
            name=name,
            score=None if score is None else round(score, 1),
            hseep="U",
            grade=u.grade,
            rule=tx(
                f"[{label}] {f.title.zh}: 关键任务未完成或超过法定时限, 强制评为 U/{u.grade}",
                f"[{label}] {f.title.en}: a missed critical task or a breached legal limit "
                "forces U",
            ),
            kpis=kpi_ids,
            findings=ids,
        )
    caps: list[tuple[Hseep, Text]] = []
    for sev in SEVERITIES:
        limit = rules.caps.get(sev)
        hit = next((f for f in dynamic if f.severity == sev), None)
        if limit is not None and hit is not None:
            label = hit.id or hit.rule
            caps.append(
                (limit, tx(f"[{label}] {hit.severity}", f"[{label}] {SEVERITY_EN[hit.severity]}"))
            )
            break
    caps.extend(outcome_caps)
    worst: tuple[Hseep, Text] | None = None
    for cap in caps:
        if worst is None or HSEEP_ORDER.index(cap[0]) > HSEEP_ORDER.index(worst[0]):
            worst = cap
    if score is None:
        if worst is None:
            return Rating(
                objective=objective,
                name=name,
                score=None,
                hseep=None,
                grade=None,
                rule=tx("无可评分的指标, 不评定", "no rated KPI: not rated"),
                kpis=kpi_ids,
                findings=ids,
            )
        band = rules.band_of(worst[0])
        return Rating(
            objective=objective,
            name=name,
            score=None,
            hseep=band.hseep,
            grade=band.grade,
            rule=tx(
                f"无可评分的指标; {worst[1].zh} 封顶为 {band.hseep}/{band.grade}",
                f"no rated KPI; {worst[1].en} caps it at {band.hseep}",
            ),
            kpis=kpi_ids,
            findings=ids,
        )
    band = rules.band(score)
    rule_zh = f"得分 {score:.1f} ≥ {band.min_score:g} → {band.hseep}/{band.grade}"
    rule_en = f"score {score:.1f} ≥ {band.min_score:g} → {band.hseep}"
    if worst is not None and HSEEP_ORDER.index(worst[0]) > HSEEP_ORDER.index(band.hseep):
        capped = rules.band_of(worst[0])
        rule_zh += f"; {worst[1].zh} 封顶 → {capped.hseep}/{capped.grade}"
        rule_en += f"; {worst[1].en} caps it → {capped.hseep}"
        band = capped
    return Rating(
        objective=objective,
        name=name,
        score=round(score, 1),
        hseep=band.hseep,
        grade=band.grade,
        rule=tx(rule_zh, rule_en),
        kpis=kpi_ids,
        findings=ids,
    )


def _outcome_caps(items: Sequence[Consequence], *, overall: bool) -> list[tuple[Hseep, Text]]:
    out: list[tuple[Hseep, Text]] = []
    for c in items:
        if c.cap is None:
            continue
        level = c.cap.overall if overall else c.cap.objective
        out.append((level, c.cap.rule))
    return out


def rate(
    kpi_list: Sequence[Kpi],
    found: Sequence[Finding],
    rules: Rules | None = None,
    outcomes: Sequence[Consequence] = (),
    evaluator: EvaluatorInput | None = None,
) -> tuple[list[Rating], Rating]:
    """Ratings of each objective in the rules, then the overall rating.

    Consequences join their objective's score with their weight, and their caps
    bound both the objective's and the overall rating. The evaluator's judgements
    join their objective's score with their weight."""
    rules = rules or default_rules()
    items: list[ObservedItem] = evaluator.items if evaluator is not None else []
    by = None if evaluator is None else tx(evaluator.name, evaluator.name)
    per: list[Rating] = []
    overall_pairs: list[tuple[float, float]] = []
    for oid, obj in rules.objectives.items():
        mine = [k for k in kpi_list if k.objective == oid and k.rated]
        theirs = [c for c in outcomes if c.objective == oid]
        judged = [o for o in items if o.objective == oid]
        score = _weighted(
            [(k.score or 0.0, k.weight) for k in mine]
            + [(c.score or 0.0, c.weight) for c in theirs if c.rated]
            + [(o.score, o.weight) for o in judged]
        )
        rating = _judge(
            oid,
            tx(obj.name, obj.name_en),
            score,
            [f for f in found if f.objective == oid],
            rules,
            [_kpi_id(k) for k in mine],
            _outcome_caps(theirs, overall=False),
            [o.id for o in judged],
            by,
        )
        per.append(rating)
        if score is not None and obj.weight > 0:
            overall_pairs.append((score, obj.weight))
    overall = _judge(
        None,
        tx("总体评定", "Overall"),
        _weighted(overall_pairs),
        list(found),
        rules,
        [_kpi_id(k) for k in kpi_list if k.rated],
        _outcome_caps(outcomes, overall=True),
        [o.id for o in items],
        by,
    )
    return per, overall
