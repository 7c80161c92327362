"""Threshold searches look for a crossing in pieces; the answer is that of the whole span."""

from __future__ import annotations

import numpy as np

from sim import Loaded
from sim.hazards import CROSSING_TOLERANCE_MIN, SEARCH_STEP_MIN, HazardField


def whole_span(
    hf: HazardField, location: str, t: float, above: bool, ppm: float
) -> tuple[float, float] | float | None:
    """The search as one evaluation of the whole span (what the pieces must agree with):
    the sample interval holding the first crossing, ``t`` when it holds at once."""
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
    return float(times[i - 1]), float(times[i])


def holds(hf: HazardField, location: str, t: float, above: bool, ppm: float) -> bool:
    c = float(hf.concentration_series(location, np.array([t]), False)[0])
    return c >= ppm if above else c <= ppm


def test_a_search_in_pieces_finds_the_crossing_of_the_whole_span_exactly(
    waterworks: Loaded,
) -> None:
    """Outdoor air at a time depends on that time alone, so a search answers the crossing
    itself: inside the whole span's sample interval that holds it, a time at which the
    condition holds, and within CROSSING_TOLERANCE_MIN of one at which it does not. (A
    linear guess between samples landed short of a convex rise: the fence detector's
    waiter woke some 390 times, creeping on, before its condition held.)"""
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
                    span = whole_span(hf, location, t, above, ppm)
                    case = (location, t, ppm, above)
                    if span is None or isinstance(span, float):
                        assert found == span, case
                        continue
                    assert found is not None and span[0] < found <= span[1], case
                    assert holds(hf, location, found, above, ppm), case
                    before = found - 2 * CROSSING_TOLERANCE_MIN
                    assert before <= span[0] or not holds(hf, location, before, above, ppm), case
