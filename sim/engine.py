"""The simulation: SimPy processes that move teams, resources and steps as a plan says.

``simulate(scenario, plan, seed, decisions)`` is a pure function of its inputs and
returns the event log. Everything random is drawn from ``Streams``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Generator, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import simpy
from simpy.core import StopSimulation

from sim.alerting import Alerting
from sim.casualties import Casualties, Dose, PersonState, Proc
from sim.controls import FIRE, SKIP, Control, Journeys
from sim.decisions import Decision
from sim.dispatch import Claim, Dispatcher, Member, Need, Unit
from sim.events import EventLog
from sim.firstof import FirstOf
from sim.hazards import HazardField
from sim.physics.detector import (
    CLEAN_OXYGEN_PERCENT,
    DEFAULT_ACCURACY_PERCENT,
    DEFAULT_OXYGEN_ACCURACY_PERCENT,
    DEFAULT_T90_S,
    Detector,
    lagged_reading,
    reading_error,
)
from sim.physics.infiltration import gas_ppm_for_oxygen
from sim.physics.mitigation import water_curtain_factor
from sim.physics.validity import check_validity
from sim.plan import SCBA_TYPES, Level, Plan, ReportLink, Resource, Step, Team
from sim.scenario import Scenario
from sim.streams import Streams
from sim.topics import (
    AIR,
    ARRIVED,
    CREW,
    LEVEL,
    MEASURED,
    NOTIFIED,
    PERSON,
    REPORT,
    STEP,
    TOLD,
    condition_reads,
    new_counts,
)
from sim.travel import TravelTable
from sim.vocabulary import Condition, Effect

EPS = 1e-7
DETECTOR_TYPES = frozenset({"gas_detector"})
SCBA_WARNING_FRACTION = 5.5 / 30.0
"""A breathing apparatus's low-pressure warning sounds at 5.5 MPa of its 30 MPa cylinder
(GA 124-2013 《正压式消防空气呼吸器》); the wearer withdraws then, on the air left."""
REACHABLE = frozenset({TOLD, NOTIFIED})
"""What whether a role can be reached and act depends on: who has heard of the alarm,
which organisations are notified."""
HEARD = frozenset({TOLD})
"""What a step waits on before its owner can act: its teams hearing of the alarm."""
CASUALTIES = frozenset({PERSON})
"""What a follow-up report waits on: the casualties' states."""
QUIET_READS = frozenset({AIR, PERSON, ARRIVED})
"""What can make a run whose plan is done quiet: the air, people, arrivals."""
GONE_STATES = frozenset({"handed_to_ems", "at_hospital", "dead"})
"""Out of the site's hands: in hospital care, or past it."""


@dataclass(frozen=True)
class PlanSetup:
    """What every run of a plan builds alike, built once per plan object and process:
    the needs of each step, the order steps claim in, the conditions steps and levels
    wait on (pydantic models, dear to build on every run)."""

    needs: dict[str, tuple[Need, ...]]
    claim_order: tuple[str, ...]
    ready_when: dict[str, Condition | None]
    triggers: dict[str, Condition]

    @classmethod
    def of(cls, plan: Plan) -> PlanSetup:
        known = _SETUPS.get(id(plan))
        if known is not None and known[0] is plan:
            return known[1]
        rest = {
            s.id: [
                *([Condition(level_declared=s.requires_level)] if s.requires_level else []),
                *([s.when] if s.when else []),
            ]
            for s in plan.steps
        }
        setup = cls(
            needs={
                s.id: tuple(
                    Need(n.label, n.quantity, tuple(r.id for r in plan.matching(n)))
                    for n in s.resources
                )
                for s in plan.steps
            },
            claim_order=tuple(s.id for s in sorted(plan.steps, key=lambda s: s.claim_priority)),
            ready_when={k: Condition(all_of=v) if v else None for k, v in rest.items()},
            triggers={lv.id: Condition(any_of=list(lv.triggers)) for lv in plan.levels},
        )
        if len(_SETUPS) >= 64:
            _SETUPS.pop(next(iter(_SETUPS)))
        _SETUPS[id(plan)] = (plan, setup)
        return setup


_SETUPS: dict[int, tuple[Plan, PlanSetup]] = {}


@dataclass
class StepState:
    step: Step
    forced: simpy.Event
    phase: str = "waiting"  # waiting -> ready -> claimed -> working -> done
    claim: Claim | None = None
    waiting_on: list[str] = field(default_factory=list)
    process: simpy.Process | None = None
    tries_left: int = 0


