"""`drillsim check` and `drillsim score` as a user meets them; JSON checked against the schemas."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import click
import jsonschema  # type: ignore[import-untyped]
import pytest
from click.testing import CliRunner

from scoring.schema import SCHEMAS, schema_path, schema_text
from tests.conftest import BUNDLED, POISONING
from tests.scoring import FLAWED
from tui.cli import main
from tui.scorecard import check_command, score_command


def invoke(command: click.Command, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(command, list(args))
    return result.exit_code, result.stdout, result.stderr


def valid(document: str, schema: str) -> dict[str, Any]:
    data = json.loads(document)
    committed = json.loads(schema_path(schema).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(committed).validate(data)
    return data  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run")
    result = CliRunner().invoke(
        main, ["run", str(POISONING), "--plan", str(FLAWED), "--seed", "1", "--out", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    return out


def test_check_exits_non_zero_on_a_deficiency_and_points_at_the_line() -> None:
    code, out, _ = invoke(check_command, str(FLAWED), "--scenario", str(POISONING))
    assert code == 1
    # 整改项: the unanswered detector alarm, and only a phone report to the county
    # bureau with no written report after it
    assert "问题清单（按等级）：不足项 5  整改项 2  改进项 1" in out
    assert f"{FLAWED}:403 reporting[2].sender (to_county)" in out


def test_check_of_the_bundled_plan_passes() -> None:
    code, out, _ = invoke(check_command, str(BUNDLED / "poisoning-plan.yaml"))
    assert code == 0 and "不足项 0" in out


def test_check_in_english() -> None:
    code, out, _ = invoke(check_command, str(FLAWED), "--lang", "en")
    assert code == 1 and "Deficiency (3)" in out
    assert "No step forbids entry to 'Tail-gas generator room' without breathing apparatus" in out


def test_check_without_a_scenario_takes_place_names_from_the_one_beside_the_plan() -> None:
    code, out, _ = invoke(check_command, str(FLAWED))
    assert code == 1
    assert f"地点名称取自情景：尾气发电机房硫化氢泄漏中毒窒息事故  {POISONING}" in out
    assert "没有禁止无防护人员进入“尾气发电机房”的步骤" in out and "generator_room" not in out


def test_check_of_a_plan_alone_says_once_that_places_are_ids(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(FLAWED.read_bytes())
    _, zh, _ = invoke(check_command, str(plan))
    _, en, _ = invoke(check_command, str(plan), "--lang", "en")
    assert zh.count("未给出情景（--scenario），地点以编号表示") == 1
    assert en.count("no scenario given (--scenario): places are shown by id") == 1
    assert "No step forbids entry to 'generator_room'" in en


def test_check_json_matches_the_committed_schema() -> None:
    code, out, _ = invoke(check_command, str(FLAWED), "--scenario", str(POISONING), "--json")
    assert code == 1
    data = valid(out, "check.schema.json")
    assert data["counts"] == {"不足项": 5, "整改项": 2, "改进项": 1}
    assert data["scenario"]["id"] == "poisoning-h2s-generator-room"
    assert all(f["refs"][0]["line"] for f in data["findings"])


def test_check_reports_a_broken_escalation_as_a_finding(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    text = (BUNDLED / "poisoning-plan.yaml").read_text(encoding="utf-8")
    plan.write_text(text.replace("county_plan.county_iv", "county_plan.county_v"), encoding="utf-8")
    code, out, _ = invoke(check_command, str(plan), "--json")
    assert code == 1
    data = valid(out, "check.schema.json")
    assert [f["rule"] for f in data["findings"] if f["severity"] == "不足项"] == [
        "static.escalation_undefined"
    ]


def test_check_of_a_broken_file_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    text = (BUNDLED / "poisoning-plan.yaml").read_text(encoding="utf-8")
    plan.write_text(text.replace("owner: shift_leader", "owner: nobody", 1), encoding="utf-8")
    code, _, err = invoke(check_command, str(plan))
    assert code == 2 and "steps[0].owner: 应为角色编号，实际为 'nobody'" in err
    code, _, err = invoke(check_command, str(plan), "--lang", "en")
    assert code == 2 and "steps[0].owner: expected a role id, found 'nobody'" in err
    assert "Traceback" not in err


def test_score_prints_the_scorecard_of_a_saved_run(run_dir: Path) -> None:
    code, out, _ = invoke(score_command, str(run_dir))
    assert code == 0
    assert "总体评定：U/不合格" in out and "关键指标" in out and "不足项（6）" in out


def test_score_json_matches_the_committed_schema(run_dir: Path) -> None:
    code, out, _ = invoke(score_command, str(run_dir), "--json")
    assert code == 0
    data = valid(out, "scorecard.schema.json")
    assert data["seed"] == 1 and data["plan"]["revision"] == "2026-B"
    assert data["overall"]["hseep"] == "U"
    keys = {k["key"] for k in data["kpis"]}
    assert {"authority_informed", "person_min_above_idlh", "responders_unprotected"} <= keys


def test_score_refuses_a_plan_changed_since_the_run(tmp_path: Path) -> None:
    for name in ("poisoning.yaml", "poisoning-plan.yaml"):
        shutil.copy(BUNDLED / name, tmp_path / name)
    out = tmp_path / "run"
    result = CliRunner().invoke(main, ["run", str(tmp_path / "poisoning.yaml"), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    with (tmp_path / "poisoning-plan.yaml").open("a", encoding="utf-8") as fh:
        fh.write("# edited after the run\n")
    code, _, err = invoke(score_command, str(out))
    assert code == 2 and "预案文件在推演之后已修改" in err
    assert "--allow-changed" in err
    code, _, err = invoke(score_command, str(out), "--lang", "en")
    assert code == 2 and "the plan file has changed since the run" in err
    code, stdout, err = invoke(score_command, str(out), "--allow-changed", "--lang", "en")
    assert code == 0 and "warning:" in err and "warning:" in stdout
    code, stdout, err = invoke(score_command, str(out), "--allow-changed")
    assert code == 0 and "警告：" in err and "警告：" in stdout


def test_score_of_a_folder_that_is_not_a_run(tmp_path: Path) -> None:
    code, _, err = invoke(score_command, str(tmp_path))
    assert code == 2 and "manifest.json: file not found" in err


@pytest.mark.parametrize("filename", sorted(SCHEMAS))
def test_committed_scoring_schema_has_not_drifted(filename: str) -> None:
    committed = schema_path(filename).read_text(encoding="utf-8")
    assert committed == schema_text(filename), "run `python -m scoring.schema` and commit"
