"""Problems in a user's files, in Chinese or English.

The loader writes each problem as ``file:line: field.path: message`` with an
English message (``sim.errors.Problem``), the form editors and CI logs parse.
This is the one place that gives the messages a Chinese form (those of the
models' own rules, the loader's cross-checks, the journal and the scoring files
are in ``tui.model_messages``); the file, line and field path stay as they are,
and a message no pattern knows is shown as written.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from sim.errors import InputError, Problem
from sim.loader import FLAMMABLE_HINT
from tui.model_messages import (
    CROSS_CHECKS,
    FILES,
    JOURNAL,
    SCORING,
    SHAPES,
    VALIDATORS,
    VALUES,
    VARY,
    first_match,
)

F = TypeVar("F", bound=Callable[..., Any])

_THINGS = {
    "location": "地点",
    "person": "人员",
    "hazard": "危险源",
    "role": "角色",
    "team": "队伍",
    "step": "步骤",
    "level": "响应级别",
    "shift": "班次",
    "resource": "资源",
    "organisation": "组织",
    "report": "报告环节",
    "reporting link": "报告环节",
    "inject": "情景注入",
    "higher plan": "上级预案",
    "objective": "评估目标",
    "link": "报告环节",
    "alerting link": "通知环节",
}
_VALUES = [
    (
        re.compile(
            r"^a valid integer(?:, unable to parse string as an integer"
            r"|, got a number with a fractional part)?$"
        ),
        "整数",
    ),
    (re.compile(r"^a valid number(?:, unable to parse string as a number)?$"), "数字"),
    (re.compile(r"^a finite number$"), "有限的数字"),
    (re.compile(r"^a valid string$"), "文本"),
    (
        re.compile(r"^a valid boolean(?:, unable to interpret input)?$"),
        "布尔值（'true' 或 'false'）",
    ),
    (re.compile(r"^a valid list$"), "列表"),
    (re.compile(r"^a valid dictionary(?: or instance of .*)?$"), "映射（'键: 值' 形式）"),
    (re.compile(r"^greater than or equal to (.+)$"), "大于或等于 {0} 的值"),
    (re.compile(r"^greater than (.+)$"), "大于 {0} 的值"),
    (re.compile(r"^less than or equal to (.+)$"), "小于或等于 {0} 的值"),
    (re.compile(r"^less than (.+)$"), "小于 {0} 的值"),
]


def _hint(hint: str) -> str:
    """`` (did you mean 'x'?)`` and its kin."""
    if not hint:
        return ""
    m = re.fullmatch(r"[ ;(]*did you mean '(.*)'\?\)?", hint)
    if m:
        return f"（是否应为 '{m.group(1)}'？）"
    m = re.fullmatch(r" \(defined: (.*)\)", hint)
    if m:
        return f"（已定义：{'、'.join(m.group(1).split(', '))}）"
    if hint == " (none defined)":
        return "（尚未定义任何一项）"
    if hint == "; that field belongs to another section":
        return "（该字段属于文件的其他部分）"
    return hint


def _value(what: str) -> str | None:
    for rx, zh in _VALUES:
        m = rx.match(what)
        if m:
            return zh.format(*m.groups())
    return first_match(VALUES, what)


_SPECIAL = {"nan": "非数值", "inf": "无穷大", "-inf": "负无穷大", "None": "空值"}


def _found(found: str) -> str:
    """A found value as the reader sees it: a mapping or a list by name, not its repr."""
    if found in _SPECIAL:
        return _SPECIAL[found]
    if found.startswith("{"):
        return "映射"
    if found.startswith("["):
        return "列表" if found != "[]" else "空列表"
    return found


def _id_expected(m: re.Match[str]) -> str | None:
    thing = _THINGS.get(m["thing"])
    if thing is None:
        return None
    where = ""
    if m["file"]:
        where = f"{'预案' if m['file'] == 'plan' else '情景'}（{m['path']}）中的"
    return f"应为{where}{thing}编号，实际为 '{m['found']}'{_hint(m['hint'])}"


FLAMMABLE_HINT_ZH = (
    "；可燃气体没有气云模型（不计爆炸下限、闪火和蒸气云爆炸）：着火的天然气管道写作 "
    "pipeline_rupture，混在燃料气中的有毒气体写作带 mixture 的 gas_release（见 README "
    "“What the models cover”）"
)


def _input_should(m: re.Match[str]) -> str | None:
    zh = _value(m.group(1))
    if zh is None:
        return None
    given, hint = m.group(2), ""
    if given.endswith(FLAMMABLE_HINT):
        given, hint = given.removesuffix(FLAMMABLE_HINT), FLAMMABLE_HINT_ZH
    found = _found(given)
    return f"应为{zh}，实际为{'' if found != given else ' '}{found}{hint}"


_MESSAGES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str | None]]] = [
    (
        re.compile(
            r"^expected an? (?P<thing>[a-z ]+?) id(?: of the (?P<file>scenario's site|plan) "
            r"\((?P<path>.*?)\))?, found '(?P<found>.*?)'(?P<hint>.*)$"
        ),
        _id_expected,
    ),
    (
        re.compile(r"^expected a task some step satisfies, found '(.*?)'(.*)$"),
        lambda m: f"应为某个步骤完成的任务，实际为 '{m.group(1)}'{_hint(m.group(2))}",
    ),
    (
        re.compile(r"^unknown field '(.*?)'(.*)$"),
        lambda m: f"未知字段 '{m.group(1)}'{_hint(m.group(2))}",
    ),
    (re.compile(r"^required field is missing$"), lambda m: "缺少必填字段"),
    (
        re.compile(r"^expected a mapping \(key: value\); found (.*?)((?:; did you mean '.*'\?)?)$"),
        lambda m: f"应为映射（'键: 值' 形式），实际为 {_found(m.group(1))}{_hint(m.group(2))}",
    ),
    (re.compile(r"^input should be (.*); found (.*)$"), _input_should),
    (
        re.compile(r"^expected 'kind' to be one of ([^?].*), found (.*)$"),
        lambda m: f"'kind' 应为 {'、'.join(m.group(1).split(', '))} 之一，实际为 {m.group(2)}",
    ),
    (re.compile(r"^file not found$"), lambda m: "文件不存在"),
    (re.compile(r"^cannot read: permission denied$"), lambda m: "无法读取：没有读取权限"),
    (re.compile(r"^cannot read: (.*)$"), lambda m: f"无法读取：{m.group(1)}"),
    (
        re.compile(
            r"^cannot tell the kind of file: expected a scenario \(with 'site'\) or a plan "
            r"\(with 'steps'\)$"
        ),
        lambda m: "无法判断文件类型：应为情景文件（含 'site'）或预案文件（含 'steps'）",
    ),
    (
        re.compile(r"^expected a YAML mapping, found an empty file$"),
        lambda m: "应为 YAML 映射，实际为空文件",
    ),
    (
        re.compile(r"^expected a regular file, found (.*)$"),
        lambda m: f"应为普通文件，实际为 {m.group(1)}",
    ),
]


_ROLE_ZH = {"scenario": "情景", "plan": "预案"}
_MESSAGES += [
    (
        re.compile(
            r"^the event log does not match its manifest \(sha256 (\S+) recorded, (\S+) now\): "
            r"it was edited or truncated$"
        ),
        lambda m: (
            f"事件日志与运行清单不符（清单记录 sha256 {m.group(1)}，现为 {m.group(2)}）："
            "日志已被修改或截断"
        ),
    ),
    (
        re.compile(
            r"^the (scenario|plan) file has changed since the run \(sha256 (\S+) in (.+), (\S+) "
            r"now\); scores would use the new targets$"
        ),
        lambda m: (
            f"{_ROLE_ZH[m.group(1)]}文件在推演之后已修改（{m.group(3)} 记录 sha256 "
            f"{m.group(2)}，现为 {m.group(4)}）；评分将按新的目标计算"
        ),
    ),
    (
        re.compile(r"^re-run the scenario, or pass --allow-changed to score anyway$"),
        lambda m: "请重新推演，或加 --allow-changed 仍按现有文件评分",
    ),
    (
        re.compile(
            r"^inputs\.(scenario|plan)\.path: the \w+ file '(.*)' is not found; run "
            r"`drillsim score` from the folder the run was made in$"
        ),
        lambda m: (
            f"inputs.{m.group(1)}.path：找不到{_ROLE_ZH[m.group(1)]}文件 '{m.group(2)}'；"
            "请在推演时所在的文件夹中运行 `drillsim score`"
        ),
    ),
]


def warning_text(warning: str, lang: str) -> str:
    """A scorecard's ``warning: file: message`` in ``lang``."""
    m = re.match(r"^warning: (.*?): (the .*)$", warning)
    if lang == "en" or m is None:
        return warning
    return f"警告：{m.group(1)}: {message_text(m.group(2), lang)}"


