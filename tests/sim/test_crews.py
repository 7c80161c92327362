"""Crews and their equipment: needs by type, own kit, mixed teams (issue: the model on
scenarios it was not shaped for)."""

from __future__ import annotations

from typing import Any

import pytest

from sim import EventLog, Loaded, simulate
from sim.distributions import Fixed
from sim.plan import Plan, Resource, ResourceNeed, Step, Team
from sim.scenario import Scenario
from tests.conftest import BUNDLED


def with_steps(plan: Plan, **updates: dict[str, Any]) -> Plan:
    steps = [s.model_copy(update=updates[s.id]) if s.id in updates else s for s in plan.steps]
    return plan.model_copy(update={"steps": steps})


def with_teams(plan: Plan, **updates: dict[str, Any]) -> Plan:
    teams = [
        Team.model_validate({**t.model_dump(), **updates[t.id]}) if t.id in updates else t
        for t in plan.teams
    ]
    return plan.model_copy(update={"teams": teams})


def without_mini_fire_station(loaded: Loaded) -> tuple[Scenario, Plan]:
    """The night the mini fire station crew is away and its SCBA sets are out for service;
    the fire brigade, SCBA-trained, brings six sets on its engine."""
    scenario = loaded.scenario.model_copy(update={"absent_teams": ["mini_fire_team"]})
    resources = [
        r.model_copy(update={"quantity": 0}) if r.id == "scba_mfs" else r
        for r in loaded.plan.resources
    ]
    own = Resource(
        id="scba_fire",
        name="消防救援站正压式空气呼吸器",
        type="scba",
        quantity=6,
        location="fire_station",
        team="fire_crew",
        air_duration_min=30,
    )
    plan = loaded.plan.model_copy(update={"resources": [*resources, own]})
    return scenario, plan


def started(log: EventLog, step: str) -> Any:
    return log.first("step_started", step=step)


def test_an_arrived_fire_brigade_does_the_scba_step_with_its_own_sets(poisoning: Loaded) -> None:
    scenario, plan = without_mini_fire_station(poisoning)
    plan = with_steps(
        plan,
        scba_rescue={
            "resources": [
                ResourceNeed(type="scba", quantity=2),
                ResourceNeed(resource="stretcher"),
            ]
        },
    )
    log = simulate(scenario, plan, 1)
    rescue = started(log, "scba_rescue")
    assert rescue is not None and rescue.actor == "fire_crew"
    assert [u.split("#")[0] for u in rescue.details["units"]][:2] == ["scba_fire", "scba_fire"]
    arrived = log.first("team_arrived", actor="fire_crew")
    assert arrived is not None and rescue.t == arrived.t  # no wait at the door
    assert rescue.details["route"][0] == "generator_room_door"


def test_a_step_naming_the_plants_sets_keeps_the_fire_brigade_waiting(poisoning: Loaded) -> None:
    scenario, plan = without_mini_fire_station(poisoning)
    plan = with_steps(
        plan,
        scba_rescue={
            "resources": [
                ResourceNeed(resource="scba_mfs", quantity=2),
                ResourceNeed(resource="stretcher"),
            ]
        },
    )
    log = simulate(scenario, plan, 1)
    assert started(log, "scba_rescue") is None
    undone = log.first("step_not_done", step="scba_rescue")
    assert undone is not None and "scba_mfs: 0 of 2 free" in undone.details["reasons"]


def test_nearest_unit_of_a_type_is_drawn_first(poisoning: Loaded) -> None:
    """The process operators in the control room draw the cabinet's sets, not the
    mini fire station's, when the step asks for any SCBA."""
    plan = with_steps(
        poisoning.plan,
        isolate_leak={
            "resources": [
                ResourceNeed(type="scba", quantity=2),
                ResourceNeed(type="gas_detector"),
            ]
        },
    )
    log = simulate(poisoning.scenario, plan, 1)
    isolate = started(log, "isolate_leak")
    assert isolate is not None
    assert {u.split("#")[0] for u in isolate.details["units"]} == {"scba_ccr", "gas_detector"}
    assert isolate.details["route"] == ["central_control_room", "generator_room"]


