"""The facilitator console: clock, injects, drill log, teams, resources, site board,
KPIs and findings, and every decision the journal knows.

``make_app`` is the one factory the command line and the tests use.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import BrokenExecutor, Executor
from functools import partial
from pathlib import Path
from typing import Any, ClassVar, cast

import yaml
from rich.text import Text
from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import (
    Digits,
    Footer,
    RichLog,
    Static,
    TabbedContent,
    TabPane,
)

from scoring.finding import Text as Bilingual
from scoring.gaps import findings
from scoring.kpi import Kpi, kpis
from scoring.names import KPI_STATUS, Names
from scoring.observations import Mark
from scoring.punctuation import punctuate_zh
from scoring.rules import Rules
from scoring.timeline import MAJOR, clock, describe, offset
from sim.decisions import COMMANDS
from sim.errors import InputError, Problem
from sim.events import Event, EventLog
from tui.console.board import (
    LEVEL_NAMES,
    PersonRow,
    board_ppm,
    places_at,
    teams_at,
    units_at,
)
from tui.console.branching import Comparison, Rewind, parse_time, rewind, run_branch
from tui.console.card import card_view
from tui.console.clock import SPEEDS, DrillClock
from tui.console.drill import (
    INJECT_KINDS,
    Drill,
    drill_observations,
    evaluator_of,
    finish_drill,
    mark_of,
    marks_of,
)
from tui.console.forecast import (
    Tally,
    executor,
    outcome_label,
    outcomes,
    pool_size,
    ready,
    run_forecast,
)
from tui.console.forms import (
    CommandMenu,
    CompareScreen,
    DecisionForm,
    EvaluatorForm,
    ForecastScreen,
    NoteForm,
    RewindScreen,
    TextScreen,
)
from tui.console.table import Column, LiveTable, Row
from tui.console.text import SYSTEM_COMMANDS_ZH, command_name, unambiguous, word
from tui.console.wrapping import WrappedText
from tui.inputs import plan_rules

TICK_S = 0.25
STATUS_STYLE = {
    "met": "green",
    "late": "red",
    "exceeded": "red",
    "missed": "red",
    "criteria_not_met": "red",
    "pending": "yellow",
    "not_measured": "dim",
    "info": "dim",
    "not_applicable": "dim",
}
"""The live KPI panel's colour of each status (its words are the scorecard's)."""
LIVE_STATUS: dict[str, tuple[str, str]] = {"pending": ("进行中", "in progress")}
"""The one KPI word a live drill says differently from the scorecard (whose words,
``scoring.names.KPI_STATUS``, are the table for all the others): while the drill runs,
a KPI not yet due is in progress."""


def live_status(k: Kpi, now: float, finished: bool) -> str:
    """A KPI's status at drill time ``now``. A finished run's scorecard counts a timed
    KPI whose start never came, or whose target passed unmet, as missed; while the drill
    runs, one whose start has not come or whose target time is still ahead is pending."""
    if finished or k.status != "missed" or k.target is None:
        return k.status
    if k.start_min is None or now < k.start_min + k.target:
        return "pending"
    return k.status


MARK_WORD = {"taken": "answered", "partly": "partly", "not_taken": "not_answered"}
"""The inject list's word for each mark of an expected action."""

PANEL_COLUMNS: dict[str, list[tuple[str, int, bool, bool]]] = {
    # (word key, narrowest width, shrinks, left out first when the panel is narrow)
    "injects": [
        ("col_time", 9, False, False),
        ("col_inject", 12, True, False),
        ("col_state", 6, True, False),
        ("col_expected", 12, True, True),
    ],
    "teams": [
        ("col_team", 10, True, False),
        ("col_eta", 7, False, False),
        ("col_doing", 8, True, False),
        ("col_eta_at", 9, False, True),
        ("col_where", 10, True, True),
    ],
    "site": [
        ("col_place", 12, True, False),
        ("col_level", 10, True, False),
        ("col_ppm", 6, False, False),
        ("col_people", 12, True, False),
    ],
    "resources": [
        ("col_unit", 10, True, False),
        ("col_where", 10, True, False),
        ("col_doing", 8, True, False),
        ("col_air", 8, False, False),
    ],
    "kpis": [
        ("col_kpi", 14, True, False),
        ("col_target", 6, False, False),
        ("col_measured", 6, False, False),
        ("col_state", 6, True, False),
    ],
}
"""The live panels' columns: at 100 columns the left panels are about 40 wide, so the
wide ones shrink and the optional ones give way before any other is cut."""


HIDDEN_BLANK = {"col_ppm"}
"""Columns left out while blank: a drill with no gas (a pipeline fire) gives the site
board's people the room of its concentrations."""


def columns(panel: str, lang: str) -> list[Column]:
    return [
        Column(
            key,
            word(key, lang),
            min_width=lo,
            shrink=shrink,
            optional=optional,
            hidden_blank=key in HIDDEN_BLANK,
        )
        for key, lo, shrink, optional in PANEL_COLUMNS[panel]
    ]


