"""Plan revisions compared on common random numbers, as a planner would revise a plan."""

from __future__ import annotations

from scoring.replication import measure
from scoring.stress import differences
from sim import Loaded, Plan, load
from sim.runner import Row, Study, replicate
from sim.stats import Summary
from tests.conftest import BUNDLED, POISONING


def with_second_scba_team(plan: Plan) -> Plan:
    """A second SCBA-trained pair based at the office building, where revision 2026-B
    keeps its breathing apparatus, first in line for the rescue group."""
    data = plan.model_dump(mode="python")
    data["teams"].append(
        {
            "id": "second_scba_team",
            "name": "第二空呼救援小组",
            "organisation": "plant",
            "base": "office_building",
            "size": 2,
            "qualifications": ["scba"],
        }
    )
    for role in data["roles"]:
        if role["id"] == "rescue_leader":
            role["staffed_by"].insert(0, "second_scba_team")
    for link in data["alerting"]:  # the shift leader's radio call reaches both crews
        if "mini_fire_team" in link["teams"]:
            link["teams"].append("second_scba_team")
    return Plan.model_validate(data)


def test_a_second_scba_team_significantly_shortens_time_to_rescue() -> None:
    flawed: Loaded = load(POISONING, BUNDLED / "poisoning-plan-flawed.yaml")
    revised = with_second_scba_team(flawed.plan)
    study = Study(flawed.scenario, (flawed.plan, revised), measure, root=3)
    summary = Summary()

    def consume(rep: int, row: Row) -> bool:
        summary.add_paired(row, 2)
        return True

    replicate(study, 10, consume)
    found = {d.id: d for d in differences(summary, 2)}
    rescue = found["kpi:casualty_extracted:wang"]
    assert rescue.significant and rescue.better and rescue.mean is not None and rescue.mean < -2
