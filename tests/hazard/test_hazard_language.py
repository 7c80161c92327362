"""`drillsim hazard` speaks the command's language: Chinese by default, English on request.

The zones of every bundled scenario and each calculator's text are read in
Chinese for what a Chinese reader would trip over: ASCII punctuation beside
Chinese, hazard ids, English sentences. Authors cited, formula symbols and
codes stay as they are written.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.test_language import (
    ASCII_BESIDE_CHINESE,
    CHINESE,
    CODES_AND_UNITS,
    ENGLISH_WORD,
    SCENARIOS,
    SNAKE_CASE,
)
from tui.hazard_cli import hazard

CITED = {
    # authors and models cited, symbols of the formulas
    "Fauske", "Crowl", "Louvar", "Thring", "Newby", "Chen", "Rodi", "Stephens", "DEGADIS",
    "Withers", "Lees", "Gifford", "OSHA", "ISC",
    "sqrt", "exp", "ln", "d_eq", "h_fg", "psig", "atm", "bar",
}  # fmt: skip
ALLOWED = frozenset(CODES_AND_UNITS | CITED)

CALCULATORS = [
    ["release", "--gas", "propane", "--hole-mm", "10", "--pressure-barg", "4", "--cd", "0.85"],
    ["plume", "--rate-kg-s", "0.00037", "--wind-m-s", "2", "--stability", "B",
     "--distance-m", "280", "--height-m", "40", "--gas", "H2S"],
    ["plume", "--rate-kg-s", "1", "--wind-m-s", "0.5", "--stability", "F", "--distance-m", "20000"],
    ["room", "--volume-m3", "300", "--ach", "0", "--leak-l-s", "1", "--threshold-ppm", "100"],
    ["liquefied", "--gas", "Cl2", "--hole-mm", "10", "--inventory-kg", "1000"],
    ["blowdown", "--gas", "Cl2", "--volume-m3", "1", "--hole-mm", "10", "--pressure-barg", "6"],
    ["pipeline", "--diameter-in", "30", "--pressure-psig", "1000", "--length-km", "20"],
    ["probit", "--substance", "Cl2", "--ppm", "433", "--minutes", "10"],
]  # fmt: skip


def _problems(text: str) -> list[str]:
    bad = []
    for line in text.splitlines():
        words = ENGLISH_WORD.findall(line) + SNAKE_CASE.findall(line)
        if [w for w in words if w not in ALLOWED] or ASCII_BESIDE_CHINESE.search(line):
            bad.append(line.strip())
    return bad


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.name)
def test_zones_in_chinese_read_as_a_chinese_report(scenario: Path) -> None:
    result = CliRunner().invoke(hazard, ["zones", str(scenario)])
    assert result.exit_code == 0, result.output
    assert "假设：" in result.stdout
    assert _problems(result.stdout + result.stderr) == []


@pytest.mark.parametrize("args", CALCULATORS, ids=lambda a: a[0])
def test_each_calculator_speaks_chinese_by_default(args: list[str]) -> None:
    zh = CliRunner().invoke(hazard, args)
    en = CliRunner().invoke(hazard, [*args, "--lang", "en"])
    assert zh.exit_code == en.exit_code == 0
    assert CHINESE.search(zh.stdout.splitlines()[0])
    assert _problems(zh.stdout + zh.stderr) == []
    assert not CHINESE.search(en.stdout + en.stderr)


def test_the_pipeline_assumptions_read_in_chinese() -> None:
    result = CliRunner().invoke(hazard, ["zones", str(SCENARIOS[0].parent / "pipeline.yaml")])
    assert "    - 距火焰约一个火焰长度以内，点源模型不适用。" in result.stdout.splitlines()
    assert "喷射火燃烧速率 6477 kg/s（Wilson 初始泄放速率（t = 0），即最初几秒的上限）" in (
        result.stdout
    )


def test_a_zone_warning_names_the_hazard_not_its_id() -> None:
    result = CliRunner().invoke(hazard, ["zones", str(SCENARIOS[0].parent / "poisoning.yaml")])
    assert "警告：“尾气管线法兰泄漏（含硫化氢）”IDLH：距泄漏源" in result.stderr
    assert "h2s_leak" not in result.stderr


def test_the_room_calculator_in_chinese() -> None:
    args = ["room", "--volume-m3", "300", "--ach", "6", "--leak-l-s", "1", "--threshold-ppm", "100"]
    assert CliRunner().invoke(hazard, args).stdout.splitlines() == [
        "房间 300 m3，每小时换气 6 次，泄漏 1 L/s",
        "稳态浓度：1996 ppm（氧气 20.9 %：正常）",
        "时间常数 τ = V/(Q+G) = 599 s（10.0 分钟）",
        "达到 100 ppm 的时间：30.8 s",
    ]
