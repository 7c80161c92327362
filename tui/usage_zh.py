"""click's own usage errors in Chinese: a missing argument, an unknown option, a value
of the wrong kind on the command line.

The commands speak Chinese by default (``--lang en`` for English), but click writes its
parsing errors before any command runs, in English. :class:`BilingualGroup` catches them
and writes them in the language the command line asked for: Chinese unless it says
``--lang en``. A message no pattern knows is written as click wrote it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any

import click

from tui.model_messages import Rule, first_match

_KINDS = {
    "integer": "整数",
    "integer range": "范围内的整数",
    "float": "数字",
    "float range": "范围内的数字",
    "boolean": "是或否（true/false）",
}
_PATHS = {"File": "文件", "Directory": "目录", "Path": "路径"}

_UNITS_ZH = {
    "air changes/h": "次/小时",
    "by volume": "（体积分数）",
    "no unit": "无单位",
    "min": "分钟",
    "in": "英寸",
}
"""The hazard calculator's units that are words in English; symbols (m3, ppm) stay."""


def _number_zh(value: str, unit: str | None) -> str:
    if not unit:
        return value
    zh = _UNITS_ZH.get(unit, unit)
    return f"{value}{zh}" if zh.startswith("（") else f"{value} {zh}"


_BOUNDS_ZH = {"more than": "应大于", "at least": "应不小于", "at most": "应不大于"}

_VALUES: list[Rule] = [
    (
        re.compile(r"^expected (more than|at least|at most) (\S+)(?: (.+?))?, found (\S+)$"),
        lambda m: (
            f"{_BOUNDS_ZH[m.group(1)]} {_number_zh(m.group(2), m.group(3))}，实际为 {m.group(4)}"
        ),
    ),
    (
        re.compile(r"^expected a finite number(?: (.+?))?, found (.+)$"),
        lambda m: (
            f"应为有限数值（{_UNITS_ZH.get(m.group(1), m.group(1))}），实际为 {m.group(2)}"
            if m.group(1)
            else f"应为有限数值，实际为 {m.group(2)}"
        ),
    ),
    (
        re.compile(r"^expected a number \((.+?)\), found (.+)$"),
        lambda m: f"应为数值（{_UNITS_ZH.get(m.group(1), m.group(1))}），实际为 {m.group(2)}",
    ),
    (
        re.compile(r"^'(.*)' is not a valid (integer range|float range|integer|float|boolean)\.$"),
        lambda m: f"“{m.group(1)}”不是有效的{_KINDS[m.group(2)]}。",
    ),
    (
        re.compile(r"^(.*) is not in the range (.*)\.$"),
        lambda m: f"{m.group(1)} 不在取值范围 {m.group(2)} 内。",
    ),
    (
        re.compile(r"^'(.*)' is not one of (.*)\.$"),
        lambda m: f"“{m.group(1)}”不是可选的值（{m.group(2).replace(', ', '、')}）。",
    ),
    (
        re.compile(r"^(File|Directory|Path) '(.*)' does not exist\.$"),
        lambda m: f"{_PATHS[m.group(1)]}“{m.group(2)}”不存在。",
    ),
    (
        re.compile(r"^(File|Directory|Path) '(.*)' is a file\.$"),
        lambda m: f"“{m.group(2)}”是文件，这里需要目录。",
    ),
    (
        re.compile(r"^(File|Directory|Path) '(.*)' is a directory\.$"),
        lambda m: f"“{m.group(2)}”是目录，这里需要文件。",
    ),
    (
        re.compile(r"^(File|Directory|Path) '(.*)' is not (readable|writable)\.$"),
        lambda m: (
            f"{_PATHS[m.group(1)]}“{m.group(2)}”"
            + ("不可读。" if m.group(3) == "readable" else "不可写。")
        ),
    ),
]

_MESSAGES: list[Rule] = [
    (
        re.compile(r"^Invalid value for (.+?): (.*)$", re.S),
        lambda m: f"{m.group(1)} 的值无效：{_value_zh(m.group(2))}",
    ),
    (re.compile(r"^Missing argument '(.+)'\.$"), lambda m: f"缺少参数 {m.group(1)}。"),
    (re.compile(r"^Missing option '(.+)'\.$"), lambda m: f"缺少选项 {m.group(1)}。"),
    (re.compile(r"^Missing command\.$"), lambda m: "缺少子命令。"),
    (
        re.compile(r"^No such option '(.+?)'\. Did you mean '(.+)'\?$"),
        lambda m: f"没有选项 {m.group(1)}。是否应为 {m.group(2)}？",
    ),
    (
        re.compile(r"^No such option '(.+?)'\. \(Possible options: (.+)\)$"),
        lambda m: f"没有选项 {m.group(1)}。可能是：{m.group(2).replace(', ', '、')}。",
    ),
    (re.compile(r"^No such option '(.+)'\.$"), lambda m: f"没有选项 {m.group(1)}。"),
    (re.compile(r"^No such command '(.+)'\.$"), lambda m: f"没有命令 {m.group(1)}。"),
    (
        re.compile(r"^Got unexpected extra arguments? \((.*)\)$"),
        lambda m: f"多余的参数：{m.group(1)}。",
    ),
    (
        re.compile(r"^Option '(.+)' requires an argument\.$"),
        lambda m: f"选项 {m.group(1)} 后面需要一个值。",
    ),
    (
        re.compile(r"^Option '(.+)' requires (\d+) arguments\.$"),
        lambda m: f"选项 {m.group(1)} 后面需要 {m.group(2)} 个值。",
    ),
    (
        re.compile(r"^Option '(.+)' does not take a value\.$"),
        lambda m: f"选项 {m.group(1)} 不带值。",
    ),
]


def _value_zh(text: str) -> str:
    return first_match(_VALUES, text) or text


def message_zh(text: str) -> str:
    """click's message in Chinese, or as it is when no pattern knows it."""
    return first_match(_MESSAGES, text) or text


def wants_english(args: Sequence[str]) -> bool:
    """Whether the command line asks for English (``--lang en`` or ``--lang=en``)."""
    items = list(args)
    for i, a in enumerate(items):
        if a == "--lang" and i + 1 < len(items):
            return items[i + 1] == "en"
        if a.startswith("--lang="):
            return a.split("=", 1)[1] == "en"
    return False


def show_zh(error: click.ClickException) -> None:
    """Write a click error as click would, in Chinese."""
    out = sys.stderr
    if isinstance(error, click.UsageError) and error.ctx is not None:
        ctx = error.ctx
        usage = ctx.get_usage().replace("Usage: ", "用法：", 1)
        click.echo(usage, file=out)
        if ctx.command.get_help_option(ctx) is not None:
            name = ctx.command_path
            click.echo(f"输入 '{name} --help' 查看帮助。", file=out)
        click.echo(file=out)
    click.echo(f"错误：{message_zh(error.format_message())}", file=out)


class BilingualGroup(click.Group):
    """A command group whose own parsing errors follow the command line's language."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        argv = list(sys.argv[1:] if args is None else args)
        try:
            rv = super().main(argv, prog_name, complete_var, False, **extra)
        except click.ClickException as error:
            if wants_english(argv):
                error.show()
            else:
                show_zh(error)
            sys.exit(error.exit_code)
        except click.exceptions.Abort:
            click.echo("已中止。" if not wants_english(argv) else "Aborted!", err=True)
            sys.exit(1)
        # as click's standalone mode ends: an exit code from ctx.exit(), else success
        sys.exit(rv if isinstance(rv, int) else 0)
