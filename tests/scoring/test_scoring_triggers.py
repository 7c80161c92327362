"""Lateness "from the trigger" counts from the moment the engine logged the trigger holding,
including zone and concentration conditions the log could not tell before."""

from __future__ import annotations

import pytest

from scoring.kpi import kpis
from sim import Loaded, simulate
from tests.scoring import Log, one


def test_a_zone_trigger_is_logged_when_it_first_holds(pipeline: Loaded) -> None:
    # level I: pressure drop confirmed AND the fire's impact zone reaches the village
    log = simulate(pipeline.scenario, pipeline.plan, seed=1)
    held = log.first("trigger_held", level="level_i")
    confirmed = log.first("step_completed", step="confirm_pressure_drop")
    assert held is not None and confirmed is not None
    assert held.t >= confirmed.t and not held.details["held_at_alarm"]
    k = one(kpis(log, pipeline.scenario, pipeline.plan), "level_declared", "level_i")
    assert k.start == "trigger" and k.start_min == held.t and k.note is None
    declared = log.first("level_declared", level="level_i")
    assert declared is not None and k.value == pytest.approx(declared.t - held.t)


def test_a_trigger_that_held_at_the_alarm_says_so(poisoning: Loaded) -> None:
    log = simulate(poisoning.scenario, poisoning.plan, seed=1)
    alarm = log.first("alarm")
    held = log.first("trigger_held", level="level_iii")
    assert alarm is not None and held is not None
    assert held.t == alarm.t and held.details["held_at_alarm"]
    k = one(kpis(log, poisoning.scenario, poisoning.plan), "level_declared", "level_iii")
    assert k.start == "trigger" and k.note is not None and "报警时" in k.note.zh


def test_an_unreadable_trigger_is_labelled_from_the_alarm(pipeline: Loaded) -> None:
    # an old log without trigger_held: the zone condition cannot be read from it
    log = (
        Log(alarm=6.0)
        .add(9.0, "step_completed", step="confirm_pressure_drop", actor="dispatchers")
        .add(20.0, "level_declared", actor="unit_head", level="level_i", rank=2)
        .end(60)
    )
    k = one(kpis(log, pipeline.scenario, pipeline.plan), "level_declared", "level_i")
    assert k.start == "alarm" and k.start_label.zh == "报警" and k.start_min == 6.0
    assert k.note is not None and "按报警时刻起算" in k.note.zh
