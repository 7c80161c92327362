"""Facts of a run, read from its event log alone (never from engine internals)."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from sim.events import Event, EventLog
from sim.plan import Plan
from sim.vocabulary import Condition

NEVER = math.inf
"""A condition that never held during the run."""


@dataclass(frozen=True)
class Busy:
    """Crew of a team working a step from ``start`` to ``end``."""

    team: str
    step: str
    crew: int
    start: float
    end: float


class RunFacts:
    """Indexes an event log for scoring: first times, waits, busy intervals.

    Nothing changes it once built: the parts of a scorecard can share one."""

    def __init__(self, log: EventLog, plan: Plan) -> None:
        self.log = log
        self.plan = plan
        self.events: list[Event] = list(log)
        ends = [e for e in self.events if e.kind == "end"]
        self.end_t = ends[-1].t if ends else max((e.t for e in self.events), default=0.0)
        reason = ends[-1].details.get("reason") if ends else None
        self.terminated = reason == "terminated"
        """The response was declared over: what it had not done by then it never did."""
        self.over = reason in ("terminated", "all done")
        """Nothing more was to happen: the response was declared over, or the plan had
        nothing left to do and the world was quiet (``Engine._until_quiet``)."""
        self.step_ready: dict[str, float] = {}
        self.step_started: dict[str, Event] = {}
        self.step_working: dict[str, float] = {}
        self.step_completed: dict[str, float] = {}
        self.step_not_done: dict[str, Event] = {}
        self.report_not_done: dict[str, Event] = {}
        self.report_received: dict[str, float] = {}
        self.report_sent: dict[str, Event] = {}
        self.notified: dict[str, float] = {}
        self.step_abandoned: dict[str, Event] = {}
        self.task_done: dict[str, Event] = {}
        self.failed_units: dict[str, float] = {}
        self.waits: list[tuple[Event, float | None]] = []
        self._kinds: dict[str, EventLog] = {}
        """The log's events of each kind, in log order (the queries read one kind)."""
        waiting: dict[str, Event] = {}
        for e in self.events:
            kind = e.kind
            part = self._kinds.get(kind)
            if part is None:
                part = self._kinds[kind] = EventLog()
            part.events.append(e)
            s = e.step
            if kind == "step_ready" and s is not None:
                self.step_ready.setdefault(s, e.t)
            elif kind == "step_waiting" and s is not None:
                waiting.setdefault(s, e)
            elif kind == "step_started" and s is not None:
                self.step_started.setdefault(s, e)
                if s in waiting:
                    self.waits.append((waiting.pop(s), e.t))
            elif kind == "step_working" and s is not None:
                self.step_working.setdefault(s, e.t)
            elif kind == "step_completed" and s is not None:
                self.step_completed.setdefault(s, e.t)
            elif kind == "step_abandoned" and s is not None:
                self.step_abandoned.setdefault(s, e)
                if s in waiting:
                    self.waits.append((waiting.pop(s), e.t))
            elif kind == "task_completed" and "task" in e.details:
                self.task_done.setdefault(str(e.details["task"]), e)
            elif kind == "resource_failed" and e.resource is not None:
                self.failed_units.setdefault(e.resource, e.t)
            elif kind == "step_not_done":
                if s is not None:
                    self.step_not_done[s] = e
                elif "report" in e.details:
                    self.report_not_done[str(e.details["report"])] = e
            elif kind == "report_received" and "report" in e.details:
                self.report_received.setdefault(str(e.details["report"]), e.t)
            elif kind == "report_sent" and "report" in e.details:
                self.report_sent.setdefault(str(e.details["report"]), e)
            elif kind == "notified" and e.actor is not None:
                self.notified.setdefault(e.actor, e.t)
        self.alarm_t = self.first_t("alarm")
        self.waits.extend((w, None) for w in waiting.values())
        self.waits.sort(key=lambda pair: pair[0].seq)
        self.level_rank = {lv.id: lv.rank for lv in plan.levels}
        self.plan_steps = {st.id: st for st in plan.steps}

    def done_by_alternative(self, step: str) -> Event | None:
        """The ``task_completed`` event of the step's task, when another step did it.

        Alternatives (steps with the same ``satisfies``) are one task: once one of
        them has done it, the others' waits, lateness or abandonment are no failure."""
        task = self.plan_steps[step].satisfies if step in self.plan_steps else None
        done = self.task_done.get(task) if task else None
        if done is None or done.step == step:
            return None
        return done

    def _of(self, kind: str) -> list[Event]:
        """The events of one kind, in log order (read only)."""
        part = self._kinds.get(kind)
        return [] if part is None else part.events

    def first(self, kind: str, **match: object) -> Event | None:
        part = self._kinds.get(kind)
        return None if part is None else part.first(kind, **match)

    def first_t(self, kind: str, **match: object) -> float | None:
        e = self.first(kind, **match)
        return None if e is None else e.t

    def of_kind(self, *kinds: str) -> list[Event]:
        if len(kinds) == 1:
            return list(self._of(kinds[0]))
        return [e for e in self.events if e.kind in kinds]

    def has(self, kind: str) -> bool:
        return kind in self._kinds

    def person_state_t(self, person: str, state: str) -> float | None:
        for e in self._of("person"):
            if e.actor == person and e.details.get("state") == state:
                return e.t
        return None

    def level_declared_t(self, level: str) -> float | None:
        """When this level or a higher one was first declared."""
        rank = self.level_rank.get(level)
        for e in self._of("level_declared"):
            if e.details.get("level") == level:
                return e.t
            if rank is not None and int(e.details.get("rank", 0)) >= rank:
                return e.t
        return None

    def busy(self) -> list[Busy]:
        """Who worked which step when: from step_started (crew claimed) to step_completed."""
        return list(self._busy)

    @functools.cached_property
    def _busy(self) -> list[Busy]:
        out: list[Busy] = []
        for step, started in self.step_started.items():
            if started.actor is None:
                continue
            end = self.step_completed.get(step, self.end_t)
            crew = int(started.details.get("crew", 1))
            out.append(Busy(started.actor, step, crew, started.t, end))
        return out

    def available_from(self, team: str) -> float | None:
        """When the log first shows the team able to take work (None: never seen)."""
        times = [
            e.t
            for kind in ("team_available", "step_started")
            for e in self._of(kind)
            if e.actor == team
        ]
        return min(times) if times else None

    def condition_time(self, c: Condition) -> float | None:
        """Earliest time the condition held according to the log.

        ``NEVER`` when the log shows it never held; ``None`` when the log cannot
        tell (concentrations and zones are not logged).
        """
        found: float | None
        if c.after_min is not None:
            return c.after_min
        if c.alarm_raised:
            found = self.alarm_t
        elif c.step_started is not None:
            ev = self.step_started.get(c.step_started)
            found = None if ev is None else ev.t
        elif c.step_completed is not None:
            found = self.step_completed.get(c.step_completed)
        elif c.level_declared is not None:
            found = self.level_declared_t(c.level_declared)
        elif c.notified is not None:
            found = self.notified.get(c.notified)
        elif c.team_arrived is not None:
            found = next(
                (
                    e.t
                    for e in self._of("team_arrived")
                    if e.actor == c.team_arrived and e.step is None
                ),
                None,
            )
        elif c.person_state is not None:
            found = self.person_state_t(c.person_state.person, c.person_state.state)
        elif c.all_of is not None:
            parts = [self.condition_time(x) for x in c.all_of]
            if any(p == NEVER for p in parts):
                return NEVER
            if any(p is None for p in parts):
                return None
            return max((p for p in parts if p is not None), default=0.0)
        elif c.any_of is not None:
            parts = [self.condition_time(x) for x in c.any_of]
            known = [p for p in parts if p is not None]
            if not known:
                return None
            best = min(known)
            if best == NEVER and len(known) < len(parts):
                return None
            return best
        else:
            return None  # concentration_above/below, zone_reaches: not in the log
        return NEVER if found is None else found


def facts_of(log: EventLog, plan: Plan, facts: RunFacts | None = None) -> RunFacts:
    """The facts of ``log`` under ``plan``: ``facts`` when the caller has read them
    already (a scorecard reads the log once for all its parts), else read now."""
    if facts is None:
        return RunFacts(log, plan)
    if facts.log is not log or facts.plan is not plan:
        raise ValueError("the facts given are of another log or plan")
    return facts
