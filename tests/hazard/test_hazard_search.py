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


def test_a_waiter_on_a_buildings_air_is_not_woken_again_and_again_at_the_crossing() -> None:
    """Lijiazhuang school sheltering from the tanker's ammonia (tests/data/nh3-tanker*): its
    indoor air falls through AEGL-1 (30 ppm) while the plan waits to lift the shelter.
    Indoor air is integrated over a grid up to the last time asked, so the search (up to
    the horizon) and the air of the moment (up to now) differ by the integration's error
    at the crossing. A waiter (``Engine.wait_for``) asks when the air will be below 30 ppm,
    wakes then (+1e-7 min) and reads the air of the moment. The search used to answer
    "now" while the air read now was 30.005 ppm, over and over: one replication took 200 s
    of computing, creeping 1e-7 min a wake. Now it never answers "now" unless the air read
    now has crossed, and the waiter is through within a few wakes."""
    from pathlib import Path

    from sim import load
    from sim.engine import EPS, Engine
    from sim.streams import Streams

    tanker = load(Path(__file__).parents[1] / "data" / "nh3-tanker.yaml")
    log = Engine(tanker.scenario, tanker.plan, Streams(1, 3), ()).run()
    hf = HazardField.replay(tanker.scenario, log.events)
    inside = hf.concentration_series("school", np.linspace(100.0, 200.0, 2001), True)
    crossing = 100.0 + 0.05 * int(np.argmax(inside <= 30.0))
    assert 120.0 < crossing < 190.0
    for start in np.linspace(crossing - 0.2, crossing + 0.2, 81).tolist():
        now, wakes = start, 0
        while hf.concentration_ppm("school", now, True) > 30.0:
            t = hf.time_falling_below("school", 30.0, now)
            assert t is not None and t >= now
            assert t > now or hf.concentration_ppm("school", t, True) <= 30.0
            now, wakes = t + EPS, wakes + 1
            assert wakes <= 5, (start, now)
