"""The plan check reads needs by type: any unit of the type counts, a team's own kit only
for the teams of the step's role."""

from __future__ import annotations

from scoring.check import check_plan
from sim import Loaded
from sim.plan import Plan, ResourceNeed
from tests.scoring import rule


def needing(plan: Plan, step: str, *needs: ResourceNeed) -> Plan:
    steps = [
        s.model_copy(update={"resources": list(needs)}) if s.id == step else s for s in plan.steps
    ]
    return plan.model_copy(update={"steps": steps})


def test_any_scba_counts_every_set_of_the_type(poisoning: Loaded) -> None:
    """The plant keeps 4 sets at the mini fire station and 2 in the control-room cabinet:
    the process operators' need of 6 is met, 7 is not."""
    plan = needing(poisoning.plan, "isolate_leak", ResourceNeed(type="scba", quantity=6))
    assert rule(check_plan(plan, poisoning.scenario), "static.resource_short") == []
    plan = needing(poisoning.plan, "isolate_leak", ResourceNeed(type="scba", quantity=7))
    [f] = rule(check_plan(plan, poisoning.scenario), "static.resource_short")
    assert f.data == {"step": "isolate_leak", "type": "scba", "need": 7, "have": 6}
    assert "any scba" in f.title.en


def test_a_teams_own_kit_counts_only_for_its_role(poisoning: Loaded) -> None:
    """The fire crew (6 sets) and the city hazmat team (8) staff the rescue role: their own
    sets count there, with the plant's 6, and not for the valve closing."""
    rescue = needing(poisoning.plan, "scba_rescue", ResourceNeed(type="scba", quantity=20))
    assert rule(check_plan(rescue, poisoning.scenario), "static.resource_short") == []
    rescue = needing(poisoning.plan, "scba_rescue", ResourceNeed(type="scba", quantity=21))
    [f] = rule(check_plan(rescue, poisoning.scenario), "static.resource_short")
    assert f.data["have"] == 20


def test_breathing_apparatus_reach_uses_the_nearest_set_of_the_type(poisoning: Loaded) -> None:
    """The control-room cabinet is on the operators' way; the mini fire station's sets are not."""
    named = needing(poisoning.plan, "isolate_leak", ResourceNeed(resource="scba_mfs", quantity=2))
    typed = needing(poisoning.plan, "isolate_leak", ResourceNeed(type="scba", quantity=2))
    far = rule(check_plan(named, poisoning.scenario), "static.ba_out_of_reach")
    near = rule(check_plan(typed, poisoning.scenario), "static.ba_out_of_reach")
    assert [f.data["step"] for f in far] == ["isolate_leak"]
    assert near == []


def test_a_crew_needs_that_many_qualified_members(poisoning: Loaded) -> None:
    """Three control operators of whom one wears SCBA cannot send a crew of two in."""
    teams = [
        t.model_copy(update={"qualifications": {"scba": 1}}) if t.id == "control_operators" else t
        for t in poisoning.plan.teams
    ]
    plan = poisoning.plan.model_copy(update={"teams": teams})
    [f] = rule(check_plan(plan, poisoning.scenario), "static.crew_too_large")
    assert f.data == {"step": "isolate_leak", "crew": 2, "largest_team": 1}
    assert f.severity == "不足项"  # isolating the leak is critical
