"""Scoring rules as data: default targets with their sources, weights, bands and caps.

The defaults live in ``scoring/data/ratings.yaml``. An evaluator (or, later, a
plan) overrides any part with a partial mapping, merged key by key; lists are
replaced whole.
"""

from __future__ import annotations

import copy
import functools
import importlib.resources
import itertools
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, model_validator

from scoring.finding import Record, Severity, Text
from sim.bounds import Amount, Minutes, Probability, Ratio, Repeats, Score, Seconds, Weight
from sim.loader import validate_model
from sim.yamlfile import YamlDocument, load_yaml, parse_yaml

Hseep = Literal["P", "S", "M", "U"]
Grade = Literal["优秀", "良好", "合格", "不合格"]
Start = Literal[
    "accident",
    "alarm",
    "unit_head_informed",
    "phone_report",
    "casualty_change",
    "trigger",
    "notified",
    "collapse_or_alarm",
]

HSEEP_ORDER: tuple[Hseep, ...] = ("P", "S", "M", "U")

KPI_STARTS: dict[str, Start] = {
    "alarm": "accident",
    "unit_head_informed": "alarm",
    "authority_informed": "unit_head_informed",
    "authority_written": "phone_report",
    "authority_follow_up": "casualty_change",
    "level_declared": "trigger",
    "first_arrival": "alarm",
    "ba_first_entry": "alarm",
    "casualty_reached": "collapse_or_alarm",
    "casualty_extracted": "alarm",
    "casualty_handed_to_ems": "alarm",
    "casualty_first_aid": "alarm",
    "casualty_at_hospital": "alarm",
    "responders_unprotected": "accident",
    "release_stopped": "alarm",
    "critical_task": "accident",
    "response_terminated": "alarm",
    "evacuation_complete": "alarm",
    "person_min_above_aegl2": "accident",
    "person_min_above_idlh": "accident",
    "expected_fatalities": "accident",
    "mutual_aid_requested": "trigger",
    "fire_arrival": "notified",
    "ems_arrival": "notified",
}
"""Every KPI drillsim measures and what its default target counts from (fixed in code)."""


class CurvePoint(Record):
    ratio: Ratio = Field(description="Measured time over target time.")
    score: Score


class Band(Record):
    min_score: Score = Field(description="Lowest score of this rating.")
    hseep: Hseep
    grade: Grade


class Objective(Record):
    name: str
    name_en: str
    weight: Weight


class GovernmentLimit(Record):
    """The limit of a report a government department sends upward, where it differs."""

    target_min: Minutes
    source: Text


class KpiRule(Record):
    objective: str
    weight: Weight = Field(description="0: reported, not rated.")
    start: Start = Field(description="What the measured time counts from.")
    target_min: Minutes | None = Field(
        description="Default target; minutes, or a count for exposure KPIs."
    )
    legal: bool = Field(default=False, description="A legal limit: a breach forces U.")
    source: Text
    applies_with: Literal["mini_fire_station"] | None = Field(
        default=None,
        description="The default target applies only where the plan has this (a team named "
        "微型消防站, or with mini_fire in its id); otherwise the KPI is reported only.",
    )
    otherwise: Text | None = Field(
        default=None, description="What the KPI is judged by where the default does not apply."
    )
    by_government: GovernmentLimit | None = Field(
        default=None,
        description="The limit instead when the report is sent by a government department "
        "(the sender role's organisation is of kind authority) to the level above it.",
    )


class ConsequenceCap(Record):
    at_least: Amount = Field(default=0.0, description="Caps from this value up.")
    still_running: bool = Field(
        default=False, description="Caps when the release still ran at the end of the run."
    )
    objective: Hseep = Field(description="Cap on the consequence's objective.")
    overall: Hseep = Field(description="Cap on the overall rating.")


class ConsequenceRule(Record):
    objective: str
    weight: Weight = Field(description="Weight of its score in the objective; 0: shown only.")
    unit: Literal["deaths", "people", "min"]
    zero_at: Amount = Field(gt=0, description="Value at which its score falls to 0.")
    caps: list[ConsequenceCap] = Field(
        default_factory=list, description="Checked in order; the first that applies caps."
    )
    source: Text


