"""Gas release through a hole: choked and subsonic orifice flow (REFERENCE D3).

CCPS, *Guidelines for Consequence Analysis of Chemical Releases* (1999), §2.1.2
(pp. 44-47); the same equations are Crowl and Louvar, *Chemical Process Safety*,
eqs. 4-50 and 4-59. The gas is ideal and expands isentropically from the
stagnation state upstream of the hole. The flow chokes (sonic at the throat) when

    P / Pa >= ((k + 1) / 2) ** (k / (k - 1)),

and then no longer depends on the downstream pressure:

    m = Cd A P sqrt(k M / (R T) (2 / (k + 1)) ** ((k + 1) / (k - 1)))

Below that ratio:

    m = Cd A P sqrt(2 M / (R T) k / (k - 1) [(Pa/P) ** (2/k) - (Pa/P) ** ((k+1)/k)])
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

R_J_MOL_K = 8.314462618
"""Molar gas constant (CODATA 2018)."""
ATM_PA = 101_325.0
ZERO_C_K = 273.15
STANDARD_TEMPERATURE_K = 298.15
"""25 C: the temperature for ppm <-> mg/m3 in occupational and AEGL tables."""

_LANGE = "Lange's Handbook of Chemistry, Cp/Cv of gases at 1 atm, about 15 C"


@dataclass(frozen=True, slots=True)
class GasProperties:
    """Ideal-gas data for source terms; ``source`` names where k comes from."""

    name: str
    formula: str
    molecular_weight_g_mol: float
    heat_capacity_ratio: float
    source: str

    @property
    def molar_mass_kg_mol(self) -> float:
        return self.molecular_weight_g_mol / 1000.0


_GAS_LIST = (
    GasProperties("hydrogen sulfide", "H2S", 34.08, 1.32, _LANGE),
    GasProperties("chlorine", "Cl2", 70.90, 1.355, _LANGE),
    GasProperties("ammonia", "NH3", 17.03, 1.310, _LANGE),
    GasProperties("carbon monoxide", "CO", 28.01, 1.404, _LANGE),
    GasProperties("methane", "CH4", 16.04, 1.31, _LANGE),
    GasProperties(
        "natural gas",
        "CH4",
        16.04,
        1.31,
        "treated as methane, as in Stephens, GRI-00/0189 (2000), the basis of 49 CFR 192.903",
    ),
    GasProperties(
        "propane", "C3H8", 44.10, 1.142, "CCPS (1999) p. 47 worked example (REFERENCE D3)"
    ),
    GasProperties("carbon dioxide", "CO2", 44.01, 1.304, _LANGE),
    GasProperties("nitrogen", "N2", 28.01, 1.404, _LANGE),
    GasProperties("air", "air", 28.96, 1.403, _LANGE),
)

GASES: Mapping[str, GasProperties] = MappingProxyType(
    {g.name.replace(" ", "_"): g for g in _GAS_LIST}
)
"""Gas data keyed by name with underscores: ``GASES["hydrogen_sulfide"]``.

