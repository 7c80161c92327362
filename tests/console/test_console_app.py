"""The console driven as a facilitator drives it (Textual pilot)."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from textual.geometry import Region
from textual.widgets import Input, RichLog, Select, Static, TabbedContent

from scoring.observations import read_observations
from tests.console.conftest import POISONING, FakeTime, until
from tui.cli import main as cli
from tui.console.app import ConsoleApp, make_app
from tui.console.drill import Drill
from tui.console.forecast import outcomes
from tui.console.forms import (
    CompareScreen,
    DecisionForm,
    EvaluatorForm,
    RewindScreen,
    TextScreen,
)
from tui.console.table import LiveTable
from tui.console.text import word

SIZE = (100, 30)


async def settle(app: ConsoleApp) -> None:
    await app.workers.wait_for_complete()
    app.refresh_panels(force=True)


def cell(app: ConsoleApp, table: str, row: str, column: str) -> str:
    t = app.query_one(f"#{table}", LiveTable)
    return str(t.get_cell(row, column))


async def test_pause_and_resume_do_not_delay_the_inject_due_at_t_plus_5(
    console: ConsoleApp, wall: FakeTime
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await pilot.press("3", "space")  # 60x, run
        await until(lambda: console.clock.running and console.clock.speed == 60)
        wall.s += 2.0  # T+2
        await pilot.press("space")  # pause for a long discussion
        await until(lambda: not console.clock.running)
        wall.s += 900.0
        console.refresh_panels()
        assert cell(console, "injects", "li_finds_wang", "col_state") == "pending"
        await pilot.press("space")
        await until(lambda: console.clock.running)
        wall.s += 3.0  # T+5 exactly
        console.refresh_panels()
        assert console.now() == pytest.approx(5.0)
        assert cell(console, "injects", "li_finds_wang", "col_state") == "fired"


@pytest.mark.parametrize(("key", "speed"), [("1", 1), ("2", 10), ("3", 60)])
async def test_each_speed_key_runs_drill_time_at_its_factor(
    console: ConsoleApp, wall: FakeTime, key: str, speed: int
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await pilot.press(key, "space")
        await until(lambda: console.clock.running and console.clock.speed == speed)
        wall.s += 30.0
        assert console.now() == pytest.approx(speed * 0.5)


async def test_next_inject_jumps_the_clock_to_the_inject(console: ConsoleApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        first = console.drill.log.first("inject")
        assert first is not None
        assert console.now() == pytest.approx(first.t)
        assert cell(console, "injects", "detector_alarm", "col_state") == "fired"
        assert not console.clock.running


async def test_next_event_jumps_to_the_next_major_event(console: ConsoleApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n", "n")  # T+5:00, the alarm inject
        await pilot.press("e")
        assert console.now() > 5.0
        shown = [e for e in console.drill.visible(console.now()) if e.t > 5.0]
        assert shown and all(e.t == pytest.approx(console.now()) for e in shown)


async def choose(pilot: object, app: ConsoleApp, field: str, value: str) -> None:
    form = app.screen
    assert isinstance(form, DecisionForm)
    form.query_one(f"#arg-{field}", Select).value = value


async def test_a_decision_through_the_form_is_journaled_and_takes_effect(
    console: ConsoleApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n", "n")  # T+5, alarm
        console.open_form("declare_level")
        await pilot.pause()
        await choose(pilot, console, "level", "level_i")
        console.screen.query_one("#by", Input).value = "commander"
        await pilot.click("#ok")
        await settle(console)
        lines = console.drill.journal.path.read_text(encoding="utf-8").splitlines()
        assert json.loads(lines[0]) == {
            "t": 5.0,
            "command": "declare_level",
            "args": {"level": "level_i"},
            "by": "commander",
        }
        declared = console.drill.log.first("level_declared", level="level_i")
        assert declared is not None and declared.t == 5.0
        assert not isinstance(console.screen, DecisionForm)


async def test_an_incomplete_decision_is_refused_in_the_form_and_not_journaled(
    console: ConsoleApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        console.open_form("dispatch")
        await pilot.pause()
        await choose(pilot, console, "team", "ems_crew")  # no destination
        await pilot.click("#ok")
        await pilot.pause()
        assert isinstance(console.screen, DecisionForm)
        assert "to" in str(console.screen.query_one("#form-error").render())
        assert console.drill.journal.path.read_text(encoding="utf-8") == ""


@pytest.mark.parametrize(
    ("command", "field", "valid", "invalid"),
    [
        ("dispatch", "team", {"team": "ems_crew", "to": "safe_area"}, {"team": "ems_crew"}),
        ("start_step", "step", {"step": "ventilate"}, {"step": "forbid_blind_rescue"}),
        ("declare_level", "level", {"level": "level_i"}, {"level": "level_iii"}),
        ("notify", "organisation", {"organisation": "fire119"}, {"organisation": "fire119"}),
        ("report", "link", None, {"link": "no_such_link"}),
        ("evacuate", "location", None, {"location": "nowhere", "to": "assembly_point"}),
        ("close_valve", "hazard", None, {"hazard": "no_such_hazard"}),
        (
            "forbid_entry",
            "location",
            {"location": "oxidation_workshop"},
            {"location": "generator_room"},
        ),
        ("shelter", "location", None, {"location": "county_bureau"}),
        ("note", "text", {"text": "媒体已到厂门口"}, {"text": ""}),
        ("move_arrival", "team", None, {"team": "ems_crew", "minutes": 1.0}),  # not under way
        ("move_arrival", "team", None, {"team": "security", "minutes": 2.0}),  # not a step offered
        ("arrive_now", "team", None, {"team": "ems_crew"}),
        ("fire_inject", "inject", {"inject": "family_call"}, {"inject": "li_finds_wang"}),
        ("skip_inject", "inject", {"inject": "family_call"}, {"inject": "detector_alarm"}),
    ],
)
async def test_each_decision_kind_once_valid_and_once_invalid_at_t_plus_6(
    console: ConsoleApp,
    command: str,
    field: str,
    valid: dict[str, str] | None,
    invalid: dict[str, str],
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        console.clock.jump(6.0)  # the plan forbade entry at T+5:50, declared III at T+6:11
        await pilot.pause()
        options = console.drill.options(6.0)[command]
        if valid is None:
            first = options[field][0].value
            valid = {
                name: (first if name == field else opts[-1].value) for name, opts in options.items()
            }
        assert console.decide(command, valid, "facilitator") is None
        assert console.decide(command, invalid, "facilitator") is not None
        await settle(console)
        lines = console.drill.journal.path.read_text(encoding="utf-8").splitlines()
        assert [json.loads(x)["command"] for x in lines] == [command]
        decision = console.drill.log.first("decision", command=command)
        assert decision is not None and decision.t == 6.0


def select(app: ConsoleApp, table_id: str, key: str) -> None:
    table = app.query_one(f"#{table_id}", LiveTable)
    table.move_cursor(row=table.get_row_index(key))


async def test_arrival_keys_move_the_selected_teams_arrival_and_journal_it(
    console: ConsoleApp, wall: FakeTime
) -> None:
    """Seed 1: the mini fire station hears of the alarm by radio at T+5.45 and its crew
    leaves on a 2.848-minute run to the room."""
    async with console.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n", "n", "3", "space")
        await until(lambda: console.clock.running and console.clock.speed == 60)
        wall.s += 1.0  # T+6 at 60x: the crew is on its way
        await pilot.press("space")
        select(console, "teams", "mini_fire_team")
        await pilot.press("greater_than_sign", "minus")  # 5 min later, then 1 min sooner
        await settle(console)
        lines = [json.loads(x) for x in console.drill.journal.path.read_text("utf-8").splitlines()]
        assert [(x["command"], x["args"]) for x in lines] == [
            ("move_arrival", {"team": "mini_fire_team", "minutes": 5.0}),
            ("move_arrival", {"team": "mini_fire_team", "minutes": -1.0}),
        ]
        arrived = console.drill.log.first("team_arrived", actor="mini_fire_team")
        assert arrived is not None and arrived.t == pytest.approx(5.4507 + 2.848 + 4, abs=1e-3)
        assert cell(console, "teams", "mini_fire_team", "col_eta_at") == "T+0:12:18"
        assert (
            cell(console, "teams", "mini_fire_team", "col_eta") == "in 6:17"
        )  # T+0:06:00 to T+0:12:17.9


async def test_arrive_now_puts_the_selected_team_on_scene_at_once(
    console: ConsoleApp, wall: FakeTime
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n", "n", "3", "space")
        await until(lambda: console.clock.running and console.clock.speed == 60)
        wall.s += 1.0
        await pilot.press("space")
        select(console, "teams", "mini_fire_team")
        await pilot.press("a")
        await settle(console)
        arrived = console.drill.log.first("team_arrived", actor="mini_fire_team")
        assert arrived is not None and arrived.t == pytest.approx(6.0)


async def test_an_arrival_of_a_team_not_under_way_is_refused(console: ConsoleApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        select(console, "teams", "ems_crew")
        await pilot.press("plus")
        await settle(console)
        assert console.drill.journal.path.read_text(encoding="utf-8") == ""


async def test_an_inject_fired_early_fires_now_and_shows_so(
    console: ConsoleApp, wall: FakeTime
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n", "n")  # T+5
        select(console, "injects", "family_call")  # due at T+90
        await pilot.press("i")
        await settle(console)
        fired = [
            e for e in console.drill.log.of_kind("inject") if e.details["inject"] == "family_call"
        ]
        assert [e.t for e in fired] == [5.0]
        assert cell(console, "injects", "family_call", "col_state") == "fired early"
        assert cell(console, "injects", "family_call", "col_time") == "T+0:05:00"


async def test_a_skipped_inject_never_fires(console: ConsoleApp, wall: FakeTime) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await pilot.press("3", "space")
        await until(lambda: console.clock.running and console.clock.speed == 60)
        wall.s += 1.0  # T+1 at 60x
        select(console, "injects", "li_finds_wang")  # due at T+5
        await pilot.press("k")
        await until(lambda: bool(console.drill.decisions))
        await settle(console)
        wall.s += 5.0  # T+6
        console.refresh_panels(force=True)
        assert cell(console, "injects", "li_finds_wang", "col_state") == "skipped"
        assert not [
            e
            for e in console.drill.visible(6.0)
            if e.details.get("inject") == "li_finds_wang" and e.kind == "inject"
        ]
        await pilot.press("k")  # skipped already: refused, not journaled twice
        await settle(console)
        assert len(console.drill.journal.path.read_text(encoding="utf-8").splitlines()) == 1


async def test_marking_an_expected_action_is_kept_privately(console: ConsoleApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n", "n")  # li_finds_wang fired at T+5
        table = console.query_one("#injects", LiveTable)
        table.move_cursor(row=table.get_row_index("li_finds_wang"))
        await pilot.press("y")
        assert cell(console, "injects", "li_finds_wang", "col_state") == "answered"
        private = console.drill.journal.private_path.read_text(encoding="utf-8")
        assert json.loads(private) == {
            "t": 5.0,
            "kind": "mark",
            "inject": "li_finds_wang",
            "mark": "taken",
        }
        assert console.drill.journal.path.read_text(encoding="utf-8") == ""


async def test_a_later_mark_of_the_same_inject_corrects_the_first(console: ConsoleApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n", "n")
        table = console.query_one("#injects", LiveTable)
        table.move_cursor(row=table.get_row_index("li_finds_wang"))
        await pilot.press("y", "h")  # taken, then corrected: only partly
        assert cell(console, "injects", "li_finds_wang", "col_state") == "partly"
        assert console.marks() == {"li_finds_wang": "partly"}


async def test_marks_are_signed_and_saved_as_the_observations_the_score_command_reads(
    console: ConsoleApp, tmp_path: Path
) -> None:
    """The drill's marks become an observations file beside the journal, signed by the
    evaluator the console asks for; the scorecard at the end is that of `drillsim score
    run/ --observations observations.yaml`, and it scores the marked action."""
    async with console.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n", "n")  # li_finds_wang fired at T+5
        table = console.query_one("#injects", LiveTable)
        table.move_cursor(row=table.get_row_index("li_finds_wang"))
        await pilot.press("u")  # the players did not forbid entry
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(console.screen, EvaluatorForm)  # nobody named yet: asked
        await pilot.press("enter")  # an empty name is refused
        assert isinstance(console.screen, EvaluatorForm)
        console.screen.query_one("#evaluator-name", Input).value = "张敏"
        console.screen.query_one("#evaluator-role", Input).value = "县应急管理局评估组"
        await pilot.press("enter")
        await console.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(console.screen, TextScreen)
    folder = console.drill.journal.folder
    obs = read_observations(folder / "observations.yaml").model
    assert obs.evaluator.name == "张敏" and obs.evaluator.role == "县应急管理局评估组"
    assert [(m.inject, m.mark, m.t_min) for m in obs.injects] == [
        ("li_finds_wang", "not_taken", 5.0)
    ]
    assert (obs.scenario, obs.plan) == (
        console.drill.loaded.scenario.id,
        console.drill.loaded.plan.id,
    )
    card = json.loads((folder / "run" / "scorecard.json").read_text(encoding="utf-8"))
    items = card["evaluator"]["items"]
    assert [(i["id"], i["answer"], i["score"]) for i in items] == [
        ("inject:li_finds_wang", "not_taken", 0.0)
    ]
    result = CliRunner().invoke(
        cli,
        [
            "score",
            str(folder / "run"),
            "--json",
            "--observations",
            str(folder / "observations.yaml"),
        ],
    )
    assert result.exit_code == 0, result.output
    batch = json.loads(result.stdout)
    assert batch["evaluator"]["items"] == items
    assert batch["objectives"] == card["objectives"]
    report = (folder / "report" / "evaluation.en.md").read_text(encoding="utf-8")
    assert "张敏" in report


async def test_a_named_evaluator_is_not_asked_again(console: ConsoleApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        console.name_evaluator("李强")
        await pilot.press("n", "n", "n")
        table = console.query_one("#injects", LiveTable)
        table.move_cursor(row=table.get_row_index("li_finds_wang"))
        await pilot.press("y", "x")
        await console.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(console.screen, TextScreen)
    obs = read_observations(console.drill.journal.folder / "observations.yaml").model
    assert obs.evaluator.name == "李强"
    assert [m.mark for m in obs.injects] == ["taken"]


async def test_without_an_evaluator_the_marks_stay_private_and_the_drill_says_so(
    console: ConsoleApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n", "n")
        table = console.query_one("#injects", LiveTable)
        table.move_cursor(row=table.get_row_index("li_finds_wang"))
        await pilot.press("y", "x")
        await pilot.pause()
        await pilot.press("escape")  # nobody signs
        await console.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(console.screen, TextScreen)
        body = console.screen.query_one("#text-body", Static)
        shown = body.render_lines(Region(0, 0, body.size.width, body.size.height))
        assert "facilitator.jsonl" in "".join(line.text for line in shown)
    assert not (console.drill.journal.folder / "observations.yaml").exists()
    assert console.marks() == {"li_finds_wang": "taken"}


async def test_a_pending_inject_cannot_be_marked(console: ConsoleApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        table = console.query_one("#injects", LiveTable)
        table.move_cursor(row=table.get_row_index("li_finds_wang"))
        await pilot.press("y")
        assert not console.drill.journal.private_path.exists()


async def test_a_private_note_stays_out_of_the_drill_log(console: ConsoleApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        console.screen.query_one("#note-text", Input).value = "B组讨论偏离预案"
        await pilot.press("enter")
        await settle(console)
        assert console.drill.journal.path.read_text(encoding="utf-8") == ""
        assert "B组讨论偏离预案" in console.drill.journal.private_path.read_text(encoding="utf-8")
        console.query_one("#tabs", TabbedContent).active = "tab-notes"
        await pilot.pause()
        notes = console.query_one("#notes", RichLog)
        assert any("B组讨论偏离预案" in line.text for line in notes.lines)


async def test_a_shared_note_enters_the_drill_log(console: ConsoleApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        console.screen.query_one("#note-text", Input).value = "媒体已到厂门口"
        await pilot.press("enter")
        await settle(console)
        note = console.drill.log.first("decision", command="note")
        assert note is not None and note.details["args"] == {"text": "媒体已到厂门口"}


def log_text(app: ConsoleApp) -> str:
    return "\n".join(line.text for line in app.query_one("#log", RichLog).lines)


async def test_the_drill_log_names_a_decision_and_its_decider_in_the_rooms_words(
    drill: Drill, wall: FakeTime
) -> None:
    app = make_app(drill, lang="zh", monotonic=wall, tick_s=None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n", "n")  # T+5, the alarm
        app.decide("declare_level", {"level": "level_i"}, "值班长")
        await settle(app)
        await pilot.pause()
        text = log_text(app).replace("\n", "")
        assert "决策：启动响应级别 一级响应（请求社会救援）（值班长）" in text
        assert "启动 一级响应（请求社会救援）（值班长）" in text
        assert "declare_level" not in text and "decision:" not in text


async def test_the_models_validity_notes_stay_out_of_the_drill_log(console: ConsoleApp) -> None:
    """They are in English, about the dispersion fits, and for the evaluation report."""
    async with console.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert console.drill.log.first("model_warning") is not None
        assert "dispersion" not in log_text(console)


async def test_end_of_drill_writes_the_scorecard_next_to_the_journal(
    console: ConsoleApp,
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n", "n")
        console.decide("forbid_entry", {"location": "generator_room"}, None)
        await settle(console)
        await pilot.press("x")
        await console.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(console.screen, TextScreen)
        folder = console.drill.journal.folder / "run"
        card = json.loads((folder / "scorecard.json").read_text(encoding="utf-8"))
        assert card["format"] == "drillsim-scorecard/1"
        events = (folder / "events.jsonl").read_text(encoding="utf-8")
        assert events == console.drill.log.to_jsonl()
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["inputs"]["decisions"]["path"].endswith("journal.jsonl")
        report = console.drill.journal.folder / "report" / "evaluation.en.md"
        assert report.is_file() and "journal" in report.read_text(encoding="utf-8").lower()


async def test_the_clock_bar_says_ended_after_the_end_of_drill_until_the_clock_runs_again(
    console: ConsoleApp,
) -> None:
    """Ended with x, the drill reads as ended (in the console's language), not as paused;
    the facilitator may still run it on, and then it reads as running."""
    async with console.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.press("x")
        await console.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")  # the scorecard closes
        await pilot.pause()
        bar = str(console.query_one("#clockbar", Static).render())
        assert "ENDED" in bar and "PAUSED" not in bar
        await pilot.press("space")
        await pilot.pause()
        bar = str(console.query_one("#clockbar", Static).render())
        assert "RUN" in bar and "ENDED" not in bar


async def test_the_command_palette_takes_a_one_choice_decision(console: ConsoleApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n", "n")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Forbid unprotected entry: Oxidation")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(console)
        forbidden = console.drill.log.first("entry_forbidden", location="oxidation_workshop")
        assert forbidden is not None and forbidden.t == pytest.approx(5.0)


async def test_a_keymap_remaps_a_binding_by_its_id(console: ConsoleApp, wall: FakeTime) -> None:
    console._keymap = {"pause": "f5"}
    async with console.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        assert console.clock.running


async def test_a_dialog_keeps_the_drill_time_while_the_drill_behind_it_holds_still(
    console: ConsoleApp, wall: FakeTime
) -> None:
    """Under a dialog the dimmed drill is not redrawn (each change there redraws the
    whole backdrop: the console's longest stall); the dialog's own clock line runs."""
    async with console.run_test(size=SIZE) as pilot:
        await pilot.press("3", "space")
        await until(lambda: console.clock.running and console.clock.speed == 60)
        await pilot.press("f")
        await until(lambda: bool(console.screen.query(".dialog-clock")))
        behind = console.query_one("#clockbar", Static).render()
        wall.s += 6.0  # T+6
        console.refresh_panels()
        await pilot.pause()
        line = console.screen.query_one(".dialog-clock", Static)
        assert "T+0:06:00" in str(line.render())
        assert console.query_one("#clockbar", Static).render() == behind
        assert cell(console, "injects", "li_finds_wang", "col_state") == "pending"
        await pilot.press("escape")
        await pilot.pause()
        assert "T+0:06:00" in str(console.query_one("#clockbar", Static).render())
        assert cell(console, "injects", "li_finds_wang", "col_state") == "fired"


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_every_column_of_the_left_panels_shows_at_100_columns(
    drill: Drill, wall: FakeTime, lang: str
) -> None:
    """The state of each inject and what each team is doing, not only the first two
    columns with the rest beyond the panel's edge."""
    app = make_app(drill, lang=lang, monotonic=wall, tick_s=None)
    async with app.run_test(size=SIZE) as pilot:
        app.clock.jump(9.0)
        app.refresh_panels(force=True)
        await pilot.pause()
        for panel, shown in (
            ("injects", ["col_time", "col_inject", "col_state"]),
            ("teams", ["col_team", "col_eta", "col_doing"]),
        ):
            table = app.query_one(f"#{panel}", LiveTable)
            header = table.render_line(0).text
            assert table.region.width <= 42
            assert all(word(key, lang) in header for key in shown), header


async def test_a_kpi_whose_clock_has_not_started_is_in_progress_not_missed(
    drill: Drill, wall: FakeTime
) -> None:
    """At T+1, before the alarm at T+5, the 3-minute first arrival counted from the alarm
    is not yet due; the live panel says so in the scorecard's table except for that word."""
    app = make_app(drill, lang="zh", monotonic=wall, tick_s=None)
    async with app.run_test(size=SIZE):
        app.clock.jump(1.0)
        app.refresh_panels(force=True)
        await app.workers.wait_for_complete()
        await until(lambda: app.query_one("#kpis", LiveTable).row_count > 0)
        assert cell(app, "kpis", "first_arrival:None", "col_state") == "进行中"
        assert cell(app, "kpis", "release_stopped:h2s_leak", "col_state") == "进行中"
        assert cell(app, "kpis", "responders_unprotected:None", "col_state") == "达标"


async def test_the_board_layout_shows_the_big_clock(console: ConsoleApp) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        assert console.query_one("#bigclock").display
        assert not console.query_one("#log").display


async def test_forecast_from_here_runs_while_the_clock_keeps_running(
    drill: Drill, wall: FakeTime
) -> None:
    console = make_app(
        drill, lang="en", monotonic=wall, tick_s=None, forecast_pool=lambda: ThreadPoolExecutor(1)
    )
    async with console.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n", "n", "3", "space")  # T+5, running at 60x
        await until(lambda: console.clock.running and console.now() == 5.0)
        await pilot.press("f")
        await until(lambda: bool(console.screen.query("#forecast-n")))
        console.screen.query_one("#forecast-n", Input).value = "30"
        await pilot.click("#forecast-start")
        wall.s += 5.0
        await console.workers.wait_for_complete()
        await pilot.pause()
        assert console.clock.running and console.now() == pytest.approx(10.0)
        tally = console.forecast_result
        assert tally is not None and tally.n == 30
        rows = {o.key + (o.subject or ""): o for o in outcomes(tally)}
        wang = rows["surviveswang"]
        # the collapsed operator's chance depends on how fast the SCBA team gets him out
        assert 0.0 < wang.low <= wang.p <= wang.high < 1.0
        report = rows["report_in_timecounty_bureau"]
        # the row names who the report goes to and its limit, here the legal hour
        assert report.n == 30 and report.limit_min == 60.0
        table = console.screen.query_one("#forecast-table", LiveTable)
        assert table.row_count == len(rows)
        labels = [str(cells[0]) for _, cells in table.rows]
        assert "Report within 60 min to County emergency management bureau" in labels


async def test_rewind_and_fork_compares_the_branch_with_the_drill(console: ConsoleApp) -> None:
    """At T+6 the room asks: what if entry had been forbidden at T+2, before Li's find
    (the plan forbids it at T+5:50)? The branch is the same seed with that decision."""
    async with console.run_test(size=SIZE) as pilot:
        console.clock.jump(6.0)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(console.screen, RewindScreen)
        console.screen.query_one("#rewind-time", Input).value = "T+0:02:00"
        assert console.rewind_to("T+0:02:00", True, "forbid_entry") is None
        await pilot.pause()
        assert isinstance(console.screen, DecisionForm)
        await choose(pilot, console, "location", "generator_room")
        await pilot.click("#ok")
        await console.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(console.screen, CompareScreen)
        result = console.comparison
        assert result is not None and result.at_min == 2.0
        assert "T+0:02:00" in result.parted and "No entry" in result.parted
        what = [row[0] for row in result.rows]
        assert any("Wang" in w for w in what) and what[-1] == "End of run"
        # the drill itself is untouched; the branch is a drill folder of its own
        assert console.drill.journal.path.read_text(encoding="utf-8") == ""
        fork = [json.loads(x) for x in result.journal.read_text(encoding="utf-8").splitlines()]
        assert fork == [
            {"t": 2.0, "command": "forbid_entry", "args": {"location": "generator_room"}}
        ]
        assert (result.journal.parent / "drill.json").is_file()
        # the comparison table has the focus; Enter closes the dialog as Esc does
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(console.screen, CompareScreen)


async def test_a_rewind_to_the_future_is_refused(console: ConsoleApp) -> None:
    async with console.run_test(size=SIZE):
        console.clock.jump(6.0)
        error = console.rewind_to("10:00", True, "note")
        assert error is not None and "at or before now" in error


def test_the_evaluator_named_on_the_command_line_signs_the_drill(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[ConsoleApp] = []
    monkeypatch.setattr(ConsoleApp, "run", lambda self, *a, **k: started.append(self))
    folder = tmp_path / "drill"
    args = ["tui", str(POISONING), "--out", str(folder), "--evaluator", "张敏"]
    result = CliRunner().invoke(cli, [*args, "--evaluator-role", "评估组长"])
    assert result.exit_code == 0, result.output
    assert started[0].evaluator_at_start == ("张敏", "评估组长")
    refused = CliRunner().invoke(cli, [*args, "--evaluator", "x" * 501])
    assert refused.exit_code == 2
    assert "--evaluator" in refused.output and "500" in refused.output


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_every_key_the_footer_shows_fits_in_100_columns(drill: Drill, lang: str) -> None:
    from textual.widgets._footer import FooterKey

    app = make_app(drill, lang=lang, tick_s=None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        keys = list(app.screen.query(FooterKey))
        palette = next(k for k in keys if k.key == "ctrl+p")
        shown = [k for k in keys if k is not palette]
        assert {k.key for k in shown} == {"space", "n", "e", "d", "y", "f", "r", "b", "x", "q"}
        assert all(k.region.right <= palette.region.x for k in shown)


async def test_the_drill_log_wraps_its_sentences_to_the_panel(
    console: ConsoleApp, wall: FakeTime
) -> None:
    async with console.run_test(size=SIZE) as pilot:
        await pilot.press("3", "space")
        await until(lambda: console.clock.running and console.clock.speed == 60)
        wall.s += 9.0  # T+9: a dozen sentences, some longer than the panel
        console.refresh_panels(force=True)
        await pilot.pause()
        log = console.query_one("#log", RichLog)
        assert len(log.lines) > 12
        assert max(line.cell_length for line in log.lines) <= log.scrollable_content_region.width


class _Broken(ThreadPoolExecutor):
    """A pool whose worker died: every task fails as a process pool's would."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        raise BrokenProcessPool("a worker died")


async def test_the_forecast_workers_are_kept_from_one_forecast_to_the_next(
    drill: Drill, wall: FakeTime
) -> None:
    """A new pool starts its processes and imports the engine again before its first
    replication: the console starts one when the dialog opens and keeps it; a broken
    one (a worker killed) is replaced and the forecast run again on the new one."""
    made: list[ThreadPoolExecutor] = []

    def factory() -> ThreadPoolExecutor:
        pool = _Broken(1) if not made else ThreadPoolExecutor(1)
        made.append(pool)
        return pool

    console = make_app(drill, lang="en", monotonic=wall, tick_s=None, forecast_pool=factory)
    async with console.run_test(size=SIZE) as pilot:
        for _ in range(2):
            await pilot.press("f")
            await until(lambda: bool(console.screen.query("#forecast-n")))
            console.screen.query_one("#forecast-n", Input).value = "5"
            await pilot.click("#forecast-start")
            await console.workers.wait_for_complete()
            await pilot.pause()
            tally = console.forecast_result
            assert tally is not None and tally.n == 5
            await pilot.press("escape")
            await pilot.pause()
        # the broken pool met by the warm-up was let go; the second served both forecasts
        assert len(made) == 2 and console._pool is made[1]
    assert console._pool is None and made[1]._shutdown
