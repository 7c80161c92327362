"""Conditions and effects: the small language steps, levels and injects are written in.

Both are written in YAML as a one-key mapping, e.g. ``- step_completed: isolate``
or ``- stop_release: h2s_leak``; the model checks that exactly one key is given.
"""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from sim.base import FileModel
from sim.bounds import (
    AirChanges,
    Degrees,
    Fraction,
    Minutes,
    OxygenPercent,
    PositiveMinutes,
    Ppm,
    WindSpeed,
)

PersonState = Literal[
    "ok", "collapsed", "rescued", "handed_to_ems", "at_hospital", "evacuated", "dead"
]


class ConcentrationAbove(FileModel):
    location: str = Field(description="Location id whose concentration is tested.")
    ppm: Ppm = Field(description="Threshold in ppm by volume.")


class OxygenBelow(FileModel):
    location: str = Field(description="Location id whose oxygen is tested.")
    percent: OxygenPercent = Field(description="Oxygen, % by volume (19.5 is deficient).")


class MeasuredBelow(FileModel):
    location: str = Field(description="Location id whose last gas test is read.")
    ppm: Ppm = Field(description="The measured concentration must be at or below this.")
    oxygen_at_least_percent: OxygenPercent | None = Field(
        default=None,
        description="And the measured oxygen at least this, % by volume (19.5: not deficient, "
        "GB 8958-2006).",
    )


class PersonInState(FileModel):
    person: str
    state: PersonState


class ZoneReaches(FileModel):
    hazard: str = Field(description="Hazard id.")
    location: str = Field(description="Location id the hazard zone must reach.")


def _exactly_one(model: FileModel, what: str, besides: tuple[str, ...] = ()) -> None:
    fields = {
        name: info.alias or name
        for name, info in type(model).model_fields.items()
        if name not in besides
    }
    given = [fields[name] for name in fields if getattr(model, name) is not None]
    if len(given) != 1:
        options = ", ".join(fields.values())
        found = ", ".join(given) if given else "none"
        raise ValueError(f"expected exactly one {what} key of: {options}; found {found}")


class Condition(FileModel):
    """Something that becomes true during a run (all times in minutes from the accident)."""

    # ``not`` is a Python keyword, so the field is ``not_``: a plan written back by
    # ``model_dump()`` (sweeps, comparisons) must read in again.
    model_config = ConfigDict(
        **FileModel.model_config, validate_by_name=True, validate_by_alias=True
    )

    after_min: Minutes | None = Field(default=None, description="Time since the accident.")
    alarm_raised: Literal[True] | None = Field(default=None, description="The alarm was raised.")
    step_started: str | None = Field(default=None, description="A plan step has started.")
    step_completed: str | None = Field(default=None, description="A plan step has completed.")
    task_completed: str | None = Field(
        default=None, description="A task is done: any step that satisfies it has completed."
    )
    level_declared: str | None = Field(
        default=None, description="This response level or a higher one has been declared."
    )
    notified: str | None = Field(default=None, description="An organisation has been notified.")
    team_arrived: str | None = Field(default=None, description="A team has arrived at its muster.")
    concentration_above: ConcentrationAbove | None = None
    concentration_below: ConcentrationAbove | None = Field(
        default=None, description="Concentration at a location at or below a level."
    )
    oxygen_below: OxygenBelow | None = Field(
        default=None, description="Oxygen at a location below a level (the leak displaces air)."
    )
    measured_below: MeasuredBelow | None = Field(
        default=None,
        description="The last gas test at a location read at or below a level (what the "
        "responders know, not the true air); false before any test there.",
    )
    person_state: PersonInState | None = None
    zone_reaches: ZoneReaches | None = None
    all_of: list[Condition] | None = Field(default=None, description="All of these hold.")
    any_of: list[Condition] | None = Field(default=None, description="Any of these holds.")
    not_: Condition | None = Field(
        default=None, alias="not", description="This condition does not hold."
    )
    for_min: PositiveMinutes | None = Field(
        default=None,
        description="Goes with any other key: that condition has held continuously for this "
        "many minutes (e.g. below 25 ppm for 15 min), counted from when it is first watched "
        "holding.",
    )

    @model_validator(mode="after")
    def _one_key(self) -> Condition:
        _exactly_one(self, "condition", besides=("for_min",))
        return self


class ReduceRelease(FileModel):
    hazard: str
    factor: Fraction = Field(description="Fraction of the current rate that remains.")


class WaterCurtain(FileModel):
    hazard: str = Field(description="Outdoor gas release (gas_release) the curtain is set against.")
    factor: Fraction | None = Field(
        default=None,
        description="Share of the downwind concentration that remains behind the curtain. "
        "Default for Cl2 1/2 and NH3 1/3 (published field tests, docs/REFERENCE.md D11); "
        "required for other gases.",
    )


