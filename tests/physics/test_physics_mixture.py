"""A toxic gas escaping in a mixture: the mixture's gas data (docs/REFERENCE.md D15)."""

from __future__ import annotations

import math

import pytest

from sim.physics.mixture import MIXTURES, named_release_gas, release_gas
from sim.physics.source import ATM_PA, R_J_MOL_K, gas_properties, hole_release


def test_sour_gas_molar_mass_and_heat_capacity_ratio_by_hand() -> None:
    """10 % H2S in methane: M = 0.1 x 34.08 + 0.9 x 16.04; Cv = R/(k-1) averaged by mole."""
    gas = named_release_gas("natural_gas", "H2S", 0.1)
    assert gas.molecular_weight_g_mol == pytest.approx(17.844, abs=1e-9)
    cv_over_r = 0.1 / (1.32 - 1) + 0.9 / (1.31 - 1)  # H2S 1.32, CH4 1.31 (Lange)
    assert gas.heat_capacity_ratio == pytest.approx((cv_over_r + 1) / cv_over_r, rel=1e-12)
    assert gas.heat_capacity_ratio == pytest.approx(1.3110, abs=5e-5)
    assert gas.volume_fraction == 0.1
    assert gas.mass_fraction == pytest.approx(3.408 / 17.844, rel=1e-12)  # 0.1910


def test_sour_gas_choked_flow_by_the_ccps_orifice_equation() -> None:
    """D15 worked example in the D3 form: 10 mm, 4 barg, 25 C, Cd 0.85.

    m = Cd A P sqrt(k M / (R T) (2 / (k + 1)) ** ((k + 1) / (k - 1))), choked since
    P/Pa = 4.95 > ((k + 1) / 2) ** (k / (k - 1)) = 1.839.
    """
    gas = named_release_gas("natural_gas", "H2S", 0.1)
    k, molar = gas.heat_capacity_ratio, gas.molecular_weight_g_mol / 1000
    p, t, area = 4e5 + ATM_PA, 298.15, math.pi / 4 * 0.010**2
    assert ((k + 1) / 2) ** (k / (k - 1)) == pytest.approx(1.839, abs=5e-4)
    hand = (
        0.85
        * area
        * p
        * math.sqrt(k * molar / (R_J_MOL_K * t) * (2 / (k + 1)) ** ((k + 1) / (k - 1)))
    )
    assert hand == pytest.approx(0.06009, abs=5e-6)
    hole = hole_release(
        hole_diameter_m=0.010,
        pressure_pa_abs=p,
        temperature_k=t,
        molecular_weight_g_mol=gas.molecular_weight_g_mol,
        heat_capacity_ratio=gas.heat_capacity_ratio,
        discharge_coefficient=0.85,
    )
    assert hole.choked
    assert hole.mass_rate_kg_s == pytest.approx(hand, rel=1e-12)
    assert hole.mass_rate_kg_s * gas.mass_fraction == pytest.approx(0.01148, abs=5e-6)


def test_blast_furnace_gas_is_about_a_quarter_co_and_a_little_heavier_than_co() -> None:
    """Great Soviet Encyclopedia midpoints: CO 25, CO2 16, CH4 0.25, H2 2.5, N2 56.5 %."""
    gas = named_release_gas("blast_furnace_gas", "CO", None)
    assert gas.volume_fraction == pytest.approx(25 / 100.25, rel=1e-12)  # 0.2494
    by_hand = (25 * 28.01 + 16 * 44.01 + 0.25 * 16.04 + 2.5 * 2.016 + 56.5 * 28.01) / 100.25
    assert gas.molecular_weight_g_mol == pytest.approx(by_hand, rel=1e-12)  # 29.89
    assert gas.mass_fraction == pytest.approx(0.2494 * 28.01 / 29.89, rel=1e-3)  # 0.2337
    assert 1.38 < gas.heat_capacity_ratio < 1.39  # CO2's 1.304 pulls it below CO's 1.404
    assert set(MIXTURES) == {"natural_gas", "blast_furnace_gas", "coke_oven_gas"}


def test_an_explicit_mixture_is_the_gas_analysis_as_given() -> None:
    gas = release_gas(20.0, 1.3, "H2S", 0.05)
    assert (gas.molecular_weight_g_mol, gas.heat_capacity_ratio) == (20.0, 1.3)
    assert gas.mass_fraction == pytest.approx(
        0.05 * gas_properties("H2S").molecular_weight_g_mol / 20
    )
