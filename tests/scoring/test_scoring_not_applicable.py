"""KPIs that do not apply are 'not applicable' and carry no weight, never 'not reached'."""

from __future__ import annotations

from scoring.consequences import consequences
from scoring.gaps import findings
from scoring.kpi import kpis
from scoring.ratings import rate
from sim import Loaded
from sim.scenario import Scenario
from tests.scoring import Log, one


def sludge(scenario: Scenario) -> Scenario:
    """The same room, but the gas comes off sludge: no valve can stop it."""
    hazards = [h.model_copy(update={"isolable": False}) for h in scenario.hazards]
    return scenario.model_copy(update={"hazards": hazards})


def test_a_source_with_no_valve_leaves_release_stopped_not_applicable(
    poisoning: Loaded,
) -> None:
    scenario = sludge(poisoning.scenario)
    log = Log(alarm=5.0).end(90)
    k = one(kpis(log, scenario, poisoning.plan), "release_stopped", "h2s_leak")
    assert k.status == "not_applicable" and not k.rated and k.weight == 0
    assert k.note is not None and "不适用" in k.note.zh
    found = findings(log, scenario, poisoning.plan)
    assert not [f for f in found if "release_stopped" in str(f.data.get("kpi", ""))]
    release = next(c for c in consequences(log, scenario, poisoning.plan) if c.subject)
    assert release.score is None and release.cap is None


def test_the_same_source_with_a_valve_is_missed(poisoning: Loaded) -> None:
    log = Log(alarm=5.0).end(90)
    k = one(kpis(log, poisoning.scenario, poisoning.plan), "release_stopped", "h2s_leak")
    assert k.status == "missed" and k.rated and k.score == 0


def test_not_applicable_does_not_pull_the_control_rating_down(poisoning: Loaded) -> None:
    log = Log(alarm=5.0).end(90)
    with_valve = rate(
        kpis(log, poisoning.scenario, poisoning.plan),
        [],
        None,
        consequences(log, poisoning.scenario, poisoning.plan),
    )[0]
    scenario = sludge(poisoning.scenario)
    no_valve = rate(
        kpis(log, scenario, poisoning.plan), [], None, consequences(log, scenario, poisoning.plan)
    )[0]
    a = next(r for r in with_valve if r.objective == "control")
    b = next(r for r in no_valve if r.objective == "control")
    assert a.hseep == "U" and b.hseep != "U"


def test_breathing_apparatus_does_not_apply_when_every_entry_was_below_idlh(
    poisoning: Loaded,
) -> None:
    # the room was ventilated first: the crew went in at 20 ppm (H2S IDLH 100 ppm)
    log = (
        Log(alarm=5.0)
        .add(30.0, "entry", actor="workshop_crew", step="isolate_leak",
             location="generator_room", protected=False, crew=2, ppm=20.0)
        .end(90)
    )  # fmt: skip
    k = one(kpis(log, poisoning.scenario, poisoning.plan), "ba_first_entry")
    assert k.status == "not_applicable" and not k.rated
    hot = (
        Log(alarm=5.0)
        .add(30.0, "entry", actor="workshop_crew", step="isolate_leak",
             location="generator_room", protected=False, crew=2, ppm=300.0)
        .end(90)
    )  # fmt: skip
    k = one(kpis(hot, poisoning.scenario, poisoning.plan), "ba_first_entry")
    assert k.status == "missed" and k.rated


def test_breathing_apparatus_does_not_apply_when_the_crew_found_the_room_below_idlh(
    poisoning: Loaded,
) -> None:
    # The engine logs an entry only into air at or above IDLH. A CO boiler room that
    # peaks at 820 ppm (IDLH 1200) leaves no entry event: the SCBA crew went to work
    # there below IDLH, which is "not applicable", not "never reached".
    log = (
        Log(alarm=0.25)
        .add(0.3, "step_ready", step="scba_rescue")
        .add(1.0, "step_started", step="scba_rescue", actor="mini_fire_team",
             location="generator_room", crew=2)
        .add(3.9, "step_working", step="scba_rescue", actor="mini_fire_team",
             location="generator_room", duration_min=3.0)
        .add(7.0, "step_completed", step="scba_rescue", actor="mini_fire_team",
             location="generator_room")
        .end(90)
    )  # fmt: skip
    k = one(kpis(log, poisoning.scenario, poisoning.plan), "ba_first_entry")
    assert k.status == "not_applicable" and not k.rated and k.weight == 0
    found = findings(log, poisoning.scenario, poisoning.plan)
    assert not [f for f in found if f.data.get("kpi") == "ba_first_entry"]


def test_breathing_apparatus_is_missed_when_no_crew_ever_got_to_work(
    poisoning: Loaded,
) -> None:
    log = Log(alarm=0.25).add(0.3, "step_ready", step="scba_rescue").end(90)
    k = one(kpis(log, poisoning.scenario, poisoning.plan), "ba_first_entry")
    assert k.status == "missed" and k.rated
