"""Random streams: one ``numpy.random.Generator`` per source of randomness.

All spawned from one ``SeedSequence`` in a fixed order, so that the same seed
gives the same numbers to the same source whatever the other sources draw:
common random numbers for comparing plan revisions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SOURCES = ("travel", "durations", "failures", "delays", "weather")
"""Spawn order is fixed; ``weather`` is reserved for weather variation so adding it later
leaves the other streams unchanged."""


@dataclass(frozen=True)
class Streams:
    travel: np.random.Generator
    durations: np.random.Generator
    failures: np.random.Generator
    delays: np.random.Generator
    weather: np.random.Generator
    entropy: int

    @classmethod
    def from_seed(cls, seed: int | np.random.SeedSequence) -> Streams:
        seq = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
        children = seq.spawn(len(SOURCES))
        gens = {
            name: np.random.Generator(np.random.PCG64(child))
            for name, child in zip(SOURCES, children, strict=True)
        }
        entropy = seq.entropy if isinstance(seq.entropy, int) else 0
        return cls(entropy=entropy, **gens)
