"""The hazard field: the one interface through which the engine asks about hazards.

It keeps each release's state as piecewise-constant segments (a leak starts, a
step stops it, a fan is started, the wind shifts) and answers questions when the
engine asks: the concentration at a location and time (or over a span of times,
for doses), the time a threshold will be reached, the heat flux of a pipeline
fire, whether a hazard zone covers a location. Nothing is polled.

Where air is at a location:
- a room with a leak: the well-mixed room model (REFERENCE D6), closed form;
- outdoors (locations with coordinates): Gaussian plumes of outdoor gas releases
  and of the leaking rooms' ventilation exhaust, summed and never above the pure
  gas. Near a hole the gas is a momentum jet: the free-jet centreline dilution
  (:mod:`sim.physics.jet`, REFERENCE D7) is blended in by taking the more dilute of
  jet and plume; a receptor at the hole reads the gas leaving it (the pure gas, or
  the substance's volume fraction of a mixture, D15), one at a room's exhaust the
  room air. The air travels with the wind (REFERENCE D8): a receptor
  x m downwind sees what the source emitted x/u earlier, so gas arrives, clears
  after the source stops, and turns with a wind shift only as fast as the wind
  carries it. What was emitted under one wind keeps that wind's direction and
  speed (a segmented plume);
- indoors (buildings, other rooms, people sheltering): single-zone infiltration
  of the outdoor air (REFERENCE D5), integrated over the outdoor history.
A scenario's toxic hazards share one substance, so concentrations add up.
"""

from __future__ import annotations

import bisect
import functools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from sim.events import Event
from sim.physics.infiltration import (
    OXYGEN_DEFICIENT_PERCENT,
    OXYGEN_NORMAL_PERCENT,
    gas_ppm_for_oxygen,
    oxygen_percent,
)
from sim.physics.jet import AIR_MOLECULAR_WEIGHT_G_MOL, equivalent_diameter_m, gas_jet, jet_ppm
from sim.physics.liquefied import liquefied_gas, liquid_release
from sim.physics.mitigation import CURTAIN_DOWNSTREAM_M
from sim.physics.mixture import ReleaseGas, named_release_gas, pure_release_gas, release_gas
from sim.physics.outflow import PipelineRupture as Outflow
from sim.physics.outflow import pipeline_rupture
from sim.physics.pipeline import potential_impact_radius_m
from sim.physics.plume import downwind_crosswind_m, plume_concentration_grid_kg_m3
from sim.physics.room import (
    RoomState,
    room_concentration,
    room_time_to_fall_below,
    room_time_to_reach,
)
from sim.physics.source import gas_blowdown, gas_density_kg_m3, gas_properties, hole_release
from sim.physics.thermal import MAX_INCIDENT_FLUX_W_M2, radiant_power_w
from sim.physics.thresholds import h2s_incapacitation, harm_ppm, idlh_ppm
from sim.scenario import GasRelease, Location, PipelineRupture, RoomLeak, Scenario, Weather

FloatArray = npt.NDArray[np.float64]
SECONDS = 60.0
MM_PER_IN = 25.4
PSI_PER_MPA = 145.0377377
ATM_PA = 101_325.0
SEARCH_STEP_MIN = 5 / 60  # resolution of numerical threshold searches
SEARCH_FIRST_PIECE = 32  # samples of a search's first piece; each next piece is 4 times longer
CROSSING_TOLERANCE_MIN = 1e-6  # an outdoor crossing is found to within 0.06 ms
INDOOR_STEP_MIN = 10 / 60  # resolution of the infiltration integral
RECEPTOR_HEIGHT_M = 1.5  # breathing height
PURE_PPM = 1e6
DEFICIENT_PPM = gas_ppm_for_oxygen(OXYGEN_DEFICIENT_PERCENT)
"""Gas that lowers oxygen below 19.5 % (GB 8958-2006 缺氧)."""
PAIN_FLUX_W_M2 = 5_000.0  # pain within about 13 s (REFERENCE, US EPA RMP guidance)
TOLERABLE_FLUX_W_M2 = 1_600.0  # bearable for a long time without protection (API 521)
BUILDING_IGNITION_FLUX_W_M2 = 35_000.0
"""Heat flux at which a building catches fire and no longer shelters its occupants: the
damage criterion for people indoors of the TNO Purple Book (*Guidelines for quantitative
risk assessment*, CPR 18E, 2005): protected below 35 kW/m2, not at or above it. (The
World Bank table reproduced by CCPS gives 25 kW/m2 for wood without a pilot flame after
indefinitely long exposure, 12.5 kW/m2 with one.)"""


def _step_value(steps: tuple[tuple[float, float], ...], t: float) -> float:
    """The value of (from, value) steps at ``t``; 1 before the first."""
    value = 1.0
    for begin, v in steps:
        if begin > t:
            break
        value = v
    return value


def _decayed(
    profile: tuple[tuple[float, float], ...], decay: tuple[tuple[float, float], ...]
) -> tuple[tuple[float, float], ...]:
    """A source's rate steps times its decay's factor steps (minutes after the start)."""
    times = sorted({t for t, _ in profile} | {t for t, _ in decay})
    return tuple((t, _step_value(profile, t) * _step_value(decay, t)) for t in times)