CONSEQUENCES = (
    "deaths_after_alarm",
    "people_above_aegl2_after_alarm",
    "people_above_idlh_after_alarm",
    "responders_unprotected",
    "release_after_alarm",
)
"""Every consequence drillsim measures."""


class Threshold(Record):
    value: Minutes = Field(description="Minutes, or a count (span of control).")
    source: Text


class Tolerance(Record):
    min_s: Seconds = Field(description="Lateness up to this many seconds counts as met...")
    fraction: Probability = Field(description="...or up to this share of the target.")
    source: Text

    def allowance_min(self, target_min: float) -> float:
        """Lateness (minutes) that still counts as met for this target."""
        return max(self.min_s / 60.0, self.fraction * target_min)


class Recurrence(Record):
    """The archive's rule for a finding that comes back drill after drill."""

    raise_after: Repeats = Field(
        description="Consecutive drills of the same plan a finding of 'from' may recur in."
    )
    from_severity: Severity = Field(alias="from")
    to_severity: Severity = Field(alias="to")
    source: Text


class ObservationRules(Record):
    """How an evaluator's judgements (the observations file) score into their objective."""

    weight: Weight = Field(description="Weight of each judgement in its objective.")
    marks: dict[Literal["taken", "partly", "not_taken"], Score] = Field(
        description="Score 0-100 of an inject's expected action by its mark."
    )
    answers: dict[Literal["yes", "no"], Score] = Field(
        description="Score 0-100 of a yes/no checklist item."
    )
    scale: dict[Literal[1, 3, 5], Score] = Field(
        description="Score 0-100 of a checklist item scored 1 (差), 3 (合格) or 5 (优秀)."
    )
    not_taken: Severity | None = Field(
        description="Grade of the finding an expected action not taken makes (null: none)."
    )
    partly: Severity | None = Field(
        description="Grade of the finding an expected action partly taken makes (null: none)."
    )
    source: Text

    @model_validator(mode="after")
    def _complete(self) -> ObservationRules:
        for name, table, keys in (
            ("marks", self.marks, ("taken", "partly", "not_taken")),
            ("answers", self.answers, ("yes", "no")),
            ("scale", self.scale, (1, 3, 5)),
        ):
            missing = [str(k) for k in keys if k not in table]
            if missing:
                raise ValueError(f"observations.{name}: expected {', '.join(missing)} too")
            bad = [f"{k}: {v}" for k, v in table.items() if not 0 <= v <= 100]
            if bad:
                raise ValueError(
                    f"observations.{name}: expected scores from 0 to 100, found {'; '.join(bad)}"
                )
        return self


class Thresholds(Record):
    span_of_control: Threshold
    ba_reach_min: Threshold
    wait_min: Threshold
    long_wait_min: Threshold
    idle_min: Threshold
    detour_min: Threshold
    warning_lead_min: Threshold
    outside_call_min: Threshold


class BreathingApparatus(Record):
    resource_types: list[str] = Field(min_length=1)
    qualifications: list[str] = Field(default_factory=list)


