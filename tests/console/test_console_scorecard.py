"""The end-of-drill scorecard as the console shows it: laid out at the dialog's width
in a 100x30 terminal and on a projector's large screen, and closed with Enter or Esc."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.geometry import Region
from textual.widgets import Static

from scoring.names import Names
from scoring.punctuation import punctuate_zh
from scoring.scorecard import Scorecard
from tests.console.conftest import POISONING, FakeTime, until
from tui.console.app import ConsoleApp, make_app
from tui.console.card import card_view
from tui.console.drill import open_drill
from tui.console.forms import TextScreen
from tui.console.text import unambiguous, word
from tui.console.wrapping import wrap
from tui.scorecard import consequence_rows, objective_rows

SMALL = (100, 30)
LARGE = (200, 50)


@pytest.fixture(scope="module")
def cards(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Scorecard]:
    """The poisoning drill on seed 1 ended at once: a rating capped by a finding and one
    capped by a consequence, the rules that wrapped worst."""
    from tui.console.drill import finish_drill

    out = {}
    for lang in ("zh", "en"):
        drill = open_drill(POISONING, None, 1, folder=tmp_path_factory.mktemp(lang) / "drill")
        out[lang], _ = finish_drill(drill, lang, formats=())
    return out


def shown(lang: str, cell: str) -> str:
    return unambiguous(cell if lang == "en" else punctuate_zh(cell), lang)


async def dialog_lines(folder: Path, card: Scorecard, lang: str, board: bool) -> list[str]:
    """The lines of the end-of-drill dialog showing ``card`` over the poisoning drill (in
    a drill folder under ``folder``), at 100x30 or on the big screen."""
    app = make_app(
        open_drill(POISONING, None, 1, folder=folder / "d"),
        lang=lang,
        monotonic=FakeTime(),
        tick_s=None,
    )
    async with app.run_test(size=LARGE if board else SMALL) as pilot:
        if board:
            await pilot.press("b")
        names = Names.of(app.drill.loaded.scenario, app.drill.loaded.plan, lang)
        await app.push_screen(TextScreen("end", card_view(card, names, lang), lang))
        await pilot.pause()
        body = app.screen.query_one("#text-body", Static)
        width, height = body.size
        return [s.text.rstrip() for s in body.render_lines(Region(0, 0, width, height))]


def column_text(lines: list[str], row: int, x: int) -> str:
    """The text of a table cell that starts on line ``row`` at cell ``x``: its line's
    rest of the column and the lines below it blank before ``x``."""

    def cut(line: str, at: int) -> tuple[str, str]:
        used = 0
        for i, char in enumerate(line):
            if used >= at:
                return line[:i], line[i:]
            used += cell_len(char)
        return line, ""

    parts = [cut(lines[row], x)[1]]
    for line in lines[row + 1 :]:
        before, after = cut(line, x)
        if before.strip() or not after.strip():
            break
        parts.append(after)
    return " ".join(p.strip() for p in parts)


@pytest.mark.parametrize("board", [False, True], ids=["100x30", "board"])
@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_each_rating_rule_reads_whole_in_its_column(
    cards: dict[str, Scorecard], tmp_path: Path, lang: str, board: bool
) -> None:
    """'Corrective action caps it -> S' continues under the rule it belongs to, in the
    rule column, instead of on a line of its own at the dialog's left edge."""
    card = cards[lang]
    lines = await dialog_lines(tmp_path, card, lang, board)
    for name, _score, _rating, rule in objective_rows(card, lang)[1:]:
        row = next(i for i, line in enumerate(lines) if line.startswith(shown(lang, name)))
        first = wrap(shown(lang, rule), 10_000)[0].split(" ")[0]
        x = cell_len(lines[row][: lines[row].index(first)])
        said = column_text(lines, row, x)
        assert re.sub(r"\s+", "", said) == re.sub(r"\s+", "", shown(lang, rule))


@pytest.mark.parametrize("board", [False, True], ids=["100x30", "board"])
@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_consequences_header_stays_on_one_line(
    cards: dict[str, Scorecard], tmp_path: Path, lang: str, board: bool
) -> None:
    card = cards[lang]
    lines = await dialog_lines(tmp_path, card, lang, board)
    header = [shown(lang, cell) for cell in consequence_rows(card, lang)[0][0]]
    assert any(all(cell in line for cell in header) for line in lines), header
    width = max(cell_len(line) for line in lines)
    assert width <= (SMALL[0] if not board else LARGE[0]) - 8
    assert not [c for line in lines for c in line if unicodedata.east_asian_width(c) == "A"]


@pytest.mark.parametrize("key", ["enter", "escape"])
async def test_enter_or_escape_closes_the_end_of_drill_dialog(
    console: ConsoleApp, key: str
) -> None:
    async with console.run_test(size=SMALL) as pilot:
        await pilot.press("x")
        await until(lambda: isinstance(console.screen, TextScreen))
        await pilot.pause()
        assert word("close", "en") in str(console.screen.query_one("#close").render())
        await pilot.press(key)
        await until(lambda: console.screen is console.main)
