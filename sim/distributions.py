"""Duration distributions of the file format, sampled from a caller's Generator.

All durations are in minutes. A distribution is written in YAML either as a bare
number (fixed) or as a mapping with ``kind``.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Literal

import numpy as np
from pydantic import Field, model_validator

from sim.base import FileModel
from sim.bounds import Minutes, PositiveMinutes, Shape


class Fixed(FileModel):
    kind: Literal["fixed"] = "fixed"
    minutes: Minutes = Field(description="Duration in minutes.")

    def sample(self, rng: np.random.Generator) -> float:
        return self.minutes

    @property
    def mean(self) -> float:
        return self.minutes


class Triangular(FileModel):
    kind: Literal["triangular"]
    low: Minutes = Field(description="Shortest duration, minutes.")
    mode: Minutes = Field(description="Most likely duration, minutes.")
    high: Minutes = Field(description="Longest duration, minutes.")

    @model_validator(mode="after")
    def _ordered(self) -> Triangular:
        if not self.low <= self.mode <= self.high:
            raise ValueError(
                f"expected low <= mode <= high, found {self.low}, {self.mode}, {self.high}"
            )
        return self

    def sample(self, rng: np.random.Generator) -> float:
        if self.low == self.high:
            return self.low
        return float(rng.triangular(self.low, self.mode, self.high))

    @property
    def mean(self) -> float:
        return (self.low + self.mode + self.high) / 3


class Pert(FileModel):
    """Beta-PERT: the three-point estimate planners give (optimistic, likely, pessimistic)."""

    kind: Literal["pert"]
    low: Minutes
    mode: Minutes
    high: Minutes
    shape: Shape = Field(default=4.0, description="Weight of the mode (4 is classic PERT).")

    @model_validator(mode="after")
    def _ordered(self) -> Pert:
        if not self.low <= self.mode <= self.high:
            raise ValueError(
                f"expected low <= mode <= high, found {self.low}, {self.mode}, {self.high}"
            )
        return self

    def sample(self, rng: np.random.Generator) -> float:
        span = self.high - self.low
        if span == 0:
            return self.low
        alpha = 1 + self.shape * (self.mode - self.low) / span
        beta = 1 + self.shape * (self.high - self.mode) / span
        return float(self.low + span * rng.beta(alpha, beta))

    @property
    def mean(self) -> float:
        return (self.low + self.shape * self.mode + self.high) / (self.shape + 2)


class Lognormal(FileModel):
    """Lognormal given by its median and the 90th percentile (how people estimate)."""

    kind: Literal["lognormal"]
    median: PositiveMinutes = Field(description="Median duration, minutes.")
    p90: PositiveMinutes = Field(description="90th percentile, minutes (must exceed the median).")

    @model_validator(mode="after")
    def _spread(self) -> Lognormal:
        if self.p90 <= self.median:
            raise ValueError(f"expected p90 > median, found p90={self.p90}, median={self.median}")
        return self

    @property
    def sigma(self) -> float:
        return math.log(self.p90 / self.median) / 1.2815515655446004

    def sample(self, rng: np.random.Generator) -> float:
        return float(self.median * math.exp(self.sigma * rng.standard_normal()))

    @property
    def mean(self) -> float:
        return self.median * math.exp(self.sigma**2 / 2)


class Exponential(FileModel):
    """Memoryless duration; used for queueing checks and random arrivals."""

    kind: Literal["exponential"]
    mean_minutes: PositiveMinutes

    def sample(self, rng: np.random.Generator) -> float:
        return float(rng.exponential(self.mean_minutes))

    @property
    def mean(self) -> float:
        return self.mean_minutes


Distribution = Annotated[
    Fixed | Triangular | Pert | Lognormal | Exponential, Field(discriminator="kind")
]


def as_distribution(value: object) -> object:
    """Let YAML say ``duration: 5`` for a fixed five minutes."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {"kind": "fixed", "minutes": value}
    if isinstance(value, str):
        match = _WITH_UNIT.match(value)
        if match:
            raise ValueError(
                f"write minutes as a bare number: {match.group(1)}, not '{value}' "
                "(durations are in minutes; the unit is not written)"
            )
    return value


_WITH_UNIT = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(?:分钟|分|min|mins|minutes?|m)\s*$")
