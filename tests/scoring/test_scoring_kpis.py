"""Each KPI on a hand-built event log of the bundled poisoning scenario, with known answers."""

from __future__ import annotations

import math

import pytest

from scoring.gaps import findings
from scoring.kpi import kpis
from scoring.rules import load_rules
from sim import Loaded, simulate
from tests.scoring import Log, one, rule


def test_alarm_is_reported_from_the_accident_without_a_target(poisoning: Loaded) -> None:
    log = Log(alarm=3.5).end(10)
    k = one(kpis(log, poisoning.scenario, poisoning.plan), "alarm")
    assert k.value == 3.5 and k.target is None and k.status == "info" and not k.rated


def test_unit_head_target_is_the_sum_of_the_plans_reporting_limits(poisoning: Loaded) -> None:
    # to_duty_officer 5 min + to_unit_head 10 min, both counted from the alarm
    log = (
        Log(alarm=2.0)
        .add(14.0, "report_received", actor="unit_head", report="to_unit_head")
        .end(20)
    )
    k = one(kpis(log, poisoning.scenario, poisoning.plan), "unit_head_informed")
    assert k.target == 15 and k.target_from_plan
    assert k.value == pytest.approx(12.0) and k.ratio == pytest.approx(0.8)
    assert k.status == "met" and k.score == 100
    assert [r.path for r in k.refs] == ["reporting[0].limit_min", "reporting[1].limit_min"]


def test_a_late_kpi_scores_on_the_linear_curve(poisoning: Loaded) -> None:
    log = (
        Log(alarm=2.0)
        .add(20.0, "report_received", actor="unit_head", report="to_unit_head")
        .end(30)
    )
    k = one(kpis(log, poisoning.scenario, poisoning.plan), "unit_head_informed")
    # 18 min against 15: ratio 1.2, score 100 - 100 x 0.2 = 80
    assert k.status == "late" and k.ratio == pytest.approx(1.2) and k.score == pytest.approx(80)


def test_authority_report_counts_from_the_unit_head_being_informed(poisoning: Loaded) -> None:
    log = (
        Log(alarm=2.0)
        .add(10.0, "report_received", actor="unit_head", report="to_unit_head")
        .add(69.0, "report_received", actor="county_bureau", report="to_county")
        .end(80)
    )
    k = one(kpis(log, poisoning.scenario, poisoning.plan), "authority_informed")
    assert k.start == "unit_head_informed" and k.start_min == 10.0
    assert k.value == pytest.approx(59.0) and k.target == 60 and k.status == "met"
    assert k.legal and k.subject == "county_bureau"
    assert "第九条" in k.target_source.zh


def test_authority_report_62_minutes_after_the_unit_head_knew_is_late(poisoning: Loaded) -> None:
    log = (
        Log(alarm=2.0)
        .add(10.0, "report_received", actor="unit_head", report="to_unit_head")
        .add(72.0, "report_received", actor="county_bureau", report="to_county")
        .end(80)
    )
    k = one(kpis(log, poisoning.scenario, poisoning.plan), "authority_informed")
    assert k.value == pytest.approx(62.0) and k.status == "late"


@pytest.mark.parametrize(
    ("arrived", "status"),
    [(71.0, "met"), (71.2, "met"), (71.3, "late")],  # 2 % of 60 min is 72 s
)
def test_lateness_within_max_30_s_or_2_percent_counts_as_met(
    poisoning: Loaded, arrived: float, status: str
) -> None:
    log = (
        Log(alarm=2.0)
        .add(10.0, "report_received", actor="unit_head", report="to_unit_head")
        .add(arrived, "report_received", actor="county_bureau", report="to_county")
        .end(80)
    )
    k = one(kpis(log, poisoning.scenario, poisoning.plan), "authority_informed")
    assert k.status == status
    if status == "met":
        assert k.score == 100 and k.note is not None and "容差" in k.note.zh
        found = findings(log, poisoning.scenario, poisoning.plan)
        assert rule(found, "dynamic.report_legal_limit") == []


def test_thirty_seconds_late_on_a_short_target_is_within_tolerance(poisoning: Loaded) -> None:
    # 3 min target: 2 % is 3.6 s, so the 30 s floor applies
    for t, status in ((7.5, "met"), (7.6, "late")):
        log = Log(alarm=4.0).add(
            t, "team_arrived", actor="mini_fire_team", location="generator_room_door", size=2
        )
        k = one(kpis(log.end(30), poisoning.scenario, poisoning.plan), "first_arrival")
        assert k.status == status


