"""The bundled flawed revision: the check and a run each point at every flaw."""

from __future__ import annotations

import pytest

from scoring.check import check_plan
from scoring.finding import Finding
from scoring.gaps import findings
from scoring.scorecard import Scorecard, score
from sim import Loaded, simulate
from tests.scoring import FLAWED, line_of, rule


@pytest.fixture(scope="module")
def card(flawed: Loaded) -> Scorecard:
    log = simulate(flawed.scenario, flawed.plan, 1)
    return score(
        log,
        flawed.scenario,
        flawed.plan,
        plan_doc=flawed.plan_doc,
        scenario_doc=flawed.scenario_doc,
        seed=1,
    )


def test_the_flawed_revision_carries_the_schema_comment() -> None:
    first = FLAWED.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=plan.schema.json"


def test_check_finds_breathing_apparatus_stored_out_of_reach(flawed: Loaded) -> None:
    found = check_plan(flawed.plan, flawed.scenario, plan_doc=flawed.plan_doc)
    [f] = rule(found, "static.ba_out_of_reach")
    assert f.severity == "不足项" and f.capability == "equipment"
    assert f.refs[0].line == line_of(FLAWED, "location: office_building", after="id: scba_store")
    # mini fire station -> office store -> back for the stretcher -> generator room
    assert f.data["route_min"] == pytest.approx(12.5) and f.data["direct_min"] == 2.5


def test_check_finds_the_county_report_unstaffed_at_night(flawed: Loaded) -> None:
    found = check_plan(flawed.plan, flawed.scenario, plan_doc=flawed.plan_doc)
    [f] = rule(found, "static.owner_off_shift")
    assert f.severity == "不足项" and f.data["shift"] == "night"
    assert f.refs[0].path == "reporting[2].sender"
    assert f.refs[0].line == line_of(FLAWED, "sender: safety_officer")


def test_check_finds_no_step_forbidding_unprotected_entry(flawed: Loaded) -> None:
    found = check_plan(flawed.plan, flawed.scenario, plan_doc=flawed.plan_doc)
    [f] = rule(found, "static.no_forbid_entry")
    assert f.severity == "不足项" and f.data["location"] == "generator_room"
    steps_line = FLAWED.read_text(encoding="utf-8").splitlines().index("steps:") + 1
    assert f.refs[0].line == steps_line


def test_check_without_a_scenario_still_finds_the_plan_only_flaws(flawed: Loaded) -> None:
    found = check_plan(flawed.plan, plan_doc=flawed.plan_doc)
    rules = {f.rule for f in found if f.severity == "不足项"}
    assert rules == {
        "static.owner_off_shift",
        "static.no_forbid_entry",
        "static.report_content_missing",
    }  # travel to the SCBA store needs the scenario's site


def _root(card: Scorecard, root_rule: str) -> Finding:
    [f] = rule(card.findings, root_rule)
    return f


def test_a_run_points_at_the_scba_store_once(card: Scorecard, flawed: Loaded) -> None:
    # one root cause, one finding: the office store, with the detour it forced, the
    # late rescue and the casualties reached late listed under it
    f = _root(card, "static.ba_out_of_reach")
    assert f.kind == "dynamic" and f.severity == "不足项"
    assert f.refs[0].id == "scba_store"
    merged = f.data["consequence_rules"]
    assert isinstance(merged, list)
    assert {"dynamic.equipment_detour", "dynamic.step_late", "dynamic.kpi_late"} <= set(merged)
    assert any("绕行取用“正压式空气呼吸器" in c.zh for c in f.consequences)
    assert not [x for x in card.findings if x is not f and x.refs[0].id == "scba_store"]
    # the run's own findings, before they are gathered, still show each effect
    log = simulate(flawed.scenario, flawed.plan, 1)
    run = findings(log, flawed.scenario, flawed.plan, plan_doc=flawed.plan_doc)
    detours = {x.refs[0].id: x for x in rule(run, "dynamic.equipment_detour")}
    assert detours["scba_store"].data["resources"] == ["scba_store"]


def test_a_run_shows_the_unprotected_rescue_nothing_forbade(card: Scorecard) -> None:
    f = _root(card, "static.no_forbid_entry")
    assert f.kind == "dynamic" and f.data["consequence_rules"] == ["dynamic.unprotected_entry"]
    [c] = f.consequences
    assert "“李某”未佩戴呼吸器进入“尾气发电机房”" in c.zh
    assert "预案没有禁止无防护进入“尾气发电机房”的步骤" in c.zh


def test_a_run_breaches_the_legal_hour_and_is_rated_u(card: Scorecard) -> None:
    # a legal breach decides the rating: it stays a finding of its own
    [f] = rule(card.findings, "dynamic.report_legal_limit")
    assert f.forces_u and f.refs[0].line == line_of(FLAWED, "sender: safety_officer")
    assert (card.overall.hseep, card.overall.grade) == ("U", "不合格")
    assert card.overall.rule.zh.startswith(f"[{f.id}]")
    alerting = next(r for r in card.objectives if r.objective == "alerting")
    assert alerting.hseep == "U"


def test_the_bundled_plan_meets_the_legal_hour_on_the_same_seed(poisoning: Loaded) -> None:
    log = simulate(poisoning.scenario, poisoning.plan, 1)
    good = score(log, poisoning.scenario, poisoning.plan, plan_doc=poisoning.plan_doc)
    assert good.counts["不足项"] == 0
    # not forced to U: only the casualty's probable death caps it (at M)
    assert good.overall.hseep in ("P", "S", "M") and "强制" not in good.overall.rule.zh
    authority = next(k for k in good.kpis if k.key == "authority_informed")
    assert authority.status == "met"
