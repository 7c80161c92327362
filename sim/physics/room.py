"""A gas leak into a well-mixed, ventilated room (REFERENCE D6).

Mass balance for the leaked gas's volume fraction C in a room of volume V (m3)
ventilated by Q (m3/s of fresh air) with a leak of G (m3/s of pure gas):

    V dC/dt = G - (Q + G) C   =>   C(t) = Css + (C0 - Css) exp(-(Q + G) t / V),
    Css = G / (Q + G).

A substance leaking as the share y of a mixture (blast-furnace gas, REFERENCE D15): the
mixture leaks at G and the exhaust carries Q + G, so the substance's balance is
V dC/dt = y G - (Q + G) C, and C is y times the whole mixture's at every moment
(Css = y G / (Q + G)) when the gas present at the start is of the same mixture.

Parameters are piecewise constant in the engine (the leak stops, a fan is
started), so a ``RoomState`` holds one segment and the next starts from its end
value. Results are in ppm by volume.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

PPM = 1e6


@dataclass(frozen=True, slots=True)
class RoomState:
    """One segment of constant parameters, starting at ``t0_s`` with ``c0_ppm``."""

    volume_m3: float
    air_changes_per_h: float
    leak_m3_s: float
    t0_s: float = 0.0
    c0_ppm: float = 0.0
    substance_fraction: float = 1.0
    """The substance's volume fraction of the gas leaking (a mixture's share, D15)."""

    @property
    def ventilation_m3_s(self) -> float:
        return self.air_changes_per_h * self.volume_m3 / 3600.0

    @property
    def rate_per_s(self) -> float:
        """Decay constant (Q + G) / V in 1/s."""
        return (self.ventilation_m3_s + self.leak_m3_s) / self.volume_m3

    @property
    def steady_state_ppm(self) -> float:
        total = self.ventilation_m3_s + self.leak_m3_s
        if total <= 0:
            return self.c0_ppm
        return self.substance_fraction * self.leak_m3_s / total * PPM

    def at(self, t_s: float) -> RoomState:
        """The segment continued from time ``t_s`` (to change parameters there)."""
        return RoomState(
            self.volume_m3,
            self.air_changes_per_h,
            self.leak_m3_s,
            t_s,
            self.concentration(t_s),
            self.substance_fraction,
        )

    def concentration(self, t_s: float) -> float:
        return room_concentration(self, t_s)


def room_concentration(state: RoomState, t_s: float) -> float:
    """Concentration (ppm) at absolute time ``t_s`` >= ``state.t0_s``."""
    dt = max(0.0, t_s - state.t0_s)
    k = state.rate_per_s
    if k <= 0:
        return state.c0_ppm
    css = state.steady_state_ppm
    return css + (state.c0_ppm - css) * math.exp(-k * dt)


def room_time_to_reach(state: RoomState, threshold_ppm: float) -> float | None:
    """Earliest absolute time (s) at which the concentration reaches ``threshold_ppm``.

    Returns ``state.t0_s`` if it is already there and ``None`` if it never gets
    there under these parameters (the approach is monotonic within a segment).
    """
    c0 = state.c0_ppm
    css = state.steady_state_ppm
    k = state.rate_per_s
    if c0 >= threshold_ppm:
        return state.t0_s
    if css <= threshold_ppm or k <= 0:
        return None
    frac = (css - threshold_ppm) / (css - c0)
    return state.t0_s - math.log(frac) / k


def room_time_to_fall_below(state: RoomState, threshold_ppm: float) -> float | None:
    """Earliest absolute time (s) at which the concentration is at or below ``threshold_ppm``."""
    c0 = state.c0_ppm
    if c0 <= threshold_ppm:
        return state.t0_s
    css = state.steady_state_ppm
    k = state.rate_per_s
    if css >= threshold_ppm or k <= 0:
        return None
    return state.t0_s + math.log((c0 - css) / (threshold_ppm - css)) / k


def decay_steps(
    half_life_min: float, *, step_fraction: float = 0.1, floor: float = 1e-3
) -> tuple[tuple[float, float], ...]:
    """A first-order decaying source, G(t) = G0 exp(-ln 2 t / T_half), as constant steps.

    Each step lasts ``step_fraction`` half-lives and holds the mean of the exponential over
    it, so the gas released is exact; after the source has fallen below ``floor`` it is 0.
    Returns (minutes after the start, factor) pairs, starting at (0, ...).
    """
    lam = math.log(2.0) / half_life_min
    width = step_fraction * half_life_min
    steps: list[tuple[float, float]] = []
    t = 0.0
    while math.exp(-lam * t) > floor:
        mean = (math.exp(-lam * t) - math.exp(-lam * (t + width))) / (lam * width)
        steps.append((t, mean))
        t += width
    steps.append((t, 0.0))
    return tuple(steps)
