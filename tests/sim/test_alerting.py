"""Internal alerting (issue #7 item 8) and the nearest crew first (item 2).

The station does not react at the moment of the alarm: the control room hears Li's
radio call, the shift leader radios the mini fire station, and only then does its
crew turn out. Nobody acts before being told.
"""

from __future__ import annotations

from typing import Any

import pytest

from sim import EventLog, Loaded, simulate
from sim.alerting import DEFAULT_ALERT_DELAY
from sim.distributions import Fixed
from sim.loader import check_plan
from sim.plan import AlertLink, Plan, Resource, Team

SEEDS = range(1, 21)


def told_at(log: EventLog) -> dict[str, float]:
    return {e.actor: e.t for e in log if e.kind == "team_alerted" and e.actor}


def alarm_t(log: EventLog) -> float:
    alarm = log.first("alarm")
    assert alarm is not None
    return alarm.t


def with_alerting(plan: Plan, *links: AlertLink) -> Plan:
    return plan.model_copy(update={"alerting": list(links)})


def add_team(plan: Plan, team: Team, role: str, first: bool = False, **alert: Any) -> Plan:
    """Another team on shift filling ``role``, told with the teams of link ``alert['with_']``."""
    roles = [
        r.model_copy(
            update={"staffed_by": [team.id, *r.staffed_by] if first else [*r.staffed_by, team.id]}
        )
        if r.id == role
        else r
        for r in plan.roles
    ]
    links = [
        link.model_copy(update={"teams": [*link.teams, team.id]})
        if link.id == alert.get("with_")
        else link
        for link in plan.alerting
    ]
    return plan.model_copy(update={"teams": [*plan.teams, team], "roles": roles, "alerting": links})


@pytest.mark.parametrize("name", ["poisoning", "waterworks", "pipeline"])
def test_no_team_of_the_unit_starts_a_step_before_it_is_told(
    name: str, request: pytest.FixtureRequest
) -> None:
    loaded: Loaded = request.getfixturevalue(name)
    unit = {t.id for t in loaded.plan.teams if t.organisation == loaded.plan.unit}
    for seed in SEEDS:
        log = simulate(loaded.scenario, loaded.plan, seed)
        told = told_at(log)
        for e in log:
            if e.kind == "step_started" and e.actor in unit:
                assert e.actor in told and e.t >= told[e.actor] - 1e-9, (seed, e)


def test_the_mini_fire_station_hears_by_radio_after_the_control_room(poisoning: Loaded) -> None:
    """The control room hears Li's call at once; the station 0.3-1.0 min later by radio,
    and its rescue crew leaves at that moment, not at the alarm."""
    for seed in SEEDS:
        log = simulate(poisoning.scenario, poisoning.plan, seed)
        t0, told = alarm_t(log), told_at(log)
        assert told["shift_leaders"] == told["control_operators"] == t0
        assert 0.3 <= told["mini_fire_team"] - t0 <= 1.0
        rescue = log.first("step_started", step="scba_rescue")
        assert rescue is not None and rescue.t == pytest.approx(told["mini_fire_team"])
        radio = log.first("team_alerted", actor="mini_fire_team")
        assert radio is not None and radio.details == {
            "via": "radio",
            "by": "radio_mini_fire_station",
        }


def test_the_duty_officer_hears_by_the_report_and_only_then_declares_level_ii(
    poisoning: Loaded,
) -> None:
    for seed in SEEDS:
        log = simulate(poisoning.scenario, poisoning.plan, seed)
        report = log.first("report_received", report="to_duty_officer")
        told = log.first("team_alerted", actor="duty_managers")
        level = log.first("level_declared", level="level_ii")
        assert report is not None and told is not None and level is not None
        assert told.t == report.t and told.details["via"] == "report"
        assert level.t >= told.t + 2.0  # then the plan's 2-6 min decision


def test_an_off_shift_team_sets_out_when_phoned_not_at_the_alarm(pipeline: Loaded) -> None:
    """05:50 on the pipeline: the standby crew is at home and is called in by the dispatcher."""
    log = simulate(pipeline.scenario, pipeline.plan, 3)
    told = log.first("team_alerted", actor="maint_standby")
    called = log.first("team_called_in", actor="maint_standby")
    assert told is not None and called is not None
    assert called.t == told.t > alarm_t(log) + 1.5  # phone 0.5-2 min, then 1-4 min more


def test_a_team_the_plan_says_nothing_about_is_told_within_nfpa_1710_alarm_handling(
    poisoning: Loaded,
) -> None:
    plan = poisoning.plan.model_copy(
        update={"alerting": [x for x in poisoning.plan.alerting if x.id != "radio_security"]}
    )
    for seed in SEEDS:
        log = simulate(poisoning.scenario, plan, seed)
        told = log.first("team_alerted", actor="security")
        assert told is not None and told.details == {"via": "relay", "by": "default"}
        assert 15 / 60 <= told.t - alarm_t(log) <= 64 / 60
        warning = log.first("model_warning", actor="security")
        assert warning is not None and "REFERENCE.md C2" in warning.details["message"]
    assert DEFAULT_ALERT_DELAY.high == pytest.approx(64 / 60)


