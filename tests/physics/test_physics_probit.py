"""Probits: REFERENCE "Toxic lethality probits" and the Eisenberg burn probit."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import norm

from sim.physics import (
    burn_death_probability,
    burn_probit,
    cumulative_toxic_load,
    lethal_concentration_ppm,
    probability_from_probit,
    probit_from_probability,
    toxic_death_probability,
    toxic_load,
    toxic_load_sampled,
    toxic_probit,
)


@pytest.mark.parametrize(
    ("substance", "a", "b", "n"),
    [("Cl2", -8.29, 0.92, 2.0), ("H2S", -31.42, 3.008, 1.43), ("NH3", -35.9, 1.85, 2.0)],
)
def test_probit_constants_are_the_reference_table(
    substance: str, a: float, b: float, n: float
) -> None:
    probit = toxic_probit(substance)
    assert (probit.a, probit.b, probit.n) == (a, b, n)
    assert probit.source


@pytest.mark.parametrize(("ppm", "minutes"), [(433.0, 10.0), (250.0, 30.0)])
def test_chlorine_kills_half_at_433_ppm_for_10_min_and_250_ppm_for_30_min(
    ppm: float, minutes: float
) -> None:
    assert lethal_concentration_ppm("Cl2", minutes) == pytest.approx(ppm, rel=0.01)
    assert toxic_death_probability("Cl2", ppm, minutes) == pytest.approx(0.5, abs=0.01)


def test_probability_is_the_standard_normal_of_y_minus_5() -> None:
    for y in (2.0, 3.72, 5.0, 6.28, 8.0):
        assert probability_from_probit(y) == pytest.approx(norm.cdf(y - 5.0), abs=1e-12)
        assert probit_from_probability(probability_from_probit(y)) == pytest.approx(y, abs=1e-9)


def test_piecewise_constant_load_is_exact_and_sampling_converges_to_it() -> None:
    exact = toxic_load([100.0, 300.0], [5.0, 2.0], 2.0)
    assert exact == 100.0**2 * 5 + 300.0**2 * 2
    t = np.linspace(0.0, 7.0, 70_001)
    c = np.where(t < 5.0, 100.0, 300.0)
    assert toxic_load_sampled(t, c, 2.0) == pytest.approx(exact, rel=1e-3)


def test_eisenberg_probit_is_the_published_formula() -> None:
    assert burn_probit(5000.0, 40.0) == pytest.approx(
        -38.48 + 2.56 * math.log(40.0 * 5000.0 ** (4 / 3))
    )
    assert burn_probit(20_000.0, 30.0) > burn_probit(10_000.0, 30.0)
    assert burn_death_probability(0.0, 60.0) == 0.0


def test_eisenberg_gives_half_lethality_at_the_dose_where_y_is_5() -> None:
    dose = math.exp((5.0 + 38.48) / 2.56)  # t q^(4/3), s (W/m2)^(4/3)
    flux = (dose / 60.0) ** 0.75
    assert burn_death_probability(flux, 60.0) == pytest.approx(0.5, abs=1e-9)


@given(
    st.lists(st.tuples(st.floats(0.0, 10.0), st.floats(0.0, 5000.0)), min_size=1, max_size=50),
    st.sampled_from([1.0, 1.43, 2.0, 2.75]),
)
def test_accumulated_toxic_load_never_decreases(
    steps: list[tuple[float, float]], exponent: float
) -> None:
    times = np.cumsum([dt for dt, _ in steps])
    concentrations = np.array([c for _, c in steps])
    running = cumulative_toxic_load(times, concentrations, exponent)
    assert running[0] == 0.0
    assert np.all(np.diff(running) >= 0)


@given(
    substance=st.sampled_from(["Cl2", "H2S", "NH3"]),
    ppm=st.floats(1.0, 20_000.0),
    shorter_min=st.floats(0.01, 120.0),
    extra_min=st.floats(0.0, 120.0),
)
def test_a_shorter_exposure_never_gives_a_higher_probability_of_death(
    substance: str, ppm: float, shorter_min: float, extra_min: float
) -> None:
    shorter = toxic_death_probability(substance, ppm, shorter_min)
    longer = toxic_death_probability(substance, ppm, shorter_min + extra_min)
    assert shorter <= longer


def test_the_burn_probability_of_a_dose_is_that_of_its_flux_and_time() -> None:
    """Eisenberg's probit read from a logged dose t q^(4/3) (what a run's exposure event
    keeps) gives the probability of the flux and time it came from: for the 20 s of
    escape, 50 % at about 36 kW/m2 (dose 2.4e7) and 1 % at about 18 kW/m2."""
    from sim.physics.probit import burn_death_probability, burn_death_probability_from_dose

    for flux, seconds in ((5_000.0, 13.0), (57_000.0, 20.0), (20_000.0, 20.0)):
        dose = seconds * flux ** (4.0 / 3.0)
        assert burn_death_probability_from_dose(dose) == pytest.approx(
            burn_death_probability(flux, seconds)
        )
    assert burn_death_probability_from_dose(20 * 35_900.0 ** (4 / 3)) == pytest.approx(
        0.5, abs=0.01
    )
    assert burn_death_probability_from_dose(20 * 18_100.0 ** (4 / 3)) == pytest.approx(
        0.01, abs=0.002
    )
    assert burn_death_probability_from_dose(0.0) == 0.0
    with pytest.raises(ValueError):
        burn_death_probability_from_dose(-1.0)
