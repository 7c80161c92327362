"""One replication's row of measures for a stress test, read from its event log.

Columns (all numbers, so replications aggregate as they stream in):
- ``kpi:<id>`` each KPI's value (minutes from its start, or a count); None when it never
  happened by the end of the run; ``met:<id>`` 1/0 for KPIs rated against a target;
- ``consequence:<key>`` each consequence of the response (expected deaths after the alarm...);
- ``expected_fatalities`` the sum of every exposed person's probit probability of death
  times the people it stands for; ``death:<person>`` each one's probability of death;
- ``finding:<rule>@<element>`` 1 for each finding of the run (absent: not found);
- ``hseep:<P|S|M|U>`` and ``grade:<优秀|良好|合格|不合格>`` 1 for the overall rating, 0 else;
- ``critical:<step>`` 1 when the step lay on the critical path to the last critical task,
  0 else (absent when no critical step was done); ``wait:<step>`` the minutes it waited
  for crew or equipment (absent when it never became ready) (``scoring.schedule``);
- ``util:team:<id>`` and ``util:resource:<id>`` the share of a team's people, of an
  equipment item's units, in use.
"""

from __future__ import annotations

from scoring.facts import RunFacts, facts_of
from scoring.finding import Finding
from scoring.kpi import Kpi
from scoring.schedule import critical_path, utilisation, waits
from scoring.scorecard import Scorecard, score
from sim.events import EventLog
from sim.plan import Plan
from sim.runner import Row
from sim.scenario import Scenario

HSEEP = ("P", "S", "M", "U")
GRADES = ("优秀", "良好", "合格", "不合格")
RATED = frozenset({"met", "late", "exceeded", "missed"})


def kpi_id(k: Kpi) -> str:
    return k.key if k.subject is None else f"{k.key}:{k.subject}"


def finding_key(f: Finding) -> str:
    """A finding's identity across replications and revisions: its rule and plan element."""
    ref = f.refs[0]
    return f"{f.rule}@{ref.id or ref.path}"


def schedule_row(log: EventLog, plan: Plan, facts: RunFacts | None = None) -> Row:
    """The schedule columns of a replication's row: criticality, waits, utilisation
    (``facts``: the log's, when the caller has read them already)."""
    facts = facts_of(log, plan, facts)
    row: Row = {}
    path = critical_path(facts, plan)
    if path:
        for s in plan.steps:
            row[f"critical:{s.id}"] = 1.0 if s.id in path else 0.0
    for step, minutes in waits(facts).items():
        row[f"wait:{step}"] = round(minutes, 6)
    teams, resources = utilisation(facts, plan)
    for team, share in teams.items():
        row[f"util:team:{team}"] = round(share, 6)
    for res, share in resources.items():
        row[f"util:resource:{res}"] = round(share, 6)
    return row


def row_of(card: Scorecard, log: EventLog, people: frozenset[str]) -> Row:
    row: Row = {}
    for k in card.kpis:
        if k.status == "not_applicable":
            continue
        row[f"kpi:{kpi_id(k)}"] = k.value
        if k.target is not None and k.status in RATED:
            row[f"met:{kpi_id(k)}"] = 1.0 if k.status == "met" else 0.0
    for c in card.consequences:
        key = c.key if c.subject is None else f"{c.key}:{c.subject}"
        row[f"consequence:{key}"] = c.value
    total = 0.0
    for e in log.of_kind("outcome"):
        p = float(e.details.get("probability_of_death", 0.0))
        count = int(e.details.get("count", 1))
        if e.actor in people:
            row[f"death:{e.actor}"] = p
        total += p * count
    row["expected_fatalities"] = round(total, 6)
    for f in card.findings:
        row[f"finding:{finding_key(f)}"] = 1.0
    for h in HSEEP:
        row[f"hseep:{h}"] = 1.0 if card.overall.hseep == h else 0.0
    for g in GRADES:
        row[f"grade:{g}"] = 1.0 if card.overall.grade == g else 0.0
    return row


def measure(log: EventLog, scenario: Scenario, plan: Plan) -> Row:
    """The row of one replication (the run's own findings; the static check is per plan)."""
    people = frozenset(p.id for p in scenario.people)
    facts = RunFacts(log, plan)
    card = score(log, scenario, plan, static=False, facts=facts)
    return row_of(card, log, people) | schedule_row(log, plan, facts)
