"""The scenario file: the accident world a plan is tested against."""

from __future__ import annotations

import itertools
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from sim.base import FileModel, Named, Prose
from sim.bounds import (
    AirChanges,
    Coordinate,
    DateTime,
    Degrees,
    Factor,
    Height,
    HoleDiameter,
    Infiltration,
    LeakRate,
    MassRate,
    Minutes,
    PeopleCount,
    PipeDiameter,
    PositiveMinutes,
    Ppm,
    PressureBar,
    PressureMPa,
    RoomVolume,
    SegmentLength,
    WindSpeed,
)
from sim.distributions import Distribution, as_distribution
from sim.physics.mixture import component, typical_fraction
from sim.physics.room import decay_steps
from sim.vocabulary import Condition, Effect

Stability = Literal["A", "B", "C", "D", "E", "F"]


class Room(FileModel):
    volume_m3: RoomVolume = Field(description="Free air volume of the room, m3.")
    air_changes_per_h: AirChanges = Field(description="Ventilation, air changes per hour.")


class Location(Named):
    kind: Literal["room", "outdoor", "building", "offsite"] = Field(
        description="room: enclosed, well-mixed air; building: shelter; offsite: beyond the site."
    )
    x_m: Coordinate | None = Field(default=None, description="Easting from the site origin, m.")
    y_m: Coordinate | None = Field(default=None, description="Northing from the site origin, m.")
    room: Room | None = Field(default=None, description="Required for kind: room.")
    infiltration_ach: Infiltration = Field(
        default=0.5,
        description="Air changes per hour with doors, windows and vents shut: the rate "
        "people sheltering here close the place up to (0.5/h is typical of a house).",
    )
    ventilation_ach: Infiltration | None = Field(
        default=None,
        description="Air changes per hour in normal use, before anyone closes up: windows "
        "as people keep them, ventilation running (opening one window adds 0.1-2.8/h, "
        "Howard-Reed et al. 2002). Sheltering lowers it to infiltration_ach; ending the "
        "shelter restores it. Default: infiltration_ach (the place is kept shut).",
    )

    @model_validator(mode="after")
    def _room_has_air(self) -> Location:
        if self.kind == "room" and self.room is None:
            raise ValueError(
                "a location of kind 'room' needs 'room: {volume_m3, air_changes_per_h}'"
            )
        if self.ventilation_ach is not None and self.ventilation_ach < self.infiltration_ach:
            raise ValueError(
                f"expected ventilation_ach (normal use) at least infiltration_ach (closed "
                f"up), found {self.ventilation_ach:g} < {self.infiltration_ach:g}"
            )
        return self

    @model_validator(mode="after")
    def _both_coordinates(self) -> Location:
        if (self.x_m is None) != (self.y_m is None):
            given, missing = ("x_m", "y_m") if self.y_m is None else ("y_m", "x_m")
            raise ValueError(
                f"expected both x_m and y_m or neither, found {given} without {missing}"
            )
        return self


class TravelLink(FileModel):
    between: tuple[str, str] = Field(description="Two location ids; travel is symmetric.")
    minutes: PositiveMinutes = Field(description="Typical travel time, minutes.")


class Variation(FileModel):
    """Multiplicative triangular spread applied to every travel time."""

    low: Factor = Field(default=0.9)
    mode: Factor = Field(default=1.0)
    high: Factor = Field(default=1.3)

    @model_validator(mode="after")
    def _ordered(self) -> Variation:
        if not self.low <= self.mode <= self.high:
            raise ValueError(
                f"expected low <= mode <= high, found {self.low}, {self.mode}, {self.high}"
            )
        return self


class Travel(FileModel):
    variation: Variation = Field(default_factory=Variation)
    links: list[TravelLink] = Field(
        min_length=1, description="Travel times between neighbouring locations."
    )


class Site(FileModel):
    locations: list[Location] = Field(min_length=1)
    travel: Travel


