"""Full-bore rupture of a gas pipeline: Wilson's decaying outflow and valve closure."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.physics import (
    ATM_PA,
    PipelineRupture,
    full_bore_initial_rate_kg_s,
    gas_properties,
    hole_release,
    line_pack_kg,
    pipeline_rupture,
    speed_of_sound_m_s,
    wilson_time_constant_s,
)

GAS = gas_properties("natural gas")
DIAMETER_M = 0.762  # 30 in, as in REFERENCE P1
PRESSURE_PA_ABS = 1000 * 6894.757 + ATM_PA  # 1000 psig
TEMPERATURE_K = 288.15


def rupture_30_inch(section_length_m: float) -> PipelineRupture:
    """Double-ended rupture of a 30-in natural-gas line at 1000 psig between valves."""
    return pipeline_rupture(
        diameter_m=DIAMETER_M,
        section_length_m=section_length_m,
        pressure_pa_abs=PRESSURE_PA_ABS,
        temperature_k=TEMPERATURE_K,
        molecular_weight_g_mol=GAS.molecular_weight_g_mol,
        heat_capacity_ratio=GAS.heat_capacity_ratio,
    )


def line_pack_30_inch_kg(length_m: float, compressibility: float = 1.0) -> float:
    return line_pack_kg(
        length_m=length_m,
        diameter_m=DIAMETER_M,
        pressure_pa_abs=PRESSURE_PA_ABS,
        temperature_k=TEMPERATURE_K,
        molecular_weight_g_mol=GAS.molecular_weight_g_mol,
        compressibility=compressibility,
    )


def dense_times(rupture: PipelineRupture) -> np.ndarray:
    longest = rupture.time_constant_s * max(1.0, rupture.alpha**2)
    return np.concatenate(([0.0], np.geomspace(longest * 1e-7, longest * 60, 200_000)))


def test_initial_rate_is_the_choked_full_bore_rate() -> None:
    one_end = full_bore_initial_rate_kg_s(
        diameter_m=DIAMETER_M,
        pressure_pa_abs=PRESSURE_PA_ABS,
        temperature_k=TEMPERATURE_K,
        molecular_weight_g_mol=GAS.molecular_weight_g_mol,
        heat_capacity_ratio=GAS.heat_capacity_ratio,
    )
    hole = hole_release(
        hole_diameter_m=0.762,
        pressure_pa_abs=PRESSURE_PA_ABS,
        temperature_k=288.15,
        molecular_weight_g_mol=GAS.molecular_weight_g_mol,
        heat_capacity_ratio=GAS.heat_capacity_ratio,
    )
    assert one_end == pytest.approx(hole.mass_rate_kg_s)
    rupture = rupture_30_inch(15_000.0)
    assert rupture.rate_kg_s(0.0) == pytest.approx(2 * one_end)  # gas from both ends
    assert rupture.released_kg(0.0) == 0.0


def test_wilson_time_constant_grows_as_length_to_the_power_1_5() -> None:
    def tau(length_m: float) -> float:
        return wilson_time_constant_s(
            length_m=length_m,
            diameter_m=0.5,
            temperature_k=288.15,
            molecular_weight_g_mol=16.04,
            heat_capacity_ratio=1.31,
            fanning_friction_factor=0.003,
        )

    c = speed_of_sound_m_s(288.15, 16.04, 1.31)
    assert c == pytest.approx(442.3, rel=1e-3)
    assert tau(10_000.0) == pytest.approx(2 / 3 * 10_000.0 / c * math.sqrt(1.31 * 0.003 * 2e4))
    assert tau(20_000.0) / tau(10_000.0) == pytest.approx(2**1.5)


def test_line_pack_is_ideal_gas_density_times_volume() -> None:
    inventory = line_pack_30_inch_kg(1000.0)
    density = PRESSURE_PA_ABS * 0.01604 / (8.314462618 * 288.15)
    assert inventory == pytest.approx(density * math.pi / 4 * 0.762**2 * 1000.0)
    assert line_pack_30_inch_kg(1000.0, compressibility=0.9) == pytest.approx(inventory / 0.9)


def test_isolated_section_releases_exactly_its_line_pack() -> None:
    rupture = rupture_30_inch(15_000.0)
    t = dense_times(rupture)
    assert np.trapezoid(rupture.rate_kg_s(t), t) == pytest.approx(rupture.inventory_kg, rel=1e-3)
    assert rupture.total_release_kg == pytest.approx(rupture.inventory_kg)


def test_outflow_decays_monotonically_without_supply() -> None:
    rupture = rupture_30_inch(20_000.0)
    rate = rupture.rate_kg_s(np.linspace(0, 3600, 500))
    assert np.all(np.diff(rate) <= 0)


def test_supply_keeps_the_rate_up_until_valves_close() -> None:
    rupture = PipelineRupture(10_000.0, 300_000.0, 70.0, closure_time_s=900.0, supply_kg_s=300.0)
    assert rupture.rate_kg_s(600.0) == pytest.approx(300.0)
    assert rupture.rate_kg_s(901.0) == pytest.approx(rupture.blowdown_rate_kg_s(901.0))
    assert rupture.rate_kg_s(901.0) < 300.0


def test_released_mass_is_the_integral_of_the_rate_with_supply_and_closure() -> None:
    rupture = PipelineRupture(10_000.0, 300_000.0, 70.0, closure_time_s=900.0, supply_kg_s=300.0)
    t = np.linspace(0.0, 900.0, 400_001)
    numeric = np.trapezoid(rupture.rate_kg_s(t), t)
    assert rupture.released_kg(900.0) == pytest.approx(numeric, rel=1e-5)
    t_all = dense_times(rupture)
    t_all = np.union1d(t_all, [900.0 - 1e-9, 900.0])
    assert rupture.total_release_kg == pytest.approx(
        np.trapezoid(rupture.rate_kg_s(t_all), t_all), rel=1e-3
    )


def test_later_valve_closure_releases_more_gas() -> None:
    totals = [
        PipelineRupture(
            10_000.0, 300_000.0, 70.0, closure_time_s=c, supply_kg_s=300.0
        ).total_release_kg
        for c in (0.0, 300.0, 900.0, 1800.0)
    ]
    assert totals == sorted(totals)
    assert totals[0] == pytest.approx(300_000.0)
    # after the crossover every extra second open adds the feed rate, minus what is left
    assert totals[3] - totals[2] == pytest.approx(300.0 * 900.0, rel=1e-3)


def test_closure_time_does_not_matter_without_supply() -> None:
    early = PipelineRupture(10_000.0, 300_000.0, 70.0, closure_time_s=60.0)
    never = PipelineRupture(10_000.0, 300_000.0, 70.0)
    t = np.array([0.0, 30.0, 60.0, 600.0])
    np.testing.assert_allclose(early.released_kg(t), never.released_kg(t))


def test_supply_above_the_initial_rate_is_refused() -> None:
    with pytest.raises(ValueError, match="supply"):
        PipelineRupture(100.0, 1000.0, 10.0, supply_kg_s=200.0)


@settings(max_examples=60, deadline=None)
@given(
    initial_rate_kg_s=st.floats(1.0, 20_000.0),
    inventory_kg=st.floats(100.0, 5e6),
    time_constant_s=st.floats(1.0, 2000.0),
)
def test_wilson_outflow_integrates_to_the_inventory(
    initial_rate_kg_s: float, inventory_kg: float, time_constant_s: float
) -> None:
    rupture = PipelineRupture(initial_rate_kg_s, inventory_kg, time_constant_s)
    t = np.concatenate(
        ([0.0], np.geomspace(1e-6, 80.0, 100_000) * time_constant_s * max(1.0, rupture.alpha**2))
    )
    # dense enough near t=0 for the fast term: the smallest time scale is min(b, a**2 b)
    fastest = time_constant_s * min(1.0, rupture.alpha**2)
    t = np.union1d(t, np.linspace(0.0, 20.0 * fastest, 20_001))
    assert np.trapezoid(rupture.rate_kg_s(t), t) == pytest.approx(inventory_kg, rel=2e-3)
    assert rupture.released_kg(float(t[-1])) == pytest.approx(inventory_kg, rel=1e-6)