Molecular weights are from standard atomic weights (IUPAC).
"""


def gas_properties(name: str) -> GasProperties:
    """Look a gas up by name ("natural gas", "natural_gas") or formula ("H2S"), any case."""
    key = name.strip().lower().replace(" ", "_").replace("-", "_")
    if key in GASES:
        return GASES[key]
    for gas in _GAS_LIST:
        if gas.formula.lower() == key:
            return gas
    known = ", ".join(sorted(GASES))
    raise KeyError(f"unknown gas {name!r}; expected one of: {known} (or their formulas)")


@dataclass(frozen=True, slots=True)
class HoleRelease:
    """Result of :func:`hole_release`."""

    mass_rate_kg_s: float
    choked: bool
    critical_pressure_ratio: float
    """Upstream/downstream absolute pressure ratio above which the flow chokes."""


def critical_pressure_ratio(heat_capacity_ratio: float) -> float:
    """((k + 1) / 2) ** (k / (k - 1)): 1.736 for k = 1.142, 1.893 for air."""
    k = heat_capacity_ratio
    if k <= 1.0:
        raise ValueError(f"heat capacity ratio must exceed 1, got {k}")
    return float(((k + 1.0) / 2.0) ** (k / (k - 1.0)))


def hole_release(
    *,
    hole_diameter_m: float,
    pressure_pa_abs: float,
    temperature_k: float,
    molecular_weight_g_mol: float,
    heat_capacity_ratio: float,
    discharge_coefficient: float = 1.0,
    ambient_pressure_pa_abs: float = ATM_PA,
) -> HoleRelease:
    """Mass rate of gas through a round hole (CCPS 1999 §2.1.2; REFERENCE D3).

    ``discharge_coefficient`` defaults to 1.0, the conservative choice CCPS
    advises when the hole shape is unknown (0.61 for a sharp-edged orifice).
    """
    if hole_diameter_m <= 0:
        raise ValueError(f"hole diameter must be positive, got {hole_diameter_m} m")
    if temperature_k <= 0:
        raise ValueError(f"temperature must be positive, got {temperature_k} K")
    if ambient_pressure_pa_abs <= 0:
        raise ValueError(f"ambient pressure must be positive, got {ambient_pressure_pa_abs} Pa")
    if not 0 < discharge_coefficient <= 1:
        raise ValueError(f"discharge coefficient must be in (0, 1], got {discharge_coefficient}")
    k = heat_capacity_ratio
    ratio_crit = critical_pressure_ratio(k)
    if pressure_pa_abs <= ambient_pressure_pa_abs:
        return HoleRelease(0.0, False, ratio_crit)
    area = math.pi / 4.0 * hole_diameter_m**2
    molar_mass = molecular_weight_g_mol / 1000.0
    m_over_rt = molar_mass / (R_J_MOL_K * temperature_k)
    choked = pressure_pa_abs / ambient_pressure_pa_abs >= ratio_crit
    if choked:
        flux = pressure_pa_abs * math.sqrt(
            k * m_over_rt * (2.0 / (k + 1.0)) ** ((k + 1.0) / (k - 1.0))
        )
    else:
        r = ambient_pressure_pa_abs / pressure_pa_abs
        bracket = r ** (2.0 / k) - r ** ((k + 1.0) / k)
        flux = pressure_pa_abs * math.sqrt(2.0 * m_over_rt * k / (k - 1.0) * bracket)
    return HoleRelease(discharge_coefficient * area * flux, choked, ratio_crit)


def gas_density_kg_m3(
    molecular_weight_g_mol: float,
    temperature_k: float = STANDARD_TEMPERATURE_K,
    pressure_pa_abs: float = ATM_PA,
) -> float:
    """Ideal-gas density P M / (R T)."""
    if temperature_k <= 0:
        raise ValueError(f"temperature must be positive, got {temperature_k} K")
    return pressure_pa_abs * molecular_weight_g_mol / 1000.0 / (R_J_MOL_K * temperature_k)


def volumetric_to_mass_rate_kg_s(
    volume_rate_l_s: float,
    molecular_weight_g_mol: float,
    temperature_k: float = STANDARD_TEMPERATURE_K,
    pressure_pa_abs: float = ATM_PA,
) -> float:
    """A leak of pure gas in L/s (measured at T, P) as kg/s; ideal gas."""
    density = gas_density_kg_m3(molecular_weight_g_mol, temperature_k, pressure_pa_abs)
    return volume_rate_l_s / 1000.0 * density


def mass_to_volumetric_rate_l_s(
    mass_rate_kg_s: float,
    molecular_weight_g_mol: float,
    temperature_k: float = STANDARD_TEMPERATURE_K,
    pressure_pa_abs: float = ATM_PA,
) -> float:
    """The inverse of :func:`volumetric_to_mass_rate_kg_s`: kg/s to L/s at T, P."""
    density = gas_density_kg_m3(molecular_weight_g_mol, temperature_k, pressure_pa_abs)
    return mass_rate_kg_s / density * 1000.0


@dataclass(frozen=True, slots=True)
class Blowdown:
    """Result of :func:`gas_blowdown`: the rate falling as the vessel empties."""

    times_s: tuple[float, ...]
    """Start of each step; the rate holds until the next (and is 0 after the last)."""
    rates_kg_s: tuple[float, ...]
    duration_s: float
    """Until the vessel is at atmospheric pressure."""
    initial_mass_kg: float
    time_constant_s: float
    """V M / (K R T) with m = K P while choked: the pressure's e-folding time."""


def gas_blowdown(
    *,
    vessel_volume_m3: float,
    hole_diameter_m: float,
    pressure_pa_abs: float,
    temperature_k: float,
    molecular_weight_g_mol: float,
    heat_capacity_ratio: float,
    discharge_coefficient: float = 1.0,
    ambient_pressure_pa_abs: float = ATM_PA,
    steps_per_time_constant: int = 20,
) -> Blowdown:
    """Isothermal blowdown of an ideal gas through a hole (CCPS 1999 §2.1.2 orifice flow).

    The vessel holds m = P V M / (R T); each step the hole's rate (choked, then
    subsonic) at the current pressure empties it: dm/dt = -rate(P). While the flow is
    choked the rate is K P, so the pressure falls as exp(-t / tau), tau = V M / (K R T).
    Isothermal is the slower, longer-lasting limit (heat from the walls; an adiabatic
    vessel cools and empties a little faster). The rate is held piecewise constant over
    steps of tau / ``steps_per_time_constant`` at its mid-step value; the mass is conserved
    exactly.
    """
    if vessel_volume_m3 <= 0:
        raise ValueError(f"vessel volume must be positive, got {vessel_volume_m3} m3")
    molar = molecular_weight_g_mol / 1000.0
    per_pa = vessel_volume_m3 * molar / (R_J_MOL_K * temperature_k)  # kg per Pa
    mass0 = pressure_pa_abs * per_pa
    ambient_mass = ambient_pressure_pa_abs * per_pa

    def rate(p: float) -> float:
        return hole_release(
            hole_diameter_m=hole_diameter_m,
            pressure_pa_abs=p,
            temperature_k=temperature_k,
            molecular_weight_g_mol=molecular_weight_g_mol,
            heat_capacity_ratio=heat_capacity_ratio,
            discharge_coefficient=discharge_coefficient,
            ambient_pressure_pa_abs=ambient_pressure_pa_abs,
        ).mass_rate_kg_s

    first = rate(pressure_pa_abs)
    if first <= 0:
        return Blowdown((0.0,), (0.0,), 0.0, mass0, math.inf)
    tau = per_pa * pressure_pa_abs / first
    dt = tau / steps_per_time_constant
    times: list[float] = []
    rates: list[float] = []
    t, mass = 0.0, mass0
    # stop once 99.9 % of what can escape has escaped; a long subsonic tail is negligible
    while mass - ambient_mass > 1e-3 * (mass0 - ambient_mass) and len(times) < 100_000:
        r = rate(mass / per_pa)
        if r <= 0:
            break
        # the rate at mid-step (second order): steps stay accurate at tau / 20
        r = max(rate(max(mass - r * dt / 2.0, ambient_mass) / per_pa), 1e-3 * r)
        step = min(dt, (mass - ambient_mass) / r)
        times.append(t)
        rates.append(r)
        t += step
        mass -= r * step
    return Blowdown(tuple(times), tuple(rates), t, mass0, tau)
