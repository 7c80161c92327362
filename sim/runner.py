"""Replications of a run: forecasts forked from a drill's state.

``fork(scenario, plan, decisions, at_min, seeds)`` replays the run exactly up to
``at_min`` (same seed, same decisions, so the same events), then continues each
replication under fresh random streams: "what happens from here" during a drill.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from sim.decisions import Decision
from sim.engine import Engine
from sim.events import EventLog
from sim.plan import Plan
from sim.scenario import Scenario
from sim.streams import Streams


def fork_streams(seed: int, at_min: float) -> Streams:
    """Fresh streams for the future after ``at_min`` of fork replication ``seed``.

    The domain names the fork point, so a fork's streams never repeat the base run's.
    """
    return Streams(seed, 0, domain=f"fork@{at_min!r}")


def fork_one(
    scenario: Scenario,
    plan: Plan,
    decisions: Sequence[Decision],
    at_min: float,
    seed: int,
    *,
    base_seed: int = 0,
) -> EventLog:
    """One forecast: the base run up to ``at_min``, then fresh streams from ``seed``."""
    if at_min < 0:
        raise ValueError(f"a fork starts at a time from the accident, found {at_min}")
    engine = Engine(scenario, plan, base_seed, decisions)
    engine.start()
    if not engine.advance(at_min):
        engine.reseed(fork_streams(seed, at_min))
        engine.advance()
    return engine.finish()


def fork(
    scenario: Scenario,
    plan: Plan,
    decisions: Iterable[Decision],
    at_min: float,
    seeds: Iterable[int],
    *,
    base_seed: int = 0,
) -> Iterator[EventLog]:
    """Forecasts from the state at ``at_min`` of the run on ``base_seed``, one per seed."""
    journal = list(decisions)
    for seed in seeds:
        yield fork_one(scenario, plan, journal, at_min, seed, base_seed=base_seed)
