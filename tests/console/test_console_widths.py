"""Chinese is laid out by cell width: nothing the console shows as text (its tables,
the drill log, the site board, the scorecard at the end) holds a character of East
Asian Ambiguous width, which a terminal set up for Chinese draws two columns wide and
every other terminal one."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text
from textual.widgets import RichLog, Static

from scoring.names import Names
from tests.console.conftest import POISONING, FakeTime
from tui.console.app import make_app
from tui.console.card import card_view
from tui.console.drill import finish_drill, open_drill
from tui.console.table import LiveTable
from tui.console.text import unambiguous

PIPELINE = POISONING.parent / "pipeline.yaml"


def ambiguous(texts: list[str]) -> list[tuple[str, str]]:
    return [
        (char, text) for text in texts for char in text if unicodedata.east_asian_width(char) == "A"
    ]


def test_the_plain_forms_replace_each_ambiguous_symbol_by_language() -> None:
    rule = "得分 89.8 ≥ 75 → S/良好；“预案”—"
    assert unambiguous(rule, "zh") == "得分 89.8 >= 75 -> S/良好；「预案」－"
    assert unambiguous("score 89.8 ≥ 75 → S; 2–3 ‘a’", "en") == "score 89.8 >= 75 -> S; 2-3 'a'"


@pytest.mark.parametrize("scenario", [POISONING, PIPELINE], ids=["poisoning", "pipeline"])
@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_no_panel_shows_a_symbol_of_ambiguous_width(
    tmp_path: Path, scenario: Path, lang: str
) -> None:
    drill = open_drill(scenario, None, 1, folder=tmp_path / "drill")
    app = make_app(drill, lang=lang, monotonic=FakeTime(), tick_s=None)
    shown: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        for t in (0.0, 6.0, 12.0, 45.0, 120.0):
            app.clock.jump(t)
            app.refresh_panels(force=True)
            await app.workers.wait_for_complete()
            await pilot.pause()
            for table in app.query(LiveTable):
                shown += [c.label for c in table.columns]
                shown += [str(cell) for _, cells in table.rows for cell in cells]
            for log in app.query(RichLog):
                shown += [line.text for line in log.lines]
            bar = app.query_one("#clockbar", Static).render()
            shown.append(bar.plain if isinstance(bar, Text) else str(bar))
    assert len(shown) > 100
    assert not ambiguous(shown)


@pytest.mark.parametrize("scenario", [POISONING, PIPELINE], ids=["poisoning", "pipeline"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_scorecard_dialog_shows_no_symbol_of_ambiguous_width(
    tmp_path: Path, scenario: Path, lang: str
) -> None:
    drill = open_drill(scenario, None, 1, folder=tmp_path / "drill")
    card, _ = finish_drill(drill, lang, formats=())
    names = Names.of(drill.loaded.scenario, drill.loaded.plan, lang)
    console = Console(width=88, record=True, color_system=None, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(card_view(card, names, lang, ["Written:", "  run/scorecard.json"]))
    text = console.export_text()
    assert ("≥" in card.overall.rule.pick(lang)) and ">=" in text
    assert not ambiguous(text.splitlines())


async def test_a_chinese_sentence_in_the_drill_log_breaks_between_characters(
    tmp_path: Path,
) -> None:
    """The pipeline's first inject ('距断裂点约140 m的李家庄...约153 m）内') broke only
    at its spaces: 'm的李家庄' and 'm）内' began lines, the lines before half empty."""
    drill = open_drill(PIPELINE, None, 1, folder=tmp_path / "drill")
    app = make_app(drill, lang="zh", monotonic=FakeTime(), tick_s=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        log = app.query_one("#log", RichLog)
        width = log.scrollable_content_region.width
        lines = [line.text.rstrip() for line in log.lines]
        said = next(i for i, line in enumerate(lines) if "情景注入" in line)
        sentence = lines[said : said + 3]
        assert not any(line.startswith("m") for line in lines)
        assert all(cell_len(line) >= width - 3 for line in sentence[:-1]), sentence