def test_authority_never_informed_is_missed_once_the_hour_has_passed(poisoning: Loaded) -> None:
    base = Log(alarm=2.0).add(10.0, "report_received", actor="unit_head", report="to_unit_head")
    missed = one(kpis(base.end(240), poisoning.scenario, poisoning.plan), "authority_informed")
    assert missed.status == "missed" and missed.score == 0
    base = Log(alarm=2.0).add(10.0, "report_received", actor="unit_head", report="to_unit_head")
    pending = one(kpis(base.end(40), poisoning.scenario, poisoning.plan), "authority_informed")
    assert pending.status == "pending" and pending.score is None


def test_authority_not_yet_due_when_all_is_done_is_missed(poisoning: Loaded) -> None:
    # a run that ends "all done" at T+40 has nothing more to do: the report the law
    # wants within the hour will never be made, though the hour is not over
    base = Log(alarm=2.0).add(10.0, "report_received", actor="unit_head", report="to_unit_head")
    k = one(
        kpis(base.end(40, "all done"), poisoning.scenario, poisoning.plan), "authority_informed"
    )
    assert k.status == "missed" and k.score == 0
    assert k.note is not None and "nothing left to do" in k.note.en


def test_level_declared_counts_from_its_trigger_not_before_the_alarm(poisoning: Loaded) -> None:
    # level_ii triggers on Wang's collapse (T+3); levels are judged from the alarm (T+4)
    log = (
        Log(alarm=4.0)
        .add(3.0, "person", actor="wang", location="generator_room", state="collapsed", count=1)
        .add(8.0, "level_declared", actor="duty_officer", level="level_ii", rank=2)
        .end(30)
    )
    k = one(kpis(log, poisoning.scenario, poisoning.plan), "level_declared", "level_ii")
    assert k.start_min == 4.0 and k.value == pytest.approx(4.0)
    assert k.target == 5 and k.status == "met"


def test_first_arrival_against_the_mini_fire_station_3_minutes(poisoning: Loaded) -> None:
    log = (
        Log(alarm=4.0)
        .add(8.0, "team_arrived", actor="mini_fire_team", location="generator_room_door", size=2)
        .end(30)
    )
    k = one(kpis(log, poisoning.scenario, poisoning.plan), "first_arrival")
    assert k.target == 3 and "3 分钟到场" in k.target_source.zh
    assert k.value == pytest.approx(4.0) and k.status == "late"
    assert k.score == pytest.approx(100 - 100 * (4.0 / 3 - 1))


def test_breathing_apparatus_on_the_first_entry_team(poisoning: Loaded) -> None:
    log = (
        Log(alarm=4.0)
        .add(5.0, "entry", actor="li", location="generator_room", protected=False, prevented=False)
        .add(8.0, "entry", actor="control_operators", step="isolate_leak",
             location="generator_room", protected=True, crew=2, ppm=900.0)
        .end(30)
    )  # fmt: skip
    k = one(kpis(log, poisoning.scenario, poisoning.plan), "ba_first_entry")
    assert k.t_min == 8.0 and k.value == pytest.approx(4.0) and k.status == "met"


def test_casualty_reached_extracted_and_handed_over(poisoning: Loaded) -> None:
    log = (
        Log(alarm=4.0)
        .add(2.0, "person", actor="wang", location="generator_room", state="collapsed", count=1)
        .add(7.0, "step_working", actor="mini_fire_team", step="scba_rescue",
             location="generator_room", duration_min=5.0)
        .add(12.0, "person", actor="wang", step="scba_rescue", location="safe_area",
             state="rescued", count=1)
        .add(45.0, "person", actor="wang", step="hand_over_ems", location="safe_area",
             state="handed_to_ems", count=1)
        .end(60)
    )  # fmt: skip
    measured = kpis(log, poisoning.scenario, poisoning.plan)
    reached = one(measured, "casualty_reached", "wang")
    assert reached.start_min == 4.0 and reached.value == pytest.approx(3.0)
    extracted = one(measured, "casualty_extracted", "wang")
    assert extracted.target == 15 and extracted.target_from_plan and extracted.critical
    assert extracted.value == pytest.approx(12.0) and extracted.status == "met"
    handed = one(measured, "casualty_handed_to_ems", "wang")
    assert handed.target == 40 and handed.status == "late"


