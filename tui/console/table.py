"""The live panels' table: rows redrawn one by one, columns fitted to the panel.

The panels change several times a second while the drill runs (ETAs count down,
concentrations rise, air runs out). A ``DataTable`` redraws every visible cell
when any cell changes, which at 100x30 on a busy machine stalled the drill clock
for over 100 ms at each tick. Here a changed row redraws that row alone, and
the columns are fitted to the panel's width (the widest shrinking first, then
the optional ones left out), so that every column the facilitator needs shows
in a 100-column terminal instead of running off the panel's edge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.console.text import unambiguous, unambiguous_text

Cell = str | Text
Row = tuple[str, tuple[Cell, ...]]
"""A row: its key and its cells."""

MORE = "~"
"""Marks a cut cell. One column wide in every terminal (an ellipsis is East Asian
ambiguous width: two columns in a terminal set up for Chinese)."""


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    min_width: int = 4
    """Narrowest it shrinks to when the panel is too narrow."""
    shrink: bool = True
    optional: bool = False
    """Left out (last first) when the panel is too narrow even at the minimum widths."""
    hidden_blank: bool = False
    """Left out while every cell in it is blank (the site board's ppm in a drill with no
    gas), so that the others have its room."""


def fit_cell(cell: Cell, width: int) -> Text:
    """The cell cut (marked with ``~``) or padded to exactly ``width`` columns."""
    text = Text(cell) if isinstance(cell, str) else cell.copy()
    if "\n" in text.plain:
        text = Text(" ").join(text.split("\n"))
    if text.cell_len > width:
        used, end = 0, 0
        for end, char in enumerate(text.plain):  # noqa: B007
            used += cell_len(char)
            if used > width - 1:
                break
        text = text[:end]
        text.append(MORE, style="dim")
    text.truncate(width, pad=True)
    return text


def fit_widths(columns: Sequence[Column], natural: Sequence[int], width: int) -> list[int]:
    """Each column's width in a panel ``width`` columns wide, a space before each
    (0: left out). Optional columns are left out, last first, while the row does not
    fit; then the widest column not yet at its minimum gives up a column until it fits."""
    lowest = [min(c.min_width, n) if c.shrink else n for c, n in zip(columns, natural, strict=True)]
    shown = [n > 0 for n in natural]  # 0: a blank column left out (Column.hidden_blank)
    for i in reversed(range(len(columns))):
        if sum(n + 1 for n, s in zip(natural, shown, strict=True) if s) <= width:
            break
        if columns[i].optional:
            shown[i] = False
    widths = [n if s else 0 for n, s in zip(natural, shown, strict=True)]
    over = sum(w + 1 for w, s in zip(widths, shown, strict=True) if s) - width
    while over > 0:
        room = [i for i in range(len(columns)) if shown[i] and widths[i] > lowest[i]]
        if not room:
            break
        i = max(room, key=lambda i: widths[i])
        widths[i] -= 1
        over -= 1
    return widths


def _blank(cell: Cell) -> bool:
    return not (cell.plain if isinstance(cell, Text) else cell).strip()


class LiveTable(ScrollView, can_focus=True):
    """A header and keyed rows with a row cursor; ``set_rows`` redraws what changed."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "live-table--header",
        "live-table--cursor",
        "live-table--even-row",
    }
    DEFAULT_CSS = """
    LiveTable {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        & > .live-table--header {
            text-style: bold;
            background: $panel;
        }
        & > .live-table--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .live-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        &:focus > .live-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "cursor(-1000000)", "First", show=False),
        Binding("end", "cursor(1000000)", "Last", show=False),
    ]

    def __init__(
        self,
        columns: Sequence[Column],
        *,
        zebra_stripes: bool = False,
        id: str | None = None,
        lang: str = "zh",
    ) -> None:
        super().__init__(id=id)
        self.lang = lang
        """The language of the cells: a symbol of ambiguous width in them is shown in
        its plain form in that language (``tui.console.text.unambiguous``)."""
        self.columns = [replace(c, label=unambiguous(c.label, lang)) for c in columns]
        self.zebra_stripes = zebra_stripes
        self._rows: list[Row] = []
        self._index: dict[str, int] = {}
        self._natural = [cell_len(c.label) for c in self.columns]
        self._widths: list[int] = []
        self._fitted_to = -1
        self._drawn: dict[int, list[Segment]] = {}  # row index -> its cells, fitted
        self.cursor_row = 0

    # --- the data ----------------------------------------------------------------
    @property
    def rows(self) -> list[Row]:
        """The rows as they are shown (in the plain forms of ``unambiguous``)."""
        return list(self._rows)

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def selected_key(self) -> str | None:
        return self._rows[self.cursor_row][0] if self._rows else None

    def get_row_index(self, row_key: str) -> int:
        return self._index[row_key]

    def get_cell(self, row_key: str, column_key: str) -> Cell:
        cells = self._rows[self._index[row_key]][1]
        return cells[[c.key for c in self.columns].index(column_key)]

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Show ``rows``: a row whose cells changed is redrawn alone; when rows come or
        go the cursor stays on the row it was on."""
        rows = [(key, tuple(self._plain(c) for c in cells)) for key, cells in rows]
        old = self._rows
        natural = [cell_len(c.label) for c in self.columns]
        for _, cells in rows:
            for i, cell in enumerate(cells):
                n = cell.cell_len if isinstance(cell, Text) else cell_len(cell)
                if n > natural[i]:
                    natural[i] = n
        for i, column in enumerate(self.columns):
            if column.hidden_blank and all(_blank(cells[i]) for _, cells in rows):
                natural[i] = 0
        same_keys = len(old) == len(rows) and all(
            a[0] == b[0] for a, b in zip(old, rows, strict=True)
        )
        selected = self.selected_key
        self._rows = rows
        self._index = {key: i for i, (key, _) in enumerate(rows)}
        if natural != self._natural:
            self._natural = natural
            self._fitted_to = -1  # refitted at the next draw
        if not same_keys:
            self._drawn.clear()
            self.cursor_row = self._index.get(selected or "", min(self.cursor_row, len(rows) - 1))
            self.cursor_row = max(self.cursor_row, 0)
            self.virtual_size = Size(self.size.width, len(rows) + 1)
            self.refresh()
            return
        changed = [
            i
            for i, ((_, cells), (_, before)) in enumerate(zip(rows, old, strict=True))
            if cells != before
        ]
        for i in changed:
            self._drawn.pop(i, None)  # also when refitting leaves every width as it was
        if self._fitted_to < 0:
            self.refresh()
            return
        for i in changed:
            self.refresh_line(i + 1)

    def _plain(self, cell: Cell) -> Cell:
        if isinstance(cell, Text):
            return unambiguous_text(cell, self.lang)
        return unambiguous(cell, self.lang)

    # --- the cursor ----------------------------------------------------------------
    def move_cursor(self, row: int) -> None:
        if not self._rows:
            return
        before = self.cursor_row
        self.cursor_row = min(max(row, 0), len(self._rows) - 1)
        if self.cursor_row != before:
            self.refresh_line(before + 1)
            self.refresh_line(self.cursor_row + 1)
        self._show_cursor()

    def _show_cursor(self) -> None:
        shown = max(self.scrollable_content_region.height - 1, 1)
        top = self.scroll_offset.y
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + shown:
            self.scroll_to(y=self.cursor_row - shown + 1, animate=False, immediate=True)

    def action_cursor(self, step: int) -> None:
        self.move_cursor(self.cursor_row + step)

    def action_page(self, step: int) -> None:
        self.move_cursor(self.cursor_row + step * max(self.scrollable_content_region.height - 1, 1))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None and offset.y >= 1:
            self.move_cursor(offset.y - 1 + self.scroll_offset.y)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self._rows) + 1)

    # --- drawing -------------------------------------------------------------------
    def _fit(self) -> None:
        width = self.scrollable_content_region.width
        if width != self._fitted_to:
            widths = fit_widths(self.columns, self._natural, width)
            if widths != self._widths:
                self._widths = widths
                self._drawn.clear()
            self._fitted_to = width

    def _draw(self, cells: Sequence[Cell]) -> list[Segment]:
        line = Text()
        for cell, width in zip(cells, self._widths, strict=True):
            if width:
                line.append(" ")
                line.append_text(fit_cell(cell, width))
        return list(line.render(self.app.console))

    def render_line(self, y: int) -> Strip:
        self._fit()
        width = self.size.width
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("live-table--header")
            segments = self._draw([c.label for c in self.columns])
            return Strip(segments).apply_style(style).adjust_cell_length(width, style)
        i = y - 1 + self.scroll_offset.y
        if i >= len(self._rows):
            return Strip.blank(width, base)
        if i not in self._drawn:
            self._drawn[i] = self._draw(self._rows[i][1])
        style = base
        if i == self.cursor_row:
            style += self.get_component_rich_style("live-table--cursor")
        elif self.zebra_stripes and i % 2:
            style += self.get_component_rich_style("live-table--even-row")
        return Strip(self._drawn[i]).apply_style(style).adjust_cell_length(width, style)
