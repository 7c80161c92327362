"""Random streams keyed by stable names: one ``numpy.random.Generator`` per source.

Each step's durations, each team's travel and delays, each unit's pre-use
checks, each organisation's, level's, reporting link's and person's delays draw
from their own generator, seeded by a ``SeedSequence`` with entropy
``[replication, name hash, root seed]``. A stream depends only on its own name,
never on the order in which names are met or on how many other names exist, so
a plan revision that adds a step leaves every other step's draws unchanged and
plan A/B comparisons stay on common random numbers. Replication ``i`` of a
stress test draws the same numbers on any executor, worker count or batch size.
"""

from __future__ import annotations

import functools
import hashlib
import sys
from typing import Any

import numpy as np
import numpy.typing as npt
from numpy.random.bit_generator import ISeedSequence

SOURCES = ("travel", "durations", "failures", "delays", "weather")
"""Sources of randomness; a stream's name is ``source/owner``, e.g. ``durations/step:isolate``."""


@functools.lru_cache(maxsize=65_536)
def name_hash(name: str) -> int:
    """A 64-bit hash of a stream's name that is the same on every machine and Python."""
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "little")


def _words(n: int) -> list[int]:
    """``n`` as ``SeedSequence`` reads an integer of its entropy: 32-bit words, low first
    (one 0 word for 0)."""
    out = [n & 0xFFFF_FFFF]
    n >>= 32
    while n:
        out.append(n & 0xFFFF_FFFF)
        n >>= 32
    return out


@functools.lru_cache(maxsize=65_536)
def _name_words(key: str) -> list[int]:
    return _words(name_hash(key))


def _state_multipliers() -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint32]]:
    """The hash constants ``SeedSequence.generate_state`` xors and multiplies its pool
    words with, in turn, to make 8 words (O'Neill's seed_seq_fe: 0x8b51f9dd, times
    0x58f38ded each word)."""
    xors, mults = [], []
    h = 0x8B51F9DD
    for _ in range(8):
        xors.append(h)
        h = (h * 0x58F38DED) & 0xFFFF_FFFF
        mults.append(h)
    return np.array(xors, dtype=np.uint32), np.array(mults, dtype=np.uint32)


_XORS, _MULTS = _state_multipliers()
_POOL_ORDER = np.array([0, 1, 2, 3, 0, 1, 2, 3])


class _State(ISeedSequence):
    """A seed sequence's 4 state words, worked out already (what PCG64 asks for)."""

    __slots__ = ("words",)

    def __init__(self, words: npt.NDArray[np.uint64]) -> None:
        self.words = words

    def generate_state(self, n_words: int, dtype: Any = np.uint32) -> npt.NDArray[Any]:
        assert n_words == 4 and np.dtype(dtype) == np.uint64
        return self.words


def _pcg64(seq: np.random.SeedSequence) -> np.random.PCG64:
    """``PCG64(seq)``: the state words from the pool with whole-array uint32 arithmetic
    (which wraps like the C code), skipping ``generate_state``'s per-call set-up."""
    if sys.byteorder != "little":  # pragma: no cover - the words are viewed as uint64
        return np.random.PCG64(seq)
    words = (seq.pool[_POOL_ORDER] ^ _XORS) * _MULTS
    words ^= words >> np.uint32(16)
    return np.random.PCG64(_State(words.view(np.uint64)))  # type: ignore[arg-type]


_INIT_A = 0x43B0D7E5
_MULT_A = 0x931E8875
_MIX_MULT_L = np.uint32(0xCA01F9DD)
_MIX_MULT_R = np.uint32(0x4973F715)
_XSHIFT = np.uint32(16)


