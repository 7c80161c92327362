"""Survival against minutes without breathing (NIOSH 80-106; Szpilman et al. 2012)."""

from __future__ import annotations

import pytest

from sim.physics.asphyxia import death_probability_without_breathing as p_death


def test_niosh_6_minutes_is_half_fatal_and_8_minutes_fatal() -> None:
    assert p_death(6.0) == pytest.approx(0.5)
    assert p_death(8.0) == 1.0
    assert p_death(25.0) == 1.0


def test_within_the_golden_minutes_most_recover() -> None:
    """Drowning: 10 % death or severe impairment after up to 5 min without breathing."""
    assert p_death(0.0) == 0.0
    assert p_death(3.0) == pytest.approx(0.06)
    assert p_death(5.0) == pytest.approx(0.10)


def test_survival_never_improves_with_a_longer_wait() -> None:
    values = [p_death(m / 10) for m in range(0, 300)]
    assert values == sorted(values)


def test_nan_is_refused() -> None:
    with pytest.raises(ValueError, match="NaN"):
        p_death(float("nan"))
