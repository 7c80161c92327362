"""An outside force called in time is on its way: its crew's own kit (the ambulance of a
120 crew, ``team: ems_crew``) travels with it, so a step waiting for both waited for the
crew alone. Neither a wait nor "give its work enough crew, it is on scene" is said, and
a step late only for that wait is told the truth: the time went on its turnout and journey.

On the bundled pipeline plan (120 called by level II at T+5, on time), with its two
ambulances made the 120 crew's own kit.
"""

from __future__ import annotations

from scoring.gaps import findings
from sim import Loaded
from sim.plan import Plan
from tests.scoring import Log, rule

NOT_THERE = "no qualified team on duty or on scene yet"


def with_ambulances_of_the_crew(plan: Plan, target: float = 60.0) -> Plan:
    res = [
        r.model_copy(update={"team": "ems_crew"}) if r.id == "ambulance" else r
        for r in plan.resources
    ]
    steps = [s.model_copy(update={"target_min": target}) if s.id == "ems_standby" else s
             for s in plan.steps]  # fmt: skip
    return plan.model_copy(update={"resources": res, "steps": steps})


def waiting_for_120(end: float) -> Log:
    return (
        Log(alarm=1.0)
        .add(1.0, "trigger_held", level="level_ii", held_at_alarm=True)
        .add(3.0, "level_declared", level="level_ii", rank=1, actor="duty_managers")
        .add(3.0, "notified", actor="ems120", by="level:level_ii", contact="120")
        .add(3.0, "step_ready", step="ems_standby", forced=False)
        .add(12.0, "step_waiting", step="ems_standby",
             reasons=[NOT_THERE, "ambulance: 0 of 2 free"])
        .add(25.0, "team_arrived", actor="ems_crew", location="command_post", size=6)
        .add(25.0, "step_started", step="ems_standby", actor="ems_crew",
             location="command_post", crew=6, units=["ambulance#0", "ambulance#1"])
        .add(25.0, "step_working", step="ems_standby", actor="ems_crew",
             location="command_post", duration_min=8.0)
        .add(end, "step_completed", step="ems_standby", actor="ems_crew",
             location="command_post")
    )  # fmt: skip


def test_the_crews_own_ambulance_on_the_road_with_it_is_no_wait(pipeline: Loaded) -> None:
    plan = with_ambulances_of_the_crew(pipeline.plan)
    log = waiting_for_120(33.0).end(60)
    waits = [f for f in rule(findings(log, pipeline.scenario, plan), "dynamic.wait")
             if f.data.get("step") == "ems_standby"]  # fmt: skip
    assert waits == []


def test_a_step_late_for_a_force_on_its_way_is_not_told_to_add_equipment(
    pipeline: Loaded,
) -> None:
    plan = with_ambulances_of_the_crew(pipeline.plan, target=20.0)
    log = waiting_for_120(33.0).end(60)
    [late] = [f for f in rule(findings(log, pipeline.scenario, plan), "dynamic.step_late")
              if f.data.get("step") == "ems_standby"]  # fmt: skip
    assert "增配物资" not in late.recommendation.zh
    assert "通知及时，为其出动和路程时间" in late.recommendation.zh
    assert "turnout and journey" in late.recommendation.en
