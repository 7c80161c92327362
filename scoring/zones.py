"""Threat zones of a scenario's hazards: how far each toxic or thermal threshold reaches.

Headless and pure: the ``drillsim hazard zones`` command, the threat-zone map and
reports all read the same :class:`ThreatZones`. The assumptions, stated so that
they can be challenged (each result also carries them as text):

Toxic plumes. Outdoors a Gaussian plume carries the gas with the scenario's wind
and stability, using the scenario's dispersion-coefficient set
(``weather.dispersion``, Pasquill-Gifford by default) unless asked otherwise. The
source is a continuous point source at its release height; receptors are at
1.5 m, breathing height, where the drill engine (``sim.hazards``) places them,
so that the zones and the engine's concentrations agree. Threat-zone distances
are along the plume axis; a site location is inside a zone when the modelled
concentration at its coordinates reaches the threshold.

Room leak. The room is well mixed (REFERENCE D6). Its ventilation carries the gas
outdoors, so the exhaust is a point source at the room's coordinates and the
leak's ``exhaust_height_m`` releasing (Q + G) C(t) of gas; at steady state that is
exactly the leak rate, converted to kg/s at the scenario's air temperature.

Gas release. A pressurised gas escapes outdoors through a hole (CCPS 1999,
REFERENCE D3): the engine's steady mass rate, choked or not, at the release's
height. Near the hole the gas is a momentum jet pointing downwind: the free-jet
centreline dilution (Chen and Rodi 1980 with the Thring-Newby equivalent diameter,
REFERENCE D7) is blended with the plume as the engine does, by taking the more
dilute of the two, so no point reads more than the pure gas. No dense-gas slumping.

Pipeline rupture. The potential impact radius is that of 49 CFR 192.903. The jet
fire is a point source at the rupture burning Wilson's outflow of a double-ended
guillotine break (natural gas as methane at the gas temperature, ideal gas,
discharge coefficient 1): the initial rate by default, an upper bound for the
first seconds, or the rate at the time asked for.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from sim.events import Event
from sim.hazards import (
    MM_PER_IN,
    PSI_PER_MPA,
    HazardField,
    SourceTerm,
    pipeline_outflow,
    source_term,
)
from sim.physics.jet import jet_ppm
from sim.physics.mixture import MIXTURES
from sim.physics.outflow import PipelineRupture as Outflow
from sim.physics.pipeline import potential_impact_radius_m
from sim.physics.plume import (
    CoefficientSet,
    StabilityClass,
    centreline_distance_to_concentration_m,
    downwind_crosswind_m,
    plume_concentration_grid_kg_m3,
    ppm_to_kg_m3,
    threat_zone_half_width_m,
)
from sim.physics.room import RoomState, room_concentration, room_time_to_reach
from sim.physics.source import (
    ATM_PA,
    ZERO_C_K,
    gas_properties,
    volumetric_to_mass_rate_kg_s,
)
from sim.physics.thermal import THERMAL_THRESHOLDS_W_M2, distance_to_flux_m
from sim.physics.thresholds import aegl_ppm, erpg_ppm, h2s_incapacitation, idlh_ppm
from sim.physics.validity import check_validity
from sim.scenario import GasRelease, Location, PipelineRupture, RoomLeak, Scenario

FloatArray = npt.NDArray[np.float64]

DEFAULT_EXPOSURE_MIN = 60.0
"""AEGLs for a 1-h exposure unless asked otherwise (ALOHA's default)."""
ROOM_THRESHOLD_EXPOSURE_MIN = 10.0
"""Indoors the question is how soon: the 10-min AEGLs, the shortest published."""
MAX_SEARCH_M = 100_000.0
"""Farthest distance searched for a threshold; beyond it a zone is reported as unbounded."""
RECEPTOR_HEIGHT_M = 1.5
"""Receptors at breathing height, as in the drill engine (``sim.hazards``)."""
AIR_MOLECULAR_WEIGHT_G_MOL = 28.96
PIR_FLUX_W_M2 = 5000.0 * 1.055056e3 / 3600.0 / 0.3048**2
"""The heat flux behind the PIR: 5000 Btu/(h ft2), 15.8 kW/m2 (Stephens 2000)."""
_LEVELS: tuple[Literal[1, 2, 3], ...] = (1, 2, 3)
Family = Literal["AEGL", "ERPG", "IDLH"]


@dataclass(frozen=True, slots=True)
class SitePoint:
    """A site location with coordinates, placed relative to one source."""

    id: str
    name: str
    name_en: str | None
    x_m: float
    y_m: float
    distance_m: float
    """Straight-line distance from the source."""
    downwind_m: float | None = None
    """Along the plume axis (negative: upwind); ``None`` for a fire."""
    crosswind_m: float | None = None
    concentration_ppm: float | None = None
    """Modelled outdoor concentration at the location; ``None`` for a fire."""

    def label(self, lang: str = "zh") -> str:
        return self.name_en if lang == "en" and self.name_en else self.name


@dataclass(frozen=True, slots=True)
class Note:
    """One sentence of the model's reasoning, in English and in Chinese."""

    en: str
    zh: str

    def text(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


DISPERSION_ZH = {
    "pasquill-gifford": "Pasquill-Gifford 扩散参数",
    "briggs-rural": "Briggs 乡村扩散参数",
    "briggs-urban": "Briggs 城市扩散参数",
}


def _no_coordinates(loc: Location) -> Note:
    return Note(
        f"No outdoor plume: location {loc.id!r} has no x_m, y_m.",
        f"无室外烟羽：“{loc.name}”未给出坐标。",
    )


def _no_published(missing: list[str]) -> Note:
    return Note(
        f"No published value for {', '.join(missing)}.",
        f"{'、'.join(missing)} 无公开发布的数值。",
    )


@dataclass(frozen=True, slots=True)
class PlumeZone:
    """The ground area where one toxic threshold is reached."""

    label: str
    """"AEGL-2 (60 min)", "ERPG-1", "IDLH"."""
    family: Family
    level: int | None
    threshold_ppm: float
    distance_m: float | None
    """Farthest downwind reach; ``None`` if never reached, ``inf`` beyond 100 km."""
    max_half_width_m: float
    inside: tuple[SitePoint, ...]


@dataclass(frozen=True, slots=True)
class Plume:
    """A continuous plume from one point source under one weather."""

    substance: str
    molecular_weight_g_mol: float
    source_x_m: float
    source_y_m: float
    release_height_m: float
    receptor_height_m: float
    rate_kg_s: float
    wind_speed_m_s: float
    wind_from_deg: float
    stability: StabilityClass
    coefficients: CoefficientSet
    temperature_k: float
    exposure_min: float
    zones: tuple[PlumeZone, ...]
    jet_diameter_m: float = 0.0
    """Thring-Newby equivalent diameter of the source's jet; 0 for a passive source."""
    volume_fraction: float = 1.0
    """The substance's volume fraction of the gas leaving the hole (1: the pure gas, D15)."""
    jet_molecular_weight_g_mol: float | None = None
    """Molar mass of the gas leaving the hole when it is a mixture (D15)."""

    def threshold_kg_m3(self, ppm: float) -> float:
        return ppm_to_kg_m3(ppm, self.molecular_weight_g_mol, self.temperature_k)

    def _near_field(self, down: FloatArray, cross: FloatArray, plume_ppm: FloatArray) -> FloatArray:
        """The more dilute of jet and plume (as ``sim.hazards``), never above the gas leaving
        the hole: for a mixture the jet's gas times the substance's volume fraction."""
        if self.jet_diameter_m <= 0:
            return np.asarray(np.minimum(plume_ppm, 1e6 * self.volume_fraction), dtype=np.float64)
        off_axis = np.hypot(cross, self.receptor_height_m - self.release_height_m)
        weight = self.jet_molecular_weight_g_mol or self.molecular_weight_g_mol
        jet = jet_ppm(self.jet_diameter_m, down, off_axis, weight) * self.volume_fraction
        return np.asarray(np.minimum(plume_ppm, jet), dtype=np.float64)

    def axis_reach_m(self, ppm: float) -> float | None:
        """Farthest downwind distance on the axis where the blended air reaches ``ppm``."""
        if self.jet_diameter_m <= 0:
            return centreline_distance_to_concentration_m(
                threshold_kg_m3=self.threshold_kg_m3(ppm),
                rate_kg_s=self.rate_kg_s,
                wind_speed_m_s=self.wind_speed_m_s,
                stability=self.stability,
                release_height_m=self.release_height_m,
                receptor_height_m=self.receptor_height_m,
                coefficients=self.coefficients,
                x_max_m=MAX_SEARCH_M,
            )

        def axis(x: FloatArray) -> FloatArray:
            zero = np.zeros_like(x)
            return self._near_field(x, zero, self._plume_ppm(x, zero))

        grid = np.geomspace(0.01, MAX_SEARCH_M, 6000)
        above = np.nonzero(axis(grid) >= ppm)[0]
        if above.size == 0:
            return None
        last = int(above[-1])
        if last == grid.size - 1:
            return math.inf
        lo, hi = float(grid[last]), float(grid[last + 1])
        for _ in range(60):
            mid = 0.5 * (lo + hi)
            if float(axis(np.array([mid]))[0]) >= ppm:
                lo = mid
            else:
                hi = mid
        return 0.5 * (lo + hi)

    def _plume_ppm(self, down: FloatArray, cross: FloatArray) -> FloatArray:
        kg_m3 = plume_concentration_grid_kg_m3(
            rate_kg_s=self.rate_kg_s,
            wind_speed_m_s=self.wind_speed_m_s,
            x_m=down,
            y_m=cross,
            z_m=self.receptor_height_m,
            release_height_m=self.release_height_m,
            stability=self.stability,
            coefficients=self.coefficients,
        )
        return np.asarray(kg_m3 / self.threshold_kg_m3(1.0), dtype=np.float64)

    def concentration_ppm(self, east_m: npt.ArrayLike, north_m: npt.ArrayLike) -> FloatArray:
        """Concentration (ppm) at receptor height at site coordinates."""
        down, cross = downwind_crosswind_m(
            source_east_m=self.source_x_m,
            source_north_m=self.source_y_m,
            receptor_east_m=east_m,
            receptor_north_m=north_m,
            wind_from_deg=self.wind_from_deg,
        )
        return self._near_field(down, cross, self._plume_ppm(down, cross))

    def half_width_m(self, zone: PlumeZone, downwind_m: npt.ArrayLike) -> FloatArray:
        """Crosswind half-width of ``zone`` at each downwind distance."""
        return threat_zone_half_width_m(
            x_m=downwind_m,
            threshold_kg_m3=self.threshold_kg_m3(zone.threshold_ppm),
            rate_kg_s=self.rate_kg_s,
            wind_speed_m_s=self.wind_speed_m_s,
            stability=self.stability,
            release_height_m=self.release_height_m,
            receptor_height_m=self.receptor_height_m,
            coefficients=self.coefficients,
        )

    def to_site(
        self, downwind_m: npt.ArrayLike, crosswind_m: npt.ArrayLike
    ) -> tuple[FloatArray, FloatArray]:
        """Plume coordinates back to site (east, north); inverse of ``downwind_crosswind_m``."""
        theta = math.radians(self.wind_from_deg)
        d = np.asarray(downwind_m, dtype=np.float64)
        c = np.asarray(crosswind_m, dtype=np.float64)
        east = self.source_x_m - d * math.sin(theta) + c * math.cos(theta)
        north = self.source_y_m - d * math.cos(theta) - c * math.sin(theta)
        return np.asarray(east, dtype=np.float64), np.asarray(north, dtype=np.float64)

    def footprint(self, zone: PlumeZone, points: int = 240) -> FloatArray:
        """Closed outline of ``zone`` as an (n, 2) array of (east, north); empty if none.

        A zone reaching beyond the search range is drawn to 100 km.
        """
        if zone.distance_m is None or zone.distance_m <= 0:
            return np.zeros((0, 2), dtype=np.float64)
        reach = min(zone.distance_m, MAX_SEARCH_M)
        x = np.geomspace(min(0.5, reach / 2.0), reach, points)
        w = self.half_width_m(zone, x)
        down = np.concatenate(([0.0], x, [reach], x[::-1], [0.0]))
        cross = np.concatenate(([0.0], w, [0.0], -w[::-1], [0.0]))
        east, north = self.to_site(down, cross)
        return np.column_stack((east, north))


@dataclass(frozen=True, slots=True)
class RoomThresholdTime:
    """When the room's air reaches one threshold."""

    label: str
    threshold_ppm: float
    time_s: float | None
    """Seconds after the leak starts; ``None`` if never reached."""
    at_min: float | None
    """Scenario minute at which it is reached."""


@dataclass(frozen=True, slots=True)
class RoomLeakZones:
    """A leak into a room: indoor build-up, and the plume its ventilation carries out."""

    hazard_id: str
    name: str
    name_en: str | None
    substance: str
    location_id: str
    location_name: str
    location_name_en: str | None
    x_m: float | None
    y_m: float | None
    volume_m3: float
    air_changes_per_h: float
    leak_l_s: float
    starts_at_min: float
    steady_state_ppm: float
    time_constant_s: float
    """V / (Q + G): the build-up reaches 63 % of steady state after this long."""
    concentration_ppm: float
    """Indoors at the time asked for, steady state without one."""
    thresholds: tuple[RoomThresholdTime, ...]
    exhaust_rate_kg_s: float
    plume: Plume | None
    assumptions: tuple[Note, ...]
    kind: Literal["room_leak"] = "room_leak"
    substance_fraction: float = 1.0
    """The substance's volume fraction of the gas leaking: below 1 for a mixture (D15)."""
    mixture_names: tuple[str, str] | None = None
    """The mixture leaking, in English and Chinese (blast-furnace gas, 高炉煤气)."""


@dataclass(frozen=True, slots=True)
class GasReleaseZones:
    """A toxic gas escaping outdoors through a hole: its rate and its plume."""

    hazard_id: str
    name: str
    name_en: str | None
    substance: str
    location_id: str
    location_name: str
    location_name_en: str | None
    x_m: float | None
    y_m: float | None
    hole_mm: float
    pressure_barg: float
    temperature_c: float
    """Gas temperature upstream of the hole."""
    discharge_coefficient: float
    release_height_m: float
    starts_at_min: float
    mass_rate_kg_s: float
    """Out of the hole (CCPS 1999), steady while the release lasts: the engine's rate."""
    choked: bool
    pressure_ratio: float
    """Upstream over atmospheric absolute pressure."""
    critical_pressure_ratio: float
    """The flow is choked (sonic) at or above this pressure ratio."""
    plume: Plume | None
    """``None`` before the release starts (at the time asked for) or without coordinates."""
    assumptions: tuple[Note, ...]
    kind: Literal["gas_release"] = "gas_release"
    phase: Literal["gas", "liquid"] = "gas"
    liquid_rate_kg_s: float | None = None
    """Liquid out of the hole (phase liquid); ``mass_rate_kg_s`` is then the airborne part."""
    flash_fraction: float | None = None
    airborne_fraction: float | None = None
    empties_after_min: float | None = None
    """Minutes after the start when the vessel is empty; ``None`` without an inventory."""


@dataclass(frozen=True, slots=True)
class ThermalZone:
    """A circle around a jet fire inside which the heat flux reaches ``flux_w_m2``."""

    label: str
    flux_w_m2: float
    radius_m: float
    inside: tuple[SitePoint, ...]


@dataclass(frozen=True, slots=True)
class PipelineZones:
    """A pipeline rupture: the regulatory impact radius and the jet fire's heat zones."""

    hazard_id: str
    name: str
    name_en: str | None
    location_id: str
    x_m: float | None
    y_m: float | None
    diameter_mm: float
    pressure_mpa: float
    segment_length_km: float
    ignited: bool
    starts_at_min: float
    potential_impact_radius_m: float
    pir_inside: tuple[SitePoint, ...]
    inventory_kg: float
    initial_rate_kg_s: float
    time_constant_s: float
    burning_rate_kg_s: float
    burning_rate_basis: Note
    pir_equivalent_rate_kg_s: float
    """Burning rate whose 15.8 kW/m2 radius is the PIR: what the regulation's model assumes."""
    pir_equivalent_after_s: float | None
    """Seconds after the rupture when Wilson's outflow has fallen to that rate."""
    thermal: tuple[ThermalZone, ...]
    assumptions: tuple[Note, ...]
    kind: Literal["pipeline_rupture"] = "pipeline_rupture"


HazardZones = RoomLeakZones | GasReleaseZones | PipelineZones


@dataclass(frozen=True, slots=True)
class ThreatZones:
    """Threat zones of every hazard of a scenario under one weather."""

    scenario_id: str
    scenario_name: str
    scenario_name_en: str | None
    at_min: float | None
    wind_speed_m_s: float
    wind_from_deg: float
    stability: StabilityClass
    temperature_c: float
    exposure_min: float
    coefficients: CoefficientSet
    hazards: tuple[HazardZones, ...]
    warnings: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: numbers as floats, ``inf`` and NaN as ``None``."""
        out = _plain(self)
        assert isinstance(out, dict)
        return out


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float | np.floating | np.integer):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, Iterable):
        return [_plain(v) for v in value]
    raise TypeError(f"cannot convert {type(value).__name__} to JSON")


def scheduled_history(scenario: Scenario) -> list[Event]:
    """What a run does to the hazards at fixed times whatever the response: the releases
    starting, and the effects of injects given an ``at_min`` (wind shifts, valves)."""
    out: list[Event] = []
    for h in scenario.hazards:
        out.append(Event(0, h.starts_at_min, "accident", actor=h.id))
    for inj in scenario.injects:
        if inj.at_min is None:
            continue
        for eff in inj.effects:
            if eff.wind is not None:
                wind = eff.wind.model_dump(exclude_none=True)
                out.append(Event(0, inj.at_min, "weather", details=wind))
            elif eff.stop_release is not None:
                details = {"hazard": eff.stop_release}
                out.append(Event(0, inj.at_min, "release_stopped", details=details))
    return sorted(out, key=lambda e: e.t)


def threat_zones(
    scenario: Scenario,
    *,
    at_min: float | None = None,
    history: Iterable[Event] | None = None,
    wind_speed_m_s: float | None = None,
    wind_from_deg: float | None = None,
    stability: StabilityClass | None = None,
    exposure_min: float = DEFAULT_EXPOSURE_MIN,
    coefficients: CoefficientSet | None = None,
) -> ThreatZones:
    """Threat zones of ``scenario``'s hazards, under its weather unless overridden.

    ``at_min`` (scenario minutes) uses the releases as they are then: the room's
    concentration at that time, whether a gas release has started, the pipeline's
    outflow at that time. Without it: the room's steady state, the gas release's
    steady rate and the pipeline's initial outflow, the worst cases.
    ``coefficients`` defaults to the scenario's ``weather.dispersion``.

    At ``at_min`` the hazards are as the run has them then (``history``: a run's event
    log; by default the scenario's own timed injects): the wind blowing then, releases
    stopped or reduced by then, a pipeline's outflow with its feed and its valves closed
    when they were. An override of the wind replaces the wind of the history.
    """
    if at_min is not None and not at_min >= 0:
        raise ValueError(f"time must not be negative, got {at_min} min")
    if not exposure_min > 0:
        raise ValueError(f"exposure must be positive, got {exposure_min} min")
    replayed: HazardField | None = None
    weather = scenario.weather
    if at_min is not None:
        events = scheduled_history(scenario) if history is None else history
        replayed = HazardField.replay(scenario, [e for e in events if e.t <= at_min])
        weather = [w for t, w in replayed.winds if t <= at_min][-1]
    wind = weather.wind_speed_m_s if wind_speed_m_s is None else wind_speed_m_s
    wind_from = weather.wind_from_deg if wind_from_deg is None else wind_from_deg
    cls = weather.stability if stability is None else stability
    sigma: CoefficientSet = weather.dispersion if coefficients is None else coefficients
    if not wind > 0:
        raise ValueError(f"wind speed must be positive, got {wind} m/s")
    warnings = check_validity(wind_speed_m_s=wind, stability=cls, exposure_min=exposure_min)
    hazards: list[HazardZones] = []
    for hazard in scenario.hazards:
        if isinstance(hazard, RoomLeak):
            room = _room_leak(
                scenario,
                hazard,
                at_min=at_min,
                wind_speed_m_s=wind,
                wind_from_deg=wind_from % 360.0,
                stability=cls,
                exposure_min=exposure_min,
                coefficients=sigma,
            )
            hazards.append(room)
            warnings.extend(_plume_warnings(hazard.id, room.plume))
        elif isinstance(hazard, GasRelease):
            release = _gas_release(
                scenario,
                hazard,
                at_min=at_min,
                replayed=replayed,
                wind_speed_m_s=wind,
                wind_from_deg=wind_from % 360.0,
                stability=cls,
                exposure_min=exposure_min,
                coefficients=sigma,
            )
            hazards.append(release)
            warnings.extend(_plume_warnings(hazard.id, release.plume))
        else:
            hazards.append(_pipeline(scenario, hazard, at_min=at_min, replayed=replayed))
    return ThreatZones(
        scenario_id=scenario.id,
        scenario_name=scenario.name,
        scenario_name_en=scenario.name_en,
        at_min=at_min,
        wind_speed_m_s=float(wind),
        wind_from_deg=float(wind_from % 360.0),
        stability=cls,
        temperature_c=weather.temperature_c,
        exposure_min=exposure_min,
        coefficients=sigma,
        hazards=tuple(hazards),
        warnings=tuple(warnings),
    )


def _plume_warnings(hazard_id: str, plume: Plume | None) -> list[str]:
    """Validity warnings for the zone distances of ``plume``."""
    warnings: list[str] = []
    if plume is None:
        return warnings
    for zone in plume.zones:
        if zone.distance_m is None:
            continue
        if math.isinf(zone.distance_m):
            warnings.append(
                f"{hazard_id} {zone.label}: still exceeded "
                f"{MAX_SEARCH_M / 1000:g} km downwind; the zone is unbounded."
            )
            continue
        warnings.extend(
            f"{hazard_id} {zone.label}: {text}"
            # to the decimetre, as the run's warnings give it (not 60.4237 m)
            for text in check_validity(distance_m=round(zone.distance_m, 1))
        )
    return warnings


def _located(scenario: Scenario, exclude: str) -> list[Location]:
    return [
        loc
        for loc in scenario.site.locations
        if loc.x_m is not None and loc.y_m is not None and loc.id != exclude
    ]


def _room_leak(
    scenario: Scenario,
    leak: RoomLeak,
    *,
    at_min: float | None,
    wind_speed_m_s: float,
    wind_from_deg: float,
    stability: StabilityClass,
    exposure_min: float,
    coefficients: CoefficientSet,
) -> RoomLeakZones:
    loc = scenario.location(leak.location)
    if loc.room is None:  # the loader rejects this; kept for scenarios built in code
        raise ValueError(f"hazard {leak.id}: location {loc.id!r} has no room volume")
    gas = gas_properties(leak.substance)
    temperature_k = scenario.weather.temperature_c + ZERO_C_K
    share = leak.substance_fraction
    state = RoomState(
        loc.room.volume_m3,
        loc.room.air_changes_per_h,
        leak.leak_l_s / 1000.0,
        substance_fraction=share,
    )
    flow_m3_s = state.ventilation_m3_s + state.leak_m3_s
    if at_min is None:
        concentration = state.steady_state_ppm
    elif at_min < leak.starts_at_min:
        concentration = 0.0
    else:
        concentration = room_concentration(state, (at_min - leak.starts_at_min) * 60.0)
    exhaust_l_s = flow_m3_s * concentration / 1e6 * 1000.0
    exhaust_kg_s = volumetric_to_mass_rate_kg_s(
        exhaust_l_s, gas.molecular_weight_g_mol, temperature_k
    )

    times: list[RoomThresholdTime] = []
    short = ROOM_THRESHOLD_EXPOSURE_MIN
    levels: list[tuple[str, float | None]] = [
        (f"AEGL-2 ({short:g} min)", aegl_ppm(leak.substance, 2, short)),
        (f"AEGL-3 ({short:g} min)", aegl_ppm(leak.substance, 3, short)),
        ("IDLH", idlh_ppm(leak.substance)),
    ]
    if leak.substance == "H2S":
        knock = h2s_incapacitation()
        levels.append(("collapse within 5 min (OSHA)", knock.collapse_ppm))
        levels.append(("knock-down (OSHA)", knock.knockdown_ppm))
    for label, ppm in levels:
        if ppm is None:
            continue
        reached = room_time_to_reach(state, ppm)
        times.append(
            RoomThresholdTime(
                label=label,
                threshold_ppm=ppm,
                time_s=reached,
                at_min=None if reached is None else leak.starts_at_min + reached / 60.0,
            )
        )

    assumptions = [
        Note(
            "Room well mixed (C = G/(Q+G) (1 - exp(-(Q+G) t/V))); no stratification near the leak.",
            "室内空气充分混合（C = G/(Q+G) (1 - exp(-(Q+G) t/V))），不考虑泄漏点附近的分层。",
        ),
    ]
    if leak.mixture is not None:
        en, zh = _mixture_names(leak)
        sub = leak.substance
        assumptions.append(
            Note(
                f"The gas leaking is {en}, {share:.3g} {sub} by volume: the room's {sub} is "
                f"that share of the gas gathered (steady state y G/(Q+G)), and all of the "
                f"gas displaces oxygen (docs/REFERENCE.md D15).",
                f"泄漏的是{zh}，{sub} 体积分数 {share:.3g}：室内 {sub} 浓度为积聚气体的"
                f"这一份额（稳态 y G/(Q+G)），而全部气体都置换氧气。",
            )
        )
    plume: Plume | None = None
    if loc.x_m is None or loc.y_m is None:
        assumptions.append(_no_coordinates(loc))
    elif exhaust_kg_s <= 0:
        assumptions.append(
            Note(
                "No outdoor plume: the room holds no gas at that time.",
                "无室外烟羽：该时刻室内没有气体。",
            )
        )
    else:
        basis = (
            "steady state: the exhaust carries out the whole leak"
            if at_min is None
            else f"the room as it is at minute {at_min:g}"
        )
        basis_zh = (
            "稳态：排风带出全部泄漏量" if at_min is None else f"按第 {at_min:g} 分钟时的室内状况"
        )
        assumptions.append(
            Note(
                f"Exhaust as a point source {leak.exhaust_height_m:g} m above the ground at the "
                f"room ({basis}): {exhaust_kg_s * 1000:.3g} g/s; Gaussian plume "
                f"({coefficients}), receptors at {RECEPTOR_HEIGHT_M:g} m, gas at the air "
                "temperature.",
                f"排风视为房间处离地 {leak.exhaust_height_m:g} m 的点源（{basis_zh}），"
                f"{exhaust_kg_s * 1000:.3g} g/s；高斯烟羽模型（{DISPERSION_ZH[coefficients]}），"
                f"受体高度 {RECEPTOR_HEIGHT_M:g} m，气体温度取气温。",
            )
        )
        plume = _plume(
            scenario,
            substance=leak.substance,
            exclude=leak.location,
            x_m=loc.x_m,
            y_m=loc.y_m,
            release_height_m=leak.exhaust_height_m,
            rate_kg_s=exhaust_kg_s,
            molecular_weight_g_mol=gas.molecular_weight_g_mol,
            temperature_k=temperature_k,
            wind_speed_m_s=wind_speed_m_s,
            wind_from_deg=wind_from_deg,
            stability=stability,
            exposure_min=exposure_min,
            coefficients=coefficients,
        )
        missing = _missing_thresholds(leak.substance)
        if missing:
            assumptions.append(_no_published(missing))
    return RoomLeakZones(
        hazard_id=leak.id,
        name=leak.name,
        name_en=leak.name_en,
        substance=leak.substance,
        location_id=loc.id,
        location_name=loc.name,
        location_name_en=loc.name_en,
        x_m=loc.x_m,
        y_m=loc.y_m,
        volume_m3=loc.room.volume_m3,
        air_changes_per_h=loc.room.air_changes_per_h,
        leak_l_s=leak.leak_l_s,
        starts_at_min=leak.starts_at_min,
        steady_state_ppm=state.steady_state_ppm,
        time_constant_s=1.0 / state.rate_per_s,
        concentration_ppm=concentration,
        thresholds=tuple(times),
        exhaust_rate_kg_s=exhaust_kg_s,
        plume=plume,
        assumptions=tuple(assumptions),
        substance_fraction=share,
        mixture_names=None if leak.mixture is None else _mixture_names(leak),
    )


def _plume_thresholds(
    substance: str, exposure_min: float
) -> list[tuple[str, Family, int | None, float]]:
    """(label, family, level, ppm) of every published threshold, least severe first."""
    out: list[tuple[str, Family, int | None, float]] = []
    for level in _LEVELS:
        ppm = aegl_ppm(substance, level, exposure_min)
        if ppm is not None:
            out.append((f"AEGL-{level} ({exposure_min:g} min)", "AEGL", level, ppm))
    for level in _LEVELS:
        ppm = erpg_ppm(substance, level)
        if ppm is not None:
            out.append((f"ERPG-{level}", "ERPG", level, ppm))
    idlh = idlh_ppm(substance)
    if idlh is not None:
        out.append(("IDLH", "IDLH", None, idlh))
    return out


def _missing_thresholds(substance: str) -> list[str]:
    missing = [f"AEGL-{lv}" for lv in _LEVELS if aegl_ppm(substance, lv, 60.0) is None]
    missing += [f"ERPG-{lv}" for lv in _LEVELS if erpg_ppm(substance, lv) is None]
    if idlh_ppm(substance) is None:
        missing.append("IDLH")
    return missing


def _plume(
    scenario: Scenario,
    *,
    substance: str,
    exclude: str,
    x_m: float,
    y_m: float,
    release_height_m: float,
    rate_kg_s: float,
    molecular_weight_g_mol: float,
    temperature_k: float,
    wind_speed_m_s: float,
    wind_from_deg: float,
    stability: StabilityClass,
    exposure_min: float,
    coefficients: CoefficientSet,
    jet_diameter_m: float = 0.0,
    volume_fraction: float = 1.0,
    jet_molecular_weight_g_mol: float | None = None,
) -> Plume:
    """The plume of ``substance`` from (x_m, y_m) at ``release_height_m``, and its zones.

    ``exclude`` is the source's own location id, not classified against its plume.
    """
    base = Plume(
        substance=substance,
        molecular_weight_g_mol=molecular_weight_g_mol,
        source_x_m=x_m,
        source_y_m=y_m,
        release_height_m=release_height_m,
        receptor_height_m=RECEPTOR_HEIGHT_M,
        rate_kg_s=rate_kg_s,
        wind_speed_m_s=wind_speed_m_s,
        wind_from_deg=wind_from_deg,
        stability=stability,
        coefficients=coefficients,
        temperature_k=temperature_k,
        exposure_min=exposure_min,
        zones=(),
        jet_diameter_m=jet_diameter_m,
        volume_fraction=volume_fraction,
        jet_molecular_weight_g_mol=jet_molecular_weight_g_mol,
    )
    located = _located(scenario, exclude=exclude)
    east = np.array([loc.x_m for loc in located], dtype=np.float64)
    north = np.array([loc.y_m for loc in located], dtype=np.float64)
    ppm_at = base.concentration_ppm(east, north)
    down, cross = downwind_crosswind_m(
        source_east_m=x_m,
        source_north_m=y_m,
        receptor_east_m=east,
        receptor_north_m=north,
        wind_from_deg=wind_from_deg,
    )
    points = [
        SitePoint(
            id=loc.id,
            name=loc.name,
            name_en=loc.name_en,
            x_m=float(east[i]),
            y_m=float(north[i]),
            distance_m=math.hypot(east[i] - x_m, north[i] - y_m),
            downwind_m=float(down[i]),
            crosswind_m=float(cross[i]),
            concentration_ppm=float(ppm_at[i]),
        )
        for i, loc in enumerate(located)
    ]
    zones: list[PlumeZone] = []
    for label, family, level, ppm in _plume_thresholds(substance, exposure_min):
        reach = base.axis_reach_m(ppm)
        zone = PlumeZone(
            label=label,
            family=family,
            level=level,
            threshold_ppm=ppm,
            distance_m=reach,
            max_half_width_m=0.0,
            inside=tuple(p for p in points if (p.concentration_ppm or 0.0) >= ppm),
        )
        if reach is not None:
            x = np.geomspace(0.5, min(reach, MAX_SEARCH_M), 2000)
            width = float(np.max(base.half_width_m(zone, x)))
            zone = replace(zone, max_half_width_m=width)
        zones.append(zone)
    return replace(base, zones=tuple(zones))


def _gas_release(
    scenario: Scenario,
    release: GasRelease,
    *,
    at_min: float | None,
    replayed: HazardField | None = None,
    wind_speed_m_s: float,
    wind_from_deg: float,
    stability: StabilityClass,
    exposure_min: float,
    coefficients: CoefficientSet,
) -> GasReleaseZones:
    loc = scenario.location(release.location)
    gas = gas_properties(release.substance)
    term = source_term(release, scenario.weather.temperature_c)
    pressure_pa = term.pressure_pa_abs
    ratio = pressure_pa / ATM_PA
    rate_kg_s = term.initial_rate_kg_s
    stopped_at: float | None = None
    if at_min is not None and at_min >= release.starts_at_min:
        since = at_min - release.starts_at_min
        rate_kg_s = [r for t, r in term.profile if t <= since][-1]
        src = None if replayed is None else replayed.outdoors.get(release.id)
        if src is not None:
            rate_kg_s = float(src.rate_series(np.array([at_min]))[0])
            stopped_at = src.stopped_at
    lasts = (
        "The pressure is held, so the rate is steady until the release is stopped."
        if term.empties_after_min is None
        else f"The vessel is empty after {term.empties_after_min:.3g} min at this rate."
    )
    lasts_zh = (
        "压力保持不变，泄漏速率恒定，直至泄漏被制止。"
        if term.empties_after_min is None
        else f"按此速率，容器在 {term.empties_after_min:.3g} 分钟后排空。"
    )
    barg = (pressure_pa - ATM_PA) / 1e5
    if release.phase == "liquid":
        assert term.flash_fraction is not None and term.airborne_fraction is not None
        assumptions = [
            Note(
                f"Liquefied {gas.formula} leaves the hole as liquid (hole shorter than 10 cm: "
                f"Fauske's model in its liquid limit, Crowl and Louvar §4-9): "
                f"{term.liquid_rate_kg_s:.4g} kg/s through {release.hole_mm:g} mm at "
                f"{barg:.3g} barg (vapour pressure at "
                f"{release.temperature_c:g} °C unless padded), "
                f"Cd {release.discharge_coefficient:g}. "
                f"Flash fraction Cp (T - Tb)/h_fg = {term.flash_fraction:.3g}; the flashed "
                f"vapour carries as much aerosol, so {term.airborne_fraction:.3g} of it, "
                f"{term.initial_rate_kg_s:.4g} kg/s, forms the cloud (CCPS 1999 §2.2.1); the "
                f"rest rains out (pool evaporation not modelled). {lasts}",
                f"液化 {gas.formula} 以液相流出孔口（孔道短于 10 cm，取 Fauske 模型的液相极限，"
                f"Crowl 和 Louvar §4-9）：{term.liquid_rate_kg_s:.4g} kg/s，孔径 "
                f"{release.hole_mm:g} mm，表压 {barg:.3g} bar（未加压时为 "
                f"{release.temperature_c:g} °C 下的饱和蒸气压），流量系数 "
                f"{release.discharge_coefficient:g}。闪蒸率 Cp (T - Tb)/h_fg = "
                f"{term.flash_fraction:.3g}；闪蒸气携带等量雾滴，故其中 "
                f"{term.airborne_fraction:.3g}，即 {term.initial_rate_kg_s:.4g} kg/s 形成气团"
                f"（CCPS 1999 §2.2.1），其余落地（未计液池蒸发）。{lasts_zh}",
            )
        ]
    else:
        regime = (
            f"choked: P/Pa = {ratio:.3g} >= {term.critical_pressure_ratio:.4g}"
            if term.choked
            else f"not choked: P/Pa = {ratio:.3g} < {term.critical_pressure_ratio:.4g}"
        )
        regime_zh = (
            f"临界流：P/Pa = {ratio:.3g} ≥ {term.critical_pressure_ratio:.4g}"
            if term.choked
            else f"亚临界流：P/Pa = {ratio:.3g} < {term.critical_pressure_ratio:.4g}"
        )
        decay = (
            f" The vessel ({release.vessel_volume_m3:g} m3) empties: the pressure decays "
            "(isothermal blowdown)."
            if release.vessel_volume_m3 is not None
            else ""
        )
        decay_zh = (
            f"容器（{release.vessel_volume_m3:g} m3）逐渐排空，压力随之下降（等温泄放）。"
            if release.vessel_volume_m3 is not None
            else ""
        )
        assumptions = [
            Note(
                f"Hole flow of an ideal gas expanding isentropically (CCPS 1999 §2.1.2): "
                f"{term.initial_rate_kg_s:.4g} kg/s of {gas.formula} through "
                f"{release.hole_mm:g} mm at {barg:g} barg and "
                f"{release.temperature_c:g} °C, Cd {release.discharge_coefficient:g} "
                f"({regime}).{decay} {lasts}",
                f"理想气体经孔口等熵膨胀流出（CCPS 1999 §2.1.2）：{gas.formula} "
                f"{term.initial_rate_kg_s:.4g} kg/s，孔径 {release.hole_mm:g} mm，表压 "
                f"{barg:g} bar，{release.temperature_c:g} °C，流量系数 "
                f"{release.discharge_coefficient:g}（{regime_zh}）。{decay_zh}{lasts_zh}",
            )
        ]
    mixed = release.mixture is not None and term.gas is not None
    if mixed:
        assumptions.append(_mixture_note(release, term))
    if at_min is not None and rate_kg_s != term.initial_rate_kg_s:
        assumptions.append(
            Note(
                f"At minute {at_min:g} the release gives {rate_kg_s:.4g} kg/s.",
                f"第 {at_min:g} 分钟时泄漏速率为 {rate_kg_s:.4g} kg/s。",
            )
        )
    jet_diameter_m = term.jet_diameter_m * math.sqrt(
        rate_kg_s / term.initial_rate_kg_s if term.initial_rate_kg_s > 0 else 0.0
    )
    plume: Plume | None = None
    if loc.x_m is None or loc.y_m is None:  # the loader rejects this; kept for code
        assumptions.append(_no_coordinates(loc))
    elif at_min is not None and at_min < release.starts_at_min:
        assumptions.append(
            Note(
                f"No outdoor plume: the release starts at minute {release.starts_at_min:g}, "
                f"after minute {at_min:g}.",
                f"无室外烟羽：泄漏在第 {release.starts_at_min:g} 分钟开始，"
                f"晚于第 {at_min:g} 分钟。",
            )
        )
    elif rate_kg_s <= 0 and stopped_at is not None:
        assumptions.append(
            Note(
                f"No outdoor plume: the release was stopped at minute {stopped_at:g}.",
                f"无室外烟羽：泄漏已在第 {stopped_at:.1f} 分钟制止。",
            )
        )
    elif rate_kg_s <= 0:
        assumptions.append(
            Note(
                f"No outdoor plume: the vessel is empty by minute {at_min:g}.",
                f"无室外烟羽：容器在第 {at_min:g} 分钟前已排空。",
            )
        )
    else:
        temperature_k = scenario.weather.temperature_c + ZERO_C_K
        assumptions.append(
            Note(
                f"Continuous point source {release.height_m:g} m above the ground at the hole; "
                f"Gaussian plume ({coefficients}), receptors at {RECEPTOR_HEIGHT_M:g} m, gas at "
                "the air temperature. Near the hole the jet (equivalent diameter "
                f"{jet_diameter_m * 1000:.3g} mm, Thring and Newby 1953) dilutes itself "
                "as a free jet pointing downwind, Y = 5.0 d_eq / x (Chen and Rodi 1980); each "
                "point takes the more dilute of jet and plume, never more than the pure gas.",
                f"孔口处离地 {release.height_m:g} m 的连续点源；高斯烟羽模型"
                f"（{DISPERSION_ZH[coefficients]}），受体高度 {RECEPTOR_HEIGHT_M:g} m，"
                "气体温度取气温。"
                f"孔口附近的射流（当量直径 {jet_diameter_m * 1000:.3g} mm，Thring 和 Newby 1953）"
                "按顺风自由射流自行稀释，Y = 5.0 d_eq / x（Chen 和 Rodi 1980）；每一点取射流与"
                "烟羽中较稀的浓度，且不超过纯气体。",
            )
        )
        cloud = gas.molecular_weight_g_mol
        cloud_en, cloud_zh = gas.formula, gas.formula
        if mixed and term.gas is not None:
            cloud = term.gas.molecular_weight_g_mol
            cloud_en, cloud_zh = _mixture_names(release)
        density_ratio = cloud / AIR_MOLECULAR_WEIGHT_G_MOL
        if density_ratio > 1.1:
            assumptions.append(
                Note(
                    f"{cloud_en} is {density_ratio:.2g} times as dense as air: near the "
                    "source a dense cloud hugs the ground and spreads sideways, which a passive "
                    "plume does not describe; a dense-gas model (e.g. DEGADIS in ALOHA) may give "
                    "other distances.",
                    f"{cloud_zh} 的密度是空气的 {density_ratio:.2g} 倍：泄漏源附近的重气云贴地"
                    "横向扩展，被动烟羽模型不能描述；重气模型（如 ALOHA 中的 DEGADIS）"
                    "可能给出不同的距离。",
                )
            )
        plume = _plume(
            scenario,
            substance=release.substance,
            exclude=release.location,
            x_m=loc.x_m,
            y_m=loc.y_m,
            release_height_m=release.height_m,
            rate_kg_s=rate_kg_s,
            molecular_weight_g_mol=gas.molecular_weight_g_mol,
            temperature_k=temperature_k,
            wind_speed_m_s=wind_speed_m_s,
            wind_from_deg=wind_from_deg,
            stability=stability,
            exposure_min=exposure_min,
            coefficients=coefficients,
            jet_diameter_m=jet_diameter_m,
            volume_fraction=term.gas.volume_fraction if mixed and term.gas else 1.0,
            jet_molecular_weight_g_mol=term.gas.molecular_weight_g_mol
            if mixed and term.gas
            else None,
        )
        missing = _missing_thresholds(release.substance)
        if missing:
            assumptions.append(_no_published(missing))
    return GasReleaseZones(
        hazard_id=release.id,
        name=release.name,
        name_en=release.name_en,
        substance=release.substance,
        location_id=loc.id,
        location_name=loc.name,
        location_name_en=loc.name_en,
        x_m=loc.x_m,
        y_m=loc.y_m,
        hole_mm=release.hole_mm,
        pressure_barg=(pressure_pa - ATM_PA) / 1e5,
        temperature_c=release.temperature_c,
        discharge_coefficient=release.discharge_coefficient,
        release_height_m=release.height_m,
        starts_at_min=release.starts_at_min,
        mass_rate_kg_s=rate_kg_s,
        choked=term.choked,
        pressure_ratio=ratio,
        critical_pressure_ratio=term.critical_pressure_ratio,
        plume=plume,
        assumptions=tuple(assumptions),
        phase=release.phase,
        liquid_rate_kg_s=term.liquid_rate_kg_s,
        flash_fraction=term.flash_fraction,
        airborne_fraction=term.airborne_fraction,
        empties_after_min=term.empties_after_min,
    )


_MIXTURE_EN = {
    "natural_gas": "natural gas",
    "blast_furnace_gas": "blast-furnace gas",
    "coke_oven_gas": "coke-oven gas",
}


def _mixture_names(release: GasRelease | RoomLeak) -> tuple[str, str]:
    """The mixture a release lets out, in English and Chinese."""
    assert release.mixture is not None
    name = release.mixture.gas
    if name is None:
        return "the gas mixture", "该混合气体"
    return _MIXTURE_EN[name], MIXTURES[name].name_zh


def _mixture_note(release: GasRelease, term: SourceTerm) -> Note:
    """What leaves the hole when the substance escapes in a mixture (D15)."""
    assert term.gas is not None
    mix = term.gas
    en, zh = _mixture_names(release)
    sub = release.substance
    whole = term.initial_rate_kg_s / mix.mass_fraction
    return Note(
        f"The gas leaving the hole is {en}: {mix.volume_fraction:.3g} {sub} by volume "
        f"({mix.volume_fraction * 1e6:.4g} ppm at the hole), molar mass "
        f"{mix.molecular_weight_g_mol:.4g} g/mol, Cp/Cv {mix.heat_capacity_ratio:.4g} "
        f"(ideal-gas mixture, docs/REFERENCE.md D15). The hole flow is of the mixture, "
        f"{whole:.4g} kg/s, of which {sub} is {mix.mass_fraction:.3g} by mass; the plume "
        f"carries the {sub}, the jet dilutes the mixture.",
        f"孔口泄出的是{zh}：{sub} 体积分数 {mix.volume_fraction:.3g}（孔口处 "
        f"{mix.volume_fraction * 1e6:.4g} ppm），摩尔质量 {mix.molecular_weight_g_mol:.4g} "
        f"克/摩尔，绝热指数 {mix.heat_capacity_ratio:.4g}（按理想气体混合物计算）。"
        f"孔口流量按混合气计，{whole:.4g} kg/s，其中 {sub} 的质量"
        f"分数为 {mix.mass_fraction:.3g}；烟羽按 {sub} 计，射流按混合气稀释。",
    )


def _pipeline(
    scenario: Scenario,
    rupture: PipelineRupture,
    *,
    at_min: float | None,
    replayed: HazardField | None = None,
) -> PipelineZones:
    loc = scenario.location(rupture.location)
    pir = potential_impact_radius_m(
        rupture.diameter_mm / MM_PER_IN, rupture.pressure_mpa * PSI_PER_MPA
    )
    pipe = None if replayed is None else replayed.pipelines.get(rupture.id)
    outflow = pipeline_outflow(rupture) if pipe is None else pipe.outflow
    closed_at = None if pipe is None else pipe.stopped_at
    delay = rupture.ignition_delay_min if rupture.ignited else 0.0
    if at_min is None and delay > 0:
        burning = float(outflow.rate_kg_s(delay * 60.0))
        basis = Note(
            f"Wilson outflow when the gas ignites, {delay:g} min after the rupture, valves open",
            f"断裂后 {delay:g} 分钟气体被引燃时的 Wilson 泄放速率，阀门未关闭",
        )
    elif at_min is None:
        burning = outflow.initial_rate_kg_s
        basis = Note(
            "Wilson initial outflow (t = 0), the upper bound of the first seconds",
            "Wilson 初始泄放速率（t = 0），即最初几秒的上限",
        )
    elif rupture.starts_at_min <= at_min < rupture.starts_at_min + delay:
        burning = 0.0
        basis = Note(
            f"not yet ignited at minute {at_min:g} (the gas ignites at minute "
            f"{rupture.starts_at_min + delay:g})",
            f"第 {at_min:g} 分钟时尚未着火"
            f"（气体在第 {rupture.starts_at_min + delay:g} 分钟被引燃）",
        )
    elif at_min < rupture.starts_at_min:
        burning = 0.0
        basis = Note(
            f"no outflow yet at minute {at_min:g} (rupture at minute {rupture.starts_at_min:g})",
            f"第 {at_min:g} 分钟时尚无泄放（管道在第 {rupture.starts_at_min:g} 分钟断裂）",
        )
    else:
        t_s = (at_min - rupture.starts_at_min) * 60.0
        burning = float(outflow.rate_kg_s(t_s))
        feed = f", fed {rupture.supply_kg_s:g} kg/s" if rupture.supply_kg_s > 0 else ""
        feed_zh = f"，上游补气 {rupture.supply_kg_s:g} kg/s" if rupture.supply_kg_s > 0 else ""
        valves = (
            f", valves closed at minute {closed_at:g}" if closed_at is not None else ", valves open"
        )
        valves_zh = (
            f"，阀门在第 {closed_at:g} 分钟关闭" if closed_at is not None else "，阀门未关闭"
        )
        basis = Note(
            f"Wilson outflow {t_s:g} s after the rupture{feed}{valves}",
            f"断裂后 {t_s:g} s 的 Wilson 泄放速率{feed_zh}{valves_zh}",
        )

    located = _located(scenario, exclude=rupture.location)
    points: list[SitePoint] = []
    if loc.x_m is not None and loc.y_m is not None:
        points = [
            SitePoint(
                id=p.id,
                name=p.name,
                name_en=p.name_en,
                x_m=float(p.x_m or 0.0),
                y_m=float(p.y_m or 0.0),
                distance_m=math.hypot((p.x_m or 0.0) - loc.x_m, (p.y_m or 0.0) - loc.y_m),
            )
            for p in located
        ]
    thermal = []
    for effect, flux in THERMAL_THRESHOLDS_W_M2.items():
        radius = distance_to_flux_m(flux_w_m2=flux, mass_rate_kg_s=burning) if burning > 0 else 0.0
        thermal.append(
            ThermalZone(
                label=f"{flux / 1000:g} kW/m2: {effect}",
                flux_w_m2=flux,
                radius_m=radius,
                inside=tuple(p for p in points if p.distance_m <= radius),
            )
        )
    assumptions = [
        Note(
            "Potential impact radius r = 0.69 d sqrt(p) (49 CFR 192.903; d in inches, p in "
            "psig); natural gas only.",
            "潜在影响半径 r = 0.69 d √p（49 CFR 192.903；d 以英寸计，p 以 psig 计），"
            "仅适用于天然气。",
        ),
        Note(
            f"Jet fire burning {burning:.4g} kg/s: {basis.en}; double-ended guillotine break, "
            "discharge coefficient 1, natural gas as methane at the gas temperature, ideal gas.",
            f"喷射火燃烧速率 {burning:.4g} kg/s：{basis.zh}；按管道全断面断裂、双端泄放，"
            "流量系数 1，天然气按甲烷计、取管输温度，视为理想气体。",
        ),
        Note(
            "Point-source radiation: 20 % of 50 MJ/kg radiated, no atmospheric absorption "
            f"(Stephens 2000). The outflow falls fast (Wilson time constant "
            f"{outflow.time_constant_s:.0f} s), so radii from the initial rate overstate all "
            "but the first moments; the PIR assumes a decayed rate.",
            "点源热辐射：50 MJ/kg 中 20 % 以辐射散发，不计大气吸收（Stephens 2000）。泄放速率"
            f"下降很快（Wilson 时间常数 {outflow.time_constant_s:.0f} s），按初始速率算出的"
            "半径除最初片刻外都偏大；潜在影响半径对应的是衰减后的速率。",
        ),
    ]
    equivalent = distance_to_flux_m(flux_w_m2=1.0, mass_rate_kg_s=1.0)
    equivalent_rate = (pir / equivalent) ** 2 * PIR_FLUX_W_M2
    equivalent_after = _time_to_rate_s(outflow, equivalent_rate)
    if equivalent_after is not None:
        assumptions.append(
            Note(
                f"The PIR is the 15.8 kW/m2 radius of {equivalent_rate:.4g} kg/s burning, "
                f"the Wilson outflow {equivalent_after:.0f} s after the rupture.",
                f"潜在影响半径相当于燃烧速率 {equivalent_rate:.4g} kg/s 时 15.8 kW/m2 的半径，"
                f"即断裂后 {equivalent_after:.0f} s 的 Wilson 泄放速率。",
            )
        )
    assumptions.append(
        Note(
            "A point source is not valid within about a flame length of the fire.",
            "距火焰约一个火焰长度以内，点源模型不适用。",
        )
    )
    if loc.x_m is None or loc.y_m is None:
        assumptions.append(
            Note(
                f"Location {loc.id!r} has no x_m, y_m: no site locations classified.",
                f"“{loc.name}”未给出坐标：未判断场内各地点是否在影响范围内。",
            )
        )
    if not rupture.ignited:
        assumptions.append(
            Note(
                "The scenario's gas does not ignite: the fire zones apply if it does.",
                "本情景中气体未着火：着火时适用上述火灾影响范围。",
            )
        )
    return PipelineZones(
        hazard_id=rupture.id,
        name=rupture.name,
        name_en=rupture.name_en,
        location_id=loc.id,
        x_m=loc.x_m,
        y_m=loc.y_m,
        diameter_mm=rupture.diameter_mm,
        pressure_mpa=rupture.pressure_mpa,
        segment_length_km=rupture.segment_length_km,
        ignited=rupture.ignited,
        starts_at_min=rupture.starts_at_min,
        potential_impact_radius_m=pir,
        pir_inside=tuple(p for p in points if p.distance_m <= pir),
        inventory_kg=outflow.inventory_kg,
        initial_rate_kg_s=outflow.initial_rate_kg_s,
        time_constant_s=outflow.time_constant_s,
        burning_rate_kg_s=burning,
        burning_rate_basis=basis,
        pir_equivalent_rate_kg_s=equivalent_rate,
        pir_equivalent_after_s=equivalent_after,
        thermal=tuple(thermal),
        assumptions=tuple(assumptions),
    )


def _time_to_rate_s(outflow: Outflow, rate_kg_s: float) -> float | None:
    """When the (falling) outflow drops to ``rate_kg_s``; ``None`` if it never does."""
    if rate_kg_s >= outflow.initial_rate_kg_s:
        return 0.0
    if rate_kg_s <= 0:
        return None
    lo, hi = 0.0, outflow.time_constant_s
    while outflow.rate_kg_s(hi) > rate_kg_s:
        lo, hi = hi, 2.0 * hi
        if hi > 1e9:
            return None
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        if outflow.rate_kg_s(mid) > rate_kg_s:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


__all__ = [
    "DEFAULT_EXPOSURE_MIN",
    "RECEPTOR_HEIGHT_M",
    "GasReleaseZones",
    "HazardZones",
    "PipelineZones",
    "Plume",
    "PlumeZone",
    "RoomLeakZones",
    "RoomThresholdTime",
    "SitePoint",
    "ThermalZone",
    "ThreatZones",
    "threat_zones",
]
