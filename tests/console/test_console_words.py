"""The console's own Chinese words are set as the reports set Chinese: full-width
punctuation between Chinese characters (a comma, colon or bracket among Chinese reads
as a typo to a Chinese reader)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scoring.punctuation import punctuate_zh
from tests.console.conftest import POISONING, FakeTime
from tui.console.app import make_app
from tui.console.drill import open_drill
from tui.console.text import COMMAND_NAMES, FIELD_NAMES, WORDS

TABLES = {"WORDS": WORDS, "COMMAND_NAMES": COMMAND_NAMES, "FIELD_NAMES": FIELD_NAMES}


@pytest.mark.parametrize("table", sorted(TABLES))
def test_chinese_words_have_full_width_punctuation(table: str) -> None:
    unset = {key: zh for key, (zh, _) in TABLES[table].items() if punctuate_zh(zh) != zh}
    assert unset == {}


def test_the_forecast_note_reads_in_chinese_punctuation() -> None:
    zh, _ = WORDS["forecast_note"]
    assert "，以新的随机数流继续推演；" in zh


async def test_the_chinese_command_palette_speaks_chinese(tmp_path: Path) -> None:
    # the terminal toolkit's own commands (theme, keys, screenshot...) and the palette's
    # key in the footer are worded in Chinese too; a command's help gives its key
    drill = open_drill(POISONING, None, 1, folder=tmp_path / "drill")
    app = make_app(drill, lang="zh", monotonic=FakeTime(), tick_s=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        commands = list(app.get_system_commands(app.screen))
        english = [
            (c.title, c.help)
            for c in commands
            if re.search(r"[A-Za-z]{2,}", re.sub(r"^按键 \S+$|SVG", "", c.help) + c.title)
        ]
        assert english == []
        assert any(c.title == "主题" for c in commands)
        palette = [b for b in app.active_bindings.values() if b.binding.action == "command_palette"]
        assert [b.binding.description for b in palette] == ["命令"]
