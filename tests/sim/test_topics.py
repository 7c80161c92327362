"""A condition waiter looks again only at changes that concern what it reads
(``sim.topics``): that must never make it miss the moment its condition turns true.

Each scenario the tests know is run twice on the same seeds: as it is, and with every
waiter looking again at every change of any kind (the engine before topics). The two
runs must tell the same story: the same records, at the same times up to the tolerance
of the air crossing search (1e-6 min), which starts from the last look.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sim import load, simulate
from sim.engine import Engine
from sim.events import EventLog
from sim.topics import ANY_TOUCH, EVERYTHING, condition_reads
from sim.vocabulary import Condition
from tests.conftest import BUNDLED

DATA = Path(__file__).parent.parent / "data"
CASES = [
    (BUNDLED / "poisoning.yaml", BUNDLED / "poisoning-plan.yaml"),
    (BUNDLED / "poisoning.yaml", BUNDLED / "poisoning-plan-flawed.yaml"),
    (BUNDLED / "pipeline.yaml", BUNDLED / "pipeline-plan.yaml"),
    (BUNDLED / "waterworks.yaml", BUNDLED / "waterworks-plan.yaml"),
    (BUNDLED / "waterworks.yaml", BUNDLED / "waterworks-plan-flawed.yaml"),
    *(
        (scenario, scenario.with_name(f"{scenario.stem}-plan.yaml"))
        for scenario in sorted(DATA.glob("*.yaml"))
        if not scenario.stem.endswith("-plan")
        and scenario.with_name(f"{scenario.stem}-plan.yaml").exists()
    ),
]
TOLERANCE_MIN = 1e-5


def _story(log: EventLog) -> list[tuple[float, tuple[object, ...]]]:
    """The records in time order, each as its time and what it says (its sequence number
    left aside, and records of one moment in a fixed order)."""
    out = []
    for e in log:
        d = e.to_dict()
        t = float(d.pop("t"))
        d.pop("seq")
        out.append((t, tuple(sorted((k, repr(v)) for k, v in d.items()))))
    out.sort(key=lambda x: (round(x[0], 4), x[1]))
    return out


def _retold(a: EventLog, b: EventLog) -> None:
    left, right = _story(a), _story(b)
    assert len(left) == len(right)
    for (t1, said1), (t2, said2) in zip(left, right, strict=True):
        if said1 != said2:
            # a figure worked out at a moment can move in its last digit with the moment
            assert [k for k, _ in said1] == [k for k, _ in said2]
        assert abs(t1 - t2) <= TOLERANCE_MIN, (said1, said2)


@pytest.mark.parametrize(("scenario", "plan"), CASES, ids=[f"{s.stem}+{p.stem}" for s, p in CASES])
def test_waiters_miss_no_change(
    scenario: Path, plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = load(scenario, plan)
    for seed in range(3):
        filtered = simulate(loaded.scenario, loaded.plan, seed)
        with monkeypatch.context() as m:
            m.setattr(Engine, "_changes_seen", lambda self, reads: self.touched[ANY_TOUCH])
            every = simulate(loaded.scenario, loaded.plan, seed)
        _retold(filtered, every)


def test_what_conditions_read() -> None:
    person = Condition(person_state={"person": "wang", "state": "collapsed"})
    later = Condition(after_min=30)
    assert condition_reads(later) == frozenset()  # time alone: the waiter's clock
    assert condition_reads(Condition(any_of=[person, later])) == {"person"}
    assert condition_reads(Condition(not_=Condition(level_declared="level_ii"))) == {"level"}
    assert condition_reads(Condition(zone_reaches={"hazard": "h", "location": "x"})) == {ANY_TOUCH}
    every_topic_is_changed = set(EVERYTHING)
    for c in (person, Condition(level_declared="l"), Condition(step_completed="s")):
        assert condition_reads(c) <= every_topic_is_changed
