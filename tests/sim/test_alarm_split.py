"""Exposure is split at the alarm: before it is the accident, after it the response."""

from __future__ import annotations

import pytest

from sim import Loaded, simulate


def test_an_exposure_straddling_the_alarm_gives_the_share_after_it(poisoning: Loaded) -> None:
    # a slower leak (1.5 L/s) keeps Wang breathing past the alarm at T+5
    leak = poisoning.scenario.hazards[0].model_copy(update={"leak_l_s": 1.5})
    scenario = poisoning.scenario.model_copy(update={"hazards": [leak]})
    log = simulate(scenario, poisoning.plan, seed=1)
    alarm = log.first("alarm")
    wang = log.first("exposure", actor="wang")
    assert alarm is not None and wang is not None
    d = wang.details
    begin = wang.t - d["minutes"]
    assert begin < alarm.t < wang.t
    after_min = wang.t - alarm.t
    assert 0 < d["toxic_load_after_alarm"] < d["toxic_load"]
    assert d["above_idlh_after_alarm_min"] <= min(d["above_idlh_min"], after_min) + 1e-3
    # the room only fills: everything after the alarm was above IDLH already
    assert d["above_idlh_after_alarm_min"] == pytest.approx(after_min, abs=0.05)


def test_exposures_wholly_after_the_alarm_carry_no_split(poisoning: Loaded) -> None:
    log = simulate(poisoning.scenario, poisoning.plan, seed=1)
    alarm = log.first("alarm")
    assert alarm is not None
    for e in log.of_kind("exposure"):
        if e.t - e.details["minutes"] >= alarm.t:
            assert "toxic_load_after_alarm" not in e.details
