"""One validation path: what ``drillsim validate`` checks is exactly what ``run`` checks.

``run`` calls ``check_run_inputs`` before it simulates, and ``validate`` calls
the same function, so a file that validates is a file that runs: the scenario,
its plan, the cross-references between them, the plan's own ``scoring:``
section and a decisions journal against both.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scoring.observations import FORMAT as OBSERVATIONS
from scoring.observations import check_against, read_observations
from scoring.rules import Rules, load_rules, plan_overrides
from sim.decisions import Decision, check_decisions, load_numbered
from sim.errors import InputError, Problem
from sim.loader import (
    Loaded,
    check_plan,
    detect_kind,
    load,
    load_scenario_only,
    validate_model,
)
from sim.plan import Plan
from sim.yamlfile import YamlDocument, load_yaml


@dataclass(frozen=True)
class RunInputs:
    """Everything a run needs, checked."""

    loaded: Loaded
    decisions: list[tuple[int, Decision]]
    rules: Rules


def plan_rules(loaded: Loaded) -> Rules:
    """The scoring rules with the plan's own section, its mistakes located in the plan file."""
    return _rules_of(loaded.plan, loaded.plan_doc)


def _rules_of(plan: Plan, doc: YamlDocument) -> Rules:
    try:
        return load_rules(plan=plan_overrides(plan))
    except InputError as exc:
        raise InputError(
            [
                doc.problem(("scoring", *[part for part in p.field.split(".") if part]), p.message)
                for p in exc.problems
            ]
        ) from None


def check_journal(loaded: Loaded, numbered: list[tuple[int, Decision]], name: str) -> list[Problem]:
    s, p = loaded.scenario, loaded.plan
    return check_decisions(
        numbered,
        name,
        teams=[t.id for t in p.teams],
        steps=[x.id for x in p.steps],
        levels=[x.id for x in p.levels],
        organisations=[x.id for x in p.organisations],
        links=[x.id for x in p.reporting],
        locations=[x.id for x in s.site.locations],
        hazards=[x.id for x in s.hazards],
        injects=[x.id for x in s.injects],
        horizon_min=s.horizon_min,
    )


def check_run_inputs(
    scenario: Path, plan: Path | None = None, decisions: Path | None = None
) -> RunInputs:
    """Load and check everything ``run`` uses; raise one ``InputError`` with every problem."""
    loaded = load(scenario, plan)
    problems: list[Problem] = []
    numbered: list[tuple[int, Decision]] = []
    if decisions is not None:
        try:
            numbered = load_numbered(decisions)
        except InputError as exc:
            problems += exc.problems
        else:
            problems += check_journal(loaded, numbered, str(decisions))
    try:
        rules = plan_rules(loaded)
    except InputError as exc:
        problems += exc.problems
    if problems:
        raise InputError(problems)
    return RunInputs(loaded, numbered, rules)


def _validate_observations(
    path: Path, scenario: Path | None, plan: Path | None
) -> tuple[list[Problem], str]:
    """An evaluator's observations file, and against a scenario (and plan) when given;
    ``score`` checks it against the run itself (injects fired, findings present)."""
    observed = read_observations(path)
    if scenario is None:
        return [], "observations"
    inputs = check_run_inputs(scenario, plan)
    loaded = inputs.loaded
    problems = check_against(observed, loaded.scenario, loaded.plan, inputs.rules)
    return problems, f"observations for {scenario}"


def validate_file(
    path: Path, scenario: Path | None = None, plan: Path | None = None
) -> tuple[list[Problem], str]:
    """Problems of one file (empty when ``run`` would start with it) and what it was."""
    try:
        if path.suffix == ".jsonl":
            if scenario is None:
                load_numbered(path)
                return [], "decisions"
            check_run_inputs(scenario, plan, path)
            return [], f"decisions for {scenario}"
        doc = load_yaml(path)
        if isinstance(doc.data, dict) and doc.data.get("format") == OBSERVATIONS:
            return _validate_observations(path, scenario, plan)
        kind = detect_kind(doc)
        if kind == "scenario":
            if plan is not None:
                check_run_inputs(path, plan)
                return [], f"scenario + plan {plan}"
            if doc.data.get("plan") is None:
                load_scenario_only(path)
                return [], kind
            inputs = check_run_inputs(path)
            return [], f"scenario + plan {inputs.loaded.plan_path}"
        if scenario is not None:
            check_run_inputs(scenario, path)
            return [], f"plan, against {scenario}"
        model = validate_model(Plan, doc)
        problems = check_plan(model, doc)
        if problems:
            return problems, kind
        _rules_of(model, doc)
        return [], kind
    except InputError as exc:
        return exc.problems, "?"
