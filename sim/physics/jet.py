"""Near field of a gas jet: free-jet centreline dilution (REFERENCE D7).

Close to a hole the gas is not a passive plume: it leaves as a momentum jet that
entrains air on its own. Two published results give its concentration field:

- Thring and Newby (1953), *4th Symposium (International) on Combustion*, pp.
  789-796: any round jet of mass flow m and momentum flux J entrains like a jet of
  ambient density from the *equivalent diameter* d_eq = 2 m / sqrt(pi rho_a J).
  For a jet at ambient pressure this is d sqrt(rho_j / rho_a); for a choked,
  under-expanded jet the momentum flux carries the pressure thrust at the throat,
  J = m u_e + (P_e - P_a) A_e, which is the pseudo-source idea of Birch et al.
  (1984), *Combust. Sci. Technol.* 36, 249-261.
- Chen and Rodi (1980), *Vertical Turbulent Buoyant Jets: A Review of
  Experimental Data*, Pergamon: in the momentum-dominated region the centreline
  mass fraction falls as Y_c = 5.0 d_eq / x, and across the jet as
  Y / Y_c = exp(-57 (r / x)^2).

The mass fraction is capped at 1 (pure gas at the hole) and turned into a volume
fraction with the molar masses of the gas and of air. :mod:`sim.hazards` blends
this jet with the Gaussian plume by taking the more dilute of the two at each
receptor: near the hole the plume's point source grossly overstates the
concentration (sigma_y sigma_z -> 0), far away the still-air jet understates the
dilution by wind and atmospheric turbulence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from sim.physics.source import ATM_PA, R_J_MOL_K, critical_pressure_ratio

FloatArray = npt.NDArray[np.float64]

CENTRELINE_DECAY = 5.0
"""Chen and Rodi (1980): Y_c = 5.0 d_eq / x for a round momentum jet."""
RADIAL_SPREAD = 57.0
"""Chen and Rodi (1980): Y / Y_c = exp(-57 (r / x)^2)."""
AIR_MOLECULAR_WEIGHT_G_MOL = 28.96


@dataclass(frozen=True, slots=True)
class GasJet:
    """The exit state of a gas jet from a hole, and its Thring-Newby equivalent diameter."""

    mass_rate_kg_s: float
    exit_velocity_m_s: float
    exit_pressure_pa_abs: float
    momentum_flux_n: float
    equivalent_diameter_m: float


def equivalent_diameter_m(
    mass_rate_kg_s: float, momentum_flux_n: float, air_density_kg_m3: float
) -> float:
    """Thring and Newby (1953): d_eq = 2 m / sqrt(pi rho_a J)."""
    if mass_rate_kg_s <= 0 or momentum_flux_n <= 0:
        return 0.0
    return 2.0 * mass_rate_kg_s / math.sqrt(math.pi * air_density_kg_m3 * momentum_flux_n)


def gas_jet(
    *,
    hole_diameter_m: float,
    pressure_pa_abs: float,
    temperature_k: float,
    molecular_weight_g_mol: float,
    heat_capacity_ratio: float,
    discharge_coefficient: float = 1.0,
    air_temperature_k: float = 293.15,
    ambient_pressure_pa_abs: float = ATM_PA,
) -> GasJet:
    """The jet of an ideal gas leaving a round hole, choked or not (isentropic, CCPS 1999)."""
    k = heat_capacity_ratio
    molar = molecular_weight_g_mol / 1000.0
    area = discharge_coefficient * math.pi / 4.0 * hole_diameter_m**2
    air_density = ambient_pressure_pa_abs * AIR_MOLECULAR_WEIGHT_G_MOL / 1000.0
    air_density /= R_J_MOL_K * air_temperature_k
    if pressure_pa_abs <= ambient_pressure_pa_abs:
        return GasJet(0.0, 0.0, ambient_pressure_pa_abs, 0.0, 0.0)
    if pressure_pa_abs / ambient_pressure_pa_abs >= critical_pressure_ratio(k):
        exit_p = pressure_pa_abs * (2.0 / (k + 1.0)) ** (k / (k - 1.0))
        exit_t = temperature_k * 2.0 / (k + 1.0)
        velocity = math.sqrt(k * R_J_MOL_K * exit_t / molar)
    else:
        exit_p = ambient_pressure_pa_abs
        exit_t = temperature_k * (exit_p / pressure_pa_abs) ** ((k - 1.0) / k)
        velocity = math.sqrt(2.0 * k / (k - 1.0) * R_J_MOL_K / molar * (temperature_k - exit_t))
    density = exit_p * molar / (R_J_MOL_K * exit_t)
    mass = area * density * velocity
    momentum = mass * velocity + (exit_p - ambient_pressure_pa_abs) * area
    return GasJet(
        mass, velocity, exit_p, momentum, equivalent_diameter_m(mass, momentum, air_density)
    )


def jet_mass_fraction(
    equivalent_diameter_m: npt.ArrayLike, x_m: npt.ArrayLike, r_m: npt.ArrayLike = 0.0
) -> FloatArray:
    """Mass fraction of jet gas at ``x_m`` along the axis and ``r_m`` off it; 0 behind the hole.

    Chen and Rodi (1980), capped at 1 (pure gas) at and next to the hole.
    """
    d, x, r = np.broadcast_arrays(
        np.asarray(equivalent_diameter_m, dtype=np.float64),
        np.asarray(x_m, dtype=np.float64),
        np.asarray(r_m, dtype=np.float64),
    )
    ahead = x > 0
    xs = np.where(ahead, x, 1.0)
    with np.errstate(over="ignore"):
        axis = np.minimum(CENTRELINE_DECAY * d / xs, 1.0)
        across = np.exp(-RADIAL_SPREAD * (r / xs) ** 2)
    at_hole = (x == 0) & (r == 0) & (d > 0)
    out = np.where(ahead, axis * across, 0.0)
    return np.asarray(np.where(at_hole, 1.0, out), dtype=np.float64)


def mass_to_volume_fraction(
    mass_fraction: npt.ArrayLike,
    molecular_weight_g_mol: float,
    air_molecular_weight_g_mol: float = AIR_MOLECULAR_WEIGHT_G_MOL,
) -> FloatArray:
    """Mass fraction of a gas in air to its volume (mole) fraction."""
    y = np.clip(np.asarray(mass_fraction, dtype=np.float64), 0.0, 1.0)
    gas = y / molecular_weight_g_mol
    return np.asarray(gas / (gas + (1.0 - y) / air_molecular_weight_g_mol), dtype=np.float64)


def jet_ppm(
    equivalent_diameter_m: npt.ArrayLike,
    x_m: npt.ArrayLike,
    r_m: npt.ArrayLike,
    molecular_weight_g_mol: float,
) -> FloatArray:
    """Concentration (ppm by volume) in a free jet; 1e6 at the hole, never more."""
    y = jet_mass_fraction(equivalent_diameter_m, x_m, r_m)
    return mass_to_volume_fraction(y, molecular_weight_g_mol) * 1e6
