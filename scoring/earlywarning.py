"""Early warnings: a gas detector that alarms before anyone raises the alarm.

A scenario shows an early warning as an inject fired by a reading of a place's air
(gas above a level, oxygen below one: a fixed detector on the control room's display)
that does not itself raise the alarm. The plan answers it with a step started by the
same place's reading alone (``Step.on_reading``), which the engine watches from T+0.
A warning nobody answers leaves the response to begin only when someone raises the
alarm, often when a person is found on the floor. The basis: GB/T 50493-2019 (gas
detection is there to alarm in time and prevent injury to people) and GB/T 29639-2020
(below the threshold of a response, the plan decides on a warning and prepares).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scoring.finding import Text
from scoring.wording import tx
from sim.hazards import HazardField
from sim.physics.infiltration import gas_ppm_for_oxygen
from sim.plan import Plan, Step
from sim.scenario import Inject, Scenario
from sim.vocabulary import Condition, reading_places


@dataclass(frozen=True)
class EarlyWarning:
    """An inject that reads a place's air and leaves the alarm to someone else."""

    inject: Inject
    places: list[str]


def early_warnings(scenario: Scenario) -> list[EarlyWarning]:
    """The scenario's detector injects that do not raise the alarm themselves."""
    out: list[EarlyWarning] = []
    for inject in scenario.injects:
        if inject.when is None or any(e.raise_alarm for e in inject.effects):
            continue
        places = reading_places(inject.when)
        if places:
            out.append(EarlyWarning(inject, places))
    return out


def answers(plan: Plan, places: list[str]) -> list[Step]:
    """The plan's steps that a reading of one of ``places`` starts on its own."""
    return [s for s in plan.steps if set(s.on_reading) & set(places)]


def first_reading_min(scenario: Scenario, c: Condition) -> float | None:
    """When a reading condition first holds if nobody acts (the hazards as they start),
    or None if it never does within the horizon: what the plan faces before the alarm."""
    field = HazardField.from_scenario(scenario)
    for h in scenario.hazards:
        field.start(h.id, h.starts_at_min)
    return _first(field, c, scenario.horizon_min)


def _first(field: HazardField, c: Condition, horizon: float) -> float | None:
    if c.concentration_above is not None:
        ca = c.concentration_above
        t = field.time_reaching(ca.location, ca.ppm, 0.0, until_min=horizon)
    elif c.oxygen_below is not None:
        ob = c.oxygen_below
        t = field.time_reaching(
            ob.location, gas_ppm_for_oxygen(ob.percent), 0.0, until_min=horizon, oxygen=True
        )
    elif c.any_of or c.all_of:
        times = [_first(field, x, horizon) for x in (c.any_of or c.all_of or [])]
        known = [x for x in times if x is not None]
        if c.all_of and len(known) < len(times):
            return None
        t = (max if c.all_of else min)(known) if known else None
    else:
        return None
    return None if t is None or t > horizon else t


def alarm_min(scenario: Scenario) -> float:
    """When the scenario's own injects raise the alarm at the earliest, as far as a
    file tells (a timed inject, or a reading); infinity when only the run can tell."""
    times = [math.inf]
    for inject in scenario.injects:
        if not any(e.raise_alarm for e in inject.effects):
            continue
        if inject.at_min is not None:
            times.append(inject.at_min)
        elif inject.when is not None and reading_places(inject.when):
            t = first_reading_min(scenario, inject.when)
            if t is not None:
                times.append(t)
    return min(times)


def advice(place_zh: str, place_en: str) -> Text:
    """What an evaluator recommends for an unanswered gas alarm at a place."""
    return tx(
        f"在预案中增加对「{place_zh}」检测报警的处置：报警即由中控室核实读数，通知该处人员"
        "立即撤离，禁止无防护人员进入，派人佩戴空气呼吸器、携带便携式检测仪到场确认，"
        "必要时直接启动应急响应，不要等到有人倒地才处置（GB/T 50493-2019：检测报警是为了"
        "及时报警、预防人身伤害；GB/T 29639-2020：未达到响应启动条件时作出预警决策，"
        "做好响应准备）",
        f"add to the plan what is done when the gas detector in '{place_en}' alarms: the "
        "control room checks the reading, tells anyone there to leave at once and forbids "
        "entry without breathing apparatus, sends someone with breathing apparatus and a "
        "portable detector to confirm, and starts the response if need be, instead of "
        "waiting until someone collapses (GB/T 50493-2019: gas detection is there to alarm "
        "in time and prevent injury; GB/T 29639-2020: below the threshold of a response, "
        "decide on a warning and prepare the response)",
    )