class Weather(FileModel):
    wind_speed_m_s: WindSpeed = Field(description="Wind speed at 10 m, m/s.")
    wind_from_deg: Degrees = Field(description="Direction the wind blows from.")
    stability: Stability = Field(description="Pasquill stability class.")
    temperature_c: float = Field(allow_inf_nan=False, strict=True, default=20.0, ge=-60, le=60)
    dispersion: Literal["pasquill-gifford", "briggs-rural", "briggs-urban"] = Field(
        default="pasquill-gifford", description="Dispersion-coefficient set of the plume model."
    )


class DecayStep(FileModel):
    after_min: Minutes = Field(description="Minutes after the release starts.")
    factor: float = Field(
        ge=0,
        le=1,
        strict=True,
        allow_inf_nan=False,
        description="From then on the rate is this share of the initial rate (0: it has ended).",
    )


class SourceDecay(FileModel):
    """How a source weakens by itself: gas coming off disturbed sludge or a spill, a
    vessel whose contents run down. Give a half-life, or a measured profile."""

    half_life_min: PositiveMinutes | None = Field(
        default=None,
        description="First-order decay: the rate halves every this many minutes.",
    )
    profile: list[DecayStep] | None = Field(
        default=None,
        min_length=1,
        max_length=1000,
        description="Steps of the rate as a share of the initial rate, in time order; "
        "before the first step the rate is the initial rate.",
    )

    @model_validator(mode="after")
    def _one_way(self) -> SourceDecay:
        if (self.half_life_min is None) == (self.profile is None):
            raise ValueError("a decay needs exactly one of 'half_life_min' or 'profile'")
        if self.profile is not None:
            times = [s.after_min for s in self.profile]
            if any(b <= a for a, b in itertools.pairwise(times)):
                raise ValueError("expected the profile's 'after_min' in increasing order")
        return self

    def steps(self) -> tuple[tuple[float, float], ...]:
        """(minutes after the start, factor) steps, starting at 0."""
        if self.half_life_min is not None:
            return decay_steps(self.half_life_min)
        assert self.profile is not None
        out = [(s.after_min, s.factor) for s in self.profile]
        return tuple(out if out[0][0] == 0 else [(0.0, 1.0), *out])


MixtureGas = Literal["natural_gas", "blast_furnace_gas", "coke_oven_gas"]
"""The named gases of ``sim.physics.mixture.MIXTURES``."""


class Mixture(FileModel):
    """The gas the toxic substance escapes in (blast-furnace gas, sour natural gas): a
    named gas of typical composition, or the mixture's own molecular weight and
    heat-capacity ratio from a gas analysis."""

    gas: MixtureGas | None = Field(
        default=None,
        description="natural_gas (methane), blast_furnace_gas (高炉煤气, about 25 % CO), "
        "coke_oven_gas (焦炉煤气, about 6 % CO): typical compositions, sources in "
        "sim/physics/mixture.py. The substance replaces its own share; the other gases keep "
        "their proportions.",
    )
    molecular_weight_g_mol: float | None = Field(
        default=None,
        ge=2,
        le=200,
        strict=True,
        allow_inf_nan=False,
        description="Molar mass of the whole mixture, g/mol (with heat_capacity_ratio, "
        "instead of gas).",
    )
    heat_capacity_ratio: float | None = Field(
        default=None,
        gt=1,
        le=1.67,
        strict=True,
        allow_inf_nan=False,
        description="Cp/Cv of the whole mixture (with molecular_weight_g_mol, instead of gas).",
    )
    substance_fraction: float | None = Field(
        default=None,
        gt=0,
        le=1,
        strict=True,
        allow_inf_nan=False,
        description="Volume (mole) fraction of the substance in the mixture: 0.25 for a "
        "quarter. Default for a named gas: its typical share; required otherwise.",
    )

    @model_validator(mode="after")
    def _one_way(self) -> Mixture:
        own = (self.molecular_weight_g_mol, self.heat_capacity_ratio)
        if self.gas is not None and any(v is not None for v in own):
            raise ValueError(
                "a mixture is either a named 'gas' or 'molecular_weight_g_mol' with "
                "'heat_capacity_ratio', not both"
            )
        if self.gas is None and any(v is None for v in own):
            raise ValueError(
                "a mixture needs 'gas' or both 'molecular_weight_g_mol' and 'heat_capacity_ratio'"
            )
        return self


