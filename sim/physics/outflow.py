"""Decaying outflow from a full-bore rupture of a gas pipeline (Wilson's model).

Wilson's double-exponential blowdown, as presented in Lees, *Loss Prevention in
the Process Industries* (2nd ed., 1996, §15.7) and Mannan (ed., 3rd ed., 2005):

    m(t) = m0 / (1 + a) [exp(-t / (a**2 b)) + a exp(-t / b)]
    b = (2/3) (L / c) sqrt(k f L / D)     (time constant, s)
    a = M0 / (m0 b)                        (dimensionless)

m0 is the initial choked rate through the full bore, M0 the inventory that
blows down, L and D the pipe length and diameter, c = sqrt(k R T / M) the speed
of sound, k the heat capacity ratio and f the Fanning friction factor. The
definition of ``a`` makes the integral of m(t) over all time exactly M0.

Valve closure (the simplified model implemented here, stated so that it can be
challenged): until the isolation valves are shut at ``closure_time_s`` the
ruptured section stays connected to the line, which keeps feeding the break at
``supply_kg_s`` (for instance the normal throughput). The outflow is then
max(m(t), supply): the blowdown curve, floored by the feed. The feed passes
straight through, so the section itself depletes along Wilson's curve; after
closure only what the section still holds, M0 - integral of m from 0 to the
closure time, blows down, and the outflow drops back onto m(t). With no feed,
closure time does not matter. The total released is M0 plus the fed excess.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import overload

import numpy as np
import numpy.typing as npt

from sim.physics.source import R_J_MOL_K, hole_release

FloatArray = npt.NDArray[np.float64]

DEFAULT_FANNING_FRICTION_FACTOR = 0.003
"""Fully turbulent flow in large commercial-steel gas pipes (Darcy factor about 0.012)."""


def full_bore_initial_rate_kg_s(
    *,
    diameter_m: float,
    pressure_pa_abs: float,
    temperature_k: float,
    molecular_weight_g_mol: float,
    heat_capacity_ratio: float,
    discharge_coefficient: float = 1.0,
) -> float:
    """Choked rate out of one open pipe end at the line pressure (CCPS 1999 §2.1.2).

    Stagnation conditions at the break are the upper bound used for m0 in Wilson's
    model; the real rate just after the break is lower as the line decompresses.
    """
    return hole_release(
        hole_diameter_m=diameter_m,
        pressure_pa_abs=pressure_pa_abs,
        temperature_k=temperature_k,
        molecular_weight_g_mol=molecular_weight_g_mol,
        heat_capacity_ratio=heat_capacity_ratio,
        discharge_coefficient=discharge_coefficient,
    ).mass_rate_kg_s


def line_pack_kg(
    *,
    length_m: float,
    diameter_m: float,
    pressure_pa_abs: float,
    temperature_k: float,
    molecular_weight_g_mol: float,
    compressibility: float = 1.0,
) -> float:
    """Gas mass in a pipe section, P V M / (Z R T).

    ``compressibility`` Z defaults to 1 (ideal gas), which overstates nothing at
    low pressure and understates the inventory by about 10-15 % for natural gas at
    70 bar (Z about 0.85-0.9); pass a Z from the operator's data when known.
    """
    if length_m <= 0 or diameter_m <= 0:
        raise ValueError(f"pipe length and diameter must be positive, got {length_m}, {diameter_m}")
    if compressibility <= 0 or temperature_k <= 0:
        raise ValueError("compressibility and temperature must be positive")
    volume = math.pi / 4.0 * diameter_m**2 * length_m
    molar_mass = molecular_weight_g_mol / 1000.0
    return pressure_pa_abs * volume * molar_mass / (compressibility * R_J_MOL_K * temperature_k)


def speed_of_sound_m_s(
    temperature_k: float, molecular_weight_g_mol: float, heat_capacity_ratio: float
) -> float:
    """Ideal-gas speed of sound sqrt(k R T / M)."""
    return math.sqrt(
        heat_capacity_ratio * R_J_MOL_K * temperature_k / (molecular_weight_g_mol / 1000.0)
    )


def wilson_time_constant_s(
    *,
    length_m: float,
    diameter_m: float,
    temperature_k: float,
    molecular_weight_g_mol: float,
    heat_capacity_ratio: float,
    fanning_friction_factor: float = DEFAULT_FANNING_FRICTION_FACTOR,
) -> float:
    """Wilson's b = (2/3) (L / c) sqrt(k f L / D) (Lees 1996, §15.7)."""
    c = speed_of_sound_m_s(temperature_k, molecular_weight_g_mol, heat_capacity_ratio)
    k = heat_capacity_ratio
    return 2.0 / 3.0 * length_m / c * math.sqrt(k * fanning_friction_factor * length_m / diameter_m)


