"""The bare SimPy yardstick of ``bench/`` models the same night as drillsim.

``bench/replications.py`` prices a drillsim replication against the hand-written model
of ``bench/bare_simpy.py``; the comparison is fair only if both give the same key times.
The bench script checks 500 seeds; 100 here keep the suite quick.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

BARE = Path(__file__).parents[1] / "bench" / "bare_simpy.py"


def _bare() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bare_simpy", BARE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bare_simpy"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rows() -> list[Any]:
    return list(_bare().compare(100))


def test_the_bare_model_gives_drillsims_key_time_medians_within_a_fifth_of_a_minute(
    rows: list[Any],
) -> None:
    assert {key for key, *_ in rows} >= {
        "casualty_reached:wang",
        "release_stopped:h2s_leak",
        "unit_head_informed:unit_head",
        "response_terminated",
    }
    for key, ours, bare, n_ours, n_bare in rows:
        assert n_ours == n_bare, f"{key}: in {n_ours} drillsim runs but {n_bare} bare ones"
        if n_ours:
            assert ours is not None and bare is not None
            assert abs(ours - bare) <= 0.2, f"{key}: drillsim {ours:.3f}, bare {bare:.3f}"


def test_li_follows_wang_in_unprotected_in_about_a_fifth_of_the_nights_in_both_models(
    rows: list[Any],
) -> None:
    counts = {key: (n_ours, n_bare) for key, _, _, n_ours, n_bare in rows}
    n_ours, n_bare = counts["casualty_collapsed:li"]
    assert n_ours == n_bare
    assert 5 <= n_ours <= 40  # li's delay against the no-entry order: P(entry) about 0.2
