"""Chinese output reads as a Chinese report; English output has no Chinese left untranslated.

Every bundled scenario (scenarios/ and tests/data/) is run, scored, its plan
checked and its files validated, in both languages, and each line is read
for what a reader of the other language would trip over. Plan locations
(位置：file:line field.path (id)) are a field of their own and are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import BUNDLED
from tui.cli import main

DATA = Path(__file__).parent / "data"
SCENARIOS = sorted(
    p
    for folder in (BUNDLED, DATA)
    for p in folder.glob("*.yaml")
    if "plan" not in p.name and "site" in (yaml.safe_load(p.read_text(encoding="utf-8")) or {})
)
FLAWED = {
    "poisoning.yaml": "poisoning-plan-flawed.yaml",
    "waterworks.yaml": "waterworks-plan-flawed.yaml",
}

HAN = "\u3400-\u4dbf\u4e00-\u9fff"
CHINESE = re.compile(f"[{HAN}]")
ASCII_BESIDE_CHINESE = re.compile(f"[{HAN}“”（）][,:;!?()]|[,:;!?()] ?[{HAN}]")
CORNER_QUOTES = re.compile("[\u300c\u300d]")
PYTHON_REPR = re.compile(r"[{\[]'|': |\{\"|'\]")
SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
ENGLISH_WORD = re.compile(r"\b[A-Za-z][A-Za-z]{2,}\b")
PATH = re.compile(r"\S*[/\\]\S*|\S+\.(?:yaml|jsonl|json|md)\b")

CODES_AND_UNITS = {
    # units
    "ppm", "min", "MPa", "kPa", "kW", "kg", "km", "mm",
    # standards, limits and their sources, cited as they are written
    "IDLH", "AEGL", "ERPG", "SCBA", "NIOSH", "EPA", "CFR", "NFPA", "HSEEP", "ALOHA", "CCPS",
    "Pasquill", "Briggs", "Knapik", "Wilson", "probit", "SCADA", "DCS",
    # file formats
    "JSON", "YAML",
    # the program's name
    "drillsim",
}  # fmt: skip


def _strings(node: Any) -> Iterator[tuple[dict[str, Any] | None, str, str]]:
    """(mapping, key, text) for every string a user wrote in a YAML file."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, str):
                yield node, str(key), value
            else:
                yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            if isinstance(value, str):
                yield None, "", value
            else:
                yield from _strings(value)


def _inputs(scenario: Path) -> list[Path]:
    doc = yaml.safe_load(scenario.read_text(encoding="utf-8"))
    plans = [scenario.parent / doc["plan"]]
    if scenario.name in FLAWED:
        plans.append(scenario.parent / FLAWED[scenario.name])
    return [scenario, *plans]


def _user_words(paths: list[Path]) -> set[str]:
    """ASCII words in the Chinese the user wrote (DCS, SCADA, X203): theirs to keep."""
    words: set[str] = set()
    for path in paths:
        for _, _, text in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            if CHINESE.search(text):
                words |= set(ENGLISH_WORD.findall(text)) | set(SNAKE_CASE.findall(text))
    return words


def _untranslated(paths: list[Path]) -> list[str]:
    """Chinese the user gave no English for (a name without name_en, a basis, a note)."""
    texts: list[str] = []
    for path in paths:
        for mapping, key, text in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            if CHINESE.search(text) and (mapping is None or f"{key}_en" not in mapping):
                texts.append(text)
    return sorted(texts, key=len, reverse=True)


def _invoke(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout + result.stderr


def _outputs(scenario: Path, lang: str, tmp: Path) -> dict[str, str]:
    scenario_file, plan, *flawed = _inputs(scenario)
    run_dir = tmp / f"{scenario.stem}-{lang}"
    out = {
        "run": _invoke("run", str(scenario), "--seed", "1", "--out", str(run_dir), "--lang", lang),
        "score": _invoke("score", str(run_dir), "--lang", lang),
        "validate": _invoke(
            "validate", str(scenario_file), str(plan), *map(str, flawed), "--lang", lang
        ),
    }
    for p in (plan, *flawed):
        out[f"check {p.name}"] = _invoke(
            "check", str(p), "--scenario", str(scenario), "--lang", lang
        )
    return out


@pytest.fixture(scope="module", params=SCENARIOS, ids=lambda p: p.name)
def chinese(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict[str, str], set[str]]:
    scenario: Path = request.param
    return _outputs(scenario, "zh", tmp_path_factory.mktemp("zh")), _user_words(_inputs(scenario))


def _prose(outputs: dict[str, str]) -> Iterator[tuple[str, str]]:
    for command, text in outputs.items():
        for line in text.splitlines():
            if line.lstrip().startswith("位置"):
                continue
            yield command, PATH.sub(" ", line)


def _offending(
    outputs: dict[str, str], rx: re.Pattern[str], allowed: frozenset[str] = frozenset()
) -> list[str]:
    return [
        f"{command}: {line.strip()}"
        for command, line in _prose(outputs)
        if any(hit not in allowed for hit in rx.findall(line))
    ]


def test_scenarios_found() -> None:
    assert {p.name for p in SCENARIOS} >= {
        "poisoning.yaml",
        "pipeline.yaml",
        "waterworks.yaml",
        "chlorine.yaml",
        "sewage-pit.yaml",
    }


def test_chinese_output_has_no_ascii_punctuation_beside_chinese(
    chinese: tuple[dict[str, str], set[str]],
) -> None:
    assert _offending(chinese[0], ASCII_BESIDE_CHINESE) == []


def test_chinese_output_quotes_with_double_quotes_not_corner_brackets(
    chinese: tuple[dict[str, str], set[str]],
) -> None:
    assert _offending(chinese[0], CORNER_QUOTES) == []


def test_chinese_output_has_no_python_reprs(chinese: tuple[dict[str, str], set[str]]) -> None:
    assert _offending(chinese[0], PYTHON_REPR) == []


def test_chinese_output_has_no_ids(chinese: tuple[dict[str, str], set[str]]) -> None:
    outputs, user_words = chinese
    assert _offending(outputs, SNAKE_CASE, frozenset(user_words)) == []


def test_chinese_output_has_no_english_words(chinese: tuple[dict[str, str], set[str]]) -> None:
    outputs, user_words = chinese
    assert _offending(outputs, ENGLISH_WORD, frozenset(CODES_AND_UNITS | user_words)) == []


ENGLISH_SCENARIOS = [p for p in SCENARIOS if "name_en" in p.read_text(encoding="utf-8")]
CHINESE_CODES = re.compile(r"建标 \d+-\d+|GB(?:/T)? \d+|AQ(?:/T)? \d+")


@pytest.mark.parametrize("scenario", ENGLISH_SCENARIOS, ids=lambda p: p.name)
def test_english_output_has_no_chinese_the_input_gave_in_english(
    scenario: Path, tmp_path: Path
) -> None:
    outputs = _outputs(scenario, "en", tmp_path)
    keep = _untranslated(_inputs(scenario))
    left = []
    for command, text in outputs.items():
        for line in text.splitlines():
            if line.lstrip().startswith("points to"):
                continue
            for original in keep:
                line = line.replace(original, " ")
            line = CHINESE_CODES.sub(" ", line)
            if CHINESE.search(line):
                left.append(f"{command}: {line.strip()}")
    assert left == []
