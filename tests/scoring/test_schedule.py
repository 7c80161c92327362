"""Critical path, waits and utilisation of a run, read from its log (scoring.schedule).

The logs are written by hand on the bundled poisoning plan, so each rule of the critical
path is seen on its own: an ``after`` that finished last, a crew that had to be called in,
a crew that was busy elsewhere.
"""

from __future__ import annotations

from scoring.facts import RunFacts
from scoring.schedule import critical_path, utilisation, waits
from sim import Loaded
from sim.events import EventLog


def _step(
    log: EventLog,
    step: str,
    team: str,
    ready: float,
    started: float,
    done: float,
    units: list[str] | None = None,
    crew: int = 1,
) -> None:
    log.append(ready, "step_ready", step=step, actor=team)
    if started > ready:
        log.append(ready, "step_waiting", step=step, actor=team, reasons=["crew busy"])
    log.append(started, "step_started", step=step, actor=team, crew=crew, units=units or [])
    log.append(done, "step_completed", step=step, actor=team)


def _night(ems_at: float) -> EventLog:
    """Forbid and call 120 from the control room, rescue and first aid by the mini fire
    station, and 120 arriving at ``ems_at`` for the hand-over."""
    log = EventLog()
    log.append(5.0, "alarm", actor="inject:li_finds_wang")
    _step(log, "forbid_blind_rescue", "shift_leaders", 5.0, 5.0, 5.2)
    _step(log, "call_120", "shift_leaders", 5.2, 5.2, 6.3)
    log.append(6.3, "notified", actor="ems120", by="shift_leaders")
    _step(log, "scba_rescue", "mini_fire_team", 5.0, 5.0, 12.0, ["scba_mfs#0", "scba_mfs#1"], 2)
    _step(log, "first_aid", "mini_fire_team", 12.0, 12.0, 20.0, ["oxygen_kit#0"], 2)
    log.append(ems_at, "team_arrived", actor="ems_crew", location="safe_area")
    log.append(ems_at, "team_available", actor="ems_crew", location="safe_area")
    start = max(ems_at, 20.0)
    _step(log, "hand_over_ems", "ems_crew", 20.0, start, start + 3.0, crew=2)
    log.append(start + 3.0, "end", reason="all done")
    return log


def test_a_late_ambulance_puts_the_120_call_on_the_critical_path(poisoning: Loaded) -> None:
    facts = RunFacts(_night(ems_at=30.0), poisoning.plan)
    assert critical_path(facts, poisoning.plan) == [
        "hand_over_ems",
        "call_120",
        "forbid_blind_rescue",
    ]


def test_an_ambulance_waiting_puts_rescue_and_first_aid_on_the_critical_path(
    poisoning: Loaded,
) -> None:
    facts = RunFacts(_night(ems_at=15.0), poisoning.plan)
    assert critical_path(facts, poisoning.plan) == ["hand_over_ems", "first_aid", "scba_rescue"]


def test_a_step_waiting_for_a_busy_crew_follows_the_step_that_freed_it(
    poisoning: Loaded,
) -> None:
    log = _night(ems_at=15.0)
    # the first aid is ready at 12 but its crew is busy on the cordon until 14
    log.events = [e for e in log.events if e.step != "first_aid"]
    _step(log, "cordon", "mini_fire_team", 5.0, 5.0, 14.0, ["gas_detector#0"])
    _step(log, "first_aid", "mini_fire_team", 12.0, 14.0, 20.0, ["oxygen_kit#0"], 2)
    log.events.sort(key=lambda e: (e.t, e.seq))
    facts = RunFacts(log, poisoning.plan)
    assert critical_path(facts, poisoning.plan) == ["hand_over_ems", "first_aid", "cordon"]
    assert waits(facts)["first_aid"] == 2.0


def test_waits_count_from_ready_to_the_crew_and_to_the_end_when_it_never_came(
    poisoning: Loaded,
) -> None:
    log = _night(ems_at=30.0)
    log.append(25.0, "step_ready", step="verify_atmosphere", actor="hazmat_specialist")
    log.events.sort(key=lambda e: (e.t, e.seq))
    facts = RunFacts(log, poisoning.plan)
    w = waits(facts)
    assert w["hand_over_ems"] == 10.0  # ready at 20, the ambulance at 30
    assert w["call_120"] == 0.0
    assert w["verify_atmosphere"] == 33.0 - 25.0  # never started: until the end at T+33


def test_utilisation_is_person_minutes_busy_over_person_minutes_available(
    poisoning: Loaded,
) -> None:
    facts = RunFacts(_night(ems_at=30.0), poisoning.plan)
    teams, resources = utilisation(facts, poisoning.plan)
    # mini fire station: 4 people from T+5 to T+33; 2 busy 5-12 and 2 busy 12-20
    assert abs(teams["mini_fire_team"] - (2 * 7 + 2 * 8) / (4 * 28)) < 1e-12
    # 120 crew: 3 people from their arrival at 30 to 33, 2 of them on the hand-over
    assert abs(teams["ems_crew"] - 2 / 3) < 1e-12
    # 4 SCBA sets at the station, 2 worn from 5 to 12, over 28 min from the alarm
    assert abs(resources["scba_mfs"] - 14 / (4 * 28)) < 1e-12
