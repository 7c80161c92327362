"""What scoring shares between runs: the plan map and pointer of the same objects, and
one reading of a run's log for every part of its scorecard."""

from __future__ import annotations

import pytest

from scoring.facts import RunFacts, facts_of
from scoring.finding import Pointer
from scoring.memo import ByIdentity
from scoring.planmap import PlanMap
from scoring.replication import measure, schedule_row
from scoring.rules import default_rules
from scoring.scorecard import score
from sim import load, simulate
from tests.conftest import POISONING


def test_by_identity_keys_on_the_objects_themselves() -> None:
    cache: ByIdentity[list[int]] = ByIdentity(2)
    a, b = [1], [1]  # equal, not the same
    first = cache.get((a,), lambda: [len(a)])
    assert cache.get((a,), lambda: [99]) is first
    assert cache.get((b,), lambda: [2]) == [2]
    assert cache.get((a,), lambda: [3], "en") == [3]  # another detail: another value
    assert cache.get((a,), lambda: [4]) == [4]  # the oldest entry went to keep two


def test_plan_map_and_pointer_are_shared_and_hand_out_copies() -> None:
    loaded = load(POISONING)
    rules = default_rules()
    pm = PlanMap.of(loaded.plan, rules, loaded.scenario)
    assert PlanMap.of(loaded.plan, rules, loaded.scenario) is pm
    assert PlanMap.of(loaded.plan, rules) is not pm
    rescue = pm.steps_with("rescue")
    assert rescue == PlanMap(loaded.plan, rules, loaded.scenario).steps_with("rescue")
    rescue.clear()
    assert pm.steps_with("rescue")
    ptr = Pointer.of(loaded.plan, loaded.plan_doc, loaded.scenario, loaded.scenario_doc)
    assert Pointer.of(loaded.plan, loaded.plan_doc, loaded.scenario, loaded.scenario_doc) is ptr
    assert ptr.step(loaded.plan.steps[0].id, "owner") is ptr.step(loaded.plan.steps[0].id, "owner")
    # the same path in the plan's file and in the scenario's: two references
    in_plan = ptr.at(("injects",), "inject", "nowhere")
    in_scenario = ptr.scenario_item("injects", "inject", "nowhere")
    assert (in_plan.file, in_scenario.file) == (loaded.plan_doc.path, loaded.scenario_doc.path)


def test_facts_read_once_give_the_same_scorecard() -> None:
    loaded = load(POISONING)
    log = simulate(loaded.scenario, loaded.plan, 3)
    facts = RunFacts(log, loaded.plan)
    assert score(log, loaded.scenario, loaded.plan, facts=facts) == score(
        log, loaded.scenario, loaded.plan
    )
    assert schedule_row(log, loaded.plan, facts) == schedule_row(log, loaded.plan)
    assert measure(log, loaded.scenario, loaded.plan)
    other = simulate(loaded.scenario, loaded.plan, 4)
    with pytest.raises(ValueError, match="another log"):
        facts_of(other, loaded.plan, facts)
