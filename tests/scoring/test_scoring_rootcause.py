"""Findings an evaluator keeps: one root cause, one finding, advice that fits.

Measured on the bundled pipeline run, seed 1: 25 findings (22 改进项) before the
root causes were gathered; every one of them is still there, as a finding or
as a consequence listed under its cause.
"""

from __future__ import annotations

from scoring.check import check_plan
from scoring.gaps import findings
from scoring.scorecard import Scorecard, score
from sim import Loaded, simulate
from sim.distributions import Fixed


def _card(loaded: Loaded, seed: int = 1) -> Scorecard:
    log = simulate(loaded.scenario, loaded.plan, seed)
    return score(
        log,
        loaded.scenario,
        loaded.plan,
        plan_doc=loaded.plan_doc,
        scenario_doc=loaded.scenario_doc,
        seed=seed,
    )


def test_a_call_in_role_is_one_finding_with_its_waits_under_it(pipeline: Loaded) -> None:
    card = _card(pipeline)
    # the monitoring group is only reachable by call-in at night: its wait, the idle
    # crew, the late gas monitoring and the late answer to the wind-shift inject are
    # one finding
    [f] = [x for x in card.findings if x.data.get("role") == "monitoring_group"]
    assert f.rule == "static.owner_call_in" and f.kind == "dynamic"
    merged = f.data["consequence_rules"]
    assert isinstance(merged, list)
    assert {"dynamic.wait", "dynamic.step_late", "dynamic.inject_late_response"} <= set(merged)
    assert not [x for x in card.findings if x.data.get("step") == "monitor_gas"]
    assert len(card.findings) == 7


def test_an_outside_force_driving_after_a_timely_call_is_no_wait(pipeline: Loaded) -> None:
    log = simulate(pipeline.scenario, pipeline.plan, 1)
    run = findings(log, pipeline.scenario, pipeline.plan)
    waited = {f.data["step"] for f in run if f.rule == "dynamic.wait"}
    # police, township, fire service and 120 were called at once: their travel is no wait
    assert not waited & {"traffic_control", "evacuate_hamlet", "fire_protect_exposures"}
    assert "ems_standby" not in waited
    # the county bureau was called by level I, declared late: that wait says call earlier
    [county] = [
        f for f in run if f.rule == "dynamic.wait" and f.data["step"] == "county_coordination"
    ]
    assert county.data["called_late_by"] == "level:level_i"
    assert "更早通知" in county.recommendation.zh


def test_a_dispatcher_is_never_proposed_as_a_backup_commander(pipeline: Loaded) -> None:
    log = simulate(pipeline.scenario, pipeline.plan, 1)
    run = findings(log, pipeline.scenario, pipeline.plan)
    proposed = {t for f in run if f.rule == "dynamic.idle_team" for t in f.data["teams"]}
    assert "dispatchers" not in proposed
    assert proposed  # other idle teams are still proposed


def test_care_is_never_advised_shorter(poisoning: Loaded) -> None:
    # first aid that takes 40 min of work (oxygen, CPR) runs past its target: the
    # advice is to start it sooner, never to cut the care short
    steps = [
        s.model_copy(update={"duration": Fixed(minutes=40.0)}) if s.id == "first_aid" else s
        for s in poisoning.plan.steps
    ]
    plan = poisoning.plan.model_copy(update={"steps": steps})
    log = simulate(poisoning.scenario, plan, 1)
    [late] = [
        f
        for f in findings(log, poisoning.scenario, plan)
        if f.rule == "dynamic.step_late" and f.data["step"] == "first_aid"
    ]
    assert "不应压缩" in late.recommendation.zh and "缩短" not in late.recommendation.zh
    assert "must not be cut short" in late.recommendation.en


def test_toxic_zones_come_from_the_hazard_field(pipeline: Loaded) -> None:
    # a pipeline fire has no toxic zone: no step must forbid unprotected entry, even
    # where a step wears breathing apparatus
    found = check_plan(pipeline.plan, pipeline.scenario)
    assert not [f for f in found if f.rule == "static.no_forbid_entry"]
