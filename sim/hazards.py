"""The hazard field: the one interface through which the engine asks about hazards.

It holds each release's state as piecewise-constant segments (a leak starts, a
step stops it, a fan is started) and answers closed-form questions: the
concentration at a location and time, the time a threshold will be reached, and
whether a hazard zone covers a location. Nothing is polled.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from sim.physics.pipeline import potential_impact_radius_m
from sim.physics.room import (
    RoomState,
    room_concentration,
    room_time_to_fall_below,
    room_time_to_reach,
)
from sim.physics.thresholds import h2s_incapacitation, idlh_ppm
from sim.scenario import Location, PipelineRupture, RoomLeak, Scenario, Weather

SECONDS = 60.0
MM_PER_IN = 25.4
PSI_PER_MPA = 145.0377377


@dataclass
class _Room:
    leak: RoomLeak
    location: Location
    segment: RoomState
    leak_m3_s: float
    stopped_at: float | None = None
    history: list[RoomState] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.history.append(self.segment)

    def set(
        self, t_min: float, *, leak_m3_s: float | None = None, ach: float | None = None
    ) -> None:
        seg = self.segment.at(t_min * SECONDS)
        self.segment = RoomState(
            seg.volume_m3,
            seg.air_changes_per_h if ach is None else ach,
            seg.leak_m3_s if leak_m3_s is None else leak_m3_s,
            seg.t0_s,
            seg.c0_ppm,
        )
        if self.history and self.history[-1].t0_s == self.segment.t0_s:
            self.history[-1] = self.segment
        else:
            self.history.append(self.segment)

    def series(self, times_s: np.ndarray) -> np.ndarray:
        """Concentration (ppm) at many past or present times, from the recorded segments."""
        out = np.zeros_like(times_s, dtype=float)
        starts = np.array([seg.t0_s for seg in self.history])
        which = np.searchsorted(starts, times_s, side="right") - 1
        for i, seg in enumerate(self.history):
            mask = which == i
            if not mask.any():
                continue
            k = seg.rate_per_s
            css = seg.steady_state_ppm
            dt = times_s[mask] - seg.t0_s
            out[mask] = css + (seg.c0_ppm - css) * np.exp(-k * dt) if k > 0 else seg.c0_ppm
        return out


@dataclass
class _Pipeline:
    rupture: PipelineRupture
    x_m: float
    y_m: float
    radius_m: float
    stopped_at: float | None = None


@dataclass
class HazardField:
    scenario: Scenario
    weather: Weather
    rooms: dict[str, _Room] = field(default_factory=dict)
    pipelines: dict[str, _Pipeline] = field(default_factory=dict)

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> HazardField:
        hf = cls(scenario, scenario.weather)
        for h in scenario.hazards:
            loc = scenario.location(h.location)
            if isinstance(h, RoomLeak):
                assert loc.room is not None
                leak = h.leak_l_s / 1000.0
                # before the leak starts the room is clean; the leak switches on at its start
                seg = RoomState(
                    loc.room.volume_m3,
                    loc.room.air_changes_per_h,
                    leak if h.starts_at_min == 0 else 0.0,
                )
                hf.rooms[h.location] = _Room(h, loc, seg, leak)
            else:
                assert loc.x_m is not None and loc.y_m is not None
                radius = potential_impact_radius_m(
                    h.diameter_mm / MM_PER_IN, h.pressure_mpa * PSI_PER_MPA
                )
                hf.pipelines[h.id] = _Pipeline(h, loc.x_m, loc.y_m, radius)
        return hf

    # --- questions -------------------------------------------------------------
    def substance_at(self, location: str) -> str | None:
        room = self.rooms.get(location)
        return room.leak.substance if room else None

    def concentration_ppm(self, location: str, t_min: float) -> float:
        room = self.rooms.get(location)
        if room is None:
            return 0.0
        return room_concentration(room.segment, t_min * SECONDS)

    def time_reaching(self, location: str, ppm: float, t_min: float) -> float | None:
        """Earliest time >= now (minutes) the concentration reaches ``ppm``, if it will."""
        room = self.rooms.get(location)
        if room is None:
            return None
        start = room.leak.starts_at_min
        if t_min < start and room.stopped_at is None:
            # the leak has not begun: answer for the segment that starts then
            seg = RoomState(
                room.segment.volume_m3,
                room.segment.air_changes_per_h,
                room.leak_m3_s,
                start * SECONDS,
                0.0,
            )
        else:
            seg = room.segment.at(t_min * SECONDS)
        reached = room_time_to_reach(seg, ppm)
        return None if reached is None else reached / SECONDS

    def concentration_series(self, location: str, times_min: np.ndarray) -> np.ndarray:
        room = self.rooms.get(location)
        if room is None:
            return np.zeros_like(times_min, dtype=float)
        return room.series(times_min * SECONDS)

    def time_falling_below(self, location: str, ppm: float, t_min: float) -> float | None:
        """Earliest time >= now (minutes) the concentration is at or below ``ppm``."""
        room = self.rooms.get(location)
        if room is None:
            return t_min
        if t_min < room.leak.starts_at_min and room.stopped_at is None:
            return t_min
        fall = room_time_to_fall_below(room.segment.at(t_min * SECONDS), ppm)
        return None if fall is None else fall / SECONDS

    def in_zone(self, hazard: str, location: str, t_min: float) -> bool:
        pipe = self.pipelines.get(hazard)
        if pipe is not None:
            if t_min < pipe.rupture.starts_at_min or pipe.stopped_at is not None:
                return False
            if not pipe.rupture.ignited:
                return False
            return self.distance_m(pipe, location) <= pipe.radius_m
        room = self.rooms.get(location)
        return (
            room is not None
            and room.leak.id == hazard
            and self.concentration_ppm(location, t_min) > 0
        )

    def zone_start(self, hazard: str) -> float | None:
        pipe = self.pipelines.get(hazard)
        return pipe.rupture.starts_at_min if pipe is not None else None

    def distance_m(self, pipe: _Pipeline, location: str) -> float:
        loc = self.scenario.location(location)
        if loc.x_m is None or loc.y_m is None:
            return math.inf
        return math.hypot(loc.x_m - pipe.x_m, loc.y_m - pipe.y_m)

    def hot_zone(self, location: str, t_min: float) -> bool:
        """Whether ``location`` is a hot zone now: at or above IDLH, or inside a fire zone."""
        substance = self.substance_at(location)
        if substance is not None:
            idlh = idlh_ppm(substance)
            if idlh is not None and self.concentration_ppm(location, t_min) >= idlh:
                return True
        return any(self.in_zone(h, location, t_min) for h in self.pipelines)

    def release_active(self, hazard: str, t_min: float) -> bool:
        for room in self.rooms.values():
            if room.leak.id == hazard:
                return room.stopped_at is None and t_min >= room.leak.starts_at_min
        pipe = self.pipelines[hazard]
        return pipe.stopped_at is None and t_min >= pipe.rupture.starts_at_min

    def radius_m(self, hazard: str) -> float | None:
        pipe = self.pipelines.get(hazard)
        return pipe.radius_m if pipe else None

    # --- changes ---------------------------------------------------------------
    def start(self, hazard: str, t_min: float) -> None:
        for room in self.rooms.values():
            if room.leak.id == hazard and room.stopped_at is None:
                room.set(t_min, leak_m3_s=room.leak_m3_s)

    def stop(self, hazard: str, t_min: float) -> bool:
        """Stop a release; False when it had already stopped."""
        for room in self.rooms.values():
            if room.leak.id == hazard:
                if room.stopped_at is not None:
                    return False
                room.stopped_at = t_min
                room.leak_m3_s = 0.0
                room.set(t_min, leak_m3_s=0.0)
                return True
        pipe = self.pipelines[hazard]
        if pipe.stopped_at is not None:
            return False
        pipe.stopped_at = t_min
        return True

    def reduce(self, hazard: str, factor: float, t_min: float) -> None:
        for room in self.rooms.values():
            if room.leak.id == hazard and room.stopped_at is None:
                room.leak_m3_s *= factor
                if t_min >= room.leak.starts_at_min:
                    room.set(t_min, leak_m3_s=room.leak_m3_s)

    def ventilate(self, location: str, ach: float, t_min: float) -> bool:
        room = self.rooms.get(location)
        if room is None:
            return False
        room.set(t_min, ach=ach)
        return True

    def knockdown(self, location: str) -> tuple[float, float] | None:
        """(ppm, minutes): above this concentration an unprotected person collapses that fast."""
        if self.substance_at(location) != "H2S":
            return None  # knock-down data are published for H2S only
        levels = h2s_incapacitation()
        return levels.knockdown_ppm, levels.knockdown_within_s / SECONDS

    def set_wind(
        self, speed_m_s: float | None, from_deg: float | None, stability: str | None
    ) -> None:
        self.weather = self.weather.model_copy(
            update={
                k: v
                for k, v in (
                    ("wind_speed_m_s", speed_m_s),
                    ("wind_from_deg", from_deg),
                    ("stability", stability),
                )
                if v is not None
            }
        )

    def hazard_ids(self) -> list[str]:
        return [r.leak.id for r in self.rooms.values()] + list(self.pipelines)
