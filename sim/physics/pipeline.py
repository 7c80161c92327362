"""Natural-gas pipeline rupture: the potential impact radius of 49 CFR 192.903."""

from __future__ import annotations

import math

FT_PER_M = 1 / 0.3048
PSI_PER_BAR = 14.503773773


def potential_impact_radius_m(diameter_in: float, pressure_psig: float) -> float:
    """Radius (m) within which a rupture's fire can harm people and property.

    49 CFR 192.903: r[ft] = 0.69 d[in] sqrt(p[psig]), d the nominal diameter and
    p the maximum allowable operating pressure. The factor 0.69 is for natural gas.
    """
    if diameter_in <= 0:
        raise ValueError(f"pipeline diameter must be positive, got {diameter_in} in")
    if pressure_psig < 0:
        raise ValueError(f"pipeline pressure must not be negative, got {pressure_psig} psig")
    radius_ft = 0.69 * diameter_in * math.sqrt(pressure_psig)
    return radius_ft / FT_PER_M
