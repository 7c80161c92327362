"""Indoor infiltration (REFERENCE D5) and oxygen displacement in a room."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from sim.physics import (
    OxygenHazard,
    RoomState,
    classify_oxygen,
    gas_ppm_for_oxygen,
    indoor_concentration_ppm,
    infiltration_step_response,
    oxygen_percent,
    room_time_to_reach,
)


def test_half_an_air_change_per_hour_lets_in_39_35_percent_after_one_hour_d5() -> None:
    assert infiltration_step_response(3600.0, 0.5) == pytest.approx(0.3935, abs=5e-5)


def test_step_response_is_one_minus_exp_d5() -> None:
    for t_s in (60.0, 1800.0, 7200.0):
        assert infiltration_step_response(t_s, 2.0) == pytest.approx(
            1 - math.exp(-2.0 * t_s / 3600)
        )


def test_piecewise_outdoor_history_matches_the_ode() -> None:
    starts, outdoor = [0.0, 3600.0, 5400.0], [100.0, 0.0, 40.0]
    ach = 0.5
    t = np.linspace(0.0, 10_800.0, 61)
    closed = indoor_concentration_ppm(
        t_s=t, air_changes_per_h=ach, outdoor_start_s=starts, outdoor_ppm=outdoor
    )

    def rhs(time: float, c: np.ndarray) -> np.ndarray:
        i = int(np.searchsorted(starts, time, side="right")) - 1
        return np.array([ach / 3600.0 * (outdoor[i] - c[0])])

    solved = solve_ivp(rhs, (0.0, 10_800.0), [0.0], t_eval=t, max_step=10.0, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(closed, solved.y[0], atol=1e-4)
    assert closed[20] == pytest.approx(39.35, abs=0.01)  # t = 1 h, D5


def test_indoor_starts_from_its_initial_value_before_the_first_segment() -> None:
    c = indoor_concentration_ppm(
        t_s=[-10.0, 0.0],
        air_changes_per_h=1.0,
        outdoor_start_s=[0.0],
        outdoor_ppm=[50.0],
        indoor_initial_ppm=5.0,
    )
    assert c.tolist() == [5.0, 5.0]


def test_oxygen_is_displaced_in_proportion_to_the_leaked_gas() -> None:
    assert oxygen_percent(0.0) == pytest.approx(20.9)
    assert oxygen_percent(100_000.0) == pytest.approx(20.9 * 0.9)
    assert oxygen_percent(gas_ppm_for_oxygen(19.5)) == pytest.approx(19.5)
    assert gas_ppm_for_oxygen(19.5) == pytest.approx(66_985.6, abs=1)


def test_oxygen_hazard_bands_follow_osha_and_cga() -> None:
    assert classify_oxygen(20.9) is OxygenHazard.NORMAL
    assert classify_oxygen(19.49) is OxygenHazard.DEFICIENT
    assert classify_oxygen(15.0) is OxygenHazard.IMPAIRED
    assert classify_oxygen(8.0) is OxygenHazard.UNCONSCIOUS
    assert classify_oxygen(5.0) is OxygenHazard.FATAL


def test_nitrogen_leak_makes_a_small_room_oxygen_deficient_in_minutes() -> None:
    room = RoomState(volume_m3=30.0, air_changes_per_h=0.5, leak_m3_s=0.010)
    t = room_time_to_reach(room, gas_ppm_for_oxygen(19.5))
    assert t is not None and 180.0 < t < 240.0
