"""The evaluator's observations: what an event log cannot judge, in a file the
evaluator signs.

AQ/T 9009-2015 has the evaluator answer yes/no items and score others 1 (差),
3 (合格) or 5 (优秀). In an observations file (YAML, schema
``scoring/observations.schema.json``) the evaluator, named with role and date,

- marks the expected action of an inject as taken, not taken or partly (the
  需评估人判断 items, and any other inject that expects an action);
- answers checklist items of their own, each under an objective;
- regrades or dismisses a finding, always with a reason.

``apply`` turns the file into scored items that join their objective's rating,
findings for expected actions not taken, and the reviewed findings; the
scorecard shows each with who and why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import AfterValidator, Field, model_validator

from scoring.finding import Finding, PlanRef, Pointer, Record, Review, Severity, Text
from scoring.planmap import PlanMap
from scoring.rules import Rules
from sim.base import FileModel
from sim.bounds import EARLIEST, LATEST, Minutes
from sim.errors import InputError, Problem
from sim.events import EventLog
from sim.loader import validate_model
from sim.plan import Plan
from sim.runfiles import sha256_file
from sim.scenario import Scenario
from sim.yamlfile import FieldPath, YamlDocument, load_yaml

FORMAT = "drillsim-observations/1"
SCHEMA_NAME = "observations.schema.json"

Mark = Literal["taken", "partly", "not_taken"]
MARKS: tuple[Mark, ...] = ("taken", "partly", "not_taken")
MARK_TEXT: dict[Mark, Text] = {
    "taken": Text(zh="已做", en="taken"),
    "partly": Text(zh="部分完成", en="partly taken"),
    "not_taken": Text(zh="未做", en="not taken"),
}

SeverityName = Literal[
    "不足项", "整改项", "改进项", "deficiency", "corrective_action", "improvement"
]
SEVERITY_ALIASES: dict[str, Severity] = {
    "deficiency": "不足项",
    "corrective_action": "整改项",
    "improvement": "改进项",
}


def _in_range(value: dt.date) -> dt.date:
    if not EARLIEST.date() <= value <= LATEST.date():
        raise ValueError(
            f"expected a date between {EARLIEST:%Y-%m-%d} and {LATEST:%Y-%m-%d}, found {value}"
        )
    return value


Date = Annotated[dt.date, AfterValidator(_in_range)]
Line = Annotated[str, Field(min_length=1, max_length=500)]
LongText = Annotated[str, Field(min_length=1, max_length=4000)]
Ident = Annotated[str, Field(min_length=1, max_length=80, pattern=r"^[^\s]+$")]


# --- the file ---------------------------------------------------------------------------
class Evaluator(FileModel):
    """Who answers for the observations."""

    name: Line = Field(description="The evaluator's name, as signed on the report.")
    role: Line | None = Field(
        default=None, description="Role and organisation, e.g. 县应急管理局评估组组长."
    )
    date: Date = Field(description="Date of the evaluation, e.g. 2026-03-14.")


class InjectMark(FileModel):
    """The evaluator's mark of an inject's expected action."""

    inject: Ident = Field(description="Inject id of the scenario.")
    mark: Mark = Field(description="taken, partly or not_taken.")
    objective: Ident | None = Field(
        default=None,
        description="Objective it bears on (default: that of the inject's expected step, "
        "else the rules' default objective).",
    )
    note: LongText | None = Field(default=None, description="What the evaluator saw.")
    t_min: Minutes | None = Field(
        default=None, description="When it was marked, minutes from the accident (the console)."
    )


class ChecklistItem(FileModel):
    """An item of the evaluator's checklist: yes/no, or scored 1/3/5 (AQ/T 9009-2015)."""

    id: Ident | None = Field(default=None, description="Item id (default C1, C2, ... in order).")
    item: Line = Field(description="The item as the checklist writes it.")
    item_en: Line | None = Field(default=None, description="English version of the item.")
    objective: Ident = Field(description="Objective id it bears on (alerting, rescue, ...).")
    answer: bool | None = Field(default=None, description="A yes/no item: yes or no.")
    score: Literal[1, 3, 5] | None = Field(
        default=None, description="A scored item: 1 (差), 3 (合格) or 5 (优秀)."
    )
    note: LongText | None = None

    @model_validator(mode="after")
    def _one_result(self) -> ChecklistItem:
        if (self.answer is None) == (self.score is None):
            raise ValueError("a checklist item needs exactly one of 'answer' (yes/no) or 'score'")
        return self


