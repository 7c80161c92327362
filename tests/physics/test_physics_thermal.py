"""Point-source thermal radiation and time to pain (REFERENCE "Thermal radiation")."""

from __future__ import annotations

import math

import pytest

from sim.physics import (
    METHANE_HEAT_OF_COMBUSTION_J_KG,
    atmospheric_transmissivity,
    distance_to_flux_m,
    point_source_flux_w_m2,
    time_to_pain_s,
)
from sim.physics.thermal import MAX_INCIDENT_FLUX_W_M2


def test_pain_comes_after_about_13_s_at_5_kw_m2() -> None:
    assert time_to_pain_s(5_000.0) == pytest.approx(13.0, rel=0.05)


@pytest.mark.parametrize(("kw_m2", "seconds"), [(1, 115), (2, 45), (3, 27), (10, 5), (12, 4)])
def test_time_to_pain_follows_the_epa_handbook_table(kw_m2: float, seconds: float) -> None:
    assert time_to_pain_s(kw_m2 * 1000.0) == pytest.approx(seconds, rel=0.1)


def test_point_source_flux_is_radiated_power_over_a_sphere() -> None:
    q = point_source_flux_w_m2(distance_m=100.0, mass_rate_kg_s=100.0)
    assert q == pytest.approx(0.2 * 100.0 * METHANE_HEAT_OF_COMBUSTION_J_KG / (4 * math.pi * 1e4))
    assert point_source_flux_w_m2(distance_m=200.0, mass_rate_kg_s=100.0) == pytest.approx(q / 4)


@pytest.mark.parametrize("flux_w_m2", [5_000.0, 12_500.0, 37_500.0])
def test_distance_to_flux_inverts_the_point_source(flux_w_m2: float) -> None:
    r = distance_to_flux_m(flux_w_m2=flux_w_m2, mass_rate_kg_s=500.0, transmissivity=0.8)
    back = point_source_flux_w_m2(distance_m=r, mass_rate_kg_s=500.0, transmissivity=0.8)
    assert back == pytest.approx(flux_w_m2)


def test_humid_air_absorbs_more_over_longer_paths() -> None:
    near = atmospheric_transmissivity(distance_m=50.0, relative_humidity=0.7)
    far = atmospheric_transmissivity(distance_m=500.0, relative_humidity=0.7)
    assert 0.0 < far < near <= 1.0


def test_no_place_receives_more_heat_than_the_flame_gives() -> None:
    """Near its centre the point source grows without bound (6477 kg/s burning at 1 m gives
    over 10 MW/m2); a receptor in the flame gets at most the flame's own flux, 300 kW/m2."""
    near = point_source_flux_w_m2(distance_m=1.0, mass_rate_kg_s=6477.0)
    assert near == MAX_INCIDENT_FLUX_W_M2 == 300_000.0
    village = point_source_flux_w_m2(distance_m=139.0, mass_rate_kg_s=6477.0)
    assert village == pytest.approx(0.2 * 6477.0 * 50e6 / (4 * math.pi * 139.0**2))
    assert 260_000.0 < village < MAX_INCIDENT_FLUX_W_M2
