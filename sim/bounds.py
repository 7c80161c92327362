"""Bounds from the domain on every number of the file formats.

Each type below is a number with the range a real site, plant or drill can
have. The bounds appear in the JSON Schema (``minimum``/``maximum``), so an
editor shows them, and in the error message when a file breaks one. Numbers
are strict: ``"5"`` or ``true`` where a number is meant is an error, never
read as 5 or 1, and ``.inf``/``.nan`` are refused everywhere.

Use them in a model as ``size: TeamSize = Field(description=...)``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, Strict

MAX_MINUTES = 10080.0
"""One week: the longest drill horizon, and so the longest duration or delay."""

EARLIEST = dt.datetime(1970, 1, 1)
LATEST = dt.datetime(2100, 12, 31, 23, 59)
"""A drill or accident date; keeps ``start + horizon`` far from the calendar's end."""


def _number(
    *,
    ge: float | None = None,
    gt: float | None = None,
    le: float | None = None,
    lt: float | None = None,
) -> Any:
    return Field(allow_inf_nan=False, ge=ge, gt=gt, le=le, lt=lt)


Minutes = Annotated[float, Strict(), _number(ge=0, le=MAX_MINUTES)]
"""A time or a duration in minutes: 0 to one week."""

PositiveMinutes = Annotated[float, Strict(), _number(gt=0, le=MAX_MINUTES)]
"""A duration that cannot be zero (a travel time, a time limit), up to one week."""

MinutesShift = Annotated[float, Strict(), _number(ge=-MAX_MINUTES, le=MAX_MINUTES)]
"""A change of a time in minutes, earlier (negative) or later: at most a week either way."""

TeamSize = Annotated[int, Strict(), Field(ge=1, le=1000)]
"""People on duty in one team; a large plant's whole brigade stays under 1,000."""

Crew = Annotated[int, Strict(), Field(ge=1, le=1000)]
"""People one step needs."""

PeopleCount = Annotated[int, Strict(), Field(ge=1, le=100_000)]
"""People one entry stands for (a village downwind, a shift of workers)."""

Quantity = Annotated[int, Strict(), Field(ge=0, le=10_000)]
"""Units of one resource held at one place."""

NeedQuantity = Annotated[int, Strict(), Field(ge=1, le=10_000)]
"""Units of a resource one step takes."""

Rank = Annotated[int, Strict(), Field(ge=1, le=100)]
"""Rank of a response level (China's plans use 4: I to IV)."""

Coordinate = Annotated[float, Strict(), _number(ge=-5_000_000, le=5_000_000)]
"""Metres from the site origin: China spans about 5,200 km east to west."""

Height = Annotated[float, Strict(), _number(ge=0, le=1000)]
"""Metres above ground of a release or an exhaust (the tallest stacks are under 400 m)."""

Probability = Annotated[float, Strict(), _number(ge=0, le=1)]

Factor = Annotated[float, Strict(), _number(gt=0, le=10)]
"""A multiplier on a typical value (travel-time spread)."""

Shape = Annotated[float, Strict(), _number(gt=0, le=100)]
"""Weight of the mode of a PERT distribution."""

AirMinutes = Annotated[float, Strict(), _number(gt=0, le=600)]
"""Rated air duration of breathing apparatus, minutes (closed-circuit sets reach 4 h)."""

RoomVolume = Annotated[float, Strict(), _number(gt=0, le=10_000_000)]
"""Free air volume of an enclosed room, m3 (a large warehouse is about 1e5 m3)."""

AirChanges = Annotated[float, Strict(), _number(ge=0, le=1000)]
"""Air changes per hour of mechanical ventilation (emergency exhaust is 12/h, GB 50019)."""

Infiltration = Annotated[float, Strict(), _number(gt=0, le=100)]
"""Air changes per hour with doors and windows shut."""

WindSpeed = Annotated[float, Strict(), _number(gt=0, le=60)]
"""m/s at 10 m; 60 m/s is beyond a force-17 typhoon."""

Degrees = Annotated[float, Strict(), _number(ge=0, lt=360)]

LeakRate = Annotated[float, Strict(), _number(ge=0, le=100_000)]
"""Litres of pure gas per second into a room (0: only the gas there at T+0)."""

HoleDiameter = Annotated[float, Strict(), _number(ge=0.1, le=2000)]
"""Equivalent hole diameter, mm: a pinhole to a full-bore break of the largest pipe."""

PipeDiameter = Annotated[float, Strict(), _number(ge=10, le=2000)]
"""Pipe outside diameter, mm (the largest gas transmission lines in China are 1,422 mm)."""

