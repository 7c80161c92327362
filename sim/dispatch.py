"""Claiming crew and equipment: all or nothing, nearest crew and equipment first.

A claim asks for ``crew`` people from one of its candidate teams, picked among
the members who hold the step's qualifications, plus units for each need. Of the
teams that can meet it, the one that would reach the step soonest goes: from
where its crew is, by way of the nearest equipment it would fetch, to the step
(typical travel times); teams as near go in the plan's order. A need
names the resources whose units count (one named resource, or every resource of
a type); a team's own kit counts only for that team. A claim is granted only
when everything is free at once, so a step never holds half of what it needs
while another step waits for the rest. Pending claims are retried by priority,
then in arrival order, whenever crew or units are released or become available.

Claims alike (same key, teams, crew, qualifications, needs, origin and
priority: the same order given many times) wait in one queue, and a retry
tries only the head of each queue: when the head cannot be granted, none
behind it can, because a retry only ever takes crew and units. A retry so
costs the number of distinct queues plus the claims granted, not the number of
claims waiting; 2,000 dispatches of one team at one instant stay linear.
"""

from __future__ import annotations

import heapq
import itertools
from collections import deque
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
    qualifications: frozenset[str] = frozenset()


@dataclass(eq=False)
class Unit:
    resource: str
    index: int
    location: str
    failure_probability: float = 0.0
    failed: bool = False
    busy: bool = False
    consumed: bool = False
    owner: str | None = None
    """Team id whose own kit this unit is; None: anyone may use it."""
    air_left_min: float | None = None
    """Breathing apparatus: minutes of air left (at ``donned_at`` while worn)."""
    reserve_min: float = 0.0
    """Breathing apparatus: the air left when its low-pressure warning sounds."""
    donned_at: float | None = None

    @property
    def spent(self) -> bool:
        """Breathing apparatus down to its warning reserve: not issued again in this run."""
        return self.air_left_min is not None and self.air_left_min <= self.reserve_min + 1e-6

    def air_at(self, t: float) -> float | None:
        if self.air_left_min is None:
            return None
        return self.air_left_min - (t - self.donned_at if self.donned_at is not None else 0.0)

    def take_off(self, t: float) -> None:
        if self.donned_at is not None and self.air_left_min is not None:
            self.air_left_min -= t - self.donned_at
        self.donned_at = None


@dataclass(frozen=True)
class Need:
    """``quantity`` units of any of ``resources``; ``label`` names the need in the log."""

    label: str
    quantity: int
    resources: tuple[str, ...]


@dataclass(eq=False)
class Claim:
    key: str
    teams: Sequence[str]
    crew: int
    qualifications: frozenset[str]
    needs: Sequence[Need]
    event: simpy.Event
    origin: str | None = None
    """Where a claim without crew (more kit for a crew already out) is fetched from."""
    priority: int = 3
    to: str | None = None
    """Where the step is: the nearest team goes; None: the first able team in order."""
    """Lower goes first; equal priorities go in arrival order."""
    team: str | None = None
    members: list[Member] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    arrival: int = 0
    """Order of the request among all claims; ties of priority go by it."""

    @property
    def alike(self) -> tuple[object, ...]:
        """What a claim asks for: claims alike share one queue."""
        return (
            self.priority,
            self.key,
            tuple(self.teams),
            self.crew,
            self.qualifications,
            tuple(self.needs),
            self.origin,
            self.to,
        )


