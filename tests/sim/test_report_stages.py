"""The reporting chain by stage: 电话快报, then 书面报告, then a 续报 at each change in the
casualties; a level's call to the bureau is a notification unless the plan counts it."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim import EventLog, Loaded, load, simulate
from sim.errors import InputError
from sim.events import Event
from tests.conftest import BUNDLED

FLAWED = BUNDLED / "poisoning-plan-flawed.yaml"


@pytest.fixture(scope="module")
def flawed() -> Loaded:
    return load(BUNDLED / "poisoning.yaml", FLAWED)


def copy(
    tmp_path: Path,
    plan: str,
    *edits: tuple[str, str],
    scenario_edits: tuple[tuple[str, str], ...] = (),
) -> Loaded:
    """The poisoning scenario with ``plan`` (edited) and the scenario (edited) in tmp_path."""
    text = (BUNDLED / plan).read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    (tmp_path / "plan.yaml").write_text(text, encoding="utf-8")
    world = (BUNDLED / "poisoning.yaml").read_text(encoding="utf-8")
    for old, new in scenario_edits:
        assert old in world, old
        world = world.replace(old, new, 1)
    (tmp_path / "poisoning.yaml").write_text(world, encoding="utf-8")
    return load(tmp_path / "poisoning.yaml", tmp_path / "plan.yaml")


def sent(log: EventLog, report: str) -> list[Event]:
    return [e for e in log if e.kind == "report_sent" and e.details.get("report") == report]


def test_the_written_report_follows_the_phone_report_within_its_own_limit(
    poisoning: Loaded,
) -> None:
    log = simulate(poisoning.scenario, poisoning.plan, 1)
    [phone] = sent(log, "to_county")
    [written] = sent(log, "to_county_written")
    assert phone.details["stage"] == "phone" and written.details["stage"] == "written"
    assert phone.t < written.t
    # the written report's 120 min count from the phone report's arrival, not from the alarm
    assert written.details["deadline"] == pytest.approx(phone.t + 120)
    assert written.details["late"] is False
    assert written.details["content"] == [
        "unit",
        "time",
        "place",
        "scene",
        "course",
        "casualties",
        "estimated_loss",
        "measures",
    ]
    # no casualty changed after the phone report: no follow-up
    assert sent(log, "to_county_follow_up") == []


def test_a_level_call_to_the_bureau_is_a_notification_not_the_report(
    flawed: Loaded,
) -> None:
    """Seed 1, night shift: level I calls the county bureau at T+15:41, and the safety
    department that the plan makes send the report is not on shift."""
    log = simulate(flawed.scenario, flawed.plan, 1)
    called = log.first("notified", actor="county_bureau")
    assert called is not None and called.details["by"] == "level:level_i"
    assert called.t == pytest.approx(15.68, abs=0.01)
    assert sent(log, "to_county") == []
    left = [e for e in log if e.kind == "step_not_done" and e.details.get("report") == "to_county"]
    assert left[0].details["stage"] == "phone"


def test_a_plan_that_counts_the_level_call_as_the_phone_report(tmp_path: Path) -> None:
    loaded = copy(
        tmp_path,
        "poisoning-plan-flawed.yaml",
        (
            "    to_organisation: county_bureau\n    after: to_unit_head\n",
            "    to_organisation: county_bureau\n    after: to_unit_head\n"
            "    notification_counts: true\n",
        ),
    )
    log = simulate(loaded.scenario, loaded.plan, 1)
    called = log.first("notified", actor="county_bureau")
    [report] = sent(log, "to_county")
    assert called is not None and report.t == called.t
    assert report.details["via"] == "level:level_i" and report.actor == "level:level_i"
    received = log.first("report_received", report="to_county")
    assert received is not None and received.actor == "county_bureau"
    # counted from the unit head being informed (T+9:34), due within the hour
    assert report.details["deadline"] == pytest.approx(9.57 + 60, abs=0.01)


COLLAPSE_AT_60 = (
    "injects:\n",
    "injects:\n"
    "  - id: crew_member_collapses\n"
    "    at_min: 60\n"
    "    message: 集合点一名撤离人员迟发性中毒倒地\n"
    "    effects: [{collapse: workshop_crew}]\n",
)


def test_a_follow_up_goes_out_after_a_casualty_after_the_last_report(tmp_path: Path) -> None:
    loaded = copy(tmp_path, "poisoning-plan.yaml", scenario_edits=(COLLAPSE_AT_60,))
    log = simulate(loaded.scenario, loaded.plan, 1)
    [phone] = sent(log, "to_county")
    assert phone.t < 60
    [follow] = sent(log, "to_county_follow_up")
    assert follow.details["stage"] == "follow_up"
    assert follow.details["change_min"] == pytest.approx(60)
    assert follow.details["person"] == "workshop_crew" and follow.details["state"] == "collapsed"
    # composed in 5-20 min, due within 60 min of the change
    assert 65 <= follow.t <= 80
    assert follow.details["deadline"] == pytest.approx(120) and follow.details["late"] is False


def test_a_casualty_before_the_phone_report_needs_no_follow_up(poisoning: Loaded) -> None:
    """Li collapses at T+5:47, before the phone report: the report gives him."""
    log = simulate(poisoning.scenario, poisoning.plan, 1)
    collapsed = [e for e in log if e.kind == "person" and e.details["state"] == "collapsed"]
    assert collapsed and max(e.t for e in collapsed) < sent(log, "to_county")[0].t
    assert sent(log, "to_county_follow_up") == []


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            (
                "    stage: written\n    sender: unit_head\n    to_organisation: county_bureau\n"
                "    after: to_county\n",
                "    stage: written\n    sender: unit_head\n    to_organisation: county_bureau\n",
            ),
            "reporting[3].after: expected 'after' for a written report",
        ),
        (
            (
                "    stage: follow_up\n    sender: unit_head\n    to_organisation: county_bureau\n"
                "    after: to_county\n",
                "    stage: follow_up\n    sender: unit_head\n    to_organisation: county_bureau\n"
                "    after: to_county\n    notification_counts: true\n",
            ),
            "reporting[4].notification_counts: expected only on a phone report",
        ),
        (
            (
                "    stage: written\n    sender: unit_head\n    to_organisation: county_bureau\n"
                "    after: to_county\n",
                "    stage: written\n    sender: unit_head\n    to_organisation: county_bureau\n"
                "    after: to_county_follow_up\n",
            ),
            "reporting[3].after: expected a phone or written report id, found follow_up report "
            "'to_county_follow_up'",
        ),
    ],
)
def test_stage_mistakes_name_the_file_line_and_field(
    tmp_path: Path, edit: tuple[str, str], expected: str
) -> None:
    with pytest.raises(InputError) as raised:
        copy(tmp_path, "poisoning-plan.yaml", edit)
    text = str(raised.value)
    assert expected in text and "plan.yaml:" in text