def _checked_mixture(mix: Mixture, substance: str) -> Mixture:
    """A mixture holds the substance: a named gas's typical share or the fraction given,
    and an analysis's molar mass at least that of the substance's share alone."""
    fraction = mix.substance_fraction
    if mix.gas is not None:
        if fraction is None and typical_fraction(mix.gas, substance) is None:
            raise ValueError(
                f"{mix.gas} holds no {substance} in its typical composition: "
                "give 'substance_fraction'"
            )
        return mix
    if fraction is None:
        raise ValueError("a mixture given by 'molecular_weight_g_mol' needs 'substance_fraction'")
    assert mix.molecular_weight_g_mol is not None
    least = fraction * component(substance).molecular_weight_g_mol
    if mix.molecular_weight_g_mol < least:
        raise ValueError(
            f"expected 'molecular_weight_g_mol' at least {least:.4g} (the substance's "
            f"share alone weighs that much), found {mix.molecular_weight_g_mol:g}"
        )
    return mix


def substance_fraction(mix: Mixture | None, substance: str) -> float:
    """The substance's volume fraction of the gas that escapes: 1 for the pure gas."""
    if mix is None:
        return 1.0
    if mix.substance_fraction is not None:
        return mix.substance_fraction
    assert mix.gas is not None
    typical = typical_fraction(mix.gas, substance)
    assert typical is not None  # checked on loading
    return typical


class RoomLeak(FileModel):
    """A toxic gas leaking into an enclosed room (well-mixed model)."""

    kind: Literal["room_leak"]
    id: str = Field(min_length=1, pattern=r"^[^\s]+$")
    name: str
    name_en: str | None = None
    substance: Literal["H2S", "Cl2", "NH3", "CO"]
    location: str = Field(description="Room location id.")
    leak_l_s: LeakRate = Field(
        description="Gas leak rate, litres per second of the gas that escapes (the pure "
        "substance, or its whole mixture); 0 for a space that holds only the gas gathered "
        "before T+0 (initial_ppm)."
    )
    starts_at_min: Minutes = Field(default=0.0)
    decay: SourceDecay | None = Field(
        default=None, description="How the leak weakens by itself; none: it lasts until stopped."
    )
    initial_ppm: float = Field(
        default=0.0,
        ge=0,
        le=1_000_000,
        strict=True,
        allow_inf_nan=False,
        description="Concentration of the substance in the room at T+0: gas that gathered "
        "before the accident (a closed sump, a tank not opened for days). Ventilation then "
        "carries it off. With a mixture, the rest of the mixture came with it.",
    )
    initial_oxygen_percent: float | None = Field(
        default=None,
        gt=0,
        le=20.9,
        strict=True,
        allow_inf_nan=False,
        description="Oxygen in the room at T+0, % by volume, as a detector would read it: "
        "below what the gas alone leaves when the air was also displaced or used up before "
        "(nitrogen purge, rusting steel, fermenting sludge). None: only the gas displaces it.",
    )
    isolable: bool = Field(
        default=True,
        description="Whether a valve or other means can stop the release; false for gas "
        "coming off sludge or a spill, where 'release stopped' does not apply.",
    )
    exhaust_height_m: Height = Field(
        default=2.0, description="Height of the ventilation exhaust (outdoor plume), m."
    )
    mixture: Mixture | None = Field(
        default=None,
        description="The substance leaks as part of a mixture (blast-furnace gas, coke-oven "
        "gas), as for a gas_release: leak_l_s is the whole mixture, the room's air holds "
        "substance_fraction of the gas that gathered, and all of it displaces oxygen "
        "(docs/REFERENCE.md D15). None: the pure substance.",
    )

    @field_validator("mixture", mode="after")
    @classmethod
    def _mixture_is_complete(cls, mix: Mixture | None, info: ValidationInfo) -> Mixture | None:
        substance = info.data.get("substance")
        if mix is None or substance is None:
            return mix
        return _checked_mixture(mix, substance)

    @property
    def substance_fraction(self) -> float:
        """The substance's volume fraction of the gas leaking (1 for the pure gas)."""
        return substance_fraction(self.mixture, self.substance)

    @model_validator(mode="after")
    def _oxygen_leaves_room_for_gas(self) -> RoomLeak:
        fraction = self.substance_fraction
        if self.initial_ppm > fraction * 1e6 + 1e-6:
            raise ValueError(
                f"expected 'initial_ppm' at most {fraction * 1e6:.0f} (the mixture's "
                f"substance_fraction {fraction:g} of the pure gas), found {self.initial_ppm:g}"
            )
        if self.initial_oxygen_percent is not None:
            room_for_gas = (1.0 - self.initial_oxygen_percent / 20.9) * 1e6
            if self.initial_ppm / fraction > room_for_gas + 1e-6:
                raise ValueError(
                    f"'initial_oxygen_percent' {self.initial_oxygen_percent:g} leaves room for "
                    f"at most {room_for_gas * fraction:.0f} ppm of gas (it displaces the oxygen "
                    f"too), found 'initial_ppm' {self.initial_ppm:g}"
                )
        return self


