"""Internal alerting: who of the unit hears of the alarm, how, and when.

The alarm sounds in one place (the control room's panel, a caller's radio); the
plan's ``alerting`` links pass it on to the unit's teams, each after its own delay,
drawn from a stream named for the link. A team of the unit takes no work before it
has been told: an on-shift team becomes available then, an off-shift one sets out
then. A report received tells the receiving role's teams too, and so does a
facilitator's decision that names a team. Outside teams are alerted through their
organisation (``notified``, then ``alerted``).
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import simpy

from sim.dispatch import Dispatcher
from sim.distributions import Triangular
from sim.events import EventLog
from sim.plan import AlertLink, Plan, Role, Team
from sim.scenario import Scenario
from sim.streams import Streams
from sim.topics import TOLD

Proc = Generator[simpy.Event, Any, Any]

DEFAULT_ALERT_DELAY = Triangular(kind="triangular", low=0.25, mode=0.5, high=64.0 / 60.0)
"""A team the plan does not say how to alert is told by the control room's relay: at
least the 15 s NFPA 1710 allows to answer an alarm, at most its 64 s alarm processing
time (NFPA 1710, 2020 ed.; docs/REFERENCE.md C2)."""

DEFAULT_ALERT_VIA = "relay"


class Alerting:
    """The alerting part of the engine (mixed into :class:`sim.engine.Engine`)."""

    env: simpy.Environment
    plan: Plan
    scenario: Scenario
    log: EventLog
    streams: Streams
    dispatcher: Dispatcher
    teams: dict[str, Team]
    roles: dict[str, Role]
    alarm: simpy.Event
    told: dict[str, simpy.Event]
    warned: set[tuple[str, str | None, str]]

    @property
    def now(self) -> float:
        return float(self.env._now)

    def _touch(self, *topics: str) -> None:
        raise NotImplementedError

    def _on_duty(self, team: Team) -> bool:
        raise NotImplementedError

    def _inside(self, team: Team) -> bool:
        return team.organisation == self.plan.unit

    def _start_alerting(self) -> None:
        """One process per alerting link, one per team of the unit the plan says nothing
        about: named by no link and filling no role the reporting chain reports to."""
        named = {tid for link in self.plan.alerting for tid in link.teams}
        named |= {
            tid
            for role in self.plan.roles
            if any(link.to_role == role.id for link in self.plan.reporting)
            for tid in role.staffed_by
        }
        # whoever sends the first report of the chain is where the alarm comes in
        first = {link.sender for link in self.plan.reporting if link.after is None}
        takers = [
            tid
            for role in self.plan.roles
            if role.id in first
            for tid in role.staffed_by
            if tid not in named
        ]
        done = {link.id: self.env.event() for link in self.plan.alerting}
        for link in self.plan.alerting:
            self.env.process(self._alert_link(link, done))
        for team in self.plan.teams:
            absent = team.id in self.scenario.absent_teams
            can_act = self._on_duty(team) or team.call_in is not None
            if not (self._inside(team) and team.id not in named and not absent and can_act):
                continue
            if team.id in takers:
                self.env.process(self._takes_alarm(team))
            else:
                self.env.process(self._default_alert(team))

    def _takes_alarm(self, team: Team) -> Proc:
        """A team of the role that sends the first report hears the alarm as it comes in:
        the plan makes it the one to pass the alarm on."""
        yield self.alarm
        self._tell([team.id], via="alarm", by="first_report")

    def _alert_link(self, link: AlertLink, done: dict[str, simpy.Event]) -> Proc:
        yield self.alarm if link.after is None else done[link.after]
        delay = link.delay.sample(self.streams.delays(f"alert:{link.id}"))
        if delay > 0:
            yield self.env.timeout(delay)
        self._tell(link.teams, via=link.via, by=link.id)
        done[link.id].succeed()

    def _default_alert(self, team: Team) -> Proc:
        yield self.alarm
        key = (team.id, None, "alerting")
        if key not in self.warned:
            self.warned.add(key)
            self.log.append(
                self.now,
                "model_warning",
                actor=team.id,
                message="the plan does not say how this team hears of the alarm: told by "
                "the control room's relay within 0.25-1.07 min (NFPA 1710 alarm answering "
                "and processing times, docs/REFERENCE.md C2)",
            )
        delay = DEFAULT_ALERT_DELAY.sample(self.streams.delays(f"alert:team:{team.id}"))
        yield self.env.timeout(delay)
        self._tell([team.id], via=DEFAULT_ALERT_VIA, by="default")

    def _tell(self, team_ids: list[str], via: str, by: str) -> None:
        """The teams have heard of the alarm: from now on they act (from the first time).
        All are told before any claim is granted, so the nearest of them goes."""
        told = False
        for team_id in team_ids:
            event = self.told[team_id]
            if event.triggered or team_id in self.scenario.absent_teams:
                continue
            team = self.teams[team_id]
            self.log.append(
                self.now, "team_alerted", actor=team_id, location=team.base, via=via, by=by
            )
            if self._on_duty(team):
                for m in self.dispatcher.members[team_id]:
                    m.available = True
            event.succeed()
            told = True
        if told:
            self.dispatcher.retry()
            self._touch(TOLD)

    def _tell_role(self, role_id: str, via: str, by: str) -> None:
        """A message to a role tells the unit's teams that fill it."""
        inside = [t for t in self.roles[role_id].staffed_by if self._inside(self.teams[t])]
        self._tell(inside, via=via, by=by)

    def _role_told(self, role_id: str) -> bool:
        """Whether a team filling the role has heard of the alarm, so that a step it owns
        can be ready. A role the unit fills waits for its teams to be told; one filled only
        from outside waits for its crews to arrive, as a claim."""
        teams = [t for t in self.roles[role_id].staffed_by if t not in self.scenario.absent_teams]
        if not any(self._inside(self.teams[t]) for t in teams):
            return True
        return any(self.told[t].triggered for t in teams)

    def _is_told(self, team_id: str) -> bool:
        return self.told[team_id].triggered
