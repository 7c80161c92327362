"""The facilitator's controls as journaled decisions: arrivals moved, injects fired early
or skipped (FüSim's ±1/±5 min and "arrive now"; Conducttr's skip)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sim import EventLog, Loaded, branch, first_difference, parse_decisions, simulate
from sim.errors import InputError
from tui.inputs import check_run_inputs

ROOT = Path(__file__).resolve().parents[2]

# Seed 1: the county 120 ambulance leaves its station at T+10:02.7 on a 20.11-minute drive
# to the safe area (tests/golden/poisoning-seed1.events.jsonl).
EMS_LEAVES, EMS_DRIVE = 10.04448, 20.11


def run(loaded: Loaded, *lines: str) -> EventLog:
    return simulate(loaded.scenario, loaded.plan, 1, parse_decisions(list(lines)))


def ems_arrival(log: EventLog) -> float:
    e = log.first("team_arrived", actor="ems_crew", location="safe_area")
    assert e is not None
    return e.t


def test_the_ambulance_arrives_when_its_drive_says_without_a_control(poisoning: Loaded) -> None:
    assert ems_arrival(run(poisoning)) == pytest.approx(EMS_LEAVES + EMS_DRIVE, abs=1e-3)


@pytest.mark.parametrize("minutes", [5, 1, -1, -5])
def test_moving_an_arrival_shifts_it_by_exactly_those_minutes(
    poisoning: Loaded, minutes: int
) -> None:
    args = {"team": "ems_crew", "minutes": minutes}
    line = json.dumps({"t": 15.0, "command": "move_arrival", "args": args})
    log = run(poisoning, line)
    assert ems_arrival(log) == pytest.approx(EMS_LEAVES + EMS_DRIVE + minutes, abs=1e-3)
    moved = log.first("arrival_moved", actor="ems_crew")
    assert moved is not None and moved.t == 15.0
    assert moved.details["eta"] - moved.details["was"] == pytest.approx(minutes, abs=1e-3)


def test_arrive_now_puts_the_team_at_its_destination_at_that_instant(poisoning: Loaded) -> None:
    log = run(poisoning, '{"t": 15.0, "command": "arrive_now", "args": {"team": "ems_crew"}}')
    assert ems_arrival(log) == 15.0


def test_an_arrival_is_never_moved_before_now(poisoning: Loaded) -> None:
    line = '{"t": 28.0, "command": "move_arrival", "args": {"team": "ems_crew", "minutes": -5}}'
    assert ems_arrival(run(poisoning, line)) == 28.0


def test_moving_a_team_not_under_way_changes_nothing_after_its_decision(
    poisoning: Loaded,
) -> None:
    base = run(poisoning)
    log = run(poisoning, '{"t": 2.0, "command": "arrive_now", "args": {"team": "ems_crew"}}')
    assert log.first("arrival_moved") is None
    assert [e.kind for e in log if e.kind != "decision"] == [e.kind for e in base]


def test_a_called_in_team_can_be_made_to_arrive_sooner(poisoning: Loaded) -> None:
    """The off-shift management team is called in at the alarm (T+5) with a 42-minute drive."""
    base = run(poisoning).first("team_arrived", actor="management")
    line = '{"t": 10.0, "command": "move_arrival", "args": {"team": "management", "minutes": -5}}'
    sooner = run(poisoning, line).first("team_arrived", actor="management")
    assert base is not None and sooner is not None
    assert sooner.t == pytest.approx(base.t - 5, abs=1e-6)


def test_firing_an_inject_early_fires_it_then_and_only_once(poisoning: Loaded) -> None:
    log = run(poisoning, '{"t": 20.0, "command": "fire_inject", "args": {"inject": "family_call"}}')
    fired = [e for e in log.of_kind("inject") if e.details["inject"] == "family_call"]
    assert [e.t for e in fired] == [20.0]
    assert fired[0].details["early"] is True


def test_a_skipped_inject_never_fires_nor_has_its_effects(poisoning: Loaded) -> None:
    """Li's find at T+5 raises the alarm; skipped, the alarm waits for another path."""
    log = run(
        poisoning, '{"t": 1.0, "command": "skip_inject", "args": {"inject": "li_finds_wang"}}'
    )
    assert not [e for e in log.of_kind("inject") if e.details["inject"] == "li_finds_wang"]
    skipped = log.first("inject_skipped")
    assert skipped is not None and skipped.t == 1.0
    assert skipped.details["inject"] == "li_finds_wang"
    alarm = log.first("alarm")
    assert alarm is None or alarm.actor != "inject:li_finds_wang"