class Dispatcher:
    def __init__(
        self,
        env: simpy.Environment,
        distance: Callable[[str, str], float] | None = None,
        failures: Callable[[Unit], np.random.Generator] | None = None,
        on_failure: Callable[[Unit], None] | None = None,
    ) -> None:
        self.env = env
        self.members: dict[str, list[Member]] = {}
        self.units: dict[str, list[Unit]] = {}
        self.queues: dict[tuple[object, ...], deque[Claim]] = {}
        """Pending claims, alike ones in one queue in arrival order."""
        self._arrivals = itertools.count()
        self.distance = distance or (lambda a, b: 0.0)
        self.failures = failures
        self.on_failure = on_failure
        self.current: Claim | None = None
        """The claim being granted while a unit's pre-use check is drawn."""

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
        needs: Sequence[Need],
        origin: str | None = None,
        priority: int = 3,
        to: str | None = None,
    ) -> Claim:
        claim = Claim(
            key, teams, crew, qualifications, needs, self.env.event(), origin, priority, to
        )
        claim.arrival = next(self._arrivals)
        self.queues.setdefault(claim.alike, deque()).append(claim)
        self.retry()
        return claim

    @property
    def pending(self) -> list[Claim]:
        """Claims waiting, in the order they are tried: priority, then arrival."""
        return sorted(
            (c for q in self.queues.values() for c in q), key=lambda c: (c.priority, c.arrival)
        )

    def cancel(self, claim: Claim) -> None:
        queue = self.queues.get(claim.alike)
        if queue is not None and claim in queue:
            queue.remove(claim)
            if not queue:
                del self.queues[claim.alike]

    def release(self, claim: Claim, location: str | None = None) -> None:
        self.release_units(claim, location, retry=False)
        self.release_members(claim, location)

    def release_units(self, claim: Claim, location: str | None = None, retry: bool = True) -> None:
        """Return the claim's equipment; its crew stays busy (e.g. caring for a casualty)."""
        for u in claim.units:
            u.busy = False
            u.take_off(float(self.env.now))
            if location is not None:
                u.location = location
        if retry:
            self.retry()

    def release_members(self, claim: Claim, location: str | None = None) -> None:
        for m in claim.members:
            m.busy = False
            if location is not None:
                m.location = location
        self.retry()

    def consume(self, unit: Unit) -> None:
        unit.consumed = True

    def retry(self) -> None:
        """Grant what can be granted now, by priority then arrival.

        The heads of the queues are merged in that order; a queue whose head
        is refused is left for this retry.
        """
        heads = [(q[0].priority, q[0].arrival, alike) for alike, q in self.queues.items()]
        heapq.heapify(heads)
        while heads:
            _, _, alike = heapq.heappop(heads)
            queue = self.queues[alike]
            claim = queue[0]
            if not self._grant(claim):
                continue
            queue.popleft()
            claim.event.succeed(claim)
            if queue:
                heapq.heappush(heads, (queue[0].priority, queue[0].arrival, alike))
            else:
                del self.queues[alike]

    def free_members(self, team: str, qualifications: frozenset[str] = frozenset()) -> list[Member]:
        return [
            m
            for m in self.members.get(team, [])
            if m.available and not m.busy and qualifications <= m.qualifications
        ]

    def holders(self, team: str, qualifications: frozenset[str]) -> int:
        """Members of ``team`` holding every one of ``qualifications``, busy or not."""
        return sum(1 for m in self.members.get(team, []) if qualifications <= m.qualifications)

    def usable_units(self, need: Need, team: str | None = None) -> list[Unit]:
        return [
            u
            for r in need.resources
            for u in self.units.get(r, [])
            if not (u.busy or u.failed or u.consumed or u.spent)
            and (u.owner is None or team is None or u.owner == team)
        ]

    def _grant(self, claim: Claim) -> bool:
        able: list[tuple[str, list[Member], str]] = []
        for team in claim.teams:
            if self.holders(team, claim.qualifications) < claim.crew:
                continue
            free = self.free_members(team, claim.qualifications)
            if len(free) < claim.crew:
                continue
            if any(len(self.usable_units(n, team)) < n.quantity for n in claim.needs):
                continue
            # the least-qualified members who suffice go, keeping scarce skills free
            crew = sorted(free, key=lambda m: (len(m.qualifications), m.index))[: claim.crew]
            origin = crew[0].location if crew else claim.origin
            assert origin is not None, "a claim without crew says where it is fetched from"
            able.append((team, crew, origin))
        if len(able) > 1 and claim.to is not None:
            to = claim.to
            able.sort(key=lambda a: self.eta(claim, a[0], a[2], to))  # stable: plan order
        for team, crew, origin in able:
            self.current = claim
            units = self._pick_units(claim, team, origin)
            self.current = None
            if units is None:
                continue
            for m in crew:
                m.busy = True
            for u in units:
                u.busy = True
            claim.team, claim.members, claim.units = team, crew, units
            return True
        return False

    def eta(self, claim: Claim, team: str, origin: str, to: str) -> float:
        """Typical minutes for ``team``'s crew at ``origin`` to reach ``to`` by way of the
        nearest equipment it would fetch (the route the step's crew takes)."""
        route = [origin]
        for need in claim.needs:
            units = sorted(
                self.usable_units(need, team),
                key=lambda u: (self.distance(origin, u.location), u.owner is None, u.index),
            )[: need.quantity]
            for u in units:
                if u.location not in (route[-1], to):
                    route.append(u.location)
        route.append(to)
        return sum(self.distance(a, b) for a, b in itertools.pairwise(route))

    def _pick_units(self, claim: Claim, team: str, origin: str) -> list[Unit] | None:
        chosen: list[Unit] = []
        for need in claim.needs:
            candidates = sorted(
                (u for u in self.usable_units(need, team) if u not in chosen),
                key=lambda u: (self.distance(origin, u.location), u.owner is None, u.index),
            )
            got: list[Unit] = []
            for unit in candidates:
                if len(got) == need.quantity:
                    break
                if self._fails_check(unit):
                    continue
                got.append(unit)
            if len(got) < need.quantity:
                return None
            chosen.extend(got)
        return chosen

    def _fails_check(self, unit: Unit) -> bool:
        if unit.failure_probability <= 0 or self.failures is None:
            return False
        if self.failures(unit).random() < unit.failure_probability:
            unit.failed = True
            if self.on_failure is not None:
                self.on_failure(unit)
            return True
        return False

    def explain(self, claim: Claim) -> list[str]:
        """Why a claim is not granted now, in words for the event log."""
        reasons: list[str] = []
        qualified = [t for t in claim.teams if self.holders(t, claim.qualifications) >= claim.crew]
        holding = ", ".join(sorted(claim.qualifications))
        if not claim.teams:
            reasons.append("no team staffs the owner role")
        elif not any(self.holders(t, claim.qualifications) for t in claim.teams):
            reasons.append("no team of the owner role holds " + holding)
        elif not qualified:
            reasons.append(
                f"no team of the owner role has {claim.crew} members"
                + (f" holding {holding}" if holding else "")
            )
        else:
            on_duty = [t for t in qualified if any(m.available for m in self.members.get(t, []))]
            if not on_duty:
                reasons.append("no qualified team on duty or on scene yet")
            elif all(len(self.free_members(t, claim.qualifications)) < claim.crew for t in on_duty):
                reasons.append(f"crew of {claim.crew} busy")
        for need in claim.needs:
            usable = max(
                (len(self.usable_units(need, t)) for t in claim.teams),
                default=len(self.usable_units(need)),
            )
            if usable < need.quantity:
                reasons.append(f"{need.label}: {usable} of {need.quantity} free")
        return reasons
