"""The third bundled scenario: liquefied chlorine at a water works.

A one-tonne container's liquid valve fails in the unloading yard (4 mm, Cd 0.62, 28 °C:
0.356 kg/s of liquid, 41 % of it airborne, empty after 46.8 min, REFERENCE D9); the Binhe
estate lies 600 m downwind. The plan (2026-A) shelters the residents, sets a water
curtain and calls the county hazmat team with its kit B; revision 2026-B walks the
residents out through the cloud, gives the curtain to an untrained team and the county
report to an office-hours role.
"""

from __future__ import annotations

import pytest

from scoring.check import check_plan
from scoring.scorecard import score
from sim import EventLog, Loaded, load, simulate
from tests.conftest import BUNDLED, WATERWORKS

FLAWED = BUNDLED / "waterworks-plan-flawed.yaml"


@pytest.fixture(scope="module")
def flawed() -> Loaded:
    return load(WATERWORKS, FLAWED)


def load_of(log: EventLog, who: str) -> float:
    return sum(e.details.get("toxic_load", 0.0) for e in log.of_kind("exposure") if e.actor == who)


def test_the_container_would_empty_in_46_8_minutes(waterworks: Loaded) -> None:
    log = simulate(waterworks.scenario, waterworks.plan, 1)
    accident = log.first("accident")
    assert accident is not None
    assert accident.details["empties_at_min"] == pytest.approx(46.84, abs=0.01)


def test_the_plan_shelters_the_estate_curtains_the_cloud_and_caps_the_valve(
    waterworks: Loaded,
) -> None:
    capped = 0
    for seed in range(1, 11):
        log = simulate(waterworks.scenario, waterworks.plan, seed)
        sheltered = log.first("sheltered", location="binhe_estate")
        assert sheltered is not None and sheltered.details["people"] == 600, seed
        curtain = log.first("water_curtain")
        assert curtain is not None and curtain.details["factor"] == 0.5, seed
        assert sheltered.t < 12.0, seed  # the control room phones the estate at once
        stopped = log.first("release_stopped")
        assert stopped is not None, seed
        capped += stopped.t < 46.84  # before the container runs dry
        assert log.first("shelter_ended", location="binhe_estate") is not None, seed
    assert capped >= 7


def test_sheltering_beats_walking_the_residents_out_through_the_cloud(
    waterworks: Loaded, flawed: Loaded
) -> None:
    """Chlorine's load grows with C^2 t: the residents shut indoors breathe less of it
    than those walked out past the square while the release runs (E1, D12)."""
    for seed in (1, 2, 3):
        kept_in = simulate(waterworks.scenario, waterworks.plan, seed)
        walked = simulate(flawed.scenario, flawed.plan, seed)
        assert walked.first("evacuation_started", location="binhe_estate") is not None
        for who in ("estate_residents", "square_dancers"):
            assert load_of(kept_in, who) < load_of(walked, who), (seed, who)


def test_the_flawed_revision_is_found_out_and_rated_u(flawed: Loaded) -> None:
    findings = check_plan(flawed.plan, flawed.scenario, plan_doc=flawed.plan_doc)
    deficiencies = [str(f.data) for f in findings if f.severity == "不足项"]
    assert len(deficiencies) == 2, deficiencies
    assert any("water_curtain" in d for d in deficiencies), deficiencies
    assert any("safety_officer" in d for d in deficiencies), deficiencies
    for seed in (1, 2, 3):
        log = simulate(flawed.scenario, flawed.plan, seed)
        card = score(
            log,
            flawed.scenario,
            flawed.plan,
            plan_doc=flawed.plan_doc,
            scenario_doc=flawed.scenario_doc,
            seed=seed,
        )
        assert card.overall.hseep == "U", seed


def test_the_plan_is_not_rated_u(waterworks: Loaded) -> None:
    for seed in (1, 2, 3):
        log = simulate(waterworks.scenario, waterworks.plan, seed)
        card = score(
            log,
            waterworks.scenario,
            waterworks.plan,
            plan_doc=waterworks.plan_doc,
            scenario_doc=waterworks.scenario_doc,
            seed=seed,
        )
        assert card.overall.hseep == "M", seed
