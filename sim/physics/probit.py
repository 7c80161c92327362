"""Probit dose-response: toxic and thermal lethality (REFERENCE "Toxic lethality probits").

Toxic: Y = a + b ln(sum C**n dt), C in ppm and t in minutes; the probability is
P = Phi(Y - 5), Phi the standard normal distribution (Finney, *Probit Analysis*;
CCPS 1999 §2.3.1). Thermal: Eisenberg et al. (1975), Y = -38.48 + 2.56 ln(t q**(4/3))
with t in s and q in W/m2.

Toxic load over a history is exact for piecewise-constant concentrations
(sum of C_i**n dt_i) and the trapezoid rule on C**n for sampled ones.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class ToxicProbit:
    """Y = a + b ln(sum C**n dt), C in ppm, t in min."""

    substance: str
    a: float
    b: float
    n: float
    source: str


_CROWL_LOUVAR = "Crowl and Louvar, Chemical Process Safety, Table 2-5"

TOXIC_PROBITS: Mapping[str, ToxicProbit] = MappingProxyType(
    {
        "Cl2": ToxicProbit("Cl2", -8.29, 0.92, 2.0, "Withers and Lees (1985)"),
        "H2S": ToxicProbit("H2S", -31.42, 3.008, 1.43, _CROWL_LOUVAR),
        "NH3": ToxicProbit("NH3", -35.9, 1.85, 2.0, _CROWL_LOUVAR),
    }
)


def toxic_probit(substance: str) -> ToxicProbit:
    """Probit constants by formula, any case ("cl2", "H2S", "NH3")."""
    for key, probit in TOXIC_PROBITS.items():
        if key.lower() == substance.strip().lower():
            return probit
    raise KeyError(f"no toxic probit for {substance!r}; expected one of {', '.join(TOXIC_PROBITS)}")


def probability_from_probit(probit: float) -> float:
    """P = Phi(Y - 5) = (1 + erf((Y - 5) / sqrt 2)) / 2."""
    if math.isnan(probit):
        raise ValueError("probit is NaN")
    return 0.5 * (1.0 + math.erf((probit - 5.0) / math.sqrt(2.0)))


def probit_from_probability(probability: float) -> float:
    """Inverse of :func:`probability_from_probit`, by bisection on erf."""
    if not 0.0 < probability < 1.0:
        raise ValueError(f"probability must be strictly between 0 and 1, got {probability}")
    lo, hi = -10.0, 20.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if probability_from_probit(mid) < probability:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-13:
            break
    return 0.5 * (lo + hi)


def toxic_load(
    concentrations_ppm: Sequence[float] | FloatArray,
    durations_min: Sequence[float] | FloatArray,
    exponent: float,
) -> float:
    """Exact sum of C_i**n dt_i for piecewise-constant exposure (ppm**n min)."""
    c = np.asarray(concentrations_ppm, dtype=np.float64)
    dt = np.asarray(durations_min, dtype=np.float64)
    if c.shape != dt.shape:
        raise ValueError(f"got {c.size} concentrations but {dt.size} durations")
    if np.any(c < 0) or np.any(dt < 0):
        raise ValueError("concentrations and durations must not be negative")
    return float(np.sum(c**exponent * dt))


def cumulative_toxic_load(
    times_min: Sequence[float] | FloatArray,
    concentrations_ppm: Sequence[float] | FloatArray,
    exponent: float,
) -> FloatArray:
    """Running toxic load at each sample time, trapezoid rule on C**n (ppm**n min).

    Starts at 0 at the first sample; never decreases since C**n >= 0.
    """
    t = np.asarray(times_min, dtype=np.float64)
    c = np.asarray(concentrations_ppm, dtype=np.float64)
    if t.shape != c.shape or t.ndim != 1:
        raise ValueError(f"got {t.size} times but {c.size} concentrations")
    if np.any(np.diff(t) < 0):
        raise ValueError("sample times must not decrease")
    if np.any(c < 0):
        raise ValueError("concentrations must not be negative")
    f = c**exponent
    steps = 0.5 * (f[1:] + f[:-1]) * np.diff(t)
    return np.concatenate(([0.0], np.cumsum(steps)))


def toxic_load_sampled(
    times_min: Sequence[float] | FloatArray,
    concentrations_ppm: Sequence[float] | FloatArray,
    exponent: float,
) -> float:
    """Toxic load of a sampled history (trapezoid rule on C**n), ppm**n min."""
    running = cumulative_toxic_load(times_min, concentrations_ppm, exponent)
    return float(running[-1]) if running.size else 0.0


def toxic_death_probability_from_load(substance: str, load: float) -> float:
    """Probability of death for an accumulated toxic load (ppm**n min)."""
    if load < 0:
        raise ValueError(f"toxic load must not be negative, got {load}")
    if load == 0:
        return 0.0
    p = toxic_probit(substance)
    return probability_from_probit(p.a + p.b * math.log(load))


def toxic_death_probability(substance: str, concentration_ppm: float, duration_min: float) -> float:
    """Probability of death after ``duration_min`` at a constant ``concentration_ppm``."""
    p = toxic_probit(substance)
    load = toxic_load([concentration_ppm], [duration_min], p.n)
    return toxic_death_probability_from_load(substance, load)


def lethal_concentration_ppm(
    substance: str, duration_min: float, probability: float = 0.5
) -> float:
    """Constant concentration (ppm) giving ``probability`` of death over ``duration_min``.

    Cl2: 433 ppm for 10 min and 250 ppm for 30 min at 50 % (REFERENCE).
    """
    if duration_min <= 0:
        raise ValueError(f"duration must be positive, got {duration_min} min")
    p = toxic_probit(substance)
    load = math.exp((probit_from_probability(probability) - p.a) / p.b)
    return float((load / duration_min) ** (1.0 / p.n))


def burn_probit(flux_w_m2: float, duration_s: float) -> float:
    """Eisenberg et al. (1975): Y = -38.48 + 2.56 ln(t q**(4/3)); -inf without exposure."""
    if flux_w_m2 < 0 or duration_s < 0:
        raise ValueError("heat flux and duration must not be negative")
    dose = duration_s * flux_w_m2 ** (4.0 / 3.0)
    if dose == 0:
        return -math.inf
    return -38.48 + 2.56 * math.log(dose)


def burn_death_probability_from_dose(dose: float) -> float:
    """Probability of death from a thermal dose t q**(4/3) (s (W/m2)**(4/3)), Eisenberg."""
    if dose < 0:
        raise ValueError(f"thermal dose must not be negative, got {dose}")
    return 0.0 if dose == 0 else probability_from_probit(-38.48 + 2.56 * math.log(dose))


def burn_death_probability(flux_w_m2: float, duration_s: float) -> float:
    """Probability of death from thermal radiation ``flux_w_m2`` for ``duration_s``."""
    y = burn_probit(flux_w_m2, duration_s)
    return 0.0 if math.isinf(y) else probability_from_probit(y)
