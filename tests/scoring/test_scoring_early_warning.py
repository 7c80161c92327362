"""A gas detector that alarms before the alarm, and a plan that does nothing about it.

In the bundled night the generator room's fixed H2S detector alarms at 10 ppm three
seconds in; the alarm comes only when Li finds Wang on the floor at T+5:00, and Wang
has collapsed at T+4:29. In the cold store the engine room's ammonia detector alarms at
25 ppm at once; Liu collapses at T+12:03 and the alarm comes at T+16:00.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring import check_plan, findings, score
from scoring.earlywarning import early_warnings, first_reading_min
from sim import Loaded, load, simulate
from sim.plan import Plan, Step
from tests.scoring import rule

AMMONIA = Path(__file__).parents[1] / "data" / "ammonia-cold-store.yaml"


@pytest.fixture(scope="module")
def ammonia() -> Loaded:
    return load(AMMONIA)


def answering(plan: Plan, place: str, ppm: float, to: str) -> Plan:
    """The plan with a step the detector's reading starts: call the people out, forbid
    entry without breathing apparatus, raise the alarm (one minute on the radio)."""
    step = Step.model_validate(
        {
            "id": "answer_gas_alarm",
            "name": "值班人员确认检测报警，呼叫人员撤出并报警",
            "name_en": "The duty staff confirm the gas alarm, call people out, raise the alarm",
            "owner": plan.duty_officer if plan.id.startswith("ammonia") else "shift_leader",
            "when": {"concentration_above": {"location": place, "ppm": ppm}},
            "duration": 1.0,
            "location": "duty_room" if plan.id.startswith("ammonia") else "central_control_room",
            "effects": [
                {"evacuate": {"location": place, "to": to}},
                {"forbid_entry": place},
                {"raise_alarm": True},
            ],
        }
    )
    return plan.model_copy(update={"steps": [step, *plan.steps]})


def test_a_detector_inject_that_does_not_raise_the_alarm_is_an_early_warning(
    poisoning: Loaded, waterworks: Loaded, ammonia: Loaded
) -> None:
    [w] = early_warnings(poisoning.scenario)
    assert w.inject.id == "detector_alarm" and w.places == ["generator_room"]
    assert first_reading_min(poisoning.scenario, w.inject.when) == pytest.approx(0.05, abs=0.01)
    [w] = early_warnings(ammonia.scenario)
    assert w.places == ["engine_room"]
    # the water works' fence detector fires about 5 s before the unloaders' own call
    assert [x.inject.id for x in early_warnings(waterworks.scenario)] == [
        "detector_fence",
        "resident_calls",
    ]


def test_check_finds_the_generator_room_alarm_unanswered(poisoning: Loaded) -> None:
    found = check_plan(
        poisoning.plan,
        poisoning.scenario,
        plan_doc=poisoning.plan_doc,
        scenario_doc=poisoning.scenario_doc,
    )
    [f] = rule(found, "static.early_warning_unanswered")
    # Wang is in the room: the warning was his to heed; the plan still works from the
    # alarm on, so it is no deficiency
    assert f.severity == "整改项" and f.objective == "alerting"
    assert f.data["warning_min"] == pytest.approx(0.05, abs=0.01) and f.data["alarm_min"] == 5.0
    assert f.data["people"] == ["wang"]
    assert "“尾气发电机房”检测报警后预案没有处置" in f.title.zh
    assert "早于情景中的报警（T+0:05:00）4.9 分钟" in f.evidence.zh
    assert "事故发生时该处有人：王某" in f.evidence.zh
    assert "GB/T 50493-2019" in f.recommendation.zh and "GB/T 29639-2020" in f.recommendation.zh
    assert "Nothing in the plan answers the gas alarm in 'Tail-gas generator room'" in f.title.en
    assert "4.9 min before the scenario's alarm (T+0:05:00)" in f.evidence.en
    assert f.refs[0].path == "steps" and f.refs[1].id == "detector_alarm"
    assert f.refs[1].path == "injects[0].when" and f.refs[1].line is not None


def test_a_detector_that_alarms_with_the_alarm_is_no_finding(waterworks: Loaded) -> None:
    found = check_plan(waterworks.plan, waterworks.scenario)
    assert rule(found, "static.early_warning_unanswered") == []


def test_without_a_scenario_there_is_no_warning_to_answer(poisoning: Loaded) -> None:
    assert rule(check_plan(poisoning.plan), "static.early_warning_unanswered") == []


def test_the_run_shows_who_went_down_while_nobody_answered(poisoning: Loaded) -> None:
    log = simulate(poisoning.scenario, poisoning.plan, 1)
    found = findings(log, poisoning.scenario, poisoning.plan)
    [f] = rule(found, "dynamic.early_warning_unanswered")
    assert f.severity == "整改项" and f.data["collapsed"] == ["wang"]
    assert f.title.zh == "“尾气发电机房”检测报警后 4.9 分钟无人处置"
    assert "王某于 T+0:04:29 在该处倒地" in f.evidence.zh
    assert "Wang (operator on patrol) collapsed there at T+0:04:29" in f.evidence.en
    # one root cause, one finding: the run's evidence goes under the plan's gap
    card = score(log, poisoning.scenario, poisoning.plan, seed=1)
    [root] = [f for f in card.findings if f.rule.endswith("early_warning_unanswered")]
    assert root.rule == "static.early_warning_unanswered" and len(root.consequences) == 1
    assert "无人处置" in root.consequences[0].zh


def test_a_step_on_the_detector_reading_answers_it_and_wang_walks_out(
    poisoning: Loaded,
) -> None:
    plan = answering(poisoning.plan, "generator_room", 10, "safe_area")
    assert rule(check_plan(plan, poisoning.scenario), "static.early_warning_unanswered") == []
    log = simulate(poisoning.scenario, plan, 1)
    # the engine watches the step from T+0: the control room answers at T+0:03
    started = next(e for e in log.events if e.kind == "step_started")
    assert started.step == "answer_gas_alarm" and started.t == pytest.approx(0.05, abs=0.01)
    alarm = next(e for e in log.events if e.kind == "alarm")
    assert alarm.t == pytest.approx(1.05, abs=0.01)
    walked = next(e for e in log.events if e.kind == "evacuation_started")
    assert walked.location == "generator_room" and walked.details["people"] == 1
    assert not [e for e in log.events if e.kind == "person" and e.actor == "wang"]
    assert rule(findings(log, poisoning.scenario, plan), "dynamic.early_warning_unanswered") == []


def test_the_cold_store_leaves_its_ammonia_alarm_unanswered(ammonia: Loaded) -> None:
    [static] = rule(check_plan(ammonia.plan, ammonia.scenario), "static.early_warning_unanswered")
    assert static.severity == "整改项" and static.data["people"] == ["operator"]
    assert "“氨制冷机房”检测报警后预案没有处置" in static.title.zh
    log = simulate(ammonia.scenario, ammonia.plan, 1)
    [f] = rule(findings(log, ammonia.scenario, ammonia.plan), "dynamic.early_warning_unanswered")
    assert f.data["alarm_min"] == 16.0 and f.data["collapsed"] == ["operator"]
    assert "值班制冷工刘某于 T+0:12:03 在该处倒地" in f.evidence.zh
    assert f.title.en == "Nobody answered the gas alarm in 'Ammonia engine room' for 16.0 min"


def test_an_answered_ammonia_alarm_gets_liu_out_before_he_collapses(ammonia: Loaded) -> None:
    plan = answering(ammonia.plan, "engine_room", 25, "yard")
    assert rule(check_plan(plan, ammonia.scenario), "static.early_warning_unanswered") == []
    log = simulate(ammonia.scenario, plan, 1)
    assert not [e for e in log.events if e.kind == "person" and e.actor == "operator"]
    assert rule(findings(log, ammonia.scenario, plan), "dynamic.early_warning_unanswered") == []


def test_a_step_that_also_waits_for_another_step_is_not_started_by_the_reading(
    ammonia: Loaded,
) -> None:
    plan = answering(ammonia.plan, "engine_room", 25, "yard")
    gated = plan.steps[0].model_copy(update={"after": ["forbid_entry"]})
    assert gated.on_reading == [] and plan.steps[0].on_reading == ["engine_room"]
    plan = plan.model_copy(update={"steps": [gated, *plan.steps[1:]]})
    assert rule(check_plan(plan, ammonia.scenario), "static.early_warning_unanswered")
