"""Gaussian plume from a continuous point source, with ground reflection (REFERENCE D1, D4).

    C(x, y, z) = Q / (2 pi u sy sz) exp(-y**2 / (2 sy**2))
                 [exp(-(z - H)**2 / (2 sz**2)) + exp(-(z + H)**2 / (2 sz**2))]

(Turner, *Workbook of Atmospheric Dispersion Estimates*, 1970, eq. 3.1; Boubel et
al., *Fundamentals of Air Pollution*, 3rd ed., 1994, eq. 19-2). Q in kg/s, u in
m/s, C in kg/m3; x downwind, y crosswind, z above ground, H the release height.

Dispersion-coefficient sets:

- ``"pasquill-gifford"``: Turner's fits to the Pasquill-Gifford curves, as used in
  PTDIS/PTMTP and ISC3 (US EPA, ISC3 User's Guide vol. II, 1995, eqs. 1-32 to 1-34
  and Table 1-2; reproduced in Boubel et al. Tables 19-4 and 19-5), x in km:
  sy = 465.11628 x tan(0.017453293 (c - d ln x)), sz = a x**b by distance range,
  capped at 5000 m.
- ``"briggs-rural"`` and ``"briggs-urban"``: Briggs (1973) as tabulated by Gifford
  (1976) and in Boubel et al. Tables 19-6 and 19-7, x in m, meant for 100 m to 10 km.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Literal, get_args

import numpy as np
import numpy.typing as npt

from sim.physics.source import ATM_PA, R_J_MOL_K, STANDARD_TEMPERATURE_K

FloatArray = npt.NDArray[np.float64]
StabilityClass = Literal["A", "B", "C", "D", "E", "F"]
CoefficientSet = Literal["pasquill-gifford", "briggs-rural", "briggs-urban"]

STABILITY_CLASSES: tuple[StabilityClass, ...] = get_args(StabilityClass)
COEFFICIENT_SETS: tuple[CoefficientSet, ...] = get_args(CoefficientSet)

SIGMA_Z_MAX_M = 5000.0
"""ISC3's ceiling on the Pasquill-Gifford sigma_z."""

# Pasquill-Gifford sigma_y: (c, d) of the half-angle c - d ln x, degrees, x in km.
_PG_SIGMA_Y: Mapping[str, tuple[float, float]] = MappingProxyType(
    {
        "A": (24.1670, 2.5334),
        "B": (18.3330, 1.8096),
        "C": (12.5000, 1.0857),
        "D": (8.3330, 0.72382),
        "E": (6.2500, 0.54287),
        "F": (4.1667, 0.36191),
    }
)

# Pasquill-Gifford sigma_z = a x**b: (upper bound of x in km, a, b), in order.
_PG_SIGMA_Z: Mapping[str, tuple[tuple[float, float, float], ...]] = MappingProxyType(
    {
        "A": (
            (0.10, 122.800, 0.94470),
            (0.15, 158.080, 1.05420),
            (0.20, 170.220, 1.09320),
            (0.25, 179.520, 1.12620),
            (0.30, 217.410, 1.26440),
            (0.40, 258.890, 1.40940),
            (0.50, 346.750, 1.72830),
            (3.11, 453.850, 2.11660),
            (math.inf, 5000.0, 0.0),
        ),
        "B": (
            (0.20, 90.673, 0.93198),
            (0.40, 98.483, 0.98332),
            (math.inf, 109.300, 1.09710),
        ),
        "C": ((math.inf, 61.141, 0.91465),),
        "D": (
            (0.30, 34.459, 0.86974),
            (1.00, 32.093, 0.81066),
            (3.00, 32.093, 0.64403),
            (10.00, 33.504, 0.60486),
            (30.00, 36.650, 0.56589),
            (math.inf, 44.053, 0.51179),
        ),
        "E": (
            (0.10, 24.260, 0.83660),
            (0.30, 23.331, 0.81956),
            (1.00, 21.628, 0.75660),
            (2.00, 21.628, 0.63077),
            (4.00, 22.534, 0.57154),
            (10.00, 24.703, 0.50527),
            (20.00, 26.970, 0.46713),
            (40.00, 35.420, 0.37615),
            (math.inf, 47.618, 0.29592),
        ),
        "F": (
            (0.20, 15.209, 0.81558),
            (0.70, 14.457, 0.78407),
            (1.00, 13.953, 0.68465),
            (2.00, 13.953, 0.63227),
            (3.00, 14.823, 0.54503),
            (7.00, 16.187, 0.46490),
            (15.00, 17.836, 0.41507),
            (30.00, 22.651, 0.32681),
            (60.00, 27.074, 0.27436),
            (math.inf, 34.219, 0.21716),
        ),
    }
)

