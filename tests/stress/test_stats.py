"""Statistics of replications against hand checks and published worked examples."""

from __future__ import annotations

import pytest

from sim.stats import ReplicationRule, Tally, holm, look_ahead, t_quantile, wilson


def test_the_hand_check_of_the_issue() -> None:
    """10, 12, 11, 13, 9: mean 11, s 1.5811, 95 % half-width 1.9632 (t(0.975, 4) = 2.7764)."""
    t = Tally()
    for x in (10, 12, 11, 13, 9):
        t.add(x)
    assert t.mean == 11
    assert t.sd == pytest.approx(1.5811, abs=5e-5)
    assert t.half_width() == pytest.approx(1.9632, abs=5e-5)


def test_t_quantiles_match_the_printed_table() -> None:
    """Student's t table (e.g. Law 2015, Table T.1): t(0.975, 1) = 12.706, t(0.975, 10) =
    2.228, t(0.95, 30) = 1.697; and the normal 1.960 in the limit."""
    assert t_quantile(0.975, 1) == pytest.approx(12.706, abs=5e-4)
    assert t_quantile(0.975, 10) == pytest.approx(2.228, abs=5e-4)
    assert t_quantile(0.95, 30) == pytest.approx(1.697, abs=5e-4)
    assert t_quantile(0.975, 100_000) == pytest.approx(1.960, abs=5e-4)


def test_wilson_intervals_match_newcombe() -> None:
    """Newcombe, Stat. Med. 17 (1998) 857-872, Table I, method 3: 81/263 gives
    0.2553-0.3662; 0/10 gives 0-0.2775."""
    low, high = wilson(81, 263) or (0, 0)
    assert (low, high) == (pytest.approx(0.2553, abs=5e-5), pytest.approx(0.3662, abs=5e-5))
    low, high = wilson(0, 10) or (0, 0)
    assert (low, high) == (0.0, pytest.approx(0.2775, abs=5e-5))


def test_merging_tallies_equals_one_pass() -> None:
    values = [3.2, 7.9, 1.1, 4.4, 9.0, 2.2, 5.5]
    one, a, b = Tally(), Tally(), Tally()
    for v in values:
        one.add(v)
    for v in values[:3]:
        a.add(v)
    for v in values[3:]:
        b.add(v)
    a.merge(b)
    assert a.mean == pytest.approx(one.mean) and a.sd == pytest.approx(one.sd)
    assert a.percentile(0.5) == one.percentile(0.5) == 4.4


def test_percentiles_and_their_intervals_bracket_the_median() -> None:
    t = Tally()
    for v in range(1, 101):
        t.add(float(v))
    assert t.percentile(0.9) == 90.0
    low, high = t.percentile_interval(0.5) or (0, 0)
    assert low < 50.0 < high and high - low < 25


def test_never_happened_is_counted_apart() -> None:
    t = Tally()
    t.add(None)
    t.add(4.0)
    assert (t.n, t.missing, t.mean) == (1, 1, 4.0)


def test_holm_rejects_step_down() -> None:
    """Holm (1979): p sorted 0.01, 0.02, 0.04 against 0.05/3, 0.05/2, 0.05/1."""
    assert holm({"a": 0.01, "b": 0.02, "c": 0.04}) == {"a": True, "b": True, "c": True}
    assert holm({"a": 0.01, "b": 0.04, "c": 0.03}) == {"a": True, "b": False, "c": False}


def test_the_replication_algorithm_waits_for_its_look_ahead() -> None:
    """Hoad, Robinson & Davies (2010): a solution stands only after kLimit more
    replications within the precision; a bad one resets it."""
    rule = ReplicationRule(precision=0.05, k_limit=5)
    for worst in (0.2, 0.1, 0.04, 0.04, 0.06):
        rule.update(worst)
    assert rule.candidate is None
    for _ in range(5):
        rule.update(0.03)
    assert not rule.solved
    rule.update(0.03)
    assert rule.solved and rule.solution == 6
    assert look_ahead(100) == 5 and look_ahead(400) == 20


def test_the_replication_algorithm_stops_at_its_budget() -> None:
    rule = ReplicationRule(precision=0.01, budget=4)
    for _ in range(4):
        rule.update(0.5)
    assert rule.done and rule.solution is None


def test_differences_that_are_rounding_are_no_difference() -> None:
    """An arrival measured from the alarm in two revisions whose alarms differ: the same
    arrival, paired differences of a few ulps. Not 'worse, p=0': p = 1."""
    from sim.stats import paired_p_value

    noise = Tally()
    for x in (1e-15, -2e-15, 0.0, 3e-15, 1e-15):
        noise.add(x)
    assert paired_p_value(noise) == 1.0
    constant = Tally()
    for _ in range(5):
        constant.add(2.0)
    assert paired_p_value(constant) == 0.0


def test_a_value_half_a_step_between_two_bins_reads_as_its_printed_mean() -> None:
    """Percentiles are kept to 0.01: a constant 0.025 reads 0.03, as its mean prints, not
    0.02 (round() takes half a step to the even bin)."""
    tally = Tally()
    for _ in range(10):
        tally.add(0.025)
    assert f"{tally.mean:.2f}" == "0.03"
    assert tally.percentile(0.5) == tally.percentile(0.9) == 0.03
