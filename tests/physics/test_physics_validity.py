"""ALOHA-style validity warnings: returned as sentences, never raised."""

from __future__ import annotations

import math

import pytest

from sim.physics import check_validity


def test_sensible_inputs_give_no_warnings() -> None:
    assert (
        check_validity(wind_speed_m_s=3.0, stability="D", distance_m=800.0, exposure_min=30) == []
    )


def test_wind_below_1_m_s_is_flagged() -> None:
    (warning,) = check_validity(wind_speed_m_s=0.5)
    assert "1 m/s" in warning
    assert check_validity(wind_speed_m_s=1.0) == []


def test_distances_beyond_10_km_are_flagged() -> None:
    (warning,) = check_validity(distance_m=12_000.0)
    assert "10 km" in warning


def test_distances_within_100_m_are_flagged() -> None:
    assert check_validity(distance_m=50.0)


def test_exposure_beyond_60_min_is_flagged() -> None:
    (warning,) = check_validity(exposure_min=90.0)
    assert "60 min" in warning


@pytest.mark.parametrize(
    ("stability", "wind_m_s"), [("A", 6.0), ("B", 5.5), ("C", 1.5), ("E", 1.5), ("F", 5.0)]
)
def test_stability_inconsistent_with_wind_is_flagged(stability: str, wind_m_s: float) -> None:
    (warning,) = check_validity(wind_speed_m_s=wind_m_s, stability=stability)
    assert "Pasquill" in warning and stability in warning


@pytest.mark.parametrize(
    ("stability", "wind_m_s"),
    [("A", 2.0), ("B", 4.0), ("C", 8.0), ("D", 12.0), ("E", 4.0), ("F", 1.5)],
)
def test_stability_consistent_with_wind_passes(stability: str, wind_m_s: float) -> None:
    assert check_validity(wind_speed_m_s=wind_m_s, stability=stability) == []


def test_nonsense_is_reported_not_raised() -> None:
    warnings = check_validity(
        wind_speed_m_s=math.nan,
        stability="Z",
        distance_m=-1.0,
        exposure_min="soon",  # type: ignore[arg-type]
    )
    assert len(warnings) == 4
