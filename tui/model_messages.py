"""The Chinese form of what the file models' own validators say.

``tui.problems`` knows the messages every file shares (an unknown field, a
value of the wrong type); these are the rules of particular fields: a
triangular duration's order, a room's air, a time of day in quotes. Field
names and values stay in quotes as the user wrote them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]


def keys(text: str) -> str:
    """``a, b, c`` as ``'a'、'b'、'c'``."""
    return "、".join(f"'{k.strip()}'" for k in text.split(",") if k.strip())


def choices(text: str) -> str:
    """``'A', 'B' or 'C'`` as ``'A'、'B' 或 'C'``."""
    head, _, last = text.rpartition(" or ")
    if not head:
        return text
    return f"{'、'.join(h.strip() for h in head.split(', '))} 或 {last}"


def _rule(pattern: str, zh: Callable[[re.Match[str]], str]) -> Rule:
    return re.compile(pattern), zh


_ONE_OF = "（且只能给出一个）"

VALIDATORS: list[Rule] = [
    # distributions
    _rule(
        r"^expected low <= mode <= high(?:, found (\S+), (\S+), (\S+))?$",
        lambda m: (
            "应满足 'low' ≤ 'mode' ≤ 'high'（最小值、最可能值、最大值依次不减）"
            + (f"，实际依次为 {m.group(1)}、{m.group(2)}、{m.group(3)}" if m.group(1) else "")
        ),
    ),
    _rule(
        r"^expected p90 > median, found p90=(\S+), median=(\S+)$",
        lambda m: (
            f"应满足 'p90' > 'median'（第 90 百分位数大于中位数），"
            f"实际 'p90' 为 {m.group(1)}，'median' 为 {m.group(2)}"
        ),
    ),
    _rule(
        r"^write minutes as a bare number: (\S+), not (.*) \(durations are in minutes; "
        r"the unit is not written\)$",
        lambda m: f"分钟数只写数字：{m.group(1)}，不写 {m.group(2)}（时长以分钟计，不写单位）",
    ),
    # times and dates
    _rule(
        r"^expected a time of day in quotes, e\.g\. write \"08:00\", found the number (.*)$",
        lambda m: f'应为加引号的时刻，例如 "08:00"，实际为数字 {m.group(1)}',
    ),
    _rule(
        r"^expected a local time of day without a time zone, e\.g\. \"08:00\"$",
        lambda m: '应为不带时区的当地时刻，例如 "08:00"',
    ),
    _rule(
        r"^expected a date and local time, e\.g\. (\S+), found the number (.*)$",
        lambda m: f"应为日期和当地时间，例如 {m.group(1)}，实际为数字 {m.group(2)}",
    ),
    _rule(
        r"^expected a date between (\S+) and (\S+), found (\S+)$",
        lambda m: f"应为 {m.group(1)} 至 {m.group(2)} 之间的日期，实际为 {m.group(3)}",
    ),
    # places
    _rule(
        r"^a location of kind 'room' needs '(room: \{.*\})'$",
        lambda m: f"类型为 'room' 的地点需要 '{m.group(1)}'（房间容积和换气次数）",
    ),
    _rule(
        r"^expected ventilation_ach \(normal use\) at least infiltration_ach \(closed up\), "
        r"found (\S+) < (\S+)$",
        lambda m: (
            "'ventilation_ach'（平时换气次数）应不小于 'infiltration_ach'（关闭门窗后的"
            f"换气次数），实际为 {m.group(1)} < {m.group(2)}"
        ),
    ),
    _rule(
        r"^expected both x_m and y_m or neither, found (\w+) without (\w+)$",
        lambda m: (
            f"'x_m' 和 'y_m' 应同时给出或都不给出，实际只有 '{m.group(1)}'，缺少 '{m.group(2)}'"
        ),
    ),
    # sources
    _rule(
        r"^a decay needs exactly one of 'half_life_min' or 'profile'$",
        lambda m: f"衰减应给出 'half_life_min'（半衰期）或 'profile'（实测曲线）之一{_ONE_OF}",
    ),
    _rule(
        r"^expected the profile's 'after_min' in increasing order$",
        lambda m: "'profile' 中的 'after_min' 应按从小到大的顺序排列",
    ),
    _rule(
        r"^'initial_oxygen_percent' (\S+) leaves room for at most (\S+) ppm of gas "
        r"\(it displaces the oxygen too\), found 'initial_ppm' (\S+)$",
        lambda m: (
            f"'initial_oxygen_percent' 为 {m.group(1)} 时，气体至多 {m.group(2)} ppm"
            f"（气体同样置换氧气），实际 'initial_ppm' 为 {m.group(3)}"
        ),
    ),
    _rule(
        r"^a release of phase 'gas' needs 'pressure_barg'$",
        lambda m: "'phase' 为 'gas' 的泄漏需要 'pressure_barg'（表压）",
    ),
    _rule(
        r"^expected a liquefied gas \(Cl2 or NH3\) for phase 'liquid', found (.*)$",
        lambda m: f"'phase' 为 'liquid' 时应为液化气体（Cl2 或 NH3），实际为 {m.group(1)}",
    ),
    _rule(
        r"^a liquid release empties by 'inventory_kg', not 'vessel_volume_m3'$",
        lambda m: "液相泄漏按 'inventory_kg'（储存量）泄尽，不用 'vessel_volume_m3'",
    ),
    _rule(
        r"^a gas release empties by 'vessel_volume_m3' \(its pressure decays\), "
        r"not 'inventory_kg'$",
        lambda m: (
            "气相泄漏按 'vessel_volume_m3'（容器容积，压力随之下降）泄尽，不用 'inventory_kg'"
        ),
    ),
    # people and injects
    _rule(
        r"^a respirator of kind '(.*)' needs 'rated_min'$",
        lambda m: f"类型为 '{m.group(1)}' 的呼吸器需要 'rated_min'（额定防护时间）",
    ),
    _rule(
        r"^an inject needs exactly one of 'at_min' or 'when'$",
        lambda m: f"情景注入应给出 'at_min'（时刻）或 'when'（条件）之一{_ONE_OF}",
    ),
    # conditions and effects
    _rule(
        r"^expected exactly one (condition|effect) key of: (.*); found (.*)$",
        lambda m: (
            f"{'条件' if m.group(1) == 'condition' else '动作'}应恰好给出以下键之一："
            f"{keys(m.group(2))}；实际"
            + ("一个也没有" if m.group(3) == "none" else f"给出了 {keys(m.group(3))}")
        ),
    ),
    _rule(
        r"^a non_entry rescue needs 'minutes_per_person' \(the lift time\)$",
        lambda m: "非进入式救援（'non_entry'）需要 'minutes_per_person'（每人提升用时）",
    ),
    # plan
    _rule(
        r"^qualifications\.(\S+): expected a count of members from 1 to the team's size "
        r"(\S+), found (\S+)$",
        lambda m: (
            f"'qualifications.{m.group(1)}'：持证人数应为 1 至队伍人数 {m.group(2)}，"
            f"实际为 {m.group(3)}"
        ),
    ),
    _rule(
        r"^expected exactly one of 'resource' \(an id\) or 'type'$",
        lambda m: f"应给出 'resource'（资源编号）或 'type'（资源类型）之一{_ONE_OF}",
    ),
    _rule(
        r"^expected 'kind' to be one of \?, found \{.*$",
        lambda m: "缺少 'kind' 字段",
    ),
]

VALUES: list[Rule] = [
    _rule(
        r"^a valid datetime(?: or date)?(?:, .*)?$",
        lambda m: "日期和时间（如 2026-03-14T08:00:00）",
    ),
    _rule(r"^(?:in )?a valid time(?: format)?(?:, .*)?$", lambda m: '时刻（如 "08:00"）'),
    _rule(r"^a valid date(?:, .*)?$", lambda m: "日期（如 2026-03-14）"),
    _rule(r"^('[^']*')$", lambda m: f" {m.group(1)}"),
    _rule(r"^('.*' or '[^']*')$", lambda m: f" {choices(m.group(1))} 之一"),
]
"""What a pydantic ``input should be ...`` expects, beyond the plain types."""

SHAPES: list[Rule] = [
    _rule(r"^string should have at least 1 character$", lambda m: "应为非空文本"),
    _rule(
        r"^string should have at least (\d+) characters$",
        lambda m: f"文本应至少有 {m.group(1)} 个字符",
    ),
    _rule(
        r"^string should have at most (\d+) characters?$",
        lambda m: f"文本应至多有 {m.group(1)} 个字符",
    ),
    _rule(r"^string should match pattern '\^\[\^\\s\]\+\$'$", lambda m: "应为不含空白的编号"),
    _rule(r"^string should match pattern (.*)$", lambda m: f"文本应符合格式 {m.group(1)}"),
    _rule(
        r"^list should have at least (\d+) items? after validation, not (\d+)$",
        lambda m: f"列表应至少有 {m.group(1)} 项，实际为 {m.group(2)} 项",
    ),
    _rule(
        r"^list should have at most (\d+) items? after validation, not (\d+)$",
        lambda m: f"列表应至多有 {m.group(1)} 项，实际为 {m.group(2)} 项",
    ),
]
"""Pydantic's length and pattern constraints."""

