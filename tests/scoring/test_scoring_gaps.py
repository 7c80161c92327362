"""Each dynamic gap rule on a hand-built event log, with the finding an evaluator expects."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from scoring.finding import Finding
from scoring.gaps import findings
from sim import Loaded, load, simulate
from sim.events import EventLog
from tests.conftest import BUNDLED
from tests.scoring import Log, line_of, rule

PLAN = BUNDLED / "poisoning-plan.yaml"


def gaps(loaded: Loaded, log: EventLog) -> list[Finding]:
    return findings(
        log,
        loaded.scenario,
        loaded.plan,
        plan_doc=loaded.plan_doc,
        scenario_doc=loaded.scenario_doc,
    )


def completed(log: Log, t: float, step: str, actor: str, location: str) -> Log:
    return log.add(t, "step_completed", actor=actor, step=step, location=location)


def test_a_late_critical_step_is_a_corrective_action(poisoning: Loaded) -> None:
    log = completed(Log(alarm=4.0), 25.0, "first_aid", "mini_fire_team", "safe_area").end(30)
    [f] = rule(gaps(poisoning, log), "dynamic.step_late")
    assert f.severity == "整改项" and f.objective == "rescue"
    assert f.data["late_min"] == pytest.approx(5.0)
    assert f.refs[0].path == "steps[8].target_min"
    assert f.refs[0].line == line_of(PLAN, "target_min: 20", after="id: first_aid")


def test_a_late_ordinary_step_is_an_improvement(poisoning: Loaded) -> None:
    log = completed(Log(alarm=4.0), 16.0, "cordon", "security", "generator_room_door").end(30)
    [f] = rule(gaps(poisoning, log), "dynamic.step_late")
    assert f.severity == "改进项" and "1.0 分钟" in f.title.zh


def test_a_critical_step_never_done_is_a_deficiency_that_forces_u(poisoning: Loaded) -> None:
    log = (
        Log(alarm=4.0)
        .add(240.0, "step_not_done", actor="rescue_leader", step="scba_rescue", phase="ready",
             reasons=["scba_mfs: 0 of 2 free"])
        .end(240)
    )  # fmt: skip
    [f] = rule(gaps(poisoning, log), "dynamic.step_not_done")
    assert f.severity == "不足项" and f.forces_u
    assert "“正压式空气呼吸器（微型消防站）”仅 0 件可用（需要 2 件）" in f.evidence.zh


def test_an_internal_report_never_sent_is_a_corrective_action(poisoning: Loaded) -> None:
    log = (
        Log(alarm=4.0)
        .add(240.0, "step_not_done", actor="duty_officer", phase="report", report="to_unit_head",
             reasons=["no one filling role duty_officer is on duty or on call"])
        .end(240)
    )  # fmt: skip
    [f] = rule(gaps(poisoning, log), "dynamic.report_not_sent")
    assert f.severity == "整改项" and f.refs[0].path == "reporting[1].sender"
    assert "角色 duty_officer 无人在岗或可召回" in f.evidence.zh


def test_authority_informed_past_the_legal_hour_forces_u(poisoning: Loaded) -> None:
    log = (
        Log(alarm=2.0)
        .add(10.0, "report_received", actor="unit_head", report="to_unit_head")
        .add(72.0, "report_received", actor="county_bureau", report="to_county")
        .end(80)
    )
    [f] = rule(gaps(poisoning, log), "dynamic.report_legal_limit")
    assert f.severity == "不足项" and f.forces_u and f.data["measured_min"] == 62.0
    assert f.refs[0].path == "reporting[2].sender"


def test_waits_are_graded_by_length_and_what_they_waited_for(poisoning: Loaded) -> None:
    log = (
        Log(alarm=4.0)
        .add(20.0, "step_waiting", actor="ems_doctor", step="hand_over_ems",
             reasons=["no qualified team on duty or on scene yet"])
        .add(27.0, "step_started", actor="ems_crew", step="hand_over_ems", location="safe_area",
             crew=2, units=[], route=["safe_area"], travel_min=0)
        .add(8.0, "step_waiting", actor="cordon_group", step="cordon",
             reasons=["gas_detector: 0 of 1 free"])
        .add(11.0, "step_started", actor="security", step="cordon",
             location="generator_room_door", crew=1, units=["gas_detector#0"],
             route=["generator_room_door"], travel_min=0)
        .add(9.0, "step_waiting", actor="process_group", step="ventilate",
             reasons=["crew of 1 busy"])
        .add(9.5, "step_started", actor="control_operators", step="ventilate",
             location="generator_room_door", crew=1, units=[], route=["generator_room_door"],
             travel_min=0)
        .end(30)
    )  # fmt: skip
    waits = {f.data["step"]: f for f in rule(gaps(poisoning, log), "dynamic.wait")}
    assert set(waits) == {"hand_over_ems", "cordon"}  # half a minute is not a finding
    hand = waits["hand_over_ems"]
    assert hand.severity == "整改项" and hand.data["wait_min"] == 7.0  # critical, >= 5 min
    assert hand.capability == "organisation"
    cordon = waits["cordon"]
    assert cordon.severity == "改进项" and cordon.capability == "equipment"
    assert [r.path for r in cordon.refs] == ["steps[5]", "resources[2].quantity"]


def test_a_qualified_team_idle_while_a_step_waited(poisoning: Loaded) -> None:
    # isolate_leak belongs to the process group (control operators, busy); the mini fire
    # station crew holds scba, is on duty, and does nothing for 6 minutes
    log = (
        Log(alarm=4.0)
        .add(4.0, "step_started", actor="control_operators", step="cordon",
             location="generator_room_door", crew=3, units=[], route=["central_control_room"],
             travel_min=0)
        .add(4.0, "step_waiting", actor="process_group", step="isolate_leak",
             reasons=["crew of 2 busy"])
        .add(10.0, "step_completed", actor="control_operators", step="cordon",
             location="generator_room_door")
        .add(10.0, "step_started", actor="control_operators", step="isolate_leak",
             location="generator_room", crew=2, units=["scba_ccr#0", "scba_ccr#1"],
             route=["generator_room_door", "generator_room"], travel_min=0.3)
        .end(30)
    )  # fmt: skip
    [f] = rule(gaps(poisoning, log), "dynamic.idle_team")
    assert f.data == {"step": "isolate_leak", "teams": ["mini_fire_team"], "idle_min": 6.0}
    assert f.refs[0].path == "roles[4].staffed_by"


def test_an_idle_team_of_another_organisation_is_not_suggested(poisoning: Loaded) -> None:
    # even were no medical qualification needed, the plant's idle crews cannot fill a
    # role of the 120 EMS centre
    steps = [
        s.model_copy(update={"qualifications": []}) if s.id == "hand_over_ems" else s
        for s in poisoning.plan.steps
    ]
    loaded = replace(poisoning, plan=poisoning.plan.model_copy(update={"steps": steps}))
    log = (
        Log(alarm=4.0)
        .add(20.0, "step_waiting", actor="ems_doctor", step="hand_over_ems",
             reasons=["no qualified team on duty or on scene yet"])
        .add(30.0, "step_started", actor="ems_crew", step="hand_over_ems", location="safe_area",
             crew=2, units=[], route=["safe_area"], travel_min=0)
        .end(40)
    )  # fmt: skip
    assert not rule(gaps(loaded, log), "dynamic.idle_team")


def one_role_for_all_steps(loaded: Loaded) -> Loaded:
    steps = [s.model_copy(update={"owner": "cordon_group"}) for s in loaded.plan.steps]
    return replace(loaded, plan=loaded.plan.model_copy(update={"steps": steps}))


def concurrent(loaded: Loaded, n: int) -> EventLog:
    log = Log(alarm=4.0)
    for step in loaded.plan.steps[:n]:
        log.add(5.0, "step_started", actor="security", step=step.id, location="assembly_point",
                crew=2, units=[], route=["plant_gate"], travel_min=0)  # fmt: skip
        log.add(15.0, "step_completed", actor="security", step=step.id, location="assembly_point")
    return log.end(30)


def test_span_of_control_above_seven_assignments(poisoning: Loaded) -> None:
    loaded = one_role_for_all_steps(poisoning)
    [f] = rule(gaps(loaded, concurrent(loaded, 8)), "dynamic.span_of_control")
    assert (f.data["assignments"], f.data["people"], f.data["limit"]) == (8, 16, 7)
    assert f.severity == "整改项" and f.refs[0].id == "cordon_group"


def test_seven_assignments_are_within_the_ics_span(poisoning: Loaded) -> None:
    loaded = one_role_for_all_steps(poisoning)
    assert not rule(gaps(loaded, concurrent(loaded, 7)), "dynamic.span_of_control")


def test_people_exposed_above_idlh_and_aegl2(poisoning: Loaded) -> None:
    log = (
        Log(alarm=4.0)
        .add(2.0, "person", actor="wang", location="generator_room", state="collapsed", count=1)
        .add(12.0, "exposure", actor="wang", location="generator_room", substance="H2S",
             minutes=12.0, ppm_mean=800.0, toxic_load=9e4, above_idlh_min=11.0,
             above_aegl2_min=11.5, protected=False, count=1)
        .add(10.0, "exposure", actor="workshop_crew", location="oxidation_workshop",
             substance="H2S", minutes=10.0, ppm_mean=30.0, toxic_load=100.0,
             above_idlh_min=0.0, above_aegl2_min=3.0, protected=False, count=5)
        .add(60.0, "outcome", actor="wang", substance="H2S", count=1, toxic_load=9e4,
             probability_of_death=0.57)
        .end(60)
    )  # fmt: skip
    by_who = {f.data["who"]: f for f in rule(gaps(poisoning, log), "dynamic.person_exposed")}
    wang = by_who["wang"]
    assert wang.severity == "整改项" and wang.objective == "rescue"
    assert "概率函数死亡概率 0.57" in wang.evidence.zh
    assert "报警后至多 8.0 分钟" in wang.evidence.zh  # 12 min in the room, alarm at T+4
    assert wang.refs[0].id == "scba_rescue"
    crew = by_who["workshop_crew"]
    assert crew.severity == "改进项" and crew.objective == "protection"
    assert crew.refs[0].id == "evacuate_workshop"


def _crew_in_gas(units: list[str]) -> Log:
    """The mini fire station crew of 2 starts the rescue with ``units`` and breathes gas."""
    return (
        Log(alarm=4.0)
        .add(10.0, "step_started", actor="mini_fire_team", step="scba_rescue",
             location="generator_room", crew=2, units=units, route=["mini_fire_station"],
             travel_min=2.0)
        .add(45.0, "exposure", actor="mini_fire_team", step="scba_rescue",
             location="generator_room", substance="H2S", minutes=5.0, ppm_mean=400.0,
             toxic_load=5e3, above_idlh_min=5.0, above_aegl2_min=5.0, protected=False, count=2)
        .end(60)
    )  # fmt: skip


def test_a_crew_breathing_gas_after_its_air_ran_out_is_a_deficiency(poisoning: Loaded) -> None:
    log = _crew_in_gas(["scba_mfs#0", "scba_mfs#1", "stretcher#0"])
    [f] = rule(gaps(poisoning, log), "dynamic.responder_exposed")
    assert f.severity == "不足项" and f.refs[0].path == "steps[2].resources"
    assert "呼吸器失效或空气耗尽" in f.title.zh
    assert f.data["ba_sets"] == 2 and f.data["crew"] == 2


def test_a_crew_breathing_gas_without_breathing_apparatus_is_told_so(poisoning: Loaded) -> None:
    """A crew that drew no apparatus did not suffer a failed one: the finding says it wore
    none and asks for a set for each person going in."""
    [f] = rule(gaps(poisoning, _crew_in_gas(["stretcher#0"])), "dynamic.responder_exposed")
    assert (
        f.title.zh
        == "“微型消防站队员”执行“佩戴空气呼吸器进入机房救出中毒人员”时未佩戴呼吸器，暴露于有毒气体"
    )
    assert "失效" not in f.title.zh and "no breathing apparatus" in f.title.en
    assert "进入人员每人一具" in f.recommendation.zh


def test_a_crew_with_fewer_sets_than_people_is_told_so(poisoning: Loaded) -> None:
    [f] = rule(gaps(poisoning, _crew_in_gas(["scba_mfs#0"])), "dynamic.responder_exposed")
    assert "呼吸器少于进入人数（1 具，2 人）" in f.title.zh
    assert "breathing apparatus for 1 of 2 people" in f.title.en


def test_unprotected_entry_points_at_the_no_entry_step_that_came_too_late(
    poisoning: Loaded,
) -> None:
    log = (
        Log(alarm=4.0)
        .add(4.1, "entry", actor="li", location="generator_room", protected=False,
             prevented=False, blind_rescue=True, ppm=1080.7)
        .add(4.3, "person", actor="li", location="generator_room", state="collapsed", count=1)
        .add(4.8, "entry_forbidden", actor="shift_leaders", step="forbid_blind_rescue",
             location="generator_room")
        .add(4.8, "step_completed", actor="shift_leaders", step="forbid_blind_rescue",
             location="central_control_room")
        .end(30)
    )  # fmt: skip
    [f] = rule(gaps(poisoning, log), "dynamic.unprotected_entry")
    assert f.severity == "不足项" and f.capability == "training"
    assert f.refs[0].id == "forbid_blind_rescue"
    assert "T+0:04:48 才完成" in f.evidence.zh and "T+0:04:18 倒地" in f.evidence.zh


def test_entering_a_fire_zone_is_not_judged_by_breathing_apparatus(poisoning: Loaded) -> None:
    log = (
        Log(alarm=4.0)
        .add(9.0, "entry", actor="security", step="evacuate_workshop",
             location="oxidation_workshop", protected=False, crew=2, ppm=0.0)
        .end(30)
    )  # fmt: skip
    found = gaps(poisoning, log)
    assert not rule(found, "dynamic.unprotected_entry")
    [f] = rule(found, "dynamic.fire_zone_entry")
    assert f.severity == "改进项" and f.data["people"] == 2


def test_a_prevented_entry_is_not_a_finding(poisoning: Loaded) -> None:
    log = (
        Log(alarm=4.0)
        .add(5.9, "entry", actor="li", location="generator_room", protected=False,
             prevented=True, blind_rescue=True)
        .end(30)
    )  # fmt: skip
    assert not rule(gaps(poisoning, log), "dynamic.unprotected_entry")


def test_an_inject_whose_expected_action_never_came(poisoning: Loaded) -> None:
    log = (
        Log(alarm=4.0)
        .add(4.0, "inject", inject="li_finds_wang", message="...",
             expected_step="forbid_blind_rescue", expected_within_min=2.0)
        .end(30)
    )  # fmt: skip
    [f] = rule(gaps(poisoning, log), "dynamic.inject_no_response")
    assert f.severity == "整改项" and f.capability == "exercise"
    assert f.refs[1].file == str(BUNDLED / "poisoning.yaml")
    assert f.refs[1].path == "injects[2].expected_step"


def test_an_inject_answered_late_is_an_improvement(poisoning: Loaded) -> None:
    log = (
        Log(alarm=4.0)
        .add(4.0, "inject", inject="li_finds_wang", message="...",
             expected_step="forbid_blind_rescue", expected_within_min=2.0)
        .add(7.0, "step_completed", actor="shift_leaders", step="forbid_blind_rescue",
             location="central_control_room")
        .end(30)
    )  # fmt: skip
    [f] = rule(gaps(poisoning, log), "dynamic.inject_late_response")
    assert f.severity == "改进项" and f.data["late_min"] == pytest.approx(1.0)


def test_fetching_breathing_apparatus_from_afar_is_a_deficiency(flawed: Loaded) -> None:
    # flawed revision: SCBA sets in the office building; typical mini fire station ->
    # office 5.0 min, back for the stretcher 5.0, on to the generator room 2.5 (direct 2.5)
    log = (
        Log(alarm=5.0)
        .add(5.0, "step_started", actor="mini_fire_team", step="scba_rescue",
             location="generator_room", crew=2,
             units=["scba_store#0", "scba_store#1", "stretcher#0"],
             route=["mini_fire_station", "office_building", "mini_fire_station", "generator_room"],
             travel_min=13.6)
        .end(30)
    )  # fmt: skip
    [f] = rule(gaps(flawed, log), "dynamic.equipment_detour")
    assert f.severity == "不足项" and f.capability == "equipment"
    assert f.data["route_min"] == pytest.approx(12.5) and f.data["direct_min"] == 2.5
    assert f.data["resources"] == ["scba_store"]
    assert f.refs[0].path == "resources[0].location" and f.refs[0].id == "scba_store"


def test_kpis_with_default_targets_become_findings_when_missed(poisoning: Loaded) -> None:
    log = (
        Log(alarm=4.0)
        .add(2.0, "person", actor="wang", location="generator_room", state="collapsed", count=1)
        .end(60)
    )
    found = gaps(poisoning, log)
    [missed] = [f for f in rule(found, "dynamic.kpi_missed") if f.data["kpi"] == "casualty_reached"]
    assert missed.severity == "整改项" and missed.refs[0].id == "scba_rescue"


def test_terminating_before_the_criteria_is_a_deficiency(poisoning: Loaded) -> None:
    log = (
        Log(alarm=4.0)
        .add(50.0, "response_terminated", actor="management", step="terminate")
        .end(50)
    )
    [f] = rule(gaps(poisoning, log), "dynamic.terminated_early")
    assert f.severity == "不足项" and f.refs[0].path == "steps[12].after"


def test_an_internal_report_past_its_limit_is_a_corrective_action(poisoning: Loaded) -> None:
    log = (
        Log(alarm=4.0)
        .add(11.0, "report_sent", actor="shift_leader", report="to_duty_officer",
             to_role="duty_officer", limit_min=5.0, deadline=9.0, late=True, content=[])
        .add(11.0, "report_received", actor="duty_officer", report="to_duty_officer",
             sender="shift_leader")
        .end(30)
    )  # fmt: skip
    [f] = rule(gaps(poisoning, log), "dynamic.report_late")
    assert f.severity == "整改项" and "2.0 分钟" in f.title.zh
    assert f.refs[0].path == "reporting[0].limit_min"


def test_a_crew_sent_in_without_breathing_apparatus(poisoning: Loaded) -> None:
    log = (
        Log(alarm=4.0)
        .add(9.0, "entry", actor="security", step="cordon", location="generator_room",
             protected=False, crew=2, ppm=300.0)
        .end(30)
    )  # fmt: skip
    [f] = rule(gaps(poisoning, log), "dynamic.unprotected_entry")
    assert f.severity == "不足项" and f.capability == "equipment"
    assert f.refs[0].path == "steps[5].resources" and "2 人" in f.evidence.zh


def test_terminating_after_the_criteria_is_not_a_finding(poisoning: Loaded) -> None:
    log = Log(alarm=4.0)
    log.add(2.0, "person", actor="wang", location="generator_room", state="collapsed", count=1)
    log.add(11.0, "release_stopped", actor="control_operators", step="isolate_leak",
            location="generator_room", hazard="h2s_leak")  # fmt: skip
    log.add(34.0, "person", actor="wang", location="safe_area", state="handed_to_ems", count=1)
    for step, t in (("hand_over_ems", 34.0), ("verify_atmosphere", 60.0), ("headcount", 18.0)):
        log.add(t, "step_completed", actor="x", step=step, location="safe_area")
    log.add(70.0, "response_terminated", actor="management", step="terminate")
    assert not rule(gaps(poisoning, log.end(70)), "dynamic.terminated_early")


def test_a_gas_without_a_lethality_probit_is_not_given_a_probability_of_death_of_zero(
    poisoning: Loaded,
) -> None:
    """CO has no published lethality probit (REFERENCE: probits for Cl2, H2S, NH3 only):
    a stoker who breathed it above IDLH for minutes is not told 'probability of death
    0.00'; one whose breathing stopped is judged by asphyxia, and the evidence says so."""
    log = (
        Log(alarm=4.0)
        .add(12.0, "exposure", actor="wang", location="generator_room", substance="CO",
             minutes=12.0, ppm_mean=1300.0, toxic_load=15600.0, above_idlh_min=5.0,
             above_aegl2_min=11.5, protected=False, count=1)
        .add(60.0, "outcome", actor="wang", substance="CO", count=1, toxic_load=15600.0,
             path="probit")
        .end(60)
    )  # fmt: skip
    [wang] = rule(gaps(poisoning, log), "dynamic.person_exposed")
    assert "0.00" not in wang.evidence.zh
    assert "CO无公开的致死概率函数" in wang.evidence.zh
    assert "no published lethality probit for CO" in wang.evidence.en
    asphyxia = (
        Log(alarm=4.0)
        .add(12.0, "exposure", actor="wang", location="generator_room", substance="CO",
             minutes=12.0, ppm_mean=13000.0, toxic_load=156000.0, above_idlh_min=12.0,
             above_aegl2_min=12.0, protected=False, count=1)
        .add(60.0, "outcome", actor="wang", substance="CO", count=1, toxic_load=156000.0,
             path="asphyxia", probability_of_death=0.63)
        .end(60)
    )  # fmt: skip
    [wang] = rule(gaps(poisoning, asphyxia), "dynamic.person_exposed")
    assert "窒息及中毒死亡概率 0.63" in wang.evidence.zh and "概率函数" not in wang.evidence.zh