@dataclass(frozen=True, slots=True)
class PipelineRupture:
    """Outflow history of one rupture; times in seconds from the break."""

    initial_rate_kg_s: float
    inventory_kg: float
    time_constant_s: float
    closure_time_s: float = math.inf
    supply_kg_s: float = 0.0

    def __post_init__(self) -> None:
        if self.initial_rate_kg_s <= 0:
            raise ValueError(f"initial rate must be positive, got {self.initial_rate_kg_s} kg/s")
        if self.inventory_kg <= 0:
            raise ValueError(f"inventory must be positive, got {self.inventory_kg} kg")
        if self.time_constant_s <= 0:
            raise ValueError(f"time constant must be positive, got {self.time_constant_s} s")
        if self.closure_time_s < 0:
            raise ValueError(
                f"valve closure time must not be negative, got {self.closure_time_s} s"
            )
        if not 0 <= self.supply_kg_s <= self.initial_rate_kg_s:
            raise ValueError(
                f"supply must be between 0 and the initial rate {self.initial_rate_kg_s} kg/s, "
                f"got {self.supply_kg_s} kg/s"
            )

    @property
    def alpha(self) -> float:
        """Wilson's a = M0 / (m0 b)."""
        return self.inventory_kg / (self.initial_rate_kg_s * self.time_constant_s)

    @overload
    def blowdown_rate_kg_s(self, t_s: float) -> float: ...
    @overload
    def blowdown_rate_kg_s(self, t_s: FloatArray) -> FloatArray: ...
    def blowdown_rate_kg_s(self, t_s: float | FloatArray) -> float | FloatArray:
        """Wilson's m(t) alone, with no feed: the isolated section from t = 0."""
        t = np.maximum(np.asarray(t_s, dtype=np.float64), 0.0)
        out = self._wilson_rate(t)
        return float(out) if np.ndim(t_s) == 0 else out

    @overload
    def rate_kg_s(self, t_s: float) -> float: ...
    @overload
    def rate_kg_s(self, t_s: FloatArray) -> FloatArray: ...
    def rate_kg_s(self, t_s: float | FloatArray) -> float | FloatArray:
        """Outflow at ``t_s``: max(m(t), supply) before closure, m(t) after; 0 before t=0."""
        t = np.asarray(t_s, dtype=np.float64)
        wilson = self._wilson_rate(np.maximum(t, 0.0))
        fed = np.where(t < self.closure_time_s, np.maximum(wilson, self.supply_kg_s), wilson)
        out = np.where(t < 0.0, 0.0, fed)
        return float(out) if np.ndim(t_s) == 0 else out

    @overload
    def released_kg(self, t_s: float) -> float: ...
    @overload
    def released_kg(self, t_s: FloatArray) -> FloatArray: ...
    def released_kg(self, t_s: float | FloatArray) -> float | FloatArray:
        """Mass released from the break up to ``t_s`` (exact integral of :meth:`rate_kg_s`)."""
        t = np.maximum(np.asarray(t_s, dtype=np.float64), 0.0)
        out = self._wilson_released(t) + self._fed_excess(np.minimum(t, self.closure_time_s))
        return float(out) if np.ndim(t_s) == 0 else out

    @property
    def total_release_kg(self) -> float:
        """Everything that comes out: the inventory plus the feed while the valves were open."""
        if self.supply_kg_s > 0 and math.isinf(self.closure_time_s):
            return math.inf
        return self.inventory_kg + float(self._fed_excess(np.asarray(self.closure_time_s)))

    def _wilson_rate(self, t: FloatArray) -> FloatArray:
        a, b = self.alpha, self.time_constant_s
        m0 = self.initial_rate_kg_s
        return np.asarray(m0 / (1.0 + a) * (np.exp(-t / (a * a * b)) + a * np.exp(-t / b)))

    def _wilson_released(self, t: FloatArray) -> FloatArray:
        a, b = self.alpha, self.time_constant_s
        m0 = self.initial_rate_kg_s
        return np.asarray(
            m0 / (1.0 + a) * (a * a * b * -np.expm1(-t / (a * a * b)) + a * b * -np.expm1(-t / b))
        )

    def _crossover_s(self) -> float:
        """Time at which the falling blowdown rate meets the feed (bisection)."""
        s = self.supply_kg_s
        if s >= self.initial_rate_kg_s:
            return 0.0
        lo, hi = 0.0, self.time_constant_s * max(1.0, self.alpha**2)
        while float(self._wilson_rate(np.asarray(hi))) > s:
            lo, hi = hi, 2.0 * hi
        for _ in range(200):
            mid = 0.5 * (lo + hi)
            if float(self._wilson_rate(np.asarray(mid))) > s:
                lo = mid
            else:
                hi = mid
            if hi - lo <= 1e-12 * max(1.0, hi):
                break
        return 0.5 * (lo + hi)

    def _fed_excess(self, t: FloatArray) -> FloatArray:
        """Integral over [0, t] of max(0, supply - m(t)): what the open line adds."""
        if self.supply_kg_s <= 0:
            return np.zeros_like(t)
        t_cross = self._crossover_s()
        span = np.maximum(t - t_cross, 0.0)
        w_cross = float(self._wilson_released(np.asarray(t_cross)))
        excess = self.supply_kg_s * span - (self._wilson_released(t_cross + span) - w_cross)
        return np.asarray(np.maximum(excess, 0.0))


