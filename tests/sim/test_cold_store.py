"""An ammonia machine room of a cold store (a scenario of another kind than the bundled
ones): the packing hall hears of the alarm over the public address, the fitter on his
round walks out through the corridor and the packing hall (issue #7 items 8 and 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim import EventLog, Loaded, load, simulate
from sim.casualties import IMPAIRED_WALKING_FACTOR, WALKING_SPEED_M_S

DATA = Path(__file__).resolve().parent.parent / "data"
SEEDS = range(1, 11)
# machine room -> corridor 60 m, corridor -> packing hall 60 m, packing hall -> yard 90 m
WALK_MIN = (60 + 60 + 90) / WALKING_SPEED_M_S / 60


@pytest.fixture(scope="module")
def cold_store() -> Loaded:
    return load(DATA / "cold-store.yaml")


def first(log: EventLog, kind: str, **match: str) -> float:
    event = log.first(kind, **match)
    assert event is not None, (kind, match)
    return event.t


def test_the_packing_hall_is_called_out_over_the_public_address(cold_store: Loaded) -> None:
    for seed in SEEDS:
        log = simulate(cold_store.scenario, cold_store.plan, seed)
        alarm = first(log, "alarm")
        told = log.first("team_alerted", actor="hall_leaders")
        assert told is not None and told.details["via"] == "public_address"
        assert 0.5 <= told.t - alarm <= 2.0
        assert first(log, "step_started", step="evacuate_hall") == told.t


def test_the_fitters_no_link_names_hear_by_the_default_relay_with_a_warning(
    cold_store: Loaded,
) -> None:
    for seed in SEEDS:
        log = simulate(cold_store.scenario, cold_store.plan, seed)
        told = log.first("team_alerted", actor="fitters")
        assert told is not None and told.details == {"via": "relay", "by": "default"}
        assert 0.25 <= told.t - first(log, "alarm") <= 64 / 60
        assert first(log, "step_started", step="close_valve") >= told.t
        assert log.first("model_warning", actor="fitters") is not None


def test_the_fitter_walks_out_at_walking_pace_breathing_the_air_on_the_way(
    cold_store: Loaded,
) -> None:
    log = simulate(cold_store.scenario, cold_store.plan, 1)
    escape = log.first("escape", actor="liu")
    assert escape is not None
    assert escape.details["route"] == ["machine_room", "corridor", "packing_hall", "yard"]
    assert escape.details["minutes"] == pytest.approx(WALK_MIN, abs=1e-3)  # 2.94, not 1.8
    assert first(log, "escaped", actor="liu") == pytest.approx(escape.t + WALK_MIN, abs=1e-6)
    stays = {e.location: e for e in log if e.kind == "exposure" and e.actor == "liu"}
    assert set(stays) == {"machine_room", "corridor", "packing_hall"}
    # the machine room's air until half-way to the corridor, then the corridor's
    assert stays["machine_room"].t == pytest.approx(escape.t + 60 / WALKING_SPEED_M_S / 120)
    assert 0 < stays["corridor"].details["ppm_max"] < 300  # out of IDLH air on the way


def test_a_fitter_impaired_by_the_air_walks_out_slower(cold_store: Loaded) -> None:
    """15 % oxygen in the machine room at T+0: coordination impaired (below 16 %)."""
    hazards = [
        h.model_copy(update={"initial_oxygen_percent": 15.0}) for h in cold_store.scenario.hazards
    ]
    scenario = cold_store.scenario.model_copy(update={"hazards": hazards})
    log = simulate(scenario, cold_store.plan, 1)
    escape = log.first("escape", actor="liu")
    assert escape is not None and escape.details["impaired"] is True
    assert escape.details["minutes"] == pytest.approx(WALK_MIN / IMPAIRED_WALKING_FACTOR, abs=1e-3)
