"""Gaussian plume: REFERENCE D1 (Boubel et al. worked example) and D4 (Briggs rural D)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.physics import (
    COEFFICIENT_SETS,
    STABILITY_CLASSES,
    CoefficientSet,
    StabilityClass,
    centreline_distance_to_concentration_m,
    dispersion_coefficients_m,
    downwind_crosswind_m,
    kg_m3_to_ppm,
    plume_concentration_grid_kg_m3,
    plume_concentration_kg_m3,
    ppm_to_kg_m3,
    threat_zone_half_width_m,
)
from sim.physics.plume import _PG_SIGMA_Z


def d1_concentration_kg_m3(x_m: float) -> float:
    """REFERENCE D1: Q = 0.37 g/s, H = 40 m, u = 2 m/s, class B, ground-level centreline."""
    return plume_concentration_kg_m3(
        rate_kg_s=0.37e-3, wind_speed_m_s=2.0, x_m=x_m, release_height_m=40.0, stability="B"
    )


@pytest.mark.parametrize(
    ("x_m", "sigma_y_m", "sigma_z_m"),
    [(280.0, 49.0, 28.2), (260.0, 45.9, 26.2), (300.0, 52.2, 30.1)],
)
def test_pasquill_gifford_sigmas_reproduce_boubel_example_d1(
    x_m: float, sigma_y_m: float, sigma_z_m: float
) -> None:
    sy, sz = dispersion_coefficients_m(x_m, "B", "pasquill-gifford")
    assert float(sy) == pytest.approx(sigma_y_m, rel=0.01)
    assert float(sz) == pytest.approx(sigma_z_m, rel=0.01)


@pytest.mark.parametrize(("x_m", "g_m3"), [(280.0, 1.56e-5), (260.0, 1.53e-5), (300.0, 1.55e-5)])
def test_ground_level_centreline_concentration_reproduces_d1(x_m: float, g_m3: float) -> None:
    assert d1_concentration_kg_m3(x_m) * 1000.0 == pytest.approx(g_m3, rel=0.01)


@pytest.mark.parametrize("x_m", [100.0, 500.0, 1000.0, 5000.0, 10_000.0])
def test_briggs_rural_class_d_is_the_d4_formula(x_m: float) -> None:
    sy, sz = dispersion_coefficients_m(x_m, "D", "briggs-rural")
    assert float(sy) == pytest.approx(0.08 * x_m * (1 + 1e-4 * x_m) ** -0.5, rel=1e-12)
    assert float(sz) == pytest.approx(0.06 * x_m * (1 + 0.0015 * x_m) ** -0.5, rel=1e-12)


def test_briggs_urban_class_d_is_gifford_table() -> None:
    x = 2000.0
    sy, sz = dispersion_coefficients_m(x, "D", "briggs-urban")
    assert float(sy) == pytest.approx(0.16 * x / math.sqrt(1 + 0.0004 * x))
    assert float(sz) == pytest.approx(0.14 * x / math.sqrt(1 + 0.0003 * x))


@pytest.mark.parametrize("stability", STABILITY_CLASSES)
def test_pasquill_gifford_sigma_z_fits_join_at_their_range_limits(
    stability: StabilityClass,
) -> None:
    for upper_km, _, _ in _PG_SIGMA_Z[stability][:-1]:
        below, above = upper_km * 1000 * (1 - 1e-9), upper_km * 1000 * (1 + 1e-9)
        _, sz_below = dispersion_coefficients_m(below, stability)
        _, sz_above = dispersion_coefficients_m(above, stability)
        assert float(sz_above) == pytest.approx(float(sz_below), rel=1e-3)


def test_ground_release_at_ground_is_the_reflected_formula() -> None:
    sy, sz = dispersion_coefficients_m(500.0, "D")
    c = plume_concentration_kg_m3(rate_kg_s=1.0, wind_speed_m_s=3.0, x_m=500.0, stability="D")
    assert c == pytest.approx(1.0 / (math.pi * 3.0 * float(sy) * float(sz)))


def test_concentration_is_zero_upwind_and_at_the_source() -> None:
    c = plume_concentration_grid_kg_m3(
        rate_kg_s=1.0, wind_speed_m_s=2.0, x_m=np.array([-100.0, 0.0]), y_m=0.0, stability="F"
    )
    assert c.tolist() == [0.0, 0.0]


def test_grid_agrees_with_point_evaluation() -> None:
    x, y = np.meshgrid(np.linspace(50, 3000, 7), np.linspace(-200, 200, 5))
    grid = plume_concentration_grid_kg_m3(
        rate_kg_s=0.5,
        wind_speed_m_s=4.0,
        x_m=x,
        y_m=y,
        z_m=1.5,
        release_height_m=10.0,
        stability="C",
        coefficients="briggs-urban",
    )
    assert grid.shape == x.shape
    point = plume_concentration_kg_m3(
        rate_kg_s=0.5,
        wind_speed_m_s=4.0,
        x_m=float(x[1, 3]),
        y_m=float(y[1, 3]),
        z_m=1.5,
        release_height_m=10.0,
        stability="C",
        coefficients="briggs-urban",
    )
    assert grid[1, 3] == pytest.approx(point)


def test_north_wind_carries_the_plume_south() -> None:
    downwind, crosswind = downwind_crosswind_m(
        source_east_m=100.0,
        source_north_m=100.0,
        receptor_east_m=np.array([100.0, 200.0, 100.0]),
        receptor_north_m=np.array([-900.0, 100.0, 600.0]),
        wind_from_deg=0.0,
    )
    np.testing.assert_allclose(downwind, [1000.0, 0.0, -500.0], atol=1e-9)
    np.testing.assert_allclose(crosswind, [0.0, 100.0, 0.0], atol=1e-9)


def test_west_wind_carries_the_plume_east() -> None:
    downwind, crosswind = downwind_crosswind_m(
        source_east_m=0.0,
        source_north_m=0.0,
        receptor_east_m=800.0,
        receptor_north_m=50.0,
        wind_from_deg=270.0,
    )
    assert float(downwind) == pytest.approx(800.0)
    assert float(crosswind) == pytest.approx(50.0)


def test_centreline_distance_is_where_the_concentration_meets_the_threshold() -> None:
    threshold = ppm_to_kg_m3(100.0, 34.08)  # H2S IDLH
    x = centreline_distance_to_concentration_m(
        threshold_kg_m3=threshold, rate_kg_s=2.0, wind_speed_m_s=2.0, stability="D"
    )
    assert x is not None and math.isfinite(x)
    at = plume_concentration_kg_m3(rate_kg_s=2.0, wind_speed_m_s=2.0, x_m=x, stability="D")
    assert at == pytest.approx(threshold, rel=1e-6)
    beyond = plume_concentration_kg_m3(
        rate_kg_s=2.0, wind_speed_m_s=2.0, x_m=1.01 * x, stability="D"
    )
    assert beyond < threshold


def test_centreline_distance_of_an_elevated_source_is_past_the_peak() -> None:
    threshold = 1.0e-8
    x = centreline_distance_to_concentration_m(
        threshold_kg_m3=threshold,
        rate_kg_s=0.37e-3,
        wind_speed_m_s=2.0,
        release_height_m=40.0,
        stability="B",
    )
    assert x is not None and x > 280.0
    assert d1_concentration_kg_m3(x) == pytest.approx(threshold, rel=1e-6)


def test_centreline_distance_is_none_when_never_reached_and_inf_beyond_range() -> None:
    never = centreline_distance_to_concentration_m(
        threshold_kg_m3=1e-3,
        rate_kg_s=1.0,
        wind_speed_m_s=2.0,
        stability="F",
        release_height_m=50.0,
    )
    assert never is None
    far = centreline_distance_to_concentration_m(
        threshold_kg_m3=1e-9, rate_kg_s=1.0, wind_speed_m_s=2.0, stability="F", x_max_m=1000.0
    )
    assert far == math.inf


def test_threat_zone_edge_is_at_the_threshold() -> None:
    threshold = ppm_to_kg_m3(30.0, 17.03)
    x = np.array([-10.0, 200.0, 800.0, 50_000.0])
    half = threat_zone_half_width_m(
        x_m=x, threshold_kg_m3=threshold, rate_kg_s=1.0, wind_speed_m_s=3.0, stability="D"
    )
    assert half[0] == 0.0 and half[-1] == 0.0
    for xi, yi in zip(x[1:3], half[1:3], strict=True):
        assert yi > 0
        edge = plume_concentration_kg_m3(
            rate_kg_s=1.0, wind_speed_m_s=3.0, x_m=float(xi), y_m=float(yi), stability="D"
        )
        assert edge == pytest.approx(threshold, rel=1e-9)


def test_one_ppm_of_h2s_is_1_39_mg_m3_at_25_c() -> None:
    assert ppm_to_kg_m3(1.0, 34.08) * 1e6 == pytest.approx(34.08 / 24.465, rel=1e-3)
    assert kg_m3_to_ppm(ppm_to_kg_m3(250.0, 70.9), 70.9) == pytest.approx(250.0)


def test_unknown_stability_class_is_refused() -> None:
    with pytest.raises(ValueError, match="A-F"):
        dispersion_coefficients_m(100.0, "G")  # type: ignore[arg-type]  # the point of the test


@settings(max_examples=200, deadline=None)
@given(
    stability=st.sampled_from(STABILITY_CLASSES),
    coefficients=st.sampled_from(COEFFICIENT_SETS),
    height_m=st.floats(0.0, 100.0),
    u=st.floats(0.2, 1.0),
    v=st.floats(0.0, 1.0),
)
def test_centreline_ground_concentration_falls_with_distance_beyond_its_peak(
    stability: StabilityClass, coefficients: CoefficientSet, height_m: float, u: float, v: float
) -> None:
    """Beyond the peak no receptor farther out is more exposed (1e-3: where PG fits join)."""

    def centreline(x_m: np.ndarray) -> np.ndarray:
        return plume_concentration_grid_kg_m3(
            rate_kg_s=1.0,
            wind_speed_m_s=3.0,
            x_m=x_m,
            y_m=0.0,
            release_height_m=height_m,
            stability=stability,
            coefficients=coefficients,
        )

    grid = np.geomspace(10.0, 10_000.0, 2000)
    past_peak = float(grid[min(int(np.argmax(centreline(grid))) + 1, grid.size - 1)])
    x1 = past_peak + (10_000.0 - past_peak) * v
    x2 = x1 + (10_000.0 - x1) * u
    c1, c2 = centreline(np.array([x1, x2]))
    assert c2 <= c1 * (1 + 1e-3)
