"""The air outdoors near and far: jet near the hole (D7) and travel with the wind (D8)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.zones import GasReleaseZones, threat_zones
from sim.hazards import HazardField
from sim.physics.jet import gas_jet, jet_ppm
from sim.physics.plume import downwind_crosswind_m
from sim.scenario import Scenario
from tests.hazard import _scenario


def release_scenario(
    *,
    receptor: tuple[float, float] = (3.0, 0.0),
    hole_mm: float = 25.0,
    pressure_barg: float = 6.0,
    wind_speed_m_s: float = 3.0,
    wind_from_deg: float = 270.0,
    stability: str = "D",
    substance: str = "Cl2",
) -> Scenario:
    """A hole at the origin; one receptor; the wind from the west carries the gas east."""
    locations: list[dict[str, Any]] = [
        {"id": "hole", "name": "泄漏点", "kind": "outdoor", "x_m": 0.0, "y_m": 0.0},
        {
            "id": "receptor",
            "name": "受体",
            "kind": "outdoor",
            "x_m": receptor[0],
            "y_m": receptor[1],
        },
    ]
    hazards = [
        {
            "id": "leak",
            "kind": "gas_release",
            "name": "泄漏",
            "substance": substance,
            "location": "hole",
            "hole_mm": hole_mm,
            "pressure_barg": pressure_barg,
            "height_m": 1.5,
        }
    ]
    weather = {
        "wind_speed_m_s": wind_speed_m_s,
        "wind_from_deg": wind_from_deg,
        "stability": stability,
        "temperature_c": 25.0,
    }
    return _scenario(locations, hazards, weather)


def started(scenario: Scenario, at_min: float = 0.0) -> HazardField:
    field = HazardField.from_scenario(scenario)
    field.start("leak", at_min)
    return field


def test_the_hole_itself_reads_the_pure_gas_not_zero() -> None:
    field = started(release_scenario())
    assert field.concentration_ppm("hole", 10.0) == 1e6


def test_three_metres_downwind_reads_the_free_jet_not_a_million_ppm() -> None:
    """D7: 3 m down the axis of the 25 mm, 6 barg chlorine jet: 5.0 d_eq / x by mass."""
    field = started(release_scenario(receptor=(3.0, 0.0)))
    jet = gas_jet(
        hole_diameter_m=0.025,
        pressure_pa_abs=6e5 + 101_325,
        temperature_k=293.15,
        molecular_weight_g_mol=70.90,
        heat_capacity_ratio=1.355,
        discharge_coefficient=0.62,
        air_temperature_k=298.15,
    )
    expected = float(jet_ppm(jet.equivalent_diameter_m, 3.0, 0.0, 70.90))
    assert expected == pytest.approx(37_560, rel=2e-3)
    assert field.concentration_ppm("receptor", 10.0) == pytest.approx(expected, rel=1e-9)


def test_far_downwind_the_plume_decides() -> None:
    near = started(release_scenario(receptor=(3.0, 0.0)))
    far = started(release_scenario(receptor=(800.0, 0.0)))
    assert far.concentration_ppm("receptor", 30.0) < near.concentration_ppm("receptor", 30.0)
    # 800 m out the jet formula would still give thousands of ppm; the plume gives tens
    assert far.concentration_ppm("receptor", 30.0) < 50.0


def test_threat_zones_and_the_engine_agree_near_the_hole() -> None:
    scenario = release_scenario(receptor=(3.0, 0.0))
    zones = threat_zones(scenario).hazards[0]
    assert isinstance(zones, GasReleaseZones) and zones.plume is not None
    [point] = zones.plume.zones[0].inside
    assert point.concentration_ppm is not None and point.concentration_ppm <= 1e6
    assert point.concentration_ppm == pytest.approx(
        started(scenario).concentration_ppm("receptor", 10.0), rel=1e-9
    )


def test_a_room_exhaust_at_its_own_point_reads_the_room_air(poisoning: Any) -> None:
    scenario = poisoning.scenario
    room = scenario.location("generator_room")
    vent = room.model_copy(update={"id": "vent", "name": "排风口", "kind": "outdoor", "room": None})
    site = scenario.site.model_copy(update={"locations": [*scenario.site.locations, vent]})
    field = HazardField.from_scenario(scenario.model_copy(update={"site": site}))
    field.start(scenario.hazards[0].id, 0.0)
    for t in (1.0, 10.0, 30.0):
        assert field.concentration_ppm("vent", t) == pytest.approx(
            field.concentration_ppm("generator_room", t), rel=1e-9
        )


def test_the_gas_arrives_after_the_wind_has_carried_it() -> None:
    """D8: 450 m downwind in a 3 m/s wind, the first gas arrives at 2.5 min, not at T+0."""
    field = started(release_scenario(receptor=(450.0, 0.0)))
    assert field.concentration_ppm("receptor", 2.49) == 0.0
    assert field.concentration_ppm("receptor", 2.51) > 1.0


def test_the_cloud_clears_one_travel_time_after_the_source_stops() -> None:
    field = started(release_scenario(receptor=(450.0, 0.0)))
    field.stop("leak", 20.0)
    steady = field.concentration_ppm("receptor", 15.0)
    assert field.concentration_ppm("receptor", 22.49) == pytest.approx(steady)
    assert field.concentration_ppm("receptor", 22.51) == 0.0


def test_a_wind_shift_reaches_a_receptor_only_as_fast_as_the_new_wind_carries_it() -> None:
    """The wind turns from west to south at 10 min: a receptor 300 m north is reached
    at 10 + 300/3 s = 11.67 min, and the old plume keeps going east until it has passed."""
    scenario = release_scenario(receptor=(0.0, 300.0))
    north = started(scenario)
    east_site = scenario.site.model_copy(
        update={
            "locations": [
                *scenario.site.locations,
                scenario.location("receptor").model_copy(
                    update={"id": "east", "x_m": 300.0, "y_m": 0.0}
                ),
            ]
        }
    )
    both = started(scenario.model_copy(update={"site": east_site}))
    for field in (north, both):
        field.set_wind(10.0, None, 180.0, None)
    assert north.concentration_ppm("receptor", 11.6) == 0.0
    assert north.concentration_ppm("receptor", 11.7) > 1.0
    assert both.concentration_ppm("east", 11.6) > 1.0
    assert both.concentration_ppm("east", 11.7) == 0.0


receptors = st.tuples(
    st.floats(min_value=-2000.0, max_value=5000.0), st.floats(min_value=-500.0, max_value=500.0)
)


@settings(max_examples=60, deadline=None)
@given(
    receptor=receptors | st.just((0.0, 0.0)) | st.tuples(st.floats(0.0, 5.0), st.just(0.0)),
    hole_mm=st.floats(min_value=1.0, max_value=200.0),
    pressure_barg=st.floats(min_value=0.05, max_value=100.0),
    wind=st.floats(min_value=0.5, max_value=20.0),
    stability=st.sampled_from("ABCDEF"),
    substance=st.sampled_from(["Cl2", "NH3", "H2S", "CO"]),
)
def test_concentration_never_exceeds_the_pure_gas(
    receptor: tuple[float, float],
    hole_mm: float,
    pressure_barg: float,
    wind: float,
    stability: str,
    substance: str,
) -> None:
    scenario = release_scenario(
        receptor=receptor,
        hole_mm=hole_mm,
        pressure_barg=pressure_barg,
        wind_speed_m_s=wind,
        stability=stability,
        substance=substance,
    )
    field = started(scenario)
    times = np.linspace(0.0, 60.0, 121)
    for where in ("hole", "receptor"):
        assert float(field.concentration_series(where, times).max()) <= 1e6
    assert field.concentration_ppm("hole", 1.0) == 1e6
    zones = threat_zones(scenario).hazards[0]
    assert isinstance(zones, GasReleaseZones) and zones.plume is not None
    for zone in zones.plume.zones:
        for point in zone.inside:
            assert point.concentration_ppm is not None and point.concentration_ppm <= 1e6


@settings(max_examples=60, deadline=None)
@given(
    receptor=receptors,
    wind=st.floats(min_value=0.5, max_value=20.0),
    wind_from=st.floats(min_value=0.0, max_value=359.0),
    start=st.floats(min_value=0.0, max_value=30.0),
    shift_at=st.floats(min_value=0.0, max_value=60.0),
    new_from=st.floats(min_value=0.0, max_value=359.0),
    new_speed=st.floats(min_value=0.5, max_value=20.0),
)
def test_no_receptor_sees_gas_before_the_wind_could_bring_it(
    receptor: tuple[float, float],
    wind: float,
    wind_from: float,
    start: float,
    shift_at: float,
    new_from: float,
    new_speed: float,
) -> None:
    scenario = release_scenario(receptor=receptor, wind_speed_m_s=wind, wind_from_deg=wind_from)
    field = started(scenario, start)
    if receptor == (0.0, 0.0):
        return
    field.set_wind(shift_at, new_speed, new_from, None)

    def downwind(from_deg: float) -> float:
        x, _ = downwind_crosswind_m(
            source_east_m=0.0,
            source_north_m=0.0,
            receptor_east_m=receptor[0],
            receptor_north_m=receptor[1],
            wind_from_deg=from_deg,
        )
        return float(x)

    # gas emitted under each wind travels with it: x/u after it left the hole
    arrivals = [max(start, shift_at) + downwind(new_from) / new_speed / 60.0]
    if start < shift_at:
        arrivals.append(start + downwind(wind_from) / wind / 60.0)
    earliest = min(arrivals)
    if earliest <= 0:
        return
    times = np.linspace(0.0, earliest, 200)[:-1]
    assert float(field.concentration_series("receptor", times).max()) == 0.0
