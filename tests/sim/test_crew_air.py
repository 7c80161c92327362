"""Everyone in one place breathes the same air: crews indoors, air that turns hot, fires
that burn on after the valves close."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from sim import EventLog, Loaded, load, simulate
from sim.hazards import HazardField
from sim.plan import Plan
from tests.hazard import pipeline_scenario

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture(scope="module")
def chlorine() -> Loaded:
    return load(DATA / "chlorine.yaml")


def with_wardens(plan: Plan, base: str, step: dict[str, Any]) -> Plan:
    """The plan with a two-person warden team at ``base`` that carries out ``step``."""
    data = plan.model_dump(mode="json", exclude_none=True)
    data["teams"].append(
        {"id": "wardens", "name": "巡查员", "organisation": "plant", "base": base, "size": 2}
    )
    data["roles"].append(
        {"id": "warden", "name": "巡查员", "organisation": "plant", "staffed_by": ["wardens"]}
    )
    data["steps"].append({"owner": "warden", "crew": 2, "duration": 20, **step})
    # they carry a radio and hear the patrol's call with the control room
    data["alerting"][0]["teams"].append("wardens")
    return Plan.model_validate(data)


def crew_exposure(log: EventLog, step: str) -> Any:
    [event] = [e for e in log.of_kind("exposure") if e.step == step]
    return event


def test_a_crew_in_a_building_breathes_the_indoor_air_of_its_occupants(chlorine: Loaded) -> None:
    plan = with_wardens(
        chlorine.plan,
        "village_houses",
        {"id": "check_houses", "name": "入户查看", "location": "village_houses"},
    )
    log = simulate(chlorine.scenario, plan, 1)
    exposure = crew_exposure(log, "check_houses")
    start = log.first("step_working", step="check_houses")
    assert start is not None
    field = HazardField.from_scenario(chlorine.scenario)
    field.start("cl2_leak", 0.0)
    times = np.linspace(start.t, exposure.t, 200)
    indoor = field.concentration_series("village_houses", times)
    outdoor = field.concentration_series("village_houses", times, indoor=False)
    assert exposure.details["ppm_max"] == pytest.approx(float(indoor.max()), rel=1e-3)
    assert exposure.details["ppm_max"] < 0.5 * float(outdoor.max())


def test_a_crew_working_in_the_open_breathes_the_outdoor_air(chlorine: Loaded) -> None:
    plan = with_wardens(
        chlorine.plan,
        "village_houses",
        {
            "id": "door_to_door",
            "name": "挨户通知",
            "location": "village_houses",
            "indoors": False,
        },
    )
    log = simulate(chlorine.scenario, plan, 1)
    exposure = crew_exposure(log, "door_to_door")
    field = HazardField.from_scenario(chlorine.scenario)
    field.start("cl2_leak", 0.0)
    assert exposure.details["ppm_max"] == pytest.approx(
        field.concentration_ppm("village_houses", exposure.t, indoor=False), rel=1e-3
    )


def test_air_that_turns_hot_while_a_crew_works_is_an_entry(chlorine: Loaded) -> None:
    """A crew at the fence from the alarm (1 min) is in IDLH air once the plume gets there,
    300 m at 3 m/s: 1.67 min."""
    plan = with_wardens(
        chlorine.plan,
        "east_fence",
        {"id": "fence_watch", "name": "围墙警戒", "location": "east_fence"},
    )
    log = simulate(chlorine.scenario, plan, 1)
    entry = log.first("entry", step="fence_watch")
    assert entry is not None and entry.actor == "wardens"
    assert entry.t == pytest.approx(300.0 / 3.0 / 60.0, abs=5 / 60)
    assert entry.details["protected"] is False and entry.details["ppm"] >= 10.0


def test_a_fire_burning_on_after_the_valves_closed_is_still_a_hot_zone() -> None:
    """The line pack keeps the jet fire going: 150 m away the heat is still above the
    5 kW/m2 pain flux 2 min after closure, and below it 9 min after."""
    scenario = pipeline_scenario()
    field = HazardField.from_scenario(scenario)
    rupture = scenario.hazards[0].id
    field.start(rupture, 0.0)
    field.stop(rupture, 1.0)
    assert not field.in_zone(rupture, "hamlet", 3.0)
    assert field.hot_zone("hamlet", 3.0, indoor=False)
    assert not field.hot_zone("hamlet", 10.0, indoor=False)
