"""Every mistake the loader can report reads in Chinese with `--lang zh`.

One bad input per validator of the scenario, plan and journal models, and one
per kind of pydantic error the files can raise, is validated in both
languages: the Chinese message has no English words left in it (field names
and values in quotes are the user's and stay as written), and the English one
is the message the validator wrote.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import BUNDLED, POISONING
from tests.test_language import (
    ASCII_BESIDE_CHINESE,
    CHINESE,
    CODES_AND_UNITS,
    ENGLISH_WORD,
    PYTHON_REPR,
)
from tui.cli import main

DATA = Path(__file__).parent / "data"
SCENARIO = yaml.safe_load(POISONING.read_text(encoding="utf-8"))
PLAN = yaml.safe_load((BUNDLED / "poisoning-plan.yaml").read_text(encoding="utf-8"))
CHLORINE = yaml.safe_load((DATA / "chlorine.yaml").read_text(encoding="utf-8"))

Edit = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Edit:
    """Set the field at ``a.b[0].c`` to ``value``; ``...`` deletes it."""
    parts: list[str | int] = [int(p) if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", path)]

    def edit(doc: dict[str, Any]) -> None:
        node: Any = doc
        for part in parts[:-1]:
            node = node[part]
        if value is ...:
            del node[parts[-1]]
        else:
            node[parts[-1]] = value

    return edit


def _both(*edits: Edit) -> Edit:
    def edit(doc: dict[str, Any]) -> None:
        for e in edits:
            e(doc)

    return edit


TRIANGULAR = {"kind": "triangular", "low": 3, "mode": 1, "high": 2}

# (case, file edited, edit, what the English message says)
SCENARIO_CASES: list[tuple[str, dict[str, Any], Edit, str]] = [
    ("room without air", SCENARIO, _set("site.locations[0].room", ...), "needs 'room:"),
    (
        "ventilation below infiltration",
        SCENARIO,
        _both(
            _set("site.locations[0].infiltration_ach", 2.0),
            _set("site.locations[0].ventilation_ach", 1.0),
        ),
        "expected ventilation_ach (normal use) at least infiltration_ach",
    ),
    ("one coordinate", SCENARIO, _set("site.locations[1].y_m", ...), "expected both x_m and y_m"),
    (
        "travel variation out of order",
        SCENARIO,
        _set("site.travel.variation", {"low": 2, "mode": 1, "high": 3}),
        "expected low <= mode <= high",
    ),
    ("decay of neither kind", SCENARIO, _set("hazards[0].decay", {}), "exactly one of"),
    (
        "decay profile out of order",
        SCENARIO,
        _set(
            "hazards[0].decay",
            {"profile": [{"after_min": 5, "factor": 0.5}, {"after_min": 2, "factor": 0.1}]},
        ),
        "in increasing order",
    ),
    (
        "gas crowding out the oxygen",
        SCENARIO,
        _both(
            _set("hazards[0].initial_oxygen_percent", 15),
            _set("hazards[0].initial_ppm", 500000),
        ),
        "leaves room for at most",
    ),
    (
        "gas without pressure",
        CHLORINE,
        _set("hazards[0].pressure_barg", ...),
        "needs 'pressure_barg'",
    ),
    (
        "liquid that is not a liquefied gas",
        CHLORINE,
        _both(_set("hazards[0].phase", "liquid"), _set("hazards[0].substance", "CO")),
        "expected a liquefied gas",
    ),
    (
        "liquid emptied by volume",
        CHLORINE,
        _both(_set("hazards[0].phase", "liquid"), _set("hazards[0].vessel_volume_m3", 10)),
        "empties by 'inventory_kg'",
    ),
    ("gas emptied by mass", CHLORINE, _set("hazards[0].inventory_kg", 100), "empties by 'vessel"),
    (
        "respirator without its time",
        SCENARIO,
        _set("people[0].respirator", {"kind": "filter_mask", "gases": ["H2S"]}),
        "needs 'rated_min'",
    ),
    ("inject with two triggers", SCENARIO, _set("injects[0].at_min", 5), "exactly one of 'at_min'"),
    ("condition of no kind", SCENARIO, _set("injects[0].when", {}), "exactly one condition key"),
    ("start as a number", SCENARIO, _set("start", 20260314), "expected a date and local time"),
    ("start long ago", SCENARIO, _set("start", "1900-01-01T08:00:00"), "expected a date between"),
    ("start not a date", SCENARIO, _set("start", "yesterday"), "datetime"),
    ("unknown stability class", SCENARIO, _set("weather.stability", "Z"), "input should be"),
    ("negative wind", SCENARIO, _set("weather.wind_speed_m_s", -2.0), "greater than"),
    ("not a number", SCENARIO, _set("weather.wind_speed_m_s", "fast"), "input should be"),
    ("not finite", SCENARIO, _set("weather.wind_speed_m_s", float("nan")), "finite"),
    ("a flag as text", SCENARIO, _set("people[1].escapes", "maybe"), "input should be"),
    ("empty name", SCENARIO, _set("site.locations[0].name", ""), "at least 1 character"),
    ("id with a space", SCENARIO, _set("site.locations[0].id", "generator room"), "pattern"),
    ("unknown hazard kind", SCENARIO, _set("hazards[0].kind", "fire"), "expected 'kind'"),
    (
        "hazard kind missing",
        SCENARIO,
        _set("hazards[0].kind", ...),
        "required field 'kind' is missing",
    ),
    ("unknown field", SCENARIO, _set("weather.wind_mps", 2), "unknown field"),
    ("missing field", SCENARIO, _set("weather.stability", ...), "required field is missing"),
    ("a list where a mapping goes", SCENARIO, _set("weather", [1, 2]), "expected a mapping"),
    ("a mapping where a list goes", SCENARIO, _set("people", {"a": 1}), "valid list"),
    ("a number where text goes", SCENARIO, _set("site.locations[0].name", 5), "valid string"),
    (
        "a link between three places",
        SCENARIO,
        _set("site.travel.links[0].between", ["a", "b", "c"]),
        "at most 2 items",
    ),
    ("a link to one place", SCENARIO, _set("site.travel.links[0].between", "a"), "tuple"),
    ("a rescue target as a number", SCENARIO, _set("people[1].blind_rescue.target", 5), "valid"),
]
PLAN_CASES: list[tuple[str, dict[str, Any], Edit, str]] = [
    (
        "triangular out of order",
        PLAN,
        _set("organisations[1].notification_delay", TRIANGULAR),
        "expected low <= mode <= high",
    ),
    (
        "pert out of order",
        PLAN,
        _set("steps[1].duration", {**TRIANGULAR, "kind": "pert"}),
        "expected low <= mode <= high",
    ),
    (
        "lognormal without spread",
        PLAN,
        _set("steps[1].duration", {"kind": "lognormal", "median": 5, "p90": 4}),
        "expected p90 > median",
    ),
    ("minutes with their unit", PLAN, _set("steps[1].duration", "5分钟"), "write minutes"),
    ("shift start as a number", PLAN, _set("shifts[0].start", 800), "in quotes"),
    ("shift start with a zone", PLAN, _set("shifts[0].start", "08:00+08:00"), "time zone"),
    ("shift start not a time", PLAN, _set("shifts[0].start", "25:00"), "time"),
    (
        "more qualified than members",
        PLAN,
        _set("teams[0].qualifications", {"scba": 99}),
        "expected a count of members",
    ),
    (
        "resource need of neither kind",
        PLAN,
        _set("steps[2].resources[0]", {"quantity": 1}),
        "expected exactly one of 'resource'",
    ),
    (
        "lift rescue without its time",
        PLAN,
        _set(
            "steps[2].effects[0]",
            {"rescue": {"location": "generator_room", "to": "safe_area", "method": "non_entry"}},
        ),
        "needs 'minutes_per_person'",
    ),
    ("effect of no kind", PLAN, _set("steps[2].effects[0]", {}), "exactly one effect key"),
    ("no shifts", PLAN, _set("shifts", []), "at least 1 item"),
    ("fractional team size", PLAN, _set("teams[0].size", 2.5), "valid integer"),
    ("unknown plan type", PLAN, _set("type", "general"), "input should be"),
]


def _append(path: str, item: Any) -> Edit:
    def edit(doc: dict[str, Any]) -> None:
        node: Any = doc
        for part in re.findall(r"[^.\[\]]+", path):
            node = node[int(part) if part.isdigit() else part]
        node.append(copy.deepcopy(item))

    return edit


CROSS_CASES: list[tuple[str, dict[str, Any], Edit, str]] = [
    ("a duplicate id", SCENARIO, _set("site.locations[1].id", "generator_room"), "duplicate id"),
    (
        "a leak outdoors",
        SCENARIO,
        _set("hazards[0].location", "generator_room_door"),
        "expected a location of kind 'room'",
    ),
    (
        "a second leak in the room",
        SCENARIO,
        _append("hazards", {**SCENARIO["hazards"][0], "id": "second_leak"}),
        "one leak per room",
    ),
    ("an unknown place", SCENARIO, _set("people[0].location", "nowhere"), "location id"),
    (
        "ventilating the open air",
        SCENARIO,
        _set(
            "injects[0].effects",
            [{"ventilate": {"location": "generator_room_door", "air_changes_per_h": 12}}],
        ),
        "expected a room or building",
    ),
    (
        "no way to the scene",
        SCENARIO,
        _set("site.travel.links", SCENARIO["site"]["travel"]["links"][:1]),
        "reachable from the scene",
    ),
    (
        "a release without coordinates",
        CHLORINE,
        _both(_set("site.locations[0].x_m", ...), _set("site.locations[0].y_m", ...)),
        "to have x_m and y_m",
    ),
    ("a duplicate step", PLAN, _set("steps[1].id", "forbid_blind_rescue"), "duplicate id"),
    ("an unknown resource type", PLAN, _set("steps[3].resources[0].type", "drone"), "type"),
    (
        "a report to a role and an organisation",
        PLAN,
        _set("reporting[0].to_organisation", "ems120"),
        "'to_role' or 'to_organisation'",
    ),
    ("a written report after nothing", PLAN, _set("reporting[0].stage", "written"), "'after'"),
    ("an alerting loop", PLAN, _set("alerting[0].after", "radio_mini_fire_station"), "loop"),
    (
        "a team told twice",
        PLAN,
        _set("alerting[1].teams", ["mini_fire_team", "shift_leaders"]),
        "one alerting link",
    ),
]
CASES = SCENARIO_CASES + PLAN_CASES + CROSS_CASES


def _validate(tmp: Path, doc: dict[str, Any], edit: Edit, lang: str) -> list[str]:
    """The messages `validate` prints for ``doc`` after ``edit``, without file:line: field."""
    bad = copy.deepcopy(doc)
    edit(bad)
    path = tmp / "bad.yaml"
    path.write_text(yaml.safe_dump(bad, allow_unicode=True, sort_keys=False), encoding="utf-8")
    if "plan" in bad:  # a scenario's own plan, beside it
        source = next(f / bad["plan"] for f in (BUNDLED, DATA) if (f / bad["plan"]).exists())
        (tmp / bad["plan"]).write_bytes(source.read_bytes())
    result = CliRunner().invoke(main, ["validate", str(path), "--lang", lang])
    assert result.exit_code == 1, result.output
    prefix = re.compile(rf"^(?:错误：|error: ){re.escape(str(path))}(?::\d+)?:(?: \S+:)? ")
    return [prefix.sub("", line) for line in result.stderr.splitlines() if prefix.match(line)]


QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def _english_words(message: str) -> list[str]:
    """English words in a Chinese message, besides field names and values in quotes."""
    words = ENGLISH_WORD.findall(QUOTED.sub(" ", message))
    return [w for w in words if w not in CODES_AND_UNITS]


@pytest.mark.parametrize(("case", "doc", "edit", "english"), CASES, ids=[c[0] for c in CASES])
def test_each_file_mistake_reads_in_chinese(
    case: str, doc: dict[str, Any], edit: Edit, english: str, tmp_path: Path
) -> None:
    en = _validate(tmp_path, doc, edit, "en")
    zh = _validate(tmp_path, doc, edit, "zh")
    assert any(english in m for m in en), en
    assert len(zh) == len(en) > 0
    for message in zh:
        assert CHINESE.search(message), message
        assert _english_words(message) == [], message
        assert not ASCII_BESIDE_CHINESE.search(QUOTED.sub(" ", message)), message
        assert not PYTHON_REPR.search(message), message


def test_a_triangular_duration_out_of_order_reads_in_chinese(tmp_path: Path) -> None:
    edit = _set("steps[1].duration", TRIANGULAR)
    assert _validate(tmp_path, PLAN, edit, "zh") == [
        "应满足 'low' ≤ 'mode' ≤ 'high'（最小值、最可能值、最大值依次不减），"
        "实际依次为 3.0、1.0、2.0"
    ]
    assert _validate(tmp_path, PLAN, edit, "en") == [
        "expected low <= mode <= high, found 3.0, 1.0, 2.0"
    ]


def test_a_choice_outside_the_list_names_the_choices_in_chinese(tmp_path: Path) -> None:
    assert _validate(tmp_path, SCENARIO, _set("weather.stability", "Z"), "zh") == [
        "应为 'A'、'B'、'C'、'D'、'E' 或 'F' 之一，实际为 'Z'"
    ]


JOURNAL_LINES = [
    '{"t": 5, "command": "dispatch", "args": {"team": "nobody", "to": "safe_area"}}',
    '{"t": 5000, "command": "note", "args": {"text": "x"}}',
    '{"t": "5", "command": "note", "args": {"text": "x"}}',
    '{"t": 5, "command": "fly", "args": {}}',
    '{"t": 5, "args": {}}',
    '{"t": NaN, "command": "note", "args": {"text": "x"}}',
    '{"t": 5, "t": 6, "command": "note", "args": {"text": "x"}}',
    '{"t": 5, "command": "note", "args": {"text": 5}}',
    '{"t": 5, "command": "note", "args": [1]}',
    "[1, 2]",
    '{"t": 5, "command": "note"',
    '{"t": -5, "command": "note", "args": {"text": "x"}}',
    '{"t": 5, "command": "note", "args": {"text": "x"}, "who": 1}',
    '{"t": 5, "command": "move_arrival", "args": {"team": "fire", "minutes": 99999}}',
]


@pytest.mark.parametrize("line", JOURNAL_LINES)
def test_each_journal_mistake_reads_in_chinese(line: str, tmp_path: Path) -> None:
    journal = tmp_path / "decisions.jsonl"
    journal.write_text(line + "\n", encoding="utf-8")
    args = ["validate", str(journal), "--scenario", str(POISONING), "--lang"]
    zh = CliRunner().invoke(main, [*args, "zh"])
    en = CliRunner().invoke(main, [*args, "en"])
    assert zh.exit_code == en.exit_code == 1
    assert en.stderr.startswith(f"error: {journal}:1:")
    assert zh.stderr.startswith(f"错误：{journal}:1:")
    message = re.sub(rf"^错误：{re.escape(str(journal))}:1:(?: \S+:)? ", "", zh.stderr.strip())
    assert CHINESE.search(message), message
    assert _english_words(message) == [], message


FILE_CASES = [
    ("a full-width colon", "id: x\nsite:\n  locations：\n    - id: a\n", "full-width colon"),
    ("a full-width comma", "id: x\nscene: {a: 1， b: 2}\n", "full-width comma"),
    ("a tab", "id: x\n\tname: y\n", "YAML syntax error"),
    ("an anchor", "id: &a x\nname: *a\n", "anchors and aliases"),
    ("a tag", "id: !!python/name:os.system x\n", "tags are not allowed"),
    ("a list at the top", "- a\n- b\n", "expected a YAML mapping at the top"),
    ("neither plan nor scenario", "id: x\n", "cannot tell the kind of file"),
]


@pytest.mark.parametrize(("case", "text", "english"), FILE_CASES, ids=[c[0] for c in FILE_CASES])
def test_each_unreadable_file_reads_in_chinese(
    case: str, text: str, english: str, tmp_path: Path
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    en = CliRunner().invoke(main, ["validate", str(path), "--lang", "en"])
    zh = CliRunner().invoke(main, ["validate", str(path), "--lang", "zh"])
    assert english in en.stderr
    message = re.sub(rf"^错误：{re.escape(str(path))}(?::\d+)?: ", "", zh.stderr.strip())
    assert CHINESE.search(message), message
    assert _english_words(message) == [], message


def test_a_gbk_file_is_told_to_be_saved_as_utf8_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes("name: 预案\n".encode("gbk"))
    zh = CliRunner().invoke(main, ["validate", str(path)])
    assert zh.stderr.strip() == (
        f"错误：{path}:1: 应为 UTF-8 编码的文本，实际含有字节 0xb0"
        "（请将文件另存为 UTF-8；GBK/GB2312 文件须先转换）"
    )


def test_a_plan_given_as_the_scenario_is_told_in_chinese() -> None:
    result = CliRunner().invoke(main, ["run", str(BUNDLED / "poisoning-plan.yaml")])
    assert result.exit_code == 2
    assert "这是预案文件（含 'steps'），不是情景文件" in result.stderr


SCORING_CASES: list[tuple[str, dict[str, Any], Edit, str]] = [
    (
        "a curve out of order",
        PLAN,
        _set("scoring", {"curve": [{"ratio": 2.0, "score": 0}, {"ratio": 1.0, "score": 100}]}),
        "increasing order of ratio",
    ),
    (
        "bands out of order",
        PLAN,
        _set(
            "scoring",
            {
                "bands": [
                    {"min_score": 60, "hseep": "M", "grade": "合格"},
                    {"min_score": 90, "hseep": "P", "grade": "优秀"},
                    {"min_score": 0, "hseep": "U", "grade": "不合格"},
                ]
            },
        ),
        "highest min_score down",
    ),
    (
        "an unknown objective",
        PLAN,
        _set("scoring", {"kpis": {"alarm": {"objective": "nowhere"}}}),
        "expected objective ids of",
    ),
]
OBSERVATIONS = {
    "format": "drillsim-observations/1",
    "evaluator": {"name": "张敏", "date": "2026-03-15"},
    "injects": [],
    "checklist": [],
}
OBSERVATION_CASES: list[tuple[str, dict[str, Any], Edit, str]] = [
    (
        "a checklist item of neither kind",
        OBSERVATIONS,
        _set("checklist", [{"item": "现场指挥部设立及时", "objective": "control"}]),
        "exactly one of 'answer'",
    ),
    (
        "a checklist score off the scale",
        OBSERVATIONS,
        _set("checklist", [{"item": "指挥关系清楚", "objective": "control", "score": 4}]),
        "input should be 1, 3 or 5",
    ),
    (
        "a regrade without a grade",
        OBSERVATIONS,
        _set("findings", [{"finding": "F1", "action": "regrade", "reason": "理由"}]),
        "a regrade needs 'severity'",
    ),
    (
        "an inject marked twice",
        OBSERVATIONS,
        _set("injects", [{"inject": "family_call", "mark": m} for m in ("taken", "partly")]),
        "appears again",
    ),
]


@pytest.mark.parametrize(
    ("case", "doc", "edit", "english"),
    SCORING_CASES + OBSERVATION_CASES,
    ids=[c[0] for c in SCORING_CASES + OBSERVATION_CASES],
)
def test_each_scoring_mistake_reads_in_chinese(
    case: str, doc: dict[str, Any], edit: Edit, english: str, tmp_path: Path
) -> None:
    test_each_file_mistake_reads_in_chinese(case, doc, edit, english, tmp_path)


VARY_CASES = [
    ("foo.bar=1:2:3", "应为以 'scenario.' 或 'plan.' 开头的路径"),
    ("plan.steps[zzz].target_min=1:2:3", "'plan.steps'：应为以下编号之一："),
    ("plan.steps[2].name=1:2:3", "应为数值字段，实际为文本 '佩戴空气呼吸器进入机房救出中毒人员'"),
    ("plan.steps[99].x=1:2:3", "'plan.steps'：下标应小于 13，实际为 99"),
    ("plan.steps[2].target_min=-5:-1:2", "取值 -5.0 不被接受：应为大于 0 的值"),
]


@pytest.mark.parametrize(("vary", "zh"), VARY_CASES, ids=[c[0] for c in VARY_CASES])
def test_each_sweep_path_mistake_reads_in_chinese(vary: str, zh: str) -> None:
    args = ["sweep", str(POISONING), "--vary", vary, "-n", "2"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert zh in result.stderr
    message = result.stderr.strip().split(": ", 2)[-1]
    assert _english_words(message) == [], message