PressureBar = Annotated[float, Strict(), _number(gt=0, le=1000)]
"""Gauge pressure of a vessel or pipe, bar (hydrogen storage reaches 700 bar)."""

PressureMPa = Annotated[float, Strict(), _number(gt=0, le=100)]
"""Gauge pressure of a pipeline, MPa (GB 50251 transmission lines run up to 12 MPa)."""

SegmentLength = Annotated[float, Strict(), _number(gt=0, le=1000)]
"""Km of pipe between block valves (GB 50251 spaces them 8 to 32 km)."""

Ppm = Annotated[float, Strict(), _number(gt=0, le=1_000_000)]
"""Concentration in ppm by volume (1,000,000 is the pure gas)."""

OxygenPercent = Annotated[float, Strict(), _number(gt=0, lt=20.9)]
"""Oxygen, % by volume, below normal air (20.9 %)."""

Fraction = Annotated[float, Strict(), _number(gt=0, lt=1)]
"""A share strictly between 0 and 1."""

MassRate = Annotated[float, Strict(), _number(ge=0, le=100_000)]
"""kg/s fed into a break."""

Weight = Annotated[float, Strict(), _number(ge=0, le=100)]
"""Weight of a KPI, consequence or objective in a weighted mean; 0: shown, not rated.
Weights only count against each other, and 100 to 1 already leaves the light one no say."""

Score = Annotated[float, Strict(), _number(ge=0, le=100)]
"""A score on the scorecard's 0-100 scale."""

Ratio = Annotated[float, Strict(), _number(ge=0, le=100)]
"""Measured time over target time on the score curve; 100 times the target is long past 0."""

Amount = Annotated[float, Strict(), _number(ge=0, le=1e9)]
"""Deaths, people or person-minutes of a consequence: 100,000 people for a week is 1e9."""

Seconds = Annotated[float, Strict(), _number(ge=0, le=3600)]
"""A lateness allowance in seconds, up to an hour."""

Repeats = Annotated[int, Strict(), Field(ge=2, le=100)]
"""Drills in a row a finding recurs in before it is raised."""


def _clock_time(value: object) -> object:
    if isinstance(value, int | float):
        raise ValueError(
            f'expected a time of day in quotes, e.g. write "08:00", found the number {value!r}'
        )
    return value


def _naive_time(value: dt.time) -> dt.time:
    if value.tzinfo is not None:
        raise ValueError('expected a local time of day without a time zone, e.g. "08:00"')
    return value


ClockTime = Annotated[dt.time, BeforeValidator(_clock_time), AfterValidator(_naive_time)]
"""A local time of day written "08:00"; a bare number (800, 8) is an error."""


def _date_time(value: object) -> object:
    if isinstance(value, int | float):
        raise ValueError(
            f"expected a date and local time, e.g. 2026-03-14T08:00:00, found the number {value!r}"
        )
    return value


def _in_range(value: dt.datetime) -> dt.datetime:
    naive = value.replace(tzinfo=None)
    if not EARLIEST <= naive <= LATEST:
        raise ValueError(
            f"expected a date between {EARLIEST:%Y-%m-%d} and {LATEST:%Y-%m-%d}, "
            f"found {value:%Y-%m-%d}"
        )
    return value


DateTime = Annotated[
    dt.datetime,
    BeforeValidator(_date_time),
    AfterValidator(_in_range),
    Field(json_schema_extra={"formatMinimum": "1970-01-01", "formatMaximum": "2100-12-31"}),
]
"""Date and local time between 1970 and 2100."""

__all__ = [
    "EARLIEST",
    "LATEST",
    "MAX_MINUTES",
    "AirChanges",
    "AirMinutes",
    "Amount",
    "ClockTime",
    "Coordinate",
    "Crew",
    "DateTime",
    "Degrees",
    "Factor",
    "Fraction",
    "Height",
    "HoleDiameter",
    "Infiltration",
    "LeakRate",
    "MassRate",
    "Minutes",
    "NeedQuantity",
    "OxygenPercent",
    "PeopleCount",
    "PipeDiameter",
    "PositiveMinutes",
    "Ppm",
    "PressureBar",
    "PressureMPa",
    "Probability",
    "Quantity",
    "Rank",
    "Ratio",
    "Repeats",
    "RoomVolume",
    "Score",
    "Seconds",
    "SegmentLength",
    "Shape",
    "TeamSize",
    "Weight",
    "WindSpeed",
]
