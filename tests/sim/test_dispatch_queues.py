"""Many alike claims at once: granted in the documented order, each one logged.

The speed of 2,000 dispatches at one instant is measured by
``bench/same_instant.py``; these tests check what they do.
"""

from __future__ import annotations

import simpy
from hypothesis import given, settings
from hypothesis import strategies as st

from sim import Loaded, simulate
from sim.decisions import Dispatch, DispatchArgs
from sim.dispatch import Claim, Dispatcher, Member

TEAM_SIZE = 3

operations = st.lists(
    st.one_of(
        st.tuples(
            st.just("request"),
            st.sampled_from(["dispatch:crew", "step_a", "step_b"]),
            st.integers(1, TEAM_SIZE),
            st.integers(1, 3),
        ),
        st.tuples(st.just("release"), st.integers(0, 1000)),
        st.tuples(st.just("cancel"), st.integers(0, 1000)),
    ),
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(operations)
def test_claims_are_granted_by_priority_then_arrival_whenever_crew_is_free(
    ops: list[tuple[object, ...]],
) -> None:
    """Against the rule written out directly: after every change, scan all waiting
    claims by (priority, arrival) and grant each one the free crew covers."""
    env = simpy.Environment()
    d = Dispatcher(env)
    for i in range(TEAM_SIZE):
        d.add_member(Member("crew", i, "base", available=True))
    waiting: list[tuple[int, int, Claim]] = []  # the reference: (priority, arrival, claim)
    held: list[Claim] = []
    free = TEAM_SIZE
    arrival = 0

    def grant_by_the_rule() -> None:
        nonlocal free
        for entry in sorted(waiting, key=lambda e: (e[0], e[1])):
            if entry[2].crew <= free:
                free -= entry[2].crew
                waiting.remove(entry)
                held.append(entry[2])

    for op in ops:
        if op[0] == "request":
            _, key, crew, priority = op
            claim = d.request(key, ["crew"], crew, frozenset(), [], priority=priority)
            waiting.append((priority, arrival, claim))
            arrival += 1
        elif op[0] == "release" and held:
            claim = held.pop(op[1] % len(held))
            free += claim.crew
            d.release(claim)
        elif op[0] == "cancel" and waiting:
            entry = waiting.pop(op[1] % len(waiting))
            d.cancel(entry[2])
        grant_by_the_rule()
        assert all(c.event.triggered for c in held)
        assert not any(c.event.triggered for _, _, c in waiting)
        assert [c for _, _, c in sorted(waiting, key=lambda e: (e[0], e[1]))] == d.pending
        assert sum(len(c.members) for c in held) == TEAM_SIZE - free


def test_a_team_sent_many_times_at_one_instant_goes_once_per_order_in_journal_order(
    poisoning: Loaded,
) -> None:
    """300 identical orders at t = 5 min: each is logged as a decision and the team
    answers each in turn (between plan steps it is also called to), none is dropped."""
    n = 300
    orders = [
        Dispatch(t=5.0, command="dispatch", args=DispatchArgs(team="mini_fire_team", to=to))
        for to in ["plant_gate"] * n
    ]
    log = simulate(poisoning.scenario, poisoning.plan, 1, orders)
    team = [e for e in log.events if e.actor == "mini_fire_team"]
    decisions = [e for e in log.of_kind("decision") if e.details["command"] == "dispatch"]
    arrived = [e for e in team if e.kind == "team_arrived" and e.location == "plant_gate"]
    departed = [e for e in team if e.kind == "team_departed" and e.details["to"] == "plant_gate"]
    assert len(decisions) == n
    assert len(arrived) == n
    # an order given while the team stands at the gate costs no trip
    assert 1 <= len(departed) < n
    again = simulate(poisoning.scenario, poisoning.plan, 1, orders)
    assert again.to_jsonl() == log.to_jsonl()
