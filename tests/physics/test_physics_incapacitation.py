"""Collapse levels per substance and for oxygen (OSHA H2S fact sheet, NIOSH 80-106, GB 8958)."""

from __future__ import annotations

import numpy as np
import pytest

from sim.physics.incapacitation import (
    Level,
    first_crossings,
    incapacitation,
    oxygen_deficiency,
    time_to_incapacitation_s,
)


def h2s_levels() -> tuple[Level, ...]:
    found = incapacitation("H2S")
    assert found is not None
    return found.levels


def test_h2s_collapses_at_500_ppm_in_5_minutes_and_at_700_ppm_within_two_breaths() -> None:
    assert time_to_incapacitation_s("H2S", 499) is None
    assert time_to_incapacitation_s("H2S", 600) == 300
    assert time_to_incapacitation_s("H2S", 800) == 10
    levels = {lv.threshold: lv.breathing_stops for lv in h2s_levels()}
    assert levels == {500: False, 700: True}  # OSHA: at 700-1000 ppm "breathing stops"


def test_every_substance_with_a_published_level_has_one() -> None:
    assert time_to_incapacitation_s("CO", 7000) == 600  # 6400 ppm: unconscious within 10-15 min
    assert time_to_incapacitation_s("CO", 13000) == 15  # 12 800 ppm: after 2-3 breaths
    assert time_to_incapacitation_s("Cl2", 1000) == 15  # fatal after a few deep breaths
    assert time_to_incapacitation_s("NH3", 6000) == 60  # 5000-10 000 ppm rapidly fatal
    assert incapacitation("SO2") is None


def test_oxygen_levels_are_gb_8958_and_niosh() -> None:
    o2 = oxygen_deficiency()
    assert (o2.deficient_below_percent, o2.impaired_below_percent) == (19.5, 16.0)
    assert [(lv.threshold, lv.within_s, lv.breathing_stops) for lv in o2.levels] == [
        (10.0, 60.0, False),
        (6.0, 40.0, True),
    ]


def test_worked_example_a_rising_room_knocks_down_at_700_ppm_before_the_500_ppm_level() -> None:
    """0 to 1000 ppm in 10 min: 700 ppm at 7 min, knock-down 10 s later, 500 ppm/5 min at 10 min."""
    times = np.linspace(0.0, 10.0, 301)
    found, _ = first_crossings(times, 100.0 * times, h2s_levels(), {})
    assert found["H2S>=700"].t_min == pytest.approx(7 + 10 / 60, abs=1e-6)
    assert found["H2S>=500"].t_min == pytest.approx(10.0, abs=1e-6)


def test_time_already_spent_at_a_level_carries_over() -> None:
    times = np.linspace(0.0, 2.0, 61)
    level = h2s_levels()[0]
    found, running = first_crossings(times, np.full(61, 600.0), [level], {level.key: 4.0})
    assert found[level.key].t_min == pytest.approx(1.0)
    assert running[level.key][-1] == pytest.approx(6.0)


def test_oxygen_below_6_percent_stops_breathing_within_40_seconds() -> None:
    times = np.linspace(0.0, 2.0, 61)
    found, _ = first_crossings(times, np.full(61, 5.0), oxygen_deficiency().levels, {})
    assert found["O2<=6"].t_min == pytest.approx(40 / 60)
    assert found["O2<=10"].t_min == pytest.approx(1.0)