class GasRelease(FileModel):
    """A toxic gas escaping outdoors through a hole in a pressurised vessel or pipe, or a
    liquefied gas (chlorine, ammonia) escaping as liquid that partly flashes."""

    kind: Literal["gas_release"]
    id: str = Field(min_length=1, pattern=r"^[^\s]+$")
    name: str
    name_en: str | None = None
    substance: Literal["H2S", "Cl2", "NH3", "CO"]
    location: str = Field(description="Location id of the hole (needs coordinates).")
    hole_mm: HoleDiameter = Field(description="Equivalent hole diameter, mm.")
    phase: Literal["gas", "liquid"] = Field(
        default="gas",
        description="gas: compressed gas through the hole (CCPS orifice flow); liquid: a "
        "liquefied gas through a hole below the liquid level, part of which flashes "
        "(docs/REFERENCE.md D9).",
    )
    pressure_barg: PressureBar | None = Field(
        default=None,
        description="Pressure upstream of the hole, bar gauge. Required for phase gas; for "
        "phase liquid the vapour pressure at temperature_c unless padded higher.",
    )
    inventory_kg: float | None = Field(
        default=None,
        gt=0,
        le=1e9,
        strict=True,
        allow_inf_nan=False,
        description="Mass in the vessel: the release ends when it is gone. For phase gas "
        "give vessel_volume_m3 instead (the pressure then decays).",
    )
    vessel_volume_m3: float | None = Field(
        default=None,
        gt=0,
        le=1e6,
        strict=True,
        allow_inf_nan=False,
        description="Volume of a vessel of compressed gas: its pressure decays as it empties "
        "(isothermal blowdown) and the release ends at atmospheric pressure.",
    )
    temperature_c: float = Field(allow_inf_nan=False, strict=True, default=20.0, ge=-60, le=300)
    discharge_coefficient: float = Field(
        default=0.62,
        gt=0,
        le=1,
        strict=True,
        allow_inf_nan=False,
        description="0.62 for a sharp-edged hole (CCPS), 1 at most.",
    )
    height_m: Height = Field(default=1.0, description="Release height above ground, m.")
    starts_at_min: Minutes = Field(default=0.0)
    decay: SourceDecay | None = Field(
        default=None,
        description="How the release weakens by itself, on top of a vessel running down.",
    )
    isolable: bool = Field(
        default=True,
        description="Whether a valve or other means can stop the release; false for gas "
        "coming off sludge or a spill, where 'release stopped' does not apply.",
    )
    mixture: Mixture | None = Field(
        default=None,
        description="phase gas: the substance escapes as part of a mixture (blast-furnace "
        "gas, sour natural gas). The hole passes the mixture; the air holds the substance's "
        "share (at the hole substance_fraction x 1e6 ppm). None: the pure substance.",
    )

    @field_validator("mixture", mode="after")
    @classmethod
    def _mixture_is_complete(cls, mix: Mixture | None, info: ValidationInfo) -> Mixture | None:
        substance = info.data.get("substance")
        if mix is None or substance is None:
            return mix
        if info.data.get("phase") != "gas":
            raise ValueError("'mixture' is for a release of phase 'gas'")
        return _checked_mixture(mix, substance)

    @model_validator(mode="after")
    def _source_is_complete(self) -> GasRelease:
        if self.phase == "gas" and self.pressure_barg is None:
            raise ValueError("a release of phase 'gas' needs 'pressure_barg'")
        if self.phase == "liquid":
            if self.substance not in ("Cl2", "NH3"):
                raise ValueError(
                    f"expected a liquefied gas (Cl2 or NH3) for phase 'liquid', "
                    f"found {self.substance!r}"
                )
            if self.vessel_volume_m3 is not None:
                raise ValueError(
                    "a liquid release empties by 'inventory_kg', not 'vessel_volume_m3'"
                )
        if self.phase == "gas" and self.inventory_kg is not None:
            raise ValueError(
                "a gas release empties by 'vessel_volume_m3' (its pressure decays), "
                "not 'inventory_kg'"
            )
        return self