def test_entering_a_burning_ruptures_zone_in_breathing_apparatus_is_still_a_finding(
    pipeline: Loaded,
) -> None:
    """Breathing apparatus is no shield from the heat: two firefighters in SCBA sent to
    the break while it burns take a dose that Eisenberg's probit makes fatal, and the
    finding says so and is a 不足项; a crew at the edge of the zone that takes little
    heat stays an 改进项."""
    log = (
        Log(alarm=1.0)
        .add(13.0, "entry", actor="fire_crew", step="fire_protect_exposures",
             location="rupture_site", protected=True, crew=2, ppm=0.0)
        .add(14.5, "exposure", actor="fire_crew", step="fire_protect_exposures",
             location="rupture_site", substance="thermal radiation", minutes=1.5,
             flux_max_kw_m2=300.0, above_pain_min=1.5, thermal_dose=4.0e8,
             protected=False, count=2)
        .add(20.0, "entry", actor="village_cadres", step="evacuate_hamlet",
             location="lijiazhuang", protected=False, crew=3, ppm=0.0)
        .add(30.0, "exposure", actor="village_cadres", step="evacuate_hamlet",
             location="lijiazhuang", substance="thermal radiation", minutes=10.0,
             flux_max_kw_m2=2.0, above_pain_min=0.0, thermal_dose=5.0e4,
             protected=False, count=3)
        .end(60)
    )  # fmt: skip
    found = {f.data["who"]: f for f in rule(gaps(pipeline, log), "dynamic.fire_zone_entry")}
    fire = found["fire_crew"]
    assert fire.severity == "不足项"
    assert "每人热辐射死亡概率 1.00" in fire.evidence.zh
    assert "probability of death from the heat of 1.00" in fire.evidence.en
    cadres = found["village_cadres"]
    assert cadres.severity == "改进项" and "死亡概率" not in cadres.evidence.zh