def _pools(entropy: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
    """The 4-word pools ``SeedSequence`` mixes from each row of ``entropy`` (its
    ``mix_entropy``: O'Neill's hashmix and mix on uint32 words), all rows at once."""
    n, k = entropy.shape
    hash_const = _INIT_A

    def hashmix(value: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
        nonlocal hash_const
        value = value ^ np.uint32(hash_const)
        hash_const = (hash_const * _MULT_A) & 0xFFFF_FFFF
        value = value * np.uint32(hash_const)
        value ^= value >> _XSHIFT
        return value

    def mix(x: npt.NDArray[np.uint32], y: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
        result = _MIX_MULT_L * x - _MIX_MULT_R * y
        result ^= result >> _XSHIFT
        return result

    zero = np.zeros(n, dtype=np.uint32)
    mixer = [hashmix(entropy[:, i] if i < k else zero) for i in range(4)]
    for src in range(4):
        for dst in range(4):
            if src != dst:
                mixer[dst] = mix(mixer[dst], hashmix(mixer[src]))
    for src in range(4, k):
        for dst in range(4):
            mixer[dst] = mix(mixer[dst], hashmix(entropy[:, src]))
    return np.stack(mixer, axis=1)


def _states(
    rep_words: list[int], root_words: list[int], keys: list[str]
) -> dict[str, npt.NDArray[np.uint64]]:
    """The PCG64 state words of each stream key's ``SeedSequence([rep, name_hash(key),
    root])``, worked out for all the keys in whole-array arithmetic."""
    by_length: dict[int, list[str]] = {}
    for key in keys:
        by_length.setdefault(len(_name_words(key)), []).append(key)
    out: dict[str, npt.NDArray[np.uint64]] = {}
    for group in by_length.values():
        entropy = np.array(
            [rep_words + _name_words(key) + root_words for key in group], dtype=np.uint32
        )
        words = (_pools(entropy)[:, _POOL_ORDER] ^ _XORS) * _MULTS
        words ^= words >> _XSHIFT
        states = np.ascontiguousarray(words).view(np.uint64)
        out.update(zip(group, states, strict=True))
    return out


_MET: dict[str, dict[str, None]] = {}
"""The stream keys met in this process by domain, in the order met (the first
``_MET_MAX``): a new ``Streams`` seeds all those of its domain at once, on its first use,
as each replication of a plan draws from much the same streams."""
_MET_MAX = 1024


_AHEAD: dict[
    tuple[str, tuple[int, ...], tuple[int, ...], int], dict[str, npt.NDArray[np.uint64]]
] = {}
"""The state words last worked out for a few streams (``_seeded_ahead``)."""


def _seeded_ahead(
    domain: str, rep_words: list[int], root_words: list[int]
) -> dict[str, npt.NDArray[np.uint64]]:
    """The state words of every stream key met so far in ``domain``, for the replication
    of ``rep_words`` and ``root_words``. The same streams are seeded again and again by
    forecasts (each replays the run of one seed up to its fork), so the last few are kept:
    the keys met only grow, so their number tells one set from another."""
    met = _MET.setdefault(domain, {})
    if not met or sys.byteorder != "little":
        return {}
    key = (domain, tuple(rep_words), tuple(root_words), len(met))
    ahead = _AHEAD.get(key)
    if ahead is None:
        if len(_AHEAD) >= 8:
            _AHEAD.pop(next(iter(_AHEAD)))
        ahead = _AHEAD[key] = _states(rep_words, root_words, list(met))
    return ahead


class Streams:
    """The generators of one replication (or one forecast's future, with a ``domain``)."""

    __slots__ = ("_ahead", "_cache", "_rep_words", "_root_words", "domain", "rep", "root")

    def __init__(self, root: int, rep: int = 0, domain: str = "") -> None:
        if root < 0 or rep < 0:
            raise ValueError(f"seeds are non-negative integers, found root {root}, rep {rep}")
        self.root = root
        self.rep = rep
        self.domain = domain
        self._cache: dict[str, np.random.Generator] = {}
        self._rep_words = _words(rep)
        self._root_words = _words(root)
        self._ahead: dict[str, npt.NDArray[np.uint64]] | None = None

    @classmethod
    def from_seed(cls, seed: int | Streams) -> Streams:
        """The streams of ``drillsim run --seed N``: root N, replication 0."""
        return seed if isinstance(seed, Streams) else cls(int(seed))

    @property
    def entropy(self) -> int:
        """The root seed, recorded in a run's manifest."""
        return self.root

    def named(self, name: str) -> np.random.Generator:
        """The generator of the stream called ``name`` (created on first use)."""
        gen = self._cache.get(name)
        if gen is None:
            key = f"{self.domain}\u0000{name}" if self.domain else name
            if self._ahead is None:
                self._ahead = _seeded_ahead(self.domain, self._rep_words, self._root_words)
            state = self._ahead.get(key)
            if state is not None:
                bits = np.random.PCG64(_State(state))  # type: ignore[arg-type]
            else:
                # SeedSequence([rep, name_hash(key), root]), its entropy given as the words
                # it would make of that list (about twice as fast, the same numbers)
                words = np.array(
                    self._rep_words + _name_words(key) + self._root_words, dtype=np.uint32
                )
                bits = _pcg64(np.random.SeedSequence(words))
                met = _MET[self.domain]
                if len(met) < _MET_MAX:
                    met[key] = None
            gen = self._cache[name] = np.random.Generator(bits)
        return gen

    def durations(self, step: str) -> np.random.Generator:
        """A step's work durations."""
        return self.named(f"durations/step:{step}")

    def travel(self, team: str) -> np.random.Generator:
        """A team's travel times."""
        return self.named(f"travel/team:{team}")

    def failures(self, resource: str, index: int) -> np.random.Generator:
        """One unit's pre-use checks (SCBA set, detector, ...)."""
        return self.named(f"failures/unit:{resource}#{index}")

    def readings(self, owner: str) -> np.random.Generator:
        """The indication errors of the gas tests of one owner (``step:ID``, ``actor:ID``)."""
        return self.named(f"readings/{owner}")

    def delays(self, owner: str) -> np.random.Generator:
        """Delays of one owner: ``team:ID`` (call-in, mobilisation), ``org:ID``,
        ``level:ID``, ``report:ID``, ``person:ID``."""
        return self.named(f"delays/{owner}")
