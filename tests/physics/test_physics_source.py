"""Gas release through a hole: REFERENCE D3 (CCPS 1999 p. 47, propane)."""

from __future__ import annotations

import pytest

from sim.physics import (
    ATM_PA,
    HoleRelease,
    critical_pressure_ratio,
    gas_properties,
    hole_release,
    mass_to_volumetric_rate_l_s,
    volumetric_to_mass_rate_kg_s,
)

D3_PRESSURE_PA_ABS = 4.0e5 + ATM_PA  # 4 barg


def test_propane_through_10_mm_hole_at_4_barg_is_0_0899_kg_s_choked_d3() -> None:
    release = hole_release(
        hole_diameter_m=0.010,
        pressure_pa_abs=D3_PRESSURE_PA_ABS,
        temperature_k=298.15,
        molecular_weight_g_mol=44.1,
        heat_capacity_ratio=1.142,
        discharge_coefficient=0.85,
    )
    assert release.mass_rate_kg_s == pytest.approx(0.0899, rel=0.01)
    assert release.choked
    assert release.critical_pressure_ratio == pytest.approx(1.736, abs=5e-4)
    assert pytest.approx(4.95, abs=5e-3) == D3_PRESSURE_PA_ABS / ATM_PA


def test_gas_table_propane_reproduces_d3() -> None:
    propane = gas_properties("propane")
    release = hole_release(
        hole_diameter_m=0.010,
        pressure_pa_abs=D3_PRESSURE_PA_ABS,
        temperature_k=298.15,
        molecular_weight_g_mol=propane.molecular_weight_g_mol,
        heat_capacity_ratio=propane.heat_capacity_ratio,
        discharge_coefficient=0.85,
    )
    assert release.mass_rate_kg_s == pytest.approx(0.0899, rel=0.01)


def test_subsonic_and_choked_formulas_meet_at_the_critical_ratio() -> None:
    k = 1.32
    ratio = critical_pressure_ratio(k)

    def h2s_through_20_mm(pressure_pa_abs: float) -> HoleRelease:
        return hole_release(
            hole_diameter_m=0.02,
            pressure_pa_abs=pressure_pa_abs,
            temperature_k=293.15,
            molecular_weight_g_mol=34.08,
            heat_capacity_ratio=k,
        )

    just_below = h2s_through_20_mm(ATM_PA * ratio * (1 - 1e-9))
    at = h2s_through_20_mm(ATM_PA * ratio)
    assert not just_below.choked and at.choked
    assert just_below.mass_rate_kg_s == pytest.approx(at.mass_rate_kg_s, rel=1e-6)


def test_no_flow_without_overpressure() -> None:
    release = hole_release(
        hole_diameter_m=0.05,
        pressure_pa_abs=ATM_PA,
        temperature_k=293.15,
        molecular_weight_g_mol=17.03,
        heat_capacity_ratio=1.31,
    )
    assert release.mass_rate_kg_s == 0.0 and not release.choked


def test_subsonic_flow_rises_with_pressure() -> None:
    rates = [
        hole_release(
            hole_diameter_m=0.01,
            pressure_pa_abs=ATM_PA * r,
            temperature_k=293.15,
            molecular_weight_g_mol=28.01,
            heat_capacity_ratio=1.404,
        ).mass_rate_kg_s
        for r in (1.05, 1.2, 1.5, 1.8)
    ]
    assert rates == sorted(rates) and rates[0] > 0


def test_one_litre_per_second_of_h2s_is_1_39_g_s_at_25_c() -> None:
    kg_s = volumetric_to_mass_rate_kg_s(1.0, 34.08)
    assert kg_s == pytest.approx(34.08 / 24.465 * 1e-3, rel=1e-3)
    assert mass_to_volumetric_rate_l_s(kg_s, 34.08) == pytest.approx(1.0)


def test_gases_are_found_by_name_or_formula() -> None:
    assert gas_properties("H2S").name == "hydrogen sulfide"
    assert gas_properties("Natural Gas").molecular_weight_g_mol == pytest.approx(16.04)
    assert gas_properties("cl2").heat_capacity_ratio > 1
    for name in ("H2S", "Cl2", "NH3", "CO", "methane", "natural gas", "propane"):
        assert gas_properties(name).source


def test_unknown_gas_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="propane"):
        gas_properties("unobtainium")