# (id, key, action, description zh, description en, shown in the footer)
BINDING_TABLE: list[tuple[str, str, str, str, str, bool]] = [
    ("pause", "space", "toggle_pause", "暂停/继续", "Pause/resume", True),
    ("speed_1", "1", "speed(1)", "1倍速", "1x", False),
    ("speed_10", "2", "speed(10)", "10倍速", "10x", False),
    ("speed_60", "3", "speed(60)", "60倍速", "60x", False),
    ("next_inject", "n", "next_inject", "下一情景", "Next inject", True),
    ("next_event", "e", "next_event", "下一事件", "Next event", True),
    ("decide", "d", "decide", "决策", "Decide", True),
    ("arrival_earlier_1", "minus", "arrival(-1)", "到达提前1分钟", "Arrive 1 min sooner", False),
    ("arrival_later_1", "plus", "arrival(1)", "到达推迟1分钟", "Arrive 1 min later", False),
    (
        "arrival_earlier_5",
        "less_than_sign",
        "arrival(-5)",
        "到达提前5分钟",
        "Arrive 5 min sooner",
        False,
    ),
    (
        "arrival_later_5",
        "greater_than_sign",
        "arrival(5)",
        "到达推迟5分钟",
        "Arrive 5 min later",
        False,
    ),
    ("arrive_now", "a", "arrive_now", "立即到达", "Arrive now", False),
    ("fire_inject", "i", "inject('fire_inject')", "立即触发情景", "Fire inject now", False),
    ("skip_inject", "k", "inject('skip_inject')", "跳过情景", "Skip inject", False),
    ("mark_taken", "y", "mark('taken')", "已做预期行动", "Expected done", True),
    ("mark_partly", "h", "mark('partly')", "部分完成预期行动", "Expected partly", False),
    ("mark_missed", "u", "mark('not_taken')", "未做预期行动", "Expected missed", False),
    ("evaluator", "v", "evaluator", "评估人", "Evaluator", False),
    ("note_shared", "s", "note(False)", "共享记录", "Shared note", False),
    ("note_private", "p", "note(True)", "私人记录", "Private note", False),
    ("forecast", "f", "forecast", "推演预测", "Forecast", True),
    ("rewind", "r", "rewind", "回溯分支", "Rewind/fork", True),
    ("board", "b", "board", "大屏", "Board", True),
    ("end_drill", "x", "end_drill", "结束演练", "End drill", True),
    ("quit", "q", "quit", "退出", "Quit", True),
    ("palette", "ctrl+p", "command_palette", "命令面板", "Command palette", False),
]


FOOTER_WORDS: dict[str, tuple[str, str]] = {
    "pause": ("暂停", "Pause"),
    "next_inject": ("情景", "Inject"),
    "next_event": ("事件", "Event"),
    "mark_taken": ("已做", "Done"),
    "forecast": ("预测", "Forecast"),
    "rewind": ("回溯", "Rewind"),
    "end_drill": ("结束", "End"),
    "palette": ("命令", "palette"),
}
"""The footer's short words, so that every shown key fits in 100 columns; the command
palette and the key help give each binding's full description."""


def bindings(lang: str) -> list[BindingType]:
    out: list[BindingType] = []
    for bid, key, action, zh, en, show in BINDING_TABLE:
        short_zh, short_en = FOOTER_WORDS.get(bid, (zh, en))
        out.append(
            Binding(
                key,
                action,
                short_en if lang == "en" else short_zh,
                show=show,
                id=bid,
                tooltip=en if lang == "en" else zh,
                priority=bid == "palette",  # as the toolkit's own: it works from any widget
            )
        )
    return out


