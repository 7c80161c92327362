"""Model warnings read in Chinese and English, whatever sentence the engine logged."""

from __future__ import annotations

import json
import re

import pytest

from scoring.modelnotes import knows, model_note
from sim.casualties import HAND_CARRY_ENDURANCE_MIN
from sim.physics import check_validity
from tests.conftest import GOLDEN

HAN = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_WORD = re.compile(r"\b(?!ALOHA\b|Pasquill\b|Knapik\b|IDLH\b)[A-Za-z]{3,}\b")

EVERY_WARNING = [
    *check_validity(wind_speed_m_s=0.5),
    *check_validity(wind_speed_m_s=6.0, stability="A"),
    *check_validity(wind_speed_m_s=1.5, stability="C"),
    *check_validity(wind_speed_m_s=5.5, stability="E"),
    *check_validity(distance_m=12_000.0),
    *check_validity(distance_m=8.0),
    *check_validity(exposure_min=90.0),
]


def test_every_kind_of_validity_warning_is_covered() -> None:
    assert len(EVERY_WARNING) == 7


@pytest.mark.parametrize("message", EVERY_WARNING)
def test_each_validity_warning_has_a_chinese_text_without_english_words(message: str) -> None:
    assert knows(message)
    zh = model_note(message, "zh")
    assert HAN.search(zh) and not ENGLISH_WORD.search(zh), zh


def test_the_near_source_warning_keeps_its_numbers() -> None:
    [message] = check_validity(distance_m=8.0)
    assert model_note(message, "zh") == (
        "距泄漏源 8 m，在 100 m 以内：扩散系数未在此范围实测，泄漏源自身尺寸和射流的影响不可忽略。"
    )
    assert model_note(message, "en") == message


def test_pasquill_bounds_read_in_chinese() -> None:
    [message] = check_validity(wind_speed_m_s=5.5, stability="E")
    assert "E 类要求 10 m 高处风速不低于 2 m/s 且低于 5 m/s" in model_note(message, "zh")


def test_the_carry_warning_names_places_in_either_language() -> None:
    logged = (
        f"A carry of 6.5 min from truck_side to plant_gate is longer than the "
        f"{HAND_CARRY_ENDURANCE_MIN} min two bearers keep up on average (Knapik et al. "
        "2000); rests and relief bearers are not drawn"
    )
    names = {"truck_side": "液氯运输车旁", "plant_gate": "水厂西大门"}.__getitem__
    zh = model_note(logged, "zh", names)
    assert zh.startswith(
        "从“液氯运输车旁”抬运到“水厂西大门”需 6.5 分钟，超过两人平均能坚持的 2.7 分钟"
    )
    en_names = {"truck_side": "Beside the truck", "plant_gate": "West gate"}.__getitem__
    assert "from Beside the truck to West gate" in model_note(logged, "en", en_names)


def test_an_unknown_sentence_is_shown_as_logged() -> None:
    assert model_note("Something new.", "zh") == "Something new."


def test_every_model_warning_of_the_golden_logs_has_a_chinese_text() -> None:
    messages = {
        json.loads(line)["details"]["message"]
        for path in sorted(GOLDEN.glob("*.events.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if '"kind":"model_warning"' in line
    }
    assert any(m.startswith("A carry of") for m in messages)
    assert [m for m in messages if not knows(m)] == []


def test_a_warning_about_one_zone_keeps_its_label() -> None:
    [message] = check_validity(distance_m=49.3)
    assert model_note(f"h2s_leak ERPG-2: {message}", "zh").startswith(
        "h2s_leak ERPG-2：距泄漏源 49.3 m，在 100 m 以内"
    )
