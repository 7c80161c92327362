"""Problems in a user's files are told in the command's language, at the same file:line: field."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from sim.errors import Problem
from tests.conftest import BUNDLED, POISONING
from tui.cli import main
from tui.problems import message_text, problem_text, warning_text


def test_an_unknown_id_reads_in_chinese_with_its_suggestion() -> None:
    p = Problem("plan.yaml", 249, "steps[3].owner", "expected a role id, found 'process_grp'"
                " (did you mean 'process_group'?)")  # fmt: skip
    assert problem_text(p, "zh") == (
        "plan.yaml:249: steps[3].owner: "
        "应为角色编号，实际为 'process_grp'（是否应为 'process_group'？）"
    )
    assert problem_text(p, "en") == str(p)


def test_pydantic_and_yaml_messages_read_in_chinese() -> None:
    assert message_text("unknown field 'horizon_mins'; did you mean 'horizon_min'?", "zh") == (
        "未知字段 'horizon_mins'（是否应为 'horizon_min'？）"
    )
    assert message_text("input should be a valid integer; found 'two'", "zh") == (
        "应为整数，实际为 'two'"
    )
    assert message_text("input should be greater than or equal to 0; found -3", "zh") == (
        "应为大于或等于 0 的值，实际为 -3"
    )
    assert message_text("required field is missing", "zh") == "缺少必填字段"
    assert message_text("file not found", "zh") == "文件不存在"


def test_a_message_without_a_chinese_form_is_shown_as_written() -> None:
    assert message_text("the gauge reads 3 bar", "zh") == "the gauge reads 3 bar"


def test_validate_speaks_chinese_by_default_and_english_on_request(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    text = (BUNDLED / "poisoning-plan.yaml").read_text(encoding="utf-8")
    plan.write_text(text.replace("owner: shift_leader", "owner: nobody", 1), encoding="utf-8")
    zh = CliRunner().invoke(main, ["validate", str(POISONING), str(plan)])
    assert zh.exit_code == 1
    assert "通过：" in zh.stdout and "（情景及预案 " in zh.stdout
    assert (
        f"错误：{plan}:" in zh.stderr
        and "steps[0].owner: 应为角色编号，实际为 'nobody'" in zh.stderr
    )
    en = CliRunner().invoke(main, ["validate", str(POISONING), str(plan), "--lang", "en"])
    assert "ok: " in en.stdout
    assert f"error: {plan}:" in en.stderr and "expected a role id, found 'nobody'" in en.stderr


def test_a_changed_input_warning_reads_in_chinese() -> None:
    warning = (
        "warning: plan.yaml: the plan file has changed since the run (sha256 0123456789ab... "
        "in runs/x/manifest.json, ba9876543210... now); scores would use the new targets"
    )
    assert warning_text(warning, "zh") == (
        "警告：plan.yaml: 预案文件在推演之后已修改（runs/x/manifest.json 记录 sha256 "
        "0123456789ab...，现为 ba9876543210...）；评分将按新的目标计算"
    )
    assert warning_text(warning, "en") == warning


def test_the_flammable_gas_advice_reads_in_chinese(tmp_path: Path) -> None:
    scenario = (BUNDLED / "poisoning.yaml").read_text(encoding="utf-8")
    (tmp_path / "poisoning-plan.yaml").write_text(
        (BUNDLED / "poisoning-plan.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    path = tmp_path / "poisoning.yaml"
    path.write_text(scenario.replace("substance: H2S", "substance: LPG", 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path), "--lang", "zh"])
    assert result.exit_code == 1
    assert "实际为 'LPG'；可燃气体没有气云模型（不计爆炸下限、闪火和蒸气云爆炸）" in result.stderr
    assert "a flammable gas" not in result.stderr
