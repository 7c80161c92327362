"""Knock-down, escape and blind rescue in the engine: per substance, for oxygen, per person."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim import EventLog, Loaded, load, parse_decisions, simulate
from sim.hazards import HazardField
from sim.scenario import Location, Person, TravelLink
from sim.vocabulary import Effect

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def pit() -> Loaded:
    """Three men go down one after another into a sump full of H2S (issue case, unseen)."""
    return load(DATA / "sewage-pit.yaml")


@pytest.fixture(scope="module")
def chlorine() -> Loaded:
    return load(DATA / "chlorine.yaml")


def state_time(log: EventLog, person: str, state: str) -> float | None:
    for e in log.of_kind("person"):
        if e.actor == person and e.details["state"] == state:
            return e.t
    return None


def test_the_casualty_is_knocked_down_two_breaths_after_the_room_reaches_700_ppm(
    poisoning: Loaded,
) -> None:
    log = simulate(poisoning.scenario, poisoning.plan, 1)
    field = HazardField.from_scenario(poisoning.scenario)
    field.start("h2s_leak", 0.0)
    reach = field.time_reaching("generator_room", 700.0, 0.0)
    assert reach is not None
    collapsed = log.first("person", actor="wang", state="collapsed")
    assert collapsed is not None and collapsed.t == pytest.approx(reach + 10 / 60, abs=1e-3)
    assert collapsed.details["breathing"] is False
    stopped = log.first("breathing_stopped", actor="wang")
    assert stopped is not None and stopped.t == collapsed.t


def test_500_ppm_for_5_minutes_collapses_a_person_who_keeps_breathing(pit: Loaded) -> None:
    # 0.08 L/s into the 40-m3 sump at 12 air changes an hour levels off at 600 ppm
    leak = pit.scenario.hazards[0].model_copy(update={"leak_l_s": 0.08})
    scenario = pit.scenario.model_copy(update={"hazards": [leak]})
    field = HazardField.from_scenario(scenario)
    field.start("sludge_gas", 0.0)
    reach = field.time_reaching("sump", 500.0, 0.0)
    assert reach is not None and field.concentration_ppm("sump", 60.0) < 700
    log = simulate(scenario, pit.plan, 1)
    collapsed = log.first("person", actor="zhao", state="collapsed")
    assert collapsed is not None
    assert collapsed.t == pytest.approx(reach + 5.0, abs=1e-3)
    assert collapsed.details["breathing"] is True
    assert log.first("breathing_stopped", actor="zhao") is None


def test_the_blind_rescue_starts_within_seconds_to_a_minute_of_finding_the_casualty(
    poisoning: Loaded,
) -> None:
    """Li finds Wang at T+5 (inject li_finds_wang) and goes in at once, as incident reports say."""
    walk = 0.3  # the door to the room
    for seed in range(1, 21):
        log = simulate(poisoning.scenario, poisoning.plan, seed)
        entry = log.first("entry", actor="li")
        assert entry is not None
        decided = entry.t - (0.0 if entry.details["prevented"] else walk)
        assert 5.0 + 0.1 - 1e-6 <= decided <= 5.0 + 1.0 + 1e-6


def test_three_men_go_down_one_after_another_into_the_sump(pit: Loaded) -> None:
    log = simulate(pit.scenario, pit.plan, 1)
    down = [state_time(log, who, "collapsed") for who in ("zhao", "qian", "sun")]
    assert all(t is not None for t in down)
    assert down == sorted(down)  # type: ignore[type-var]
    for who in ("qian", "sun"):
        entry = log.first("entry", actor=who)
        assert entry is not None and entry.details["blind_rescue"] and entry.details["ppm"] >= 700


def test_a_rescuers_collapse_tempts_the_next_one_in(pit: Loaded) -> None:
    """Chain rescue: Sun, tempted only by Qian's collapse, goes in after Qian falls."""
    people = [
        p.model_copy(update={"blind_rescue": p.blind_rescue.model_copy(update={"target": "qian"})})
        if p.id == "sun" and p.blind_rescue
        else p
        for p in pit.scenario.people
    ]
    log = simulate(pit.scenario.model_copy(update={"people": people}), pit.plan, 1)
    qian = state_time(log, "qian", "collapsed")
    entry = log.first("entry", actor="sun")
    assert qian is not None and entry is not None
    assert entry.details["target"] == "qian" and entry.t > qian


def test_forbidding_entry_prevents_every_link_of_the_chain(pit: Loaded) -> None:
    forbid = parse_decisions(
        ['{"t": 1.0, "command": "forbid_entry", "args": {"location": "sump"}}']
    )
    log = simulate(pit.scenario, pit.plan, 1, forbid)
    for who in ("qian", "sun"):
        entry = log.first("entry", actor=who)
        assert entry is not None and entry.details["prevented"] is True
        assert state_time(log, who, "collapsed") is None