_BriggsTerm = Callable[[FloatArray], FloatArray]


def _decay(a: float, b: float) -> _BriggsTerm:
    return lambda x: a * x / np.sqrt(1.0 + b * x)


def _lin(a: float) -> _BriggsTerm:
    return lambda x: a * x


def _inv(a: float, b: float) -> _BriggsTerm:
    return lambda x: a * x / (1.0 + b * x)


def _grow(a: float, b: float) -> _BriggsTerm:
    return lambda x: a * x * np.sqrt(1.0 + b * x)


# Briggs (1973): (sigma_y(x), sigma_z(x)) with x in m.
_BRIGGS_RURAL: Mapping[str, tuple[_BriggsTerm, _BriggsTerm]] = MappingProxyType(
    {
        "A": (_decay(0.22, 1e-4), _lin(0.20)),
        "B": (_decay(0.16, 1e-4), _lin(0.12)),
        "C": (_decay(0.11, 1e-4), _decay(0.08, 2e-4)),
        "D": (_decay(0.08, 1e-4), _decay(0.06, 1.5e-3)),
        "E": (_decay(0.06, 1e-4), _inv(0.03, 3e-4)),
        "F": (_decay(0.04, 1e-4), _inv(0.016, 3e-4)),
    }
)
_BRIGGS_URBAN: Mapping[str, tuple[_BriggsTerm, _BriggsTerm]] = MappingProxyType(
    {
        "A": (_decay(0.32, 4e-4), _grow(0.24, 1e-3)),
        "B": (_decay(0.32, 4e-4), _grow(0.24, 1e-3)),
        "C": (_decay(0.22, 4e-4), _lin(0.20)),
        "D": (_decay(0.16, 4e-4), _decay(0.14, 3e-4)),
        "E": (_decay(0.11, 4e-4), _decay(0.08, 1.5e-3)),
        "F": (_decay(0.11, 4e-4), _decay(0.08, 1.5e-3)),
    }
)


def _check(stability: str, coefficients: str) -> None:
    if stability not in STABILITY_CLASSES:
        raise ValueError(f"stability class must be one of A-F, got {stability!r}")
    if coefficients not in COEFFICIENT_SETS:
        raise ValueError(
            f"dispersion coefficients must be one of {', '.join(COEFFICIENT_SETS)}, "
            f"got {coefficients!r}"
        )


def dispersion_coefficients_m(
    x_m: npt.ArrayLike,
    stability: StabilityClass,
    coefficients: CoefficientSet = "pasquill-gifford",
) -> tuple[FloatArray, FloatArray]:
    """(sigma_y, sigma_z) in m at downwind distances ``x_m`` > 0 (NaN where x <= 0)."""
    _check(stability, coefficients)
    x = np.asarray(x_m, dtype=np.float64)
    positive = x > 0
    xs = np.where(positive, x, 1.0)
    if coefficients == "pasquill-gifford":
        x_km = xs / 1000.0
        c, d = _PG_SIGMA_Y[stability]
        with np.errstate(invalid="ignore", divide="ignore"):  # NaN within nanometres of the source
            sigma_y = 465.11628 * x_km * np.tan(0.017453293 * (c - d * np.log(x_km)))
        bands = _PG_SIGMA_Z[stability]
        uppers = np.array([band[0] for band in bands])
        a = np.array([band[1] for band in bands])
        b = np.array([band[2] for band in bands])
        i = np.searchsorted(uppers, x_km, side="left")
        sigma_z = np.minimum(a[i] * x_km ** b[i], SIGMA_Z_MAX_M)
    else:
        table = _BRIGGS_RURAL if coefficients == "briggs-rural" else _BRIGGS_URBAN
        fy, fz = table[stability]
        sigma_y, sigma_z = fy(xs), fz(xs)
    nan = np.float64(np.nan)
    return (
        np.asarray(np.where(positive, sigma_y, nan), dtype=np.float64),
        np.asarray(np.where(positive, sigma_z, nan), dtype=np.float64),
    )