def load_keymap(path: Path) -> dict[str, str]:
    """A keymap file: ``binding_id: keys`` (YAML), e.g. ``pause: f5`` or ``decide: ctrl+d,d``."""
    name = str(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError([Problem(name, None, "", f"cannot read: {exc.strerror}")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InputError([Problem(name, line, "", "expected YAML")]) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError([Problem(name, None, "", "expected a mapping of binding id to keys")])
    known = {b[0] for b in BINDING_TABLE}
    problems = [
        Problem(name, None, str(k), f"expected a binding id of: {', '.join(sorted(known))}")
        for k in data
        if k not in known
    ]
    problems += [
        Problem(name, None, str(k), "expected keys as text, e.g. 'f5' or 'ctrl+d'")
        for k, v in data.items()
        if not isinstance(v, str) or not v.strip()
    ]
    if problems:
        raise InputError(problems)
    return {str(k): str(v) for k, v in data.items()}


class DecisionCommands(Provider):
    """The command palette's decisions: each valid choice of each one-argument command
    is a command of its own; the others open their form."""

    def _entries(self) -> list[tuple[str, Callable[[], Any], str]]:
        app = self.app
        assert isinstance(app, ConsoleApp)
        lang = app.lang
        out: list[tuple[str, Callable[[], Any], str]] = []
        options = app.drill.options(app.clock.now(), app.names)
        for command in COMMANDS:
            fields = options[command]
            title = command_name(command, lang)
            out.append((title, partial(app.open_form, command), title))
            if len(fields) == 1:
                ((name, choices),) = fields.items()
                for o in choices:
                    out.append(
                        (
                            f"{title}: {o.label}",
                            partial(app.decide, command, {name: o.value}, None),
                            title,
                        )
                    )
        return out

    async def discover(self) -> Hits:
        for text, callback, help_text in self._entries():
            yield DiscoveryHit(text, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, callback, help_text in self._entries():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), callback, help=help_text)


class DrillScreen(Screen[None]):
    COMMANDS: ClassVar = {DecisionCommands}

    def compose(self) -> ComposeResult:
        app = self.app
        assert isinstance(app, ConsoleApp)
        lang = app.lang
        yield Static("", id="clockbar")
        yield Digits("", id="bigclock")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield LiveTable(
                    columns("injects", lang), id="injects", lang=lang, zebra_stripes=True
                )
                yield LiveTable(columns("teams", lang), id="teams", lang=lang)
            with Vertical(id="right"):
                yield RichLog(id="log", wrap=True, markup=False, auto_scroll=True, min_width=20)
                with TabbedContent(id="tabs"):
                    with TabPane(word("site", lang), id="tab-site"):
                        yield LiveTable(columns("site", lang), id="site", lang=lang)
                    with TabPane(word("resources", lang), id="tab-resources"):
                        yield LiveTable(columns("resources", lang), id="resources", lang=lang)
                    with TabPane(word("kpis", lang), id="tab-kpis"):
                        yield LiveTable(columns("kpis", lang), id="kpis", lang=lang)
                    with TabPane(word("findings", lang), id="tab-findings"):
                        yield RichLog(id="findings", wrap=True, markup=False, min_width=20)
                    with TabPane(word("notes", lang), id="tab-notes"):
                        yield RichLog(id="notes", wrap=True, markup=False, min_width=20)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        app = self.app
        assert isinstance(app, ConsoleApp)
        app.main = self
        app.setup()

    def on_screen_resume(self) -> None:
        """Back from a dialog: the panels catch up with the drill."""
        app = self.app
        assert isinstance(app, ConsoleApp)
        if app.main is self:
            app.refresh_panels(force=True)


class ConsoleApp(App[None]):
    CSS_PATH = "console.tcss"
    BINDINGS: ClassVar[list[BindingType]] = bindings("en")

    def __init__(
        self,
        drill: Drill,
        *,
        lang: str = "zh",
        monotonic: Callable[[], float] = time.monotonic,
        keymap: dict[str, str] | None = None,
        tick_s: float | None = TICK_S,
        forecast_pool: Callable[[], Executor] = executor,
    ) -> None:
        super().__init__()
        self.forecast_pool = forecast_pool
        self._pool: Executor | None = None
        self._pool_lock = threading.Lock()
        self.forecast_screen: ForecastScreen | None = None
        self.forecast_result: Tally | None = None
        self.comparison: Comparison | None = None
        self._scored = 0
        self._score_lock = threading.Lock()
        self._score_next: tuple[list[Event], int, float, bool] | None = None
        self._scoring = False
        self._finding_lines: list[Text] = []
        self.drill = drill
        self.lang = lang
        self.names = Names.of(drill.loaded.scenario, drill.loaded.plan, lang)
        self.rules: Rules = plan_rules(drill.loaded)
        resume_at = max(
            [d.t for d in drill.decisions]
            + [float(e.get("t", 0.0)) for e in drill.journal.private],
            default=0.0,
        )
        self.clock = DrillClock(monotonic, start_min=resume_at)
        self.clock.limit = drill.end_t
        self.tick_s = tick_s
        self._keymap = keymap or {}
        self._shown_log: EventLog | None = None
        self._shown_count = -1
        self._tables_at = -1.0
        self.ended = False
        self.main: DrillScreen | None = None
        self.written: list[Path] = []
        self.evaluator_at_start: tuple[str, str | None] | None = None
        self.title = word("title", lang)

    # --- set-up --------------------------------------------------------------------
    @property
    def drill_screen(self) -> DrillScreen:
        assert self.main is not None, "the drill screen is composed at start"
        return self.main

    def get_default_screen(self) -> Screen[None]:
        return DrillScreen()

    def setup(self) -> None:
        if self._keymap:
            self.set_keymap(self._keymap)
        lang = self.lang
        for entry in self.drill.journal.private:
            self._write_note(entry)
        if self.evaluator_at_start is not None:
            self.name_evaluator(*self.evaluator_at_start)
        if self.drill.decisions:
            self.notify(word("resumed", lang))
        if self.drill.journal.torn:
            self.notify(word("torn", lang), severity="warning", timeout=10)
        self.refresh_panels(force=True)
        if self.tick_s is not None:
            self.set_interval(self.tick_s, self.tick)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if self.lang == "en":
                yield command
                continue
            title, help_zh = SYSTEM_COMMANDS_ZH.get(command.help, (command.title, command.help))
            yield command._replace(title=title, help=help_zh)
        for bid, key, action, zh, en, _show in BINDING_TABLE:
            if bid in ("quit", "palette"):
                continue
            yield SystemCommand(
                en if self.lang == "en" else zh,
                f"key {key}" if self.lang == "en" else f"按键 {key}",
                lambda a=action: self.run_action(a),
            )

    def action_command_palette(self) -> None:
        """The toolkit's command palette, its search field worded in the console's language."""
        if self.use_command_palette and not CommandPalette.is_open(cast("App[object]", self)):
            placeholder = "Search for commands…" if self.lang == "en" else "搜索命令…"
            self.push_screen(CommandPalette(placeholder=placeholder, id="--command-palette"))

    # --- the clock -----------------------------------------------------------------
    def tick(self) -> None:
        self.refresh_panels()

    def now(self) -> float:
        return self.clock.now()

    def action_toggle_pause(self) -> None:
        self.clock.toggle()
        self.refresh_panels(force=True)

    def action_speed(self, speed: int) -> None:
        if speed in SPEEDS:
            self.clock.set_speed(speed)
        self.refresh_panels(force=True)

    def action_next_inject(self) -> None:
        t = self.drill.next_time(self.now(), frozenset({"inject"}))
        if t is not None:
            self.clock.jump(t)
        self.refresh_panels(force=True)

    def action_next_event(self) -> None:
        t = self.drill.next_time(self.now(), MAJOR - {"model_warning"})
        if t is not None:
            self.clock.jump(t)
        self.refresh_panels(force=True)

    def action_board(self) -> None:
        if self.main is not None:
            self.main.toggle_class("board")
            self.refresh_panels(force=True)

    # --- decisions -----------------------------------------------------------------
    def action_decide(self) -> None:
        def chosen(command: str | None) -> None:
            if command:
                self.open_form(command)

        self.push_screen(CommandMenu(self.lang), chosen)

    def open_form(self, command: str, preset: dict[str, str] | None = None) -> None:
        if command == "note":
            self.action_note(False)
            return
        choices = self.drill.options(self.now(), self.names)[command]
        self.push_screen(DecisionForm(command, choices, self.lang, preset))

    def decide(self, command: str, args: dict[str, Any], by: str | None) -> str | None:
        """Take a decision now; the reason it was refused, or None once it is journaled."""
        try:
            decision = self.drill.make(command, args, self.now(), by)
        except InputError as exc:
            text = "; ".join(
                f"{p.field}: {p.message}" if p.field else p.message for p in exc.problems
            )
            self.notify(text, title=word("refused", self.lang), severity="error")
            return text
        self.drill.record(decision)
        self.notify(command_name(command, self.lang), title=word("taken", self.lang))
        self.replay()
        return None

    @work(thread=True, group="replay")
    def replay(self) -> None:
        self.drill.replay()
        self.call_from_thread(self.refresh_panels, True)

    def action_note(self, private: bool) -> None:
        def written(result: tuple[str, bool] | None) -> None:
            if result is None:
                return
            text, is_private = result
            if is_private:
                entry = {"t": round(self.now(), 3), "kind": "note", "text": text}
                self.drill.journal.append_private(entry)
                self._write_note(entry)
            else:
                self.decide("note", {"text": text}, None)

        self.push_screen(NoteForm(self.lang, private), written)

    def _selected(self, table_id: str) -> str | None:
        return self.drill_screen.query_one(f"#{table_id}", LiveTable).selected_key

    def action_arrival(self, minutes: float) -> None:
        """Move the selected team's arrival (a journaled decision)."""
        team = self._selected("teams")
        if team is None:
            self.notify(word("no_team", self.lang), severity="warning")
            return
        self.decide("move_arrival", {"team": team, "minutes": float(minutes)}, None)

    def action_arrive_now(self) -> None:
        team = self._selected("teams")
        if team is None:
            self.notify(word("no_team", self.lang), severity="warning")
            return
        self.decide("arrive_now", {"team": team}, None)

    def action_inject(self, command: str) -> None:
        """Fire the selected inject now, or skip it (a journaled decision)."""
        inject = self._selected("injects")
        if inject is None:
            self.notify(word("no_inject_row", self.lang), severity="warning")
            return
        self.decide(command, {"inject": inject}, None)

    def _selected_inject(self) -> str | None:
        key = self._selected("injects")
        if key is None:
            return None
        fired = {
            str(e.details.get("inject"))
            for e in self.drill.visible(self.now())
            if e.kind == "inject"
        }
        return key if key in fired else None

    def action_mark(self, mark: str) -> None:
        inject = self._selected_inject()
        if inject is None:
            self.notify(word("no_inject", self.lang), severity="warning")
            return
        entry = {"t": round(self.now(), 3), "kind": "mark", "inject": inject, "mark": mark}
        self.drill.journal.append_private(entry)
        self._write_note(entry)
        self.notify(f"{inject}: {word(MARK_WORD[mark], self.lang)}")
        self.refresh_panels(force=True)

    def marks(self) -> dict[str, Mark]:
        return marks_of(self.drill.journal.private)

    def action_evaluator(self, then: Callable[[], object] | None = None) -> None:
        """Name the evaluator who signs the marks (kept privately, like the marks)."""
        known = evaluator_of(self.drill.journal.private)

        def named(result: tuple[str, str | None] | None) -> None:
            if result is not None:
                self.name_evaluator(*result)
            if then is not None:
                then()

        self.push_screen(EvaluatorForm(self.lang, known), named)

    def name_evaluator(self, name: str, role: str | None = None) -> None:
        entry: dict[str, Any] = {"t": round(self.now(), 3), "kind": "evaluator", "name": name}
        if role:
            entry["role"] = role
        self.drill.journal.append_private(entry)
        self._write_note(entry)

    def _write_note(self, entry: dict[str, Any]) -> None:
        notes = self.drill_screen.query_one("#notes", RichLog)
        t = float(entry.get("t", 0.0))
        kind = entry.get("kind")
        mark = mark_of(entry) if kind == "mark" else None
        if mark is not None:
            what = word(MARK_WORD[mark], self.lang)
            notes.write(f"{offset(t)}  [{entry.get('inject')}] {what}")
        elif kind == "evaluator":
            role = f" ({entry['role']})" if entry.get("role") else ""
            notes.write(f"{offset(t)}  {word('evaluator', self.lang)}: {entry.get('name')}{role}")
        else:
            notes.write(f"{offset(t)}  {unambiguous(str(entry.get('text', '')), self.lang)}")

    # --- forecast from here -----------------------------------------------------------
    def action_forecast(self) -> None:
        self.forecast_screen = ForecastScreen(self.lang)
        self.push_screen(self.forecast_screen)
        if self._pool is None:
            self._start_pool()

    def _the_pool(self) -> Executor:
        """The forecast workers, kept from one forecast to the next: a new pool starts
        its processes and imports the engine again, a second or more before the first
        replication."""
        with self._pool_lock:
            if self._pool is None:
                self._pool = self.forecast_pool()
            return self._pool

    def _drop_pool(self, pool: Executor) -> None:
        """Let a broken pool go; the next forecast starts a new one."""
        with self._pool_lock:
            if self._pool is pool:
                self._pool = None
        pool.shutdown(wait=False, cancel_futures=True)

    @work(thread=True, group="forecast-pool", exclusive=True)
    def _start_pool(self) -> None:
        """Start the workers while the facilitator fills in the forecast dialog."""
        pool = self._the_pool()
        try:
            for future in [pool.submit(ready) for _ in range(pool_size())]:
                future.result()
        except BrokenExecutor:
            self._drop_pool(pool)

    def on_unmount(self) -> None:
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def start_forecast(self, n: int) -> None:
        self.forecast_result = None
        self._forecast(n, self.now(), list(self.drill.decisions))

    @work(thread=True, group="forecast", exclusive=True)
    def _forecast(self, n: int, at: float, decisions: list[Any]) -> None:
        from textual.worker import get_current_worker

        worker = get_current_worker()
        s, p = self.drill.loaded.scenario, self.drill.loaded.plan
        self.call_from_thread(self._show_forecast, Tally(), n, at, False)
        for attempt in (1, 2):
            pool = self._the_pool()
            try:
                tally = run_forecast(
                    s,
                    p,
                    self.rules,
                    decisions,
                    at,
                    n,
                    self.drill.seed,
                    pool=pool,
                    progress=lambda t: self.call_from_thread(self._show_forecast, t, n, at, False),
                    cancelled=lambda: worker.is_cancelled,
                )
                break
            except BrokenExecutor:
                # a worker died (killed, out of memory): start again on a new pool, once
                self._drop_pool(pool)
                if attempt == 2:
                    raise
        self.forecast_result = tally
        self.call_from_thread(self._show_forecast, tally, n, at, True)

    def _show_forecast(self, tally: Tally, n: int, at: float, done: bool) -> None:
        screen = self.forecast_screen
        if screen is None or not screen.is_attached:
            return
        lang = self.lang
        colon = "：" if lang == "zh" else ": "
        rows = []
        for o in outcomes(tally):
            label = outcome_label(o, lang, self.names)
            rows.append((label, f"{o.p:.0%}", f"{o.low:.0%} - {o.high:.0%}", str(o.n)))
        state = word("fc_done" if done else "fc_running", lang)
        screen.show(rows, f"{word('fc_from', lang)} {offset(at)}{colon}{tally.n}/{n} {state}")

    # --- rewind and fork -------------------------------------------------------------
    def action_rewind(self) -> None:
        self.clock.pause()
        self.refresh_panels(force=True)
        self.push_screen(RewindScreen(self.lang, offset(self.now())))

    def _refusal(self, exc: InputError) -> str:
        return "; ".join(f"{p.field}: {p.message}" if p.field else p.message for p in exc.problems)

    def rewind_to(self, text: str, keep_later: bool, command: str) -> str | None:
        """Open the decision form of the branch at the time in ``text``; the reason it
        cannot, or None."""
        try:
            at = parse_time(text, self.now())
        except InputError as exc:
            return self._refusal(exc)
        r = rewind(self.drill, at, keep_later)
        choices = r.probe.options(at, self.names)[command]

        def decide(cmd: str, args: dict[str, Any], by: str | None) -> str | None:
            try:
                change = r.make(cmd, args, by)
            except InputError as exc:
                return self._refusal(exc)
            self.notify(word("branching", self.lang))
            self._branch(r, change)
            return None

        title = f"{word('rewind_at', self.lang)} {offset(at)}: {command_name(command, self.lang)}"
        form = DecisionForm(command, choices, self.lang, decide=decide, title=title)
        self.call_after_refresh(self.push_screen, form)
        return None

    @work(thread=True, group="branch", exclusive=True)
    def _branch(self, r: Rewind, change: Any) -> None:
        result = run_branch(r, change, self.rules, self.names)
        self.comparison = result
        footer = f"{word('fork_written', self.lang)}: drillsim tui --resume {result.journal}"
        at = f"{word('rewind_at', self.lang)} {offset(result.at_min)}"
        title = f"{word('compare_title', self.lang)} ({at})"
        self.call_from_thread(
            self.push_screen, CompareScreen(self.lang, title, result.rows, result.parted, footer)
        )

    # --- end of drill ----------------------------------------------------------------
    def action_end_drill(self) -> None:
        self.clock.pause()
        if self.marks() and evaluator_of(self.drill.journal.private) is None:
            # the marks are signed: ask who the evaluator is before they are written
            self.action_evaluator(then=self.finish)
            return
        self.finish()

    @work(thread=True, group="finish", exclusive=True)
    def finish(self) -> None:
        card, paths = finish_drill(self.drill, self.lang)
        self.written = paths
        after = [word("written", self.lang) + ":", *(f"  {p}" for p in paths)]
        _, dropped = drill_observations(self.drill)
        if self.marks() and evaluator_of(self.drill.journal.private) is None:
            after += ["", word("marks_unsigned", self.lang)]
        if dropped:
            after += ["", word("marks_dropped", self.lang) + ": " + ", ".join(dropped)]
        body = card_view(card, self.names, self.lang, after)
        self.ended = True
        self.call_from_thread(
            self.push_screen, TextScreen(word("end_title", self.lang), body, self.lang)
        )

    # --- panels ----------------------------------------------------------------------
    def refresh_panels(self, force: bool = False) -> None:
        now = self.now()
        if self.drill.finished(now) and self.clock.running:
            self.clock.pause()
            now = self.now()
        bar = self._clockbar(now)
        if self.main is None or not self.is_running:
            return  # not composed yet, or closing (its widgets go one by one)
        if self.screen is not self.main:
            # A dialog is open. The drill behind it stays as it was: any change there
            # redraws the whole dimmed backdrop, a stall of its own. The dialog's clock
            # line keeps the time, and the panels catch up when the dialog closes.
            for line in self.screen.query(".dialog-clock"):
                if isinstance(line, Static):
                    line.update(bar, layout=False)
            return
        self.drill_screen.query_one("#clockbar", Static).update(bar, layout=False)
        if self.main.has_class("board"):
            self.drill_screen.query_one("#bigclock", Digits).update(offset(now)[2:])
        events = self.drill.visible(now)
        log_changed = self._shown_log is not self.drill.log
        if force or log_changed or len(events) != self._shown_count:
            self._event_log(events, rewrite=log_changed)
            self._injects(events)
            self._kpis(events)
            self._shown_count = len(events)
            self._shown_log = self.drill.log
            self._tables(events, now)
        elif now - self._tables_at >= 0.25 or now < self._tables_at:
            self._tables(events, now)

    def _clockbar(self, now: float) -> Text:
        lang = self.lang
        start = self.drill.loaded.scenario.start
        if self.drill.finished(now) or (self.ended and not self.clock.running):
            state = word("ended", lang)  # ended by the facilitator: until the clock runs again
        else:
            state = word("running" if self.clock.running else "paused", lang)
        nxt = self.drill.next_time(now, frozenset({"inject"}))
        upcoming = offset(nxt) if nxt is not None else word("none", lang)
        bar = Text(no_wrap=True, overflow="crop")
        bar.append(f" {offset(now)} ", style="bold reverse")
        bar.append(f"  {clock(start, now)}  ")
        bar.append(f"{state} {self.clock.speed}x", style="bold")
        bar.append(f"   {word('next_inject', lang)}: {upcoming}")
        title = self.drill.loaded.scenario.name_en if lang == "en" else None
        bar.append(f"   {unambiguous(title or self.drill.loaded.scenario.name, lang)}", style="dim")
        return bar

    def _event_log(self, events: list[Event], *, rewrite: bool) -> None:
        log = self.drill_screen.query_one("#log", RichLog)
        start = self.drill.loaded.scenario.start
        if rewrite or len(events) < self._shown_count:
            log.clear()
            begin = 0
        else:
            begin = max(self._shown_count, 0)
        for e in events[begin:]:
            if e.kind not in MAJOR or e.kind == "model_warning":
                continue  # the model's validity notes are for the report, not the room
            line = Text(f"{clock(start, e.t)} {offset(e.t)}  ", style="dim")
            style = "bold" if e.kind in ("inject", "decision") else ""
            line.append(unambiguous(self._describe(e), self.lang), style=style)
            log.write(WrappedText(line))

    def _describe(self, e: Event) -> str:
        """The drill log's sentence: a decision in the room's words (the command's name
        and the names it acts on, not the journal's ids), and who decided by name."""
        lang, n = self.lang, self.names
        if e.kind == "decision":
            command = str(e.details.get("command"))
            args = e.details.get("args") or {}
            said = []
            for key, value in args.items() if isinstance(args, dict) else ():
                if key == "minutes":
                    said.append(f"{float(value):+.0f} " + ("min" if lang == "en" else "分钟"))
                elif key == "text":
                    said.append(str(value))
                else:
                    said.append(n(str(value)))
            by = f" ({e.actor})" if e.actor else ""  # the decision's own record: who
            name = command_name(command, lang) if command in COMMANDS else command
            line = f"{word('decision_log', lang)}: {' '.join([name, *said])}{by}"
            return line if lang == "en" else punctuate_zh(line)
        if e.actor and e.actor.startswith("decision"):
            who = e.actor.partition(":")[2] or word("decision_log", lang)
            n = Names(n.lang, {**n.table, e.actor: (who, who)}, n.injects)
        return describe(e, n)

    def _injects(self, events: list[Event]) -> None:
        lang = self.lang
        table = self.drill_screen.query_one("#injects", LiveTable)
        fired = {str(e.details.get("inject")): e for e in events if e.kind in INJECT_KINDS}
        marks = self.marks()
        rows: list[Row] = []
        for inj in self.drill.loaded.scenario.injects:
            if inj.id in fired:
                event = fired[inj.id]
                when = offset(event.t)
                if event.kind == "inject_skipped":
                    state = word("skipped", lang)
                elif inj.id in marks:
                    state = word(MARK_WORD[marks[inj.id]], lang)
                else:
                    state = word("fired_early" if event.details.get("early") else "fired", lang)
            else:
                when = offset(inj.at_min) if inj.at_min is not None else word("on_condition", lang)
                state = word("pending", lang)
            message = inj.message_en if lang == "en" and inj.message_en else inj.message
            expected = (
                (inj.expected_action_en if lang == "en" else None)
                or inj.expected_action
                or (self.names(inj.expected_step) if inj.expected_step else "")
            )
            rows.append((inj.id, (when, message, state, expected)))
        self._fill(table, rows)

    def _tables(self, events: list[Event], now: float) -> None:
        """The panels that change with time as well as with events: ETAs, air left,
        concentrations."""
        self._tables_at = now
        self._site(events, now)
        lang, n = self.lang, self.names
        s, p = self.drill.loaded.scenario, self.drill.loaded.plan
        teams = self.drill_screen.query_one("#teams", LiveTable)
        rows: list[Row] = []
        for row in teams_at(events, p, s):
            doing = word(row.activity, lang)
            if row.step:
                doing += f" {n(row.step)}"
            where = n(row.location)
            if row.to:
                where += f" -> {n(row.to)}"
            eta = at = ""
            if row.eta is not None:
                left = max(row.eta - now, 0.0)
                eta = word("eta_in", lang).format(f"{int(left)}:{int(left * 60) % 60:02d}")
                at = offset(row.eta)
            rows.append((row.team, (n(row.team), eta, doing, at, where)))
        self._fill(teams, rows)
        res = self.drill_screen.query_one("#resources", LiveTable)
        rows = []
        for u in units_at(events, p, now):
            state = word("failed", lang) if u.failed else ""
            if u.team:
                state = f"{word('in_use', lang)} {n(u.team)}"
            air = f"{u.air_left_min:.1f} min" if u.air_left_min is not None else ""
            unit = f"{n(u.resource)} {u.unit.split('#')[-1]}"
            rows.append((u.unit, (unit, n(u.location), state, air)))
        self._fill(res, rows)

    def _site(self, events: list[Event], now: float) -> None:
        lang, n = self.lang, self.names
        s, p = self.drill.loaded.scenario, self.drill.loaded.plan
        site = self.drill_screen.query_one("#site", LiveTable)
        rows: list[Row] = []
        styles = {
            "none": "green",
            "aegl1": "yellow",
            "aegl2": "dark_orange",
            "idlh": "bold red",
            "fire": "bold red",
        }
        for place in places_at(events, s, p, now):
            zh, en = LEVEL_NAMES[place.level]
            level = Text(en if lang == "en" else zh, style=styles[place.level])
            if place.forbidden:
                level.append(f" {word('forbidden', lang)}", style="bold magenta")
            ppm = board_ppm(place.ppm)
            o, c = ("(", ")") if lang == "en" else ("（", "）")
            who = [
                f"{n(pr.person)}{o}{person_state(pr, lang)}{c}"
                if pr.count == 1
                else f"{n(pr.person)}x{pr.count}{o}{person_state(pr, lang)}{c}"
                for pr in place.people
            ]
            who += [n(t) for t in place.teams]
            rows.append((place.location, (n(place.location), level, ppm, ", ".join(who))))
        self._fill(site, rows)

    def _kpis(self, events: list[Event]) -> None:
        """KPIs and findings of what is visible, scored off the event loop by one worker
        at a time: while it scores, newer events wait and only the latest is scored next
        (the worker holds the interpreter while it counts, which slows the clock too)."""
        self._scored += 1
        now = self.now()
        with self._score_lock:
            self._score_next = (list(events), self._scored, now, self.drill.finished(now))
            if self._scoring:
                return
            self._scoring = True
        self._score()

    @work(thread=True, group="score")
    def _score(self) -> None:
        while True:
            with self._score_lock:
                job, self._score_next = self._score_next, None
                if job is None:
                    self._scoring = False
                    return
            self._score_one(*job)

    def _score_one(self, events: list[Event], version: int, now: float, finished: bool) -> None:
        lang = self.lang
        s, p = self.drill.loaded.scenario, self.drill.loaded.plan
        log = EventLog(events)
        measured = kpis(log, s, p, self.rules)
        rows: list[Row] = []
        for k in measured:
            status = live_status(k, now, finished)
            zh, en = LIVE_STATUS.get(status) or KPI_STATUS.get(status, (status, status))
            style = STATUS_STYLE.get(status, "")
            label = _text(k.label, lang)
            if k.subject:
                label += f" {self.names(k.subject)}"
            target = f"{k.target:g}" if k.target is not None else ""
            value = f"{k.value:.1f}" if k.value is not None else ""
            state = Text(en if lang == "en" else zh, style=style)
            rows.append((f"{k.key}:{k.subject}", (label, target, value, state)))
        found = findings(log, s, p, self.rules, kpi_list=measured)
        lines = [
            Text(f"[{f.severity}] ", style="bold") + Text(unambiguous(_text(f.title, lang), lang))
            for f in found
        ]
        self.call_from_thread(self._show_scores, rows, lines, version)

    def _show_scores(self, rows: list[Row], lines: list[Text], version: int) -> None:
        if version != self._scored or self.main is None or self.screen is not self.main:
            return  # a newer scoring is on its way, or a dialog is open (see refresh_panels)
        try:
            table = self.drill_screen.query_one("#kpis", LiveTable)
            box = self.drill_screen.query_one("#findings", RichLog)
        except NoMatches:
            return  # the scores came back after the panels left (the drill is closing)
        self._fill(table, rows)
        if lines != self._finding_lines:
            box.clear()
            for line in lines:
                box.write(WrappedText(line))
            self._finding_lines = lines

    def _fill(self, table: LiveTable, rows: list[Row]) -> None:
        table.set_rows(rows)


def person_state(row: PersonRow, lang: str) -> str:
    """A person's state on the site board; one who has taken radiant heat from a fire
    reads so, with the probability of death that dose gives (Eisenberg's probit)."""
    if row.thermal_dose <= 0 or row.state == "dead":
        return word(row.state, lang)
    burn = word("heat_exposed", lang)
    p = row.burn_death_probability
    if p >= 0.005:
        burn += word("p_death", lang).format(f"{p:.0%}")
    if row.state == "ok":
        return burn
    return word(row.state, lang) + (", " if lang == "en" else "，") + burn


def _text(t: Bilingual, lang: str) -> str:
    return t.en if lang == "en" else t.zh


class ConsoleAppZh(ConsoleApp):
    BINDINGS: ClassVar[list[BindingType]] = bindings("zh")


def make_app(
    drill: Drill,
    *,
    lang: str = "zh",
    monotonic: Callable[[], float] = time.monotonic,
    keymap: dict[str, str] | None = None,
    tick_s: float | None = TICK_S,
    forecast_pool: Callable[[], Executor] = executor,
) -> ConsoleApp:
    """The console the command line runs and the tests drive."""
    cls = ConsoleApp if lang == "en" else ConsoleAppZh
    return cls(
        drill,
        lang=lang,
        monotonic=monotonic,
        keymap=keymap,
        tick_s=tick_s,
        forecast_pool=forecast_pool,
    )