class PipelineRupture(FileModel):
    """Full-bore rupture of a natural-gas transmission pipeline."""

    kind: Literal["pipeline_rupture"]
    id: str = Field(min_length=1, pattern=r"^[^\s]+$")
    name: str
    name_en: str | None = None
    location: str = Field(description="Location id of the rupture (needs coordinates).")
    diameter_mm: PipeDiameter = Field(description="Nominal outside diameter, mm.")
    pressure_mpa: PressureMPa = Field(description="Operating pressure, MPa gauge.")
    segment_length_km: SegmentLength = Field(description="Length between the block valves, km.")
    ignited: bool = Field(default=True, description="Whether the escaping gas ignites.")
    ignition_delay_min: Minutes = Field(
        default=0.0,
        description="Minutes from the rupture until the escaping gas ignites (ignited: true): "
        "0 at once; after an excavator strike the gas often finds a spark only minutes "
        "later. Until then nothing burns; the fire then burns what the line gives off.",
    )
    starts_at_min: Minutes = Field(default=0.0)
    temperature_c: float = Field(
        allow_inf_nan=False,
        strict=True,
        default=15.0,
        ge=-40,
        le=80,
        description="Gas temperature.",
    )
    supply_kg_s: MassRate = Field(
        default=0.0,
        description="Throughput that keeps feeding the break until the block valves close, kg/s.",
    )

    @model_validator(mode="after")
    def _delay_needs_ignition(self) -> PipelineRupture:
        if self.ignition_delay_min > 0 and not self.ignited:
            raise ValueError("ignition_delay_min needs 'ignited: true' (the gas must ignite)")
        return self

    @property
    def ignites_at_min(self) -> float:
        """When the gas catches fire (minutes from the accident), if it does."""
        return self.starts_at_min + self.ignition_delay_min


Hazard = Annotated[RoomLeak | GasRelease | PipelineRupture, Field(discriminator="kind")]


class BlindRescue(FileModel):
    """A co-worker who, seeing someone collapse, is tempted to go in unprotected."""

    target: str | list[str] | None = Field(
        default=None,
        description="Person id, or ids, whose collapse tempts this person (someone they are "
        "told of or hear calling); with several, each collapse among them tempts anew (a "
        "chain rescue: a second would-be rescuer going in after the first). None: anyone "
        "they see collapse.",
    )
    sees: list[str] = Field(
        default_factory=list,
        description="Location ids in view besides where the person is (the bottom of a pit "
        "seen from its mouth): anyone collapsing there, or where the person is, tempts them "
        "too, one after another.",
    )
    notices: Condition | None = Field(
        default=None,
        description="When they find the casualty, if later than the collapse (e.g. "
        "{after_min: 5} for someone who comes by then).",
    )
    delay: Distribution = Field(
        description="Minutes from finding the casualty until they go in; incident reports "
        "describe seconds to a minute."
    )

    _coerce = field_validator("delay", mode="before")(as_distribution)

    @property
    def targets(self) -> list[str]:
        if self.target is None:
            return []
        return [self.target] if isinstance(self.target, str) else list(self.target)


