"""Fire (119) and EMS (120) called late while a person is down.

The bundled plan calls 120 from the control room at the alarm, but 119 only at level I,
whose trigger is 30 minutes on the clock: with Wang down in H2S since T+4:29, seed 1
calls the fire brigade at T+36:07. The cold store calls both only at level I (T+45).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring import findings, score
from sim import Loaded, load, simulate
from sim.plan import Plan, Step
from tests.scoring import rule

AMMONIA = Path(__file__).parents[1] / "data" / "ammonia-cold-store.yaml"


@pytest.fixture(scope="module")
def ammonia() -> Loaded:
    return load(AMMONIA)


def calling_at_the_alarm(plan: Plan, *orgs: str) -> Plan:
    steps = [
        Step.model_validate(
            {
                "id": f"call_{org}",
                "name": "拨打急救和消防电话",
                "owner": plan.duty_officer,
                "duration": 0.5,
                "location": "duty_room",
                "effects": [{"notify": org}],
            }
        )
        for org in orgs
    ]
    return plan.model_copy(update={"steps": [*steps, *plan.steps]})


def test_119_called_only_at_level_i_with_wang_down(poisoning: Loaded) -> None:
    log = simulate(poisoning.scenario, poisoning.plan, 1)
    [f] = rule(findings(log, poisoning.scenario, poisoning.plan), "dynamic.outside_called_late")
    assert f.data["organisation"] == "fire119" and f.data["by"] == "level:level_i"
    assert f.data["known_min"] == 5.0 and f.data["called_min"] == pytest.approx(36.12, abs=0.01)
    # Wang was still in the room when the call was due (T+10:00; out at T+11:46)
    assert f.severity == "整改项" and f.objective == "support"
    assert f.refs[0].path == "levels[2].notifies" and f.refs[0].id == "level_i"
    assert f.title.zh == "有人倒地，报警后 31.1 分钟才通知“园区消防救援站”"
    assert "由“一级响应（请求社会救援）”通知" in f.evidence.zh and "应在 5 分钟内" in f.evidence.zh
    assert "在报警的同时拨打 119、120，不要等到启动高级别响应" in f.recommendation.zh
    assert "《生产安全事故应急条例》第十七条" in f.recommendation.zh
    assert f.title.en == (
        "With a person down, 'Industrial-park fire and rescue station' was called only "
        "31.1 min after the alarm"
    )
    assert "call 119 and 120 at the alarm without waiting for a higher level" in (
        f.recommendation.en
    )


def test_120_called_from_the_control_room_at_the_alarm_is_timely(poisoning: Loaded) -> None:
    log = simulate(poisoning.scenario, poisoning.plan, 1)
    found = rule(findings(log, poisoning.scenario, poisoning.plan), "dynamic.outside_called_late")
    assert [f.data["organisation"] for f in found] == ["fire119"]


def test_119_notified_at_level_ii_is_timely(poisoning: Loaded) -> None:
    levels = [
        lv.model_copy(update={"notifies": [*lv.notifies, "fire119"]}) if lv.id == "level_ii" else lv
        for lv in poisoning.plan.levels
    ]
    plan = poisoning.plan.model_copy(update={"levels": levels})
    log = simulate(poisoning.scenario, plan, 1)
    assert rule(findings(log, poisoning.scenario, plan), "dynamic.outside_called_late") == []


def test_the_cold_store_calls_120_and_119_half_an_hour_late(ammonia: Loaded) -> None:
    log = simulate(ammonia.scenario, ammonia.plan, 1)
    found = rule(findings(log, ammonia.scenario, ammonia.plan), "dynamic.outside_called_late")
    assert [(f.data["organisation"], f.severity) for f in found] == [
        ("ems120", "整改项"),
        ("fire119", "整改项"),
    ]
    assert found[0].title.zh == "有人倒地，报警后 31.0 分钟才通知“镇120急救站”"
    assert "值班制冷工刘某于 T+0:12:03 在“氨制冷机房”倒地，T+0:16:00 报警" in found[0].evidence.zh
    assert found[1].title.en == (
        "With a person down, 'Town fire and rescue station' was called only 31.0 min after "
        "the alarm"
    )
    # one root cause, one finding: the late hand-over to EMS is the late call's doing
    card = score(log, ammonia.scenario, ammonia.plan, seed=1)
    [ems] = [f for f in card.findings if f.data.get("organisation") == "ems120"]
    assert any("移交120" in c.zh for c in ems.consequences)
    assert not [f for f in card.findings if f.data.get("kpi") == "casualty_handed_to_ems"]


def test_calling_both_at_the_alarm_raises_nothing(ammonia: Loaded) -> None:
    plan = calling_at_the_alarm(ammonia.plan, "ems120", "fire119")
    log = simulate(ammonia.scenario, plan, 1)
    assert rule(findings(log, ammonia.scenario, plan), "dynamic.outside_called_late") == []
