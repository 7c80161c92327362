"""Liquefied releases and vessel blowdown: REFERENCE D9 and D10."""

from __future__ import annotations

import math

import pytest

from sim.physics.liquefied import (
    flash_fraction,
    liquefied_gas,
    liquid_release,
    vapour_pressure_pa,
)
from sim.physics.source import R_J_MOL_K, gas_blowdown, hole_release


@pytest.mark.parametrize(
    ("gas", "barg"),
    [("Cl2", 5.77), ("NH3", 7.57)],  # Perry's vapour pressures at 20 C: 6.78 and 8.57 bar abs
)
def test_clausius_clapeyron_gives_the_published_vapour_pressure_at_20_c(
    gas: str, barg: float
) -> None:
    p = vapour_pressure_pa(liquefied_gas(gas), 293.15)
    assert (p - 101_325) / 1e5 == pytest.approx(barg, rel=0.02)


def test_chlorine_at_20_c_flashes_18_percent() -> None:
    """D9: Cp (T - Tb) / h_fg = 960 (293.15 - 239.1) / 288,000 = 0.180."""
    assert flash_fraction(liquefied_gas("Cl2"), 293.15) == pytest.approx(0.180, abs=5e-4)


def test_lpg_flashes_about_a_third() -> None:
    assert flash_fraction(liquefied_gas("LPG"), 293.15) == pytest.approx(0.364, abs=1e-3)


def test_below_the_boiling_point_nothing_flashes() -> None:
    assert flash_fraction(liquefied_gas("NH3"), 230.0) == 0.0


def test_chlorine_tonne_container_reproduces_the_d9_worked_example() -> None:
    """D9: 10 mm hole below the liquid, 20 C, Cd 0.61: m = Cd A sqrt(2 rho (P - Pa))
    = 1.924 kg/s of liquid, 0.693 kg/s airborne (2 f_v), a tonne gone in 520 s."""
    out = liquid_release(
        gas=liquefied_gas("Cl2"), hole_diameter_m=0.010, temperature_k=293.15, inventory_kg=1000
    )
    head = out.pressure_pa_abs - 101_325
    by_hand = 0.61 * math.pi / 4 * 0.010**2 * math.sqrt(2 * 1410 * head)
    assert out.mass_rate_kg_s == pytest.approx(by_hand, rel=1e-12)
    assert out.mass_rate_kg_s == pytest.approx(1.924, rel=2e-3)
    assert out.airborne_fraction == pytest.approx(0.360, abs=1e-3)
    assert out.airborne_rate_kg_s == pytest.approx(0.693, rel=2e-3)
    assert out.duration_s == pytest.approx(520, rel=2e-3)


def test_a_padded_vessel_pushes_harder() -> None:
    gas = liquefied_gas("Cl2")
    own = liquid_release(gas=gas, hole_diameter_m=0.01, temperature_k=293.15)
    padded = liquid_release(
        gas=gas, hole_diameter_m=0.01, temperature_k=293.15, pressure_pa_abs=12e5
    )
    assert padded.mass_rate_kg_s > own.mass_rate_kg_s


def test_blowdown_conserves_the_mass_and_decays_with_the_choked_time_constant() -> None:
    """D10: 1 m3 of Cl2 at 6 barg, 20 C, 10 mm, Cd 1: m0 = P V M / (R T) = 20.4 kg;
    while choked P = P0 exp(-t / tau), tau = m0 / rate0 = 101 s."""
    kw = {
        "hole_diameter_m": 0.010,
        "pressure_pa_abs": 6e5 + 101_325,
        "temperature_k": 293.15,
        "molecular_weight_g_mol": 70.90,
        "heat_capacity_ratio": 1.355,
    }
    down = gas_blowdown(vessel_volume_m3=1.0, **kw)
    m0 = 7.01325e5 * 1.0 * 0.07090 / (R_J_MOL_K * 293.15)
    assert down.initial_mass_kg == pytest.approx(m0)
    assert down.initial_mass_kg == pytest.approx(20.4, rel=2e-3)
    first = hole_release(**kw).mass_rate_kg_s
    # each step holds its mid-step rate: half a step (tau / 40) below the first
    assert down.rates_kg_s[0] == pytest.approx(first * math.exp(-1 / 40), rel=1e-3)
    assert down.time_constant_s == pytest.approx(m0 / first)
    assert down.time_constant_s == pytest.approx(101.4, rel=2e-3)
    ends = [*down.times_s[1:], down.duration_s]
    released = sum(r * (b - a) for r, a, b in zip(down.rates_kg_s, down.times_s, ends, strict=True))
    escapable = m0 * (1 - 101_325 / 7.01325e5)
    assert released == pytest.approx(escapable, rel=2e-3)
    # one time constant in, the rate (proportional to P while choked) is down to 1/e
    i = next(k for k, t in enumerate(down.times_s) if t >= down.time_constant_s)
    t_mid = down.times_s[i] + down.time_constant_s / 40
    assert down.rates_kg_s[i] / first == pytest.approx(
        math.exp(-t_mid / down.time_constant_s), rel=0.01
    )
