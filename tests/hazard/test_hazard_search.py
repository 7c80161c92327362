"""Threshold searches look for a crossing in pieces; the answer is that of the whole span."""

from __future__ import annotations

import numpy as np

from sim import Loaded
from sim.hazards import SEARCH_STEP_MIN, HazardField


def whole_span(hf: HazardField, location: str, t: float, above: bool, ppm: float) -> float | None:
    """The search as one evaluation of the whole span (what the pieces must agree with)."""
    end = hf.horizon_min
    if t >= end:
        return None
    times = np.linspace(t, end, min(6000, int((end - t) / SEARCH_STEP_MIN) + 2))
    conc = hf.concentration_series(location, times, False)
    hit = conc >= ppm if above else conc <= ppm
    if not hit.any():
        return None
    i = int(np.argmax(hit))
    if i == 0:
        return t
    c0, c1 = conc[i - 1], conc[i]
    frac = (ppm - c0) / (c1 - c0) if c1 != c0 else 1.0
    return float(times[i - 1] + frac * (times[i] - times[i - 1]))


def test_a_search_in_pieces_finds_the_crossing_of_the_whole_span_to_the_bit(
    waterworks: Loaded,
) -> None:
    hf = HazardField.from_scenario(waterworks.scenario)
    hf.start("container_leak", 0.0)
    hf.stop("container_leak", 31.3)
    outdoor = ["east_fence", "binhe_square", "truck_side", "plant_gate"]
    for location in outdoor:
        peak = hf.ppm_bound(location)
        for t in (0.0, 0.3, 2.0, 7.77, 40.0, 120.0):
            for ppm in (0.5, 1.0, 10.0, peak / 3):
                for above in (True, False):
                    if not above and peak <= ppm:
                        continue
                    found = hf._search(location, t, above, ppm, False)
                    assert found == whole_span(hf, location, t, above, ppm), (location, t, ppm)
