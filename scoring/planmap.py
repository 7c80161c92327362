"""What a plan says, indexed for scoring: who staffs a role on a shift, which steps
need breathing apparatus, which organisation is called by what, and which
objective each step serves."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from scoring.memo import ByIdentity
from scoring.rules import Rules
from sim.plan import Level, Plan, ReportLink, Resource, ResourceNeed, Role, Shift, Step, Team
from sim.scenario import Scenario


@dataclass(frozen=True)
class Staffing:
    """The teams that can fill a role on one shift, by how they are reached."""

    on_duty: list[str] = field(default_factory=list)
    call_in: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    unavailable: list[str] = field(default_factory=list)

    @property
    def present(self) -> bool:
        return bool(self.on_duty)

    @property
    def reachable(self) -> bool:
        """Someone can be phoned: on duty, on call, or an outside team once its body is called."""
        return bool(self.on_duty or self.call_in or self.outside)


def _scenario_hot_locations(scenario: Scenario) -> dict[str, str]:
    """The leaking rooms, the release points and the places the scenario's threat zones
    put at or above IDLH, worked out once per scenario object and process (the plume's
    zones are dear to work out, and a stress test scores every replication of the same
    scenario)."""
    return _HOT.get((scenario,), lambda: _hot_locations(scenario))


def _hot_locations(scenario: Scenario) -> dict[str, str]:
    from scoring.zones import threat_zones

    out: dict[str, str] = {}
    for h in scenario.hazards:
        if h.kind in ("room_leak", "gas_release"):
            out.setdefault(h.location, h.id)  # the source's own place
    try:
        zones = threat_zones(scenario)
    except ValueError:
        zones = None
    for hz in zones.hazards if zones is not None else ():
        plume = getattr(hz, "plume", None)
        for zone in plume.zones if plume is not None else ():
            if zone.family == "IDLH":
                for p in zone.inside:
                    out.setdefault(p.id, hz.hazard_id)
    return out


_HOT: ByIdentity[dict[str, str]] = ByIdentity(16)


class PlanMap:
    """A plan indexed for scoring, under scoring rules and (optionally) a scenario.

    Read only once built: the indexes it works out on first use (the steps by the kind
    of their effects, the headcount steps, each step's ancestors and objective, each
    organisation's notifiers) are pure functions of the plan, the rules and the
    scenario, and its queries hand out copies, so one map can serve every run of them
    (``PlanMap.of``)."""

    @classmethod
    def of(cls, plan: Plan, rules: Rules, scenario: Scenario | None = None) -> PlanMap:
        """The map of these plan, rules and scenario objects, made once and shared (a
        stress test scores every replication against the same ones)."""
        return _MAPS.get((plan, rules, scenario), lambda: cls(plan, rules, scenario))

    def __init__(self, plan: Plan, rules: Rules, scenario: Scenario | None = None) -> None:
        self.plan = plan
        self.rules = rules
        self.scenario = scenario
        self.steps: dict[str, Step] = {s.id: s for s in plan.steps}
        self.roles: dict[str, Role] = {r.id: r for r in plan.roles}
        self.teams: dict[str, Team] = {t.id: t for t in plan.teams}
        self.resources: dict[str, Resource] = {r.id: r for r in plan.resources}
        self.levels: dict[str, Level] = {lv.id: lv for lv in plan.levels}
        self.links: dict[str, ReportLink] = {lk.id: lk for lk in plan.reporting}
        self.shifts: dict[str, Shift] = {s.id: s for s in plan.shifts}
        self.orgs = {o.id: o for o in plan.organisations}
        self.absent = set(scenario.absent_teams) if scenario else set()
        ba = rules.breathing_apparatus
        self.ba_types = set(ba.resource_types)
        self.ba_resources = {r.id for r in plan.resources if r.type in self.ba_types}
        self.ba_qualifications = set(ba.qualifications)
        self._objectives: dict[str, str] = {}
        self._ancestors: dict[str, frozenset[str]] = {}
        self._notifiers: dict[str, list[tuple[str, str]]] = {}

    # --- people -----------------------------------------------------------------
    def in_house(self, team: str) -> bool:
        return self.teams[team].organisation == self.plan.unit

    def scenario_shift(self) -> str | None:
        if self.scenario is None:
            return None
        moment = self.scenario.start.time()
        for s in self.plan.shifts:
            if s.covers(moment):
                return s.id
        return None

    def shifts_to_check(self) -> list[str]:
        """The scenario's shift when there is a scenario, else every shift."""
        if self.scenario is not None:
            s = self.scenario_shift()
            return [s] if s is not None else []
        return [s.id for s in self.plan.shifts]

    def on_duty(self, team: str, shift: str | None) -> bool:
        t = self.teams[team]
        return not t.shifts or (shift is not None and shift in t.shifts)

    def staffing(self, role: str, shift: str | None) -> Staffing:
        out = Staffing()
        for tid in self.roles[role].staffed_by:
            if tid in self.absent:
                out.unavailable.append(tid)
            elif not self.in_house(tid):
                out.outside.append(tid)
            elif self.on_duty(tid, shift):
                out.on_duty.append(tid)
            elif self.teams[tid].call_in is not None:
                out.call_in.append(tid)
            else:
                out.unavailable.append(tid)
        return out

    def qualified(self, step: Step, team: str) -> bool:
        """The team has ``step.crew`` members holding all the step's qualifications."""
        return self.teams[team].holders(step.qualifications) >= step.crew

    # --- equipment and hazards --------------------------------------------------
    def is_ba(self, need: ResourceNeed) -> bool:
        if need.type is not None:
            return need.type in self.ba_types
        return need.resource in self.ba_resources

    def needs_ba(self, step: Step) -> bool:
        return any(self.is_ba(n) for n in step.resources) or bool(
            self.ba_qualifications & set(step.qualifications)
        )

    def supply(self, step: Step, need: ResourceNeed) -> list[Resource]:
        """The resources that can meet ``need`` for some team staffing the step's owner role:
        a team's own kit counts only for that team."""
        staff = set(self.roles[step.owner].staffed_by) - self.absent
        return [r for r in self.plan.matching(need) if r.team is None or r.team in staff]

    def nearest(
        self, need: ResourceNeed, team: str, distance: Callable[[str, str], float], origin: str
    ) -> Resource | None:
        """The resource a crew of ``team`` starting at ``origin`` draws ``need`` from first."""
        usable = self.plan.matching(need, team)
        if not usable:
            return None
        return min(usable, key=lambda r: (distance(origin, r.location), r.team is None))

    def toxic_locations(self) -> set[str]:
        """Rooms where a toxic gas leaks: entering them needs breathing apparatus."""
        if self.scenario is None:
            return set()
        return {h.location for h in self.scenario.hazards if h.kind == "room_leak"}

    def hot_locations(self) -> dict[str, str]:
        """Locations that need breathing apparatus, with why (a hazard id or a step id).

        With a scenario, from its hazard field: the leaking rooms and release points, and
        the places the threat zones put at or above IDLH (a gas release's plume, a room's
        exhaust).
        A step wearing breathing apparatus somewhere does not make it toxic. Without
        a scenario the plan is all there is: the places its steps wear it."""
        out: dict[str, str] = {}
        if self.scenario is None:
            for s in self.plan.steps:
                if self.needs_ba(s):
                    out.setdefault(s.location, s.id)
            return out
        return dict(_scenario_hot_locations(self.scenario))

    # --- who calls whom ---------------------------------------------------------
    def notifiers(self, org: str) -> list[tuple[str, str]]:
        """What calls an organisation: ("level", id), ("step", id) or ("report", id)."""
        known = self._notifiers.get(org)
        if known is None:
            known = self._notifiers[org] = self._notifiers_of(org)
        return list(known)

    def _notifiers_of(self, org: str) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for lv in self.plan.levels:
            if org in lv.notifies:
                out.append(("level", lv.id))
        for s in self.plan.steps:
            if any(e.notify == org for e in s.effects):
                out.append(("step", s.id))
        for lk in self.plan.reporting:
            if lk.to_organisation == org:
                out.append(("report", lk.id))
        return out

    def declarers(self, level: str) -> list[str]:
        """Steps whose effects declare this level."""
        return [s.id for s in self.plan.steps if any(e.declare_level == level for e in s.effects)]

    def authorities(self) -> set[str]:
        return {o.id for o in self.plan.organisations if o.kind == "authority"}

    def mutual_aid(self) -> list[str]:
        return [
            o.id
            for o in self.plan.organisations
            if o.kind in ("rescue", "mutual_aid") or (o.agreement and o.id != self.plan.unit)
        ]

    def steps_with(self, verb: str) -> list[Step]:
        """The steps with an effect of this kind (``Effect.verb``), in plan order."""
        return list(self._steps_by_verb.get(verb, ()))

    @functools.cached_property
    def _steps_by_verb(self) -> dict[str, list[Step]]:
        out: dict[str, list[Step]] = {}
        for s in self.plan.steps:
            for verb in dict.fromkeys(e.verb for e in s.effects):
                out.setdefault(verb, []).append(s)
        return out

    def alternatives(self, task: str) -> list[Step]:
        """The steps that satisfy a task (its alternatives), in plan order."""
        return [s for s in self.plan.steps if s.satisfies == task]

    def terminating_step(self) -> Step | None:
        found = self.steps_with("terminate_response")
        return found[0] if found else None

    def headcount_steps(self) -> list[Step]:
        """Steps at an assembly point that follow an evacuation (the headcount)."""
        return list(self._headcount_steps)

    @functools.cached_property
    def _headcount_steps(self) -> list[Step]:
        evacuations = {
            s.id: e.evacuate.to
            for s in self.plan.steps
            for e in s.effects
            if e.evacuate is not None
        }
        out = []
        for s in self.plan.steps:
            if s.id in evacuations:
                continue
            before = self.ancestors(s.id)
            if any(a in evacuations and evacuations[a] == s.location for a in before):
                out.append(s)
        return out

    def ancestors(self, step: str) -> set[str]:
        """The steps ``step`` waits for, directly or through others."""
        known = self._ancestors.get(step)
        if known is None:
            known = self._ancestors[step] = frozenset(self._ancestors_of(step))
        return set(known)

    def _ancestors_of(self, step: str) -> set[str]:
        seen: set[str] = set()
        todo = list(self.steps[step].after) if step in self.steps else []
        while todo:
            a = todo.pop()
            if a in seen or a not in self.steps:
                continue
            seen.add(a)
            todo.extend(self.steps[a].after)
        return seen

    def chain_to(self, link: str) -> list[ReportLink]:
        """The reporting links from the first one down to ``link``, in order."""
        out: list[ReportLink] = []
        seen: set[str] = set()
        cur: str | None = link
        while cur is not None and cur in self.links and cur not in seen:
            seen.add(cur)
            out.append(self.links[cur])
            cur = self.links[cur].after
        return list(reversed(out))

    # --- objectives -------------------------------------------------------------
    def objective_of(self, step: str) -> str:
        if step not in self._objectives:
            self._objectives[step] = self._objective(step, set())
        return self._objectives[step]

    def _objective(self, step: str, seen: set[str]) -> str:
        rules = self.rules
        if step in rules.step_objectives:
            return rules.step_objectives[step]
        s = self.steps.get(step)
        if s is None:
            return rules.default_objective
        for e in s.effects:
            if e.verb in rules.effect_objectives:
                return rules.effect_objectives[e.verb]
        seen.add(step)
        for a in s.after:
            if a not in seen:
                return self._objective(a, seen)
        return rules.default_objective


_MAPS: ByIdentity[PlanMap] = ByIdentity(16)