class Rules(Record):
    format: Literal["drillsim-ratings/1"]
    curve: list[CurvePoint] = Field(min_length=1)
    bands: list[Band] = Field(min_length=1)
    caps: dict[Severity, Hseep]
    objectives: dict[str, Objective] = Field(min_length=1)
    kpis: dict[str, KpiRule]
    consequences: dict[str, ConsequenceRule]
    thresholds: Thresholds
    tolerance: Tolerance
    recurrence: Recurrence
    observations: ObservationRules
    breathing_apparatus: BreathingApparatus
    effect_objectives: dict[str, str]
    default_objective: str
    step_objectives: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> Rules:
        ratios = [p.ratio for p in self.curve]
        if ratios != sorted(ratios) or len(set(ratios)) != len(ratios):
            raise ValueError("expected curve points in increasing order of ratio")
        mins = [b.min_score for b in self.bands]
        if mins != sorted(mins, reverse=True) or len(set(mins)) != len(mins):
            raise ValueError("expected bands from the highest min_score down")
        if mins[-1] != 0:
            raise ValueError(f"expected the last band to start at 0, found {mins[-1]}")
        wrong = [
            f"{key} (start: expected {KPI_STARTS.get(key)!r}, found {rule.start!r})"
            for key, rule in self.kpis.items()
            if KPI_STARTS.get(key) != rule.start
        ]
        missing = [key for key in KPI_STARTS if key not in self.kpis]
        if wrong or missing:
            raise ValueError(
                "expected the KPIs drillsim measures, with their fixed starts; "
                f"found {'; '.join(wrong + [f'{m} missing' for m in missing])}"
            )
        absent = [key for key in CONSEQUENCES if key not in self.consequences]
        extra = [key for key in self.consequences if key not in CONSEQUENCES]
        if absent or extra:
            wrong = [f"{a} missing" for a in absent] + [f"{x} unknown" for x in extra]
            raise ValueError(
                f"expected the consequences drillsim measures ({', '.join(CONSEQUENCES)}); "
                f"found {'; '.join(wrong)}"
            )
        named = [
            *(k.objective for k in self.kpis.values()),
            *(c.objective for c in self.consequences.values()),
            *self.effect_objectives.values(),
            *self.step_objectives.values(),
            self.default_objective,
        ]
        unknown = sorted({o for o in named if o not in self.objectives})
        if unknown:
            raise ValueError(
                f"expected objective ids of: {', '.join(self.objectives)}; "
                f"found {', '.join(unknown)}"
            )
        return self

    def band(self, score: float) -> Band:
        for b in self.bands:
            if score >= b.min_score:
                return b
        return self.bands[-1]

    def band_of(self, hseep: Hseep) -> Band:
        for b in self.bands:
            if b.hseep == hseep:
                return b
        raise KeyError(hseep)

    def within_tolerance(self, value_min: float, target_min: float) -> bool:
        """Late, but by less than the tolerance: counts as met (with a note)."""
        return value_min - target_min <= self.tolerance.allowance_min(target_min) + 1e-9

    def curve_score(self, ratio: float) -> float:
        pts = self.curve
        if ratio <= pts[0].ratio:
            return pts[0].score
        for a, b in itertools.pairwise(pts):
            if ratio <= b.ratio:
                span = b.ratio - a.ratio
                return a.score + (b.score - a.score) * (ratio - a.ratio) / span
        return pts[-1].score


def merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Mappings merge key by key; anything else (lists, numbers) is replaced."""
    out = copy.deepcopy(dict(base))
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


DATA_NAME = "scoring/data/ratings.yaml"
BUNDLED_RULES = {"nfpa1710": "rules-nfpa1710.yaml"}
"""Named rule files shipped with drillsim, for ``--rules NAME``."""


def bundled_rules_path(name: Path | str) -> Path | str:
    """A bundled rules file for a bare name (``nfpa1710``), else the name itself."""
    key = str(name)
    if key in BUNDLED_RULES and not Path(key).exists():
        return Path(str(importlib.resources.files("scoring") / "data" / BUNDLED_RULES[key]))
    return name


@functools.cache
def _default_doc() -> YamlDocument:
    text = (importlib.resources.files("scoring") / "data" / "ratings.yaml").read_text(
        encoding="utf-8"
    )
    return parse_yaml(text, DATA_NAME)


@functools.cache
def default_rules() -> Rules:
    return validate_model(Rules, _default_doc())


def plan_overrides(plan: object) -> Mapping[str, Any] | None:
    """A plan's own scoring overrides, once the plan format has a ``scoring`` section."""
    own = getattr(plan, "scoring", None)
    return own if isinstance(own, Mapping) else None


def load_rules(
    path: Path | str | None = None,
    overrides: Mapping[str, Any] | None = None,
    *,
    plan: Mapping[str, Any] | None = None,
) -> Rules:
    """The default rules with, merged on top in this order: the plan's own overrides,
    an evaluator's file, then ``overrides``."""
    if path is None and not overrides and not plan:
        return default_rules()
    doc = _default_doc()
    data: dict[str, Any] = doc.data
    if plan:
        data = merge(data, plan)
        doc = YamlDocument(f"{doc.path} + plan overrides", data, {})
    if path is not None:
        own = load_yaml(bundled_rules_path(path))
        data = merge(data, own.data)
        doc = YamlDocument(own.path, data, own.lines)
    if overrides:
        data = merge(data, overrides)
        doc = YamlDocument(doc.path, data, doc.lines)
    return validate_model(Rules, doc)