class FindingReview(FileModel):
    """The evaluator regrades or dismisses a finding of the scorecard."""

    finding: Line = Field(
        description="The finding: its number in this run's scorecard (F3), or rule@element "
        "as the archive names it (dynamic.step_late@isolate_valve)."
    )
    action: Literal["regrade", "dismiss"]
    severity: SeverityName | None = Field(
        default=None, description="The new grade, for regrade: 不足项, 整改项 or 改进项."
    )
    reason: LongText = Field(description="Why: required, shown with the finding.")

    @model_validator(mode="after")
    def _severity_for_regrade(self) -> FindingReview:
        if self.action == "regrade" and self.severity is None:
            raise ValueError("a regrade needs 'severity' (不足项, 整改项 or 改进项)")
        if self.action == "dismiss" and self.severity is not None:
            raise ValueError("a dismissed finding takes no 'severity'")
        return self

    @property
    def new_severity(self) -> Severity | None:
        if self.severity is None:
            return None
        if self.severity in SEVERITY_ALIASES:
            return SEVERITY_ALIASES[self.severity]
        return self.severity  # type: ignore[return-value]


class Observations(FileModel):
    """An evaluator's observations of one drill (``drillsim score RUN --observations FILE``)."""

    format: Literal["drillsim-observations/1"]
    evaluator: Evaluator
    scenario: Ident | None = Field(
        default=None, description="Scenario id the drill ran; checked against the run."
    )
    plan: Ident | None = Field(
        default=None, description="Plan id the drill tested; checked against the run."
    )
    injects: list[InjectMark] = Field(default_factory=list)
    checklist: list[ChecklistItem] = Field(default_factory=list)
    findings: list[FindingReview] = Field(default_factory=list)


@dataclass(frozen=True)
class ObservationsFile:
    """An observations file, read and checked on its own."""

    model: Observations
    doc: YamlDocument
    sha256: str | None


def _duplicates(doc: YamlDocument, section: str, keys: list[str], what: str) -> list[Problem]:
    seen: dict[str, int] = {}
    out = []
    for i, key in enumerate(keys):
        if key in seen:
            out.append(
                doc.problem(
                    (section, i), f"{what} {key!r} appears again (first at {section}[{seen[key]}])"
                )
            )
        else:
            seen[key] = i
    return out


def checklist_ids(obs: Observations) -> list[str]:
    return [c.id or f"C{i}" for i, c in enumerate(obs.checklist, 1)]


def read_observations(path: Path | str, display: str | None = None) -> ObservationsFile:
    """Read an observations file (bounded, strict); raise ``InputError`` naming file, line
    and field."""
    doc = load_yaml(path, display)
    if not isinstance(doc.data, dict) or doc.data.get("format") != FORMAT:
        found = doc.data.get("format") if isinstance(doc.data, dict) else type(doc.data).__name__
        raise InputError([Problem(doc.path, 1, "format", f"expected '{FORMAT}', found {found!r}")])
    obs = validate_model(Observations, doc)
    problems = _duplicates(doc, "injects", [m.inject for m in obs.injects], "inject")
    problems += _duplicates(doc, "checklist", checklist_ids(obs), "checklist item")
    problems += _duplicates(doc, "findings", [r.finding for r in obs.findings], "finding")
    if problems:
        raise InputError(problems)
    p = Path(path)
    return ObservationsFile(obs, doc, sha256_file(p) if p.is_file() else None)


def observations_yaml(obs: Observations) -> str:
    """The file text of ``obs``, as a program that records a drill (the console) writes it."""
    data = obs.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
    for key in ("injects", "checklist", "findings"):
        if not data.get(key):
            data.pop(key, None)
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return f"# yaml-language-server: $schema={SCHEMA_NAME}\n{body}"


# --- what the scorecard records ---------------------------------------------------------
class ObservedItem(Record):
    """An evaluator's judgement, scored into its objective."""

    id: str = Field(description="inject:<id> or checklist:<id>.")
    kind: Literal["inject", "checklist"]
    objective: str
    objective_from: Literal["file", "step", "default"] = Field(
        description="Where the objective came from: the file, the inject's expected step, "
        "or the rules' default objective."
    )
    text: Text = Field(description="What was judged: the expected action or the item.")
    answer: str = Field(description="taken, partly, not_taken, yes, no, 1, 3 or 5.")
    answer_text: Text
    score: float = Field(ge=0, le=100)
    weight: float = Field(ge=0)
    note: str | None = None


