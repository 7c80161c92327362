"""What a portable gas detector reads: its response time and its accuracy (REFERENCE D14).

A sensor settles on a step change of concentration as a first-order lag, the form in
which GB 12358-2024 《作业场所环境气体检测报警仪器 通用技术要求》 and GB 15322 (可燃气体
探测器) state response time: T90, the seconds to 90 % of the final reading. With
tau = T90 / ln 10 the reading obeys dy/dt = (c - y) / tau, from the air the sensor was
carried in (no gas, 20.9 % oxygen). Its error is the instrument's indication tolerance
(示值误差): a gas reading within +-a % of the value, oxygen within +-b % by volume; a
reading anywhere in the band is taken as equally likely.

The default figures are assumptions in the range these standards test a diffusion
instrument against, for when the plan does not state its own detector's sheet:
T90 60 s, gas +-10 % of reading, oxygen +-0.7 % by volume.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

DEFAULT_T90_S = 60.0
DEFAULT_ACCURACY_PERCENT = 10.0
DEFAULT_OXYGEN_ACCURACY_PERCENT = 0.7
CLEAN_OXYGEN_PERCENT = 20.9


@dataclass(frozen=True, slots=True)
class Detector:
    """A detector's response time and indication tolerances."""

    t90_s: float = DEFAULT_T90_S
    accuracy_percent: float = DEFAULT_ACCURACY_PERCENT
    oxygen_accuracy_percent: float = DEFAULT_OXYGEN_ACCURACY_PERCENT


def settled_fraction(seconds: float, t90_s: float) -> float:
    """Share of a step change shown after ``seconds``: 1 - 10^(-seconds / T90)."""
    if t90_s <= 0:
        return 1.0
    return 1.0 - math.exp(-math.log(10.0) * max(seconds, 0.0) / t90_s)


def lagged_reading(times_min: FloatArray, values: FloatArray, t90_s: float, start: float) -> float:
    """The reading at ``times_min[-1]`` of a sensor exposed from ``times_min[0]`` on,
    having shown ``start`` before; ``values`` are sampled and taken as linear in between.

    Over a piece of length h from a to b (slope m) the lag dy/dt = (c - y)/tau gives
    exactly y1 = d y0 + (a - m tau)(1 - d) + m h with d = exp(-h/tau); the pieces are
    summed in closed form, each weighted by the decay of those after it.
    """
    if t90_s <= 0 or times_min.size < 2:
        return float(values[-1])
    tau = t90_s / math.log(10.0) / 60.0  # minutes
    h = np.diff(times_min)
    a, b = values[:-1], values[1:]
    slope = np.divide(b - a, h, out=np.zeros_like(h), where=h > 0)
    decay = np.exp(-h / tau)
    gain = (a - slope * tau) * (1.0 - decay) + slope * h
    after = np.concatenate((np.cumsum((h / tau)[::-1])[::-1][1:], [0.0]))  # decay that follows
    return float(start * math.exp(-float(h.sum()) / tau) + np.sum(gain * np.exp(-after)))


def reading_error(value: float, tolerance: float, draw: float, *, relative: bool) -> float:
    """``value`` off by ``draw`` (in [-1, 1]) times the tolerance band, never negative."""
    off = value * tolerance / 100.0 if relative else tolerance
    return max(value + draw * off, 0.0)
