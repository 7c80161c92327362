"""Near field of a gas jet: REFERENCE D7 (Chen and Rodi 1980, Thring and Newby 1953)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.physics.jet import (
    gas_jet,
    jet_mass_fraction,
    jet_ppm,
    mass_to_volume_fraction,
)
from sim.physics.source import R_J_MOL_K, hole_release

CHLORINE_HOLE = {
    "hole_diameter_m": 0.025,
    "pressure_pa_abs": 6e5 + 101_325,
    "temperature_k": 293.15,
    "molecular_weight_g_mol": 70.90,
    "heat_capacity_ratio": 1.355,
    "discharge_coefficient": 0.62,
}


def test_chlorine_jet_reproduces_the_d7_worked_example() -> None:
    """D7: 25 mm hole, 6 barg Cl2 at 20 C, Cd 0.62, air at 25 C.

    Throat: P_e = 3.759 bar, u_e = 198.9 m/s; J = m u_e + (P_e - P_a) A = 238.6 N;
    d_eq = 2 m / sqrt(pi rho_a J) = 52.3 mm; 3 m downwind on the axis Y = 0.0872,
    37,560 ppm by volume.
    """
    jet = gas_jet(**CHLORINE_HOLE, air_temperature_k=298.15)
    assert jet.exit_pressure_pa_abs == pytest.approx(3.759e5, rel=1e-3)
    assert jet.exit_velocity_m_s == pytest.approx(198.9, rel=1e-3)
    assert jet.momentum_flux_n == pytest.approx(238.6, rel=1e-3)
    assert jet.equivalent_diameter_m == pytest.approx(0.0523, rel=2e-3)
    assert float(jet_mass_fraction(jet.equivalent_diameter_m, 3.0)) == pytest.approx(
        0.0872, rel=2e-3
    )
    assert float(jet_ppm(jet.equivalent_diameter_m, 3.0, 0.0, 70.90)) == pytest.approx(
        37_560, rel=2e-3
    )


def test_the_jet_carries_the_hole_flow_of_ccps() -> None:
    """The exit state is the same isentropic throat as the D3 orifice flow."""
    jet = gas_jet(**CHLORINE_HOLE)
    assert jet.mass_rate_kg_s == pytest.approx(hole_release(**CHLORINE_HOLE).mass_rate_kg_s)


def test_a_jet_at_ambient_pressure_has_the_density_scaled_diameter() -> None:
    """Thring and Newby: for an unchoked jet d_eq = d_e sqrt(rho_e / rho_a)."""
    hole = {**CHLORINE_HOLE, "pressure_pa_abs": 1.3e5, "discharge_coefficient": 1.0}
    jet = gas_jet(**hole, air_temperature_k=293.15)
    k = 1.355
    exit_t = 293.15 * (101_325 / 1.3e5) ** ((k - 1) / k)
    rho_e = 101_325 * 0.07090 / (R_J_MOL_K * exit_t)
    rho_a = 101_325 * 0.02896 / (R_J_MOL_K * 293.15)
    assert jet.exit_pressure_pa_abs == 101_325
    assert jet.equivalent_diameter_m == pytest.approx(0.025 * math.sqrt(rho_e / rho_a), rel=1e-9)


def test_centreline_falls_as_five_equivalent_diameters_over_distance() -> None:
    """Chen and Rodi (1980): Y_c = 5.0 d_eq / x; Y/Y_c = exp(-57 (r/x)^2)."""
    x = np.array([1.0, 2.0, 10.0, 100.0])
    assert jet_mass_fraction(0.02, x) == pytest.approx(5.0 * 0.02 / x)
    at_edge = float(jet_mass_fraction(0.02, 10.0, 10.0 / math.sqrt(57.0)))
    assert at_edge == pytest.approx(0.01 / math.e)


def test_the_hole_is_pure_gas_and_behind_it_there_is_none() -> None:
    assert float(jet_ppm(0.05, 0.0, 0.0, 70.90)) == 1e6
    assert float(jet_ppm(0.05, 0.1, 0.0, 70.90)) == 1e6  # inside the potential core
    assert float(jet_ppm(0.05, -1.0, 0.0, 70.90)) == 0.0


def test_mass_fraction_becomes_mole_fraction_by_molar_masses() -> None:
    """Half chlorine by mass is 29.0 % by volume (70.90 against 28.96 g/mol)."""
    assert float(mass_to_volume_fraction(0.5, 70.90)) == pytest.approx(
        (0.5 / 70.90) / (0.5 / 70.90 + 0.5 / 28.96)
    )
    assert float(mass_to_volume_fraction(0.5, 70.90)) == pytest.approx(0.290, abs=1e-3)


@settings(max_examples=200, deadline=None)
@given(
    st.floats(min_value=1e-4, max_value=2.0),
    st.floats(min_value=-50.0, max_value=5000.0),
    st.floats(min_value=0.0, max_value=500.0),
    st.floats(min_value=2.0, max_value=300.0),
)
def test_a_jet_never_exceeds_the_pure_gas(d_eq: float, x: float, r: float, mw: float) -> None:
    ppm = float(jet_ppm(d_eq, x, r, mw))
    assert 0.0 <= ppm <= 1e6
