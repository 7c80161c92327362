"""The console's own Chinese words are set as the reports set Chinese: full-width
punctuation between Chinese characters (a comma, colon or bracket among Chinese reads
as a typo to a Chinese reader)."""

from __future__ import annotations

import pytest

from scoring.punctuation import punctuate_zh
from tui.console.text import COMMAND_NAMES, FIELD_NAMES, WORDS

TABLES = {"WORDS": WORDS, "COMMAND_NAMES": COMMAND_NAMES, "FIELD_NAMES": FIELD_NAMES}


@pytest.mark.parametrize("table", sorted(TABLES))
def test_chinese_words_have_full_width_punctuation(table: str) -> None:
    unset = {key: zh for key, (zh, _) in TABLES[table].items() if punctuate_zh(zh) != zh}
    assert unset == {}


def test_the_forecast_note_reads_in_chinese_punctuation() -> None:
    zh, _ = WORDS["forecast_note"]
    assert "，以新的随机数流继续推演；" in zh