def test_responders_without_breathing_apparatus_count_people(poisoning: Loaded) -> None:
    log = (
        Log(alarm=4.0)
        .add(5.0, "entry", actor="li", location="generator_room", protected=False, prevented=False)
        .add(5.5, "entry", actor="workshop_crew", location="generator_room", protected=False,
             prevented=True)
        .add(9.0, "entry", actor="security", step="cordon", location="generator_room",
             protected=False, crew=2, ppm=300.0)
        .end(30)
    )  # fmt: skip
    k = one(kpis(log, poisoning.scenario, poisoning.plan), "responders_unprotected")
    # reported here; rated (and capped) as a consequence
    assert k.value == 3 and k.target == 0 and k.status == "exceeded" and not k.rated
    # the note names them as the scorecard prints it, not by their ids
    assert k.note is not None and k.note.en == "Li (co-worker), Security and cordon team"
    assert k.note.zh == "李某、保安警戒组"


def test_release_stopped_against_the_isolation_step_target(poisoning: Loaded) -> None:
    log = (
        Log(alarm=4.0)
        .add(18.0, "release_stopped", actor="control_operators", step="isolate_leak",
             location="generator_room", hazard="h2s_leak")
        .end(30)
    )  # fmt: skip
    k = one(kpis(log, poisoning.scenario, poisoning.plan), "release_stopped", "h2s_leak")
    assert k.target == 20 and k.value == 18 and k.status == "met" and k.critical


def test_termination_before_its_criteria_hold_scores_zero(poisoning: Loaded) -> None:
    log = (
        Log(alarm=4.0)
        .add(2.0, "person", actor="wang", location="generator_room", state="collapsed", count=1)
        .add(50.0, "response_terminated", actor="management", step="terminate")
        .end(50)
    )
    k = one(kpis(log, poisoning.scenario, poisoning.plan), "response_terminated")
    assert k.status == "criteria_not_met" and k.score == 0
    assert k.note is not None
    assert "'Tail-gas flange leak (H2S)' still releasing" in k.note.en
    assert "Wang (operator on patrol) not yet handed to EMS" in k.note.en
    assert "“尾气管线法兰泄漏（含硫化氢）”仍在泄漏" in k.note.zh and "王某未移交120" in k.note.zh


def test_evacuation_counts_until_the_headcount_is_reconciled(poisoning: Loaded) -> None:
    log = (
        Log(alarm=4.0)
        .add(12.0, "evacuated", actor="security", step="evacuate_workshop",
             location="oxidation_workshop", to="assembly_point", people=5)
        .add(18.0, "step_completed", actor="security", step="headcount",
             location="assembly_point")
        .end(30)
    )  # fmt: skip
    k = one(kpis(log, poisoning.scenario, poisoning.plan), "evacuation_complete")
    assert k.t_min == 18.0 and k.target == 25 and k.status == "met"
    assert k.refs[0].path == "steps[7].target_min"


def test_exposure_person_minutes_weigh_by_count_and_skip_protected(poisoning: Loaded) -> None:
    log = (
        Log(alarm=4.0)
        .add(10.0, "exposure", actor="workshop_crew", location="oxidation_workshop",
             substance="H2S", minutes=10.0, ppm_mean=30.0, toxic_load=100.0,
             above_idlh_min=0.0, above_aegl2_min=3.0, protected=False, count=5)
        .add(12.0, "exposure", actor="wang", location="generator_room", substance="H2S",
             minutes=12.0, ppm_mean=800.0, toxic_load=9e4, above_idlh_min=11.0,
             above_aegl2_min=11.5, protected=False, count=1)
        .add(13.0, "exposure", actor="control_operators", step="isolate_leak",
             location="generator_room", substance="H2S", minutes=4.0, ppm_mean=900.0,
             toxic_load=0.0, above_idlh_min=4.0, above_aegl2_min=4.0, protected=True, count=2)
        .add(60.0, "outcome", actor="wang", substance="H2S", count=1, toxic_load=9e4,
             probability_of_death=0.5)
        .add(60.0, "outcome", actor="workshop_crew", substance="H2S", count=5, toxic_load=100.0,
             probability_of_death=0.02)
        .end(60)
    )  # fmt: skip
    measured = kpis(log, poisoning.scenario, poisoning.plan)
    assert one(measured, "person_min_above_aegl2").value == pytest.approx(5 * 3.0 + 11.5)
    assert one(measured, "person_min_above_idlh").value == pytest.approx(11.0)
    assert one(measured, "expected_fatalities").value == pytest.approx(0.5 + 5 * 0.02)


def test_exposure_is_not_measured_when_the_log_has_no_exposure_events(poisoning: Loaded) -> None:
    measured = kpis(Log(alarm=4.0).end(30), poisoning.scenario, poisoning.plan)
    for key in ("person_min_above_aegl2", "person_min_above_idlh", "expected_fatalities"):
        k = one(measured, key)
        assert k.status == "not_measured" and k.value is None and k.score is None


