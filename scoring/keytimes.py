"""Key times of a run, read from its event log (never from engine internals).

Each key time is the time of the KPI of the same name (scoring.kpi), so the key-time
block and the KPI table cannot disagree: "casualty reached" is a rescue crew at work
where the casualty lies, "evacuation complete" is the headcount reconciled, and so on.
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring.kpi import Kpi, kpis
from scoring.rules import Rules
from sim.events import EventLog
from sim.plan import Plan
from sim.scenario import Scenario


@dataclass(frozen=True)
class KeyTime:
    key: str
    label_zh: str
    label_en: str
    t: float | None
    subject: str | None = None

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_zh


ORDER = (
    "alarm",
    "unit_head_informed",
    "authority_informed",
    "level_declared",
    "first_arrival",
    "release_stopped",
)
"""KPIs shown as key times before the casualties, in this order."""
PER_CASUALTY = (
    "casualty_reached",
    "casualty_extracted",
    "casualty_first_aid",
    "casualty_handed_to_ems",
    "casualty_at_hospital",
)
LAST = ("evacuation_complete", "response_terminated")


def _of(k: Kpi) -> KeyTime:
    return KeyTime(k.key, k.label.zh, k.label.en, k.t_min, k.subject)


def key_times(
    log: EventLog,
    scenario: Scenario,
    plan: Plan,
    rules: Rules | None = None,
    *,
    measured: list[Kpi] | None = None,
) -> list[KeyTime]:
    """Times from the accident (minutes) of the moments evaluators ask about first."""
    measured = measured if measured is not None else kpis(log, scenario, plan, rules)
    shown = [k for k in measured if k.status != "not_applicable"]
    out = [_of(k) for key in ORDER for k in shown if k.key == key]
    for c in log.of_kind("person"):
        if c.details.get("state") != "collapsed":
            continue
        out.append(KeyTime("casualty_collapsed", "人员倒地", "Casualty collapsed", c.t, c.actor))
        out += [
            _of(k) for key in PER_CASUALTY for k in shown if k.key == key and k.subject == c.actor
        ]
    out += [_of(k) for key in LAST for k in shown if k.key == key]
    return out