_TYPES = {
    "a string": "文本",
    "true/false": "布尔值",
    "null": "空值",
    "an object": "对象",
    "a list": "列表",
    "a number": "数字",
}
_TYPE = "(a string|true/false|null|an object|a list|a number)"
_JSON = {
    "Expecting ',' delimiter": "缺少 ','",
    "Expecting ':' delimiter": "缺少 ':'",
    "Expecting value": "缺少值",
    "Expecting property name enclosed in double quotes": "键名应加双引号",
    "Unterminated string starting at": "字符串缺少结束的引号",
    "Extra data": "对象之后还有多余内容",
    "Invalid control character at": "字符串中有控制字符",
    "Invalid \\escape": "无效的转义符",
}


def _json_error(message: str) -> str:
    return _JSON.get(message, f"'{message}'")


JOURNAL: list[Rule] = [
    _rule(
        rf"^expected a number of minutes, found {_TYPE} (.*)$",
        lambda m: f"应为分钟数（数字），实际为{_TYPES[m.group(1)]} {m.group(2)}",
    ),
    _rule(
        rf"^expected text in quotes, found {_TYPE} (.*)$",
        lambda m: f"应为加引号的文本，实际为{_TYPES[m.group(1)]} {m.group(2)}",
    ),
    _rule(
        rf"^expected an object \{{\.\.\.\}}, found {_TYPE}$",
        lambda m: f"应为对象 {{...}}，实际为{_TYPES[m.group(1)]}",
    ),
    _rule(
        rf"^expected a JSON object, found {_TYPE}$",
        lambda m: f"应为 JSON 对象，实际为{_TYPES[m.group(1)]}",
    ),
    _rule(
        r"^expected a JSON object, found nesting too deep$",
        lambda m: "应为 JSON 对象，实际嵌套层数过多",
    ),
    _rule(
        r"^expected a JSON object, (.*)$",
        lambda m: f"应为 JSON 对象，解析出错：{_json_error(m.group(1))}",
    ),
    _rule(
        r"^expected a finite number, found (\S+)$",
        lambda m: f"应为有限的数字，实际为 '{m.group(1)}'",
    ),
    _rule(r"^key given twice on one line$", lambda m: "同一行中重复给出了该键"),
    _rule(r"^unknown field$", lambda m: "未知字段"),
    _rule(
        r"^expected a command of: (.*), found (.*)$",
        lambda m: f"应为以下命令之一：{keys(m.group(1))}，实际为 {m.group(2)}",
    ),
    _rule(
        r"^expected a 'command' field, one of: (.*)$",
        lambda m: f"缺少 'command' 字段，应为以下命令之一：{keys(m.group(1))}",
    ),
    _rule(
        r"^expected minutes from the accident between 0 and (\S+), found (\S+)$",
        lambda m: f"应为事故发生后 0 至 {m.group(1)} 分钟之间的时刻，实际为 {m.group(2)}",
    ),
    _rule(
        r"^expected minutes later \(or earlier, negative\) between (\S+) and (\S+), "
        r"found (\S+)$",
        lambda m: (
            f"应为推迟的分钟数（提前时取负值），在 {m.group(1)} 至 {m.group(2)} 之间，"
            f"实际为 {m.group(3)}"
        ),
    ),
    _rule(
        r"^expected a time before the end of the run \(the scenario's horizon_min is (\S+)\), "
        r"found (\S+); the decision would never be replayed$",
        lambda m: (
            f"应早于推演结束时刻（情景的 'horizon_min' 为 {m.group(1)}），"
            f"实际为 {m.group(2)}；该决策不会被重放"
        ),
    ),
]
"""A decisions journal (JSON Lines) and its ids and times."""