def plume_concentration_grid_kg_m3(
    *,
    rate_kg_s: float,
    wind_speed_m_s: float,
    x_m: npt.ArrayLike,
    y_m: npt.ArrayLike,
    z_m: npt.ArrayLike = 0.0,
    release_height_m: float = 0.0,
    stability: StabilityClass,
    coefficients: CoefficientSet = "pasquill-gifford",
) -> FloatArray:
    """Concentration (kg/m3) on a grid: ``x_m``, ``y_m``, ``z_m`` broadcast together.

    Zero upwind and at the source (x <= 0). ``y_m`` is the crosswind offset from the
    plume axis, ``z_m`` the receptor height above ground.
    """
    if wind_speed_m_s <= 0:
        raise ValueError(f"wind speed must be positive, got {wind_speed_m_s} m/s")
    if rate_kg_s < 0:
        raise ValueError(f"release rate must not be negative, got {rate_kg_s} kg/s")
    x, y, z = np.broadcast_arrays(
        np.asarray(x_m, dtype=np.float64),
        np.asarray(y_m, dtype=np.float64),
        np.asarray(z_m, dtype=np.float64),
    )
    sy, sz = dispersion_coefficients_m(x, stability, coefficients)
    downwind = x > 0
    sy = np.where(downwind, sy, 1.0)
    sz = np.where(downwind, sz, 1.0)
    h = release_height_m
    # a receptor so close to the source that the sigmas underflow reads infinity: the
    # point-source limit, which callers cap with a near-field model
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        lateral = np.exp(-(y**2) / (2.0 * sy**2))
        vertical = np.exp(-((z - h) ** 2) / (2.0 * sz**2)) + np.exp(-((z + h) ** 2) / (2.0 * sz**2))
        conc = rate_kg_s / (2.0 * math.pi * wind_speed_m_s * sy * sz) * lateral * vertical
    conc = np.where(np.isnan(conc), math.inf, conc)
    return np.asarray(np.where(downwind, conc, 0.0), dtype=np.float64)


def plume_concentration_kg_m3(
    *,
    rate_kg_s: float,
    wind_speed_m_s: float,
    x_m: float,
    y_m: float = 0.0,
    z_m: float = 0.0,
    release_height_m: float = 0.0,
    stability: StabilityClass,
    coefficients: CoefficientSet = "pasquill-gifford",
) -> float:
    """Concentration (kg/m3) at one receptor; see :func:`plume_concentration_grid_kg_m3`."""
    return float(
        plume_concentration_grid_kg_m3(
            rate_kg_s=rate_kg_s,
            wind_speed_m_s=wind_speed_m_s,
            x_m=x_m,
            y_m=y_m,
            z_m=z_m,
            release_height_m=release_height_m,
            stability=stability,
            coefficients=coefficients,
        )
    )


def downwind_crosswind_m(
    *,
    source_east_m: float,
    source_north_m: float,
    receptor_east_m: npt.ArrayLike,
    receptor_north_m: npt.ArrayLike,
    wind_from_deg: float,
) -> tuple[FloatArray, FloatArray]:
    """Site coordinates (east, north, m) to plume coordinates (downwind, crosswind, m).

    ``wind_from_deg`` is the meteorological direction the wind blows from, degrees
    clockwise from north (a north wind, 0, carries the plume south). Crosswind is
    positive to the left of an observer facing downwind.
    """
    theta = math.radians(wind_from_deg)
    de = np.asarray(receptor_east_m, dtype=np.float64) - source_east_m
    dn = np.asarray(receptor_north_m, dtype=np.float64) - source_north_m
    downwind = -de * math.sin(theta) - dn * math.cos(theta)
    crosswind = de * math.cos(theta) - dn * math.sin(theta)
    return np.asarray(downwind, dtype=np.float64), np.asarray(crosswind, dtype=np.float64)