def test_a_teams_own_kit_is_not_lent_to_another_team(poisoning: Loaded) -> None:
    scenario, plan = without_mini_fire_station(poisoning)
    # only the plant's process operators may close the valve; the fire crew's sets are its own
    resources = [
        r.model_copy(update={"quantity": 0}) if r.id == "scba_ccr" else r for r in plan.resources
    ]
    plan = with_steps(
        plan.model_copy(update={"resources": resources}),
        isolate_leak={"resources": [ResourceNeed(type="scba", quantity=2)]},
    )
    log = simulate(scenario, plan, 1)
    assert started(log, "isolate_leak") is None
    undone = log.first("step_not_done", step="isolate_leak")
    assert undone is not None and "any scba: 0 of 2 free" in undone.details["reasons"]


def test_a_need_names_a_resource_or_a_type_not_both() -> None:
    with pytest.raises(ValueError, match="exactly one of 'resource'"):
        ResourceNeed(resource="scba_mfs", type="scba")
    with pytest.raises(ValueError, match="exactly one of 'resource'"):
        ResourceNeed(quantity=2)


# --- mixed teams ---------------------------------------------------------------------


def test_qualification_counts_go_to_the_same_members_first() -> None:
    team = Team(
        id="mft",
        name="微型消防站",
        organisation="plant",
        base="b",
        size=4,
        qualifications={"scba": 2, "first_aid": 4},
    )
    assert team.holders(["scba"]) == 2
    assert team.holders(["first_aid"]) == 4
    assert team.holders(["scba", "first_aid"]) == 2
    assert team.holders([]) == 4
    assert team.qualification_summary() == "scba 2/4, first_aid 4/4"


def test_a_count_above_the_team_size_is_refused() -> None:
    with pytest.raises(ValueError, match="from 1 to the team's size 4, found 5"):
        Team(
            id="mft",
            name="x",
            organisation="plant",
            base="b",
            size=4,
            qualifications={"scba": 5},
        )


def test_a_mixed_team_sends_its_wearers_in_and_keeps_first_aiders_free(poisoning: Loaded) -> None:
    """Four at the mini fire station, two of them SCBA wearers: the two others give first aid
    to the co-worker at the same time as the wearers go in, without splitting the team."""
    plan = with_teams(
        poisoning.plan, mini_fire_team={"qualifications": {"scba": 2, "first_aid": 4}}
    )
    # an extra first-aid task at the door while the rescue is under way
    extra = Step(
        id="standby_first_aid",
        name="门口急救待命",
        owner="medical_group",
        crew=2,
        qualifications=["first_aid"],
        duration=20.0,
        location="generator_room_door",
    )
    plan = plan.model_copy(update={"steps": [extra, *plan.steps]})
    log = simulate(poisoning.scenario, plan, 1)
    standby = started(log, "standby_first_aid")
    rescue = started(log, "scba_rescue")
    assert standby is not None and rescue is not None
    assert standby.actor == rescue.actor == "mini_fire_team"
    standby_done = log.first("step_completed", step="standby_first_aid")
    assert standby_done is not None and rescue.t < standby_done.t  # at the same time


def test_a_crew_larger_than_the_qualified_members_never_forms(poisoning: Loaded) -> None:
    plan = with_teams(
        poisoning.plan, mini_fire_team={"qualifications": {"scba": 1, "first_aid": 4}}
    )
    teams = [
        t.model_copy(update={"qualifications": {"scba": 1}}) if t.id == "control_operators" else t
        for t in plan.teams
    ]
    plan = plan.model_copy(update={"teams": teams})
    scenario = poisoning.scenario.model_copy(update={"horizon_min": 20})
    log = simulate(scenario, plan, 1)
    waiting = log.first("step_waiting", step="isolate_leak")
    assert waiting is not None
    assert "no team of the owner role has 2 members holding scba" in waiting.details["reasons"]


# --- crew kit ------------------------------------------------------------------------


def search_then_shut(loaded: Loaded, air_min: float, search_min: float, shut_min: float) -> Plan:
    """The rescue crew, once it has carried the casualty out, goes back in on the same sets to
    shut the inlet valve (a plan that gives the isolation to the rescuers)."""
    resources = [
        r.model_copy(update={"air_duration_min": air_min}) if r.type == "scba" else r
        for r in loaded.plan.resources
    ]
    shut = Step(
        id="rescuers_shut_valve",
        name="救援组原班人员关闭尾气进机房阀门",
        owner="rescue_leader",
        continues="scba_rescue",
        crew=2,
        qualifications=["scba"],
        resources=[ResourceNeed(type="scba", quantity=2)],
        duration=Fixed(minutes=shut_min),
        location="generator_room",
    )
    plan = with_steps(
        loaded.plan.model_copy(update={"resources": resources}),
        scba_rescue={"duration": Fixed(minutes=search_min)},
    )
    return plan.model_copy(update={"steps": [*plan.steps, shut]})


