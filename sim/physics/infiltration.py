"""Outdoor air getting indoors, and air displaced by a leaked gas (REFERENCE D5).

Sheltering in place: a single well-mixed zone exchanging air with outdoors at
ACH air changes per hour obeys dC_in/dt = ACH (C_out - C_in), the single-zone
model ALOHA uses for indoor concentrations (NOAA, *ALOHA Technical
Documentation*, 2013). With C_out constant over a segment the solution is exact:

    C_in(t) = C_out + (C_in(t0) - C_out) exp(-ACH (t - t0)),

so a unit step outdoors gives 1 - exp(-ACH t) indoors.

Oxygen: a gas leaking into a well-mixed room displaces air, so with a volume
fraction C of leaked gas the oxygen content is 20.9 % x (1 - C).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import Enum

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

OXYGEN_NORMAL_PERCENT = 20.9
"""Oxygen in dry air by volume."""
OXYGEN_DEFICIENT_PERCENT = 19.5
"""Oxygen-deficient atmosphere: below 19.5 % (OSHA 29 CFR 1910.146(b) and 1910.134(b))."""
OXYGEN_IMPAIRMENT_PERCENT = 16.0
"""Impaired judgement, coordination and breathing begin (Compressed Gas Association
SB-2, *Oxygen-Deficient Atmospheres*, table of effects: 12-16 %)."""
OXYGEN_UNCONSCIOUSNESS_PERCENT = 10.0
"""Fainting and unconsciousness (8-10 % in the CGA SB-2 table)."""
OXYGEN_FATAL_PERCENT = 6.0
"""Death within minutes (6-8 %: 50 % fatal after 6 min, CGA SB-2 table)."""


def infiltration_step_response(t_s: float, air_changes_per_h: float) -> float:
    """Indoor/outdoor ratio t seconds after the outdoor concentration steps up: 1 - exp(-ACH t)."""
    if air_changes_per_h < 0:
        raise ValueError(f"air changes per hour must not be negative, got {air_changes_per_h}")
    return -math.expm1(-air_changes_per_h * max(t_s, 0.0) / 3600.0)


def indoor_concentration_ppm(
    *,
    t_s: npt.ArrayLike,
    air_changes_per_h: float,
    outdoor_start_s: Sequence[float],
    outdoor_ppm: Sequence[float],
    indoor_initial_ppm: float = 0.0,
) -> FloatArray:
    """Indoor concentration at times ``t_s`` for a piecewise-constant outdoor history.

    ``outdoor_ppm[i]`` holds from ``outdoor_start_s[i]`` until the next start (the
    last forever). The indoor value is ``indoor_initial_ppm`` up to the first start.
    Exact for piecewise-constant outdoor air; any concentration unit works.
    """
    if air_changes_per_h < 0:
        raise ValueError(f"air changes per hour must not be negative, got {air_changes_per_h}")
    starts = np.asarray(outdoor_start_s, dtype=np.float64)
    values = np.asarray(outdoor_ppm, dtype=np.float64)
    if starts.ndim != 1 or starts.size == 0 or starts.shape != values.shape:
        raise ValueError(
            "outdoor_start_s and outdoor_ppm must be equal-length, non-empty sequences, "
            f"got {starts.size} and {values.size} values"
        )
    if np.any(np.diff(starts) <= 0):
        raise ValueError("outdoor_start_s must be strictly increasing")
    k = air_changes_per_h / 3600.0
    at_start = np.empty_like(starts)
    at_start[0] = indoor_initial_ppm
    for i in range(1, starts.size):
        decay = math.exp(-k * (starts[i] - starts[i - 1]))
        at_start[i] = values[i - 1] + (at_start[i - 1] - values[i - 1]) * decay
    t = np.asarray(t_s, dtype=np.float64)
    seg = np.clip(np.searchsorted(starts, t, side="right") - 1, 0, starts.size - 1)
    elapsed = np.maximum(t - starts[seg], 0.0)
    inside = values[seg] + (at_start[seg] - values[seg]) * np.exp(-k * elapsed)
    return np.asarray(np.where(t < starts[0], indoor_initial_ppm, inside), dtype=np.float64)


def oxygen_percent(gas_ppm: float) -> float:
    """Oxygen (% by volume) in a well-mixed room holding ``gas_ppm`` of a leaked gas."""
    fraction = min(max(gas_ppm, 0.0), 1e6) / 1e6
    return OXYGEN_NORMAL_PERCENT * (1.0 - fraction)


def gas_ppm_for_oxygen(oxygen_percent: float) -> float:
    """Leaked-gas concentration (ppm) that lowers oxygen to ``oxygen_percent``.

    19.5 % needs 66 986 ppm (6.7 %) of an inert gas; feed the result to
    ``room_time_to_reach`` for the time to an oxygen-deficient room.
    """
    if not 0 <= oxygen_percent <= OXYGEN_NORMAL_PERCENT:
        raise ValueError(
            f"oxygen must be between 0 and {OXYGEN_NORMAL_PERCENT} %, got {oxygen_percent} %"
        )
    return (1.0 - oxygen_percent / OXYGEN_NORMAL_PERCENT) * 1e6


class OxygenHazard(Enum):
    """Bands of the oxygen content, worst last."""

    NORMAL = "normal"
    DEFICIENT = "oxygen deficient (below 19.5 %)"
    IMPAIRED = "impaired judgement and coordination (below 16 %)"
    UNCONSCIOUS = "unconsciousness (below 10 %)"
    FATAL = "death within minutes (below 6 %)"


def classify_oxygen(oxygen_percent: float) -> OxygenHazard:
    """The hazard band an oxygen content falls in."""
    if oxygen_percent < OXYGEN_FATAL_PERCENT:
        return OxygenHazard.FATAL
    if oxygen_percent < OXYGEN_UNCONSCIOUSNESS_PERCENT:
        return OxygenHazard.UNCONSCIOUS
    if oxygen_percent < OXYGEN_IMPAIRMENT_PERCENT:
        return OxygenHazard.IMPAIRED
    if oxygen_percent < OXYGEN_DEFICIENT_PERCENT:
        return OxygenHazard.DEFICIENT
    return OxygenHazard.NORMAL
