"""The rating mapping at its boundaries, the rules that force or cap a rating, and overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.finding import Finding, PlanRef, Severity
from scoring.kpi import Kpi
from scoring.ratings import rate
from scoring.rules import default_rules, load_rules
from scoring.wording import tx
from sim.errors import InputError


@pytest.mark.parametrize(
    ("score", "hseep", "grade"),
    [
        (100, "P", "优秀"),
        (90, "P", "优秀"),
        (89.99, "S", "良好"),
        (75, "S", "良好"),
        (74.99, "M", "合格"),
        (60, "M", "合格"),
        (59.99, "U", "不合格"),
        (0, "U", "不合格"),
    ],
)
def test_score_bands(score: float, hseep: str, grade: str) -> None:
    band = default_rules().band(score)
    assert (band.hseep, band.grade) == (hseep, grade)


@pytest.mark.parametrize(
    ("ratio", "score"), [(0.5, 100), (1.0, 100), (1.25, 75), (1.5, 50), (2.0, 0), (3.0, 0)]
)
def test_score_curve_of_the_ratio_to_target(ratio: float, score: float) -> None:
    assert default_rules().curve_score(ratio) == pytest.approx(score)


def kpi(key: str, score: float, objective: str = "alerting", weight: float = 1.0) -> Kpi:
    return Kpi(
        key=key,
        label=tx(key, key),
        objective=objective,
        unit="min",
        t_min=1.0,
        start="alarm",
        start_label=tx("报警", "the alarm"),
        start_min=0.0,
        value=1.0,
        target=1.0,
        target_source=tx("测试", "test"),
        target_from_plan=False,
        ratio=1.0,
        score=score,
        weight=weight,
        status="met",
    )


def finding(
    severity: Severity, objective: str = "alerting", *, forces_u: bool = False, ident: str = "F1"
) -> Finding:
    return Finding(
        id=ident,
        rule="dynamic.test",
        kind="dynamic",
        severity=severity,
        capability="planning",
        objective=objective,
        title=tx("测试问题", "test finding"),
        evidence=tx("证据", "evidence"),
        recommendation=tx("建议", "recommendation"),
        refs=[PlanRef(file=None, line=None, path="steps", element="plan")],
        forces_u=forces_u,
    )


def alerting(kpis: list[Kpi], found: list[Finding]):  # type: ignore[no-untyped-def]
    per, overall = rate(kpis, found)
    return next(r for r in per if r.objective == "alerting"), overall


def test_objective_score_is_the_weighted_mean_of_its_kpis() -> None:
    r, _ = alerting([kpi("a", 100, weight=1), kpi("b", 40, weight=2)], [])
    assert r.score == 60.0 and (r.hseep, r.grade) == ("M", "合格")
    assert r.rule.zh == "得分 60.0 ≥ 60 → M/合格"


def test_unrated_kpis_do_not_count() -> None:
    r, _ = alerting([kpi("a", 100), kpi("b", 0, weight=0)], [])
    assert r.score == 100.0 and r.hseep == "P"


def test_a_corrective_action_caps_a_perfect_score_at_s() -> None:
    r, overall = alerting([kpi("a", 100)], [finding("整改项")])
    assert (r.hseep, r.grade) == ("S", "良好") and r.score == 100.0
    assert "[F1] 整改项 封顶 → S/良好" in r.rule.zh
    assert overall.hseep == "S"


def test_a_deficiency_caps_at_m() -> None:
    r, _ = alerting([kpi("a", 95)], [finding("不足项")])
    assert (r.hseep, r.grade) == ("M", "合格")


def test_a_cap_never_raises_a_rating() -> None:
    r, _ = alerting([kpi("a", 50)], [finding("整改项")])
    assert r.hseep == "U" and "封顶" not in r.rule.zh


def test_an_improvement_does_not_cap() -> None:
    r, _ = alerting([kpi("a", 100)], [finding("改进项")])
    assert r.hseep == "P"


def test_a_missed_critical_task_forces_u_whatever_the_score() -> None:
    r, overall = alerting([kpi("a", 100)], [finding("不足项", forces_u=True, ident="F7")])
    assert (r.hseep, r.grade) == ("U", "不合格") and r.score == 100.0
    assert r.rule.zh.startswith("[F7] 测试问题") and "强制" in r.rule.zh
    assert (overall.hseep, overall.grade) == ("U", "不合格")


def test_static_findings_do_not_rate_a_drill() -> None:
    static = finding("不足项", forces_u=True).model_copy(update={"kind": "static"})
    r, _ = alerting([kpi("a", 100)], [static])
    assert r.hseep == "P"


def test_an_objective_with_nothing_to_rate_is_not_rated() -> None:
    per, _ = rate([kpi("a", 100)], [])
    support = next(r for r in per if r.objective == "support")
    assert support.hseep is None and support.rule.en == "no rated KPI: not rated"


def test_overall_is_the_weighted_mean_of_objectives() -> None:
    _, overall = rate([kpi("a", 100), kpi("b", 70, objective="rescue")], [])
    assert overall.score == 85.0 and overall.hseep == "S"


def test_an_evaluator_overrides_bands_and_caps_with_a_partial_file(tmp_path: Path) -> None:
    own = tmp_path / "rules.yaml"
    own.write_text(
        "bands:\n"
        "  - {min_score: 80, hseep: P, grade: 优秀}\n"
        "  - {min_score: 0, hseep: U, grade: 不合格}\n"
        "caps: {整改项: P}\n"
        "kpis:\n"
        "  first_arrival: {target_min: 5}\n",
        encoding="utf-8",
    )
    rules = load_rules(own)
    assert rules.band(80).hseep == "P" and rules.band(79.9).hseep == "U"
    assert rules.kpis["first_arrival"].target_min == 5
    assert rules.kpis["first_arrival"].source == default_rules().kpis["first_arrival"].source
    r, _ = alerting([kpi("a", 85)], [])
    per, _ = rate([kpi("a", 85)], [finding("整改项")], rules)
    assert r.hseep == "S" and per[0].hseep == "P"


def test_a_bad_override_names_its_file_line_and_field(tmp_path: Path) -> None:
    own = tmp_path / "rules.yaml"
    own.write_text("caps:\n  不足项: Q\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_rules(own)
    text = str(err.value)
    assert f"{own}:2: caps.不足项:" in text


def test_bands_must_end_at_zero(tmp_path: Path) -> None:
    own = tmp_path / "rules.yaml"
    own.write_text("bands:\n  - {min_score: 50, hseep: P, grade: 优秀}\n", encoding="utf-8")
    with pytest.raises(InputError, match="expected the last band to start at 0"):
        load_rules(own)


def test_an_evaluators_file_wins_over_a_plans_own_overrides(tmp_path: Path) -> None:
    own = tmp_path / "rules.yaml"
    own.write_text("kpis:\n  first_arrival: {target_min: 4}\n", encoding="utf-8")
    plan = {"kpis": {"first_arrival": {"target_min": 5}, "alarm": {"weight": 1}}}
    assert load_rules(plan=plan).kpis["first_arrival"].target_min == 5
    layered = load_rules(own, plan=plan)
    assert layered.kpis["first_arrival"].target_min == 4
    assert layered.kpis["alarm"].weight == 1


def test_what_a_kpi_counts_from_is_not_an_override(tmp_path: Path) -> None:
    own = tmp_path / "rules.yaml"
    own.write_text("kpis:\n  first_arrival: {start: trigger}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"first_arrival \(start: expected 'alarm'"):
        load_rules(own)