def test_a_crew_keeps_its_breathing_apparatus_for_the_next_step(poisoning: Loaded) -> None:
    plan = search_then_shut(poisoning, air_min=30, search_min=3, shut_min=4)
    log = simulate(poisoning.scenario, plan, 1)
    rescue = started(log, "scba_rescue")
    shut = started(log, "rescuers_shut_valve")
    assert rescue is not None and shut is not None
    sets = [u for u in rescue.details["units"] if u.startswith("scba")]
    assert [u for u in shut.details["units"] if u.startswith("scba")] == sets
    assert shut.details["continues"] == "scba_rescue"
    # out with the casualty and straight back in: no trip to the store
    assert shut.details["route"] == ["safe_area", "generator_room"]
    done = log.first("step_completed", step="scba_rescue")
    assert done is not None and shut.t == done.t
    assert log.first("step_waiting", step="rescuers_shut_valve") is None  # no second check


def test_air_keeps_counting_down_across_steps_and_the_crew_withdraws_on_its_reserve(
    poisoning: Loaded,
) -> None:
    """10-minute sets: the crew dons them on entering for the rescue, and must come out when
    the warning sounds, 10 x (1 - 5.5/30) = 8.17 min later, whichever step it is on."""
    plan = search_then_shut(poisoning, air_min=10, search_min=3, shut_min=8)
    log = simulate(poisoning.scenario, plan, 1)
    working = log.first("step_working", step="scba_rescue")
    withdrew = log.first("crew_withdrew", step="rescuers_shut_valve")
    assert working is not None and withdrew is not None
    assert withdrew.t - working.t == pytest.approx(10 * (1 - 5.5 / 30), abs=1e-6)
    assert withdrew.details["air_left_min"] == pytest.approx(10 * 5.5 / 30, abs=1e-3)
    # 3 min of rescue, the carry out and the walk back in, then the valve work until the
    # warning: 8.17 min of air in all
    carried = log.first("carried", actor="wang")
    shut = started(log, "rescuers_shut_valve")
    assert carried is not None and shut is not None
    spent = 3 + carried.details["minutes"] + shut.details["travel_min"]
    assert withdrew.details["work_left_min"] == pytest.approx(
        8 - (10 * (1 - 5.5 / 30) - spent), abs=1e-3
    )
    relief = log.first("step_relieved", step="rescuers_shut_valve")
    assert relief is not None and relief.details["units"] != []
    assert log.first("step_completed", step="rescuers_shut_valve") is not None


def test_a_set_returned_at_its_reserve_is_not_issued_again(poisoning: Loaded) -> None:
    plan = search_then_shut(poisoning, air_min=10, search_min=3, shut_min=8)
    log = simulate(poisoning.scenario, plan, 1)
    first = started(log, "scba_rescue")
    relief = log.first("step_relieved", step="rescuers_shut_valve")
    assert first is not None and relief is not None
    spent = {u for u in first.details["units"] if u.startswith("scba")}
    assert spent.isdisjoint(relief.details["units"])


def test_a_step_continues_only_one_step_at_a_time(tmp_path: Any) -> None:
    from sim.loader import check_plan
    from sim.yamlfile import load_yaml

    text = (BUNDLED / "poisoning-plan.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "    owner: medical_group\n    after: [scba_rescue]\n",
        "    owner: medical_group\n    continues: scba_rescue\n",
    )
    text = text.replace(
        "    owner: process_group\n    crew: 2\n",
        "    owner: process_group\n    continues: scba_rescue\n    crew: 2\n",
    )
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    doc = load_yaml(path)
    plan = Plan.model_validate(doc.data)
    problems = [p for p in check_plan(plan, doc) if "continues" in str(p)]
    assert len(problems) == 1
    assert "expected one step to continue 'scba_rescue'" in str(problems[0])


