"""The facilitator's hand on the clock of a run: arrivals moved and injects fired or skipped.

A trainer moves a vehicle's arrival (FüSim's ±1/±5 min and "arrive now") or fires or
skips an inject (Conducttr, DRIVER+'s trial manager) by a journaled decision, so a
batch replay of the journal does the same. Each wait these controls can change is an
ordinary SimPy timeout that a decision *interrupts*: a run with no such decision
schedules exactly the events it always did, so its log is unchanged byte for byte.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

import simpy

EPS = 1e-7


class Control:
    """The cause of a facilitator's interrupt (other interrupts pass through)."""

    def __init__(self, what: str) -> None:
        self.what = what


FIRE = Control("fire")
SKIP = Control("skip")
MOVED = Control("moved")


@dataclass
class Journey:
    """A team on its way: when it arrives, and the process waiting for that."""

    team: str
    to: str
    eta: float
    process: simpy.Process
    told: bool = False
    """An interrupt is on its way to the process: a second move at the same instant only
    changes ``eta``, which the process reads when the first arrives (a second interrupt
    would reach it after it arrived, at work)."""


class Journeys:
    """Every team's journeys under way (a team split into crews may make several)."""

    def __init__(self, env: simpy.Environment) -> None:
        self.env = env
        self.under_way: dict[str, list[Journey]] = {}

    def travel(self, team: str, to: str, minutes: float) -> Generator[simpy.Event, Any, None]:
        """Wait ``minutes`` for ``team`` to reach ``to``, or as long as decisions make it."""
        process = self.env.active_process
        assert process is not None, "a journey is made by a process"
        journey = Journey(team, to, self.env.now + minutes, process)
        self.under_way.setdefault(team, []).append(journey)
        left = minutes
        try:
            while True:
                try:
                    yield self.env.timeout(left)
                    return
                except simpy.Interrupt as stop:
                    if stop.cause is not MOVED:
                        raise
                    journey.told = False
                left = journey.eta - self.env.now
                if left <= EPS:
                    return
        finally:
            self.under_way[team].remove(journey)

    def move(self, team: str, *, by_min: float | None = None) -> list[tuple[Journey, float]]:
        """Move the arrival of each of the team's journeys by ``by_min`` minutes (earlier
        when negative, never before now), or to now when ``by_min`` is None; returns each
        journey moved with its arrival before the move."""
        now = self.env.now
        moved: list[tuple[Journey, float]] = []
        for journey in list(self.under_way.get(team, [])):
            if journey.eta <= now + EPS:
                continue  # it arrives at this instant anyway
            was = journey.eta
            journey.eta = now if by_min is None else max(now, was + by_min)
            if journey.eta == was:
                continue
            moved.append((journey, was))
            if not journey.told:
                journey.told = True
                journey.process.interrupt(MOVED)
        return moved
