"""Where the Gaussian models stop being trustworthy: warnings in the spirit of ALOHA's.

Limits (NOAA, *ALOHA Technical Documentation*, 2013, and ALOHA's help):
wind at least 1 m/s at 10 m; no reported distances beyond 10 km; exposure and
release durations of at most 60 min. The Briggs fits are stated for 100 m to
10 km (Gifford 1976; Boubel et al. Tables 19-6 and 19-7).

Stability and wind must agree with Pasquill's table (Pasquill 1961; Turner 1970;
Boubel et al. Table 19-3), surface wind at 10 m in m/s:

    wind   day: strong  moderate  slight   night: >=4/8 cloud  <=3/8 cloud
    < 2         A       A-B       B               -              -
    2-3         A-B     B         C               E              F
    3-5         B       B-C       C               D              E
    5-6         C       C-D       D               D              D
    > 6         C       D         D               D              D

Read as bounds: A needs wind < 3, B < 5, C at least 2, E from 2 to below 5,
F below 3 (the table leaves calm nights blank; F is kept for them, as the US EPA
worst case of F at 1.5 m/s does), D is possible at any wind (overcast skies).
"""

from __future__ import annotations

import math

MIN_WIND_SPEED_M_S = 1.0
MAX_DISTANCE_M = 10_000.0
MIN_DISTANCE_M = 100.0
MAX_EXPOSURE_MIN = 60.0

# Stability class to the range of 10-m wind speeds (m/s) Pasquill's table allows: [low, high).
_WIND_RANGE_M_S: dict[str, tuple[float, float]] = {
    "A": (0.0, 3.0),
    "B": (0.0, 5.0),
    "C": (2.0, math.inf),
    "D": (0.0, math.inf),
    "E": (2.0, 5.0),
    "F": (0.0, 3.0),
}


def _number(value: float) -> bool:
    return isinstance(value, int | float) and not math.isnan(value)


def check_validity(
    *,
    wind_speed_m_s: float | None = None,
    stability: str | None = None,
    distance_m: float | None = None,
    exposure_min: float | None = None,
) -> list[str]:
    """Warnings (English sentences) for inputs outside the models' range; never raises.

    Pass only what is known; each argument left ``None`` is not checked.
    """
    warnings: list[str] = []
    wind_ok = False
    if wind_speed_m_s is not None:
        if not _number(wind_speed_m_s) or wind_speed_m_s < 0:
            warnings.append(f"Wind speed {wind_speed_m_s!r} m/s is not a valid speed.")
        else:
            wind_ok = True
            if wind_speed_m_s < MIN_WIND_SPEED_M_S:
                warnings.append(
                    f"Wind speed {wind_speed_m_s:g} m/s is below {MIN_WIND_SPEED_M_S:g} m/s at "
                    "10 m, ALOHA's minimum: in near-calm the plume meanders and the Gaussian "
                    "model is unreliable."
                )
    if stability is not None:
        cls = str(stability).strip().upper()
        if cls not in _WIND_RANGE_M_S:
            warnings.append(f"Stability class {stability!r} is not one of A, B, C, D, E, F.")
        elif wind_ok and wind_speed_m_s is not None:
            low, high = _WIND_RANGE_M_S[cls]
            if not low <= wind_speed_m_s < high:
                allowed = (
                    f"at least {low:g} m/s"
                    if math.isinf(high)
                    else (
                        f"below {high:g} m/s" if low == 0 else f"from {low:g} to below {high:g} m/s"
                    )
                )
                warnings.append(
                    f"Stability class {cls} with wind {wind_speed_m_s:g} m/s does not occur in "
                    f"Pasquill's table; class {cls} needs a 10-m wind {allowed}."
                )
    if distance_m is not None:
        if not _number(distance_m) or distance_m < 0:
            warnings.append(f"Distance {distance_m!r} m is not a valid distance.")
        elif distance_m > MAX_DISTANCE_M:
            warnings.append(
                f"Distance {distance_m:g} m is beyond {MAX_DISTANCE_M / 1000:g} km; ALOHA does "
                "not report it, since wind and terrain change over such distances."
            )
        elif distance_m < MIN_DISTANCE_M:
            warnings.append(
                f"Distance {distance_m:g} m is within {MIN_DISTANCE_M:g} m of the source, where "
                "the dispersion fits were not measured and the source's own size and jet matter."
            )
    if exposure_min is not None:
        if not _number(exposure_min) or exposure_min < 0:
            warnings.append(f"Exposure {exposure_min!r} min is not a valid duration.")
        elif exposure_min > MAX_EXPOSURE_MIN:
            warnings.append(
                f"Exposure {exposure_min:g} min is longer than {MAX_EXPOSURE_MIN:g} min, ALOHA's "
                "limit: weather is unlikely to stay constant that long."
            )
    return warnings