# --- priorities ----------------------------------------------------------------------


def two_wearers(loaded: Loaded, **priorities: int) -> tuple[Scenario, Plan]:
    """The mini fire station crew is away; the three control operators, two of them SCBA
    wearers, must both rescue and isolate. The plan lists the isolation first."""
    scenario = loaded.scenario.model_copy(update={"absent_teams": ["mini_fire_team"]})
    plan = with_teams(loaded.plan, control_operators={"qualifications": {"scba": 2}})
    roles = [
        r.model_copy(update={"staffed_by": ["control_operators"]}) if r.id == "rescue_leader" else r
        for r in plan.roles
    ]
    steps = {s.id: s for s in plan.steps}
    # first aid is left to the first-aid group: a crew giving it stays with the casualty
    # until EMS take over, and these two must go on to isolate
    rescue = steps["scba_rescue"]
    steps["scba_rescue"] = rescue.model_copy(
        update={"effects": [e for e in rescue.effects if e.first_aid is None]}
    )
    order = ["isolate_leak", "scba_rescue"] + [
        s.id for s in plan.steps if s.id not in ("isolate_leak", "scba_rescue")
    ]
    ordered = [
        steps[i].model_copy(update={"priority": priorities[i]}) if i in priorities else steps[i]
        for i in order
    ]
    return scenario, plan.model_copy(update={"roles": roles, "steps": ordered})


def test_the_only_two_wearers_rescue_before_they_isolate(poisoning: Loaded) -> None:
    scenario, plan = two_wearers(poisoning)
    log = simulate(scenario, plan, 1)
    rescue = started(log, "scba_rescue")
    isolate = started(log, "isolate_leak")
    alarm = log.first("alarm")
    assert rescue is not None and isolate is not None and alarm is not None
    assert rescue.t == alarm.t and rescue.actor == "control_operators"
    assert isolate.t > rescue.t
    waiting = log.first("step_waiting", step="isolate_leak")
    assert waiting is not None and "crew of 2 busy" in waiting.details["reasons"]


def test_the_plan_can_put_isolation_first(poisoning: Loaded) -> None:
    scenario, plan = two_wearers(poisoning, isolate_leak=1, scba_rescue=2)
    log = simulate(scenario, plan, 1)
    rescue = started(log, "scba_rescue")
    isolate = started(log, "isolate_leak")
    assert rescue is not None and isolate is not None
    assert isolate.t < rescue.t


def test_default_priorities_put_life_safety_first(poisoning: Loaded) -> None:
    steps = {s.id: s for s in poisoning.plan.steps}
    assert steps["scba_rescue"].claim_priority == 1  # rescue
    assert steps["isolate_leak"].claim_priority == 2  # stops the release
    assert steps["cordon"].claim_priority == 3


def test_a_freed_crew_goes_to_the_waiting_claim_of_highest_priority() -> None:
    import simpy

    from sim.dispatch import Dispatcher, Member

    env = simpy.Environment()
    d = Dispatcher(env)
    d.add_member(Member("crew", 0, "base", available=True))
    first = d.request("first", ["crew"], 1, frozenset(), [])
    cordon = d.request("cordon", ["crew"], 1, frozenset(), [], priority=3)
    rescue = d.request("rescue", ["crew"], 1, frozenset(), [], priority=1)
    assert first.event.triggered and not cordon.event.triggered
    d.release(first)
    assert rescue.event.triggered and not cordon.event.triggered


# --- alternatives and giving up ------------------------------------------------------


def remote_channel(loaded: Loaded, failure: float, **remote: Any) -> Plan:
    resources = [
        r.model_copy(update={"failure_probability": failure}) if r.id == "scada_remote_v1" else r
        for r in loaded.plan.resources
    ]
    plan = loaded.plan.model_copy(update={"resources": resources})
    return with_steps(plan, close_upstream_remote=remote) if remote else plan


