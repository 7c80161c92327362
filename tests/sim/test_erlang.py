"""Resource contention: the engine's dispatcher against queueing theory (REFERENCE, Erlang C).

Two single-person teams fill one role; jobs arrive as a Poisson stream of 1 per
hour and take an exponential 1.2 h. Erlang C gives P(wait) = 0.450 and a mean
wait of 0.675 h. The long-run estimates must agree within sampling error, judged
by batch means.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import Any

import numpy as np
import simpy

from sim.dispatch import Dispatcher, Member


def erlang_c(servers: int, offered_load: float) -> float:
    top = offered_load**servers / math.factorial(servers) * servers / (servers - offered_load)
    bottom = sum(offered_load**k / math.factorial(k) for k in range(servers)) + top
    return top / bottom


def run_queue(jobs: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    env = simpy.Environment()
    dispatcher = Dispatcher(env)
    for team in ("a", "b"):
        dispatcher.add_member(Member(team, 0, "base", available=True))
    arrivals, services = (
        np.random.Generator(np.random.PCG64(s)) for s in np.random.SeedSequence(seed).spawn(2)
    )
    waits = np.zeros(jobs)

    def job(i: int) -> Generator[simpy.Event, Any, None]:
        arrived = env.now
        claim = dispatcher.request(f"job{i}", ["a", "b"], 1, frozenset(), [])
        yield claim.event
        waits[i] = env.now - arrived
        yield env.timeout(services.exponential(1.2))
        dispatcher.release(claim)

    def source() -> Generator[simpy.Event, Any, None]:
        for i in range(jobs):
            yield env.timeout(arrivals.exponential(1.0))
            env.process(job(i))

    env.process(source())
    env.run()
    return waits > 0, waits


def batch_se(values: np.ndarray, batches: int = 25) -> float:
    means = values[: len(values) // batches * batches].reshape(batches, -1).mean(axis=1)
    return float(means.std(ddof=1) / math.sqrt(batches))


def test_erlang_c_reference_values() -> None:
    assert round(erlang_c(2, 1.2), 3) == 0.450
    assert round(erlang_c(2, 1.2) / (2 / 1.2 - 1), 3) == 0.675


def test_two_teams_converge_to_erlang_c() -> None:
    waited, waits = run_queue(120_000, seed=2026)
    waited, waits = waited[2000:], waits[2000:]  # drop the warm-up from an empty system
    p_wait, mean_wait = waited.mean(), waits.mean()
    se_p, se_w = batch_se(waited.astype(float)), batch_se(waits)
    assert se_p < 0.01 and se_w < 0.03  # the run is long enough to mean something
    assert abs(p_wait - 0.450) < 4 * se_p, (p_wait, se_p)
    assert abs(mean_wait - 0.675) < 4 * se_w, (mean_wait, se_w)