def message_text(message: str, lang: str) -> str:
    """A problem's message in ``lang``; Chinese where a pattern knows it."""
    if lang == "en":
        return message
    for rx, zh in _MESSAGES:
        m = rx.match(message)
        if m:
            text = zh(m)
            if text is not None:
                return text
    return _rule_text(message) or message


def _refused(message: str) -> str | None:
    """A ``--vary`` value the model refuses, with pydantic's reason in Chinese."""
    m = re.match(r"^(\S+) is refused: Input should be (.*)$", message)
    zh = None if m is None else _value(m.group(2))
    return None if m is None or zh is None else f"取值 {m.group(1)} 不被接受：应为{zh}"


def _rule_text(message: str) -> str | None:
    """A field rule's message, with the loader's ``; found <value>`` after it."""
    core, sep, found = message.rpartition("; found ")
    if not sep:
        core, found = message, ""
    zh = first_match(VALIDATORS, core) or first_match(SCORING, core) or first_match(SHAPES, core)
    if zh is None and sep:  # a rule whose own message ends in "; found ..."
        core, found = message, ""
        zh = first_match(VALIDATORS, core) or first_match(SCORING, core)
    if zh is None:
        return (
            first_match(CROSS_CHECKS, message)
            or first_match(SCORING, message)
            or first_match(FILES, message)
            or first_match(JOURNAL, message)
            or first_match(VARY, message)
            or _refused(message)
        )
    said = found.startswith("'") and found in zh  # the rule already quotes it
    if not found or "实际" in zh or said or found.startswith(("{", "[")):
        return zh
    return f"{zh}，实际为 {found}"