def test_an_inject_already_fired_is_neither_fired_again_nor_skipped(poisoning: Loaded) -> None:
    log = run(
        poisoning,
        '{"t": 6.0, "command": "fire_inject", "args": {"inject": "li_finds_wang"}}',
        '{"t": 6.5, "command": "skip_inject", "args": {"inject": "li_finds_wang"}}',
    )
    assert [e.t for e in log.of_kind("inject") if e.details["inject"] == "li_finds_wang"] == [5.0]
    assert log.first("inject_skipped") is None


def test_a_condition_inject_can_be_fired_before_its_condition(poisoning: Loaded) -> None:
    """The detector alarm fires at 10 ppm (T+0:03); fired at once at T+0 it comes first."""
    log = run(
        poisoning, '{"t": 0.0, "command": "fire_inject", "args": {"inject": "detector_alarm"}}'
    )
    fired = [e.t for e in log.of_kind("inject") if e.details["inject"] == "detector_alarm"]
    assert fired == [0.0]


def journal_problems(tmp_path: Path, line: str) -> list[str]:
    journal = tmp_path / "d.jsonl"
    journal.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        check_run_inputs(ROOT / "scenarios" / "poisoning.yaml", None, journal)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ('{"t": 1, "command": "skip_inject", "args": {"inject": "nope"}}', "an inject id"),
        (
            '{"t": 1, "command": "move_arrival", "args": {"team": "ems_crew", "minutes": "5"}}',
            "found a string",
        ),
        (
            '{"t": 1, "command": "move_arrival", "args": {"team": "ems_crew", "minutes": 99999}}',
            "earlier",
        ),
        ('{"t": 1, "command": "move_arrival", "args": {"team": "ems_crew"}}', "missing"),
        ('{"t": 1, "command": "arrive_now", "args": {"team": "nobody"}}', "a team id"),
    ],
)
def test_a_bad_control_in_a_journal_is_named_with_its_line(
    tmp_path: Path, line: str, says: str
) -> None:
    problems = journal_problems(tmp_path, line)
    assert any(":1:" in p and says in p for p in problems), problems


def test_a_branch_is_the_journals_run_until_the_rewind_point(poisoning: Loaded) -> None:
    """Rewound to T+2 and entry forbidden then (the plan forbids it at T+5:50): the two
    runs agree record for record before T+2 and first part at the forbidding."""
    live = run(poisoning, '{"t": 6.0, "command": "notify", "args": {"organisation": "fire119"}}')
    change = parse_decisions(
        ['{"t": 2.0, "command": "forbid_entry", "args": {"location": "generator_room"}}']
    )
    journal = parse_decisions(
        ['{"t": 6.0, "command": "notify", "args": {"organisation": "fire119"}}']
    )
    other = branch(poisoning.scenario, poisoning.plan, 1, journal, 2.0, change)
    before = [e.to_json() for e in live if e.t < 2.0]
    assert [e.to_json() for e in other if e.t < 2.0] == before
    parted = first_difference(live, other)
    assert parted is not None
    ours, theirs = parted
    assert theirs is not None and theirs.kind == "entry_forbidden" and theirs.t == 2.0
    assert ours is not None and ours.t >= 2.0
    assert other.first("decision", command="notify") is not None  # kept: it came later
    dropped = branch(poisoning.scenario, poisoning.plan, 1, journal, 2.0, change, keep_later=False)
    assert dropped.first("decision", command="notify") is None


def test_a_branch_without_changes_is_the_same_run(poisoning: Loaded) -> None:
    assert (
        first_difference(run(poisoning), branch(poisoning.scenario, poisoning.plan, 1, [], 3.0, []))
        is None
    )
