"""Engine behaviour a drill evaluator would recognise, on the bundled poisoning scenario."""

from __future__ import annotations

import math

import pytest

from sim import EventLog, Loaded, parse_decisions, simulate
from sim.distributions import Fixed
from sim.plan import Plan


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
    seeds = [
        s
        for s in range(1, 30)
        if person_state_time(simulate(poisoning.scenario, poisoning.plan, s), "li", "collapsed")
        is not None
    ]
    assert seeds, "in some runs the co-worker goes in before the order not to"
    forbid = parse_decisions(
        ['{"t": 4.5, "command": "forbid_entry", "args": {"location": "generator_room"}}']
    )
    for seed in seeds:
        log = simulate(poisoning.scenario, poisoning.plan, seed, forbid)
        assert person_state_time(log, "li", "collapsed") is None
        prevented = log.first("entry", actor="li")
        assert prevented is not None and prevented.details["prevented"] is True
        assert log.first("outcome", actor="li") is None


def test_blind_rescuer_is_knocked_down_within_seconds(poisoning: Loaded) -> None:
    """OSHA: above 700 ppm H2S, unconsciousness within one or two breaths."""
    for seed in range(1, 30):
        log = simulate(poisoning.scenario, poisoning.plan, seed)
        entry = log.first("entry", actor="li")
        if entry is None or entry.details["prevented"]:
            continue
        collapsed = person_state_time(log, "li", "collapsed")
        assert entry.details["ppm"] >= 700 and collapsed is not None
        assert collapsed - entry.t == pytest.approx(10 / 60, abs=1e-6)


def outcome(log: EventLog, who: str) -> float:
    event = log.first("outcome", actor=who)
    assert event is not None
    return float(event.details["probability_of_death"])


def with_step_duration(plan: Plan, step_id: str, minutes: float) -> Plan:
    steps = [
        s.model_copy(update={"duration": Fixed(minutes=minutes)}) if s.id == step_id else s
        for s in plan.steps
    ]
    return plan.model_copy(update={"steps": steps})


def test_outcome_is_the_h2s_probit_of_the_logged_load(poisoning: Loaded) -> None:
    """Crowl and Louvar: Y = -31.42 + 3.008 ln(sum C^1.43 t), for what was breathed."""
    log = simulate(poisoning.scenario, poisoning.plan, 1)
    exposures = [e for e in log.of_kind("exposure") if e.actor == "wang"]
    load = sum(e.details["toxic_load"] for e in exposures)
    y = -31.42 + 3.008 * math.log(load)
    expected = 0.5 * (1 + math.erf((y - 5) / math.sqrt(2)))
    event = log.first("outcome", actor="wang")
    assert event is not None
    assert event.details["probability_of_death_probit"] == pytest.approx(expected, abs=1e-5)
    assert exposures[0].details["above_idlh_min"] > 3  # until he stops breathing


def test_crew_on_breathing_apparatus_is_not_exposed_while_air_lasts(poisoning: Loaded) -> None:
    log = simulate(poisoning.scenario, poisoning.plan, 1)
    assert log.first("exposure", actor="mini_fire_team") is None
    short_air = [
        r.model_copy(update={"air_duration_min": 1.0}) if r.id == "scba_mfs" else r
        for r in poisoning.plan.resources
    ]
    plan = poisoning.plan.model_copy(update={"resources": short_air})
    short = simulate(poisoning.scenario, plan, 1)
    # sets with a minute of air: the crew comes out when the warning sounds (5.5 of 30 MPa,
    # GA 124-2013), never breathing the room's air, and a relief crew finishes the rescue
    assert short.first("exposure", actor="mini_fire_team") is None
    withdrew = short.first("crew_withdrew", step="scba_rescue")
    assert withdrew is not None
    assert withdrew.details["air_left_min"] == pytest.approx(5.5 / 30, abs=1e-3)
    assert short.first("step_relieved", step="scba_rescue") is not None


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
    """REFERENCE D6 form: 600 m3, 6 ACH, 2 L/s; the detector inject fires at 10 ppm."""
    log = simulate(poisoning.scenario, poisoning.plan, 1)
    q, g, v = 600 * 6 / 3600, 0.002, 600
    expected_s = -math.log(1 - 10e-6 * (q + g) / g) * v / (q + g)
    assert expected_s == pytest.approx(3.0, abs=0.02)
    assert t_of(log, "inject", inject="detector_alarm") * 60 == pytest.approx(expected_s, abs=1e-4)