RESPIRATOR_MIN_OXYGEN_PERCENT = {"filter_hood": 17.0, "filter_mask": 18.0, "self_contained": 0.0}
"""A filter only cleans the air it is given: GB 21976.7-2012 (过滤式消防自救呼吸器) applies
where the air holds at least 17 % oxygen; a filter gas mask (自吸过滤式防毒面具, GB 2890) is
not for oxygen-deficient air, below 18 % by GB/T 18664-2002 (呼吸防护用品的选择、使用与维护);
a self-contained self-rescuer (化学氧/压缩氧) supplies its own oxygen."""
FILTER_HOOD_RATED_MIN = 15.0
"""GB 21976.7-2012: a filter self-rescue hood protects for at least 15 min (its marking
gives its class: 15, 20, 25 or 30 min)."""
FILTER_MASK_APF = {"half": 10.0, "full": 100.0}
"""Assigned protection factors of negative-pressure air-purifying respirators (自吸过滤式),
GB/T 18664-2002 《呼吸防护用品的选择、使用与维护》: half mask 10, full facepiece 100. Air
leaks past the face seal: the wearer breathes 1/APF of the air outside."""
FILTER_MASK_DEFAULT_RATED_PPM = 1000.0
"""The concentration a filter mask's rated time holds at when its marking is not given:
1000 ppm (0.1 % by volume), the lowest gas-filter class of EN 14387 (class 1), a labelled
foreign assumption; GB 2890's own class table to be confirmed against the printed
standard. The canister holds about rated_ppm x rated_min ppm·min of gas."""


class Respirator(FileModel):
    """An escape hood or respirator a person carries and puts on to get out."""

    kind: Literal["filter_hood", "filter_mask", "self_contained"] = Field(
        description="filter_hood: 过滤式自救呼吸器 (GB 21976.7, oxygen at least 17 %); "
        "filter_mask: 自吸过滤式防毒面具 with a canister for the gas (GB 2890; oxygen at "
        "least 18 %, GB/T 18664); self_contained: a chemical- or "
        "compressed-oxygen self-rescuer, independent of the air around."
    )
    gases: list[Literal["H2S", "Cl2", "NH3", "CO"]] = Field(
        min_length=1,
        description="Gases its filter is rated for, from its marking (GB 2890: canister "
        "type B for Cl2 and H2S, K for NH3, CO for CO). A self-contained set protects "
        "from any gas: list the scenario's.",
    )
    rated_min: PositiveMinutes | None = Field(
        default=None,
        description="Rated protection time, minutes, from donning. Default for filter_hood "
        "15 (GB 21976.7 minimum); required for the other kinds.",
    )
    facepiece: Literal["half", "full"] | None = Field(
        default=None,
        description="filter_mask only: half mask (半面罩, assigned protection factor 10) "
        "or full facepiece (全面罩, 100), GB/T 18664-2002; the wearer breathes 1/APF of "
        "the air outside. Default full.",
    )
    rated_ppm: Ppm | None = Field(
        default=None,
        description="filter_mask and filter_hood: the concentration at which the filter "
        "holds for its rated time (its class on the marking or the maker's sheet). The "
        "filter takes up about rated_ppm x rated_min ppm·min of gas and breaks through "
        "sooner in stronger air. Default for filter_mask 1000 ppm (EN 14387 class 1, an "
        "assumption); a hood without it is limited by its rated time only.",
    )

    @model_validator(mode="after")
    def _rated(self) -> Respirator:
        if self.rated_min is None and self.kind != "filter_hood":
            raise ValueError(f"a respirator of kind '{self.kind}' needs 'rated_min'")
        if self.facepiece is not None and self.kind != "filter_mask":
            raise ValueError(f"'facepiece' is for a filter_mask, not a {self.kind}")
        if self.rated_ppm is not None and self.kind == "self_contained":
            raise ValueError("'rated_ppm' is for a filter; a self_contained set has none")
        return self

    @property
    def protection_min(self) -> float:
        return FILTER_HOOD_RATED_MIN if self.rated_min is None else self.rated_min

    @property
    def min_oxygen_percent(self) -> float:
        return RESPIRATOR_MIN_OXYGEN_PERCENT[self.kind]

    @property
    def leak_share(self) -> float:
        """Share of the outside air breathed while it protects: 1/APF for a filter mask,
        none for a hood or a self-contained set (no assigned factor: taken as tight)."""
        if self.kind != "filter_mask":
            return 0.0
        return 1.0 / FILTER_MASK_APF[self.facepiece or "full"]

    @property
    def capacity_ppm_min(self) -> float | None:
        """Gas the filter takes up before it breaks through, ppm·min; None: no limit
        but the rated time."""
        if self.kind == "self_contained":
            return None
        ppm = self.rated_ppm
        if ppm is None and self.kind == "filter_mask":
            ppm = FILTER_MASK_DEFAULT_RATED_PPM
        return None if ppm is None else ppm * self.protection_min


