"""click's own command-line errors follow the command line's language (Chinese unless
``--lang en``), with the exit code click gives them."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from tests.conftest import POISONING
from tui.cli import main
from tui.usage_zh import message_zh, wants_english

ENGLISH_WORD = re.compile(r"\b(?!SCENARIO\b|bogus\b)[A-Za-z]{4,}\b")


@pytest.mark.parametrize(
    ("args", "zh"),
    [
        (
            ["run", str(POISONING), "--seed", "abc"],
            "'--seed' 的值无效：“abc”不是有效的范围内的整数。",
        ),
        (["run"], "缺少参数 SCENARIO。"),
        (["run", str(POISONING), "--bogus"], "没有选项 --bogus。是否应为 --out？"),
        (["bogus"], "没有命令 bogus。"),
        (
            ["run", str(POISONING), "--lang", "fr"],
            "'--lang' 的值无效：“fr”不是可选的值（'zh'、'en'）。",
        ),
        (["run", str(POISONING), "--seed"], "选项 --seed 后面需要一个值。"),
    ],
)
def test_a_usage_error_reads_in_chinese_by_default(args: list[str], zh: str) -> None:
    result = CliRunner().invoke(main, args, prog_name="drillsim")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[-1] == f"错误：{zh}"
    if len(lines) > 1:  # with the usage, when click knows the command
        assert lines[0].startswith("用法：drillsim") and lines[1].startswith("输入 'drillsim")
    # no word of click's English is left (option names and the user's values aside)
    prose = re.sub(r"'[^']*'|“[^”]*”|--\w+", "", lines[-1])
    assert not ENGLISH_WORD.findall(prose)


def test_with_lang_en_click_speaks_english() -> None:
    result = CliRunner().invoke(main, ["run", str(POISONING), "--lang", "en", "--bogus"])
    assert result.exit_code == 2
    last = result.stderr.splitlines()[-1]
    assert last == "Error: No such option '--bogus'. Did you mean '--out'?"


def test_success_and_version_keep_their_exit_codes() -> None:
    assert CliRunner().invoke(main, ["--version"]).exit_code == 0
    assert CliRunner().invoke(main, ["schema", "--check"]).exit_code == 0


def test_the_language_is_read_from_the_command_line() -> None:
    assert wants_english(["run", "x", "--lang", "en"]) and wants_english(["--lang=en"])
    assert not wants_english(["run", "x"]) and not wants_english(["--lang", "zh"])
    assert message_zh("Something click never said.") == "Something click never said."
