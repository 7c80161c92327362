"""Ending the response (应急结束) only when the conditions hold, for every kind of hazard:
sources stopped (a room leak, an outdoor release, a pipeline fed and burning), no place
above AEGL-2, IDLH or the pain flux, nobody down, in bad air or still on the way out."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring import findings, kpis
from sim import Loaded, load, simulate
from sim.events import EventLog
from tests.scoring import Log, one, rule

AMMONIA = Path(__file__).parents[1] / "data" / "ammonia-cold-store.yaml"


@pytest.fixture(scope="module")
def ammonia() -> Loaded:
    return load(AMMONIA)


def terminated(loaded: Loaded, log: EventLog) -> tuple[str, str]:
    k = one(kpis(log, loaded.scenario, loaded.plan), "response_terminated")
    assert k.status == "criteria_not_met" and k.note is not None
    return k.note.zh, k.note.en


@pytest.mark.parametrize("name", ["poisoning", "pipeline", "waterworks"])
def test_the_bundled_plans_end_the_response_when_the_criteria_hold(
    name: str, request: pytest.FixtureRequest
) -> None:
    loaded: Loaded = request.getfixturevalue(name)
    log = simulate(loaded.scenario, loaded.plan, 1)
    k = one(kpis(log, loaded.scenario, loaded.plan), "response_terminated")
    assert k.status == "met", k.note


def test_a_man_still_standing_in_the_gas_is_not_the_end(poisoning: Loaded) -> None:
    log = Log(alarm=1.0).add(3.0, "response_terminated", actor="management", step="terminate")
    zh, en = terminated(poisoning, log.end(3))
    assert "“尾气管线法兰泄漏（含硫化氢）”仍在泄漏" in zh
    assert "王某仍在“尾气发电机房”" in zh and "“尾气发电机房”浓度" in zh
    assert "Wang (operator on patrol) still in 'Tail-gas generator room'" in en
    assert "above IDLH" in en


def test_evacuees_still_walking_are_not_counted(poisoning: Loaded) -> None:
    log = (
        Log(alarm=1.0)
        .add(2.0, "evacuation_started", actor="security", step="evacuate_workshop",
             location="oxidation_workshop", to="assembly_point", people=5,
             route=["oxidation_workshop", "assembly_point"], minutes=3.0)
        .add(3.0, "response_terminated", actor="management", step="terminate")
    )  # fmt: skip
    zh, en = terminated(poisoning, log.end(3))
    assert "氧化车间当班人员仍在撤离途中，未清点" in zh
    assert "“紧急集合点清点人数”未完成" in zh
    assert "Oxidation workshop shift crew still on the way out, not counted" in en


def pipeline_log(stopped: float | None, end: float) -> EventLog:
    log = EventLog()
    log.append(0.0, "accident", actor="eastern_line_rupture", location="rupture_site")
    log.append(1.0, "alarm", actor="inject:scada_pressure_drop")
    if stopped is not None:
        log.append(stopped, "release_stopped", actor="x", step="isolate_segment",
                   location="valve_1", hazard="eastern_line_rupture")  # fmt: skip
    log.append(end, "response_terminated", actor="y", step="terminate")
    log.append(end, "end", horizon=480.0, reason="terminated")
    return log


def test_a_pipeline_fire_still_fed_or_still_burning_is_not_the_end(pipeline: Loaded) -> None:
    zh, en = terminated(pipeline, pipeline_log(None, 20.0))
    assert "“东线输气管道全断面断裂着火”上下游阀门未关断" in zh
    assert "'Eastern Line full-bore rupture, ignited' still fed: valves not shut" in en
    assert "热辐射" in zh and "above the pain threshold" in en
    # valves shut at T+10, but the line pack still burns two minutes later
    zh, en = terminated(pipeline, pipeline_log(10.0, 12.0))
    assert "“东线输气管道全断面断裂着火”仍在燃烧" in zh
    assert "'Eastern Line full-bore rupture, ignited' still burning" in en
    assert "上下游阀门未关断" not in zh


def test_a_pipeline_burnt_out_after_its_valves_shut_can_end(pipeline: Loaded) -> None:
    log = pipeline_log(10.0, 120.0)
    k = one(kpis(log, pipeline.scenario, pipeline.plan), "response_terminated")
    note = k.note.zh if k.note else ""  # the synthetic log has none of the plan's steps
    assert "仍在燃烧" not in note and "阀门未关断" not in note and "热辐射" not in note


def test_the_cold_store_ended_before_the_engine_room_was_safe(ammonia: Loaded) -> None:
    """The commander ends the response five minutes after Liu is out: the valve was shut
    just before, but the room is still far above IDLH (300 ppm) and Liu has not been
    handed to 120."""
    steps = [
        s.model_copy(update={"after": ["rescue"], "when": None}) if s.id == "terminate" else s
        for s in ammonia.plan.steps
    ]
    plan = ammonia.plan.model_copy(update={"steps": steps})
    log = simulate(ammonia.scenario, plan, 1)
    [f] = rule(findings(log, ammonia.scenario, plan), "dynamic.terminated_early")
    assert f.severity == "不足项"
    assert "仍在泄漏" not in f.evidence.zh
    assert "“氨制冷机房”浓度" in f.evidence.zh and "超过 IDLH" in f.evidence.zh
    assert "值班制冷工刘某未移交120" in f.evidence.zh
    assert "'Ammonia engine room' at" in f.evidence.en
    assert "Liu, refrigeration operator on duty not yet handed to EMS" in f.evidence.en
    assert "火焰熄灭" in f.recommendation.zh and "GB/T 29639-2020" in f.recommendation.zh
    assert "every evacuee counted" in f.recommendation.en


def test_the_cold_store_plan_as_written_ends_when_the_room_is_clear(ammonia: Loaded) -> None:
    log = simulate(ammonia.scenario, ammonia.plan, 1)
    k = one(kpis(log, ammonia.scenario, ammonia.plan), "response_terminated")
    assert k.status == "met"
    assert rule(findings(log, ammonia.scenario, ammonia.plan), "dynamic.terminated_early") == []


def test_a_chlorine_container_still_emptying_is_not_the_end(waterworks: Loaded) -> None:
    log = EventLog()
    log.append(0.0, "accident", actor="container_leak", location="container_bay")
    log.append(0.5, "alarm", actor="inject:valve_fails")
    log.append(4.0, "response_terminated", actor="y", step="terminate")
    log.append(4.0, "end", horizon=240.0, reason="terminated")
    zh, en = terminated(waterworks, log)
    assert "“1 t液氯钢瓶液相阀阀杆密封失效”仍在泄漏" in zh
    assert "'One-tonne chlorine container, liquid-valve stem seal failed' still releasing" in en
    assert "超过 AEGL-2" in zh or "超过 IDLH" in zh
