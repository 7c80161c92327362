"""Findings: what an evaluation found, graded, and the plan clause it points to.

A finding is written in Chinese first with an English version, names the plan
element (file, line, field path, id) it points to, gives its evidence and a
concrete recommendation, and is graded 不足项 / 整改项 / 改进项 (AQ/T 9009).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from scoring.memo import ByIdentity
from scoring.punctuation import punctuate_zh
from sim.plan import Plan
from sim.scenario import Scenario
from sim.yamlfile import FieldPath, YamlDocument, format_path

Severity = Literal["不足项", "整改项", "改进项"]
Capability = Literal["planning", "organisation", "equipment", "training", "exercise"]
Element = Literal[
    "plan",
    "step",
    "role",
    "team",
    "resource",
    "level",
    "report",
    "organisation",
    "higher_plan",
    "inject",
    "hazard",
    "person",
]
Scalar = float | int | str | bool | None
Data = dict[str, Scalar | list[str]]

SEVERITIES: tuple[Severity, ...] = ("不足项", "整改项", "改进项")
SEVERITY_EN: dict[Severity, str] = {
    "不足项": "Deficiency",
    "整改项": "Corrective action",
    "改进项": "Improvement",
}
CAPABILITY_ZH: dict[Capability, str] = {
    "planning": "预案",
    "organisation": "组织",
    "equipment": "装备",
    "training": "培训",
    "exercise": "演练",
}


class Record(BaseModel):
    """Base of scoring's output records: strict and immutable, like the file format."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Record):
    """A text in Chinese with its English version; the Chinese is set with Chinese
    punctuation (``scoring.punctuation``), whatever the template or the plan typed."""

    zh: str
    en: str

    @field_validator("zh")
    @classmethod
    def _punctuate(cls, value: str) -> str:
        return punctuate_zh(value)

    def pick(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


class PlanRef(Record):
    """Where in a plan (or scenario) file a finding points."""

    file: str | None = Field(description="File the element is written in.")
    line: int | None = Field(description="1-based line of the element's field, when known.")
    path: str = Field(description="Field path inside the file, e.g. steps[3].owner.")
    element: Element
    id: str | None = Field(default=None, description="Id of the element.")

    def __str__(self) -> str:
        where = self.file or "?"
        if self.line is not None:
            where = f"{where}:{self.line}"
        ident = f" ({self.id})" if self.id and self.id not in self.path else ""
        return f"{where} {self.path}{ident}".rstrip()


class Review(Record):
    """What the evaluator did to a finding, with who and why."""

    action: Literal["regraded", "dismissed", "observed"]
    by: str
    role: str | None = None
    date: str
    reason: str | None = None
    from_severity: Severity | None = Field(default=None, description="Grade before a regrade.")


class Finding(Record):
    """One gap in the plan or the response, with its grade, evidence and remedy."""

    id: str = Field(default="", description="Number in its report, e.g. F3.")
    rule: str = Field(description="Rule that produced it, e.g. static.owner_off_shift.")
    kind: Literal["static", "dynamic"]
    severity: Severity
    capability: Capability
    objective: str | None = Field(default=None, description="Objective id it bears on.")
    title: Text
    evidence: Text
    recommendation: Text
    refs: list[PlanRef] = Field(min_length=1, description="Plan elements; the first is primary.")
    forces_u: bool = Field(
        default=False,
        description="A missed critical task or a breached legal limit: forces U / 不合格.",
    )
    data: Data = Field(default_factory=dict, description="Evidence as numbers and ids.")
    review: Review | None = Field(
        default=None, description="The evaluator's regrade, dismissal or observation."
    )
    consequences: list[Text] = Field(
        default_factory=list,
        description="What this root cause led to in the run (findings merged into it).",
    )


def number(found: list[Finding]) -> list[Finding]:
    """Order by severity, static before dynamic, then by place in the file; number F1, F2..."""

    def key(f: Finding) -> tuple[int, int, str, int, str]:
        ref = f.refs[0]
        return (
            SEVERITIES.index(f.severity),
            0 if f.kind == "static" else 1,
            ref.file or "",
            ref.line or 0,
            f.rule,
        )

    return [f.model_copy(update={"id": f"F{i}"}) for i, f in enumerate(sorted(found, key=key), 1)]


def counts(found: list[Finding]) -> dict[Severity, int]:
    return {s: sum(1 for f in found if f.severity == s) for s in SEVERITIES}


class Pointer:
    """Makes ``PlanRef``s for plan and scenario elements, with lines when documents are given.

    A reference is a pure function of the plan, the scenario and their documents (read
    only once loaded): each is made once per pointer and shared (``PlanRef`` is frozen),
    and ``Pointer.of`` shares the pointer of the same objects between runs."""

    @classmethod
    def of(
        cls,
        plan: Plan,
        plan_doc: YamlDocument | None = None,
        scenario: Scenario | None = None,
        scenario_doc: YamlDocument | None = None,
    ) -> Pointer:
        """The pointer of these objects, made once and shared."""
        return _POINTERS.get(
            (plan, plan_doc, scenario, scenario_doc),
            lambda: cls(plan, plan_doc, scenario, scenario_doc),
        )

    def __init__(
        self,
        plan: Plan,
        plan_doc: YamlDocument | None = None,
        scenario: Scenario | None = None,
        scenario_doc: YamlDocument | None = None,
    ) -> None:
        self.plan_doc = plan_doc
        self.scenario_doc = scenario_doc
        self.index: dict[str, dict[str, int]] = {
            "steps": {s.id: i for i, s in enumerate(plan.steps)},
            "roles": {r.id: i for i, r in enumerate(plan.roles)},
            "teams": {t.id: i for i, t in enumerate(plan.teams)},
            "resources": {r.id: i for i, r in enumerate(plan.resources)},
            "levels": {lv.id: i for i, lv in enumerate(plan.levels)},
            "reporting": {lk.id: i for i, lk in enumerate(plan.reporting)},
            "organisations": {o.id: i for i, o in enumerate(plan.organisations)},
            "higher_plans": {h.id: i for i, h in enumerate(plan.higher_plans)},
        }
        self.scenario_index: dict[str, dict[str, int]] = {}
        if scenario is not None:
            self.scenario_index = {
                "injects": {x.id: i for i, x in enumerate(scenario.injects)},
                "hazards": {x.id: i for i, x in enumerate(scenario.hazards)},
                "people": {x.id: i for i, x in enumerate(scenario.people)},
            }
        self._refs: dict[tuple[bool, FieldPath, Element, str | None], PlanRef] = {}

    def _ref(
        self, in_scenario: bool, path: FieldPath, element: Element, ident: str | None
    ) -> PlanRef:
        """The reference to ``path`` in the plan's (or the scenario's) document."""
        key = (in_scenario, path, element, ident)
        ref = self._refs.get(key)
        if ref is None:
            doc = self.scenario_doc if in_scenario else self.plan_doc
            ref = self._refs[key] = PlanRef(
                file=doc.path if doc else None,
                line=doc.line_of(path) if doc else None,
                path=format_path(path),
                element=element,
                id=ident,
            )
        return ref

    def at(self, path: FieldPath, element: Element, ident: str | None = None) -> PlanRef:
        return self._ref(False, path, element, ident)

    def _item(self, section: str, element: Element, ident: str, *fields: str | int) -> PlanRef:
        i = self.index[section].get(ident)
        if i is None:
            return self.at((section,), element, ident)
        return self.at((section, i, *fields), element, ident)

    def step(self, ident: str, *fields: str | int) -> PlanRef:
        return self._item("steps", "step", ident, *fields)

    def role(self, ident: str, *fields: str | int) -> PlanRef:
        return self._item("roles", "role", ident, *fields)

    def team(self, ident: str, *fields: str | int) -> PlanRef:
        return self._item("teams", "team", ident, *fields)

    def resource(self, ident: str, *fields: str | int) -> PlanRef:
        return self._item("resources", "resource", ident, *fields)

    def level(self, ident: str, *fields: str | int) -> PlanRef:
        return self._item("levels", "level", ident, *fields)

    def report(self, ident: str, *fields: str | int) -> PlanRef:
        return self._item("reporting", "report", ident, *fields)

    def organisation(self, ident: str, *fields: str | int) -> PlanRef:
        return self._item("organisations", "organisation", ident, *fields)

    def higher_plan(self, ident: str, *fields: str | int) -> PlanRef:
        return self._item("higher_plans", "higher_plan", ident, *fields)

    def section(self, name: str) -> PlanRef:
        return self.at((name,), "plan")

    def scenario_item(
        self, section: str, element: Element, ident: str, *fields: str | int
    ) -> PlanRef:
        i = self.scenario_index.get(section, {}).get(ident)
        path: FieldPath = (section,) if i is None else (section, i, *fields)
        return self._ref(True, path, element, ident)


_POINTERS: ByIdentity[Pointer] = ByIdentity(16)