def problem_text(problem: Problem, lang: str) -> str:
    """``file:line: field.path: message``, the message in ``lang``."""
    where = problem.file if problem.line is None else f"{problem.file}:{problem.line}"
    field = f" {problem.field}:" if problem.field else ""
    return f"{where}:{field} {message_text(problem.message, lang)}"


def error_line(problem: Problem, lang: str) -> str:
    return (
        f"error: {problem_text(problem, lang)}"
        if lang == "en"
        else f"错误：{problem_text(problem, lang)}"
    )


def problem_count(count: int, lang: str) -> str:
    return f"{count} problems" if lang == "en" else f"共 {count} 个问题"


def user_errors(func: F) -> F:
    """Show a user's mistakes as messages in the command's ``--lang``, never as tracebacks."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        lang = str(kwargs.get("lang") or "zh")
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            for p in exc.problems:
                click.echo(error_line(p, lang), err=True)
            if len(exc.problems) > 1:
                click.echo(problem_count(len(exc.problems), lang), err=True)
            sys.exit(2)
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(0)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            label = "error: " if lang == "en" else "错误："
            click.echo(f"{label}{where}{exc.strerror or exc}", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


__all__ = [
    "error_line",
    "message_text",
    "problem_count",
    "problem_text",
    "user_errors",
    "warning_text",
]
