"""How a run's steps were scheduled, read from its event log: the critical path, the waits
for crew or equipment, and the utilisation of teams and equipment.

The critical path is traced back from the last critical task to be done (the latest
``step_completed`` among the plan's ``critical`` steps), CPM style on what the log shows
actually bound each start (Kelley & Walker, "Critical-path planning and scheduling",
Proc. Eastern Joint Computer Conference 1959; with resources, Wiest, "Some properties of
schedules for large projects with limited resources", Oper. Res. 12 (1964) 395-418):

- a step that started as soon as it was ready was held up by the last of its ``after``
  steps to finish (or by the alarm, a level or a condition: the path ends there);
- a step that waited for crew or equipment was held up by the step that freed them at
  that moment (same team, or a unit it took over), or, when its crew had just arrived,
  by the step whose call brought that crew's organisation.

Over replications, the share in which a step lies on this path is its criticality index
(Van Slyke, "Monte Carlo methods and the PERT problem", Oper. Res. 11 (1963) 839-860).
"""

from __future__ import annotations

from scoring.facts import RunFacts
from sim.plan import Plan

TOL_MIN = 1e-6
"""Two log times this close are the same moment (the log keeps full precision)."""


def waits(facts: RunFacts) -> dict[str, float]:
    """Minutes each step that became ready waited for its crew or equipment (0 when they
    were free at once; up to the end of the run when they never came)."""
    out: dict[str, float] = {}
    for step, ready in facts.step_ready.items():
        started = facts.step_started.get(step)
        if started is not None:
            out[step] = max(started.t - ready, 0.0)
        elif step in facts.step_abandoned:
            out[step] = max(facts.step_abandoned[step].t - ready, 0.0)
        else:
            out[step] = max(facts.end_t - ready, 0.0)
    return out


def last_critical_step(facts: RunFacts, plan: Plan) -> str | None:
    """The critical step completed last (None when none was completed)."""
    done = [
        (facts.step_completed[s.id], i, s.id)
        for i, s in enumerate(plan.steps)
        if s.critical and s.id in facts.step_completed
    ]
    return max(done)[2] if done else None


def critical_path(facts: RunFacts, plan: Plan) -> list[str]:
    """Steps on the critical path to the last critical task, last first (empty: none done)."""
    step = last_critical_step(facts, plan)
    path: list[str] = []
    while step is not None and step not in path:
        path.append(step)
        step = _binding(facts, plan, step)
    return path


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= TOL_MIN


def _binding(facts: RunFacts, plan: Plan, step: str) -> str | None:
    """The step whose end let ``step`` start, if a step did."""
    started = facts.step_started.get(step)
    if started is None:
        return None
    ready = facts.step_ready.get(step, started.t)
    if started.t > ready + TOL_MIN:
        return _freed_by(facts, plan, step)
    best: tuple[float, str] | None = None
    for a in facts.plan_steps[step].after if step in facts.plan_steps else []:
        task = facts.plan_steps[a].satisfies if a in facts.plan_steps else None
        done_by = facts.task_done.get(task) if task else None
        who = done_by.step if done_by is not None else a
        t = done_by.t if done_by is not None else facts.step_completed.get(a)
        if who is not None and t is not None and _same(t, ready) and (best is None or t > best[0]):
            best = (t, who)
    return None if best is None else best[1]


def _freed_by(facts: RunFacts, plan: Plan, step: str) -> str | None:
    started = facts.step_started[step]
    team = started.actor
    units = set(started.details.get("units") or [])
    released = [x for x in facts.of_kind("crew_released") if x.actor == team]
    for other, e in facts.step_started.items():
        if other == step:
            continue
        freed = [x.t for x in released if x.step == other]
        if other in facts.step_completed:
            freed.append(facts.step_completed[other])
        shares = e.actor == team or units & set(e.details.get("units") or [])
        if shares and any(_same(t, started.t) for t in freed):
            return other
    arrived = any(
        x.actor == team and _same(x.t, started.t)
        for x in facts.of_kind("team_arrived") + facts.of_kind("team_available")
    )
    org = next((t.organisation for t in plan.teams if t.id == team), None)
    called = facts.notified.get(org) if arrived and org is not None else None
    if called is None:
        return None
    for s in plan.steps:
        done = facts.step_completed.get(s.id)
        if done is not None and _same(done, called) and any(e.notify == org for e in s.effects):
            return s.id
    return None


def utilisation(facts: RunFacts, plan: Plan) -> tuple[dict[str, float], dict[str, float]]:
    """Share of each team's people busy on steps (and with casualties in their care after
    a step), from when the team could first take work to the end; and of each equipment
    item's units in use, from the alarm to the end."""
    end = facts.end_t
    teams: dict[str, float] = {}
    busy = facts.busy()
    # a crew kept with its casualties after its step is busy until it is released
    caring = {(e.actor, e.step): end for e in facts.of_kind("crew_caring")}
    for e in facts.of_kind("crew_released"):
        if (e.actor, e.step) in caring:
            caring[(e.actor, e.step)] = e.t
    for team in plan.teams:
        mine = [b for b in busy if b.team == team.id]
        if not mine:
            continue
        start = facts.available_from(team.id)
        span = end - (start if start is not None else 0.0)
        if span <= 0:
            continue
        used = sum(
            b.crew * (max(b.end, caring.get((b.team, b.step), b.end)) - b.start) for b in mine
        )
        teams[team.id] = min(used / (team.size * span), 1.0)
    alarm = facts.alarm_t or 0.0
    held: dict[str, float] = {}
    for step, started in facts.step_started.items():
        stop = facts.step_completed.get(step, end)
        for unit in started.details.get("units", []) or []:
            rid = str(unit).split("#")[0]
            held[rid] = held.get(rid, 0.0) + max(stop - started.t, 0.0)
    resources: dict[str, float] = {}
    for res in plan.resources:
        if res.id in held and res.quantity > 0 and end > alarm:
            resources[res.id] = min(held[res.id] / (res.quantity * (end - alarm)), 1.0)
    return teams, resources
