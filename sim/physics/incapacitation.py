"""Incapacitation: when the air makes an unprotected person collapse or stop breathing.

Levels per substance and for oxygen live in ``sim/data/incapacitation.yaml`` with their
sources (OSHA H2S fact sheet, NIOSH 80-106 and GB 8958 for oxygen; REFERENCE
"Incapacitation, clinical course and rescue"). A level holds when the concentration
is at or above it (oxygen: at or below) for ``within_s`` seconds in one stay; time at
a higher level counts towards the lower ones too, as a higher concentration is worse.

Worked example (H2S): a room rising linearly from 0 to 1000 ppm in 10 min passes
500 ppm at 5 min and 700 ppm at 7 min, so the 700-ppm knock-down (10 s) comes at
7 min 10 s, before the 500 ppm / 5 min collapse would (10 min).
"""

from __future__ import annotations

import functools
import importlib.resources
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import yaml

FloatArray = npt.NDArray[np.float64]
SECONDS = 60.0
_DATA_FILE = "incapacitation.yaml"


@dataclass(frozen=True, slots=True)
class Level:
    """Collapse after ``within_s`` seconds at or beyond ``threshold``."""

    key: str
    threshold: float
    within_s: float
    breathing_stops: bool
    below: bool = False
    """True for oxygen: the level holds at or *below* the threshold (% by volume)."""

    def holds(self, values: FloatArray) -> npt.NDArray[np.bool_]:
        if self.below:
            return values <= self.threshold * (1 + 1e-12)
        return values >= self.threshold * (1 - 1e-12)


@dataclass(frozen=True, slots=True)
class Incapacitation:
    """The published collapse levels of one substance, lowest first."""

    substance: str
    levels: tuple[Level, ...]
    source: str


@dataclass(frozen=True, slots=True)
class OxygenDeficiency:
    deficient_below_percent: float
    impaired_below_percent: float
    levels: tuple[Level, ...]
    source: str


@functools.cache
def _data() -> dict[str, Any]:
    text = (importlib.resources.files("sim") / "data" / _DATA_FILE).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"sim/data/{_DATA_FILE}: expected a mapping at the top level")
    return data


@functools.cache
def incapacitation(substance: str) -> Incapacitation | None:
    """Collapse levels of ``substance`` ("H2S", "CO", "Cl2", "NH3"); ``None`` if unpublished."""
    entry = _data()["substances"].get(substance)
    if entry is None:
        return None
    levels = tuple(
        Level(
            f"{substance}>={float(lv['ppm']):g}",
            float(lv["ppm"]),
            float(lv["within_s"]),
            bool(lv["breathing_stops"]),
        )
        for lv in entry["levels"]
    )
    return Incapacitation(
        substance, tuple(sorted(levels, key=lambda x: x.threshold)), entry["source"].strip()
    )


@functools.cache
def oxygen_deficiency() -> OxygenDeficiency:
    """GB 8958 / NIOSH 80-106 oxygen levels (% by volume)."""
    entry = _data()["oxygen"]
    levels = tuple(
        Level(
            f"O2<={float(lv['percent']):g}",
            float(lv["percent"]),
            float(lv["within_s"]),
            bool(lv["breathing_stops"]),
            below=True,
        )
        for lv in entry["levels"]
    )
    return OxygenDeficiency(
        float(entry["deficient_below_percent"]),
        float(entry["impaired_below_percent"]),
        tuple(sorted(levels, key=lambda x: -x.threshold)),
        entry["source"].strip(),
    )


def time_to_incapacitation_s(substance: str, concentration_ppm: float) -> float | None:
    """Seconds at a constant ``concentration_ppm`` until collapse; ``None`` below every level."""
    found = incapacitation(substance)
    if found is None:
        return None
    times = [lv.within_s for lv in found.levels if concentration_ppm >= lv.threshold]
    return min(times) if times else None


@dataclass(frozen=True, slots=True)
class Crossing:
    t_min: float
    level: Level


def first_crossings(
    times_min: FloatArray,
    values: FloatArray,
    levels: Sequence[Level],
    carried_min: dict[str, float],
) -> tuple[dict[str, Crossing], dict[str, FloatArray]]:
    """When each level's time at or beyond it first reaches ``within_s``, over a sampled history.

    ``carried_min`` is the time already spent at each level before ``times_min[0]`` in
    the same stay. Returns the crossings found and each level's running time (minutes)
    at every sample, so a caller can carry it on. Values are taken as linear between
    samples, so an interval where the level is crossed counts its part beyond it.
    """
    running: dict[str, FloatArray] = {}
    out: dict[str, Crossing] = {}
    if values.size == 0:
        for lv in levels:
            running[lv.key] = np.full(times_min.size, carried_min.get(lv.key, 0.0))
        return out, running
    highest, lowest = float(values.max()), float(values.min())
    dt: FloatArray | None = None
    for lv in levels:
        # a level the values never reach keeps its running time as carried
        if (lowest > lv.threshold) if lv.below else (highest < lv.threshold):
            running[lv.key] = np.full(times_min.size, carried_min.get(lv.key, 0.0))
            continue
        v = -values if lv.below else values
        thr = -lv.threshold if lv.below else lv.threshold
        if dt is None:
            dt = np.diff(times_min)
        v0, v1 = v[:-1], v[1:]
        in0, in1 = v0 >= thr, v1 >= thr
        # time inside each interval, the values taken as linear between samples
        with np.errstate(divide="ignore", invalid="ignore"):
            part = np.where(in0 == in1, 0.0, (np.maximum(v0, v1) - thr) / np.abs(v1 - v0))
        inside = dt * np.where(in0 & in1, 1.0, np.clip(np.nan_to_num(part), 0.0, 1.0))
        cum = carried_min.get(lv.key, 0.0) + np.concatenate(([0.0], np.cumsum(inside)))
        running[lv.key] = cum
        need = lv.within_s / SECONDS
        hit = np.nonzero(cum >= need - 1e-9)[0]
        if hit.size:
            i = int(hit[0])
            t = float(times_min[i])
            if i > 0:
                # inside time lies at the start of an interval left, at the end of one entered
                if in0[i - 1]:
                    t = float(times_min[i - 1]) + (need - float(cum[i - 1]))
                else:
                    t = float(times_min[i]) - (float(cum[i]) - need)
            out[lv.key] = Crossing(t, lv)
    return out, running
