"""The scorecard of a run and the report of a static plan check: the documents
``drillsim run``, ``drillsim score`` and ``drillsim check`` print and write as JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field

from scoring.check import check_plan
from scoring.consequences import Consequence, consequences
from scoring.facts import RunFacts, facts_of
from scoring.finding import Finding, Record, Severity, counts, number
from scoring.gaps import findings
from scoring.kpi import Kpi, kpis
from scoring.observations import EvaluatorInput, Mark, ObservationsFile, apply
from scoring.planmap import PlanMap
from scoring.ratings import Rating, rate
from scoring.rootcause import consolidate
from scoring.rules import Rules, load_rules, plan_overrides
from scoring.stages import ReportingLine, reporting_lines
from scoring.wording import Wording
from sim.events import EventLog
from sim.plan import Plan
from sim.runfiles import sha256_file
from sim.scenario import Scenario
from sim.yamlfile import YamlDocument


class Source(Record):
    """A scenario or plan file a document was made from."""

    id: str
    name: str
    name_en: str | None = None
    revision: str | None = None
    file: str | None = None
    sha256: str | None = None


class ManualCheck(Record):
    """An inject whose expected action the log cannot judge: for the evaluator."""

    inject: str
    t_min: float
    message: str
    expected_action: str
    message_en: str | None = Field(default=None, description="The message in English.")
    expected_action_en: str | None = Field(
        default=None, description="The expected action in English."
    )
    mark: Mark | None = Field(default=None, description="The evaluator's mark, if given.")

    def message_in(self, lang: str) -> str:
        return self.message_en if lang == "en" and self.message_en else self.message

    def expected_in(self, lang: str) -> str:
        if lang == "en" and self.expected_action_en:
            return self.expected_action_en
        return self.expected_action


class Scorecard(Record):
    """KPIs with targets, ratings per objective and overall, and findings by severity."""

    format: Literal["drillsim-scorecard/1"] = "drillsim-scorecard/1"
    scenario: Source
    plan: Source
    seed: int | None = None
    end_min: float = Field(description="When the run ended, minutes from the accident.")
    kpis: list[Kpi]
    reporting: list[ReportingLine] = Field(
        default_factory=list,
        description="What reached each authority the plan reports to: level notifications "
        "(not the legal report unless the plan counts them) and each report stage.",
    )
    consequences: list[Consequence] = Field(
        default_factory=list, description="What the response let happen after the alarm."
    )
    objectives: list[Rating]
    overall: Rating
    findings: list[Finding]
    counts: dict[Severity, int]
    manual_checks: list[ManualCheck] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    evaluator: EvaluatorInput | None = Field(
        default=None, description="The evaluator's observations applied to this scorecard."
    )
    dismissed: list[Finding] = Field(
        default_factory=list, description="Findings the evaluator dismissed, with why."
    )


class CheckReport(Record):
    """Static findings of a plan, optionally against a scenario."""

    format: Literal["drillsim-check/1"] = "drillsim-check/1"
    plan: Source
    scenario: Source | None = None
    findings: list[Finding]
    counts: dict[Severity, int]

    @property
    def failed(self) -> bool:
        """Any 不足项: the plan must be fixed before it is used."""
        return self.counts.get("不足项", 0) > 0


def source_of(item: Scenario | Plan, doc: YamlDocument | None) -> Source:
    sha = None
    if doc is not None and Path(doc.path).is_file():
        sha = sha256_file(Path(doc.path))
    return Source(
        id=item.id,
        name=item.name,
        name_en=item.name_en,
        revision=getattr(item, "revision", None),
        file=doc.path if doc else None,
        sha256=sha,
    )


def score(
    log: EventLog,
    scenario: Scenario,
    plan: Plan,
    *,
    plan_doc: YamlDocument | None = None,
    scenario_doc: YamlDocument | None = None,
    rules: Rules | None = None,
    seed: int | None = None,
    static: bool = True,
    warnings: list[str] | None = None,
    observations: ObservationsFile | None = None,
    facts: RunFacts | None = None,
) -> Scorecard:
    """Score a run from its event log, scenario and plan (and the plan check, unless
    ``static`` is False). Ratings use only the run's own findings. Without ``rules``,
    the defaults with the plan's own overrides. An evaluator's ``observations`` regrade
    or dismiss findings and add their judgements to the ratings. ``facts``: the log's,
    when the caller has read them already; every part of the scorecard shares them."""
    rules = rules or load_rules(plan=plan_overrides(plan))
    facts = facts_of(log, plan, facts)
    docs = {"plan_doc": plan_doc, "scenario_doc": scenario_doc}
    measured = kpis(log, scenario, plan, rules, facts=facts, **docs)
    found = findings(log, scenario, plan, rules, kpi_list=measured, facts=facts, **docs)
    if static:
        found = (
            check_plan(plan, scenario, rules=rules, plan_doc=plan_doc, scenario_doc=scenario_doc)
            + found
        )
    found = number(consolidate(found, plan))
    dismissed: list[Finding] = []
    evaluator: EvaluatorInput | None = None
    marks: dict[str, Mark] = {}
    if observations is not None:
        applied = apply(observations, found, log, scenario, plan, rules, **docs)
        found, dismissed, evaluator, marks = (
            applied.findings,
            applied.dismissed,
            applied.record,
            applied.marks,
        )
    unprotected = next((k for k in measured if k.key == "responders_unprotected"), None)
    outcomes = consequences(
        log,
        scenario,
        plan,
        rules,
        responders_unprotected=None
        if unprotected is None or unprotected.value is None
        else int(unprotected.value),
        facts=facts,
    )
    per, overall = rate(measured, found, rules, outcomes, evaluator)
    english = {x.id: (x.message_en, x.expected_action_en) for x in scenario.injects}
    manual = [
        ManualCheck(
            inject=str(e.details.get("inject")),
            t_min=round(e.t, 6),
            message=str(e.details.get("message", "")),
            expected_action=str(e.details["expected_action"]),
            message_en=english.get(str(e.details.get("inject")), (None, None))[0],
            expected_action_en=english.get(str(e.details.get("inject")), (None, None))[1],
            mark=marks.get(str(e.details.get("inject"))),
        )
        for e in facts.of_kind("inject")
        if e.details.get("expected_action") and not e.details.get("expected_step")
    ]
    return Scorecard(
        scenario=source_of(scenario, scenario_doc),
        plan=source_of(plan, plan_doc),
        seed=seed,
        end_min=round(facts.end_t, 6),
        kpis=measured,
        reporting=reporting_lines(
            facts, plan, Wording(plan, scenario), PlanMap.of(plan, rules).authorities()
        ),
        consequences=outcomes,
        objectives=per,
        overall=overall,
        findings=found,
        counts=counts(found),
        manual_checks=manual,
        warnings=warnings or [],
        evaluator=evaluator,
        dismissed=dismissed,
    )


def check_report(
    plan: Plan,
    scenario: Scenario | None = None,
    *,
    plan_doc: YamlDocument | None = None,
    scenario_doc: YamlDocument | None = None,
    rules: Rules | None = None,
    names: Scenario | None = None,
) -> CheckReport:
    """The check of ``plan``, against ``scenario`` if given; a plan checked alone can
    still name its places from ``names``, a scenario whose site holds them."""
    rules = rules or load_rules(plan=plan_overrides(plan))
    found = number(
        check_plan(
            plan,
            scenario,
            plan_doc=plan_doc,
            scenario_doc=scenario_doc,
            rules=rules,
            names=names,
        )
    )
    return CheckReport(
        plan=source_of(plan, plan_doc),
        scenario=None if scenario is None else source_of(scenario, scenario_doc),
        findings=found,
        counts=counts(found),
    )
