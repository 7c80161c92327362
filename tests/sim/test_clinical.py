"""The clinical course after a knock-down: breathing stops, survival falls with the minutes
until breathing is restored (issue tests on the bundled casualty and an unseen H2S sump)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sim import EventLog, Loaded, load, simulate
from sim.distributions import Fixed
from sim.physics.asphyxia import death_probability_without_breathing
from sim.plan import Plan
from sim.scenario import Scenario, Variation
from sim.vocabulary import Condition, Effect

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def pit() -> Loaded:
    return load(DATA / "sewage-pit.yaml")


def steady(scenario: Scenario) -> Scenario:
    """Every trip takes its typical time, so only the plan decides the minutes."""
    travel = scenario.site.travel.model_copy(update={"variation": Variation(low=1, mode=1, high=1)})
    return scenario.model_copy(update={"site": scenario.site.model_copy(update={"travel": travel})})


def edit_step(plan: Plan, step_id: str, **update: Any) -> Plan:
    steps = [s.model_copy(update=update) if s.id == step_id else s for s in plan.steps]
    return plan.model_copy(update={"steps": steps})


def told_at_once(plan: Plan) -> Plan:
    """Every team hears of the alarm at once, so only the plan's work decides the minutes."""
    links = [x.model_copy(update={"delay": Fixed(minutes=0.0)}) for x in plan.alerting]
    return plan.model_copy(update={"alerting": links})


def rescuers_give_first_aid(plan: Plan) -> Plan:
    """The SCBA crew starts oxygen and rescue breathing as it brings the casualty out."""
    rescue = next(s for s in plan.steps if s.id == "scba_rescue")
    effects = [*(e for e in rescue.effects if e.first_aid is None), Effect(first_aid="safe_area")]
    return edit_step(plan, "scba_rescue", effects=effects)


def rescue_only(plan: Plan) -> Plan:
    """The SCBA crew only carries the casualty out; first aid waits for the first-aid group."""
    rescue = next(s for s in plan.steps if s.id == "scba_rescue")
    effects = [e for e in rescue.effects if e.first_aid is None]
    return edit_step(plan, "scba_rescue", effects=effects)


def outcome(log: EventLog, who: str) -> dict[str, Any]:
    event = log.first("outcome", actor=who)
    assert event is not None
    return event.details


def extraction_delay(log: EventLog, who: str) -> float:
    down = log.first("breathing_stopped", actor=who)
    out = log.first("person", actor=who, state="rescued")
    assert down is not None and out is not None
    return out.t - down.t


def test_the_casualtys_risk_rises_steeply_with_time_to_extraction(poisoning: Loaded) -> None:
    """Out and breathing 5 min after the knock-down he mostly lives; after 15 min he dies."""
    scenario = steady(poisoning.scenario)
    plan = rescuers_give_first_aid(told_at_once(poisoning.plan))
    risks = {}
    for work in (0.7, 10.7):  # and 1.1 min carrying him out to the safe area
        log = simulate(scenario, edit_step(plan, "scba_rescue", duration=Fixed(minutes=work)), 1)
        delay = extraction_delay(log, "wang")
        details = outcome(log, "wang")
        assert details["path"] == "asphyxia"
        assert details["minutes_without_breathing"] == pytest.approx(delay, abs=1e-3)
        risks[round(delay)] = details["probability_of_death"]
    assert set(risks) == {5, 15}
    assert risks[5] <= 0.15 and risks[15] >= 0.99


def test_first_aid_at_once_against_ten_minutes_later_changes_survival(poisoning: Loaded) -> None:
    scenario = steady(poisoning.scenario)
    fast = edit_step(
        rescuers_give_first_aid(poisoning.plan), "scba_rescue", duration=Fixed(minutes=0.5)
    )
    now = simulate(scenario, fast, 1)
    out = extraction_delay(now, "wang")
    # the same rescue, but oxygen and rescue breathing wait for the first-aid group
    rescued = now.first("person", actor="wang", state="rescued")
    assert rescued is not None
    target = rescued.t + 10.0

    def waiting(start: float) -> EventLog:
        plan = edit_step(rescue_only(poisoning.plan), "scba_rescue", duration=Fixed(minutes=0.5))
        return simulate(scenario, edit_step(plan, "first_aid", when=Condition(after_min=start)), 1)

    trial = waiting(target).first("breathing_restored", actor="wang")
    assert trial is not None
    later = waiting(target - (trial.t - target))  # less the first-aid crew's fixed trip
    at_once, waited = outcome(now, "wang"), outcome(later, "wang")
    assert at_once["minutes_without_breathing"] == pytest.approx(out, abs=1e-3)
    assert waited["minutes_without_breathing"] == pytest.approx(out + 10.0, abs=0.05)
    assert at_once["probability_of_death"] < 0.2 < 0.99 < waited["probability_of_death"]
    first_aid = later.first("first_aid", actor="wang")
    assert first_aid is not None and first_aid.details["breathing"] is False


@pytest.mark.parametrize("ventilated", [True, False])
def test_men_left_twenty_minutes_in_900_ppm_die_whatever_the_dilution(
    pit: Loaded, ventilated: bool
) -> None:
    """The issue's case: the probit of the diluting air gave each under 1 %."""
    plan = pit.plan
    if not ventilated:
        plan = plan.model_copy(
            update={"steps": [s for s in plan.steps if s.id != "ventilate_sump"]}
        )
        plan = edit_step(plan, "rescue", after=[])
    log = simulate(pit.scenario, plan, 1)
    assert (log.first("ventilation") is not None) == ventilated
    for who in ("zhao", "qian", "sun"):
        details = outcome(log, who)
        assert details["path"] == "asphyxia"
        assert details["minutes_without_breathing"] >= 15
        assert details["probability_of_death"] >= 0.99
        assert details["probability_of_death_probit"] < 0.01


def test_a_collapsed_person_who_keeps_breathing_is_judged_by_the_probit(pit: Loaded) -> None:
    """500-700 ppm: collapse in 5 min, breathing on (OSHA); the load decides."""
    leak = pit.scenario.hazards[0].model_copy(update={"leak_l_s": 0.08})
    log = simulate(pit.scenario.model_copy(update={"hazards": [leak]}), pit.plan, 1)
    details = outcome(log, "zhao")
    assert details["path"] == "probit" and "minutes_without_breathing" not in details


def test_the_model_is_the_published_curve() -> None:
    assert death_probability_without_breathing(5.0) == pytest.approx(0.10)
    assert death_probability_without_breathing(15.0) == 1.0