class Ventilate(FileModel):
    location: str = Field(
        description="Room or building location id: fans or opened windows change its air."
    )
    air_changes_per_h: AirChanges = Field(gt=0, description="New ventilation rate, air changes/h.")


class Rescue(FileModel):
    location: str = Field(description="Where collapsed people are reached and extracted.")
    to: str = Field(description="Safe location they are carried to.")
    method: Literal["entry", "non_entry"] = Field(
        default="entry",
        description="entry: rescuers go in and bring people out; non_entry: a tripod and "
        "winch lift, from outside, only people attached to its lifeline (Person.lifeline), "
        "one after another (《有限空间作业安全指导手册》: 非进入式救援).",
    )
    minutes_per_person: PositiveMinutes | None = Field(
        default=None,
        description="non_entry: minutes to lift each person out, after the step's own work "
        "(setting up the tripod); required for non_entry.",
    )

    @model_validator(mode="after")
    def _lift_time(self) -> Rescue:
        if self.method == "non_entry" and self.minutes_per_person is None:
            raise ValueError("a non_entry rescue needs 'minutes_per_person' (the lift time)")
        return self


class Evacuate(FileModel):
    location: str = Field(description="Location whose occupants are evacuated.")
    to: str = Field(description="Assembly point.")


class Wind(FileModel):
    speed_m_s: WindSpeed | None = Field(default=None)
    from_deg: Degrees | None = Field(default=None)
    stability: Literal["A", "B", "C", "D", "E", "F"] | None = None


class Effect(FileModel):
    """What a completed step, a fired inject or a decision does to the world."""

    raise_alarm: Literal[True] | None = Field(default=None, description="Raise the alarm.")
    stop_release: str | None = Field(default=None, description="Hazard id whose release stops.")
    reduce_release: ReduceRelease | None = None
    water_curtain: WaterCurtain | None = Field(
        default=None, description="A water spray curtain dilutes an outdoor release downwind."
    )
    ventilate: Ventilate | None = None
    rescue: Rescue | None = None
    hand_over: str | None = Field(
        default=None, description="Location where rescued people are handed to EMS."
    )
    first_aid: str | None = Field(
        default=None,
        description="Location where the step's crew gives the casualties brought out first "
        "aid (oxygen, rescue breathing, CPR) from the moment it starts work; breathing "
        "that had stopped is restored then.",
    )
    evacuate: Evacuate | None = None
    gas_test: str | None = Field(
        default=None,
        description="Location whose air the step's crew tests with its gas detector (from "
        "outside through a sampling line, before anyone goes in): the reading, with the "
        "detector's response time and accuracy, is logged and read by measured_below.",
    )
    declare_level: str | None = Field(default=None, description="Response level id.")
    notify: str | None = Field(default=None, description="Organisation id to notify.")
    forbid_entry: str | None = Field(
        default=None, description="Location nobody may enter without breathing apparatus."
    )
    shelter: str | None = Field(
        default=None,
        description="Location whose people shelter indoors: those outdoors go in, doors, "
        "windows and vents are shut (the air changes at infiltration_ach).",
    )
    end_shelter: str | None = Field(
        default=None,
        description="Location whose sheltering ends: the place is opened and aired at its "
        "normal rate (ventilation_ach), and those who came in from the open go out again.",
    )
    collapse: str | None = Field(default=None, description="Person id who collapses.")
    wind: Wind | None = Field(default=None, description="Wind shift (speed, direction, class).")
    terminate_response: Literal[True] | None = Field(
        default=None, description="Declares the emergency response over."
    )

    @model_validator(mode="after")
    def _one_key(self) -> Effect:
        _exactly_one(self, "effect")
        return self

    @property
    def verb(self) -> str:
        for name in type(self).model_fields:
            if getattr(self, name) is not None:
                return name
        raise AssertionError("validated effects have one key")


def reading_places(c: Condition) -> list[str]:
    """The places whose air ``c`` reads when it is a detector's reading and nothing else
    (gas above a level, oxygen below one, over time or combined with each other), else
    none: a fixed detector or the control room's gas display shows it before anyone has
    raised the alarm, so a step waiting on it alone can start before the alarm."""
    if c.concentration_above is not None:
        return [c.concentration_above.location]
    if c.oxygen_below is not None:
        return [c.oxygen_below.location]
    parts = c.all_of if c.all_of is not None else c.any_of
    if not parts:
        return []
    places: list[str] = []
    for part in parts:
        found = reading_places(part)
        if not found:
            return []
        places += [p for p in found if p not in places]
    return places
