"""Blast-furnace gas leaking into a booster-fan house (tests/data/bfg-booster.yaml).

150 L/s of blast-furnace gas (CO 0.2494 by volume) into 1,200 m3 at 2 air changes/h: the gas
levels off at 0.15 / 0.8167 = 18.4 %, the CO at 45,800 ppm and the oxygen at 17.1 %. CO
reaches 12,800 ppm, where a person goes down within a few breaths and stops breathing
(Goldstein 2008), when the whole gas reaches 12,800 / 0.2494 = 51,330 ppm: after
-1469 s ln(1 - 51,330 / 183,670) = 482 s. The operator on patrol, who does not notice the
odourless gas, goes down then unless the plan answers the detector's alarm.

Revision 2026-A clears the fan house on the CO alarm; revision 2026-B waits until someone
is found on the floor, forbids nobody to go in and keeps all SCBA at the rescue station.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from scoring.check import check_plan
from scoring.gaps import findings
from scoring.kpi import kpis
from sim import Loaded, load, simulate
from sim.events import EventLog
from sim.hazards import HazardField
from sim.physics.mixture import typical_fraction
from tests.scoring import one, rule
from tui.cli import main

DATA = Path(__file__).parent.parent / "data"
SCENARIO = DATA / "bfg-booster.yaml"
FLAWED = DATA / "bfg-booster-plan-flawed.yaml"
SHARE = typical_fraction("blast_furnace_gas", "CO") or 0.0
TAU_S = 1200 / (1200 * 2 / 3600 + 0.150)
WHOLE_PPM = 0.150 / (1200 * 2 / 3600 + 0.150) * 1e6


@pytest.fixture(scope="module")
def good() -> Loaded:
    return load(SCENARIO)


@pytest.fixture(scope="module")
def flawed() -> Loaded:
    return load(SCENARIO, FLAWED)


@pytest.fixture(scope="module")
def flawed_run(flawed: Loaded) -> EventLog:
    return simulate(flawed.scenario, flawed.plan, 1)


def test_the_fan_house_fills_with_the_co_share_of_the_gas(good: Loaded) -> None:
    field = HazardField.from_scenario(good.scenario)
    field.start("seal_leak", 0.0)
    assert pytest.approx(183_670, abs=10) == WHOLE_PPM
    assert pytest.approx(45_800, abs=10) == SHARE * WHOLE_PPM
    hour = 1 - math.exp(-3600 / TAU_S)
    assert field.concentration_ppm("fan_house", 60.0) == pytest.approx(SHARE * WHOLE_PPM * hour)
    assert field.oxygen_percent("fan_house", 60.0) == pytest.approx(
        20.9 * (1 - WHOLE_PPM * hour / 1e6), rel=1e-9
    )
    assert field.oxygen_percent("fan_house", 600.0) == pytest.approx(17.06, abs=0.01)


def test_the_patrolling_operator_goes_down_when_the_co_reaches_12800_ppm(
    flawed_run: EventLog,
) -> None:
    reached_s = -TAU_S * math.log(1 - 12_800 / SHARE / WHOLE_PPM)
    assert reached_s == pytest.approx(482, abs=1)
    down = flawed_run.first("person", actor="wang")
    assert down is not None and down.details["state"] == "collapsed"
    assert down.details["substance"] == "CO" and down.details["breathing"] is False
    # the 12,800 ppm level acts within 15 s (sim/data/incapacitation.yaml)
    assert down.t * 60 == pytest.approx(reached_s + 15, abs=1)
    # the oxygen he breathed is what all the gas left, not what the CO alone would
    assert down.details["oxygen_percent"] == pytest.approx(
        20.9 * (1 - down.details["ppm"] / SHARE / 1e6), abs=0.01
    )


def test_revision_a_clears_the_fan_house_on_the_co_alarm(good: Loaded) -> None:
    log = simulate(good.scenario, good.plan, 1)
    assert log.first("person", actor="wang", state="collapsed") is None
    assert log.first("evacuated") is not None
    assert log.first("alarm").t < 1.0  # type: ignore[union-attr]
    found = findings(log, good.scenario, good.plan)
    assert rule(found, "dynamic.unprotected_entry") == []
    assert rule(found, "dynamic.early_warning_unanswered") == []
    # Wang walks out through the door as the CO passes its IDLH: seconds, not "0.0 min"
    [exposed] = rule(found, "dynamic.person_exposed")
    assert "超过 IDLH 2 秒" in exposed.evidence.zh and "0.0 分钟" not in exposed.evidence.zh
    assert "above IDLH 2 s" in exposed.evidence.en


def test_revision_b_loses_both_operators(flawed: Loaded, flawed_run: EventLog) -> None:
    """Li goes in after Wang at T+9 with nobody forbidding it and goes down in seconds."""
    li = flawed_run.first("person", actor="li")
    assert li is not None and li.details["state"] == "collapsed"
    found = findings(flawed_run, flawed.scenario, flawed.plan)
    assert rule(found, "dynamic.unprotected_entry")
    assert rule(found, "dynamic.early_warning_unanswered")
    deaths = one(kpis(flawed_run, flawed.scenario, flawed.plan), "expected_fatalities")
    assert deaths.value == pytest.approx(2.0, abs=0.01)
    unprotected = one(kpis(flawed_run, flawed.scenario, flawed.plan), "responders_unprotected")
    assert unprotected.note is not None and unprotected.note.zh == "李某"


def test_sets_kept_at_the_rescue_squads_own_station_are_not_stored_too_far(
    good: Loaded, flawed: Loaded
) -> None:
    """The gas rescue squad draws its SCBA at its own station: the station is 5 min away,
    which is the squad's arrival time, not a store too far from it. The shift leader who
    must fetch a set there (revision B keeps none in the control room) is another matter."""
    assert rule(check_plan(good.plan, good.scenario), "static.ba_out_of_reach") == []
    [far] = rule(check_plan(flawed.plan, flawed.scenario), "static.ba_out_of_reach")
    assert far.data["step"] == "close_valve" and far.data["team"] == "station_lead"


def test_the_user_drives_the_scenario_through_the_command_line(tmp_path: Path) -> None:
    runner = CliRunner()

    def call(*args: str) -> str:
        result = runner.invoke(main, list(args))
        assert result.exit_code == 0, result.stderr
        return result.stdout

    assert "通过" in call("validate", str(SCENARIO), str(FLAWED))
    zh = call("run", str(SCENARIO), "--plan", str(FLAWED), "--out", str(tmp_path / "zh"))
    assert "王某 倒地" in zh and "未佩戴呼吸器暴露的救援人员（超标）：李某" in zh
    en = call(
        "run", str(SCENARIO), "--plan", str(FLAWED), "--out", str(tmp_path / "en"), "--lang", "en"
    )
    assert "Li (co-worker) entered Booster-fan house WITHOUT SCBA" in en
    assert "1 person, at least 1" in en and "1 people" not in en
    out = call(
        "compare",
        str(SCENARIO),
        "--plan",
        str(SCENARIO.with_name("bfg-booster-plan.yaml")),
        "--plan",
        str(FLAWED),
        "-n",
        "8",
        "--workers",
        "1",
        "--out",
        str(tmp_path / "compare"),
        "--lang",
        "en",
    )
    assert "(2026-A)" in out and "(2026-B)" in out
    # the revisions share the scene's arrival times: no difference is reported for them
    assert "First responders at the scene: +0.000" not in out
    assert "Expected fatalities (probits): +2.000 (worse" in out
    report = call("report", str(tmp_path / "zh"), "--format", "md", "--out", str(tmp_path / "r"))
    assert report
    text = (tmp_path / "r" / "evaluation.zh.md").read_text(encoding="utf-8")
    assert "未佩戴呼吸器暴露的救援人员（超标）：李某" in text
    assert "超时（不评分）" in text and "超时 （不评分）" not in text
