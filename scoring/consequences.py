"""Consequences of a run: what the response let happen after the alarm.

Before the alarm is the accident, after it the response. From the event log:
expected deaths from exposure after the alarm, people above AEGL-2 and IDLH after
it, responders exposed without protection, and how long each release ran after it.
Each has a score (100 at none, falling linearly to 0 at the rule's ``zero_at``)
that joins its objective's score, and caps that bound the objective's and the
overall rating (rules ``consequences`` in ``scoring/data/ratings.yaml``).
"""

from __future__ import annotations

import math
from collections import defaultdict

from pydantic import Field

from scoring.facts import RunFacts, facts_of
from scoring.finding import Record, Text
from scoring.names import counted
from scoring.rules import ConsequenceRule, Hseep, Rules, default_rules
from scoring.wording import at, tx
from sim.events import Event, EventLog
from sim.hazards import HazardField
from sim.physics.probit import (
    TOXIC_PROBITS,
    probability_from_probit,
    toxic_death_probability_from_load,
)
from sim.plan import Plan
from sim.scenario import Scenario

THERMAL = "thermal radiation"
"""The substance name the engine gives heat radiation in exposure and outcome events."""


class Cap(Record):
    """A cap a consequence puts on its objective's rating and on the overall rating."""

    objective: Hseep
    overall: Hseep
    rule: Text


class Consequence(Record):
    """One consequence of the run, its score and the cap it puts on the rating."""

    key: str
    label: Text
    subject: str | None = Field(default=None, description="Hazard id, for a release.")
    objective: str
    unit: str
    value: float | None = Field(description="Measured after the alarm; None: not measured.")
    score: float | None = Field(description="0-100; None when not rated.")
    weight: float
    cap: Cap | None = None
    source: Text
    note: Text | None = None

    @property
    def rated(self) -> bool:
        return self.score is not None and self.weight > 0


UNIT_TEXT = {
    "deaths": ("人", "deaths"),
    "people": ("人", "people"),
    "min": ("分钟", "min"),
}


def _after(e: Event, alarm: float | None, total_key: str, split_key: str) -> float:
    """The part of an exposure event's figure that fell after the alarm."""
    total = float(e.details.get(total_key, 0.0))
    if alarm is None:
        return total  # no alarm: the response never began, everything is its failure
    begin = e.t - float(e.details.get("minutes", 0.0))
    if begin >= alarm:
        return total
    if e.t <= alarm:
        return 0.0
    if split_key in e.details:
        return float(e.details[split_key])
    if total_key.endswith("_min"):
        return min(total, e.t - alarm)  # an older log: at most the time since the alarm
    return total * (e.t - alarm) / max(e.t - begin, 1e-9)


def _death_probability(substance: str, load: float) -> float:
    if load <= 0:
        return 0.0
    if substance == THERMAL:
        return probability_from_probit(-38.48 + 2.56 * math.log(load))  # Eisenberg
    if substance in TOXIC_PROBITS:
        return toxic_death_probability_from_load(substance, load)
    return 0.0


