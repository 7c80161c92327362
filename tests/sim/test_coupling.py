"""Hazards coupled to the response: outdoor plumes, indoor air, sheltering, wind, valves.

The chlorine test scenario (tests/data/chlorine.yaml) puts a village 800 m
downwind of a leaking tank: people in the square breathe the plume, people at
home breathe infiltrated air (REFERENCE D5), and the leak stops when the
isolation step completes.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim import EventLog, Loaded, load, parse_decisions, simulate
from sim.distributions import Fixed
from sim.hazards import HazardField
from sim.physics.infiltration import gas_ppm_for_oxygen
from sim.physics.plume import dispersion_coefficients_m
from sim.physics.source import gas_density_kg_m3, hole_release
from sim.scenario import Inject, RoomLeak
from sim.vocabulary import Condition, OxygenBelow

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture(scope="module")
def chlorine() -> Loaded:
    return load(DATA / "chlorine.yaml")


def load_of(log: EventLog, who: str) -> float:
    return sum(e.details.get("toxic_load", 0.0) for e in log.of_kind("exposure") if e.actor == who)


def test_outdoor_concentration_is_the_gaussian_plume_of_the_hole_release(chlorine: Loaded) -> None:
    """Ground-level centreline, class D, 3 m/s: C = Q/(pi u sy sz) exp(-H^2/(2 sz^2))."""
    field = HazardField.from_scenario(chlorine.scenario)
    field.start("cl2_leak", 0.0)
    rate = hole_release(
        hole_diameter_m=0.025,
        pressure_pa_abs=6e5 + 101_325,
        temperature_k=293.15,
        molecular_weight_g_mol=70.90,
        heat_capacity_ratio=1.355,
        discharge_coefficient=0.62,
    ).mass_rate_kg_s
    sy, sz = (float(v) for v in dispersion_coefficients_m(np.array(300.0), "D"))
    h, z = 2.0, 1.5
    vertical = math.exp(-((z - h) ** 2) / (2 * sz**2)) + math.exp(-((z + h) ** 2) / (2 * sz**2))
    kg_m3 = rate / (2 * math.pi * 3.0 * sy * sz) * vertical
    ppm = kg_m3 / gas_density_kg_m3(70.90, 298.15) * 1e6
    assert field.concentration_ppm("east_fence", 5.0) == pytest.approx(ppm, rel=1e-9)
    assert field.concentration_ppm("control_room", 5.0) == 0.0  # upwind


ARRIVAL_MIN = 800.0 / 3.0 / 60.0
"""The village is 800 m downwind in a 3 m/s wind: the gas arrives after 4.44 min (D8)."""


def test_indoor_air_follows_single_zone_infiltration(chlorine: Loaded) -> None:
    """REFERENCE D5: indoor/outdoor = 1 - exp(-ACH t); 0.5/h gives 0.3935 after 1 h."""
    field = HazardField.from_scenario(chlorine.scenario)
    field.start("cl2_leak", 0.0)
    t = ARRIVAL_MIN + 60.0
    outside = field.concentration_ppm("village_square", t)
    inside = field.concentration_ppm("village_houses", t)
    assert inside / outside == pytest.approx(1 - math.exp(-0.5), rel=0.01)


def test_after_the_leak_stops_outdoor_air_clears_and_indoor_air_decays(chlorine: Loaded) -> None:
    field = HazardField.from_scenario(chlorine.scenario)
    field.start("cl2_leak", 0.0)
    field.stop("cl2_leak", 30.0)
    # the last gas emitted passes the square x/u after the valve closed
    assert field.concentration_ppm("village_square", 30.0 + ARRIVAL_MIN - 0.05) > 1.0
    assert field.concentration_ppm("village_square", 30.0 + ARRIVAL_MIN + 0.05) == 0.0
    at_stop = field.concentration_ppm("village_houses", 30.0 + ARRIVAL_MIN)
    assert field.concentration_ppm("village_houses", 90.0 + ARRIVAL_MIN) == pytest.approx(
        at_stop * math.exp(-0.5), rel=0.01
    )


def test_a_condition_on_an_outdoor_location_fires_when_the_plume_gets_there(
    chlorine: Loaded,
) -> None:
    log = simulate(chlorine.scenario, chlorine.plan, 1)
    call = log.first("inject", inject="complaint_call")
    # the gas needs x/u = 800 m / 3 m/s to get to the square (D8)
    assert call is not None and call.t == pytest.approx(ARRIVAL_MIN, abs=5 / 60)
    field = HazardField.from_scenario(chlorine.scenario)
    field.start("cl2_leak", 0.0)
    assert field.concentration_ppm("village_square", ARRIVAL_MIN - 0.01) == 0.0
    assert field.concentration_ppm("village_square", ARRIVAL_MIN + 0.01) >= 2.0


def test_a_wind_shift_moves_the_plume_away(chlorine: Loaded) -> None:
    shift = Inject.model_validate(
        {
            "id": "wind_backs",
            "at_min": 10,
            "message": "风向转北风",
            "effects": [{"wind": {"from_deg": 0}}],
        }
    )
    scenario = chlorine.scenario.model_copy(update={"injects": [*chlorine.scenario.injects, shift]})
    field = HazardField.from_scenario(scenario)
    field.start("cl2_leak", 0.0)
    before = field.concentration_ppm("east_fence", 9.0)
    field.set_wind(10.0, None, 0.0, None)
    assert before > 1.0
    fence_min = 300.0 / 3.0 / 60.0  # what left the hole before the shift still comes east
    assert field.concentration_ppm("east_fence", 10.0 + fence_min - 0.01) == before
    assert field.concentration_ppm("east_fence", 10.0 + fence_min + 0.01) < before * 1e-6
    assert field.concentration_ppm("east_fence", 9.0) == before  # the past stays as it was
    log = simulate(scenario, chlorine.plan, 1)
    fence = [e for e in log.of_kind("exposure") if e.actor == "fence_workers"]
    [exposure] = fence
    assert exposure.details["minutes"] > 20  # out there until the leak was stopped,
    assert exposure.details["above_aegl2_min"] == pytest.approx(10.0, abs=0.05)  # in it for 10
    assert exposure.details["ppm_mean"] < before * 0.5


def test_sheltering_in_place_lowers_the_dose(chlorine: Loaded) -> None:
    base = simulate(chlorine.scenario, chlorine.plan, 1)
    sheltered = simulate(
        chlorine.scenario,
        chlorine.plan,
        1,
        parse_decisions(['{"t": 2, "command": "shelter", "args": {"location": "village_square"}}']),
    )
    event = sheltered.first("sheltered", location="village_square")
    assert event is not None and event.details["people"] == 10
    assert load_of(sheltered, "square_villagers") < 0.5 * load_of(base, "square_villagers")
    home = load_of(base, "home_villagers")
    assert 0 < home < load_of(base, "square_villagers")


@settings(max_examples=12, deadline=None)
@given(st.floats(min_value=1.0, max_value=40.0), st.floats(min_value=0.5, max_value=30.0))
def test_stopping_the_leak_earlier_never_raises_anyones_dose(early: float, gap: float) -> None:
    loaded = load(DATA / "chlorine.yaml")

    def run(t: float) -> EventLog:
        return simulate(
            loaded.scenario,
            loaded.plan,
            3,
            parse_decisions(
                [f'{{"t": {t}, "command": "close_valve", "args": {{"hazard": "cl2_leak"}}}}']
            ),
        )

    first, later = run(early), run(early + gap)
    for who in ("fence_workers", "square_villagers", "home_villagers"):
        assert load_of(first, who) <= load_of(later, who) * (1 + 1e-9) + 1e-9


def test_oxygen_condition_fires_when_the_leak_displaces_enough_air(poisoning: Loaded) -> None:
    """O2 = 20.9 % (1 - C): 19.5 % O2 needs 6.7 % gas; 100 L/s into 600 m3 at 6 ACH."""
    leak = poisoning.scenario.hazards[0]
    assert isinstance(leak, RoomLeak)
    big = leak.model_copy(update={"leak_l_s": 100.0})
    warn = Inject(
        id="o2_alarm",
        when=Condition(oxygen_below=OxygenBelow(location="generator_room", percent=19.5)),
        message="氧含量低于19.5%报警",
    )
    scenario = poisoning.scenario.model_copy(update={"hazards": [big], "injects": [warn]})
    log = simulate(scenario, poisoning.plan, 1)
    fired = log.first("inject", inject="o2_alarm")
    q, g, v = 600 * 6 / 3600, 0.1, 600
    frac = gas_ppm_for_oxygen(19.5) / 1e6
    expected = -math.log(1 - frac * (q + g) / g) * v / (q + g) / 60
    assert fired is not None and fired.t == pytest.approx(expected, abs=1e-4)


def test_closing_the_pipeline_valves_early_spares_the_crews_the_fire(pipeline: Loaded) -> None:
    """Until the block valves close the line's throughput keeps the jet fire burning.

    (The residents whose houses the first seconds of the fire set alight are burnt
    whatever the valves do: only the crews' exposures depend on them.)"""
    base = simulate(pipeline.scenario, pipeline.plan, 1)
    hot = [e for e in base.of_kind("exposure") if e.details["substance"] == "thermal radiation"]
    assert hot and all(e.details["flux_max_kw_m2"] > 1.6 for e in hot)
    early = simulate(
        pipeline.scenario,
        pipeline.plan,
        1,
        parse_decisions(
            ['{"t": 5, "command": "close_valve", "args": {"hazard": "eastern_line_rupture"}}']
        ),
    )
    assert [
        e
        for e in early.of_kind("exposure")
        if e.details["substance"] == "thermal radiation" and e.step is not None
    ] == []


def test_the_run_warns_where_the_plume_model_is_out_of_its_range(poisoning: Loaded) -> None:
    """ALOHA-like limits: the dispersion fits are not measured within 100 m of a source."""
    log = simulate(poisoning.scenario, poisoning.plan, 1)
    warned = {e.location for e in log.of_kind("model_warning")}
    assert {"generator_room_door", "safe_area", "oxidation_workshop"} <= warned
    assert "plant_gate" not in warned  # about 190 m away
    assert all(e.t == 0.0 for e in log.of_kind("model_warning"))
    chlorine = load(DATA / "chlorine.yaml")
    calm = chlorine.scenario.model_copy(
        update={"weather": chlorine.scenario.weather.model_copy(update={"wind_speed_m_s": 0.5})}
    )
    messages = [
        e.details["message"] for e in simulate(calm, chlorine.plan, 1).of_kind("model_warning")
    ]
    assert any("below 1 m/s" in m for m in messages)


@settings(max_examples=15, deadline=None)
@given(st.floats(min_value=0.5, max_value=30.0), st.floats(min_value=0.1, max_value=20.0))
def test_an_earlier_rescue_never_raises_the_casualtys_risk(start: float, delay: float) -> None:
    """Travel and the rescue's own duration are held fixed so only the start time differs."""
    from tests.conftest import POISONING

    loaded = load(POISONING)
    fixed = loaded.scenario.site.travel.variation.model_copy(
        update={"low": 1.0, "mode": 1.0, "high": 1.0}
    )
    site = loaded.scenario.site.model_copy(
        update={"travel": loaded.scenario.site.travel.model_copy(update={"variation": fixed})}
    )
    scenario = loaded.scenario.model_copy(update={"site": site})
    steps = [
        s.model_copy(update={"duration": Fixed(minutes=3.0)}) if s.id == "scba_rescue" else s
        for s in loaded.plan.steps
    ]
    plan = loaded.plan.model_copy(update={"steps": steps})

    def risk(t: float) -> float:
        log = simulate(
            scenario,
            plan,
            11,
            parse_decisions(
                [f'{{"t": {t}, "command": "start_step", "args": {{"step": "scba_rescue"}}}}']
            ),
        )
        event = log.first("outcome", actor="wang")
        return float(event.details["probability_of_death"]) if event else 0.0

    assert risk(start) <= risk(start + delay) + 1e-12
