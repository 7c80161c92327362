"""Engine behaviour a drill evaluator would recognise, on the bundled poisoning scenario."""

from __future__ import annotations

import math

import pytest

from sim import EventLog, Loaded, parse_decisions, simulate
from sim.distributions import Fixed


def t_of(log: EventLog, kind: str, **match: object) -> float:
    event = log.first(kind, **match)
    assert event is not None, (kind, match)
    return event.t


def person_state_time(log: EventLog, person: str, state: str) -> float | None:
    for e in log.of_kind("person"):
        if e.actor == person and e.details["state"] == state:
            return e.t
    return None


def test_release_stops_when_the_isolation_step_completes(poisoning: Loaded) -> None:
    log = simulate(poisoning.scenario, poisoning.plan, 1)
    stopped = t_of(log, "release_stopped", hazard="h2s_leak")
    assert stopped == t_of(log, "step_completed", step="isolate_leak")


def test_nobody_acts_before_the_alarm(poisoning: Loaded) -> None:
    log = simulate(poisoning.scenario, poisoning.plan, 3)
    alarm = t_of(log, "alarm")
    assert all(e.t >= alarm for e in log.of_kind("step_started", "report_sent"))


def test_rescue_team_carries_scba_from_its_store(poisoning: Loaded) -> None:
    log = simulate(poisoning.scenario, poisoning.plan, 1)
    started = log.first("step_started", step="scba_rescue")
    assert started is not None
    assert started.details["route"] == ["mini_fire_station", "generator_room"]
    assert any(u.startswith("scba_mfs#") for u in started.details["units"])
    entry = log.first("entry", step="scba_rescue")
    assert entry is not None and entry.details["protected"] is True


def test_mini_fire_station_reaches_the_scene_within_three_minutes(poisoning: Loaded) -> None:
    """National practice for 微型消防站: at the scene within 3 minutes of the alarm."""
    for seed in range(1, 21):
        log = simulate(poisoning.scenario, poisoning.plan, seed)
        arrival = t_of(log, "team_arrived", actor="mini_fire_team", location="generator_room")
        assert arrival - t_of(log, "alarm") <= 3.0 * 1.4 / 1.0  # typical 2.5 min, +40 % at worst


def test_report_to_county_within_the_legal_hour(poisoning: Loaded) -> None:
    """《生产安全事故报告和调查处理条例》 Art. 9: unit head to county within 1 hour."""
    log = simulate(poisoning.scenario, poisoning.plan, 1)
    sent = log.first("report_sent", report="to_county")
    assert sent is not None
    informed = t_of(log, "report_received", report="to_unit_head")
    assert sent.details["deadline"] == pytest.approx(informed + 60, abs=1e-5)
    assert sent.t - informed <= 60 and sent.details["late"] is False


def test_report_beyond_the_hour_is_flagged_late(poisoning: Loaded) -> None:
    links = [
        lk.model_copy(update={"delay": Fixed(minutes=75)}) if lk.id == "to_county" else lk
        for lk in poisoning.plan.reporting
    ]
    plan = poisoning.plan.model_copy(update={"reporting": links})
    log = simulate(poisoning.scenario, plan, 1)
    sent = log.first("report_sent", report="to_county")
    assert sent is not None and sent.details["late"] is True


def test_report_never_sent_when_no_one_fills_the_sender_role(poisoning: Loaded) -> None:
    teams = [
        t.model_copy(update={"call_in": None}) if t.id == "management" else t
        for t in poisoning.plan.teams
    ]
    plan = poisoning.plan.model_copy(update={"teams": teams})
    log = simulate(poisoning.scenario, plan, 1)
    assert log.first("report_sent", report="to_county") is None
    assert log.first("report_sent", report="to_unit_head") is None
    stuck = [e for e in log.of_kind("step_not_done") if e.details.get("report") == "to_unit_head"]
    assert stuck and "role unit_head" in stuck[0].details["reasons"][0]


def test_blind_rescue_makes_a_second_casualty_unless_entry_is_forbidden(poisoning: Loaded) -> None:
    log = simulate(poisoning.scenario, poisoning.plan, 1)
    assert person_state_time(log, "li", "collapsed") is not None
    forbid = parse_decisions(
        ['{"t": 3.0, "command": "forbid_entry", "args": {"location": "generator_room"}}']
    )
    log2 = simulate(poisoning.scenario, poisoning.plan, 1, forbid)
    assert person_state_time(log2, "li", "collapsed") is None
    prevented = log2.first("entry", actor="li")
    assert prevented is not None and prevented.details["prevented"] is True


def test_starting_the_scba_rescue_at_the_detector_alarm_shortens_extraction(
    poisoning: Loaded,
) -> None:
    base = simulate(poisoning.scenario, poisoning.plan, 5)
    early = simulate(
        poisoning.scenario,
        poisoning.plan,
        5,
        parse_decisions(['{"t": 1.0, "command": "start_step", "args": {"step": "scba_rescue"}}']),
    )
    t_base = person_state_time(base, "wang", "rescued")
    t_early = person_state_time(early, "wang", "rescued")
    assert t_base is not None and t_early is not None
    assert t_early < t_base
    assert t_of(early, "step_started", step="scba_rescue") == 1.0


def test_dispatching_ems_early_shortens_the_handover(poisoning: Loaded) -> None:
    base = simulate(poisoning.scenario, poisoning.plan, 5)
    early = simulate(
        poisoning.scenario,
        poisoning.plan,
        5,
        parse_decisions(
            ['{"t": 4.0, "command": "dispatch", "args": {"team": "ems_crew", "to": "safe_area"}}']
        ),
    )
    t_base = person_state_time(base, "wang", "handed_to_ems")
    t_early = person_state_time(early, "wang", "handed_to_ems")
    assert t_base is not None and t_early is not None and t_early < t_base
    assert early.first("decision", command="dispatch") is not None


def test_declaring_level_i_early_brings_the_city_team_sooner(poisoning: Loaded) -> None:
    base = simulate(poisoning.scenario, poisoning.plan, 2)
    early = simulate(
        poisoning.scenario,
        poisoning.plan,
        2,
        parse_decisions(['{"t": 4.5, "command": "declare_level", "args": {"level": "level_i"}}']),
    )
    arrival = {"base": base, "early": early}
    t = {k: t_of(v, "team_arrived", actor="city_rescue_team") for k, v in arrival.items()}
    assert t["early"] < t["base"]


def test_close_valve_decision_stops_the_release(poisoning: Loaded) -> None:
    log = simulate(
        poisoning.scenario,
        poisoning.plan,
        1,
        parse_decisions(['{"t": 5.0, "command": "close_valve", "args": {"hazard": "h2s_leak"}}']),
    )
    assert t_of(log, "release_stopped") == 5.0


def test_room_concentration_follows_the_well_mixed_model(poisoning: Loaded) -> None:
    """REFERENCE D6 form: 600 m3, 4 ACH, 3 L/s; the detector inject fires at 10 ppm."""
    log = simulate(poisoning.scenario, poisoning.plan, 1)
    q, g, v = 600 * 4 / 3600, 0.003, 600
    expected_s = -math.log(1 - 10e-6 * (q + g) / g) * v / (q + g)
    assert expected_s == pytest.approx(2.0, abs=0.01)
    assert t_of(log, "inject", inject="detector_alarm") * 60 == pytest.approx(expected_s, abs=1e-4)