def centreline_distance_to_concentration_m(
    *,
    threshold_kg_m3: float,
    rate_kg_s: float,
    wind_speed_m_s: float,
    stability: StabilityClass,
    release_height_m: float = 0.0,
    receptor_height_m: float = 0.0,
    coefficients: CoefficientSet = "pasquill-gifford",
    x_min_m: float = 1.0,
    x_max_m: float = 100_000.0,
) -> float | None:
    """Farthest downwind distance (m) on the plume axis where C >= ``threshold_kg_m3``.

    Scans a logarithmic grid from ``x_min_m`` to ``x_max_m`` for the last point at
    or above the threshold and refines the crossing after it by bisection. Returns
    ``None`` if the threshold is never reached and ``math.inf`` if it is still
    exceeded at ``x_max_m``.
    """
    if threshold_kg_m3 <= 0:
        raise ValueError(f"threshold must be positive, got {threshold_kg_m3} kg/m3")

    def axis(x: FloatArray) -> FloatArray:
        return plume_concentration_grid_kg_m3(
            rate_kg_s=rate_kg_s,
            wind_speed_m_s=wind_speed_m_s,
            x_m=x,
            y_m=0.0,
            z_m=receptor_height_m,
            release_height_m=release_height_m,
            stability=stability,
            coefficients=coefficients,
        )

    grid = np.geomspace(x_min_m, x_max_m, 4000)
    above = np.nonzero(axis(grid) >= threshold_kg_m3)[0]
    if above.size == 0:
        return None
    last = int(above[-1])
    if last == grid.size - 1:
        return math.inf
    lo, hi = float(grid[last]), float(grid[last + 1])
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        if float(axis(np.asarray(mid))) >= threshold_kg_m3:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-9 * hi:
            break
    return 0.5 * (lo + hi)


def threat_zone_half_width_m(
    *,
    x_m: npt.ArrayLike,
    threshold_kg_m3: float,
    rate_kg_s: float,
    wind_speed_m_s: float,
    stability: StabilityClass,
    release_height_m: float = 0.0,
    receptor_height_m: float = 0.0,
    coefficients: CoefficientSet = "pasquill-gifford",
) -> FloatArray:
    """Crosswind half-width (m) of the zone where C >= threshold, at each ``x_m``.

    Closed form from the Gaussian lateral profile: y = sy sqrt(2 ln(C(x, 0) / C*)),
    zero where the axis concentration is below the threshold.
    """
    if threshold_kg_m3 <= 0:
        raise ValueError(f"threshold must be positive, got {threshold_kg_m3} kg/m3")
    x = np.asarray(x_m, dtype=np.float64)
    axis = plume_concentration_grid_kg_m3(
        rate_kg_s=rate_kg_s,
        wind_speed_m_s=wind_speed_m_s,
        x_m=x,
        y_m=0.0,
        z_m=receptor_height_m,
        release_height_m=release_height_m,
        stability=stability,
        coefficients=coefficients,
    )
    sy, _ = dispersion_coefficients_m(np.where(x > 0, x, 1.0), stability, coefficients)
    ratio = np.where(axis > threshold_kg_m3, axis / threshold_kg_m3, 1.0)
    return np.asarray(sy * np.sqrt(2.0 * np.log(ratio)), dtype=np.float64)


def kg_m3_to_ppm(
    concentration_kg_m3: float,
    molecular_weight_g_mol: float,
    temperature_k: float = STANDARD_TEMPERATURE_K,
    pressure_pa_abs: float = ATM_PA,
) -> float:
    """Mass concentration to ppm by volume: C R T / (M P) 1e6 (25 C, 1 atm by default)."""
    molar_mass = molecular_weight_g_mol / 1000.0
    return concentration_kg_m3 * R_J_MOL_K * temperature_k / (molar_mass * pressure_pa_abs) * 1e6


def ppm_to_kg_m3(
    concentration_ppm: float,
    molecular_weight_g_mol: float,
    temperature_k: float = STANDARD_TEMPERATURE_K,
    pressure_pa_abs: float = ATM_PA,
) -> float:
    """ppm by volume to kg/m3; 1 ppm H2S is 1.39 mg/m3 at 25 C and 1 atm."""
    molar_mass = molecular_weight_g_mol / 1000.0
    return concentration_ppm * 1e-6 * molar_mass * pressure_pa_abs / (R_J_MOL_K * temperature_k)
