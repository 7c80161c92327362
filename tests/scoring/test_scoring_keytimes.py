"""One definition per key time: the key-time block and the KPI table agree on every
bundled scenario and seeds 1-30, and "casualty reached" is a rescue crew at the casualty."""

from __future__ import annotations

import pytest

from scoring.keytimes import key_times
from scoring.kpi import kpis
from scoring.planmap import PlanMap
from scoring.rules import default_rules
from sim import Loaded, load, simulate
from tests.conftest import BUNDLED as BUNDLED_DIR
from tests.conftest import PIPELINE, POISONING, WATERWORKS
from tests.scoring import FLAWED

BUNDLED = {
    "poisoning": (POISONING, None),
    "poisoning-flawed": (POISONING, FLAWED),
    "pipeline": (PIPELINE, None),
    "waterworks": (WATERWORKS, None),
    "waterworks-flawed": (WATERWORKS, BUNDLED_DIR / "waterworks-plan-flawed.yaml"),
}


@pytest.fixture(scope="module", params=sorted(BUNDLED))
def bundled(request: pytest.FixtureRequest) -> Loaded:
    scenario, plan = BUNDLED[request.param]
    return load(scenario, plan)


def test_key_times_and_kpis_agree_over_seeds_1_to_30(bundled: Loaded) -> None:
    for seed in range(1, 31):
        log = simulate(bundled.scenario, bundled.plan, seed)
        measured = kpis(log, bundled.scenario, bundled.plan)
        by_key = {(k.key, k.subject): k.t_min for k in measured}
        for kt in key_times(log, bundled.scenario, bundled.plan):
            if kt.key == "casualty_collapsed":
                continue
            assert (kt.key, kt.subject) in by_key, (seed, kt.key, kt.subject)
            assert kt.t == by_key[(kt.key, kt.subject)], (seed, kt.key, kt.subject)


def test_casualty_reached_is_the_rescue_crew_not_one_passing_by(poisoning: Loaded) -> None:
    rescue_steps = {
        s.id
        for s in PlanMap(poisoning.plan, default_rules(), poisoning.scenario).steps_with("rescue")
    }
    passed_by = 0
    for seed in range(1, 31):
        log = simulate(poisoning.scenario, poisoning.plan, seed)
        reached = next(
            kt
            for kt in key_times(log, poisoning.scenario, poisoning.plan)
            if kt.key == "casualty_reached"
        )
        working = next(e.t for e in log.of_kind("step_working") if e.step in rescue_steps)
        assert reached.t == working, seed
        entries = [e for e in log.of_kind("entry") if e.location == "generator_room" and e.step]
        if entries and entries[0].step not in rescue_steps:
            passed_by += 1  # the valve crew got there first: it does not count
            assert reached.t > entries[0].t
    assert passed_by > 0