def pipeline_rupture(
    *,
    diameter_m: float,
    section_length_m: float,
    pressure_pa_abs: float,
    temperature_k: float,
    molecular_weight_g_mol: float,
    heat_capacity_ratio: float,
    compressibility: float = 1.0,
    fanning_friction_factor: float = DEFAULT_FANNING_FRICTION_FACTOR,
    discharge_coefficient: float = 1.0,
    double_ended: bool = True,
    closure_time_s: float = math.inf,
    supply_kg_s: float = 0.0,
) -> PipelineRupture:
    """A full-bore rupture of the section between two isolation valves.

    ``double_ended`` (a guillotine break in the middle of the section) treats the
    two halves as two identical Wilson blowdowns, each of length L/2 and holding
    half the inventory; their sum is one Wilson curve with twice the initial rate,
    the whole inventory and the time constant of length L/2. Otherwise gas comes
    out of one end only, from the whole length.
    """
    m0 = full_bore_initial_rate_kg_s(
        diameter_m=diameter_m,
        pressure_pa_abs=pressure_pa_abs,
        temperature_k=temperature_k,
        molecular_weight_g_mol=molecular_weight_g_mol,
        heat_capacity_ratio=heat_capacity_ratio,
        discharge_coefficient=discharge_coefficient,
    )
    inventory = line_pack_kg(
        length_m=section_length_m,
        diameter_m=diameter_m,
        pressure_pa_abs=pressure_pa_abs,
        temperature_k=temperature_k,
        molecular_weight_g_mol=molecular_weight_g_mol,
        compressibility=compressibility,
    )
    ends = 2 if double_ended else 1
    tau = wilson_time_constant_s(
        length_m=section_length_m / ends,
        diameter_m=diameter_m,
        temperature_k=temperature_k,
        molecular_weight_g_mol=molecular_weight_g_mol,
        heat_capacity_ratio=heat_capacity_ratio,
        fanning_friction_factor=fanning_friction_factor,
    )
    return PipelineRupture(ends * m0, inventory, tau, closure_time_s, supply_kg_s)
