"""The evacuation KPI stops at the headcount at the assembly point, not at the end of
the response (issue 8: "the headcount KPI reads the termination time")."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring import kpis
from sim import Loaded, load, simulate
from tests.scoring import Log, one

AMMONIA = Path(__file__).parents[1] / "data" / "ammonia-cold-store.yaml"


def test_a_late_termination_does_not_move_the_headcount(poisoning: Loaded) -> None:
    log = (
        Log(alarm=4.0)
        .add(12.0, "evacuated", actor="security", step="evacuate_workshop",
             location="oxidation_workshop", to="assembly_point", people=5)
        .add(18.0, "step_completed", actor="security", step="headcount",
             location="assembly_point")
        .add(90.0, "response_terminated", actor="management", step="terminate")
        .end(90)
    )  # fmt: skip
    k = one(kpis(log, poisoning.scenario, poisoning.plan), "evacuation_complete")
    assert k.t_min == 18.0 and k.status == "met"


@pytest.mark.parametrize("path", [None, AMMONIA], ids=["poisoning", "ammonia"])
def test_the_headcount_kpi_is_the_headcount_step_in_a_run(
    path: Path | None, poisoning: Loaded
) -> None:
    loaded = poisoning if path is None else load(path)
    log = simulate(loaded.scenario, loaded.plan, 1)
    done = {e.step: e.t for e in log.events if e.kind == "step_completed"}
    ended = next(e.t for e in log.events if e.kind == "response_terminated")
    k = one(kpis(log, loaded.scenario, loaded.plan), "evacuation_complete")
    assert k.t_min == pytest.approx(done["headcount"]) and k.t_min < ended
    assert k.label.zh == "疏散完成并清点人数"
    assert k.label.en == "Evacuation complete, headcount reconciled"
