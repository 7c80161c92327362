"""Claiming crew and equipment: first-come first-served, all or nothing.

A claim asks for ``crew`` people from one of its candidate teams (every member
holding the step's qualifications) plus units of each resource it needs. It is
granted only when everything is free at once, so a step never holds half of
what it needs while another step waits for the rest. Pending claims are retried
in arrival order whenever crew or units are released or become available.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import simpy


@dataclass(eq=False)
class Member:
    team: str
    index: int
    location: str
    available: bool = False
    busy: bool = False


@dataclass(eq=False)
class Unit:
    resource: str
    index: int
    location: str
    failure_probability: float = 0.0
    failed: bool = False
    busy: bool = False
    consumed: bool = False


@dataclass(eq=False)
class Claim:
    key: str
    teams: Sequence[str]
    crew: int
    qualifications: frozenset[str]
    needs: Sequence[tuple[str, int]]
    event: simpy.Event
    team: str | None = None
    members: list[Member] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)


class Dispatcher:
    def __init__(
        self,
        env: simpy.Environment,
        qualifications: dict[str, frozenset[str]],
        distance: Callable[[str, str], float] | None = None,
        failures: np.random.Generator | None = None,
        on_failure: Callable[[Unit], None] | None = None,
    ) -> None:
        self.env = env
        self.qualifications = qualifications
        self.members: dict[str, list[Member]] = {t: [] for t in qualifications}
        self.units: dict[str, list[Unit]] = {}
        self.pending: list[Claim] = []
        self.distance = distance or (lambda a, b: 0.0)
        self.failures = failures
        self.on_failure = on_failure

    def add_member(self, member: Member) -> None:
        self.members.setdefault(member.team, []).append(member)

    def add_unit(self, unit: Unit) -> None:
        self.units.setdefault(unit.resource, []).append(unit)

    def request(
        self,
        key: str,
        teams: Sequence[str],
        crew: int,
        qualifications: frozenset[str],
        needs: Sequence[tuple[str, int]],
    ) -> Claim:
        claim = Claim(key, teams, crew, qualifications, needs, self.env.event())
        self.pending.append(claim)
        self.retry()
        return claim

    def cancel(self, claim: Claim) -> None:
        if claim in self.pending:
            self.pending.remove(claim)

    def release(self, claim: Claim, location: str | None = None) -> None:
        for m in claim.members:
            m.busy = False
            if location is not None:
                m.location = location
        for u in claim.units:
            u.busy = False
            if location is not None:
                u.location = location
        self.retry()

    def consume(self, unit: Unit) -> None:
        unit.consumed = True

    def retry(self) -> None:
        for claim in list(self.pending):
            if self._grant(claim):
                self.pending.remove(claim)
                claim.event.succeed(claim)

    def free_members(self, team: str) -> list[Member]:
        return [m for m in self.members.get(team, []) if m.available and not m.busy]

    def usable_units(self, resource: str) -> list[Unit]:
        return [u for u in self.units.get(resource, []) if not (u.busy or u.failed or u.consumed)]

    def _grant(self, claim: Claim) -> bool:
        for team in claim.teams:
            if not claim.qualifications <= self.qualifications.get(team, frozenset()):
                continue
            free = self.free_members(team)
            if len(free) < claim.crew:
                continue
            if any(len(self.usable_units(r)) < q for r, q in claim.needs):
                return False
            crew = free[: claim.crew]
            units = self._pick_units(claim, crew[0].location)
            if units is None:
                return False
            for m in crew:
                m.busy = True
            for u in units:
                u.busy = True
            claim.team, claim.members, claim.units = team, crew, units
            return True
        return False

    def _pick_units(self, claim: Claim, origin: str) -> list[Unit] | None:
        chosen: list[Unit] = []
        for resource, quantity in claim.needs:
            candidates = sorted(
                self.usable_units(resource),
                key=lambda u: (self.distance(origin, u.location), u.index),
            )
            got: list[Unit] = []
            for unit in candidates:
                if len(got) == quantity:
                    break
                if self._fails_check(unit):
                    continue
                got.append(unit)
            if len(got) < quantity:
                return None
            chosen.extend(got)
        return chosen

    def _fails_check(self, unit: Unit) -> bool:
        if unit.failure_probability <= 0 or self.failures is None:
            return False
        if self.failures.random() < unit.failure_probability:
            unit.failed = True
            if self.on_failure is not None:
                self.on_failure(unit)
            return True
        return False

    def explain(self, claim: Claim) -> list[str]:
        """Why a claim is not granted now, in words for the event log."""
        reasons: list[str] = []
        qualified = [
            t
            for t in claim.teams
            if claim.qualifications <= self.qualifications.get(t, frozenset())
        ]
        if not claim.teams:
            reasons.append("no team staffs the owner role")
        elif not qualified:
            reasons.append(
                "no team of the owner role holds " + ", ".join(sorted(claim.qualifications))
            )
        else:
            on_duty = [t for t in qualified if any(m.available for m in self.members.get(t, []))]
            if not on_duty:
                reasons.append("no qualified team on duty or on scene yet")
            elif all(len(self.free_members(t)) < claim.crew for t in on_duty):
                reasons.append(f"crew of {claim.crew} busy")
        for resource, quantity in claim.needs:
            usable = len(self.usable_units(resource))
            if usable < quantity:
                reasons.append(f"{resource}: {usable} of {quantity} free")
        return reasons
