"""A plan that runs out of things to do does not end the harm.

The run ends "all done" only once the world is quiet too: no source still gives off gas
near anyone, no team is on its way in, and nobody is on the way out, lies collapsed or
breathes air at or above IDLH or AEGL-2 (1 h), the criteria of ending a response
(GB/T 29639-2020). Until then it goes on to the horizon, so what the gas does after the
plan's last step is counted; and once it has ended so, what the plan had not done will
never be done: not "pending" but missed.
"""

from __future__ import annotations

from pathlib import Path

from scoring.scorecard import score
from sim import load
from sim.engine import Engine
from sim.events import EventLog
from sim.plan import Team
from sim.streams import Streams

DATA = Path(__file__).parent.parent / "data"


def _end(log: EventLog) -> tuple[float, str]:
    end = [e for e in log if e.kind == "end"][-1]
    return end.t, str(end.details["reason"])


def test_the_run_waits_for_the_evacuees_to_arrive_before_ending() -> None:
    # the pool's plan has three steps; its last sends 85 swimmers walking to the square,
    # which takes them past the step's end: the run ends when they are there, not before
    pool = load(DATA / "pool-chlorine.yaml")
    log = Engine(pool.scenario, pool.plan, Streams(0, 1), ()).run()
    t, reason = _end(log)
    arrived = [e.t for e in log if e.kind == "evacuated"]
    done = max(e.t for e in log if e.kind == "step_completed")
    assert reason == "all done"
    assert arrived and t == max(arrived) > done + 1.0


def test_kpis_not_yet_due_at_a_quiet_end_are_missed_not_pending() -> None:
    # the plan reports to nobody: once nothing more can happen, the hour the law gives
    # for the county report (《生产安全事故报告和调查处理条例》第九条) can only be missed
    pool = load(DATA / "pool-chlorine.yaml")
    log = Engine(pool.scenario, pool.plan, Streams(0, 1), ()).run()
    card = score(log, pool.scenario, pool.plan)
    county = next(k for k in card.kpis if k.key == "authority_informed")
    assert county.status == "missed"
    assert county.note is not None and "nothing left to do" in county.note.en
    assert "不会再完成" in county.note.zh
    assert card.overall.hseep == "U"
    assert all(k.status != "pending" for k in card.kpis)


def test_an_operator_left_down_in_the_gas_breathes_it_to_the_horizon() -> None:
    # the dosing-room operator cannot get out this time and the plan has no rescue: he
    # collapses in the chlorine, and the run goes on until the horizon, so that all he
    # breathes is counted (it ended 6 minutes in, with the swimmers out, before)
    pool = load(DATA / "pool-chlorine.yaml")
    people = [
        p.model_copy(update={"escapes": False}) if p.id == "zhao" else p
        for p in pool.scenario.people
    ]
    scenario = pool.scenario.model_copy(update={"people": people})
    log = Engine(scenario, pool.plan, Streams(0, 1), ()).run()
    assert _end(log) == (scenario.horizon_min, "horizon")
    exposure = next(e for e in log if e.kind == "exposure" and e.actor == "zhao")
    assert exposure.details["minutes"] == scenario.horizon_min
    outcome = next(e for e in log if e.kind == "outcome" and e.actor == "zhao")
    assert outcome.details["probability_of_death"] > 0.99


def test_a_team_on_its_way_in_is_waited_for() -> None:
    # the duty manager calls 119 at T+3 and the plan's last step is done at T+6; the fire
    # crew takes longer than that to turn out and drive 8 minutes: the run waits for it,
    # so its arrival is timed, not written off as missed
    pool = load(DATA / "pool-chlorine.yaml")
    crew = Team(
        id="fire_crew", name="消防战斗班", organisation="fire119", base="fire_brigade", size=5
    )
    plan = pool.plan.model_copy(update={"teams": [*pool.plan.teams, crew]})
    log = Engine(pool.scenario, plan, Streams(0, 1), ()).run()
    arrived = [e.t for e in log if e.kind == "team_arrived" and e.actor == "fire_crew"]
    t, _ = _end(log)
    assert arrived and t >= arrived[0] > 8.0
    card = score(log, pool.scenario, plan)
    fire = next(k for k in card.kpis if k.key.startswith("fire_arrival"))
    assert fire.status in ("met", "late")
    assert fire.value is not None and fire.value > 5.0


def test_a_casualty_nobody_comes_for_keeps_the_run_going() -> None:
    # the sump's three men are out but not breathing and the plan never hands them to
    # EMS: the run does not end on the plan's last step, it runs to the horizon
    pit = load(DATA / "sewage-pit.yaml")
    log = Engine(pit.scenario, pit.plan, Streams(0, 1), ()).run()
    assert _end(log) == (pit.scenario.horizon_min, "horizon")
    done = max(e.t for e in log if e.kind == "step_completed")
    assert done < 60.0


def test_a_plan_that_settles_everything_still_ends_when_it_is_done() -> None:
    # the cold store's plan stops the ammonia and clears the room: the run ends with it
    store = load(DATA / "cold-store.yaml")
    log = Engine(store.scenario, store.plan, Streams(0, 1), ()).run()
    t, reason = _end(log)
    assert reason == "all done"
    assert t < 15.0