class _Measures:
    def __init__(self, facts: RunFacts, scenario: Scenario) -> None:
        self.f = facts
        self.scenario = scenario
        self.alarm = facts.alarm_t
        counts = {p.id: p.count for p in scenario.people}
        self.count = counts
        self.down_at_alarm = {
            e.actor
            for e in facts.of_kind("person")
            if e.details.get("state") == "collapsed"
            and e.actor
            and (self.alarm is None or e.t <= self.alarm)
        }

    def n(self, e: Event) -> int:
        return int(e.details.get("count", self.count.get(e.actor or "", 1)))

    def deaths_after_alarm(self) -> tuple[float | None, float | None]:
        """Expected deaths the response let happen, and all expected deaths."""
        outcomes = self.f.of_kind("outcome")
        if not outcomes:
            return None, None
        before: dict[tuple[str, str], float] = defaultdict(float)
        for e in self.f.of_kind("exposure"):
            if e.actor is None or e.details.get("protected"):
                continue
            substance = str(e.details.get("substance"))
            key = "thermal_dose" if substance == THERMAL else "toxic_load"
            split = f"{key}_after_alarm"
            total = float(e.details.get(key, 0.0))
            before[(e.actor, substance)] += total - _after(e, self.alarm, key, split)
        after = total = 0.0
        for e in outcomes:
            p = float(e.details.get("probability_of_death", 0.0))
            if e.actor is None:
                continue
            substance = str(e.details.get("substance"))
            p_pre = (
                _death_probability(substance, before.get((e.actor, substance), 0.0))
                if self.alarm is not None
                else 0.0
            )
            total += p * self.n(e)
            after += max(p - p_pre, 0.0) * self.n(e)
        return after, total

    def people_above(self, threshold: str) -> float | None:
        """People (not responders on a step, not those already down at the alarm) whose
        unprotected exposure after the alarm went above the threshold."""
        exposures = self.f.of_kind("exposure")
        if not exposures:
            return None
        key = f"above_{threshold}_min"
        worst: dict[str, int] = {}
        for e in exposures:
            if e.actor is None or e.step is not None or e.details.get("protected"):
                continue
            if e.actor in self.down_at_alarm:
                continue
            if _after(e, self.alarm, key, f"above_{threshold}_after_alarm_min") > 0:
                worst[e.actor] = max(worst.get(e.actor, 0), self.n(e))
        return float(sum(worst.values()))

    def release_minutes(self, hazard: str, starts: float) -> tuple[float, bool]:
        """Minutes the release ran after the alarm (or after it began), and whether it
        was still running when the run ended: until it was stopped, or until its vessel
        ran dry by itself."""
        stop = self.f.first_t("release_stopped", hazard=hazard)
        dry = ran_dry_at(self.f, self.scenario, hazard)
        if dry is not None and dry <= self.f.end_t and (stop is None or dry < stop):
            stop = dry
        from_t = max(starts, self.alarm if self.alarm is not None else starts)
        end = stop if stop is not None else self.f.end_t
        return max(end - from_t, 0.0), stop is None


CONSEQUENCE_LABELS: dict[str, tuple[str, str]] = {
    "deaths_after_alarm": (
        "报警后暴露所致预计死亡",
        "Expected deaths from exposure after the alarm",
    ),
    "people_above_aegl2_after_alarm": (
        "报警后超过 AEGL-2 的人员 (可能受伤)",
        "People above AEGL-2 after the alarm (injury)",
    ),
    "people_above_idlh_after_alarm": (
        "报警后超过 IDLH 的人员",
        "People above IDLH after the alarm",
    ),
    "responders_unprotected": ("无防护暴露的救援人员", "Responders exposed without protection"),
}
"""The consequences' labels by key, in (Chinese, English); ``release_after_alarm`` names
its hazard (:func:`consequence_label`)."""


def consequence_label(key: str, subject_zh: str = "", subject_en: str = "") -> Text:
    """A consequence's label: the scorecard's, and a stress result's, which keeps only
    the key and the subject's id (``release_after_alarm:h2s_leak``)."""
    if key == "release_after_alarm":
        return tx(f"报警后泄漏持续 ({subject_zh})", f"Release after the alarm ({subject_en})")
    zh, en = CONSEQUENCE_LABELS.get(key, (key, key))
    return tx(zh, en)


def ran_dry_at(f: RunFacts, scenario: Scenario, hazard: str) -> float | None:
    """When a release ran dry by itself (its vessel empty) before anyone stopped it, as
    the run's log shaped it (releases reduced, the vessel lasting longer); None otherwise."""
    h = next((x for x in scenario.hazards if x.id == hazard), None)
    if h is None or h.kind != "gas_release":
        return None
    if h.inventory_kg is None and h.vessel_volume_m3 is None:
        return None
    return HazardField.replay(scenario, f.events).ran_dry_at(hazard)