def _segment_arrays(
    segments: list[RoomState],
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Start time, start value, decay constant and steady state of each segment."""
    return (
        np.array([seg.t0_s for seg in segments]),
        np.array([seg.c0_ppm for seg in segments]),
        np.array([seg.rate_per_s for seg in segments]),
        np.array([seg.steady_state_ppm for seg in segments]),
    )


@dataclass
class _Room:
    """A room's air as segments of constant parameters (REFERENCE D6), past and scheduled.

    Two well-mixed quantities share the segments: the leaked gas, and everything that
    displaces oxygen (the gas plus a deficit present at T+0, which has no source and is
    flushed out at the same rate). Changes from the run (a leak starts, is cut or stopped,
    a fan is started) are recorded as controls; a decaying source adds its steps ahead.
    """

    leak: RoomLeak
    location: Location
    leak_m3_s: float
    stopped_at: float | None = None
    started_at: float | None = None
    decay: tuple[tuple[float, float], ...] = ()
    controls: list[tuple[float, float, float]] = field(default_factory=list)  # t_s, G, ACH
    history: list[RoomState] = field(default_factory=list)
    displaced: list[RoomState] = field(default_factory=list)
    _starts: FloatArray | None = None
    _arrays: dict[bool, tuple[FloatArray, FloatArray, FloatArray, FloatArray]] = field(
        default_factory=dict
    )
    _flows: FloatArray | None = None
    """The segments as numpy arrays (starts, parameters, exhaust flows) for the series,
    made on first use after each change: a replayed field is often read only at a few
    moments, segment by segment."""
    _start_list: list[float] = field(default_factory=list)
    segment: RoomState = field(init=False)
    """The segment in force at the last change."""
    version: int = 0
    """Counts the changes: the air anywhere in or from the room can differ after each."""

    def __post_init__(self) -> None:
        assert self.location.room is not None
        on = self.leak.starts_at_min == 0
        if on:
            self.started_at = 0.0
        self.controls.append(
            (0.0, self.leak_m3_s if on else 0.0, self.location.room.air_changes_per_h)
        )
        self._build()

    def _index(self, t_s: float) -> int:
        return max(bisect.bisect_right(self._start_list, t_s) - 1, 0)

    def segment_at(self, t_s: float, *, oxygen: bool = False) -> RoomState:
        return (self.displaced if oxygen else self.history)[self._index(t_s)]

    def _build(self) -> None:
        assert self.location.room is not None
        volume = self.location.room.volume_m3
        times = {c[0] for c in self.controls}
        if self.started_at is not None:
            begin = self.started_at * SECONDS
            times |= {begin + off * SECONDS for off, _ in self.decay}
        leak = self.leak
        share = leak.substance_fraction
        gas0 = leak.initial_ppm
        whole0 = gas0 / share  # the mixture the substance came in (D15)
        other0 = 0.0
        if leak.initial_oxygen_percent is not None:
            other0 = max((1.0 - leak.initial_oxygen_percent / 20.9) * 1e6 - whole0, 0.0)
        apart = other0 > 0 or share < 1.0
        history: list[RoomState] = []
        displaced: list[RoomState] = []  # kept apart only with a deficit at T+0 or a mixture
        ci = 0
        for t in sorted(times):
            while ci + 1 < len(self.controls) and self.controls[ci + 1][0] <= t:
                ci += 1
            _, rate, ach = self.controls[ci]
            if rate > 0 and self.started_at is not None and self.decay:
                rate *= _step_value(self.decay, (t / SECONDS) - self.started_at)
            if not history:
                history.append(RoomState(volume, ach, rate, t, gas0, share))
                if apart:
                    displaced.append(RoomState(volume, ach, rate, t, whole0 + other0))
                continue
            history.append(RoomState(volume, ach, rate, t, history[-1].concentration(t), share))
            if apart:
                displaced.append(RoomState(volume, ach, rate, t, displaced[-1].concentration(t)))
        self.history = history
        self.displaced = displaced if apart else history
        self._start_list = [seg.t0_s for seg in history]
        self.segment = history[self._index(self.controls[-1][0])]
        self.version += 1
        self._starts = self._flows = None
        self._arrays = {}

    def set(
        self, t_min: float, *, leak_m3_s: float | None = None, ach: float | None = None
    ) -> None:
        t_s = t_min * SECONDS
        keep = [c for c in self.controls if c[0] <= t_s]
        _, rate, now_ach = keep[-1]
        control = (
            t_s,
            rate if leak_m3_s is None else leak_m3_s,
            now_ach if ach is None else ach,
        )
        if keep[-1][0] == t_s:
            keep[-1] = control
        else:
            keep.append(control)
        self.controls = keep
        self._build()

    def _which(self, times_s: FloatArray) -> npt.NDArray[np.intp]:
        if self._starts is None:
            self._starts = np.array(self._start_list)
        return np.maximum(np.searchsorted(self._starts, times_s, side="right") - 1, 0)

    def _segment_arrays(
        self, oxygen: bool
    ) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        arrays = self._arrays.get(oxygen)
        if arrays is None:
            segments = self.displaced if oxygen else self.history
            arrays = self._arrays[oxygen] = _segment_arrays(segments)
        return arrays

    def series(self, times_s: FloatArray, *, oxygen: bool = False) -> FloatArray:
        """Concentration (ppm) at many times, from the segments; with ``oxygen``, of
        everything displacing oxygen."""
        t0, c0, k, css = self._segment_arrays(oxygen)
        if t0.size == 1:
            dt = np.maximum(times_s - t0[0], 0.0)
            if k[0] <= 0:
                return np.full_like(times_s, c0[0], dtype=float)
            return np.asarray(css[0] + (c0[0] - css[0]) * np.exp(-k[0] * dt), dtype=float)
        which = self._which(times_s)
        t0, c0, k, css = t0[which], c0[which], k[which], css[which]
        dt = np.maximum(times_s - t0, 0.0)
        return np.asarray(np.where(k > 0, css + (c0 - css) * np.exp(-k * dt), c0), dtype=float)

    def exhaust_series(self, times_s: FloatArray) -> FloatArray:
        """Flow leaving the room (m3/s) at many times: the fresh air plus the leaked gas."""
        if self._flows is None:
            self._flows = np.array([seg.ventilation_m3_s + seg.leak_m3_s for seg in self.history])
        return np.asarray(self._flows[self._which(times_s)], dtype=float)

    def time_reaching(self, ppm: float, t_s: float, *, oxygen: bool = False) -> float | None:
        """Earliest time (s) >= ``t_s`` at or above ``ppm`` under the segments as they stand."""
        return self._first(ppm, t_s, oxygen, room_time_to_reach)

    def time_falling_below(self, ppm: float, t_s: float, *, oxygen: bool = False) -> float | None:
        return self._first(ppm, t_s, oxygen, room_time_to_fall_below)

    def _first(
        self,
        ppm: float,
        t_s: float,
        oxygen: bool,
        search: Callable[[RoomState, float], float | None],
    ) -> float | None:
        segments = self.displaced if oxygen else self.history
        i = self._index(t_s)
        seg = segments[i].at(t_s)
        while True:
            found = search(seg, ppm)
            nxt = segments[i + 1].t0_s if i + 1 < len(segments) else math.inf
            if found is not None and found < nxt:
                return found
            if i + 1 >= len(segments):
                return None
            i += 1
            seg = segments[i]


@dataclass(frozen=True)
class SourceTerm:
    """What an outdoor release puts into the air: its rate over time and its jet.

    ``profile`` is (minutes after the start, kg/s airborne) steps ending with a 0 when
    the vessel is empty; a single step for a source that lasts until it is stopped.
    """

    profile: tuple[tuple[float, float], ...]
    jet_diameter_m: float
    pressure_pa_abs: float
    choked: bool
    critical_pressure_ratio: float
    liquid_rate_kg_s: float | None = None
    flash_fraction: float | None = None
    airborne_fraction: float | None = None
    empties_after_min: float | None = None
    gas: ReleaseGas | None = None
    """Phase gas: what passes the hole, the mixture's data and the substance's share (the
    profile's rates are the substance's: the mixture's times its mass fraction)."""

    @property
    def initial_rate_kg_s(self) -> float:
        return self.profile[0][1]


def released_gas(h: GasRelease) -> ReleaseGas:
    """The gas a release of phase gas lets out: the pure substance, or its mixture (D15)."""
    mix = h.mixture
    if mix is None:
        return pure_release_gas(h.substance)
    if mix.gas is not None:
        return named_release_gas(mix.gas, h.substance, mix.substance_fraction)
    assert mix.molecular_weight_g_mol is not None and mix.heat_capacity_ratio is not None
    assert mix.substance_fraction is not None
    return release_gas(
        mix.molecular_weight_g_mol, mix.heat_capacity_ratio, h.substance, mix.substance_fraction
    )


@functools.lru_cache(maxsize=1024)
def source_term(h: GasRelease, air_temperature_c: float) -> SourceTerm:
    """The source of a gas release: CCPS orifice flow of a gas (D3), decaying as a vessel
    empties (D10), or a liquefied gas's liquid discharge with its flash (D9); and the
    jet's equivalent diameter (D7). A gas mixture (D15) flows with its own molar mass and
    heat-capacity ratio; the profile carries the substance's mass fraction of it."""
    temperature_k = h.temperature_c + 273.15
    air_k = air_temperature_c + 273.15
    air_density = gas_density_kg_m3(AIR_MOLECULAR_WEIGHT_G_MOL, air_k)
    if h.phase == "liquid":
        liquid = liquefied_gas(h.substance)
        pressure = None if h.pressure_barg is None else h.pressure_barg * 1e5 + ATM_PA
        out = liquid_release(
            gas=liquid,
            hole_diameter_m=h.hole_mm / 1000.0,
            temperature_k=temperature_k,
            pressure_pa_abs=pressure,
            discharge_coefficient=h.discharge_coefficient,
            inventory_kg=math.inf if h.inventory_kg is None else h.inventory_kg,
        )
        # the jet's momentum is the liquid's, m u with u = m / (rho_l Cd A); it carries the
        # airborne part of the discharge (flash and aerosol)
        area = h.discharge_coefficient * math.pi / 4.0 * (h.hole_mm / 1000.0) ** 2
        velocity = out.mass_rate_kg_s / (liquid.liquid_density_kg_m3 * area)
        jet_d = equivalent_diameter_m(
            out.airborne_rate_kg_s, out.mass_rate_kg_s * velocity, air_density
        )
        steps: list[tuple[float, float]] = [(0.0, out.airborne_rate_kg_s)]
        empties = None
        if math.isfinite(out.duration_s):
            empties = out.duration_s / SECONDS
            steps.append((empties, 0.0))
        return SourceTerm(
            tuple(steps),
            jet_d,
            out.pressure_pa_abs,
            False,
            0.0,
            liquid_rate_kg_s=out.mass_rate_kg_s,
            flash_fraction=out.flash_fraction,
            airborne_fraction=out.airborne_fraction,
            empties_after_min=empties,
        )
    assert h.pressure_barg is not None
    gas = released_gas(h)
    share = gas.mass_fraction  # 1 for the pure substance
    hole = {
        "hole_diameter_m": h.hole_mm / 1000.0,
        "pressure_pa_abs": h.pressure_barg * 1e5 + ATM_PA,
        "temperature_k": temperature_k,
        "molecular_weight_g_mol": gas.molecular_weight_g_mol,
        "heat_capacity_ratio": gas.heat_capacity_ratio,
        "discharge_coefficient": h.discharge_coefficient,
    }
    first = hole_release(**hole)
    jet = gas_jet(**hole, air_temperature_k=air_k)
    if h.vessel_volume_m3 is None:
        return SourceTerm(
            ((0.0, first.mass_rate_kg_s * share),),
            jet.equivalent_diameter_m,
            hole["pressure_pa_abs"],
            first.choked,
            first.critical_pressure_ratio,
            gas=gas,
        )
    down = gas_blowdown(
        vessel_volume_m3=h.vessel_volume_m3,
        hole_diameter_m=hole["hole_diameter_m"],
        pressure_pa_abs=hole["pressure_pa_abs"],
        temperature_k=temperature_k,
        molecular_weight_g_mol=gas.molecular_weight_g_mol,
        heat_capacity_ratio=gas.heat_capacity_ratio,
        discharge_coefficient=h.discharge_coefficient,
    )
    steps = [(t / SECONDS, r * share) for t, r in zip(down.times_s, down.rates_kg_s, strict=True)]
    steps.append((down.duration_s / SECONDS, 0.0))
    return SourceTerm(
        tuple(steps),
        jet.equivalent_diameter_m,
        hole["pressure_pa_abs"],
        first.choked,
        first.critical_pressure_ratio,
        empties_after_min=down.duration_s / SECONDS,
        gas=gas,
    )


@dataclass
class _Outdoor:
    release: GasRelease
    x_m: float
    y_m: float
    full_rate_kg_s: float
    jet_diameter_m: float = 0.0
    """Thring-Newby equivalent diameter of the jet at the full rate (0: no jet)."""
    changes: list[tuple[float, float]] = field(default_factory=list)  # (t_min, kg/s)
    stopped_at: float | None = None
    initial_rate_kg_s: float = 0.0
    profile: tuple[tuple[float, float], ...] = ()
    curtains: list[tuple[float, float]] = field(default_factory=list)
    """Water curtains: (from minute, share of the downwind concentration that remains)."""
    volume_fraction: float = 1.0
    """The substance's volume fraction of the gas leaving the hole (D15; 1: pure)."""
    jet_molecular_weight_g_mol: float | None = None
    """Molar mass of the gas leaving the hole, the jet's (None: the substance's)."""
    _arrays: tuple[FloatArray, FloatArray, FloatArray] | None = field(
        default=None, repr=False, compare=False
    )
    """The changes' start times and rates, and the rates with the 0 before the start."""
    _jets: dict[tuple[float, float, float], FloatArray] = field(
        default_factory=dict, repr=False, compare=False
    )
    """The jet's ppm at each rate it takes, by (downwind m, off-axis m, molecular weight)."""

    def __post_init__(self) -> None:
        self.initial_rate_kg_s = self.full_rate_kg_s

    def _changed(self) -> None:
        self._arrays = None
        self._jets.clear()

    def _rate_arrays(self) -> tuple[FloatArray, FloatArray, FloatArray]:
        """(starts, rates, steps) of the changes as they stand, made once per change."""
        if self._arrays is None:
            self._arrays = (
                np.array([t for t, _ in self.changes]),
                np.array([r for _, r in self.changes]),
                np.array([0.0] + [r for _, r in self.changes]),
            )
        return self._arrays

    def jet_steps_ppm(self, x_m: float, off_axis_m: float, molecular_weight: float) -> FloatArray:
        """The substance's ppm in the jet at a receptor at each rate the source takes (see
        ``rate_steps``): the jet gas's ppm (of ``molecular_weight``, the gas leaving the
        hole) times the substance's volume fraction of it."""
        key = (x_m, off_axis_m, molecular_weight)
        jet = self._jets.get(key)
        if jet is None:
            steps = self._rate_arrays()[2]
            mixture = jet_ppm(self.jet_diameter_series(steps), x_m, off_axis_m, molecular_weight)
            jet = self._jets[key] = mixture * self.volume_fraction
        return jet

    @property
    def hole_ppm(self) -> float:
        """The substance's ppm in the gas leaving the hole: 1e6 times its volume fraction."""
        return PURE_PPM * self.volume_fraction

    def jet_diameter_series(self, rate_kg_s: FloatArray) -> FloatArray:
        """d_eq at a lower rate from the same exit state: d_eq ~ sqrt(m) (m, J ~ A)."""
        if self.jet_diameter_m <= 0 or self.initial_rate_kg_s <= 0:
            return np.zeros_like(rate_kg_s)
        ratio = np.maximum(rate_kg_s, 0.0) / self.initial_rate_kg_s
        return np.asarray(self.jet_diameter_m * np.sqrt(ratio), dtype=float)

    def rate_now(self) -> float:
        return self.changes[-1][1] if self.changes else 0.0

    def curtain_series(self, emitted_min: FloatArray) -> FloatArray:
        """The share left by the water curtains the gas emitted at these times passed."""
        out = np.ones_like(emitted_min)
        for begin, remaining in self.curtains:
            out = np.where(emitted_min >= begin, np.minimum(out, remaining), out)
        return out

    def start(self, t_min: float, profile: tuple[tuple[float, float], ...]) -> None:
        self._changed()
        self.changes += [
            (t_min + dt, r * self.full_rate_kg_s / self.initial_rate_kg_s) for dt, r in profile
        ]

    def cut(self, t_min: float, factor: float) -> None:
        """From now on the rate is ``factor`` times what it would have been; what is left
        in the vessel then lasts 1/factor as long."""
        self._changed()
        before = [(t, r) for t, r in self.changes if t <= t_min]
        after = [(t, r) for t, r in self.changes if t > t_min]
        now = before[-1][1] if before else 0.0
        self.changes = before
        if factor <= 0:
            self.changes.append((t_min, 0.0))
            return
        self.changes.append((t_min, now * factor))
        self.changes += [(t_min + (t - t_min) / factor, r * factor) for t, r in after]

    def rate_steps(self, times_min: FloatArray) -> tuple[FloatArray, npt.NDArray[np.intp]]:
        """The rates the source takes (0 first: not started) and which one holds at each
        time, so that rate_series(t) == steps[which]."""
        starts, _, steps = self._rate_arrays()
        if not self.changes:
            return steps, np.zeros(times_min.shape, dtype=np.intp)
        return steps, np.searchsorted(starts, times_min, side="right")

    def rate_series(self, times_min: FloatArray) -> FloatArray:
        if not self.changes:
            return np.zeros_like(times_min)
        starts, rates, _ = self._rate_arrays()
        which = np.searchsorted(starts, times_min, side="right") - 1
        return np.where(which >= 0, rates[np.maximum(which, 0)], 0.0)


@dataclass
class _Pipeline:
    rupture: PipelineRupture
    x_m: float
    y_m: float
    radius_m: float
    outflow: Outflow
    stopped_at: float | None = None

    def rate_series(self, times_min: FloatArray) -> FloatArray:
        since = (times_min - self.rupture.starts_at_min) * SECONDS
        rate = self.outflow.rate_kg_s(np.maximum(since, 0.0))
        return np.where(since >= 0, rate, 0.0)

    def burning_series(self, times_min: FloatArray) -> FloatArray:
        """What burns (kg/s): the outflow from the moment the gas ignites, if it does."""
        if not self.rupture.ignited:
            return np.zeros_like(times_min)
        rate = self.rate_series(times_min)
        return np.where(times_min >= self.rupture.ignites_at_min, rate, 0.0)


def pipeline_outflow(h: PipelineRupture, closure_s: float = math.inf) -> Outflow:
    """Wilson's outflow of a rupture, fed by its throughput until the valves close
    ``closure_s`` after the break: the one source term of the run and of the zones."""
    return _pipeline_outflow(h, closure_s)


@functools.lru_cache(maxsize=1024)
def _pipeline_outflow(h: PipelineRupture, closure_s: float = math.inf) -> Outflow:
    gas = gas_properties("natural gas")
    return pipeline_rupture(
        diameter_m=h.diameter_mm / 1000.0,
        section_length_m=h.segment_length_km * 1000.0,
        pressure_pa_abs=h.pressure_mpa * 1e6 + ATM_PA,
        temperature_k=h.temperature_c + 273.15,
        molecular_weight_g_mol=gas.molecular_weight_g_mol,
        heat_capacity_ratio=gas.heat_capacity_ratio,
        closure_time_s=closure_s,
        supply_kg_s=h.supply_kg_s,
    )


@functools.lru_cache(maxsize=65_536)
def plume_dilution(
    wind_speed_m_s: float,
    wind_from_deg: float,
    stability: str,
    dispersion: str,
    source_east_m: float,
    source_north_m: float,
    receptor_east_m: float,
    receptor_north_m: float,
    release_height_m: float,
) -> tuple[float, float, float]:
    """(plume dilution s/m3, downwind m, crosswind m) at a receptor at breathing height.

    A pure function of its numbers, so every run of a scenario (and every replication of a
    stress test) shares it. The dilution is infinite at the source point itself, where a
    point source's plume has no width: the near-field caps (pure gas, room air) then decide.
    """
    xa, ya = downwind_crosswind_m(
        source_east_m=source_east_m,
        source_north_m=source_north_m,
        receptor_east_m=receptor_east_m,
        receptor_north_m=receptor_north_m,
        wind_from_deg=wind_from_deg,
    )
    x, y = float(xa), float(ya)
    if receptor_east_m == source_east_m and receptor_north_m == source_north_m:
        return math.inf, x, y
    value = plume_concentration_grid_kg_m3(
        rate_kg_s=1.0,
        wind_speed_m_s=wind_speed_m_s,
        x_m=x,
        y_m=y,
        z_m=RECEPTOR_HEIGHT_M,
        release_height_m=release_height_m,
        stability=stability,  # type: ignore[arg-type]
        coefficients=dispersion,  # type: ignore[arg-type]
    )
    return float(value), x, y


@dataclass(frozen=True)
class _Span:
    """A wind span's ways to one place: (source, dilution s/m3, downwind m, off-axis m) of
    the outdoor releases and (room, dilution, downwind m) of the rooms' exhausts."""

    begin: float
    until: float
    density: float
    speed_m_min: float
    sources: list[tuple[_Outdoor, float, float, float]]
    rooms: list[tuple[_Room, float, float]]


@dataclass
class HazardField:
    scenario: Scenario
    weather: Weather
    horizon_min: float
    rooms: dict[str, _Room] = field(default_factory=dict)
    outdoors: dict[str, _Outdoor] = field(default_factory=dict)
    pipelines: dict[str, _Pipeline] = field(default_factory=dict)
    winds: list[tuple[float, Weather]] = field(default_factory=list)
    substance: str | None = None
    _bounds: dict[tuple[str, bool], float] = field(default_factory=dict)
    _bounds_version: int = -1
    _plume_paths: dict[str, list[_Span]] = field(default_factory=dict)
    version: int = 0
    """Counts the changes of the releases and the winds (what the bounds depend on)."""
    indoor_air: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    """Changes of a place's indoor air-change rate (closing up, opening up, fans):
    (from minute, air changes per hour), in time order."""
    _places: dict[str, Location] = field(default_factory=dict, repr=False, compare=False)
    """The scenario's locations looked up so far, by id (the scenario is frozen)."""

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> HazardField:
        hf = cls(scenario, scenario.weather, scenario.horizon_min)
        hf.winds.append((0.0, scenario.weather))
        for h in scenario.hazards:
            loc = scenario.location(h.location)
            if isinstance(h, RoomLeak):
                # before the leak starts the room holds only its air at T+0; the leak
                # switches on at its start
                decay = h.decay.steps() if h.decay is not None else ()
                hf.rooms[h.location] = _Room(h, loc, h.leak_l_s / 1000.0, decay=decay)
                hf.substance = h.substance
            elif isinstance(h, GasRelease):
                assert loc.x_m is not None and loc.y_m is not None
                term = source_term(h, scenario.weather.temperature_c)
                profile = term.profile
                if h.decay is not None:
                    profile = _decayed(profile, h.decay.steps())
                hf.outdoors[h.id] = _Outdoor(
                    h,
                    loc.x_m,
                    loc.y_m,
                    term.initial_rate_kg_s,
                    jet_diameter_m=term.jet_diameter_m,
                    profile=profile,
                )
                if h.mixture is not None and term.gas is not None:
                    hf.outdoors[h.id].volume_fraction = term.gas.volume_fraction
                    hf.outdoors[h.id].jet_molecular_weight_g_mol = term.gas.molecular_weight_g_mol
                hf.substance = h.substance
            else:
                assert loc.x_m is not None and loc.y_m is not None
                radius = potential_impact_radius_m(
                    h.diameter_mm / MM_PER_IN, h.pressure_mpa * PSI_PER_MPA
                )
                hf.pipelines[h.id] = _Pipeline(h, loc.x_m, loc.y_m, radius, _pipeline_outflow(h))
        return hf

    @classmethod
    def replay(cls, scenario: Scenario, events: Iterable[Event]) -> HazardField:
        """The hazard field as a run's events shaped it: sources started, stopped and
        reduced, water curtains, ventilation, closing up and opening up, wind shifts,
        each applied at its time. Reports and the console read the log through this."""
        hf = cls.from_scenario(scenario)
        for e in events:
            kind, d = e.kind, e.details
            if kind == "accident" and e.actor:
                hf.start(e.actor, e.t)
            elif kind == "release_stopped" and d.get("hazard"):
                hf.stop(str(d["hazard"]), e.t)
            elif kind == "release_changed" and d.get("hazard"):
                hf.reduce(str(d["hazard"]), float(d.get("factor", 1.0)), e.t)
            elif kind == "water_curtain" and d.get("hazard"):
                hf.water_curtain(str(d["hazard"]), float(d.get("factor", 1.0)), e.t)
            elif kind == "ventilation" and e.location and "air_changes_per_h" in d:
                hf.ventilate(e.location, float(d["air_changes_per_h"]), e.t)
            elif kind in ("sheltered", "shelter_ended") and e.location:
                if "air_changes_per_h" in d:
                    hf._set_indoor_ach(e.location, float(d["air_changes_per_h"]), e.t)
            elif kind == "weather":
                hf.set_wind(e.t, d.get("speed_m_s"), d.get("from_deg"), d.get("stability"))
        return hf

    # --- where the air is -----------------------------------------------------
    def _location(self, location: str) -> Location:
        place = self._places.get(location)
        if place is None:
            place = self._places[location] = self.scenario.location(location)
        return place

    def _indoor_by_default(self, location: str) -> bool:
        loc = self._location(location)
        return loc.kind == "building" or (loc.kind == "room" and location not in self.rooms)

    def substance_at(self, location: str) -> str | None:
        """The toxic substance that can reach ``location``, if any."""
        if location in self.rooms:
            return self.rooms[location].leak.substance
        loc = self._location(location)
        if loc.x_m is None or loc.y_m is None or self.substance is None:
            return None
        if self.outdoors or any(r.location.x_m is not None for r in self.rooms.values()):
            return self.substance
        return None

    def concentration_series(
        self,
        location: str,
        times_min: FloatArray,
        indoor: bool | None = None,
        *,
        displaced: bool = False,
    ) -> FloatArray:
        """Concentration (ppm) at ``location`` at each time (minutes). With ``displaced``,
        outside a leaking room: of all the gas displacing oxygen, the substance's whole
        mixture where it escapes in one (D15)."""
        times_min = np.asarray(times_min, dtype=float)
        room = self.rooms.get(location)
        if room is not None:
            return room.series(times_min * SECONDS)
        if self.substance_at(location) is None:
            return np.zeros_like(times_min)
        if indoor is None:
            indoor = self._indoor_by_default(location)
        if not indoor:
            return self._outdoor_series(location, times_min, displaced)
        return self._indoor_series(location, times_min, displaced)

    @property
    def mixed(self) -> bool:
        """Whether an outdoor release, or a leaking room's exhaust, lets its substance out
        in a mixture (D15): then more gas displaces oxygen outdoors than the substance alone."""
        return any(src.volume_fraction < 1.0 for src in self.outdoors.values()) or any(
            room.leak.substance_fraction < 1.0 and room.location.x_m is not None
            for room in self.rooms.values()
        )

    def concentration_ppm(self, location: str, t_min: float, indoor: bool | None = None) -> float:
        room = self.rooms.get(location)
        if room is not None:
            return room_concentration(room.segment_at(t_min * SECONDS), t_min * SECONDS)
        return float(self.concentration_series(location, np.array([t_min]), indoor)[0])

    def oxygen_series(
        self,
        location: str,
        times_min: FloatArray,
        indoor: bool | None = None,
        gas_ppm: FloatArray | None = None,
    ) -> FloatArray:
        """Oxygen (% by volume) at ``location``: what the gas and a deficit present at T+0
        leave of normal air's 20.9 % (GB 8958-2006). ``gas_ppm``: the gas at these times,
        when the caller has it already."""
        times_min = np.asarray(times_min, dtype=float)
        room = self.rooms.get(location)
        if room is not None and room.displaced is not room.history:
            displaced = room.series(times_min * SECONDS, oxygen=True)
        elif gas_ppm is not None and (room is not None or not self.mixed):
            displaced = gas_ppm
        else:
            displaced = self.concentration_series(location, times_min, indoor, displaced=True)
        return OXYGEN_NORMAL_PERCENT * (1.0 - np.clip(displaced, 0.0, PURE_PPM) / PURE_PPM)

    def displaced_ppm(self, location: str, t_min: float, indoor: bool | None = None) -> float:
        """Everything that displaces oxygen at ``location`` (ppm): the gas, and in a room
        a deficit present at T+0."""
        room = self.rooms.get(location)
        if room is not None:
            t_s = t_min * SECONDS
            return room_concentration(room.segment_at(t_s, oxygen=True), t_s)
        if self.mixed:
            times = np.array([t_min])
            return float(self.concentration_series(location, times, indoor, displaced=True)[0])
        return self.concentration_ppm(location, t_min, indoor)

    def oxygen_percent(self, location: str, t_min: float, indoor: bool | None = None) -> float:
        return oxygen_percent(self.displaced_ppm(location, t_min, indoor))

    def displaced_bound(self, location: str) -> float:
        """An upper bound of :meth:`displaced_ppm` at any time, as things stand."""
        room = self.rooms.get(location)
        if room is not None and room.displaced is not room.history:
            bound = self._known_bound(location, True)
            if bound is None:
                peak = max(max(seg.c0_ppm, seg.steady_state_ppm) for seg in room.displaced)
                bound = self._bounds[location, True] = peak * (1 + 1e-9)
            return bound
        if room is None and self.mixed:
            bound = self._known_bound(location, True)
            if bound is None:
                bound = self._bounds[location, True] = self._bound(location, True) * (1 + 1e-9)
            return bound
        return self.ppm_bound(location)

    def _known_bound(self, location: str, displaced: bool) -> float | None:
        """A bound worked out since the last change of the releases or the winds."""
        self._forget_if_changed()
        return self._bounds.get((location, displaced))

    def _forget_if_changed(self) -> None:
        """Drop the bounds and plume paths kept from before the last change."""
        if self._bounds_version != self.version:
            self._bounds_version = self.version
            self._bounds.clear()
            self._plume_paths.clear()

    def _changed(self) -> None:
        """A release or the wind changed: the air anywhere may differ from now on."""
        self.version += 1

    def ppm_bound(self, location: str) -> float:
        """An upper bound of the concentration (ppm) at ``location`` at any time, indoors
        or out, as things stand (0 where nothing reaches).

        Each source contributes at most its highest rate (or its room's highest air and
        exhaust flow) times the dilution to the place under each wind; indoor air is an
        average of the outdoor air. A threshold above the bound cannot be reached, so the
        series need not be computed to know it.
        """
        bound = self._known_bound(location, False)
        if bound is None:
            bound = self._bounds[location, False] = self._bound(location) * (1 + 1e-9)
        return bound

    def _bound(self, location: str, displaced: bool = False) -> float:
        room = self.rooms.get(location)
        if room is not None:
            return _room_peak_ppm(room)
        if self.substance_at(location) is None:
            return 0.0
        assert self.substance is not None
        gas = gas_properties(self.substance)
        spans = self._wind_spans()
        total = 0.0
        for src in self.outdoors.values():
            rate = max((r for _, r in src.changes), default=0.0)
            worst = 0.0
            for _, _, weather in spans:
                chi_q, x, _ = self._chi_over_q(
                    weather, src.x_m, src.y_m, location, src.release.height_m
                )
                if math.isinf(chi_q):
                    worst = src.hole_ppm if rate > 0 else worst
                elif x > 0:
                    density = gas_density_kg_m3(
                        gas.molecular_weight_g_mol, weather.temperature_c + 273.15
                    )
                    worst = max(worst, rate * chi_q / density * PURE_PPM)
            if displaced:
                worst /= src.volume_fraction  # the whole mixture (D15)
            total += worst
        for room in self.rooms.values():
            rl = room.location
            if rl.x_m is None or rl.y_m is None:
                continue
            flow: float | None = None  # the room's highest exhaust flow, once it counts
            worst = 0.0
            for _, _, weather in spans:
                chi_q, x, _ = self._chi_over_q(
                    weather, rl.x_m, rl.y_m, location, room.leak.exhaust_height_m
                )
                if not math.isinf(chi_q) and x <= 0:
                    continue  # upwind: none of the exhaust comes here
                if flow is None:
                    flow = max(seg.ventilation_m3_s + seg.leak_m3_s for seg in room.history)
                if math.isinf(chi_q):
                    worst = 1.0 if flow > 0 else worst
                else:
                    worst = max(worst, min(flow * chi_q, 1.0))
            if worst > 0:
                total += worst * _room_peak_ppm(room, oxygen=displaced)
        return min(total, PURE_PPM)

    def _wind_spans(self) -> list[tuple[float, float, Weather]]:
        """Each wind as (from, until, weather); the first reaches back before T+0."""
        ends = [t for t, _ in self.winds[1:]] + [math.inf]
        return [
            (-math.inf if i == 0 else t, end, w)
            for i, ((t, w), end) in enumerate(zip(self.winds, ends, strict=True))
        ]

    def _chi_over_q(
        self, weather: Weather, sx: float, sy: float, location: str, height_m: float
    ) -> tuple[float, float, float]:
        """(plume dilution s/m3, downwind m, crosswind m) at ``location`` from (sx, sy)."""
        loc = self._location(location)
        assert loc.x_m is not None and loc.y_m is not None
        return plume_dilution(
            weather.wind_speed_m_s,
            weather.wind_from_deg,
            weather.stability,
            weather.dispersion,
            sx,
            sy,
            loc.x_m,
            loc.y_m,
            height_m,
        )

    def _paths(self, location: str) -> list[_Span]:
        """How the air of each wind span reaches ``location`` from each source; kept until
        a release or the wind changes (water curtains are read as they stand)."""
        self._forget_if_changed()
        paths = self._plume_paths.get(location)
        if paths is not None:
            return paths
        assert self.substance is not None
        gas = gas_properties(self.substance)
        paths = []
        for begin, until, weather in self._wind_spans():
            density = gas_density_kg_m3(gas.molecular_weight_g_mol, weather.temperature_c + 273.15)
            sources = []
            for src in self.outdoors.values():
                h = src.release.height_m
                chi_q, x, y = self._chi_over_q(weather, src.x_m, src.y_m, location, h)
                if x <= 0 and not math.isinf(chi_q):
                    continue
                off_axis = math.hypot(y, RECEPTOR_HEIGHT_M - h) if x > 0 else 0.0
                sources.append((src, chi_q, x, off_axis))
            rooms = []
            for room in self.rooms.values():
                rl = room.location
                if rl.x_m is None or rl.y_m is None:
                    continue
                chi_q, x, _ = self._chi_over_q(
                    weather, rl.x_m, rl.y_m, location, room.leak.exhaust_height_m
                )
                if x <= 0 and not math.isinf(chi_q):
                    continue
                rooms.append((room, chi_q, x))
            speed_m_min = weather.wind_speed_m_s * SECONDS
            paths.append(_Span(begin, until, density, speed_m_min, sources, rooms))
        self._plume_paths[location] = paths
        return paths

    def _outdoor_series(
        self, location: str, times_min: FloatArray, displaced: bool = False
    ) -> FloatArray:
        """Outdoor air: every source's plume, delayed by its travel time x/u (D8). A source
        letting its substance out in a mixture gives the substance's share of it (D15):
        the plume carries the substance's mass rate, the jet the mixture's, times the
        substance's volume fraction; with ``displaced``, the whole mixture."""
        assert self.substance is not None
        out = np.zeros_like(times_min)
        molecular_weight = gas_properties(self.substance).molecular_weight_g_mol
        for path in self._paths(location):
            begin, until, density = path.begin, path.until, path.density
            for src, chi_q, x, off_axis in path.sources:
                emitted = times_min - max(x, 0.0) / path.speed_m_min
                span = (emitted >= begin) & (emitted < until)
                if not span.any():
                    continue
                leaving = emitted[span]
                rate = src.rate_series(leaving)
                if math.isinf(chi_q):
                    plume = np.where(rate > 0, math.inf, 0.0)
                else:
                    plume = rate * chi_q / density * PURE_PPM
                if src.jet_diameter_m > 0:
                    # the source rate is piecewise constant: the jet once per rate it takes
                    _, which = src.rate_steps(leaving)
                    jet_weight = src.jet_molecular_weight_g_mol or molecular_weight
                    near = src.jet_steps_ppm(x, off_axis, jet_weight)[which]
                else:
                    near = np.full_like(plume, src.hole_ppm)
                here = np.minimum(plume, near)
                if src.curtains and x >= CURTAIN_DOWNSTREAM_M:
                    here = here * src.curtain_series(leaving)
                if displaced and src.volume_fraction < 1.0:
                    here = here / src.volume_fraction
                out[span] += here
            for room, chi_q, x in path.rooms:
                emitted = times_min - max(x, 0.0) / path.speed_m_min
                span = (emitted >= begin) & (emitted < until)
                if not span.any():
                    continue
                seconds = emitted[span] * SECONDS
                inside = room.series(seconds, oxygen=displaced)
                # the exhaust carries the room air out: ppm outside = (Q + G) chi/Q ppm inside
                flow = room.exhaust_series(seconds)
                if math.isinf(chi_q):
                    dilution = np.where(flow > 0, 1.0, 0.0)
                else:
                    dilution = np.minimum(flow * chi_q, 1.0)
                out[span] += dilution * inside
        return np.minimum(out, PURE_PPM)

    def normal_ach(self, location: str) -> float:
        """Air changes per hour of a place's indoor air in normal use: a room's ventilation,
        a building's ``ventilation_ach`` (its ``infiltration_ach`` when not given)."""
        loc = self._location(location)
        if loc.room is not None:
            return loc.room.air_changes_per_h
        return loc.infiltration_ach if loc.ventilation_ach is None else loc.ventilation_ach

    def indoor_ach(self, location: str, t_min: float) -> float:
        """The indoor air-change rate at ``location`` at ``t_min``."""
        ach = self.normal_ach(location)
        for begin, rate in self.indoor_air.get(location, ()):
            if begin <= t_min:
                ach = rate
        return ach

    def _indoor_series(
        self, location: str, times_min: FloatArray, displaced: bool = False
    ) -> FloatArray:
        """Infiltration (D5): dC_in/dt = ACH (C_out - C_in), integrated from the start, with
        the air-change rate of each moment (closed up while sheltering, fans)."""
        end = float(times_min.max()) if times_min.size else 0.0
        steps = max(2, min(20_000, int(end / INDOOR_STEP_MIN) + 2))
        grid = np.linspace(0.0, max(end, 1e-9), steps)
        outside = self._outdoor_series(location, grid, displaced)
        dt = grid[1] - grid[0]
        changes = self.indoor_air.get(location)
        if changes:
            ach = np.full(steps - 1, self.normal_ach(location))
            for begin, rate in changes:
                ach[grid[:-1] >= begin - 1e-9] = rate
            keep = np.exp(-ach / 60.0 * dt)
        else:
            keep = np.full(steps - 1, math.exp(-self.normal_ach(location) / 60.0 * dt))
        mids = (outside[1:] + outside[:-1]) / 2
        # the recurrence on Python floats: the same IEEE doubles as numpy's scalars, faster
        levels = [0.0]
        level = 0.0
        for k, m in zip(keep.tolist(), mids.tolist(), strict=True):
            level = level * k + m * (1 - k)
            levels.append(level)
        inside = np.array(levels, dtype=float)
        return np.asarray(np.interp(times_min, grid, inside), dtype=float)

    # --- when thresholds are crossed --------------------------------------------
    def _search(
        self,
        location: str,
        t_min: float,
        above: bool,
        ppm: float,
        indoor: bool | None = None,
        until_min: float | None = None,
        oxygen: bool = False,
    ) -> float | None:
        """First time >= now the projected concentration crosses ``ppm`` (sampled); with
        ``oxygen``, of all that displaces oxygen."""
        end = self.horizon_min if until_min is None else min(until_min, self.horizon_min)
        if t_min >= end:
            return None
        displaced = oxygen and self.mixed
        bound = self.displaced_bound(location) if displaced else self.ppm_bound(location)
        if above and bound < ppm:
            return None
        if not above and bound <= ppm:
            return t_min
        steps = min(6000, int((end - t_min) / SEARCH_STEP_MIN) + 2)
        times = np.linspace(t_min, end, steps)
        if indoor is None:
            indoor = self._indoor_by_default(location)
        if indoor:
            # indoor air is integrated from T+0 to the last time asked: one piece
            pieces = [(0, steps)]
        else:
            # outdoor air at a time depends on that time alone: look in growing pieces,
            # for a crossing is often near (a waiter asks again just before it)
            pieces, lo, size = [], 0, SEARCH_FIRST_PIECE
            while lo < steps:
                pieces.append((lo, min(lo + size, steps)))
                lo, size = lo + size, size * 4
        before = np.float64(math.nan)  # the last value of the piece before
        for lo, hi in pieces:
            conc = self.concentration_series(location, times[lo:hi], indoor, displaced=displaced)
            hit = conc >= ppm if above else conc <= ppm
            if not hit.any():
                before = conc[-1]
                continue
            i = int(np.argmax(hit))
            if lo + i == 0:
                if not indoor or self._crossed_now(location, t_min, above, ppm, displaced):
                    return t_min
                # Indoor air integrated up to a later time reads it crossed now, the air of
                # the moment (integrated up to now, as a waiter reads it) not yet: the two
                # differ within the integration's error, right at the crossing. Answer the
                # next sample that crosses, not now again: a waiter would otherwise wake
                # and wake, creeping on by its epsilon, for minutes of computing.
                later = np.flatnonzero(hit[1:])
                return None if later.size == 0 else float(times[lo + 1 + int(later[0])])
            a, b = float(times[lo + i - 1]), float(times[lo + i])
            if not indoor:
                # outdoor air at a time depends on that time alone: close in on the crossing
                # itself, and answer a time at which it holds, so that a waiter woken then
                # finds its condition true (a linear guess between samples lands short of
                # a convex rise, and the waiter would wake again and again, creeping on)
                return self._bisect(location, a, b, above, ppm, displaced)
            c0, c1 = (conc[i - 1] if i > 0 else before), conc[i]
            frac = (ppm - c0) / (c1 - c0) if c1 != c0 else 1.0
            return a + float(frac) * (b - a)
        return None

    def _crossed_now(
        self, location: str, t_min: float, above: bool, ppm: float, displaced: bool = False
    ) -> bool:
        """Whether the indoor air at ``t_min``, as read at that moment, is at or above
        ``ppm`` (``above``), else at or below it (``displaced``: all the gas that displaces
        oxygen, a mixture's whole gas)."""
        at = np.array([t_min])
        c = float(self.concentration_series(location, at, True, displaced=displaced)[0])
        return c >= ppm if above else c <= ppm

    def _bisect(
        self, location: str, a: float, b: float, above: bool, ppm: float, displaced: bool = False
    ) -> float:
        """The earliest time in (a, b] the outdoor concentration reaches ``ppm`` (from below
        when ``above``, else from above), to within CROSSING_TOLERANCE_MIN; it holds at b."""
        while b - a > CROSSING_TOLERANCE_MIN:
            mid = (a + b) / 2.0
            at = np.array([mid])
            c = float(self.concentration_series(location, at, False, displaced=displaced)[0])
            if (c >= ppm) if above else (c <= ppm):
                b = mid
            else:
                a = mid
        return b

    def time_reaching(
        self,
        location: str,
        ppm: float,
        t_min: float,
        indoor: bool | None = None,
        until_min: float | None = None,
        *,
        oxygen: bool = False,
    ) -> float | None:
        """Earliest time >= now (minutes) the concentration reaches ``ppm``, if it will
        (by ``until_min`` when given). With ``oxygen``, of everything that displaces
        oxygen (the gas and a deficit present at T+0), for oxygen conditions."""
        room = self.rooms.get(location)
        if room is None:
            if self.substance_at(location) is None:
                return None
            return self._search(location, t_min, True, ppm, indoor, until_min, oxygen)
        start = room.leak.starts_at_min
        if t_min < start and room.stopped_at is None and room.started_at is None:
            # the leak has not begun: the air at T+0 clears until then, and from then on
            # the leak acts
            before = room.time_reaching(ppm, t_min * SECONDS, oxygen=oxygen)
            if before is not None and before <= start * SECONDS:
                return before / SECONDS
            seg = room.segment_at(start * SECONDS, oxygen=oxygen)
            rate = room.leak_m3_s * (_step_value(room.decay, 0.0) if room.decay else 1.0)
            c0 = room_concentration(seg, start * SECONDS)
            after = RoomState(
                seg.volume_m3,
                seg.air_changes_per_h,
                rate,
                start * SECONDS,
                c0,
                seg.substance_fraction,
            )
            reached = room_time_to_reach(after, ppm)
        else:
            reached = room.time_reaching(ppm, t_min * SECONDS, oxygen=oxygen)
        return None if reached is None else reached / SECONDS

    def time_falling_below(
        self, location: str, ppm: float, t_min: float, *, oxygen: bool = False
    ) -> float | None:
        """Earliest time >= now (minutes) the concentration is at or below ``ppm``."""
        room = self.rooms.get(location)
        if room is None:
            if self.substance_at(location) is None:
                return t_min
            return self._search(location, t_min, False, ppm, oxygen=oxygen)
        fall = room.time_falling_below(ppm, t_min * SECONDS, oxygen=oxygen)
        return None if fall is None else fall / SECONDS

    # --- fire -------------------------------------------------------------------
    def flux_series(
        self, location: str, times_min: FloatArray, indoor: bool | None = None
    ) -> FloatArray:
        """Heat flux (W/m2) from burning pipeline ruptures.

        People indoors are shielded, unless the fire sets their building alight: from the
        moment the flux on it reaches the spontaneous ignition flux of wood
        (BUILDING_IGNITION_FLUX_W_M2) they are exposed as if outdoors, for they must get
        out through the heat (TNO Purple Book, CPR 18E: no shelter indoors above it)."""
        times_min = np.asarray(times_min, dtype=float)
        out = np.zeros_like(times_min)
        if not self.pipelines:
            return out
        if indoor is None:
            indoor = self._indoor_by_default(location)
        for pipe in self.pipelines.values():
            if not pipe.rupture.ignited:
                continue
            d = max(self.distance_m(pipe, location), 1.0)
            if math.isinf(d):
                continue
            # per kg/s burning, uncapped: the cap applies once, to the total below
            unit = radiant_power_w(mass_rate_kg_s=1.0) / (4.0 * math.pi * d**2)
            flux = pipe.burning_series(times_min) * unit
            if indoor:
                ignited = self.building_ignites_at(location)
                if ignited is None:
                    continue
                flux = np.where(times_min >= ignited, flux, 0.0)
            out += flux
        return np.minimum(out, MAX_INCIDENT_FLUX_W_M2)

    def building_ignites_at(self, location: str) -> float | None:
        """When a burning rupture sets the building at ``location`` alight, if it does.

        The outflow, and with it the flux, is highest at the break and only falls (Wilson;
        the feed and the valve closures only slow or speed the fall), so a building that
        the first moments of the fire (the moment the gas ignites) do not ignite is not
        ignited later."""
        for pipe in self.pipelines.values():
            if not pipe.rupture.ignited:
                continue
            d = max(self.distance_m(pipe, location), 1.0)
            if math.isinf(d):
                continue
            unit = radiant_power_w(mass_rate_kg_s=1.0) / (4.0 * math.pi * d**2)
            ignites = pipe.rupture.ignites_at_min
            peak = float(pipe.rate_series(np.array([ignites]))[0]) * unit
            if peak >= BUILDING_IGNITION_FLUX_W_M2:
                return ignites
        return None

    def in_zone(self, hazard: str, location: str, t_min: float) -> bool:
        pipe = self.pipelines.get(hazard)
        if pipe is not None:
            if not pipe.rupture.ignited or pipe.stopped_at is not None:
                return False
            if t_min < pipe.rupture.ignites_at_min:
                return False
            return self.distance_m(pipe, location) <= pipe.radius_m
        if location in self.rooms:
            return (
                self.rooms[location].leak.id == hazard
                and self.concentration_ppm(location, t_min) > 0
            )
        src = self.outdoors.get(hazard)
        if src is None or self.substance is None:
            return False
        idlh = idlh_ppm(self.substance)
        return (
            idlh is not None
            and self.ppm_bound(location) >= idlh
            and self.concentration_ppm(location, t_min, False) >= idlh
        )

    def zone_start(self, hazard: str) -> float | None:
        pipe = self.pipelines.get(hazard)
        return pipe.rupture.ignites_at_min if pipe is not None else None

    def distance_m(self, pipe: _Pipeline, location: str) -> float:
        loc = self._location(location)
        if loc.x_m is None or loc.y_m is None:
            return math.inf
        return math.hypot(loc.x_m - pipe.x_m, loc.y_m - pipe.y_m)

    def hot_zone(self, location: str, t_min: float, indoor: bool | None = None) -> bool:
        """Whether ``location`` is a hot zone now for someone who works there: the air
        they breathe (indoors in a building) at or above IDLH, inside a burning
        rupture's impact radius, or, after the valves closed, where the fire that
        burns on the line pack still gives the pain flux (5 kW/m2)."""
        substance = self.substance_at(location)
        if substance is not None:
            idlh = idlh_ppm(substance)
            if (
                idlh is not None
                and self.ppm_bound(location) >= idlh
                and self.concentration_ppm(location, t_min, indoor) >= idlh
            ):
                return True
        if any(self.in_zone(h, location, t_min) for h in self.pipelines):
            return True
        if any(p.stopped_at is not None and p.rupture.ignited for p in self.pipelines.values()):
            flux = self.flux_series(location, np.array([t_min]), indoor=False)
            return float(flux[0]) >= PAIN_FLUX_W_M2
        return False

    def time_turning_hot(
        self, location: str, t_min: float, until_min: float, indoor: bool | None = None
    ) -> float | None:
        """When, in (now, until], the air breathed at ``location`` reaches IDLH, if it does."""
        substance = self.substance_at(location)
        idlh = idlh_ppm(substance) if substance is not None else None
        if idlh is None:
            return None
        reach = self.time_reaching(location, idlh, t_min, indoor, until_min)
        return reach if reach is not None and t_min < reach <= until_min else None

    def empties_at(self, hazard: str) -> float | None:
        """When an outdoor release's vessel will be empty, as things stand (minutes)."""
        src = self.outdoors.get(hazard)
        if src is None or not src.changes or src.changes[-1][1] != 0.0:
            return None
        return src.changes[-1][0] if src.stopped_at is None else None

    def ran_dry_at(self, hazard: str) -> float | None:
        """When an outdoor release's vessel ran dry (minutes), as its changes so far have
        it: the first time its rate fell to nothing by itself, before anyone stopped it.
        None for a release that was stopped first, never empties or is not outdoors."""
        src = self.outdoors.get(hazard)
        if src is None:
            return None
        if src.release.inventory_kg is None and src.release.vessel_volume_m3 is None:
            return None
        started = False
        for t, rate in src.changes:
            if rate > 0.0:
                started = True
            elif started:
                if src.stopped_at is not None and src.stopped_at <= t:
                    return None
                return t
        return None

    def releasing(self, hazard: str, t_min: float) -> bool:
        """Whether a source still gives off gas at ``t_min``: a room's leak not stopped or
        decayed away, a vessel not empty or cut off, a pipeline still feeding its fire."""
        times = np.array([t_min])
        for room in self.rooms.values():
            if room.leak.id == hazard:
                if room.started_at is None or room.started_at > t_min:
                    return False
                return room.segment_at(t_min * SECONDS).leak_m3_s > 0.0
        src = self.outdoors.get(hazard)
        if src is not None:
            return bool(src.rate_series(times)[0] > 0.0)
        pipe = self.pipelines.get(hazard)
        if pipe is not None:
            # the blowdown tails off without end: out below 0.1 % of the first rate, the
            # cut-off of a decaying source (REFERENCE D13)
            first = float(pipe.rate_series(np.array([pipe.rupture.starts_at_min]))[0])
            now = float(pipe.rate_series(times)[0])
            return t_min >= pipe.rupture.starts_at_min and now > 1e-3 * first
        return False

    def could_harm(self, location: str) -> bool:
        """Whether the air or heat at ``location`` could still harm an unprotected person,
        as the releases stand: its concentration bound at or above the lower of IDLH and
        AEGL-2 (1 h) (:func:`harm_ppm`), oxygen possibly deficient, or a pipeline's
        potential impact radius reaching it."""
        substance = self.substance_at(location)
        if substance is not None and self.gas_could_reach(location, harm_ppm(substance)):
            return True
        return any(self.distance_m(p, location) <= p.radius_m for p in self.pipelines.values())

    def gas_could_reach(self, location: str, ppm: float | None) -> bool:
        """Whether the gas, as the releases stand, could bring ``location`` to ``ppm``
        (None: no such level) or leave it short of oxygen: the upper bounds, no series."""
        if ppm is not None and self.ppm_bound(location) >= ppm:
            return True
        return self.displaced_bound(location) >= DEFICIENT_PPM

    def harmless_from(self, location: str, t_min: float, indoor: bool | None) -> float | None:
        """With no source giving off gas any more, the earliest time from ``t_min`` the
        air at ``location`` is below :func:`harm_ppm` and not oxygen-deficient (None: not
        within the search)."""
        substance = self.substance_at(location)
        if substance is None:
            return t_min
        clear = t_min
        limit = harm_ppm(substance)
        if limit is not None and self.concentration_ppm(location, t_min, indoor) >= limit:
            fall = self.time_falling_below(location, limit, t_min)
            if fall is None:
                return None
            clear = max(clear, fall)
        if self.oxygen_percent(location, t_min, indoor) < OXYGEN_DEFICIENT_PERCENT:
            fall = self.time_falling_below(location, DEFICIENT_PPM, t_min, oxygen=True)
            if fall is None:
                return None
            clear = max(clear, fall)
        return clear

    def release_ends_at(self, hazard: str, t_min: float, until_min: float) -> float | None:
        """When a source giving off gas at ``t_min`` stops, as things stand, if it does by
        ``until_min``: a vessel running dry, a cut-off pipeline's blowdown tailing off.
        A source stopped once stays stopped until something changes, so the first
        moment it no longer releases is found by halving the interval (to 1e-6 min)."""
        if self.releasing(hazard, until_min):
            return None
        low, high = t_min, until_min
        while high - low > 1e-6:
            mid = 0.5 * (low + high)
            if self.releasing(hazard, mid):
                low = mid
            else:
                high = mid
        return high

    def radius_m(self, hazard: str) -> float | None:
        pipe = self.pipelines.get(hazard)
        return pipe.radius_m if pipe else None

    def knockdown(self, location: str) -> tuple[float, float] | None:
        """(ppm, minutes): above this concentration an unprotected person collapses that fast."""
        if self.substance_at(location) != "H2S":
            return None  # knock-down data are published for H2S only
        levels = h2s_incapacitation()
        return levels.knockdown_ppm, levels.knockdown_within_s / SECONDS

    def hazard_ids(self) -> list[str]:
        return [r.leak.id for r in self.rooms.values()] + list(self.outdoors) + list(self.pipelines)

    # --- changes ------------------------------------------------------------------
    def start(self, hazard: str, t_min: float) -> None:
        self._changed()
        for room in self.rooms.values():
            if room.leak.id == hazard and room.stopped_at is None:
                room.started_at = t_min
                room.set(t_min, leak_m3_s=room.leak_m3_s)
        src = self.outdoors.get(hazard)
        if src is not None and src.stopped_at is None:
            src.start(t_min, src.profile or ((0.0, src.initial_rate_kg_s),))

    def stop(self, hazard: str, t_min: float) -> bool:
        """Stop a release; False when it had already stopped."""
        self._changed()
        for room in self.rooms.values():
            if room.leak.id == hazard:
                if room.stopped_at is not None:
                    return False
                room.stopped_at = t_min
                room.leak_m3_s = 0.0
                room.set(t_min, leak_m3_s=0.0)
                return True
        src = self.outdoors.get(hazard)
        if src is not None:
            if src.stopped_at is not None:
                return False
            src.stopped_at = t_min
            src.cut(t_min, 0.0)
            return True
        pipe = self.pipelines[hazard]
        if pipe.stopped_at is not None:
            return False
        pipe.stopped_at = t_min
        closure_s = max(t_min - pipe.rupture.starts_at_min, 0.0) * SECONDS
        pipe.outflow = _pipeline_outflow(pipe.rupture, closure_s)
        return True

    def reduce(self, hazard: str, factor: float, t_min: float) -> None:
        self._changed()
        for room in self.rooms.values():
            if room.leak.id == hazard and room.stopped_at is None:
                room.leak_m3_s *= factor
                if t_min >= room.leak.starts_at_min:
                    room.set(t_min, leak_m3_s=room.leak_m3_s)
        src = self.outdoors.get(hazard)
        if src is not None and src.stopped_at is None:
            src.full_rate_kg_s *= factor
            if t_min >= src.release.starts_at_min:
                src.cut(t_min, factor)

    def ventilate(self, location: str, ach: float, t_min: float) -> bool:
        """Fans or opened windows: a room's or a building's air changes at ``ach`` from now.

        False where there is no enclosed air to ventilate (outdoors, off site)."""
        room = self.rooms.get(location)
        if room is not None:
            self._changed()
            room.set(t_min, ach=ach)
            return True
        if self._location(location).kind not in ("room", "building"):
            return False
        self._set_indoor_ach(location, ach, t_min)
        return True

    def close_up(self, location: str, t_min: float) -> float:
        """People shelter: doors, windows and vents shut, the indoor air changes only by
        infiltration (``infiltration_ach``) from now. Returns that rate."""
        ach = self._location(location).infiltration_ach
        self._set_indoor_ach(location, ach, t_min)
        return ach

    def open_up(self, location: str, t_min: float) -> float:
        """Sheltering ends: the place is opened and ventilated at its normal rate again."""
        ach = self.normal_ach(location)
        self._set_indoor_ach(location, ach, t_min)
        return ach

    def _set_indoor_ach(self, location: str, ach: float, t_min: float) -> None:
        changes = self.indoor_air.setdefault(location, [])
        if changes and changes[-1][0] == t_min:
            changes[-1] = (t_min, ach)
        else:
            changes.append((t_min, ach))

    def water_curtain(self, hazard: str, remaining: float, t_min: float) -> bool:
        """A water curtain on an outdoor release: the concentration downwind of it is
        ``remaining`` times what it would be, for the gas that passes it from now on."""
        src = self.outdoors.get(hazard)
        if src is None:
            return False
        src.curtains.append((t_min, remaining))
        return True

    def set_wind(
        self, t_min: float, speed_m_s: float | None, from_deg: float | None, stability: str | None
    ) -> None:
        self._changed()
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
        if self.winds and self.winds[-1][0] == t_min:
            self.winds[-1] = (t_min, self.weather)
        else:
            self.winds.append((t_min, self.weather))


def _room_peak_ppm(room: _Room, *, oxygen: bool = False) -> float:
    """The highest concentration a room's recorded segments reach (with ``oxygen``, of all
    that displaces oxygen): each runs monotonically from its start value towards its
    steady state."""
    segments = room.displaced if oxygen else room.history
    return max(max(seg.c0_ppm, seg.steady_state_ppm) for seg in segments)
