"""Liquefied gases escaping through a hole: liquid discharge, flash fraction, airborne mass
(REFERENCE D9).

A liquefied gas (chlorine, ammonia, LPG) is stored as a liquid under its own
vapour pressure. A hole below the liquid level lets liquid out; outside the hole
part of it flashes to vapour at once, cooling the rest to the normal boiling point.

- Vapour pressure from the normal boiling point by the Clausius-Clapeyron
  equation, ln(P / P_a) = (h_fg M / R)(1 / T_b - 1 / T) (Crowl and Louvar,
  *Chemical Process Safety*, 3rd ed., §4-8).
- Discharge through a hole (pipe length under 10 cm): the liquid has no time to
  flash inside the hole and leaves as liquid, m = C_d A sqrt(2 rho_l (P - P_a)),
  the limit L -> 0 of Fauske's generalised equilibrium-rate model (Crowl and
  Louvar §4-9; CCPS, *Guidelines for Consequence Analysis of Chemical Releases*,
  1999, §2.1.2.3).
- Flash fraction f_v = C_p (T - T_b) / h_fg (Crowl and Louvar §4-8, eq. for an
  isenthalpic flash at constant heat capacity).
- Airborne mass: the flashed vapour carries an equal mass of fine liquid aerosol
  with it, so 2 f_v of the discharge becomes the cloud, at most all of it (the
  rule of thumb given in CCPS 1999 §2.2.1); the rest rains out into a pool, whose
  slower evaporation is not modelled.

Property data (normal boiling point, latent heat at it, liquid heat capacity and
density at 20 C) are from Perry's *Chemical Engineers' Handbook*, 8th ed., Section 2.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from sim.physics.source import ATM_PA, R_J_MOL_K

_PERRY = "Perry's Chemical Engineers' Handbook, 8th ed., Section 2"


@dataclass(frozen=True, slots=True)
class LiquefiedGas:
    """Liquid-phase data of a gas stored liquefied under pressure."""

    name: str
    formula: str
    molecular_weight_g_mol: float
    boiling_point_k: float
    latent_heat_j_kg: float
    """At the normal boiling point."""
    liquid_heat_capacity_j_kg_k: float
    liquid_density_kg_m3: float
    """At 20 C."""
    source: str


_LIQUEFIED = (
    LiquefiedGas("chlorine", "Cl2", 70.90, 239.1, 288_000.0, 960.0, 1410.0, _PERRY),
    LiquefiedGas("ammonia", "NH3", 17.03, 239.8, 1_371_000.0, 4_700.0, 610.0, _PERRY),
    LiquefiedGas("propane", "C3H8", 44.10, 231.1, 426_000.0, 2_500.0, 500.0, _PERRY),
)
LIQUEFIED_GASES: Mapping[str, LiquefiedGas] = MappingProxyType({g.name: g for g in _LIQUEFIED})
"""Chlorine, ammonia and LPG (as propane), keyed by name."""


def liquefied_gas(name: str) -> LiquefiedGas:
    """Look up by name or formula, any case; "LPG" is propane."""
    key = name.strip().lower()
    if key == "lpg":
        key = "propane"
    for gas in _LIQUEFIED:
        if key in (gas.name, gas.formula.lower()):
            return gas
    raise KeyError(f"no liquid data for {name!r}; expected one of: Cl2, NH3, LPG (propane)")


def vapour_pressure_pa(gas: LiquefiedGas, temperature_k: float) -> float:
    """Clausius-Clapeyron from the normal boiling point (absolute pressure)."""
    slope = gas.latent_heat_j_kg * gas.molecular_weight_g_mol / 1000.0 / R_J_MOL_K
    return ATM_PA * math.exp(slope * (1.0 / gas.boiling_point_k - 1.0 / temperature_k))


def flash_fraction(gas: LiquefiedGas, temperature_k: float) -> float:
    """Mass fraction that flashes to vapour when the liquid falls to 1 atm: Cp (T - Tb)/h_fg."""
    f = gas.liquid_heat_capacity_j_kg_k * (temperature_k - gas.boiling_point_k)
    return min(max(f / gas.latent_heat_j_kg, 0.0), 1.0)


@dataclass(frozen=True, slots=True)
class LiquidRelease:
    """Result of :func:`liquid_release`."""

    mass_rate_kg_s: float
    """Liquid out of the hole."""
    pressure_pa_abs: float
    flash_fraction: float
    airborne_fraction: float
    """Flashed vapour plus as much aerosol: min(2 f_v, 1)."""
    duration_s: float
    """Until the inventory is gone (infinite without one)."""

    @property
    def airborne_rate_kg_s(self) -> float:
        return self.mass_rate_kg_s * self.airborne_fraction


def liquid_release(
    *,
    gas: LiquefiedGas,
    hole_diameter_m: float,
    temperature_k: float,
    pressure_pa_abs: float | None = None,
    discharge_coefficient: float = 0.61,
    inventory_kg: float = math.inf,
    ambient_pressure_pa_abs: float = ATM_PA,
) -> LiquidRelease:
    """Liquid discharge of a liquefied gas through a hole below the liquid level.

    ``pressure_pa_abs`` defaults to the vapour pressure at ``temperature_k`` (no
    nitrogen padding). The pressure holds while liquid is left (the liquid boils to
    keep it), so the rate is steady until ``inventory_kg`` is gone.
    """
    if hole_diameter_m <= 0:
        raise ValueError(f"hole diameter must be positive, got {hole_diameter_m} m")
    if not 0 < discharge_coefficient <= 1:
        raise ValueError(f"discharge coefficient must be in (0, 1], got {discharge_coefficient}")
    pressure = (
        vapour_pressure_pa(gas, temperature_k) if pressure_pa_abs is None else pressure_pa_abs
    )
    area = math.pi / 4.0 * hole_diameter_m**2
    head = max(pressure - ambient_pressure_pa_abs, 0.0)
    rate = discharge_coefficient * area * math.sqrt(2.0 * gas.liquid_density_kg_m3 * head)
    f_v = flash_fraction(gas, temperature_k)
    duration = inventory_kg / rate if rate > 0 else math.inf
    return LiquidRelease(rate, pressure, f_v, min(2.0 * f_v, 1.0), duration)