def test_mutual_aid_against_the_plans_request_step(poisoning: Loaded) -> None:
    log = Log(alarm=4.0).add(12.0, "notified", actor="city_rescue", by="duty_managers").end(30)
    k = one(kpis(log, poisoning.scenario, poisoning.plan), "mutual_aid_requested", "city_rescue")
    assert k.target == 15 and k.target_from_plan and k.status == "met"


def test_mutual_aid_without_a_plan_target_counts_from_its_trigger(poisoning: Loaded) -> None:
    steps = [
        s.model_copy(update={"target_min": None}) if s.id == "request_city_rescue" else s
        for s in poisoning.plan.steps
    ]
    plan = poisoning.plan.model_copy(update={"steps": steps})
    log = (
        Log(alarm=4.0)
        .add(3.0, "person", actor="wang", location="generator_room", state="collapsed", count=1)
        .add(16.0, "notified", actor="city_rescue", by="duty_managers")
        .end(30)
    )
    k = one(kpis(log, poisoning.scenario, plan), "mutual_aid_requested", "city_rescue")
    # level_ii (Wang collapsed) enables the request; it holds from the alarm at T+4
    assert k.start == "trigger" and k.start_min == 4.0
    assert k.value == pytest.approx(12.0) and k.target == 10 and k.status == "late"


@pytest.mark.parametrize(
    ("key", "org", "team", "seconds"),
    [
        ("fire_arrival", "fire119", "fire_crew", 64 + 80 + 240),
        ("ems_arrival", "ems120", "ems_crew", 64 + 60 + 240),
    ],
)
def test_outside_services_against_nfpa_1710_as_a_labelled_option(
    poisoning: Loaded, key: str, org: str, team: str, seconds: int
) -> None:
    log = (
        Log(alarm=4.0)
        .add(10.0, "notified", actor=org, by="level:level_i")
        .add(10.0 + seconds / 60, "team_arrived", actor=team, location="safe_area", size=3)
        .end(30)
    )
    nfpa = load_rules("nfpa1710")
    k = one(kpis(log, poisoning.scenario, poisoning.plan, nfpa), key, org)
    assert k.target == pytest.approx(seconds / 60, abs=0.01)
    assert "NFPA 1710" in k.target_source.en and k.target_source.zh.startswith("可选")
    assert math.isclose(k.value or 0, seconds / 60) and k.status == "met"
    assert not k.rated  # an outside service is reported, not rated, by default


def test_fire_service_by_default_against_the_urban_fire_station_standard(
    poisoning: Loaded,
) -> None:
    log = (
        Log(alarm=4.0)
        .add(10.0, "notified", actor="fire119", by="level:level_i")
        .add(15.5, "team_arrived", actor="fire_crew", location="safe_area", size=3)
        .end(30)
    )
    k = one(kpis(log, poisoning.scenario, poisoning.plan), "fire_arrival", "fire119")
    assert k.target == 5 and "《城市消防站建设标准》" in k.target_source.zh
    assert "NFPA" not in k.target_source.zh and k.status == "met"  # 30 s: within tolerance


def test_the_local_120_target_is_plan_data(poisoning: Loaded) -> None:
    orgs = [
        o.model_copy(update={"arrival_target_min": 12.0, "arrival_target_basis": "县卫健委"})
        if o.id == "ems120"
        else o
        for o in poisoning.plan.organisations
    ]
    plan = poisoning.plan.model_copy(update={"organisations": orgs})
    log = (
        Log(alarm=4.0)
        .add(10.0, "notified", actor="ems120", by="level:level_ii")
        .add(25.0, "team_arrived", actor="ems_crew", location="safe_area", size=3)
        .end(40)
    )
    k = one(kpis(log, poisoning.scenario, plan), "ems_arrival", "ems120")
    assert k.target == 12 and k.target_from_plan and "县卫健委" in k.target_source.zh
    assert k.status == "late"
    default = one(kpis(log, poisoning.scenario, poisoning.plan), "ems_arrival", "ems120")
    assert default.target is None and default.status == "info"


def test_mini_station_targets_apply_only_where_the_plan_has_one(
    poisoning: Loaded, pipeline: Loaded
) -> None:
    log = (
        Log(alarm=4.0)
        .add(9.0, "team_arrived", actor="mini_fire_team", location="generator_room_door", size=2)
        .end(30)
    )
    k = one(kpis(log, poisoning.scenario, poisoning.plan), "first_arrival")
    assert k.target == 3 and "微型消防站建设标准" in k.target_source.zh
    plog = simulate(pipeline.scenario, pipeline.plan, seed=1)
    k = one(kpis(plog, pipeline.scenario, pipeline.plan), "first_arrival")
    assert k.target is None and not k.rated and "无微型消防站" in k.target_source.zh
