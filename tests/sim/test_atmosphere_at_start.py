"""Atmospheres present from T+0, sources that decay, and a toxic gas with an oxygen deficit
in one space (REFERENCE D13). The unseen sump of tests/data/sewage-pit.yaml: 40 m3,
12 air changes/h, so with no leak the air is flushed at k = Q/V = 0.2 per minute."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from pydantic import ValidationError

from sim import EventLog, Loaded, load, simulate
from sim.hazards import HazardField
from sim.physics.infiltration import gas_ppm_for_oxygen
from sim.physics.room import decay_steps
from sim.scenario import RoomLeak, Scenario, SourceDecay

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def pit() -> Loaded:
    return load(DATA / "sewage-pit.yaml")


def sump(pit: Loaded, *, ach: float | None = None, **leak: Any) -> Scenario:
    scenario = pit.scenario
    hazard = scenario.hazards[0].model_copy(update=leak)
    RoomLeak.model_validate(hazard.model_dump())  # the same checks as a file gets
    locations = []
    for loc in scenario.site.locations:
        if loc.id == "sump" and ach is not None:
            assert loc.room is not None
            loc = loc.model_copy(
                update={"room": loc.room.model_copy(update={"air_changes_per_h": ach})}
            )
        locations.append(loc)
    site = scenario.site.model_copy(update={"locations": locations})
    return scenario.model_copy(update={"hazards": [hazard], "site": site})


def test_gas_gathered_before_t0_is_flushed_out_at_the_air_change_rate(pit: Loaded) -> None:
    """900 ppm at T+0, no leak: C = 900 exp(-0.2 t); 331 ppm at 5 min, 10 ppm at
    ln(90)/0.2 = 22.5 min."""
    field = HazardField.from_scenario(sump(pit, leak_l_s=0.0, initial_ppm=900.0))
    assert field.concentration_ppm("sump", 0.0) == pytest.approx(900.0)
    assert field.concentration_ppm("sump", 5.0) == pytest.approx(900 * math.exp(-1), rel=1e-6)
    assert field.time_falling_below("sump", 10.0, 0.0) == pytest.approx(22.50, abs=0.01)


def test_an_oxygen_deficit_at_t0_is_flushed_out_too(pit: Loaded) -> None:
    """15 % oxygen at T+0: the displaced share 1 - 15/20.9 decays at 0.2/min and oxygen is
    back at 19.5 % after ln(0.2823/0.0670)/0.2 = 7.19 min."""
    field = HazardField.from_scenario(sump(pit, leak_l_s=0.0, initial_oxygen_percent=15.0))
    assert field.oxygen_percent("sump", 0.0) == pytest.approx(15.0)
    assert field.concentration_ppm("sump", 0.0) == 0.0  # no toxic gas in it
    back = field.time_falling_below("sump", gas_ppm_for_oxygen(19.5), 0.0, oxygen=True)
    assert back == pytest.approx(7.19, abs=0.01)


def test_a_decaying_source_peaks_where_the_closed_form_says(pit: Loaded) -> None:
    """0.12 L/s halving every 10 min into the sump: C = G0/V / (k - l) (e^-lt - e^-kt)
    with k = 0.2/min, l = ln 2 / 10 peaks at ln(k/l)/(k-l) = 8.1 min at 513 ppm; the
    steady leak would climb to 900 ppm."""
    field = HazardField.from_scenario(sump(pit, decay=SourceDecay(half_life_min=10.0)))
    times = np.linspace(0.0, 60.0, 3601)
    conc = field.concentration_series("sump", times)
    k, lam = 0.2, math.log(2) / 10
    closed = 1.2e-4 * 60 / 40 * 1e6 / (k - lam) * (np.exp(-lam * times) - np.exp(-k * times))
    assert np.max(np.abs(conc - closed)) < 0.01 * closed.max()
    assert float(times[np.argmax(conc)]) == pytest.approx(8.1, abs=0.15)
    assert float(conc.max()) == pytest.approx(513.0, rel=0.01)
    assert field.concentration_ppm("sump", 180.0) < 1.0  # the source has died away


def test_a_decay_profile_steps_the_rate_and_a_fan_keeps_it() -> None:
    """A profile is the measured rate as a share of the first; the steps survive later
    changes of the ventilation."""
    decay = SourceDecay.model_validate(
        {"profile": [{"after_min": 10, "factor": 0.5}, {"after_min": 20, "factor": 0}]}
    )
    assert decay.steps() == ((0.0, 1.0), (10.0, 0.5), (20.0, 0.0))
    steps = decay_steps(10.0)
    volume = sum(
        f * ((steps[i + 1][0] if i + 1 < len(steps) else t) - t) for i, (t, f) in enumerate(steps)
    )
    assert volume == pytest.approx(10.0 / math.log(2), rel=1e-3)  # integral of exp(-lt)


def test_a_fan_started_later_keeps_the_decay_schedule(pit: Loaded) -> None:
    field = HazardField.from_scenario(
        sump(
            pit,
            ach=0.0,
            decay=SourceDecay.model_validate(
                {"profile": [{"after_min": 10, "factor": 0.5}, {"after_min": 20, "factor": 0}]}
            ),
        )
    )
    # no ventilation: the sump fills at 0.12 L/s for 10 min, then at 0.06 L/s (the leak's
    # own outflow takes off 0.1 %)
    assert field.concentration_ppm("sump", 10.0) == pytest.approx(0.12e-3 * 600 / 40 * 1e6, 2e-3)
    field.ventilate("sump", 12.0, 15.0)
    at_15 = field.concentration_ppm("sump", 15.0)
    assert at_15 == pytest.approx((0.072 + 0.06e-3 * 300) / 40 * 1e6, rel=2e-3)
    # after 20 min nothing more comes in: plain flushing at 0.2/min
    at_20 = field.concentration_ppm("sump", 20.0)
    assert field.concentration_ppm("sump", 25.0) == pytest.approx(at_20 * math.exp(-1), 1e-6)


def test_oxygen_cannot_leave_less_room_than_the_gas_takes() -> None:
    with pytest.raises(ValidationError, match="leaves room for at most 43062 ppm"):
        RoomLeak.model_validate(
            {
                "id": "x",
                "kind": "room_leak",
                "name": "x",
                "substance": "H2S",
                "location": "sump",
                "leak_l_s": 0.0,
                "initial_ppm": 50_000.0,
                "initial_oxygen_percent": 20.0,
            }
        )


def collapse(log: EventLog, who: str) -> dict[str, Any]:
    event = log.first("person", actor=who, state="collapsed")
    assert event is not None
    return {"t": event.t, **event.details}


def test_oxygen_knocks_down_where_the_gas_alone_would_not(pit: Loaded) -> None:
    """A closed sump (no air changes) holding 300 ppm H2S, below the 500 ppm collapse level,
    and 8 % oxygen: judgement goes at once (below 16 %) and Zhao collapses from the oxygen
    after the 60 s of the 10 % level (NIOSH 80-106, GB 8958)."""
    scenario = sump(pit, ach=0.0, leak_l_s=0.0, initial_ppm=300.0, initial_oxygen_percent=8.0)
    log = simulate(scenario, pit.plan, 1)
    impaired = log.first("impaired", actor="zhao")
    assert impaired is not None and impaired.t == 0.0
    down = collapse(log, "zhao")
    assert down["t"] == pytest.approx(1.0, abs=0.01)
    assert down["cause"].startswith("oxygen at or below 10 %")
    assert down["ppm"] == pytest.approx(300.0) and down["oxygen_percent"] == pytest.approx(8.0)


def test_the_gas_knocks_down_where_the_oxygen_alone_would_not(pit: Loaded) -> None:
    """800 ppm H2S with 18 % oxygen (impairing neither): the 700 ppm level fells Zhao in
    10 s and his breathing stops."""
    scenario = sump(pit, ach=0.0, leak_l_s=0.0, initial_ppm=800.0, initial_oxygen_percent=18.0)
    log = simulate(scenario, pit.plan, 1)
    down = collapse(log, "zhao")
    assert down["t"] == pytest.approx(10 / 60, abs=0.01)
    assert down["cause"].startswith("H2S at or above 700 ppm")
    assert log.first("breathing_stopped", actor="zhao") is not None
    assert log.first("impaired", actor="zhao") is None