def test_a_slower_radio_call_leaves_every_other_draw_unchanged(poisoning: Loaded) -> None:
    """Alerting delays draw from their own named streams: changing one moves only what
    waits for it."""
    links = [
        x.model_copy(update={"delay": Fixed(minutes=3.0)}) if x.id == "radio_security" else x
        for x in poisoning.plan.alerting
    ]
    slow = with_alerting(poisoning.plan, *links)
    for seed in (1, 2, 3):
        a = simulate(poisoning.scenario, poisoning.plan, seed)
        b = simulate(poisoning.scenario, slow, seed)
        assert told_at(b)["security"] > told_at(a)["security"]
        assert told_at(b)["mini_fire_team"] == told_at(a)["mini_fire_team"]
        durations = [
            {e.step: e.details["duration_min"] for e in log if e.kind == "step_working"}
            for log in (a, b)
        ]
        assert durations[0] == durations[1]


def test_alerting_names_only_the_units_teams_once(poisoning: Loaded) -> None:
    link = AlertLink(id="x", name="x", teams=["fire_crew", "mini_fire_team"], via="radio")
    problems = check_plan(
        with_alerting(poisoning.plan, *poisoning.plan.alerting, link), poisoning.plan_doc
    )
    messages = " ".join(p.message for p in problems)
    assert "outside teams are alerted through their organisation" in messages
    assert "each team told by one alerting link" in messages


def test_a_step_is_ready_for_its_team_only_once_the_team_is_told(poisoning: Loaded) -> None:
    """The cordon waits for the security team to hear of the alarm, not for crew: no
    'waited for crew' while nobody has told them."""
    for seed in SEEDS:
        log = simulate(poisoning.scenario, poisoning.plan, seed)
        ready = log.first("step_ready", step="cordon")
        assert ready is not None and ready.t == told_at(log)["security"]
        assert log.first("step_waiting", step="cordon") is None


# --- nearest crew first ------------------------------------------------------


def crew(team_id: str, base: str) -> Team:
    return Team(
        id=team_id,
        name=team_id,
        organisation="plant",
        base=base,
        size=2,
        qualifications=["scba", "first_aid"],
    )


def test_a_crew_listed_first_but_further_away_leaves_the_rescue_to_the_nearer_one(
    poisoning: Loaded,
) -> None:
    """A second crew at the plant gate, first in the role's list and told with the
    station: the station's crew, nearer the room with the sets and stretcher, goes."""
    plan = add_team(
        poisoning.plan,
        crew("gate_crew", "plant_gate"),
        "rescue_leader",
        first=True,
        with_="radio_mini_fire_station",
    )
    for seed in SEEDS:
        log = simulate(poisoning.scenario, plan, seed)
        rescue = log.first("step_started", step="scba_rescue")
        assert rescue is not None and rescue.actor == "mini_fire_team", seed


def test_a_crew_at_the_door_with_its_own_kit_takes_the_rescue(poisoning: Loaded) -> None:
    plan = add_team(
        poisoning.plan,
        crew("door_crew", "generator_room_door"),
        "rescue_leader",
        with_="radio_mini_fire_station",
    )
    kit = [
        Resource(
            id=f"door_{r.id}",
            name=r.name,
            type=r.type,
            quantity=2,
            location="generator_room_door",
            team="door_crew",
            air_duration_min=r.air_duration_min,
        )
        for r in poisoning.plan.resources
        if r.id == "scba_mfs"
    ]
    plan = plan.model_copy(update={"resources": [*plan.resources, *kit]})
    # the stretcher too: the rescue names the plant's stretchers, so one is kept at the door
    plan = plan.model_copy(
        update={
            "resources": [
                r.model_copy(update={"location": "generator_room_door"})
                if r.id == "stretcher"
                else r
                for r in plan.resources
            ]
        }
    )
    for seed in SEEDS:
        log = simulate(poisoning.scenario, plan, seed)
        rescue = log.first("step_started", step="scba_rescue")
        assert rescue is not None and rescue.actor == "door_crew", seed
        assert rescue.details["route"] == ["generator_room_door", "generator_room"]


def test_crews_as_near_go_in_the_plans_order(poisoning: Loaded) -> None:
    plan = add_team(
        poisoning.plan,
        crew("second_station_crew", "mini_fire_station"),
        "rescue_leader",
        with_="radio_mini_fire_station",
    )
    for seed in SEEDS:
        a = simulate(poisoning.scenario, poisoning.plan, seed)
        b = simulate(poisoning.scenario, plan, seed)
        rescue = b.first("step_started", step="scba_rescue")
        assert rescue is not None and rescue.actor == "mini_fire_team"
        assert [e.t for e in b if e.kind == "step_started" and e.step == "scba_rescue"] == [
            e.t for e in a if e.kind == "step_started" and e.step == "scba_rescue"
        ]


def test_the_commander_ends_the_response_though_his_stand_in_is_nearer(
    waterworks: Loaded,
) -> None:
    """A command role's staffed_by is the line of authority, not a pool: the works manager
    declares the end of the response; the duty manager, nearer the gate, stands in only
    when the manager cannot."""
    enders = []
    for seed in range(1, 6):
        end = simulate(waterworks.scenario, waterworks.plan, seed).first(
            "step_started", step="terminate"
        )
        if end is not None:  # some nights end at the horizon, still sheltering
            enders.append(end.actor)
    assert len(enders) >= 3 and set(enders) == {"management"}, enders
