"""Dialogs: a decision form offering only what is valid now, notes, the scorecard."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, ScreenResultType
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    Input,
    Label,
    OptionList,
    Select,
    Static,
)
from textual.widgets.option_list import Option

from sim.decisions import COMMANDS
from tui.console.drill import Option as Choice
from tui.console.table import Column, LiveTable
from tui.console.text import command_name, field_name, unambiguous, word


class Dialog(ModalScreen[ScreenResultType]):
    """A dialog over the drill. The drill behind it is dimmed and held still (redrawing
    it under a dialog redraws the whole backdrop); the clock line on top, over the
    drill's own, keeps the drill time."""

    def compose(self) -> ComposeResult:
        yield Static("", classes="dialog-clock")
        yield from self.contents()

    def contents(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        refresh = getattr(self.app, "refresh_panels", None)
        if refresh is not None:
            refresh()


class CommandMenu(Dialog[str | None]):
    """Which decision: every journal command."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="cancel_menu")
    ]

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def contents(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(word("decide", self.lang), classes="dialog-title")
            yield OptionList(
                *[Option(command_name(c, self.lang), id=c) for c in COMMANDS],
                id="commands",
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class DecisionForm(Dialog[dict[str, Any] | None]):
    """One field per argument; the choices are those valid at the instant it opened,
    and the console checks again at the instant it is submitted."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="cancel_form")
    ]

    def __init__(
        self,
        command: str,
        choices: dict[str, list[Choice]],
        lang: str,
        preset: dict[str, str] | None = None,
        decide: Callable[[str, dict[str, Any], str | None], str | None] | None = None,
        title: str | None = None,
    ) -> None:
        super().__init__()
        self.command = command
        self.choices = choices
        self.lang = lang
        self.preset = preset or {}
        self.decide = decide
        self.heading = title

    def contents(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(
                self.heading or command_name(self.command, self.lang), classes="dialog-title"
            )
            if self.command == "note":
                yield Label(field_name("text", self.lang))
                yield Input(id="arg-text")
            for name, options in self.choices.items():
                yield Label(field_name(name, self.lang))
                if not options:
                    yield Label(word("nothing_now", self.lang), classes="error")
                preset = self.preset.get(name)
                yield Select(
                    [(o.label, o.value) for o in options],
                    prompt=word("choose", self.lang),
                    id=f"arg-{name}",
                    value=preset if preset in {o.value for o in options} else Select.NULL,
                )
            yield Label(word("by", self.lang))
            yield Input(id="by")
            yield Static("", id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(word("ok_button", self.lang), id="ok", variant="primary")
                yield Button(word("cancel", self.lang), id="cancel")

    def values(self) -> dict[str, Any]:
        args: dict[str, Any] = {}
        if self.command == "note":
            args["text"] = self.query_one("#arg-text", Input).value
        for name in self.choices:
            value = self.query_one(f"#arg-{name}", Select).value
            if value is not Select.NULL and value is not Select.BLANK:
                args[name] = value
        by = self.query_one("#by", Input).value.strip()
        return {"command": self.command, "args": args, "by": by or None}

    def show_error(self, text: str) -> None:
        self.query_one("#form-error", Static).update(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "ok":
            self.submit()
        else:
            self.dismiss(None)

    def submit(self) -> None:
        values = self.values()
        decide = self.decide or getattr(self.app, "decide", None)
        if decide is None:
            self.dismiss(values)
            return
        error = decide(values["command"], values["args"], values["by"])
        if error:
            self.show_error(error)
        else:
            self.dismiss(values)


class NoteForm(Dialog[tuple[str, bool] | None]):
    """A note: shared (in the drill log, a journaled decision) or private."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="cancel_note")
    ]

    def __init__(self, lang: str, private: bool) -> None:
        super().__init__()
        self.lang = lang
        self.private = private

    def contents(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(
                word("note_private" if self.private else "note_shared", self.lang),
                classes="dialog-title",
            )
            yield Input(id="note-text", placeholder=word("note_text", self.lang))
            yield Static("", id="form-error", classes="error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.query_one("#form-error", Static).update(word("note_text", self.lang) + " ?")
            return
        self.dismiss((text, self.private))


class EvaluatorForm(Dialog[tuple[str, str | None] | None]):
    """Who signs the marks of expected actions: name, and role and organisation."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="cancel_evaluator")
    ]

    def __init__(self, lang: str, known: tuple[str, str | None] | None = None) -> None:
        super().__init__()
        self.lang = lang
        self.known = known

    def contents(self) -> ComposeResult:
        name, role = self.known or ("", None)
        with Vertical(classes="dialog"):
            yield Label(word("evaluator_title", self.lang), classes="dialog-title")
            yield Label(field_name("evaluator_name", self.lang))
            yield Input(name, id="evaluator-name", max_length=500)
            yield Label(field_name("evaluator_role", self.lang))
            yield Input(role or "", id="evaluator-role", max_length=500)
            yield Static("", id="form-error", classes="error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        name = self.query_one("#evaluator-name", Input).value.strip()
        role = self.query_one("#evaluator-role", Input).value.strip()
        if not name:
            self.query_one("#form-error", Static).update(word("evaluator_needed", self.lang))
            self.query_one("#evaluator-name", Input).focus()
            return
        self.dismiss((name, role or None))


class TextScreen(Dialog[None]):
    """A scrollable text: the scorecard at the end of the drill."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Close", id="close_text"),
        # the text keeps the focus, so the arrow keys scroll it; Enter closes it as the
        # focused Close button would
        Binding("enter", "dismiss(None)", "Close", id="close_text_enter", show=False),
    ]

    def __init__(self, title: str, body: RenderableType, lang: str) -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.lang = lang

    def contents(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="text-dialog"):
            yield Label(self.title_text, classes="dialog-title")
            with VerticalScroll():
                yield Static(self.body, id="text-body", markup=False)
            yield Button(word("close", self.lang), id="close")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None)


class ForecastScreen(Dialog[None]):
    """Forecast from here: N replications forked at the current instant, run by a
    worker while the drill clock keeps running; results fill in as they arrive."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Close", id="close_forecast")
    ]

    def __init__(self, lang: str, n: int = 200) -> None:
        super().__init__()
        self.lang = lang
        self.n = n

    def contents(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(word("forecast_title", self.lang), classes="dialog-title")
            with Horizontal(classes="buttons"):
                yield Label(word("replications", self.lang) + " ")
                yield Input(str(self.n), id="forecast-n", type="integer")
                yield Button(word("start", self.lang), id="forecast-start", variant="primary")
            yield Static("", id="forecast-progress")
            yield LiveTable(
                [
                    Column("outcome", word("fc_outcome", self.lang), min_width=16),
                    *(
                        Column(key, word(f"fc_{key}", self.lang), shrink=False)
                        for key in ("probability", "interval", "replications")
                    ),
                ],
                id="forecast-table",
                lang=self.lang,
            )
            yield Static(word("forecast_note", self.lang), id="forecast-note", classes="dim")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "forecast-start":
            self.start()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.start()

    def start(self) -> None:
        text = self.query_one("#forecast-n", Input).value.strip()
        n = int(text) if text.isdigit() else 0
        if not 1 <= n <= 10000:
            self.query_one("#forecast-progress", Static).update(
                word("replications", self.lang) + ": 1-10000"
            )
            return
        start = getattr(self.app, "start_forecast", None)
        if start is not None:
            start(n)

    def show(self, rows: list[tuple[str, str, str, str]], progress: str) -> None:
        # as the replications stream in, only the figures that moved are redrawn
        self.query_one("#forecast-progress", Static).update(progress, layout=False)
        self.query_one("#forecast-table", LiveTable).set_rows([(row[0], row) for row in rows])


class RewindScreen(Dialog[tuple[str, bool, str] | None]):
    """Rewind and fork: the time to go back to, whether the decisions taken since are
    kept in the branch, and the decision to take there."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="cancel_rewind")
    ]

    def __init__(self, lang: str, now: str) -> None:
        super().__init__()
        self.lang = lang
        self.now = now

    def contents(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(word("rewind_title", self.lang), classes="dialog-title")
            yield Label(word("rewind_to", self.lang))
            yield Input(self.now, id="rewind-time")
            yield Checkbox(word("keep_later", self.lang), value=True, id="keep-later")
            yield Label(word("rewind_decision", self.lang))
            yield OptionList(
                *[Option(command_name(c, self.lang), id=c) for c in COMMANDS],
                id="rewind-commands",
            )
            yield Static("", id="form-error", classes="error")

    def show_error(self, text: str) -> None:
        self.query_one("#form-error", Static).update(text)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        text = self.query_one("#rewind-time", Input).value
        keep = self.query_one("#keep-later", Checkbox).value
        chosen = getattr(self.app, "rewind_to", None)
        if chosen is None or event.option.id is None:
            return
        error = chosen(text, keep, event.option.id)
        if error:
            self.show_error(error)
        else:
            self.dismiss((text, keep, event.option.id))


class CompareScreen(Dialog[None]):
    """The drill and its branch side by side: KPIs, outcomes, where they first part."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Close", id="close_compare")
    ]

    def __init__(
        self, lang: str, title: str, rows: list[tuple[str, str, str]], parted: str, footer: str
    ) -> None:
        super().__init__()
        self.lang = lang
        self.heading = title
        self.rows = rows
        self.parted = parted
        self.footer = footer

    def contents(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(self.heading, classes="dialog-title")
            yield Static(unambiguous(self.parted, self.lang), id="compare-parted", markup=False)
            yield DataTable(id="compare-table", cursor_type="row", zebra_stripes=True)
            yield Static(self.footer, id="compare-footer", markup=False, classes="dim")
            yield Button(word("close", self.lang), id="close")

    def on_mount(self) -> None:
        table = self.query_one("#compare-table", DataTable)
        for key in ("cmp_what", "cmp_live", "cmp_branch"):
            table.add_column(word(key, self.lang), key=key)
        for what, ours, theirs in self.rows:
            table.add_row(*(unambiguous(cell, self.lang) for cell in (what, ours, theirs)))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        # the table keeps the focus for the arrow keys: Enter closes, as on the scorecard
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None)
