"""A live drill's event log is the batch run of its journal, byte for byte."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scoring.names import Names
from sim import load, simulate
from sim.errors import InputError
from sim.runner import branch
from tui.console.board import LEVEL_NAMES, places_at
from tui.console.branching import rewind, run_branch
from tui.console.clock import DrillClock
from tui.console.drill import Drill, open_drill
from tui.inputs import plan_rules

ROOT = Path(__file__).resolve().parents[2]
POISONING = ROOT / "scenarios" / "poisoning.yaml"
PIPELINE = ROOT / "scenarios" / "pipeline.yaml"


def batch_events(drill: Drill, tmp_path: Path) -> str:
    out = tmp_path / "batch"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "tui.cli",
            "run",
            str(drill.journal.header.scenario),
            "--plan",
            str(drill.journal.header.plan),
            "--seed",
            str(drill.seed),
            "--decisions",
            str(drill.journal.path),
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    return (out / "events.jsonl").read_text(encoding="utf-8")


class FakeTime:
    def __init__(self) -> None:
        self.s = 0.0

    def __call__(self) -> float:
        return self.s


def scripted(drill: Drill, script: list[tuple[float, str, dict[str, str]]]) -> None:
    """Play a facilitator's session: the clock runs at 60x, decisions at wall times."""
    wall = FakeTime()
    clock = DrillClock(wall, speed=60, running=True)
    for seconds, command, args in script:
        wall.s = seconds
        drill.take(drill.make(command, args, clock.now(), by="值班长"))


POISONING_SESSION = [
    (2.5, "forbid_entry", {"location": "generator_room"}),
    (3.0, "notify", {"organisation": "ems120"}),
    (4.25, "dispatch", {"team": "ems_crew", "to": "safe_area"}),
    (6.1, "declare_level", {"level": "level_i"}),
    (6.1, "note", {"text": "指挥部要求每5分钟报告一次浓度"}),
]
PIPELINE_SESSION = [
    (3.0, "note", {"text": "Residents call about a roar and a flame"}),
    (7.5, "declare_level", {"level": "level_i"}),
    (12.0, "close_valve", {"hazard": "rupture"}),
]


def test_live_poisoning_session_equals_the_batch_replay_of_its_journal(tmp_path: Path) -> None:
    drill = open_drill(POISONING, None, 1, folder=tmp_path / "drill")
    scripted(drill, POISONING_SESSION)
    assert len(drill.journal.path.read_text(encoding="utf-8").splitlines()) == 5
    assert drill.log.to_jsonl() == batch_events(drill, tmp_path)


def test_live_pipeline_session_equals_the_batch_replay_of_its_journal(tmp_path: Path) -> None:
    drill = open_drill(PIPELINE, None, 1, folder=tmp_path / "drill")
    hazards = [h.id for h in drill.loaded.scenario.hazards]
    session = [
        (s, c, {"hazard": hazards[0]} if c == "close_valve" else a) for s, c, a in PIPELINE_SESSION
    ]
    levels = sorted(drill.loaded.plan.levels, key=lambda lv: lv.rank)
    session[1] = (7.5, "declare_level", {"level": levels[-1].id})
    scripted(drill, session)
    assert drill.log.to_jsonl() == batch_events(drill, tmp_path)


def test_a_decision_changes_nothing_before_its_instant(tmp_path: Path) -> None:
    drill = open_drill(POISONING, None, 1, folder=tmp_path / "drill")
    before = [e.to_json() for e in drill.visible(4.0)]
    drill.take(drill.make("forbid_entry", {"location": "generator_room"}, 4.0))
    assert [e.to_json() for e in drill.visible(4.0)][: len(before)] == before
    assert drill.log.first("entry_forbidden").t == 4.0


def test_resume_restores_the_same_event_log(tmp_path: Path) -> None:
    drill = open_drill(POISONING, None, 1, folder=tmp_path / "drill")
    scripted(drill, POISONING_SESSION[:3])
    again = open_drill(None, None, 0, resume=drill.journal.path)
    assert again.seed == 1
    assert again.log.to_jsonl() == drill.log.to_jsonl()


def test_a_torn_last_journal_line_is_dropped_on_resume(tmp_path: Path) -> None:
    drill = open_drill(POISONING, None, 1, folder=tmp_path / "drill")
    scripted(drill, POISONING_SESSION[:2])
    with drill.journal.path.open("a", encoding="utf-8") as fh:
        fh.write('{"t":5.0,"command":"notify","args":{"organ')
    again = open_drill(None, None, 0, resume=drill.journal.path)
    assert again.journal.torn
    assert len(again.decisions) == 2
    assert again.log.to_jsonl() == drill.log.to_jsonl()


@pytest.mark.parametrize(
    ("command", "args"),
    [
        ("declare_level", {"level": "level_iii"}),  # the plan declares it at T+6:11
        ("forbid_entry", {"location": "nowhere"}),
        ("dispatch", {"team": "ems_crew"}),
        ("note", {"text": "   "}),
        ("open_window", {}),
    ],
)
def test_a_decision_not_possible_now_is_refused_and_not_journaled(
    tmp_path: Path, command: str, args: dict[str, str]
) -> None:
    drill = open_drill(POISONING, None, 1, folder=tmp_path / "drill")
    with pytest.raises(InputError):
        drill.make(command, args, 10.0)
    assert drill.journal.path.read_text(encoding="utf-8") == ""


def test_a_level_already_declared_is_not_offered(tmp_path: Path) -> None:
    drill = open_drill(POISONING, None, 1, folder=tmp_path / "drill")
    early = {o.value for o in drill.options(1.0)["declare_level"]["level"]}
    later = {o.value for o in drill.options(11.0)["declare_level"]["level"]}
    assert "level_iii" in early
    assert "level_iii" not in later and "level_ii" not in later


