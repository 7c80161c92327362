"""Thermal radiation from a jet or pipeline fire, point-source model, and its effect on people.

Point source (CCPS 1999 §2.2.6; TNO Yellow Book, CPR 14E, ch. 6):

    q(r) = tau eta m dHc / (4 pi r**2)

m the burning rate (kg/s), dHc the heat of combustion (J/kg), eta the fraction of
the heat radiated and tau the atmospheric transmissivity. Defaults follow the
model behind the 49 CFR 192.903 potential impact radius (Stephens, GRI-00/0189,
2000): eta = 0.2 for a natural-gas fire, tau = 1 (no absorption, conservative)
and dHc = 50 MJ/kg for methane.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType

METHANE_HEAT_OF_COMBUSTION_J_KG = 50.0e6
"""Lower heat of combustion of methane (50.0 MJ/kg), as in Stephens (2000)."""
PROPANE_HEAT_OF_COMBUSTION_J_KG = 46.35e6
"""Lower heat of combustion of propane (CCPS 1999, Appendix)."""
DEFAULT_RADIANT_FRACTION = 0.2
"""Fraction of combustion heat radiated by a natural-gas jet/trench fire (Stephens 2000)."""

MAX_INCIDENT_FLUX_W_M2 = 300_000.0
"""The most heat a flame delivers to a surface it engulfs, about 300 kW/m2: the upper end
of the fluxes measured in the flame of large natural-gas and propane jet fires (ISO
22899-1 jet-fire resistance test, about 250 kW/m2; surface emissive powers of jet fires
100-300 kW/m2, TNO Yellow Book CPR 14E ch. 6). A point source grows without bound near
its centre; no receptor receives more than the flame itself gives off."""

THERMAL_THRESHOLDS_W_M2: Mapping[str, float] = MappingProxyType(
    {
        "second-degree burns within 60 s": 5_000.0,
        "piloted ignition of wood; 1 % lethal in 1 min": 12_500.0,
        "damage to process equipment; 100 % lethal in 1 min": 37_500.0,
    }
)
"""Zone fluxes: 5 kW/m2 is ALOHA's middle thermal zone (US EPA/NOAA); 12.5 and 37.5 kW/m2
are from World Bank (1985), *Manual of Industrial Hazard Assessment Techniques*, as
reproduced in CCPS (1999)."""


def point_source_flux_w_m2(
    *,
    distance_m: float,
    mass_rate_kg_s: float,
    heat_of_combustion_j_kg: float = METHANE_HEAT_OF_COMBUSTION_J_KG,
    radiant_fraction: float = DEFAULT_RADIANT_FRACTION,
    transmissivity: float = 1.0,
) -> float:
    """Incident heat flux (W/m2) at ``distance_m`` from the flame centre, at most the
    flame's own (MAX_INCIDENT_FLUX_W_M2)."""
    if distance_m <= 0:
        raise ValueError(f"distance must be positive, got {distance_m} m")
    power = radiant_power_w(
        mass_rate_kg_s=mass_rate_kg_s,
        heat_of_combustion_j_kg=heat_of_combustion_j_kg,
        radiant_fraction=radiant_fraction,
        transmissivity=transmissivity,
    )
    return min(power / (4.0 * math.pi * distance_m**2), MAX_INCIDENT_FLUX_W_M2)


def radiant_power_w(
    *,
    mass_rate_kg_s: float,
    heat_of_combustion_j_kg: float = METHANE_HEAT_OF_COMBUSTION_J_KG,
    radiant_fraction: float = DEFAULT_RADIANT_FRACTION,
    transmissivity: float = 1.0,
) -> float:
    """Power (W) the point source radiates: tau eta m dHc. Its flux at r is this over
    4 pi r**2, at most MAX_INCIDENT_FLUX_W_M2; a caller summing fires caps the sum."""
    _check(mass_rate_kg_s, radiant_fraction, transmissivity)
    return transmissivity * radiant_fraction * mass_rate_kg_s * heat_of_combustion_j_kg


def distance_to_flux_m(
    *,
    flux_w_m2: float,
    mass_rate_kg_s: float,
    heat_of_combustion_j_kg: float = METHANE_HEAT_OF_COMBUSTION_J_KG,
    radiant_fraction: float = DEFAULT_RADIANT_FRACTION,
    transmissivity: float = 1.0,
) -> float:
    """Distance (m) at which the point source gives ``flux_w_m2`` (e.g. 5, 12.5, 37.5 kW/m2)."""
    if flux_w_m2 <= 0:
        raise ValueError(f"heat flux must be positive, got {flux_w_m2} W/m2")
    power = radiant_power_w(
        mass_rate_kg_s=mass_rate_kg_s,
        heat_of_combustion_j_kg=heat_of_combustion_j_kg,
        radiant_fraction=radiant_fraction,
        transmissivity=transmissivity,
    )
    return math.sqrt(power / (4.0 * math.pi * flux_w_m2))


def atmospheric_transmissivity(
    *, distance_m: float, relative_humidity: float, temperature_k: float = 298.15
) -> float:
    """Fraction of radiation that crosses ``distance_m`` of humid air.

    tau = 2.02 (Pw X)**-0.09 (Pietersen and Huerta 1985, as given in CCPS 1999 §2.2)
    with the water partial pressure Pw = RH 101325 exp(14.4114 - 5328 / T) Pa
    (Mudan and Croce 1988); capped at 1.
    """
    if distance_m <= 0:
        raise ValueError(f"distance must be positive, got {distance_m} m")
    if not 0 < relative_humidity <= 1:
        raise ValueError(f"relative humidity must be a fraction in (0, 1], got {relative_humidity}")
    water_pa = relative_humidity * 101_325.0 * math.exp(14.4114 - 5328.0 / temperature_k)
    return min(1.0, 2.02 * float((water_pa * distance_m) ** -0.09))


def time_to_pain_s(flux_w_m2: float) -> float:
    """Exposure (s) until bare skin hurts: t = (35 000 / q)**1.33, q in W/m2.

    CCPS (1999) after Mudan (1984), a fit to the pain times of API RP 521 and of the
    FEMA/DOT/EPA *Handbook of Chemical Hazard Analysis Procedures* (1989), Table 4.2,
    the table the US EPA risk management guidance cites: 13 s at 5 kW/m2.
    ``inf`` with no flux.
    """
    if flux_w_m2 < 0:
        raise ValueError(f"heat flux must not be negative, got {flux_w_m2} W/m2")
    if flux_w_m2 == 0:
        return math.inf
    return float((35_000.0 / flux_w_m2) ** 1.33)


def _check(mass_rate_kg_s: float, radiant_fraction: float, transmissivity: float) -> None:
    if mass_rate_kg_s < 0:
        raise ValueError(f"burning rate must not be negative, got {mass_rate_kg_s} kg/s")
    if not 0 < radiant_fraction <= 1:
        raise ValueError(f"radiant fraction must be in (0, 1], got {radiant_fraction}")
    if not 0 < transmissivity <= 1:
        raise ValueError(f"transmissivity must be in (0, 1], got {transmissivity}")
