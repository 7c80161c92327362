"""Toxic exposure thresholds: AEGL, ERPG, IDLH and the H2S knock-down level.

The numbers live in ``sim/data/thresholds.yaml`` with their sources (US EPA AEGL
program, AIHA ERPG, NIOSH IDLH, OSHA H2S fact sheet); this module only reads them.

AEGLs are published for 10 min, 30 min, 1 h, 4 h and 8 h. For any other exposure
duration :func:`aegl_ppm` takes the value of the shortest tabulated duration at
or above it (beyond 8 h, the 8-h value). AEGLs fall as duration grows, so this
never gives a higher (less protective) level than interpolation would.
"""

from __future__ import annotations

import bisect
import functools
import importlib.resources
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

import yaml

AeglLevel = Literal[1, 2, 3]
ErpgLevel = Literal[1, 2, 3]

_DATA_FILE = "thresholds.yaml"


@dataclass(frozen=True, slots=True)
class SubstanceThresholds:
    """Published thresholds of one substance, ppm; ``None`` where none is published."""

    key: str
    name: str
    cas: str
    aegl_durations_min: tuple[float, ...]
    aegl_ppm: Mapping[int, tuple[float, ...] | None]
    """AEGL level (1, 2, 3) to the values at ``aegl_durations_min``."""
    erpg_ppm: tuple[float, float, float] | None
    idlh_ppm: float | None
    sources: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class H2SIncapacitation:
    """Concentrations at which H2S makes people collapse, and how fast."""

    collapse_ppm: float
    collapse_within_s: float
    knockdown_ppm: float
    knockdown_within_s: float
    source: str


def _read_data() -> dict[str, Any]:
    text = (importlib.resources.files("sim") / "data" / _DATA_FILE).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"sim/data/{_DATA_FILE}: expected a mapping at the top level")
    return data


def _floats(value: Any, field: str, length: int) -> tuple[float, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or len(value) != length:
        raise ValueError(
            f"sim/data/{_DATA_FILE}: {field}: expected a list of {length} numbers or null, "
            f"found {value!r}"
        )
    return tuple(float(v) for v in value)


@functools.cache
def _table() -> Mapping[str, SubstanceThresholds]:
    data = _read_data()
    durations = tuple(float(d) for d in data["aegl_durations_min"])
    sources = MappingProxyType({str(k): str(v) for k, v in data["sources"].items()})
    table: dict[str, SubstanceThresholds] = {}
    for key, entry in data["substances"].items():
        where = f"substances.{key}"
        aegl = MappingProxyType(
            {
                level: _floats(entry[f"aegl_{level}"], f"{where}.aegl_{level}", len(durations))
                for level in (1, 2, 3)
            }
        )
        erpg = _floats(entry["erpg"], f"{where}.erpg", 3)
        idlh = entry["idlh"]
        table[str(key)] = SubstanceThresholds(
            key=str(key),
            name=str(entry["name"]),
            cas=str(entry["cas"]),
            aegl_durations_min=durations,
            aegl_ppm=aegl,
            erpg_ppm=None if erpg is None else (erpg[0], erpg[1], erpg[2]),
            idlh_ppm=None if idlh is None else float(idlh),
            sources=sources,
        )
    return MappingProxyType(table)


def known_substances() -> tuple[str, ...]:
    """Keys of the substances with thresholds: ``("H2S", "Cl2", "NH3", "CO")``."""
    return tuple(_table())


@functools.lru_cache(maxsize=256)
def substance_thresholds(substance: str) -> SubstanceThresholds:
    """Thresholds by formula ("H2S"), name ("hydrogen sulfide") or CAS number, any case."""
    wanted = substance.strip().lower()
    for entry in _table().values():
        if wanted in (entry.key.lower(), entry.name.lower(), entry.cas):
            return entry
    raise KeyError(
        f"no thresholds for {substance!r}; expected one of {', '.join(known_substances())}"
    )


def aegl_ppm(substance: str, level: AeglLevel, exposure_min: float) -> float | None:
    """AEGL-``level`` (ppm) for an exposure of ``exposure_min`` minutes.

    Uses the shortest tabulated duration at or above the exposure (10 min for
    anything shorter, 8 h for anything longer). ``None`` where no AEGL is
    published (AEGL-1 of carbon monoxide, "not recommended").
    """
    if level not in (1, 2, 3):
        raise ValueError(f"AEGL level must be 1, 2 or 3, got {level!r}")
    if exposure_min < 0:
        raise ValueError(f"exposure must not be negative, got {exposure_min} min")
    entry = substance_thresholds(substance)
    values = entry.aegl_ppm[level]
    if values is None:
        return None
    durations = entry.aegl_durations_min
    i = min(bisect.bisect_left(durations, exposure_min), len(durations) - 1)
    return values[i]


def erpg_ppm(substance: str, level: ErpgLevel) -> float | None:
    """ERPG-``level`` (ppm), ``None`` where AIHA publishes none."""
    if level not in (1, 2, 3):
        raise ValueError(f"ERPG level must be 1, 2 or 3, got {level!r}")
    erpg = substance_thresholds(substance).erpg_ppm
    return None if erpg is None else erpg[level - 1]


def idlh_ppm(substance: str) -> float | None:
    """NIOSH IDLH (ppm)."""
    return substance_thresholds(substance).idlh_ppm


def harm_ppm(substance: str) -> float | None:
    """The lower of IDLH and AEGL-2 (1 h) (ppm): air at or above it still does harm, the
    level the end of a response is judged by (``scoring.termination``); None when
    neither is published."""
    limits = [x for x in (idlh_ppm(substance), aegl_ppm(substance, 2, 60.0)) if x is not None]
    return min(limits, default=None)


@functools.cache
def h2s_incapacitation() -> H2SIncapacitation:
    """OSHA's H2S collapse (500 ppm, within 5 min) and knock-down (700 ppm) levels."""
    entry = _read_data()["h2s_incapacitation"]
    return H2SIncapacitation(
        collapse_ppm=float(entry["collapse_ppm"]),
        collapse_within_s=float(entry["collapse_within_s"]),
        knockdown_ppm=float(entry["knockdown_ppm"]),
        knockdown_within_s=float(entry["knockdown_within_s"]),
        source=str(entry["source"]),
    )


def h2s_time_to_incapacitation_s(concentration_ppm: float) -> float | None:
    """Seconds of exposure after which H2S at ``concentration_ppm`` incapacitates.

    At or above the knock-down level: a couple of breaths; at or above the collapse
    level: 5 minutes; below it ``None`` (no incapacitation within minutes; use the
    probit for lethality over longer exposures).
    """
    levels = h2s_incapacitation()
    if concentration_ppm >= levels.knockdown_ppm:
        return levels.knockdown_within_s
    if concentration_ppm >= levels.collapse_ppm:
        return levels.collapse_within_s
    return None
