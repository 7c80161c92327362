"""The live panels' table: fitted columns, cut cells, rows redrawn one by one."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import App, ComposeResult

from tui.console.table import Column, LiveTable, fit_cell, fit_widths

COLUMNS = [
    Column("time", "Time", min_width=9, shrink=False),
    Column("inject", "Inject", min_width=12),
    Column("state", "State", min_width=6),
    Column("expected", "Expected", min_width=12, optional=True),
]


def test_a_cut_chinese_cell_keeps_its_width_in_columns() -> None:
    cut = fit_cell("尾气发电机房硫化氢泄漏", 9)
    assert cell_len(cut.plain) == 9
    assert cut.plain.endswith("~")  # one column in every terminal, unlike an ellipsis


def test_a_short_cell_is_padded_and_keeps_its_style() -> None:
    cell = fit_cell(Text("met", style="green"), 6)
    assert cell.plain == "met   "
    assert str(cell.style) == "green"


def test_columns_that_fit_keep_their_natural_widths() -> None:
    assert fit_widths(COLUMNS, [9, 20, 7, 10], 60) == [9, 20, 7, 10]


def test_the_optional_column_gives_way_first_then_the_widest_shrinks() -> None:
    natural = [9, 40, 12, 30]
    # 38 columns, the left panel at 100x30: the expected action gives way, then the
    # inject shrinks; time and state stay whole
    assert fit_widths(COLUMNS, natural, 38) == [9, 14, 12, 0]
    # the board layout's wider panel: everything at its natural width
    assert fit_widths(COLUMNS, natural, 95) == natural


class Tables(App[None]):
    def compose(self) -> ComposeResult:
        yield LiveTable(COLUMNS, id="t")


ROWS: list[tuple[str, tuple[Any, ...]]] = [
    (f"i{n}", (f"T+0:0{n}:00", f"inject {n}", "pending", "")) for n in range(5)
]


async def test_a_changed_cell_redraws_its_row_alone() -> None:
    app = Tables()
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one(LiveTable)
        table.set_rows(ROWS)
        await pilot.pause()
        drawn: list[tuple[Any, ...]] = []
        draw = table._draw
        table._draw = lambda cells: drawn.append(tuple(cells)) or draw(cells)  # type: ignore[method-assign]
        changed = list(ROWS)
        changed[2] = ("i2", ("T+0:02:00", "inject 2", "fired", ""))
        table.set_rows(changed)
        await pilot.pause()
        assert drawn == [changed[2][1]]
        assert table.get_cell("i2", "state") == "fired"


async def test_the_selection_stays_on_its_row_when_rows_come_and_go() -> None:
    app = Tables()
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one(LiveTable)
        table.set_rows(ROWS)
        table.move_cursor(row=3)
        table.set_rows([("new", ("T+0:00:30", "new", "pending", "")), *ROWS])
        await pilot.pause()
        assert table.selected_key == "i3"
        table.focus()
        await pilot.press("down")
        assert table.selected_key == "i4"


async def test_a_cell_grown_past_its_cut_column_is_redrawn() -> None:
    """A cell that grows in a column already cut to the panel (the site board's people
    when a burn is added to their state) changes the natural widths but not the fitted
    ones: its row is drawn anew all the same."""
    app = Tables()
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(LiveTable)
        rows = [(k, (t, f"{name} and a long tail", s, e)) for k, (t, name, s, e) in ROWS]
        table.set_rows(rows)
        await pilot.pause()
        before = table.render_line(3).text
        grown = list(rows)
        grown[2] = ("i2", ("T+0:02:00", "changed 2 and a much longer tail", "fired", ""))
        table.set_rows(grown)
        await pilot.pause()
        after = table.render_line(3).text
        assert "changed" in after and "fired" in after, (before, after)


async def test_a_blank_column_that_may_hide_gives_its_room_to_the_others() -> None:
    columns = [*COLUMNS[:3], Column("ppm", "ppm", min_width=6, shrink=False, hidden_blank=True)]
    app = Tables()
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one(LiveTable)
        table.columns = columns
        table.set_rows([(k, (t, i, s, "")) for k, (t, i, s, _) in ROWS])
        await pilot.pause()
        assert "ppm" not in table.render_line(0).text
        table.set_rows([(k, (t, i, s, "12.5")) for k, (t, i, s, _) in ROWS])
        await pilot.pause()
        assert "ppm" in table.render_line(0).text and "12.5" in table.render_line(1).text