class Engine(Casualties, Alerting):
    def __init__(
        self,
        scenario: Scenario,
        plan: Plan,
        seed: int | Streams,
        decisions: Sequence[Decision] = (),
    ) -> None:
        self.scenario = scenario
        self.plan = plan
        self.env = simpy.Environment()
        self.log = EventLog()
        self.streams = Streams.from_seed(seed)
        self.travel = TravelTable.from_site(scenario.site)
        self.hazards = HazardField.from_scenario(scenario)
        self.decisions = sorted(decisions, key=lambda d: d.t)
        self.changed = self.env.event()
        self.touched = new_counts()
        self.reads: dict[int, frozenset[str]] = {}
        self.air_change = self.env.event()

        self.teams = {t.id: t for t in plan.teams}
        self.roles = {r.id: r for r in plan.roles}
        # Roles of command: their staffed_by is the line of authority (the principal, then
        # the stand-in), not a pool from which the nearest goes.
        self.command_roles = {plan.unit_head, plan.duty_officer} | {
            lv.declared_by for lv in plan.levels if lv.declared_by
        }
        self.orgs = {o.id: o for o in plan.organisations}
        self.levels = {lv.id: lv for lv in plan.levels}
        self.links = {lk.id: lk for lk in plan.reporting}
        self.resources = {r.id: r for r in plan.resources}
        self.shift = self._active_shift()
        self.told: dict[str, simpy.Event] = {t.id: self.env.event() for t in plan.teams}

        self.alarm = self.env.event()
        self.alarm_t: float | None = None
        self.level_rank = 0
        self.declared: set[str] = set()
        self.notified: set[str] = set()
        self.arrived: set[str] = set()
        self.coming: set[str] = set()
        """Teams turning out or called in, not yet arrived."""
        self.forbidden: set[str] = set()
        self.measured: dict[str, tuple[float, float]] = {}  # location: last (ppm, oxygen %)
        self.reports_done: dict[str, simpy.Event] = {
            lk.id: self.env.event() for lk in plan.reporting
        }
        self.reports_forced: dict[str, simpy.Event] = {
            lk.id: self.env.event() for lk in plan.reporting
        }
        self.report_due: dict[str, float] = {}  # link id -> when it could be sent
        self.reported_to: dict[str, float] = {}  # receiver -> last report of the casualties
        self.follow_up_due: dict[str, tuple[float, str, str]] = {}  # link -> change it answers
        self.casualty_changes: list[tuple[float, str, str]] = []  # (t, person, state)
        self.steps = {s.id: StepState(s, self.env.event()) for s in plan.steps}
        self.started: dict[str, float] = {}
        self.completed: dict[str, simpy.Event] = {s.id: self.env.event() for s in plan.steps}
        self.settled: dict[str, simpy.Event] = {s.id: self.env.event() for s in plan.steps}
        self.held_since: dict[int, float] = {}
        self.inner_of: dict[int, Condition] = {}
        self.tasks: dict[str, simpy.Event] = {
            s.satisfies: self.env.event() for s in plan.steps if s.satisfies
        }
        self.terminated = self.env.event()
        self.team_destination: dict[str, str] = {}
        self.journeys = Journeys(self.env)
        self.inject_waits: dict[str, simpy.Process] = {}
        self.injects_settled: set[str] = set()  # fired or skipped
        self.people = {p.id: PersonState(p, p.location) for p in scenario.people}
        self.doses: dict[str, Dose] = {}
        self.care: dict[str, Claim] = {}  # person id -> the crew giving first aid
        self.caring: list[Claim] = []  # crews whose step is done, kept with their casualties
        self.warned: set[tuple[str, str | None, str]] = set()
        self._end: simpy.Event | None = None
        self._ended = False
        self.closed = False

        self.dispatcher = Dispatcher(
            self.env,
            distance=self.travel.typical,
            failures=lambda unit: self.streams.failures(unit.resource, unit.index),
            on_failure=self._unit_failed,
        )
        for team in plan.teams:
            for i, held in enumerate(team.member_qualifications()):
                self.dispatcher.add_member(Member(team.id, i, team.base, qualifications=held))
        for res in plan.resources:
            air = (res.air_duration_min or math.inf) if res.type in SCBA_TYPES else None
            for i in range(res.quantity):
                self.dispatcher.add_unit(
                    Unit(
                        res.id,
                        i,
                        res.location,
                        res.failure_probability,
                        owner=res.team,
                        air_left_min=air,
                        reserve_min=0.0 if air in (None, math.inf) else air * SCBA_WARNING_FRACTION,
                    )
                )
        self.continued_by = {s.continues: s.id for s in plan.steps if s.continues}
        self.handoffs: dict[str, Claim] = {}
        self.setup = PlanSetup.of(plan)
        self.needs: dict[str, tuple[Need, ...]] = self.setup.needs

    # --- helpers ---------------------------------------------------------------
    def _active_shift(self) -> str | None:
        moment = self.scenario.start.time()
        for shift in self.plan.shifts:
            if shift.covers(moment):
                return shift.id
        return None

    def _on_duty(self, team: Team) -> bool:
        return not team.shifts or (self.shift is not None and self.shift in team.shifts)

    def _outside(self, team: Team) -> bool:
        return team.organisation != self.plan.unit

    def _reachable(self, role_id: str, acting: bool = False) -> bool:
        """Whether someone filling the role can be reached by phone now; ``acting``: and
        has heard of the alarm, so can act (send a report, declare a level)."""
        role = self.roles[role_id]
        for tid in role.staffed_by:
            team = self.teams[tid]
            if tid in self.scenario.absent_teams:
                continue
            if self._outside(team):
                if self.orgs[team.organisation].id in self.notified:
                    return True
                continue
            if acting and not self._is_told(tid):
                continue
            if self._on_duty(team) or team.call_in is not None:
                return True
        return False

    def _unit_failed(self, unit: Unit) -> None:
        self.log.append(
            self.now,
            "resource_failed",
            resource=unit.resource,
            location=unit.location,
            unit=unit.index,
        )
        claim = self.dispatcher.current
        st = self.steps.get(claim.key) if claim is not None else None
        if st is not None and st.step.retry is not None and st.tries_left > 0:
            st.tries_left -= 1
            self.env.process(self._try_again(st, unit, st.step.retry.interval_min))

    def _try_again(self, st: StepState, unit: Unit, interval: float) -> Proc:
        """The failed channel or unit is tried again after the plan's interval."""
        yield self.env.timeout(interval)
        if st.phase != "ready" or not unit.failed:
            return
        assert st.step.retry is not None
        unit.failed = False
        self.log.append(
            self.now,
            "step_retried",
            step=st.step.id,
            actor=st.step.owner,
            resource=unit.resource,
            unit=unit.index,
            attempt=st.step.retry.attempts - st.tries_left,
            attempts=st.step.retry.attempts,
        )
        self.dispatcher.retry()
        self._touch(CREW)

    # --- conditions ------------------------------------------------------------
    def holds(self, c: Condition) -> bool:
        if c.for_min is None:
            return self._holds(c)
        if self._holds(self._sustained(c)):
            since = self.held_since.setdefault(id(c), self.now)
            return self.now - since >= c.for_min - EPS
        self.held_since.pop(id(c), None)
        return False

    def _sustained(self, c: Condition) -> Condition:
        """The condition that must hold for ``c.for_min`` minutes."""
        inner = self.inner_of.get(id(c))
        if inner is None:
            inner = self.inner_of[id(c)] = c.model_copy(update={"for_min": None})
        return inner

    def _holds(self, c: Condition) -> bool:
        t = self.now
        if c.not_ is not None:
            return not self.holds(c.not_)
        if c.after_min is not None:
            return t >= c.after_min - EPS
        if c.alarm_raised:
            return self.alarm_t is not None
        if c.step_started is not None:
            return c.step_started in self.started
        if c.step_completed is not None:
            return self.completed[c.step_completed].triggered
        if c.task_completed is not None:
            return self.tasks[c.task_completed].triggered
        if c.level_declared is not None:
            return self.level_rank >= self.levels[c.level_declared].rank
        if c.notified is not None:
            return c.notified in self.notified
        if c.team_arrived is not None:
            return c.team_arrived in self.arrived
        if c.concentration_above is not None:
            ca = c.concentration_above
            return self._air_above(ca.location, ca.ppm * (1 - 1e-9))
        if c.concentration_below is not None:
            cb = c.concentration_below
            return not self._air_above(cb.location, cb.ppm * (1 + 1e-9), strict=True)
        if c.oxygen_below is not None:
            ob = c.oxygen_below
            return self._air_above(
                ob.location, gas_ppm_for_oxygen(ob.percent) * (1 - 1e-9), oxygen=True
            )
        if c.measured_below is not None:
            mb = c.measured_below
            reading = self.measured.get(mb.location)
            if reading is None:
                return False
            low_oxygen = mb.oxygen_at_least_percent
            return reading[0] <= mb.ppm and (low_oxygen is None or reading[1] >= low_oxygen)
        if c.person_state is not None:
            return self.people[c.person_state.person].state == c.person_state.state
        if c.zone_reaches is not None:
            return self.hazards.in_zone(c.zone_reaches.hazard, c.zone_reaches.location, t)
        if c.all_of is not None:
            return all(self.holds(x) for x in c.all_of)
        assert c.any_of is not None
        return any(self.holds(x) for x in c.any_of)

    def _air_above(
        self, location: str, ppm: float, strict: bool = False, oxygen: bool = False
    ) -> bool:
        """Whether the air at ``location`` is now at or above ``ppm`` (above, if strict);
        with ``oxygen``, of everything that displaces oxygen."""
        hz = self.hazards
        bound = hz.displaced_bound(location) if oxygen else hz.ppm_bound(location)
        if bound < ppm or (strict and bound == ppm):
            return False
        now = (hz.displaced_ppm if oxygen else hz.concentration_ppm)(location, self.now)
        return now > ppm if strict else now >= ppm

    def next_time(self, c: Condition) -> float | None:
        """Earliest future time the condition may hold with no other change of the world."""
        t = self.now
        if c.for_min is not None:
            inner = self._sustained(c)
            if not self._holds(inner):
                return self.next_time(inner)  # wake when it starts to hold, to time it from there
            since = self.held_since.get(id(c), t)
            ends = self._next_stop(inner)
            due = since + c.for_min
            return min(due, ends) if ends is not None else due
        if c.not_ is not None:
            return self._next_stop(c.not_)
        if c.after_min is not None:
            return c.after_min if t < c.after_min else None
        if c.concentration_above is not None:
            ca = c.concentration_above
            return self.hazards.time_reaching(ca.location, ca.ppm, t)
        if c.concentration_below is not None:
            cb = c.concentration_below
            return self.hazards.time_falling_below(cb.location, cb.ppm, t)
        if c.oxygen_below is not None:
            ob = c.oxygen_below
            return self.hazards.time_reaching(
                ob.location, gas_ppm_for_oxygen(ob.percent), t, oxygen=True
            )
        if c.zone_reaches is not None:
            start = self.hazards.zone_start(c.zone_reaches.hazard)
            return start if start is not None and t < start else None
        parts = c.all_of or c.any_of
        if parts:
            times = [
                nt for x in parts if not self.holds(x) and (nt := self.next_time(x)) is not None
            ]
            return min(times) if times else None
        return None

    def _next_stop(self, c: Condition) -> float | None:
        """Earliest future time a holding condition may stop holding by itself (the air)."""
        t = self.now
        if c.concentration_below is not None:
            cb = c.concentration_below
            return self.hazards.time_reaching(cb.location, cb.ppm * (1 + 1e-6), t)
        if c.concentration_above is not None:
            ca = c.concentration_above
            return self.hazards.time_falling_below(ca.location, ca.ppm * (1 - 1e-6), t)
        if c.oxygen_below is not None:
            ob = c.oxygen_below
            return self.hazards.time_falling_below(
                ob.location, gas_ppm_for_oxygen(ob.percent) * (1 - 1e-6), t, oxygen=True
            )
        if c.not_ is not None:
            return self.next_time(c.not_)
        return None

    def wait_for(self, c: Condition) -> Proc:
        """Until ``c`` holds: looked at again when a change concerns what it reads
        (``sim.topics``), or when the time it may hold by itself has come."""
        reads = self.reads.get(id(c))
        if reads is None:
            reads = self.reads[id(c)] = condition_reads(c)
        while not self.holds(c):
            events: list[simpy.Event] = [self._on_change(reads)]
            nt = self.next_time(c)
            if nt is not None and nt > self.now - EPS:
                events.append(self.env.timeout(max(nt - self.now, 0.0) + EPS))
            yield FirstOf(self.env, events)

    # --- the run ---------------------------------------------------------------
    def start(self) -> None:
        """Start every process of the run at T+0; then ``advance`` and ``finish``.

        ``run()`` is these three steps; a live drill calls them one at a time, so its
        log equals the batch run's, byte for byte.
        """
        if self._end is not None:
            raise RuntimeError("the run has already started")
        env = self.env
        for h in self.scenario.hazards:
            env.process(self._hazard(h.id, h.starts_at_min))
        for team in self.plan.teams:
            env.process(self._team_availability(team))
        self._start_alerting()
        for inject in self.scenario.injects:
            self.inject_waits[inject.id] = env.process(self._inject(inject))
        for ps in self.people.values():
            env.process(self._body(ps))
        for person in self.scenario.people:
            if person.blind_rescue is not None:
                env.process(self._blind_rescue(person))
        # steps that become ready at the same moment claim in priority order
        for step_id in self.setup.claim_order:
            st = self.steps[step_id]
            step = st.step
            st.tries_left = step.retry.attempts if step.retry else 0
            st.process = env.process(self._step(st))
        for link in self.plan.reporting:
            env.process(self._report(link))
        for level in self.plan.levels:
            if level.triggers:
                env.process(self._level_watch(level))
        if self.decisions:
            env.process(self._decisions())
        # a follow-up goes out again at each change: the run does not wait for it to be "done"
        once = [self.reports_done[lk.id] for lk in self.plan.reporting if lk.stage != "follow_up"]
        finished = env.all_of([*self.settled.values(), *once])
        # the plan having nothing left to do ends the run only once the world is quiet
        settled = env.event()
        finished.callbacks.append(lambda _: self._settle(settled))
        horizon = env.timeout(self.scenario.horizon_min)
        reports = env.all_of(once)
        wound_up = env.all_of([self.terminated, reports])
        self._end = env.any_of([horizon, settled, wound_up])
        self._end.callbacks.append(self._reached_end)

    def _settle(self, quiet: simpy.Event) -> None:
        self.env.process(self._until_quiet(quiet))

    def _until_quiet(self, quiet: simpy.Event) -> Proc:
        """Trigger ``quiet`` once nothing more can happen to anyone: the plan has run out
        of things to do, and now the world must settle too. Until then the run goes on
        (to the horizon at most), so that what a release still does to people after the
        plan's last step is counted: a plan that does less does not end the harm sooner.

        The world is quiet when no source still gives off gas or feeds a fire and nobody
        left on the site lies collapsed or breathes air at or above IDLH or AEGL-2 (1 h),
        the criteria of ending the response (GB/T 29639-2020, ``scoring.termination``).
        """
        while True:
            t = self.now
            blocked, next_t = self._unquiet(t)
            if not blocked:
                break
            events: list[simpy.Event] = [self._on_change(QUIET_READS)]
            if next_t is not None and next_t > t:
                events.append(self.env.timeout(next_t - t + EPS))
            yield FirstOf(self.env, events)
        quiet.succeed()

    def _unquiet(self, t: float) -> tuple[bool, float | None]:
        """Whether something can still happen to someone at ``t``, and the earliest time
        that is known to stop (None: only a change of the world stops it)."""
        if self.coming:
            return True, None  # a team is on its way: its arrival is a change of the world
        hazards = self.hazards
        at_risk: list[PersonState] = []
        for ps in self.people.values():
            if ps.state in GONE_STATES:
                continue
            if ps.state == "collapsed" or not ps.breathing:
                return True, None  # nobody comes for them now: only the horizon ends it
            if ps.walking or ps.escaping or ps.carried or ps.rescuing:
                return True, None  # on the move: their arrival is a change of the world
            if hazards.could_harm(ps.location):
                at_risk.append(ps)
        if not at_risk:
            return False, None
        going = [h for h in hazards.hazard_ids() if hazards.releasing(h, t)]
        if going:
            ends = [hazards.release_ends_at(h, t, self.scenario.horizon_min) for h in going]
            stops = [end for end in ends if end is not None]
            return True, (max(stops) if len(stops) == len(ends) else None)
        blocked = False
        known: list[float] = []
        for ps in at_risk:
            clears = hazards.harmless_from(ps.location, t, ps.indoor)
            if clears is None or clears > t:
                blocked = True
                if clears is not None:
                    known.append(clears)
        return blocked, (max(known) if blocked and known else None)

    def _reached_end(self, _: simpy.Event) -> None:
        self._ended = True

    @property
    def over(self) -> bool:
        """Whether the run has reached its end (horizon, all done, or wound up)."""
        return self._ended

    def advance(self, until_min: float = math.inf) -> bool:
        """Run up to ``until_min`` (minutes from the accident) or the end; True at the end.

        Events at exactly ``until_min`` may be processed in part; continuing with a later
        time processes the rest in the same order, so the log does not depend on how
        the run was cut into steps.
        """
        if self._end is None:
            raise RuntimeError("start() the run before advancing it")
        if self.over:
            return True
        if math.isinf(until_min):
            self.env.run(until=self._end)
        elif until_min > self.now:
            # Plain callbacks, not a Condition around the end: SimPy flattens nested
            # conditions and would detach the end's own checks when the timeout won.
            halt = StopSimulation.callback
            stop = self.env.timeout(until_min - self.now)
            stop.callbacks.append(halt)
            self._end.callbacks.append(halt)
            self.env.run()
            for event in (stop, self._end):
                if event.callbacks is not None and halt in event.callbacks:
                    event.callbacks.remove(halt)
        return self.over

    def finish(self) -> EventLog:
        """Close the run at the current time: outcomes, steps not done, the end record."""
        if self._end is None:
            raise RuntimeError("start() the run before finishing it")
        if self.closed:
            raise RuntimeError("the run is already finished")
        self.closed = True
        self._close()
        return self.log

    def reseed(self, streams: Streams) -> None:
        """Draw everything from now on from ``streams`` (a forecast's fresh future)."""
        self.streams = streams

    def run(self) -> EventLog:
        self.start()
        self.advance()
        return self.finish()

    def _close(self) -> None:
        t = self.now
        for ps in self.people.values():
            self._move(ps, ps.location)
        self._outcomes()
        for st in self.steps.values():
            if st.phase in ("done", "abandoned"):
                continue
            reasons = list(st.waiting_on)
            if st.phase == "waiting" and not reasons:
                reasons = self._unmet(st.step)
            if st.phase == "ready" and st.claim is not None:
                reasons = self.dispatcher.explain(st.claim)
            if st.phase in ("claimed", "working") and not reasons:
                # under way: on its way or at work when the run stopped
                reasons = [
                    "response ended while under way"
                    if self.terminated.triggered
                    else "still under way when the run ended"
                ]
            self.log.append(
                t,
                "step_not_done",
                step=st.step.id,
                actor=st.step.owner,
                phase=st.phase,
                reasons=reasons,
            )
        for link in self.plan.reporting:
            if link.stage == "follow_up":
                due = self.follow_up_due.get(link.id)
                if due is not None:
                    self.log.append(
                        t,
                        "step_not_done",
                        actor=link.sender,
                        phase="report",
                        report=link.id,
                        stage=link.stage,
                        change_min=round(due[0], 6),
                        person=due[1],
                        state=due[2],
                        reasons=self._report_block(link),
                    )
            elif not self.reports_done[link.id].triggered:
                self.log.append(
                    t,
                    "step_not_done",
                    actor=link.sender,
                    phase="report",
                    report=link.id,
                    stage=link.stage,
                    reasons=self._report_block(link),
                )
        self.log.append(
            t,
            "end",
            horizon=self.scenario.horizon_min,
            reason="horizon"
            if t >= self.scenario.horizon_min - EPS
            else ("terminated" if self.terminated.triggered else "all done"),
        )

    def _unmet(self, step: Step) -> list[str]:
        out: list[str] = []
        if self.alarm_t is None and not step.on_reading:
            out.append("alarm not raised")
        out += [f"step {a} not completed" for a in step.after if not self._after_event(a).triggered]
        if step.requires_level and self.level_rank < self.levels[step.requires_level].rank:
            out.append(f"level {step.requires_level} not declared")
        if step.when is not None and not self.holds(step.when):
            out.append("condition not met")
        if self.alarm_t is not None and not self._role_told(step.owner):
            out.append(f"no team filling role {step.owner} has heard of the alarm")
        return out

    def _report_block(self, link: ReportLink) -> list[str]:
        if link.after and not self.reports_done[link.after].triggered:
            return [f"report {link.after} not received"]
        if self.alarm_t is None:
            return ["alarm not raised"]
        if not self._reachable(link.sender):
            return [f"no one filling role {link.sender} is on duty or on call"]
        if not self._reachable(link.sender, acting=True):
            return [f"no one filling role {link.sender} has heard of the alarm"]
        if link.to_role and not self._reachable(link.to_role):
            return [f"no one filling role {link.to_role} is on duty or on call"]
        return ["still being composed"]

    # --- processes -------------------------------------------------------------
    def _hazard(self, hazard: str, start: float) -> Proc:
        if start > 0:
            yield self.env.timeout(start)
        self.hazards.start(hazard, self.now)
        self._air_changed()
        details: dict[str, Any] = {}
        radius = self.hazards.radius_m(hazard)
        if radius is not None:
            details["impact_radius_m"] = round(radius, 1)
        empties = self.hazards.empties_at(hazard)
        if empties is not None:
            details["empties_at_min"] = round(empties, 3)
        self.log.append(
            self.now, "accident", actor=hazard, location=self._hazard_location(hazard), **details
        )
        self._model_warnings(hazard)
        self._touch()

    def _model_warnings(self, hazard: str | None = None) -> None:
        """Say where the plume model is used outside its range (ALOHA-like limits)."""
        sources = [
            (h.id, h.location)
            for h in self.scenario.hazards
            if (hazard is None or h.id == hazard)
            and (
                h.kind == "gas_release"
                or (h.kind == "room_leak" and self.scenario.location(h.location).x_m is not None)
            )
        ]
        if not sources:
            return
        w = self.hazards.weather
        places = sorted(
            {p.location for p in self.scenario.people} | {st.location for st in self.plan.steps}
        )
        for hid, origin in sources:
            src = self.scenario.location(origin)
            assert src.x_m is not None and src.y_m is not None
            messages: list[tuple[str | None, str]] = [
                (None, m)
                for m in check_validity(wind_speed_m_s=w.wind_speed_m_s, stability=w.stability)
            ]
            for place in places:
                loc = self.scenario.location(place)
                if place == origin or loc.x_m is None or loc.y_m is None:
                    continue
                d = math.hypot(loc.x_m - src.x_m, loc.y_m - src.y_m)
                messages += [(place, m) for m in check_validity(distance_m=round(d, 1))]
            for where, message in messages:
                key = (hid, where, message)
                if key not in self.warned:
                    self.warned.add(key)
                    self.log.append(
                        self.now, "model_warning", actor=hid, location=where, message=message
                    )

    def _hazard_location(self, hazard: str) -> str:
        for h in self.scenario.hazards:
            if h.id == hazard:
                return h.location
        raise KeyError(hazard)

    def _team_availability(self, team: Team) -> Proc:
        if team.id in self.scenario.absent_teams:
            return
        if self._outside(team):
            return  # outside teams become available when their organisation is alerted
        if self._on_duty(team):
            return  # available once told (_tell)
        if team.call_in is None:
            return
        yield self.told[team.id]
        self.coming.add(team.id)
        delay = team.call_in.sample(self.streams.delays(f"team:{team.id}"))
        self.log.append(
            self.now, "team_called_in", actor=team.id, location=team.base, minutes=round(delay, 3)
        )
        yield from self.journeys.travel(team.id, team.base, delay)
        yield from self._arrive(team, team.base)

    def _arrive(self, team: Team, location: str) -> Proc:
        destination = self.team_destination.pop(team.id, None)
        if destination is not None and destination != location:
            minutes = self.travel.sample(location, destination, self.streams.travel(team.id))
            self.log.append(
                self.now,
                "team_departed",
                actor=team.id,
                location=location,
                to=destination,
                minutes=round(minutes, 3),
            )
            yield from self.journeys.travel(team.id, destination, minutes)
            location = destination
        for m in self.dispatcher.members[team.id]:
            m.location = location
            m.available = True
        self._carry_kit(team.id, location)
        self.arrived.add(team.id)
        self.coming.discard(team.id)
        self.log.append(self.now, "team_arrived", actor=team.id, location=location, size=team.size)
        self.log.append(self.now, "team_available", actor=team.id, location=location)
        self.dispatcher.retry()
        self._touch(ARRIVED, CREW)

    def _carry_kit(self, team_id: str, location: str) -> None:
        """A team's own kit that is not in use goes where the team goes."""
        for units in self.dispatcher.units.values():
            for u in units:
                if u.owner == team_id and not u.busy:
                    u.location = location

    def _notify(self, org_id: str, by: str) -> None:
        if org_id in self.notified:
            return
        self.notified.add(org_id)
        org = self.orgs[org_id]
        self.log.append(self.now, "notified", actor=org_id, by=by, contact=org.contact)
        self._notification_is_report(org_id, by)
        self._touch(NOTIFIED)
        self.env.process(self._alert(org_id))

    def _alert(self, org_id: str) -> Proc:
        org = self.orgs[org_id]
        yield self.env.timeout(org.notification_delay.sample(self.streams.delays(f"org:{org.id}")))
        self.log.append(self.now, "alerted", actor=org_id)
        for team in self.plan.teams:
            if team.organisation == org_id and team.id not in self.scenario.absent_teams:
                if not self.told[team.id].triggered:  # the unit's own, told already
                    self.told[team.id].succeed()
                self.log.append(
                    self.now,
                    "team_alerted",
                    actor=team.id,
                    location=team.base,
                    via="organisation",
                    by=org_id,
                )
                self.env.process(self._outside_team(team, org.muster or self.scenario.scene[0]))

    def _outside_team(self, team: Team, muster: str) -> Proc:
        self.coming.add(team.id)
        yield self.env.timeout(team.mobilisation.sample(self.streams.delays(f"team:{team.id}")))
        destination = self.team_destination.pop(team.id, muster)
        minutes = self.travel.sample(team.base, destination, self.streams.travel(team.id))
        self.log.append(
            self.now,
            "team_departed",
            actor=team.id,
            location=team.base,
            to=destination,
            minutes=round(minutes, 3),
        )
        # an outside team brings the equipment kept at its base (engines, ambulances, kits)
        kit = [
            u
            for units in self.dispatcher.units.values()
            for u in units
            if u.location == team.base
            and u.owner in (None, team.id)
            and not (u.busy or u.failed or u.consumed)
        ]
        for unit in kit:
            unit.busy = True
        yield from self.journeys.travel(team.id, destination, minutes)
        for unit in kit:
            unit.busy = False
            unit.location = destination
        yield from self._arrive(team, destination)

    def _inject(self, inject: Any) -> Proc:
        control: Control | None = None
        try:
            if inject.at_min is not None:
                yield self.env.timeout(inject.at_min)
            else:
                yield from self.wait_for(inject.when)
        except simpy.Interrupt as stop:
            if not isinstance(stop.cause, Control):
                raise
            control = stop.cause
        self.injects_settled.add(inject.id)
        if control is SKIP:
            self.log.append(self.now, "inject_skipped", inject=inject.id, message=inject.message)
            self._touch()
            return
        details: dict[str, Any] = {"inject": inject.id, "message": inject.message}
        if control is FIRE:
            details["early"] = True
        if inject.expected_action:
            details["expected_action"] = inject.expected_action
        if inject.expected_step:
            details["expected_step"] = inject.expected_step
        if inject.expected_within_min:
            details["expected_within_min"] = inject.expected_within_min
        self.log.append(self.now, "inject", **details)
        for effect in inject.effects:
            self.apply(effect, actor=f"inject:{inject.id}")

    def _level_watch(self, level: Level) -> Proc:
        yield self.alarm
        yield from self.wait_for(self.setup.triggers[level.id])
        # when the trigger first held (watched from the alarm): lateness counts from here
        self.log.append(
            self.now,
            "trigger_held",
            level=level.id,
            held_at_alarm=self.now <= (self.alarm_t or 0.0) + EPS,
        )
        if self.level_rank >= level.rank:
            return
        if level.declared_by is not None:
            while not self._reachable(level.declared_by, acting=True):
                yield self._on_change(REACHABLE)
        yield self.env.timeout(
            level.decision_delay.sample(self.streams.delays(f"level:{level.id}"))
        )
        self._declare(level.id, by=level.declared_by or "plan")

    def _declare(self, level_id: str, by: str) -> None:
        level = self.levels[level_id]
        if level.id in self.declared or self.level_rank >= level.rank:
            return
        self.declared.add(level.id)
        self.level_rank = level.rank
        self.log.append(
            self.now,
            "level_declared",
            actor=by,
            level=level.id,
            rank=level.rank,
            escalates_to=level.escalates_to,
        )
        for org in level.notifies:
            self._notify(org, by=f"level:{level.id}")
        self._touch(LEVEL)

    def _report(self, link: ReportLink) -> Proc:
        if link.stage == "follow_up":
            yield from self._follow_up(link)
            return
        if link.after is not None:
            yield FirstOf(self.env, [self.reports_done[link.after], self.reports_forced[link.id]])
        else:
            yield FirstOf(self.env, [self.alarm, self.reports_forced[link.id]])
        forced = self.reports_forced[link.id].triggered
        previous = self.now
        self.report_due.setdefault(link.id, previous)
        if not forced:
            while not (
                self._reachable(link.sender, acting=True)
                and (link.to_role is None or self._reachable(link.to_role))
            ):
                yield FirstOf(self.env, [self._on_change(REACHABLE), self.reports_forced[link.id]])
                if self.reports_forced[link.id].triggered:
                    break
            if not self.reports_forced[link.id].triggered:
                yield FirstOf(
                    self.env,
                    [
                        self.env.timeout(
                            link.delay.sample(self.streams.delays(f"report:{link.id}"))
                        ),
                        self.reports_forced[link.id],
                    ],
                )
        self._send_report(link, previous)

    def _follow_up(self, link: ReportLink) -> Proc:
        """续报: once the report it follows has arrived, again at each change in the
        casualties after the last report to the same receiver, within its limit of the change."""
        assert link.after is not None
        yield self.reports_done[link.after]
        receiver = link.to_role or link.to_organisation or ""
        start = self.now
        while True:
            last = self.reported_to.get(receiver, start)
            change = next((c for c in self.casualty_changes if c[0] > last + EPS), None)
            if change is None:
                yield self._on_change(CASUALTIES)
                continue
            self.follow_up_due[link.id] = change
            forced = self.reports_forced[link.id]
            while not forced.triggered and not (
                self._reachable(link.sender)
                and (link.to_role is None or self._reachable(link.to_role))
            ):
                yield FirstOf(self.env, [self._on_change(REACHABLE), forced])
            if not forced.triggered:
                delay = link.delay.sample(self.streams.delays(f"report:{link.id}"))
                yield FirstOf(self.env, [self.env.timeout(delay), forced])
            if forced.triggered:  # a decision sent this one: the next waits for its own
                self.reports_forced[link.id] = self.env.event()
            del self.follow_up_due[link.id]
            self._send_report(link, change[0], change=change)

    def _notification_is_report(self, org_id: str, by: str) -> None:
        """The plan says a call to ``org_id`` is its phone report: log it as the report."""
        for link in self.plan.reporting:
            if (
                link.notification_counts
                and link.to_organisation == org_id
                and not self.reports_done[link.id].triggered
            ):
                self._send_report(link, self.report_due.get(link.id, self.now), via=by)

    def _send_report(
        self,
        link: ReportLink,
        since: float,
        *,
        via: str | None = None,
        change: tuple[float, str, str] | None = None,
    ) -> None:
        once = link.stage != "follow_up"
        if once and self.reports_done[link.id].triggered:
            return
        details: dict[str, Any] = {"report": link.id, "stage": link.stage}
        if link.to_role:
            details["to_role"] = link.to_role
        if link.to_organisation:
            details["to_organisation"] = link.to_organisation
        if via is not None:
            details["via"] = via  # a level's call, which the plan counts as this report
        if change is not None:
            details["change_min"] = round(change[0], 6)
            details["person"] = change[1]
            details["state"] = change[2]
        if link.limit_min is not None:
            details["limit_min"] = link.limit_min
            details["deadline"] = round(since + link.limit_min, 6)
            details["late"] = self.now > since + link.limit_min + EPS
        details["content"] = list(link.content)
        self.log.append(self.now, "report_sent", actor=via or link.sender, **details)
        receiver = link.to_role or link.to_organisation
        extra = {"via": via} if via is not None else {}
        self.log.append(
            self.now,
            "report_received",
            actor=receiver,
            report=link.id,
            sender=link.sender,
            stage=link.stage,
            **extra,
        )
        if "casualties" in link.content:  # the casualties as they stand now are reported
            self.reported_to[receiver or ""] = self.now
        if once:
            self.reports_done[link.id].succeed()
        if link.to_role:
            self._tell_role(link.to_role, via="report", by=link.id)
        self._touch(REPORT)

    def _after_event(self, step_id: str) -> simpy.Event:
        """What 'after: STEP' waits for: the step's completion, or its task's if it has one."""
        task = self.steps[step_id].step.satisfies
        return self.tasks[task] if task else self.completed[step_id]

    def _step(self, st: StepState) -> Proc:
        try:
            yield from self._step_body(st)
        except simpy.Interrupt as stop:
            cause: tuple[str, Any] = stop.cause  # type: ignore[assignment]
            reason, by = cause
            if st.claim is not None:
                self.dispatcher.cancel(st.claim)
            st.phase = "abandoned"
            details: dict[str, Any] = {"reason": reason}
            if reason == "alternative_done":
                details |= {"task": st.step.satisfies, "by_step": by}
            else:
                details["after_min"] = by
            self.log.append(
                self.now, "step_abandoned", step=st.step.id, actor=st.step.owner, **details
            )
            self.settled[st.step.id].succeed()
            self._touch(STEP)

    def _abandon(self, st: StepState, reason: str, by: Any) -> None:
        """Stop a step that has not started: an alternative did the job, or it waited too long."""
        if st.phase in ("waiting", "ready") and st.process is not None and st.process.is_alive:
            st.process.interrupt((reason, by))

    def _give_up(self, st: StepState, limit: float) -> Proc:
        yield self.env.timeout(limit)
        if st.phase == "ready":
            self._abandon(st, "limit", limit)

    def _step_body(self, st: StepState) -> Proc:
        step = st.step
        if not step.on_reading:
            yield FirstOf(self.env, [self.alarm, st.forced])
        if not st.forced.triggered and step.after:
            # completions never undo themselves: wait on their events, not on a condition
            done = self.env.all_of([self._after_event(a) for a in step.after])
            yield FirstOf(self.env, [done, st.forced])
        rest = self.setup.ready_when[step.id]
        if not st.forced.triggered and rest is not None:
            waiter = self.env.process(self.wait_for(rest))
            yield FirstOf(self.env, [waiter, st.forced])
        if step.on_reading and not st.forced.triggered and not self._role_told(step.owner):
            # the answer to a detector: its alarm on the console is what tells the role
            self._tell_role(step.owner, via="alarm", by=step.id)
        while not (st.forced.triggered or self._role_told(step.owner)):
            yield FirstOf(self.env, [self._on_change(HEARD), st.forced])
        st.phase = "ready"
        self.log.append(
            self.now, "step_ready", step=step.id, actor=step.owner, forced=st.forced.triggered
        )
        if step.give_up_after_min is not None:
            self.env.process(self._give_up(st, step.give_up_after_min))
        held = self.handoffs.pop(step.id, None)
        duration = math.nan
        left = math.nan
        began = self.now
        relief = False
        while True:
            if held is not None:
                claim = yield from self._carry_on(st, held)
                entered = yield from self._go(st, claim, relief, continues=step.continues)
                held = None
            else:
                claim = yield from self._claim(st)
                entered = yield from self._go(st, claim, relief)
            if not relief:
                began = entered
                duration = left = step.duration.sample(self.streams.durations(step.id))
            stop = min(left, self._air_limit(claim) - self.now)
            if not relief:
                self.log.append(
                    self.now,
                    "step_working",
                    step=step.id,
                    actor=claim.team,
                    location=step.location,
                    duration_min=round(duration, 3),
                )
                self._care_starts(step.effects, claim, step.id)
            yield from self._work(step, claim, max(stop, 0.0))
            self._crew_exposure(step, claim, entered)
            left -= max(stop, 0.0)
            if left <= EPS:
                break
            self._withdraw(st, claim, left)
            relief = True
        team = str(claim.team)
        yield from self._lifts(step.effects, team, step.id)
        end_at = yield from self._carry_out(step, claim)
        handing = [
            ps
            for e in step.effects
            if e.hand_over is not None
            for ps in self.people.values()
            if ps.location == e.hand_over and ps.state == "rescued"
        ]
        for effect in step.effects:
            if effect.rescue is not None and effect.rescue.method == "entry":
                continue  # done: the crew carried them out (_carry_out)
            if effect.first_aid is not None:
                self._first_aid(effect.first_aid, team, step.id, claim)
                continue
            if effect.gas_test is not None:
                self._gas_test(effect.gas_test, team, step.id, self._detector(claim), began)
                continue
            self.apply(effect, actor=team, step=step.id, location=step.location)
        st.phase = "done"
        details: dict[str, Any] = {}
        if step.target_min is not None:
            details["target_min"] = step.target_min
            details["late"] = self.now > step.target_min + EPS
        if step.satisfies:
            details["task"] = step.satisfies
        self.log.append(
            self.now,
            "step_completed",
            step=step.id,
            actor=claim.team,
            location=step.location,
            **details,
        )
        self.settled[step.id].succeed()
        if step.satisfies and not self.tasks[step.satisfies].triggered:
            self.log.append(
                self.now, "task_completed", step=step.id, actor=team, task=step.satisfies
            )
            self.tasks[step.satisfies].succeed()
            for other in self.steps.values():
                if other is not st and other.step.satisfies == step.satisfies:
                    self._abandon(other, "alternative_done", step.id)
        for unit in claim.units:
            if self.resources[unit.resource].consumable:
                self.dispatcher.consume(unit)
        nxt = self.continued_by.get(step.id)
        if nxt is not None and self.steps[nxt].phase == "waiting":
            # the same crew carries on with what it drew: nothing is returned yet
            for m in claim.members:
                m.location = end_at
            for u in claim.units:
                u.location = end_at
            self.handoffs[nxt] = claim
            self.completed[step.id].succeed()
        else:
            self.completed[step.id].succeed()
            handed = [ps for ps in handing if ps.state == "handed_to_ems"]
            hospital = self.orgs[self.teams[team].organisation].hospital
            if handed and hospital is not None:
                self.env.process(self._to_hospital(claim, handed, hospital))
            elif not self._keep_carers(claim, end_at):
                self.dispatcher.release(claim, end_at)
        self._touch(STEP, CREW)

    def _claim(self, st: StepState) -> Generator[simpy.Event, Any, Claim]:
        step = st.step
        role = self.roles[step.owner]
        teams = [t for t in role.staffed_by if t not in self.scenario.absent_teams]
        claim = self.dispatcher.request(
            step.id,
            teams,
            step.crew,
            frozenset(step.qualifications),
            self.needs[step.id],
            priority=step.claim_priority,
            to=None if step.owner in self.command_roles else step.location,
        )
        st.phase = "ready"
        st.claim = claim
        if not claim.event.triggered:
            self.log.append(
                self.now,
                "step_waiting",
                step=step.id,
                actor=step.owner,
                reasons=self.dispatcher.explain(claim),
            )
        yield claim.event
        return claim

    def _carry_on(self, st: StepState, held: Claim) -> Generator[simpy.Event, Any, Claim]:
        """The crew of the step this one continues keeps its kit and draws only what it lacks."""
        step = st.step
        assert held.team is not None
        spare = list(held.units)
        lacking: list[Need] = []
        for need in self.needs[step.id]:
            have = [u for u in spare if u.resource in need.resources][: need.quantity]
            for u in have:
                spare.remove(u)
            if len(have) < need.quantity:
                lacking.append(Need(need.label, need.quantity - len(have), need.resources))
        more = max(step.crew - len(held.members), 0)
        if lacking or more:
            extra = self.dispatcher.request(
                f"{step.id}:more",
                [held.team],
                more,
                frozenset(step.qualifications),
                lacking,
                origin=held.members[0].location,
                priority=step.claim_priority,
            )
            st.claim = extra
            if not extra.event.triggered:
                self.log.append(
                    self.now,
                    "step_waiting",
                    step=step.id,
                    actor=step.owner,
                    reasons=self.dispatcher.explain(extra),
                )
            yield extra.event
            held.members += extra.members
            held.units += extra.units
        held.key = step.id
        st.claim = held
        return held

    def _go(
        self, st: StepState, claim: Claim, relief: bool, continues: str | None = None
    ) -> Generator[simpy.Event, Any, float]:
        """The crew fetches its equipment, travels to the step and dons its breathing apparatus;
        returns when work begins."""
        step = st.step
        st.phase = "claimed"
        self.started.setdefault(step.id, self.now)
        assert claim.team is not None
        origin = claim.members[0].location
        route = [origin]
        for unit in claim.units:
            if unit.location not in (route[-1], step.location):
                route.append(unit.location)
        if route[-1] != step.location:
            route.append(step.location)
        stream = self.streams.travel(f"{claim.team}/step:{step.id}")
        minutes = sum(self.travel.sample(a, b, stream) for a, b in itertools.pairwise(route))
        units = [f"{u.resource}#{u.index}" for u in claim.units]
        details: dict[str, Any] = {} if continues is None else {"continues": continues}
        self.log.append(
            self.now,
            "step_relieved" if relief else "step_started",
            step=step.id,
            actor=claim.team,
            location=step.location,
            crew=len(claim.members),
            units=units,
            route=route,
            travel_min=round(minutes, 3),
            **details,
        )
        self._touch(STEP, CREW)
        if minutes > 0:
            self.log.append(
                self.now,
                "team_departed",
                actor=claim.team,
                step=step.id,
                location=origin,
                to=step.location,
                minutes=round(minutes, 3),
            )
            yield from self.journeys.travel(claim.team, step.location, minutes)
            self.log.append(
                self.now,
                "team_arrived",
                actor=claim.team,
                step=step.id,
                location=step.location,
                size=len(claim.members),
            )
        st.phase = "working"
        for u in claim.units:
            if u.air_left_min is not None and u.donned_at is None:
                u.donned_at = self.now  # one donning, one pre-use check, until it is returned
        if self.hazards.hot_zone(step.location, self.now, step.indoors):
            self._crew_entry(step, claim)
        return self.now

    def _crew_entry(self, step: Step, claim: Claim) -> None:
        protected = any(self.resources[u.resource].type in SCBA_TYPES for u in claim.units)
        self.log.append(
            self.now,
            "entry",
            actor=claim.team,
            step=step.id,
            location=step.location,
            protected=protected,
            crew=len(claim.members),
            ppm=round(self.hazards.concentration_ppm(step.location, self.now, step.indoors), 1),
        )

    def _work(self, step: Step, claim: Claim, minutes: float) -> Proc:
        """The crew works ``minutes`` on; air that turns hot meanwhile (a plume arriving,
        a room filling) is an entry at that moment."""
        begin = self.now
        if not self.hazards.hot_zone(step.location, begin, step.indoors):
            turns = self.hazards.time_turning_hot(
                step.location, begin, begin + minutes, step.indoors
            )
            if turns is not None:
                yield self.env.timeout(turns - begin)
                self._crew_entry(step, claim)
        yield self.env.timeout(max(begin + minutes - self.now, 0.0))

    def _air_limit(self, claim: Claim) -> float:
        """When the first set of a crew all on breathing apparatus sounds its warning."""
        sets = [u for u in claim.units if u.donned_at is not None and u.air_left_min is not None]
        if not sets or len(sets) < len(claim.members):
            return math.inf
        return min(
            float(u.donned_at) + float(u.air_left_min) - u.reserve_min
            for u in sets
            if u.donned_at is not None and u.air_left_min is not None
        )

    def _withdraw(self, st: StepState, claim: Claim, left: float) -> None:
        """The crew comes out on its warning reserve; the step waits for a relief crew."""
        air = [a for u in claim.units if (a := u.air_at(self.now)) is not None]
        self.log.append(
            self.now,
            "crew_withdrew",
            step=st.step.id,
            actor=claim.team,
            location=st.step.location,
            crew=len(claim.members),
            reason="air",
            air_left_min=round(min(air), 3) if air else None,
            work_left_min=round(left, 3),
        )
        self.dispatcher.release(claim, st.step.location)
        self._touch(CREW)

    def _crew_exposure(self, step: Step, claim: Claim, entered: float) -> None:
        """A crew breathes the air where it works, the same air as anyone else there
        (indoors in a building unless the step works in the open), unless on breathing
        apparatus with air left; breathing apparatus is no shield against a fire's heat."""
        team = str(claim.team)
        crew = len(claim.members)
        out = [
            u.donned_at + u.air_left_min
            for u in claim.units
            if u.donned_at is not None and u.air_left_min is not None
        ]
        breathing_from = entered
        if len(out) >= crew:
            breathing_from = max(entered, min(out))
        self._expose(
            team,
            step.location,
            entered,
            self.now,
            count=crew,
            step=step.id,
            indoor=step.indoors,
            toxic=False,
        )
        if breathing_from < self.now:
            self._expose(
                team,
                step.location,
                breathing_from,
                self.now,
                count=crew,
                step=step.id,
                indoor=step.indoors,
                thermal=False,
            )

    def _decisions(self) -> Proc:
        for d in self.decisions:
            if d.t > self.now:
                yield self.env.timeout(d.t - self.now)
            self.log.append(
                self.now,
                "decision",
                actor=d.by,
                command=d.command,
                args=d.args.model_dump(mode="json"),
            )
            self._decide(d)

    def _decide(self, d: Decision) -> None:
        a: Any = d.args
        actor = f"decision:{d.by}" if d.by else "decision"
        if d.command == "dispatch":
            self.env.process(self._dispatch(a.team, a.to))
        elif d.command == "start_step":
            st = self.steps[a.step]
            self._tell_role(st.step.owner, via="decision", by=actor)
            if not st.forced.triggered:
                st.forced.succeed()
        elif d.command == "declare_level":
            self._declare(a.level, by=actor)
        elif d.command == "notify":
            self._notify(a.organisation, by=actor)
        elif d.command == "report":
            if not self.reports_forced[a.link].triggered:
                self.reports_forced[a.link].succeed()
        elif d.command == "evacuate":
            self.apply(
                Effect.model_validate({"evacuate": {"location": a.location, "to": a.to}}),
                actor=actor,
            )
        elif d.command == "close_valve":
            self.apply(Effect(stop_release=a.hazard), actor=actor)
        elif d.command == "forbid_entry":
            self.apply(Effect(forbid_entry=a.location), actor=actor)
        elif d.command == "shelter":
            self.apply(Effect(shelter=a.location), actor=actor)
        elif d.command in ("move_arrival", "arrive_now"):
            by_min = a.minutes if d.command == "move_arrival" else None
            for journey, was in self.journeys.move(a.team, by_min=by_min):
                self.log.append(
                    self.now,
                    "arrival_moved",
                    actor=a.team,
                    location=journey.to,
                    was=round(was, 3),
                    eta=round(journey.eta, 3),
                )
        elif d.command in ("fire_inject", "skip_inject") and a.inject not in self.injects_settled:
            self.injects_settled.add(a.inject)
            self.inject_waits[a.inject].interrupt(FIRE if d.command == "fire_inject" else SKIP)

    def _dispatch(self, team_id: str, to: str) -> Proc:
        team = self.teams[team_id]
        if not self._outside(team):
            self._tell([team_id], via="decision", by="decision")  # whoever sent it
        members = self.dispatcher.members[team_id]
        if not any(m.available for m in members):
            self.team_destination[team_id] = to
            if self._outside(team):
                self._notify(team.organisation, by="decision")
            return
        claim = self.dispatcher.request(
            f"dispatch:{team_id}",
            [team_id],
            sum(1 for m in members if m.available),
            frozenset(),
            [],
        )
        yield claim.event
        origin = claim.members[0].location
        minutes = self.travel.sample(origin, to, self.streams.travel(team_id))
        if minutes > 0:
            self.log.append(
                self.now,
                "team_departed",
                actor=team_id,
                location=origin,
                to=to,
                minutes=round(minutes, 3),
            )
            yield from self.journeys.travel(team_id, to, minutes)
        self.log.append(
            self.now, "team_arrived", actor=team_id, location=to, size=len(claim.members)
        )
        self.dispatcher.release(claim, to)
        self._carry_kit(team_id, to)
        self._touch(CREW)

    # --- measuring -------------------------------------------------------------
    def _detector(self, claim: Claim) -> Resource | None:
        """The first gas detector among a crew's kit."""
        for unit in claim.units:
            res = self.resources[unit.resource]
            if res.type in DETECTOR_TYPES:
                return res
        return None

    def _gas_test(
        self,
        location: str,
        actor: str,
        step: str | None,
        detector: Resource | None,
        since: float | None,
    ) -> None:
        """Read a detector at ``location``: the sensor's lag over the test from ``since`` (or
        a settled reading, for an inject or a decision) and its tolerance (REFERENCE D14)."""
        t = self.now
        spec = Detector(
            t90_s=detector.t90_s if detector and detector.t90_s else DEFAULT_T90_S,
            accuracy_percent=(
                detector.accuracy_percent
                if detector and detector.accuracy_percent is not None
                else DEFAULT_ACCURACY_PERCENT
            ),
            oxygen_accuracy_percent=(
                detector.oxygen_accuracy_percent
                if detector and detector.oxygen_accuracy_percent is not None
                else DEFAULT_OXYGEN_ACCURACY_PERCENT
            ),
        )
        begin = t if since is None else min(since, t)
        times = np.linspace(begin, t, max(2, min(600, math.ceil((t - begin) * 60) + 1)))
        conc = self.hazards.concentration_series(location, times)
        oxygen = self.hazards.oxygen_series(location, times, gas_ppm=conc)
        if since is None:
            ppm, o2 = float(conc[-1]), float(oxygen[-1])
        else:
            ppm = lagged_reading(times, conc, spec.t90_s, 0.0)
            o2 = lagged_reading(times, oxygen, spec.t90_s, CLEAN_OXYGEN_PERCENT)
        draws = self.streams.readings(f"step:{step}" if step else f"actor:{actor}").uniform(
            -1.0, 1.0, 2
        )
        ppm = reading_error(ppm, spec.accuracy_percent, float(draws[0]), relative=True)
        o2 = reading_error(o2, spec.oxygen_accuracy_percent, float(draws[1]), relative=False)
        ppm, o2 = round(ppm, 1), round(min(o2, 100.0), 1)
        self.measured[location] = (ppm, o2)
        self.log.append(
            t,
            "gas_test",
            actor=actor,
            step=step,
            location=location,
            ppm=ppm,
            oxygen_percent=o2,
            true_ppm=round(float(conc[-1]), 1),
            true_oxygen_percent=round(float(oxygen[-1]), 2),
            detector=detector.id if detector else None,
            t90_s=spec.t90_s,
            accuracy_percent=spec.accuracy_percent,
            minutes=round(t - begin, 3),
        )
        self._touch(MEASURED)

    # --- effects ---------------------------------------------------------------
    def apply(
        self, effect: Effect, *, actor: str, step: str | None = None, location: str | None = None
    ) -> None:
        t = self.now
        verb = effect.verb
        if verb == "raise_alarm":
            if self.alarm_t is None:
                self.alarm_t = t
                self.log.append(t, "alarm", actor=actor, step=step)
                self.alarm.succeed()
                self._alarm_heard()
        elif verb == "stop_release":
            assert effect.stop_release is not None
            if self.hazards.stop(effect.stop_release, t):
                self.log.append(
                    t,
                    "release_stopped",
                    actor=actor,
                    step=step,
                    location=self._hazard_location(effect.stop_release),
                    hazard=effect.stop_release,
                )
        elif verb == "reduce_release":
            rr = effect.reduce_release
            assert rr is not None
            self.hazards.reduce(rr.hazard, rr.factor, t)
            self.log.append(
                t, "release_changed", actor=actor, step=step, hazard=rr.hazard, factor=rr.factor
            )
        elif verb == "water_curtain":
            wc = effect.water_curtain
            assert wc is not None
            factor, source = wc.factor, "plan"
            if factor is None:
                published = water_curtain_factor(self.hazards.substance or "")
                assert published is not None  # validated: a factor or a published one
                factor, source = published.remaining_fraction, published.source
            if self.hazards.water_curtain(wc.hazard, factor, t):
                self.log.append(
                    t,
                    "water_curtain",
                    actor=actor,
                    step=step,
                    location=self._hazard_location(wc.hazard),
                    hazard=wc.hazard,
                    factor=round(factor, 6),
                    source=source,
                )
        elif verb == "ventilate":
            v = effect.ventilate
            assert v is not None
            if self.hazards.ventilate(v.location, v.air_changes_per_h, t):
                self._air_changed()
                self.log.append(
                    t,
                    "ventilation",
                    actor=actor,
                    step=step,
                    location=v.location,
                    air_changes_per_h=v.air_changes_per_h,
                )
        elif verb == "rescue":
            self._rescue(effect, actor, step)
        elif verb == "hand_over":
            self._hand_over(effect, actor, step)
        elif verb == "first_aid":
            assert effect.first_aid is not None
            self._first_aid(effect.first_aid, actor, step)
        elif verb == "evacuate":
            self._evacuate(effect, actor, step)
        elif verb == "gas_test":
            assert effect.gas_test is not None
            self._gas_test(effect.gas_test, actor, step, None, None)
        elif verb == "declare_level":
            assert effect.declare_level is not None
            self._declare(effect.declare_level, by=actor)
        elif verb == "notify":
            assert effect.notify is not None
            self._notify(effect.notify, by=actor)
        elif verb == "forbid_entry":
            assert effect.forbid_entry is not None
            if effect.forbid_entry not in self.forbidden:
                self.forbidden.add(effect.forbid_entry)
                self.log.append(
                    t, "entry_forbidden", actor=actor, step=step, location=effect.forbid_entry
                )
        elif verb == "shelter":
            self._shelter(effect, actor, step)
        elif verb == "end_shelter":
            self._end_shelter(effect, actor, step)
        elif verb == "collapse":
            self._collapse(effect, actor)
        elif verb == "wind":
            w = effect.wind
            assert w is not None
            self.hazards.set_wind(t, w.speed_m_s, w.from_deg, w.stability)
            self._air_changed()
            self._model_warnings()
            self.log.append(t, "weather", actor=actor, **w.model_dump(exclude_none=True))
        elif verb == "terminate_response" and not self.terminated.triggered:
            self.log.append(t, "response_terminated", actor=actor, step=step)
            self.terminated.succeed()
        self._touch()


def simulate(
    scenario: Scenario,
    plan: Plan,
    seed: int | Streams = 0,
    decisions: Iterable[Decision] = (),
) -> EventLog:
    """Run one replication: the event log is a pure function of the inputs."""
    return Engine(scenario, plan, seed, list(decisions)).run()