class ReviewedFinding(Record):
    finding: str = Field(description="Finding number in this scorecard.")
    rule: str
    action: Literal["regraded", "dismissed"]
    from_severity: Severity
    to_severity: Severity | None = None
    reason: str


class EvaluatorInput(Record):
    """The observations file as applied to one scorecard."""

    name: str
    role: str | None = None
    date: str
    file: str
    sha256: str | None = None
    items: list[ObservedItem] = Field(default_factory=list)
    reviews: list[ReviewedFinding] = Field(default_factory=list)
    source: Text = Field(description="How judgements are scored (rules 'observations').")

    def who(self, lang: str) -> str:
        if lang == "en":
            return self.name + (f" ({self.role})" if self.role else "")
        return self.name + (f"（{self.role}）" if self.role else "")


@dataclass(frozen=True)
class Applied:
    findings: list[Finding]
    dismissed: list[Finding]
    record: EvaluatorInput
    marks: dict[str, Mark]


def finding_key(f: Finding) -> str:
    """The finding's name across drills: rule@element (as the drill archive keys it)."""
    ref = f.refs[0]
    return f"{f.rule}@{ref.id or ref.path}"


def _find(ref: str, found: list[Finding]) -> list[Finding]:
    by_id = [f for f in found if f.id == ref]
    if by_id:
        return by_id
    named = [f for f in found if finding_key(f) == ref or finding_key(f) == f"dynamic.{ref}"] or [
        f for f in found if finding_key(f) == f"static.{ref}"
    ]
    if named:
        return named
    # a finding gathered under its root cause is reviewed through that root
    keys = {ref, f"dynamic.{ref}", f"static.{ref}"}
    out: list[Finding] = []
    for f in found:
        merged = f.data.get("consequence_keys")
        if isinstance(merged, list) and keys & set(merged):
            out.append(f)
    return out


def check_against(
    source: ObservationsFile, scenario: Scenario, plan: Plan, rules: Rules
) -> list[Problem]:
    """Problems of an observations file against the scenario, plan and rules of a run."""
    obs, doc = source.model, source.doc
    out: list[Problem] = []

    def problem(path: FieldPath, message: str) -> None:
        out.append(doc.problem(path, message))

    if obs.scenario is not None and obs.scenario != scenario.id:
        problem(
            ("scenario",), f"expected the run's scenario {scenario.id!r}, found {obs.scenario!r}"
        )
    if obs.plan is not None and obs.plan != plan.id:
        problem(("plan",), f"expected the run's plan {plan.id!r}, found {obs.plan!r}")
    injects = {x.id: x for x in scenario.injects}
    objectives = ", ".join(rules.objectives)
    for i, m in enumerate(obs.injects):
        x = injects.get(m.inject)
        if x is None:
            problem(
                ("injects", i, "inject"),
                f"expected an inject id of the scenario ({', '.join(injects) or 'none'}), "
                f"found {m.inject!r}",
            )
        elif not x.expected_action and not x.expected_step:
            problem(("injects", i, "inject"), f"inject {m.inject!r} expects no action to mark")
        if m.objective is not None and m.objective not in rules.objectives:
            problem(
                ("injects", i, "objective"),
                f"expected an objective id ({objectives}), found {m.objective!r}",
            )
    for i, c in enumerate(obs.checklist):
        if c.objective not in rules.objectives:
            problem(
                ("checklist", i, "objective"),
                f"expected an objective id ({objectives}), found {c.objective!r}",
            )
    return out


def _text_of_inject(scenario: Scenario, plan: Plan, inject: str) -> Text:
    x = next(x for x in scenario.injects if x.id == inject)
    if x.expected_action:
        return Text(zh=x.expected_action, en=x.expected_action_en or x.expected_action)
    step = next((s for s in plan.steps if s.id == x.expected_step), None)
    name = step.name if step else str(x.expected_step)
    name_en = step.name_en if step and step.name_en else name
    return Text(zh=name, en=name_en)