def test_an_unprotected_person_leaves_air_above_idlh(chlorine: Loaded) -> None:
    """Cl2 IDLH is 10 ppm (NIOSH); the fence workers walk off to the nearest clean air: not
    back past the tank (the source) nor down the wind to the village, but crosswind to a
    yard 250 m north, 3.5 min on foot (REFERENCE E3)."""
    people = [p.model_copy(update={"escapes": True}) for p in chlorine.scenario.people]
    site = chlorine.scenario.site.model_copy(deep=True)
    yard = site.locations[2].model_copy(update={"id": "north_yard", "name": "北侧堆场", "y_m": 250})
    site.locations.append(yard)
    link = site.travel.links[0].model_copy(update={"between": ("east_fence", "north_yard")})
    site.travel.links.append(link)
    scenario = chlorine.scenario.model_copy(update={"people": people, "site": site})
    log = simulate(scenario, chlorine.plan, 1)
    escape = log.first("escape", actor="fence_workers")
    assert escape is not None and escape.details["ppm"] >= 10
    assert escape.details["route"] == ["east_fence", "north_yard"]
    assert escape.details["minutes"] == pytest.approx(250 / 1.19 / 60, abs=1e-3)
    arrived = log.first("escaped", actor="fence_workers")
    assert arrived is not None and arrived.location == "north_yard"
    assert arrived.t == pytest.approx(escape.t + escape.details["minutes"], abs=1e-3)
    field = HazardField.from_scenario(scenario)
    field.start("cl2_leak", 0.0)
    assert field.concentration_ppm(str(arrived.location), arrived.t) < 10
    assert state_time(log, "fence_workers", "collapsed") is None


def test_an_unprotected_person_in_thousands_of_ppm_of_chlorine_collapses(chlorine: Loaded) -> None:
    """ATSDR: 1000 ppm chlorine is fatal after a few breaths; nobody stands in it for long."""
    site = chlorine.scenario.site
    bay = Location(id="loading_bay", name="装车位", kind="outdoor", x_m=15.0, y_m=0.0)
    travel = site.travel.model_copy(
        update={
            "links": [
                *site.travel.links,
                TravelLink(between=("loading_bay", "tank_farm"), minutes=0.5),
            ]
        }
    )
    scenario = chlorine.scenario.model_copy(
        update={
            "site": site.model_copy(update={"locations": [*site.locations, bay], "travel": travel}),
            "people": [Person(id="loader", name="装车工", location="loading_bay")],
        }
    )
    field = HazardField.from_scenario(scenario)
    field.start("cl2_leak", 0.0)
    assert field.concentration_ppm("loading_bay", 1.0) > 1000
    log = simulate(scenario, chlorine.plan, 1)
    collapsed = log.first("person", actor="loader", state="collapsed")
    assert collapsed is not None and collapsed.t < 1.0
    assert collapsed.details["substance"] == "Cl2"


def lifeline_rescue(pit: Loaded, clipped: set[str]) -> EventLog:
    """A tripod and winch at the sump mouth, 1.5 min per lift; only the clipped can be lifted."""
    people = [p.model_copy(update={"lifeline": p.id in clipped}) for p in pit.scenario.people]
    rescue = Effect.model_validate(
        {
            "rescue": {
                "location": "sump",
                "to": "yard",
                "method": "non_entry",
                "minutes_per_person": 1.5,
            }
        }
    )
    steps = [
        s.model_copy(update={"effects": [rescue], "location": "sump_mouth"})
        if s.id == "rescue"
        else s
        for s in pit.plan.steps
    ]
    scenario = pit.scenario.model_copy(update={"people": people})
    return simulate(scenario, pit.plan.model_copy(update={"steps": steps}), 1)


def test_a_person_unclipped_from_the_lifeline_is_not_lifted(pit: Loaded) -> None:
    log = lifeline_rescue(pit, clipped={"zhao"})
    working = log.first("step_working", step="rescue")
    assert working is not None
    lifted = log.first("person", actor="zhao", state="rescued")
    assert lifted is not None
    assert lifted.t == pytest.approx(working.t + working.details["duration_min"] + 1.5)
    for who in ("qian", "sun"):
        assert state_time(log, who, "rescued") is None
        left = log.first("not_lifted", actor=who)
        assert left is not None and left.details["reason"] == "not attached to the lifeline"


def test_a_lifeline_rescue_takes_its_time_per_person(pit: Loaded) -> None:
    log = lifeline_rescue(pit, clipped={"zhao", "qian", "sun"})
    working = log.first("step_working", step="rescue")
    done = log.first("step_completed", step="rescue")
    assert working is not None and done is not None
    rigged = working.t + working.details["duration_min"]
    times = sorted(t for who in ("zhao", "qian", "sun") if (t := state_time(log, who, "rescued")))
    assert times == pytest.approx([rigged + 1.5, rigged + 3.0, rigged + 4.5])
    assert done.t == pytest.approx(times[-1])  # the crew stays on the winch until the last


def test_a_non_entry_rescue_needs_its_lift_time() -> None:
    with pytest.raises(ValueError, match="minutes_per_person"):
        Effect.model_validate({"rescue": {"location": "sump", "to": "yard", "method": "non_entry"}})