def test_the_manual_close_does_the_task_when_the_remote_channel_keeps_failing(
    pipeline: Loaded,
) -> None:
    log = simulate(pipeline.scenario, remote_channel(pipeline, 1.0), 1)
    retried = [e for e in log.of_kind("step_retried") if e.step == "close_upstream_remote"]
    assert [e.details["attempt"] for e in retried] == [1, 2]  # the plan's two more tries
    assert retried[1].t - retried[0].t == pytest.approx(3.0)  # 3 min apart
    task = log.first("task_completed", task="close_upstream_valve")
    assert task is not None and task.step == "close_upstream_manual"
    abandoned = log.first("step_abandoned", step="close_upstream_remote")
    assert abandoned is not None and abandoned.t == task.t
    assert abandoned.details == {
        "reason": "alternative_done",
        "task": "close_upstream_valve",
        "by_step": "close_upstream_manual",
    }
    assert log.first("release_stopped") is not None
    assert log.first("step_not_done", step="close_upstream_remote") is None


def test_a_retry_that_works_closes_the_valve_remotely(pipeline: Loaded) -> None:
    plan = remote_channel(pipeline, 0.5)
    for seed in range(1, 60):
        log = simulate(pipeline.scenario, plan, seed)
        retried = log.first("step_retried", step="close_upstream_remote")
        started_at = started(log, "close_upstream_remote")
        if retried is None or started_at is None:
            continue
        assert started_at.t == retried.t  # the channel answered the retry at once
        task = log.first("task_completed", task="close_upstream_valve")
        assert task is not None and task.step == "close_upstream_remote"
        return
    pytest.fail("no seed in 60 had a failed then successful remote close (p = 0.25 each)")


def test_a_step_is_abandoned_after_the_plans_limit(pipeline: Loaded) -> None:
    plan = remote_channel(pipeline, 1.0, retry=None, give_up_after_min=10.0)
    log = simulate(pipeline.scenario, plan, 1)
    ready = log.first("step_ready", step="close_upstream_remote")
    abandoned = log.first("step_abandoned", step="close_upstream_remote")
    assert ready is not None and abandoned is not None
    assert abandoned.t == pytest.approx(ready.t + 10.0)
    assert abandoned.details == {"reason": "limit", "after_min": 10.0}
    assert log.first("step_retried") is None


# --- conditions: for_min and not -----------------------------------------------------


def verify_when(loaded: Loaded, when: dict[str, Any]) -> Plan:
    from sim.vocabulary import Condition

    return with_steps(loaded.plan, verify_atmosphere={"when": Condition.model_validate(when)})


def test_a_sustained_condition_waits_the_full_minutes(poisoning: Loaded) -> None:
    """The hazmat team re-enters only after the room has stayed at or below 7 ppm for 15 min."""
    below = {"concentration_below": {"location": "generator_room", "ppm": 7}}
    plain = simulate(poisoning.scenario, verify_when(poisoning, below), 1)
    held = simulate(poisoning.scenario, verify_when(poisoning, {**below, "for_min": 15}), 1)
    ready = plain.first("step_ready", step="verify_atmosphere")
    sustained = held.first("step_ready", step="verify_atmosphere")
    assert ready is not None and sustained is not None
    assert sustained.t == pytest.approx(ready.t + 15, abs=1e-4)


def test_a_sustained_condition_counts_again_after_it_stops_holding(poisoning: Loaded) -> None:
    from sim.vocabulary import Condition

    c = Condition.model_validate({"after_min": 3, "for_min": 2})
    inner = Condition.model_validate({"not": {"after_min": 3}})
    assert c.for_min == 2 and inner.not_ is not None
    with pytest.raises(ValueError, match="exactly one condition key"):
        Condition.model_validate({"for_min": 2})


def test_not_inverts_a_condition(poisoning: Loaded) -> None:
    """'not concentration_above 100' is the room falling to 100 ppm: the same moment as
    concentration_below 100 once the leak has been isolated."""
    after = {"step_completed": "isolate_leak"}
    below = {"all_of": [after, {"concentration_below": {"location": "generator_room", "ppm": 100}}]}
    negated = {
        "all_of": [
            after,
            {"not": {"concentration_above": {"location": "generator_room", "ppm": 100}}},
        ]
    }
    a = simulate(poisoning.scenario, verify_when(poisoning, below), 1)
    b = simulate(poisoning.scenario, verify_when(poisoning, negated), 1)
    ta = a.first("step_ready", step="verify_atmosphere")
    tb = b.first("step_ready", step="verify_atmosphere")
    assert ta is not None and tb is not None
    assert tb.t == pytest.approx(ta.t, abs=1e-4)
