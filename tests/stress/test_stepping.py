"""The stepping interface gives the batch run's log, and forks replay a drill's past exactly."""

from __future__ import annotations

import pytest

from sim import Engine, Loaded, parse_decisions, simulate
from sim.runner import fork


@pytest.mark.parametrize("name", ["poisoning", "pipeline", "waterworks"])
def test_advancing_in_small_steps_gives_the_batch_log(
    name: str, request: pytest.FixtureRequest
) -> None:
    loaded: Loaded = request.getfixturevalue(name)
    engine = Engine(loaded.scenario, loaded.plan, 7)
    engine.start()
    t = 0.0
    while not engine.advance(t):
        t += 0.5
    stepped = engine.finish().to_jsonl()
    assert stepped == simulate(loaded.scenario, loaded.plan, 7).to_jsonl()


def test_a_drill_ended_early_closes_at_that_time(poisoning: Loaded) -> None:
    engine = Engine(poisoning.scenario, poisoning.plan, 1)
    engine.start()
    assert engine.advance(5.0) is False
    log = engine.finish()
    end = log.first("end")
    assert end is not None and end.t == pytest.approx(5.0)
    assert all(e.t <= 5.0 for e in log)
    with pytest.raises(RuntimeError):
        engine.finish()


def test_fork_replays_the_past_and_varies_the_future(poisoning: Loaded) -> None:
    at = 6.0
    base = simulate(poisoning.scenario, poisoning.plan, 3)
    base_past = [e.to_json() for e in base if e.t < at]
    futures = []
    for log in fork(poisoning.scenario, poisoning.plan, (), at, range(4), base_seed=3):
        assert [e.to_json() for e in log if e.t < at] == base_past
        futures.append([e.to_json() for e in log if e.t >= at])
    assert len({tuple(f) for f in futures}) == 4


def test_fork_keeps_the_drills_decisions(poisoning: Loaded) -> None:
    line = '{"t": 1.0, "command": "declare_level", "args": {"level": "level_ii"}}'
    journal = parse_decisions([line], "journal.jsonl")
    for log in fork(poisoning.scenario, poisoning.plan, journal, 4.0, [1, 2], base_seed=1):
        decision = log.first("decision")
        assert decision is not None and decision.t == 1.0


def test_a_fork_of_the_same_seed_is_the_same_forecast(poisoning: Loaded) -> None:
    a = next(fork(poisoning.scenario, poisoning.plan, (), 8.0, [5], base_seed=2))
    b = next(fork(poisoning.scenario, poisoning.plan, (), 8.0, [5], base_seed=2))
    assert a.to_jsonl() == b.to_jsonl()