def consequences(
    log: EventLog,
    scenario: Scenario,
    plan: Plan,
    rules: Rules | None = None,
    *,
    responders_unprotected: int | None = None,
    facts: RunFacts | None = None,
) -> list[Consequence]:
    """Every consequence of the run after the alarm, scored and capped by the rules
    (``facts``: the log's, when the caller has read them already)."""
    from scoring.kpi import responders_unprotected as unprotected_count

    rules = rules or default_rules()
    facts = facts_of(log, plan, facts)
    m = _Measures(facts, scenario)
    out: list[Consequence] = []
    after, total = m.deaths_after_alarm()
    note = None
    if total is not None and after is not None and total - after > 1e-6:
        note = tx(
            f"全部预计死亡 {total:.2f} 人, 其中报警前的暴露所致 {total - after:.2f} 人不计入",
            f"{total:.2f} expected deaths in all; {total - after:.2f} from exposure "
            "before the alarm are not counted",
        )
    out.append(
        _judge(
            "deaths_after_alarm",
            consequence_label("deaths_after_alarm"),
            after,
            rules,
            note=note,
        )
    )
    out.append(
        _judge(
            "people_above_aegl2_after_alarm",
            consequence_label("people_above_aegl2_after_alarm"),
            m.people_above("aegl2"),
            rules,
        )
    )
    out.append(
        _judge(
            "people_above_idlh_after_alarm",
            consequence_label("people_above_idlh_after_alarm"),
            m.people_above("idlh"),
            rules,
        )
    )
    if responders_unprotected is None:
        from scoring.planmap import PlanMap

        toxic = PlanMap.of(plan, rules, scenario).toxic_locations()
        responders_unprotected = unprotected_count(facts, toxic)[0]
    out.append(
        _judge(
            "responders_unprotected",
            consequence_label("responders_unprotected"),
            float(responders_unprotected),
            rules,
        )
    )
    for h in scenario.hazards:
        minutes, running = m.release_minutes(h.id, h.starts_at_min)
        if not getattr(h, "isolable", True):
            item = _judge(
                "release_after_alarm",
                consequence_label("release_after_alarm", h.name, h.name_en or h.id),
                minutes,
                rules,
                subject=h.id,
            )
            out.append(
                item.model_copy(
                    update={
                        "score": None,
                        "cap": None,
                        "note": tx(
                            "无切断手段 (情景 isolable: false), 仅作记录",
                            "cannot be stopped (scenario isolable: false): shown, not rated",
                        ),
                    }
                )
            )
            continue
        out.append(
            _judge(
                "release_after_alarm",
                consequence_label("release_after_alarm", h.name, h.name_en or h.id),
                minutes,
                rules,
                subject=h.id,
                running=running,
                note=_release_note(facts, scenario, h.id, running),
            )
        )
    return out


def _release_note(f: RunFacts, scenario: Scenario, hazard: str, running: bool) -> Text | None:
    if running:
        return tx("推演结束时仍在泄漏", "still releasing when the run ended")
    dry = ran_dry_at(f, scenario, hazard)
    if dry is None or dry > f.end_t:
        return None
    return tx(
        f"容器于 {at(dry)} 泄空, 泄漏自行停止, 未被切断",
        f"the vessel ran dry at {at(dry)}: the release ended by itself, not stopped",
    )


def _judge(
    key: str,
    label: Text,
    value: float | None,
    rules: Rules,
    *,
    subject: str | None = None,
    running: bool = False,
    note: Text | None = None,
) -> Consequence:
    rule: ConsequenceRule = rules.consequences[key]
    score = None
    cap = None
    if value is not None:
        score = 0.0 if running else round(100.0 * max(0.0, 1.0 - value / rule.zero_at), 1)
        zh_u, en_u = UNIT_TEXT.get(rule.unit, (rule.unit, rule.unit))
        for c in rule.caps:
            hit = running if c.still_running else value >= c.at_least - 1e-9
            if not hit:
                continue
            if c.still_running:
                why = tx("推演结束时仍未切断", "not stopped by the end of the run")
            else:
                # a head count is whole; expected deaths are a sum of probabilities
                whole = rule.unit == "people" and float(value).is_integer()
                shown = f"{value:.0f}" if whole else f"{value:.2f}"
                why = tx(
                    f"{shown} {zh_u} ≥ {c.at_least:g} {zh_u}",
                    f"{counted(value, en_u, shown)}, at least {c.at_least:g}",
                )
            cap = Cap(
                objective=c.objective,
                overall=c.overall,
                rule=tx(f"后果“{label.zh}”{why.zh}", f"consequence '{label.en}' {why.en}"),
            )
            break
    return Consequence(
        key=key,
        label=label,
        subject=subject,
        objective=rule.objective,
        unit=rule.unit,
        value=None if value is None else round(value, 4),
        score=score,
        weight=rule.weight,
        cap=cap,
        source=rule.source,
        note=note,
    )
