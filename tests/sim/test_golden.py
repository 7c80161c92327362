"""Golden event logs of the bundled scenarios; same inputs give the same bytes.

Regenerate after an intended behaviour change with
``DRILLSIM_UPDATE_GOLDEN=1 pytest tests/sim/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import os

import pytest

from sim import Loaded, simulate
from tests.conftest import GOLDEN

CASES = [("poisoning", 1), ("poisoning", 7), ("pipeline", 1), ("waterworks", 1)]
BUNDLED_NAMES = ["poisoning", "pipeline", "waterworks"]


@pytest.mark.parametrize(("name", "seed"), CASES)
def test_event_log_matches_golden(name: str, seed: int, request: pytest.FixtureRequest) -> None:
    loaded: Loaded = request.getfixturevalue(name)
    text = simulate(loaded.scenario, loaded.plan, seed).to_jsonl()
    golden = GOLDEN / f"{name}-seed{seed}.events.jsonl"
    if os.environ.get("DRILLSIM_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", BUNDLED_NAMES)
def test_same_inputs_give_identical_bytes(name: str, request: pytest.FixtureRequest) -> None:
    loaded: Loaded = request.getfixturevalue(name)
    first = simulate(loaded.scenario, loaded.plan, 42).to_jsonl()
    second = simulate(loaded.scenario, loaded.plan, 42).to_jsonl()
    assert first.encode() == second.encode()


@pytest.mark.parametrize("name", BUNDLED_NAMES)
def test_different_seed_gives_a_different_log(name: str, request: pytest.FixtureRequest) -> None:
    loaded: Loaded = request.getfixturevalue(name)
    assert (
        simulate(loaded.scenario, loaded.plan, 1).to_jsonl()
        != simulate(loaded.scenario, loaded.plan, 2).to_jsonl()
    )
