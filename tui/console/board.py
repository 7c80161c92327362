"""What the boards show at a drill time, read from the visible event log only
(never from engine internals): teams, resources with breathing air, people and
the air at every location."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from sim.casualties import ESCAPE_S, THERMAL
from sim.events import Event
from sim.hazards import TOLERABLE_FLUX_W_M2, HazardField
from sim.physics.probit import probability_from_probit
from sim.physics.thresholds import aegl_ppm, idlh_ppm
from sim.plan import Plan, Team
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
    activity: str  # on_duty, off_shift, standby, idle, travelling, working, called_in, alerted, off
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
    since: float = 0.0
    """When they came where they are (their exposure there runs from then)."""
    thermal_dose: float = 0.0
    """Eisenberg thermal dose t q^(4/3) received so far, (W/m2)^(4/3) s."""

    @property
    def burn_death_probability(self) -> float:
        """Eisenberg et al. (1975), as ``sim.physics.burn_probit``: Y = -38.48 + 2.56 ln(dose)."""
        if self.thermal_dose <= 0:
            return 0.0
        return probability_from_probit(-38.48 + 2.56 * math.log(self.thermal_dose))


@dataclass
class PlaceRow:
    location: str
    ppm: float | None
    level: str
    forbidden: bool
    people: list[PersonRow]
    teams: list[str]


def active_shift(plan: Plan, scenario: Scenario) -> str | None:
    """The plan's shift on duty when the scenario starts (None: no shift covers it)."""
    moment = scenario.start.time()
    return next((s.id for s in plan.shifts if s.covers(moment)), None)


def first_activity(team: Team, plan: Plan, scenario: Scenario, shift: str | None) -> str:
    """What a team is doing before anything happens: the unit's teams on shift are on
    duty at their base, those off shift are at home until called in, and outside teams
    wait at their station until their organisation is alerted."""
    if team.id in scenario.absent_teams:
        return "off"
    if team.organisation != plan.unit:
        return "standby"
    if not team.shifts or shift in team.shifts:
        return "on_duty"
    return "off_shift"


AWAY = ("travelling", "off_shift", "called_in", "off")
"""Activities of a team that is not at its location: on the road, or at home off shift
(until called in and arrived), or absent from the drill."""

WAITING = ("on_duty", "off_shift", "standby", "alerted", "called_in", "travelling")
"""Activities a team's arrival ends (it is then at work on its step, or idle there)."""


def teams_at(events: Sequence[Event], plan: Plan, scenario: Scenario) -> list[TeamRow]:
    shift = active_shift(plan, scenario)
    rows = {
        t.id: TeamRow(t.id, t.base, first_activity(t, plan, scenario, shift)) for t in plan.teams
    }
    for e in events:
        row = rows.get(e.actor or "")
        if e.kind == "alerted":
            for t in plan.teams:
                if t.organisation == e.actor and rows[t.id].activity == "standby":
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
            if row.activity in WAITING:
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
    """Where each person is and in what state, with the thermal dose of the stays the
    log has closed (an exposure is logged when its stay ends)."""
    rows = {p.id: PersonRow(p.id, p.location, "ok", p.count) for p in scenario.people}
    for e in events:
        row = rows.get(e.actor or "")
        if e.kind == "person" and row is not None:
            row.state = str(e.details.get("state", row.state))
            where = str(e.details["to"]) if e.details.get("to") else e.location
            if where and where != row.location:
                row.location, row.since = where, e.t
        elif e.kind == "exposure" and row is not None:
            row.since = e.t
            if e.details.get("substance") == THERMAL:
                row.thermal_dose += float(e.details.get("thermal_dose", 0.0))
        elif e.kind == "escaped" and row is not None and e.location:
            row.location, row.since = e.location, e.t
        elif e.kind == "evacuation_started":
            for row in rows.values():
                if row.location == e.location and row.state == "ok":
                    row.state = "evacuating"
        elif e.kind == "evacuated":
            for row in rows.values():
                if row.location == e.location and row.state in ("ok", "evacuating"):
                    row.location, row.state = str(e.details.get("to")), "evacuated"
                    row.since = e.t
        elif e.kind == "sheltered":
            for row in rows.values():
                if row.location == e.location and row.state == "ok":
                    row.state = "sheltered"
    return list(rows.values())


def heat_so_far(people: Sequence[PersonRow], field: HazardField, now: float) -> None:
    """Add to each person's thermal dose that of their stay under way, up to ``now``,
    counted as the engine counts it: sampled about every 2 s, the worst ``ESCAPE_S``
    seconds of the stay (people escape or take cover; TNO Green Book), and only where
    the heat is above what can be borne for long (API 521)."""
    if not field.pipelines:
        return
    for row in people:
        if now <= row.since or row.state in ("dead", "evacuating"):
            continue  # on the way out, each leg's exposure is logged as it ends
        points = int(min(4000, max(3, (now - row.since) * 30 + 3)))
        times = np.linspace(row.since, now, points)
        indoor = True if row.state == "sheltered" else None
        flux = field.flux_series(row.location, times, indoor)
        if float(flux.max()) < TOLERABLE_FLUX_W_M2:
            continue
        dt = np.diff(times) * 60.0
        mid = (flux[1:] + flux[:-1]) / 2
        order = np.argsort(-mid, kind="stable")
        before = np.cumsum(dt[order]) - dt[order]
        kept = np.clip(ESCAPE_S - before, 0.0, dt[order])
        row.thermal_dose += float(np.sum(kept * mid[order] ** (4.0 / 3.0)))


def air_field(events: Sequence[Event], scenario: Scenario) -> HazardField:
    """The hazard field as the visible events have shaped it (see HazardField.replay)."""
    return HazardField.replay(scenario, events)


def board_ppm(ppm: float | None) -> str:
    """A place's concentration for a narrow column: ppm to one decimal below 10,000, and
    from 1 % by volume up in percent, as gas detectors read it (pure gas at a release
    point is 100.0%, not 1000000.0)."""
    if ppm is None or ppm < 0.05:
        return ""
    return f"{ppm:.1f}" if ppm < 10_000 else f"{ppm / 10_000:.1f}%"


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
    heat_so_far(people, field, now)
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
                [t.team for t in teams if t.location == loc.id and t.activity not in AWAY],
            )
        )
    return out