def test_an_outside_forces_journey_after_a_timely_call_is_no_wait(waterworks: Loaded) -> None:
    """Waterworks, seed 1: 120 is called at T+3:30 and its crew reaches the west gate at
    T+26:17 with its ambulance, and takes the escort over at once. The 12 min the hand-over
    was ready before that were the ambulance's journey, though the engine also listed the
    ambulance as not free: no wait finding, and no "give its work enough crew"."""
    found = findings(
        simulate(waterworks.scenario, waterworks.plan, 1), waterworks.scenario, waterworks.plan
    )
    assert [f for f in rule(found, "dynamic.wait") if f.data["step"] == "hand_over_ems"] == []
    assert not any("已及时通知并已到场" in f.recommendation.zh for f in found)
    # the water curtain, late because the brigade was on its way, is told so: not
    # "add teams to the role or equipment"
    [late] = [f for f in rule(found, "dynamic.step_late") if f.refs[0].id == "water_curtain"]
    assert "“县消防救援大队”到场" in late.recommendation.zh
    assert "增配物资" not in late.recommendation.zh
    assert "to arrive, called in time" in late.recommendation.en


def test_a_carriers_drive_from_60_km_is_no_wait() -> None:
    """The carrier's team (tests/data/nh3-tanker*) reaches the command post at T+1:47 and
    starts the transfer at once: its 47 min drive from 60 km away is no wait."""
    data = Path(__file__).parents[1] / "data"
    tanker = load(data / "nh3-tanker.yaml")
    found = findings(simulate(tanker.scenario, tanker.plan, 1), tanker.scenario, tanker.plan)
    assert [f for f in rule(found, "dynamic.wait") if f.data["step"] == "transfer_load"] == []