def apply(
    source: ObservationsFile,
    found: list[Finding],
    log: EventLog,
    scenario: Scenario,
    plan: Plan,
    rules: Rules,
    *,
    plan_doc: YamlDocument | None = None,
    scenario_doc: YamlDocument | None = None,
) -> Applied:
    """The scorecard's findings, dismissed findings and scored judgements under the
    evaluator's observations; ``found`` is numbered. Raises ``InputError`` for a file that
    does not fit the run."""
    obs, doc = source.model, source.doc
    problems = check_against(source, scenario, plan, rules)
    fired = {str(e.details.get("inject")) for e in log if e.kind == "inject"}
    for i, m in enumerate(obs.injects):
        if any(x.id == m.inject for x in scenario.injects) and m.inject not in fired:
            problems.append(
                doc.problem(
                    ("injects", i, "inject"),
                    f"inject {m.inject!r} did not fire in this run: there is no action to mark",
                )
            )
    targets: list[Finding | None] = []
    for i, r in enumerate(obs.findings):
        hits = _find(r.finding, found)
        if len(hits) != 1:
            known = ", ".join(f.id for f in found) or "none"
            what = (
                f"names {len(hits)} findings ({', '.join(f.id for f in hits)}); use the number"
                if hits
                else f"expected a finding of this scorecard ({known}) or rule@element"
            )
            problems.append(doc.problem(("findings", i, "finding"), f"{what}, found {r.finding!r}"))
            targets.append(None)
            continue
        hit = hits[0]
        if r.action == "regrade" and r.new_severity == hit.severity:
            problems.append(
                doc.problem(
                    ("findings", i, "severity"),
                    f"{hit.id} is already a {hit.severity}: expected another grade",
                )
            )
        targets.append(hit)
    seen: dict[str, int] = {}
    for i, target in enumerate(targets):
        if target is None:
            continue
        if target.id in seen:
            problems.append(
                doc.problem(
                    ("findings", i, "finding"),
                    f"{target.id} is reviewed again (first at findings[{seen[target.id]}])",
                )
            )
        seen.setdefault(target.id, i)
    if problems:
        raise InputError(problems)

    ev = obs.evaluator
    date = ev.date.isoformat()
    sign = Review(action="observed", by=ev.name, role=ev.role, date=date)
    who_zh = ev.name + (f"（{ev.role}）" if ev.role else "")
    who_en = ev.name + (f" ({ev.role})" if ev.role else "")
    orules = rules.observations
    pm = PlanMap(plan, rules, scenario)

    reviewed: dict[str, FindingReview] = {
        hit.id: r for r, hit in zip(obs.findings, targets, strict=True) if hit is not None
    }
    kept: list[Finding] = []
    dismissed: list[Finding] = []
    reviews: list[ReviewedFinding] = []
    for f in found:
        review = reviewed.get(f.id)
        if review is None:
            kept.append(f)
            continue
        r = review
        if r.action == "dismiss":
            dismissed.append(
                f.model_copy(
                    update={
                        "review": Review(
                            action="dismissed", by=ev.name, role=ev.role, date=date, reason=r.reason
                        )
                    }
                )
            )
            reviews.append(
                ReviewedFinding(
                    finding=f.id,
                    rule=f.rule,
                    action="dismissed",
                    from_severity=f.severity,
                    reason=r.reason,
                )
            )
            continue
        new = r.new_severity
        assert new is not None
        kept.append(
            f.model_copy(
                update={
                    "severity": new,
                    # A legal breach or missed critical task stays forcing only as a 不足项:
                    # the evaluator who grades it lower has judged it not to be one.
                    "forces_u": f.forces_u and new == "不足项",
                    "review": Review(
                        action="regraded",
                        by=ev.name,
                        role=ev.role,
                        date=date,
                        reason=r.reason,
                        from_severity=f.severity,
                    ),
                }
            )
        )
        reviews.append(
            ReviewedFinding(
                finding=f.id,
                rule=f.rule,
                action="regraded",
                from_severity=f.severity,
                to_severity=new,
                reason=r.reason,
            )
        )

    items: list[ObservedItem] = []
    marks: dict[str, Mark] = {}
    added: list[Finding] = []
    ptr = Pointer(plan, plan_doc, scenario, scenario_doc)
    injects = {x.id: x for x in scenario.injects}
    for m in obs.injects:
        x = injects[m.inject]
        marks[m.inject] = m.mark
        if m.objective is not None:
            origin: Literal["file", "step", "default"] = "file"
            objective = m.objective
        elif x.expected_step and x.expected_step in pm.steps:
            objective, origin = pm.objective_of(x.expected_step), "step"
        else:
            objective, origin = rules.default_objective, "default"
        text = _text_of_inject(scenario, plan, m.inject)
        items.append(
            ObservedItem(
                id=f"inject:{m.inject}",
                kind="inject",
                objective=objective,
                objective_from=origin,
                text=text,
                answer=m.mark,
                answer_text=MARK_TEXT[m.mark],
                score=orules.marks[m.mark],
                weight=orules.weight,
                note=m.note,
            )
        )
        grade = orules.not_taken if m.mark == "not_taken" else None
        if m.mark == "partly":
            grade = orules.partly
        if grade is None:
            continue
        if any(f.data.get("inject") == m.inject for f in kept + dismissed):
            continue  # the log already found it; one cause, one finding
        refs: list[PlanRef] = [
            ptr.scenario_item(
                "injects",
                "inject",
                m.inject,
                "expected_action" if x.expected_action else "expected_step",
            )
        ]
        if x.expected_step and x.expected_step in pm.steps:
            refs.append(ptr.step(x.expected_step))
        note_zh = f"：{m.note}" if m.note else ""
        note_en = f": {m.note}" if m.note else ""
        partly = m.mark == "partly"
        added.append(
            Finding(
                rule="observed.inject_partly" if partly else "observed.inject_not_taken",
                kind="dynamic",
                severity=grade,
                capability="exercise",
                objective=objective,
                title=Text(
                    zh=f"情景注入 {m.inject} 的期望行动"
                    f"{'仅部分完成' if partly else '未做'}：“{text.zh}”",
                    en=f"The action inject {m.inject} expects was "
                    f"{'only partly taken' if partly else 'not taken'}: '{text.en}'",
                ),
                evidence=Text(
                    zh=f"评估人{who_zh}于 {date} 判定为“{MARK_TEXT[m.mark].zh}”{note_zh}",
                    en=f"evaluator {who_en} judged it {MARK_TEXT[m.mark].en} on {date}{note_en}",
                ),
                recommendation=Text(
                    zh="在预案中明确该行动的触发条件、责任人和做法，并在下次演练中专项检验",
                    en="make the action's trigger, owner and method explicit in the plan and "
                    "test it in the next drill",
                ),
                refs=refs,
                data={"inject": m.inject, "mark": m.mark},
                review=sign,
            )
        )
    for cid, c in zip(checklist_ids(obs), obs.checklist, strict=True):
        if c.answer is not None:
            score = orules.answers["yes" if c.answer else "no"]
            answer = "yes" if c.answer else "no"
            answer_text = Text(zh="是", en="yes") if c.answer else Text(zh="否", en="no")
        else:
            assert c.score is not None
            answer = str(c.score)
            score = orules.scale[c.score]
            zh = {1: "1（差）", 3: "3（合格）", 5: "5（优秀）"}[c.score]
            en = {1: "1 (poor)", 3: "3 (adequate)", 5: "5 (excellent)"}[c.score]
            answer_text = Text(zh=zh, en=en)
        items.append(
            ObservedItem(
                id=f"checklist:{cid}",
                kind="checklist",
                objective=c.objective,
                objective_from="file",
                text=Text(zh=c.item, en=c.item_en or c.item),
                answer=answer,
                answer_text=answer_text,
                score=score,
                weight=orules.weight,
                note=c.note,
            )
        )
    n = len(found)
    added = [f.model_copy(update={"id": f"F{n + i}"}) for i, f in enumerate(added, 1)]
    record = EvaluatorInput(
        name=ev.name,
        role=ev.role,
        date=date,
        file=doc.path,
        sha256=source.sha256,
        items=items,
        reviews=reviews,
        source=orules.source,
    )
    return Applied(kept + added, dismissed, record, marks)


__all__ = [
    "FORMAT",
    "MARKS",
    "Applied",
    "ChecklistItem",
    "Evaluator",
    "EvaluatorInput",
    "FindingReview",
    "InjectMark",
    "Observations",
    "ObservationsFile",
    "ObservedItem",
    "Review",
    "ReviewedFinding",
    "apply",
    "check_against",
    "finding_key",
    "observations_yaml",
    "read_observations",
]
