"""What the boards show at a drill time, read from the visible event log only
(never from engine internals): teams, resources with breathing air, people and
the air at every location."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sim.events import Event
from sim.hazards import HazardField
from sim.physics.thresholds import aegl_ppm, idlh_ppm
from sim.plan import Plan
from sim.scenario import Scenario

# Hazard levels of the site board: IDLH (NIOSH), AEGL-2 and AEGL-1 at 60 min
# (US EPA AEGL tables; docs/REFERENCE.md "Toxic thresholds"); a pipeline fire's
# potential impact radius (49 CFR 192.903) counts as the top level, named as a fire's.
LEVELS = ("none", "aegl1", "aegl2", "idlh", "fire")
LEVEL_NAMES = {
    "none": ("正常", "clear"),
    "aegl1": ("AEGL-1以上", "above AEGL-1"),
    "aegl2": ("AEGL-2以上", "above AEGL-2"),
    "idlh": ("IDLH以上", "above IDLH"),
    "fire": ("火灾影响半径内", "in the fire's radius"),
}


@dataclass
class TeamRow:
    team: str
    location: str | None
    activity: str  # idle, travelling, working, called_in, alerted, off
    step: str | None = None
    to: str | None = None
    eta: float | None = None


@dataclass
class UnitRow:
    unit: str
    resource: str
    location: str
    team: str | None = None
    step: str | None = None
    failed: bool = False
    air_left_min: float | None = None


@dataclass
class PersonRow:
    person: str
    location: str
    state: str
    count: int


@dataclass
class PlaceRow:
    location: str
    ppm: float | None
    level: str
    forbidden: bool
    people: list[PersonRow]
    teams: list[str]


def teams_at(events: Sequence[Event], plan: Plan, scenario: Scenario) -> list[TeamRow]:
    rows = {
        t.id: TeamRow(t.id, t.base, "off" if t.id in scenario.absent_teams else "idle")
        for t in plan.teams
    }
    outside = {t.id for t in plan.teams if t.organisation is not None}
    for tid in outside:
        rows[tid].activity = "standby"
    by_org = {t.organisation: t.id for t in plan.teams if t.organisation}
    for e in events:
        row = rows.get(e.actor or "")
        if e.kind == "alerted" and e.actor in by_org:
            for t in plan.teams:
                if t.organisation == e.actor and t.id not in scenario.absent_teams:
                    rows[t.id].activity = "alerted"
            continue
        if row is None:
            continue
        if e.kind == "team_called_in":
            row.activity, row.eta = "called_in", e.t + float(e.details.get("minutes", 0.0))
        elif e.kind == "team_departed":
            row.activity, row.to, row.step = "travelling", str(e.details.get("to")), e.step
            row.eta = e.t + float(e.details.get("minutes", 0.0))
        elif e.kind == "arrival_moved":
            row.eta = float(e.details.get("eta", e.t))
        elif e.kind in ("team_arrived", "team_available"):
            row.location, row.to, row.eta = e.location, None, None
            if row.activity in ("travelling", "called_in", "alerted", "standby"):
                row.activity = "working" if row.step and e.kind == "team_arrived" else "idle"
        elif e.kind == "step_started":
            row.step = e.step
            row.activity = "travelling" if e.details.get("travel_min") else "working"
        elif e.kind == "step_working":
            row.activity, row.step, row.location = "working", e.step, e.location
            row.eta = e.t + float(e.details.get("duration_min", 0.0))
        elif e.kind == "step_completed" and row.step == e.step:
            row.activity, row.step, row.eta = "idle", None, None
    return list(rows.values())


def units_at(events: Sequence[Event], plan: Plan, now: float) -> list[UnitRow]:
    units: dict[str, UnitRow] = {}
    air = {r.id: r.air_duration_min for r in plan.resources}
    for r in plan.resources:
        for i in range(r.quantity):
            units[f"{r.id}#{i}"] = UnitRow(f"{r.id}#{i}", r.id, r.location)
    breathing: dict[str, float] = {}  # unit -> when its wearer started breathing from it
    for e in events:
        if e.kind == "step_started":
            for u in e.details.get("units", []):
                if u in units:
                    units[u].team, units[u].step = e.actor, e.step
        elif e.kind == "entry" and e.details.get("protected"):
            for u in units.values():
                if u.team == e.actor and u.step == e.step and air.get(u.resource):
                    breathing.setdefault(u.unit, e.t)
        elif e.kind == "step_working":
            for u in units.values():
                if u.step == e.step and u.team == e.actor and e.location:
                    u.location = e.location
        elif e.kind == "step_completed":
            for u in units.values():
                if u.step == e.step:
                    u.team, u.step = None, None
                    breathing.pop(u.unit, None)
        elif e.kind == "resource_failed" and e.resource in units:
            units[e.resource].failed = True
    for u in units.values():
        rated = air.get(u.resource)
        if rated:
            used = now - breathing[u.unit] if u.unit in breathing else 0.0
            u.air_left_min = max(rated - used, 0.0)
    return list(units.values())


def people_at(events: Sequence[Event], scenario: Scenario) -> list[PersonRow]:
    rows = {p.id: PersonRow(p.id, p.location, "ok", p.count) for p in scenario.people}
    for e in events:
        if e.kind == "person" and e.actor in rows:
            row = rows[e.actor]
            row.state = str(e.details.get("state", row.state))
            if e.details.get("to"):
                row.location = str(e.details["to"])
            elif e.location:
                row.location = e.location
        elif e.kind == "evacuated":
            for row in rows.values():
                if row.location == e.location and row.state == "ok":
                    row.location, row.state = str(e.details.get("to")), "evacuated"
        elif e.kind == "sheltered":
            for row in rows.values():
                if row.location == e.location and row.state == "ok":
                    row.state = "sheltered"
    return list(rows.values())


def air_field(events: Sequence[Event], scenario: Scenario) -> HazardField:
    """The hazard field as the visible events have shaped it (see HazardField.replay)."""
    return HazardField.replay(scenario, events)


def level_of(substance: str | None, ppm: float) -> str:
    if substance is None or ppm <= 0:
        return "none"
    idlh = idlh_ppm(substance)
    if idlh is not None and ppm >= idlh:
        return "idlh"
    tiers: tuple[tuple[str, Literal[1, 2, 3]], ...] = (("aegl2", 2), ("aegl1", 1))
    for level, tier in tiers:
        limit = aegl_ppm(substance, tier, 60.0)
        if limit is not None and ppm >= limit:
            return level
    return "none"


def places_at(
    events: Sequence[Event], scenario: Scenario, plan: Plan, now: float
) -> list[PlaceRow]:
    field = air_field(events, scenario)
    people = people_at(events, scenario)
    teams = teams_at(events, plan, scenario)
    forbidden = {e.location for e in events if e.kind == "entry_forbidden"}
    started = any(e.kind == "accident" for e in events)
    out: list[PlaceRow] = []
    for loc in scenario.site.locations:
        ppm: float | None = None
        level = "none"
        substance = field.substance_at(loc.id)
        if started and substance is not None:
            ppm = field.concentration_ppm(loc.id, now)
            level = level_of(substance, ppm)
        if started and any(field.in_zone(h, loc.id, now) for h in field.pipelines):
            level = "fire"
        out.append(
            PlaceRow(
                loc.id,
                ppm,
                level,
                loc.id in forbidden,
                [p for p in people if p.location == loc.id],
                [t.team for t in teams if t.location == loc.id and t.activity != "travelling"],
            )
        )
    return out
