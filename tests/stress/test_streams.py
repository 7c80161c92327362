"""Random streams keyed by names: common random numbers survive plan revisions."""

from __future__ import annotations

import numpy as np

from sim import Loaded, simulate
from sim.events import EventLog
from sim.plan import Step
from sim.streams import Streams, name_hash


def test_a_stream_depends_on_its_name_only_not_on_the_order_of_use() -> None:
    a, b = Streams(11, rep=3), Streams(11, rep=3)
    b.durations("other_step").random(5)
    assert a.durations("isolate_leak").random(4).tolist() == (
        b.durations("isolate_leak").random(4).tolist()
    )


def test_replications_roots_and_names_give_distinct_streams() -> None:
    first = Streams(11, rep=0).durations("x").random()
    assert first != Streams(11, rep=1).durations("x").random()
    assert first != Streams(12, rep=0).durations("x").random()
    assert first != Streams(11, rep=0).durations("y").random()
    assert first != Streams(11, rep=0, domain="fork@20.0").durations("x").random()


def test_the_name_hash_is_stable_across_machines() -> None:
    """The first 8 bytes, little-endian, of SHA-256: the same on every Python and platform
    (unlike ``hash()``). SHA-256 of the empty string begins e3 b0 c4 42 98 fc 1c 14."""
    assert name_hash("") == 0x141CFC9842C4B0E3


def drawn(log: EventLog) -> dict[str, tuple[float, float | None]]:
    """Each step's first work duration and its crew's travel time to it."""
    out: dict[str, tuple[float, float | None]] = {}
    for e in log.of_kind("step_working"):
        if e.step is not None and e.step not in out:
            travel = next(
                (d.details["minutes"] for d in log.of_kind("team_departed") if d.step == e.step),
                None,
            )
            out[e.step] = (e.details["duration_min"], travel)
    return out


def test_adding_a_step_leaves_every_other_steps_draws_unchanged(poisoning: Loaded) -> None:
    extra = Step.model_validate(
        {
            "id": "photograph_scene",
            "name": "现场拍照取证",
            "owner": "shift_leader",
            "after": ["forbid_blind_rescue"],
            "duration": {"kind": "triangular", "low": 1, "mode": 2, "high": 4},
            "location": "central_control_room",
        }
    )
    revised = poisoning.plan.model_copy(update={"steps": [extra, *poisoning.plan.steps]})
    for seed in (1, 2, 3):
        before = drawn(simulate(poisoning.scenario, poisoning.plan, seed))
        after = drawn(simulate(poisoning.scenario, revised, seed))
        assert "photograph_scene" in after
        assert {k: v for k, v in after.items() if k != "photograph_scene"} == before


def test_a_stream_is_the_generator_of_seedsequence_rep_name_hash_root() -> None:
    """The entropy is handed to ``SeedSequence`` as uint32 words for speed; the numbers are
    those of ``SeedSequence([rep, name_hash(name), root])``, large and zero seeds included."""
    for root, rep in ((0, 0), (1, 7), (2**32, 3), (2**40 + 5, 2**33 + 1), (12345, 0)):
        for domain in ("", "fork@20.0"):
            name = "durations/step:isolate_leak"
            key = f"{domain}\u0000{name}" if domain else name
            seq = np.random.SeedSequence([rep, name_hash(key), root])
            expected = np.random.Generator(np.random.PCG64(seq)).random(4).tolist()
            assert Streams(root, rep, domain).named(name).random(4).tolist() == expected


def test_the_state_words_are_those_seedsequence_generates() -> None:
    from sim.streams import _pcg64

    rng = np.random.default_rng(5)
    for _ in range(300):
        entropy = rng.integers(0, 2**32, size=int(rng.integers(1, 8)), dtype=np.uint64)
        seq = np.random.SeedSequence(entropy.astype(np.uint32))
        assert _pcg64(seq).state == np.random.PCG64(seq).state


def test_streams_seeded_ahead_are_those_seeded_one_by_one() -> None:
    """Streams met before are seeded all at once on a new ``Streams``'s first use: the
    same generators as ``SeedSequence([rep, name_hash(name), root])`` each."""
    names = [f"durations/step:s{i}" for i in range(40)] + ["travel/team:x", "delays/org:y"]
    for root, rep in ((0, 0), (1, 7), (2**32, 3), (2**40 + 5, 2**33 + 1)):
        for domain in ("", "fork@20.0"):
            first = Streams(root, rep, domain)
            for name in names:
                first.named(name)
            again = Streams(root, rep + 1, domain)
            assert again._ahead is None
            for name in names:
                key = f"{domain}\u0000{name}" if domain else name
                seq = np.random.SeedSequence([rep + 1, name_hash(key), root])
                expected = np.random.Generator(np.random.PCG64(seq)).random(3).tolist()
                assert again.named(name).random(3).tolist() == expected
            assert again._ahead is not None and len(again._ahead) >= len(names)
