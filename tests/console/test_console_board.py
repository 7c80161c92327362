"""The teams panel and the site board of the pipeline fire drill (a night shift)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.events import EventLog
from tests.console.conftest import POISONING, FakeTime
from tui.console.app import ConsoleApp, make_app
from tui.console.board import places_at
from tui.console.drill import Drill, open_drill
from tui.console.table import LiveTable

PIPELINE = POISONING.parent / "pipeline.yaml"


@pytest.fixture
def pipeline(tmp_path: Path) -> Drill:
    return open_drill(PIPELINE, None, 1, folder=tmp_path / "drill")


def cell(app: ConsoleApp, table: str, row: str, column: str) -> str:
    return str(app.query_one(f"#{table}", LiveTable).get_cell(row, column))


@pytest.mark.parametrize(
    ("lang", "on_duty", "off_shift", "outside"),
    [("zh", "在岗", "不在班", "未调动"), ("en", "on duty", "off shift", "standby")],
)
async def test_at_t0_the_shift_on_duty_is_at_its_post_and_the_others_wait(
    pipeline: Drill, lang: str, on_duty: str, off_shift: str, outside: str
) -> None:
    """The control room's dispatcher on the night shift is on duty in the control room,
    not 'not dispatched'; the branch manager (day shift) is off shift until called in,
    and the fire brigade's crew waits for its call."""
    app = make_app(pipeline, lang=lang, monotonic=FakeTime(), tick_s=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert cell(app, "teams", "dispatchers", "col_doing") == on_duty
        assert cell(app, "teams", "dispatchers", "col_where") == app.names("branch_office")
        assert cell(app, "teams", "maint_duty_crew", "col_doing") == on_duty
        assert cell(app, "teams", "management", "col_doing") == off_shift
        assert cell(app, "teams", "fire_crew", "col_doing") == outside


@pytest.mark.parametrize(
    ("lang", "hamlet", "village"),
    [
        ("zh", "李家庄村民x40（受热辐射 死亡概率100%）", "王家村村民x120（受热辐射 死亡概率6%）"),
        ("en", "(heat-exposed, P(death) 100%)", "(heat-exposed, P(death) 6%)"),
    ],
)
async def test_people_in_the_fires_radius_read_their_burns_not_ok(
    pipeline: Drill, lang: str, hamlet: str, village: str
) -> None:
    """Two minutes into the fire, Lijiazhuang (140 m from the rupture) has taken a
    lethal dose and Wangjiacun's residents a 6 % one, as the run's outcomes say at the end."""
    app = make_app(pipeline, lang=lang, monotonic=FakeTime(), tick_s=None)
    async with app.run_test(size=(100, 30)) as pilot:
        app.clock.jump(2.0)
        app.refresh_panels(force=True)
        await pilot.pause()
        assert hamlet in cell(app, "site", "lijiazhuang", "col_people")
        assert village in cell(app, "site", "wangjiacun", "col_people")
        assert "正常" not in cell(app, "site", "lijiazhuang", "col_people")


def test_the_boards_thermal_dose_is_the_one_the_run_logs(pipeline: Drill) -> None:
    """Wangjiacun's residents stay put all run: the dose the board counts for their stay
    under way is the one the engine logs when the run ends."""
    log: EventLog = pipeline.log
    outcome = next(e for e in log if e.kind == "outcome" and e.actor == "wangjiacun_residents")
    s, p = pipeline.loaded.scenario, pipeline.loaded.plan
    end = outcome.t - 0.01
    places = places_at(pipeline.visible(end), s, p, end)
    row = next(r for place in places for r in place.people if r.person == "wangjiacun_residents")
    assert row.thermal_dose == pytest.approx(outcome.details["thermal_dose"], rel=1e-3)
    assert row.burn_death_probability == pytest.approx(
        outcome.details["probability_of_death"], abs=1e-3
    )


def test_a_concentration_reads_in_percent_by_volume_from_one_percent_up() -> None:
    """Pure gas at a release point is 100.0% on the board, not 1000000.0 ppm; below 1 %
    by volume the board keeps ppm to a tenth."""
    from tui.console.board import board_ppm

    assert [board_ppm(x) for x in (None, 0.01, 24.0, 1102.74, 37_560.0, 1e6)] == [
        "",
        "",
        "24.0",
        "1102.7",
        "3.8%",
        "100.0%",
    ]


def test_a_team_off_shift_is_not_on_the_site_board_until_it_comes_in(tmp_path: Path) -> None:
    """At 02:40 the plant's principal person in charge (day shift only) is at home: the
    board does not show him in the office building with the night duty manager until his
    call-in brings him there."""
    drill = open_drill(POISONING, None, 1, folder=tmp_path / "drill")
    s, p = drill.loaded.scenario, drill.loaded.plan

    def office(t: float) -> list[str]:
        places = places_at(drill.visible(t), s, p, t)
        return next(place.teams for place in places if place.location == "office_building")

    assert office(0.0) == ["duty_managers"]
    called = next(e for e in drill.log if e.kind == "team_called_in" and e.actor == "management")
    assert "management" not in office(called.t + 0.01)
    came = next(e for e in drill.log if e.kind == "team_arrived" and e.actor == "management")
    assert came.location == "office_building"
    assert office(came.t + 0.01) == ["duty_managers", "management"]