class Person(Named):
    role: str | None = Field(default=None, description="Job title, e.g. 氧化车间操作员.")
    location: str = Field(description="Where the person is at the start.")
    public: bool = Field(default=False, description="A member of the public (resident).")
    count: PeopleCount = Field(default=1, description="How many people this entry stands for.")
    blind_rescue: BlindRescue | None = None
    escapes: bool = Field(
        default=True,
        description="Leaves on their own when the air where they are is above IDLH (or oxygen "
        "below 19.5 %) and they can still walk. false for someone ordered to stay, or whose "
        "task or senses keep them there (H2S above 100 ppm paralyses smell).",
    )
    lifeline: bool = Field(
        default=False,
        description="Attached to the lifeline of a tripod and winch (harness and retrieval "
        "line): only such a person can be lifted out by a non-entry rescue.",
    )
    escape_to: str | None = Field(
        default=None,
        description="Where they escape to; by default the nearest place whose air is below IDLH.",
    )
    respirator: Respirator | None = Field(
        default=None,
        description="Escape hood or respirator carried, put on at the alarm or when they set "
        "off to escape or evacuate, whichever is first; it protects for its rated time.",
    )


class Inject(FileModel):
    """A master-scenario event list (MSEL) entry."""

    id: str = Field(min_length=1, pattern=r"^[^\s]+$")
    at_min: Minutes | None = Field(default=None, description="Fires at this time.")
    when: Condition | None = Field(default=None, description="Fires when this becomes true.")
    message: Prose = Field(description="What the players are told (Chinese).")
    message_en: str | None = Field(
        default=None, description="What the players are told, in English, for --lang en."
    )
    effects: list[Effect] = Field(default_factory=list)
    expected_action: Prose | None = Field(
        default=None, description="What the players are expected to do (Chinese)."
    )
    expected_action_en: str | None = Field(
        default=None, description="The expected action in English, for --lang en."
    )
    expected_step: str | None = Field(
        default=None, description="Plan step id that is the expected response."
    )
    expected_within_min: PositiveMinutes | None = Field(default=None)

    @model_validator(mode="after")
    def _one_trigger(self) -> Inject:
        if (self.at_min is None) == (self.when is None):
            raise ValueError("an inject needs exactly one of 'at_min' or 'when'")
        return self


class Scenario(FileModel):
    """The accident world: site, time, weather, hazards, people and injects."""

    id: str = Field(min_length=1, pattern=r"^[^\s]+$")
    name: str
    name_en: str | None = None
    description: Prose | None = Field(
        default=None, description="What happens and what the drill tests, for the report."
    )
    description_en: Prose | None = Field(
        default=None, description="The description in English, for English reports."
    )
    plan: str | None = Field(default=None, description="Default plan file, relative to this file.")
    start: DateTime = Field(description="Date and local time the accident begins.")
    horizon_min: PositiveMinutes = Field(default=480.0, description="Simulated minutes.")
    weather: Weather
    site: Site
    scene: list[str] = Field(
        min_length=1, description="Location ids that count as the scene for arrival times."
    )
    hazards: list[Hazard] = Field(min_length=1)
    people: list[Person] = Field(default_factory=list)
    injects: list[Inject] = Field(default_factory=list)
    absent_teams: list[str] = Field(
        default_factory=list, description="Plan team ids unavailable in this scenario."
    )

    def location(self, location_id: str) -> Location:
        for loc in self.site.locations:
            if loc.id == location_id:
                return loc
        raise KeyError(location_id)
