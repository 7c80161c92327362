"""Measuring is a step: a gas test reads a detector with its response time and accuracy
(REFERENCE D14), and `measured_below` acts on what was read, not on the true air."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from sim import EventLog, Loaded, load, simulate
from sim.physics.detector import lagged_reading, settled_fraction
from sim.plan import Plan
from sim.scenario import Scenario

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def pit() -> Loaded:
    return load(DATA / "sewage-pit.yaml")


def sealed_sump(pit: Loaded, ppm: float = 900.0) -> Scenario:
    """The sump holding ``ppm`` of H2S and no air changes: the air stays as it is."""
    raw = pit.scenario.model_dump(mode="json", by_alias=True, exclude_none=True)
    raw["hazards"][0].update(leak_l_s=0.0, initial_ppm=ppm)
    for loc in raw["site"]["locations"]:
        if loc["id"] == "sump":
            loc["room"]["air_changes_per_h"] = 0.0
    raw["people"] = []
    raw["injects"] = [
        {"id": "call", "at_min": 0.0, "message": "报警", "effects": [{"raise_alarm": True}]}
    ]
    return Scenario.model_validate(raw)


def plan_testing(
    pit: Loaded,
    *,
    test_min: float,
    accuracy: float = 0.0,
    rescue_when: dict[str, Any] | None = None,
) -> Plan:
    """The fire crew tests the sump from the manhole with a four-gas detector (T90 60 s)
    before two go down."""
    raw = pit.plan.model_dump(mode="json", by_alias=True, exclude_none=True)
    raw["resources"].append(
        {
            "id": "four_gas",
            "name": "四合一气体检测仪",
            "type": "gas_detector",
            "quantity": 1,
            "location": "town_fire_station",
            "team": "firefighters",
            "t90_s": 60.0,
            "accuracy_percent": accuracy,
            "oxygen_accuracy_percent": 0.0,
        }
    )
    steps = [s for s in raw["steps"] if s["id"] != "ventilate_sump"]
    steps.insert(
        1,
        {
            "id": "test_sump",
            "name": "人孔口检测池内气体",
            "owner": "fire_rescue",
            "resources": [{"type": "gas_detector", "quantity": 1}],
            "duration": test_min,
            "location": "sump_mouth",
            "effects": [{"gas_test": "sump"}],
        },
    )
    for s in steps:
        if s["id"] == "rescue":
            s["after"] = ["test_sump"]
            if rescue_when is not None:
                s["when"] = rescue_when
    raw["steps"] = steps
    return Plan.model_validate(raw)


def reading(log: EventLog) -> dict[str, Any]:
    event = log.first("gas_test", location="sump")
    assert event is not None
    return event.details


def test_a_sensor_shows_ninety_percent_of_a_step_after_its_t90() -> None:
    assert settled_fraction(60.0, 60.0) == pytest.approx(0.9)
    assert settled_fraction(10.0, 60.0) == pytest.approx(1 - 10 ** (-1 / 6))  # 0.319
    times = np.linspace(0.0, 1.0, 7)
    assert lagged_reading(times, np.full(7, 900.0), 60.0, 0.0) == pytest.approx(810.0)
    ramp = np.linspace(0.0, 100.0, 7)  # 100 ppm/min for a minute: lags by tau = 26.06 s
    tau_min = 60.0 / math.log(10) / 60.0
    expected = 100.0 * (1.0 - tau_min * (1.0 - math.exp(-1.0 / tau_min)))
    assert lagged_reading(times, ramp, 60.0, 0.0) == pytest.approx(expected, rel=1e-9)


def test_a_ten_second_test_reads_a_third_of_the_true_air(pit: Loaded) -> None:
    """900 ppm for 10 s with T90 60 s: 900 (1 - 10^-1/6) = 286.8 ppm; for a minute, 810."""
    scenario = sealed_sump(pit)
    short = reading(simulate(scenario, plan_testing(pit, test_min=10 / 60), 1))
    assert short["ppm"] == pytest.approx(286.8, abs=0.1)
    assert short["true_ppm"] == pytest.approx(900.0)
    assert short["detector"] == "four_gas" and short["t90_s"] == 60.0
    long = reading(simulate(scenario, plan_testing(pit, test_min=1.0), 1))
    assert long["ppm"] == pytest.approx(810.0, abs=0.1)
    assert long["oxygen_percent"] == pytest.approx(20.9 - 0.9 * 900e-6 * 20.9, abs=0.1)


def test_readings_scatter_within_the_detectors_tolerance(pit: Loaded) -> None:
    scenario = sealed_sump(pit)
    plan = plan_testing(pit, test_min=5.0, accuracy=10.0)
    settled = 900.0 * settled_fraction(300.0, 60.0)
    values = [reading(simulate(scenario, plan, seed))["ppm"] for seed in range(1, 21)]
    assert all(0.9 * settled - 0.1 <= v <= 1.1 * settled + 0.1 for v in values)
    assert max(values) - min(values) > 0.05 * settled  # it is a spread, not one value
    assert reading(simulate(scenario, plan, 3)) == reading(simulate(scenario, plan, 3))


def test_a_rushed_test_lets_the_crew_in_where_the_truth_would_not(pit: Loaded) -> None:
    """The plan's rule is "go in when the test reads at or below 500 ppm". A 10 s test of
    900 ppm reads 287 and sends the crew in; a 2 min test reads 891 and holds them back.
    A rule on the true air (concentration_below) would hold them back either way."""
    scenario = sealed_sump(pit)
    rule = {"measured_below": {"location": "sump", "ppm": 500.0}}
    rushed = simulate(scenario, plan_testing(pit, test_min=10 / 60, rescue_when=rule), 1)
    assert rushed.first("step_started", step="rescue") is not None
    careful = simulate(scenario, plan_testing(pit, test_min=2.0, rescue_when=rule), 1)
    assert reading(careful)["ppm"] == pytest.approx(891.0, abs=0.1)
    assert careful.first("step_started", step="rescue") is None
    truth = {"concentration_below": {"location": "sump", "ppm": 500.0}}
    held = simulate(scenario, plan_testing(pit, test_min=10 / 60, rescue_when=truth), 1)
    assert held.first("step_started", step="rescue") is None


def test_measured_below_is_false_before_any_test(pit: Loaded) -> None:
    scenario = sealed_sump(pit, ppm=0.0)
    plan = plan_testing(pit, test_min=1.0)
    raw = plan.model_dump(mode="json", by_alias=True, exclude_none=True)
    for s in raw["steps"]:
        if s["id"] == "rescue":
            s["after"] = []
            s["when"] = {"measured_below": {"location": "sump", "ppm": 10.0}}
        if s["id"] == "test_sump":
            s["after"] = ["call_119"]
            s["duration"] = 5.0
    log = simulate(scenario, Plan.model_validate(raw), 1)
    tested = log.first("gas_test", location="sump")
    ready = log.first("step_ready", step="rescue")
    assert tested is not None and ready is not None and ready.t >= tested.t
