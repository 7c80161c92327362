"""Every finding rule has a short name for the findings counted over many runs (stress,
compare and the report of their result), so a planner never reads a rule's id."""

from __future__ import annotations

import ast
from pathlib import Path

import scoring
from scoring.names import Names
from scoring.rulenames import RULE_TEXT, finding_label

SCORING = Path(scoring.__file__).parent


def _rules_added() -> set[str]:
    """The rule names scoring's modules pass to their findings' ``add``."""
    found: set[str] = set()
    for path in SCORING.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "add"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


def test_every_rule_a_finding_can_come_from_has_a_short_name() -> None:
    rules = _rules_added()
    assert len(rules) > 40  # the scan finds the rules, not nothing
    assert sorted(rules - set(RULE_TEXT)) == []


def test_a_finding_reads_as_rule_element_and_origin(poisoning: object) -> None:
    from sim import Loaded

    assert isinstance(poisoning, Loaded)
    names = Names.of(poisoning.scenario, poisoning.plan, "zh")
    assert (
        finding_label("dynamic.step_late@scba_rescue", "zh", names)
        == "步骤超过目标时间：佩戴空气呼吸器进入机房救出中毒人员（推演）"
    )
    en = Names.of(poisoning.scenario, poisoning.plan, "en")
    assert finding_label("static.no_headcount@steps", "en", en) == (
        "no headcount after evacuation: response steps (plan)"
    )