def test_notify_offers_outside_organisations_not_the_plans_own_unit(tmp_path: Path) -> None:
    drill = open_drill(POISONING, None, 1, folder=tmp_path / "drill")
    offered = {o.value for o in drill.options(1.0)["notify"]["organisation"]}
    plan = drill.loaded.plan
    assert plan.unit not in offered
    assert offered and offered < {o.id for o in plan.organisations}


def test_a_report_already_sent_is_not_offered(tmp_path: Path) -> None:
    drill = open_drill(POISONING, None, 1, folder=tmp_path / "drill")
    early = {o.value for o in drill.options(1.0)["report"]["link"]}
    later = {o.value for o in drill.options(20.0)["report"]["link"]}
    assert {"to_duty_officer", "to_unit_head", "to_county"} <= early
    assert "to_duty_officer" not in later and "to_unit_head" not in later
    assert "to_county" in later  # the county hears at about T+46


def test_no_decision_after_the_drill_has_ended(tmp_path: Path) -> None:
    drill = open_drill(POISONING, None, 1, folder=tmp_path / "drill")
    with pytest.raises(InputError, match="ended"):
        drill.make("note", {"text": "late"}, drill.end_t + 1)


def test_a_second_drill_in_the_same_folder_is_refused(tmp_path: Path) -> None:
    open_drill(POISONING, None, 1, folder=tmp_path / "drill")
    with pytest.raises(InputError, match="resume"):
        open_drill(POISONING, None, 1, folder=tmp_path / "drill")


def test_pause_does_not_delay_an_inject_due_at_t_plus_5() -> None:
    wall = FakeTime()
    clock = DrillClock(wall, running=True, speed=60)
    wall.s = 2.0  # T+2
    clock.pause()
    wall.s = 600.0  # ten minutes of discussion
    assert clock.now() == pytest.approx(2.0)
    clock.resume()
    wall.s = 603.0
    assert clock.now() == pytest.approx(5.0)


@pytest.mark.parametrize("speed", [1, 10, 60])
def test_each_speed_runs_drill_time_at_that_factor(speed: int) -> None:
    wall = FakeTime()
    clock = DrillClock(wall, running=True, speed=speed)
    wall.s = 60.0
    assert clock.now() == pytest.approx(speed)


@pytest.mark.parametrize("scenario", [POISONING, PIPELINE], ids=["poisoning", "pipeline"])
def test_live_arrival_and_inject_controls_equal_the_batch_replay(
    tmp_path: Path, scenario: Path
) -> None:
    """A facilitator moves arrivals (+5, -1, arrive now) and fires and skips injects; each
    choice is one the console offers at that instant."""
    drill = open_drill(scenario, None, 1, folder=tmp_path / "drill")
    wall = FakeTime()
    clock = DrillClock(wall, speed=60, running=True)
    taken: list[str] = []
    for seconds in (1.0, 6.5, 7.0, 9.0, 12.0, 15.0, 20.0, 30.0):
        wall.s = seconds
        options = drill.options(clock.now())
        for command, extra in (
            ("move_arrival", {"minutes": 5.0}),
            ("move_arrival", {"minutes": -1.0}),
            ("arrive_now", {}),
            ("skip_inject", {}),
            ("fire_inject", {}),
        ):
            choices = next(iter(options[command].values()))
            if choices and command not in taken:
                pick = choices[0] if command == "skip_inject" else choices[-1]
                args = {next(iter(options[command])): pick.value, **extra}
                drill.take(drill.make(command, args, clock.now()))
                taken.append(command)
                options = drill.options(clock.now())
    assert set(taken) >= {"move_arrival", "fire_inject", "skip_inject"}
    assert drill.log.first("arrival_moved") is not None
    assert drill.log.to_jsonl() == batch_events(drill, tmp_path)


def test_a_branch_written_by_rewind_replays_in_batch_and_resumes(tmp_path: Path) -> None:
    drill = open_drill(POISONING, None, 1, folder=tmp_path / "drill")
    scripted(drill, POISONING_SESSION)
    r = rewind(drill, 3.5, keep_later=True)
    change = r.make("dispatch", {"team": "ems_crew", "to": "safe_area"}, "值班长")
    result = run_branch(r, change, plan_rules(drill.loaded), Names.of(None, drill.loaded.plan))
    s, p = drill.loaded.scenario, drill.loaded.plan
    expected = branch(s, p, 1, drill.decisions, 3.5, [change]).to_jsonl()
    resumed = open_drill(None, None, 0, resume=result.journal)
    assert resumed.log.to_jsonl() == expected
    assert batch_events(resumed, tmp_path) == expected


def test_the_site_board_names_a_fires_radius_as_a_fire_not_a_toxic_level() -> None:
    """Lijiazhuang, 140 m from the burning break, is inside the fire's impact radius;
    "above IDLH" there (a toxic level, no gas at all) misled the room."""
    loaded = load(ROOT / "scenarios" / "pipeline.yaml")
    events = list(simulate(loaded.scenario, loaded.plan, 1))
    early = [e for e in events if e.t <= 10.0]
    rows = {r.location: r for r in places_at(early, loaded.scenario, loaded.plan, 10.0)}
    assert rows["lijiazhuang"].level == "fire" and rows["lijiazhuang"].ppm is None
    assert LEVEL_NAMES["fire"] == ("火灾影响半径内", "in the fire's radius")
    assert all(r.level != "idlh" for r in rows.values())
