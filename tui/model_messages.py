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


def first_match(rules: list[Rule], message: str) -> str | None:
    """The Chinese of ``message`` by the first rule whose pattern it matches; None if none."""
    for rx, zh in rules:
        m = rx.match(message)
        if m:
            return zh(m)
    return None


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
        r"^expected 'initial_ppm' at most (\S+) \(the mixture's substance_fraction (\S+) "
        r"of the pure gas\), found (\S+)$",
        lambda m: (
            f"'initial_ppm' 应不超过 {m.group(1)}（混合气体中该物质的体积分数 "
            f"'substance_fraction' 为 {m.group(2)}），实际为 {m.group(3)}"
        ),
    ),
    _rule(
        r"^'authority_kind' is for an organisation of kind 'authority', found kind '(\S+)'$",
        lambda m: (
            f"'authority_kind'（政府部门类别）只用于 'kind' 为 'authority' 的单位，"
            f"实际 'kind' 为 '{m.group(1)}'"
        ),
    ),
    _rule(
        r"^ignition_delay_min needs 'ignited: true' \(the gas must ignite\)$",
        lambda m: "'ignition_delay_min'（延迟着火时间）需要 'ignited: true'（气体被引燃）",
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
    _rule(
        r"^'mixture' is for a release of phase 'gas'$",
        lambda m: "'mixture'（混合气体）只用于 'phase' 为 'gas' 的泄漏",
    ),
    _rule(
        r"^a mixture is either a named 'gas' or 'molecular_weight_g_mol' with "
        r"'heat_capacity_ratio', not both$",
        lambda m: (
            "混合气体或给出命名的 'gas'（气体种类），或给出 'molecular_weight_g_mol'（摩尔质量）"
            "和 'heat_capacity_ratio'（绝热指数），不能同时给出"
        ),
    ),
    _rule(
        r"^a mixture needs 'gas' or both 'molecular_weight_g_mol' and 'heat_capacity_ratio'$",
        lambda m: (
            "混合气体需要 'gas'（气体种类），或同时给出 'molecular_weight_g_mol'（摩尔质量）"
            "和 'heat_capacity_ratio'（绝热指数）"
        ),
    ),
    _rule(
        r"^(\S+) holds no (\S+) in its typical composition: give 'substance_fraction'$",
        lambda m: (
            f"{m.group(1)} 的典型组成中不含 {m.group(2)}：请给出 'substance_fraction'"
            "（该物质的体积分数）"
        ),
    ),
    _rule(
        r"^a mixture given by 'molecular_weight_g_mol' needs 'substance_fraction'$",
        lambda m: (
            "按 'molecular_weight_g_mol'（摩尔质量）给出的混合气体需要 'substance_fraction'"
            "（该物质的体积分数）"
        ),
    ),
    _rule(
        r"^expected 'molecular_weight_g_mol' at least (\S+) \(the substance's share alone "
        r"weighs that much\), found (\S+)$",
        lambda m: (
            f"'molecular_weight_g_mol'（混合气体摩尔质量）应不小于 {m.group(1)}"
            f"（仅该物质所占份额就有这么重），实际为 {m.group(2)}"
        ),
    ),
    # people and injects
    _rule(
        r"^a respirator of kind '(.*)' needs 'rated_min'$",
        lambda m: f"类型为 '{m.group(1)}' 的呼吸器需要 'rated_min'（额定防护时间）",
    ),
    _rule(
        r"^'facepiece' is for a filter_mask, not a (.*)$",
        lambda m: (
            f"'facepiece'（面罩类型）只用于 filter_mask（过滤式防毒面具），不用于 '{m.group(1)}'"
        ),
    ),
    _rule(
        r"^'rated_ppm' is for a filter; a self_contained set has none$",
        lambda m: (
            "'rated_ppm'（滤毒罐额定浓度）只用于过滤式呼吸器；self_contained（自给式）没有该项"
        ),
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
        r"^required field 'kind' is missing$",
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
    _rule(r"^a valid tuple$", lambda m: "列表"),
    _rule(r"^('[^']*')$", lambda m: f" {m.group(1)}"),
    _rule(r"^('.*' or '[^']*')$", lambda m: f" {choices(m.group(1))} 之一"),
    _rule(r"^((?:-?[\d.]+, )*-?[\d.]+ or -?[\d.]+)$", lambda m: f" {choices(m.group(1))} 之一"),
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
        r"^(?:list|tuple) should have at least (\d+) items? after validation, not (\d+)$",
        lambda m: f"列表应至少有 {m.group(1)} 项，实际为 {m.group(2)} 项",
    ),
    _rule(
        r"^(?:list|tuple) should have at most (\d+) items? after validation, not (\d+)$",
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

_STAGES = {"phone": "电话报告", "written": "书面报告", "follow_up": "续报"}
_KIND = r"found '(.*?)' of kind '(.*?)'"


def _of_kind(m: re.Match[str], first: int) -> str:
    return f"实际为类型为 '{m.group(first + 1)}' 的 '{m.group(first)}'"


CROSS_CHECKS: list[Rule] = [
    _rule(
        r"^duplicate id '(.*)' in (\w+)$",
        lambda m: f"'{m.group(2)}' 中编号 '{m.group(1)}' 重复",
    ),
    _rule(
        rf"^expected a location of kind 'room', {_KIND}$",
        lambda m: f"应为类型为 'room' 的地点，{_of_kind(m, 1)}",
    ),
    _rule(
        r"^expected the release location '(.*)' to have x_m and y_m$",
        lambda m: f"泄漏地点 '{m.group(1)}' 应给出坐标 'x_m' 和 'y_m'",
    ),
    _rule(
        r"^expected one leak per room, found a second leak in '(.*)'$",
        lambda m: f"每个房间只能有一处泄漏，实际 '{m.group(1)}' 中有第二处",
    ),
    _rule(
        r"^expected the toxic hazards of one scenario to release one substance, found (.*)$",
        lambda m: (
            f"同一情景的有毒危险源应释放同一种物质，实际为 {'、'.join(m.group(1).split(', '))}"
        ),
    ),
    _rule(
        r"^expected a room_leak or gas_release hazard \(a pipeline is stopped by closing its "
        rf"valves: stop_release\), {_KIND}$",
        lambda m: (
            "应为 'room_leak' 或 'gas_release' 危险源（管道靠关闭阀门停止泄漏："
            f"'stop_release'），{_of_kind(m, 1)}"
        ),
    ),
    _rule(
        r"^expected an outdoor gas_release \(a water curtain dilutes gas in the open air\), "
        rf"{_KIND}$",
        lambda m: f"应为室外的 'gas_release' 危险源（水幕在露天稀释气体），{_of_kind(m, 1)}",
    ),
    _rule(
        r"^expected 'factor' \(the share of the concentration left behind the curtain\): "
        r"no field-test factor is given for (\S+) \(defaults exist for (.*)\)$",
        lambda m: (
            f"应给出 'factor'（水幕后残留浓度的比例）：{m.group(1)} 没有现场试验得出的系数"
            f"（有默认系数的物质：{'、'.join(m.group(2).split(', '))}）"
        ),
    ),
    _rule(
        r"^expected a room or building \(ventilation changes enclosed air\), " rf"{_KIND}$",
        lambda m: f"应为房间或建筑物（通风改变的是封闭空间内的空气），{_of_kind(m, 1)}",
    ),
    _rule(
        r"^expected a level the higher plan '(.*)' defines \((.*)\), found '(.*)'$",
        lambda m: (
            f"应为上级预案 '{m.group(1)}' 规定的响应级别（{keys(m.group(2))}），"
            f"实际为 '{m.group(3)}'"
        ),
    ),
    _rule(
        r"^expected a resource type the plan's resources have \((.*)\), found '(.*)'$",
        lambda m: (
            "应为预案资源中已有的资源类型（"
            + ("尚无任何资源" if m.group(1) == "none" else keys(m.group(1)))
            + f"），实际为 '{m.group(2)}'"
        ),
    ),
    _rule(
        r"^expected one step to continue '(.*)' \(its crew can carry on with one step at a "
        r"time\), found '(.*)' and '(.*)'$",
        lambda m: (
            f"只能有一个步骤接续 '{m.group(1)}'（其人员一次只能接着做一个步骤），"
            f"实际有 '{m.group(2)}' 和 '{m.group(3)}'"
        ),
    ),
    _rule(
        r"^expected exactly one of 'to_role' or 'to_organisation'$",
        lambda m: f"应给出 'to_role'（角色）或 'to_organisation'（组织）之一{_ONE_OF}",
    ),
    _rule(
        r"^expected 'after' for a (\w+) report: the id of the (phone report it completes|"
        r"report it follows), found none$",
        lambda m: (
            f"{_STAGES.get(m.group(1), m.group(1))}应给出 'after'："
            + ("它所补充的电话报告" if "completes" in m.group(2) else "它所接续的报告")
            + "的编号，实际未给出"
        ),
    ),
    _rule(
        r"^expected a phone or written report id, found follow_up report '(.*)' \(a follow-up "
        r"goes out again at each change and never arrives once for all\)$",
        lambda m: (
            f"应为电话报告或书面报告的编号，实际为续报 '{m.group(1)}'"
            "（续报随每次变化重复发出，不会一次送达了结）"
        ),
    ),
    _rule(
        r"^expected only on a phone report to an organisation \(to_organisation\), found it "
        r"on a (\w+) report( to a role)?$",
        lambda m: (
            "只能用于向组织（'to_organisation'）的电话报告，实际用于"
            + ("向角色的" if m.group(2) else "")
            + _STAGES.get(m.group(1), m.group(1))
        ),
    ),
    _rule(
        r"^expected a team of the unit '(.*)' \(outside teams are alerted through their "
        r"organisation\), found '(.*)' of '(.*)'$",
        lambda m: (
            f"应为本单位 '{m.group(1)}' 的队伍（外部队伍经其所属组织通知），"
            f"实际为 '{m.group(3)}' 的 '{m.group(2)}'"
        ),
    ),
    _rule(
        r"^expected each team told by one alerting link, found '(.*)' in '(.*)' and '(.*)'$",
        lambda m: (
            f"每支队伍只应由一个通知环节通知，实际 '{m.group(1)}' 同时在 "
            f"'{m.group(2)}' 和 '{m.group(3)}' 中"
        ),
    ),
    _rule(
        r"^expected a chain that starts at the alarm, found a loop through '(.*)'$",
        lambda m: f"通知链应从报警开始，实际经 '{m.group(1)}' 形成循环",
    ),
    _rule(
        r"^expected every location to be reachable from the scene '(.*)', found no route "
        r"to: (.*)$",
        lambda m: f"每个地点都应能从现场 '{m.group(1)}' 到达，实际无路线到达：{keys(m.group(2))}",
    ),
    _rule(
        r"^this is a plan file \(it has 'steps'\), not a scenario; give the scenario first "
        r"and the plan with --plan, e\.g\. drillsim run SCENARIO\.yaml --plan (.*)$",
        lambda m: (
            "这是预案文件（含 'steps'），不是情景文件；请先给出情景文件，再用 --plan "
            f"给出预案，例如 drillsim run 情景.yaml --plan {m.group(1)}"
        ),
    ),
    _rule(
        r"^this is a scenario file \(it has 'site'\), not a plan; --plan expects a plan file "
        r"\(with 'steps'\)$",
        lambda m: "这是情景文件（含 'site'），不是预案文件；--plan 应给出预案文件（含 'steps'）",
    ),
    _rule(
        r"^no default plan named; give one with --plan PLAN\.yaml$",
        lambda m: "情景未指定默认预案；请用 --plan 预案.yaml 给出",
    ),
    _rule(
        r"^expected a folder for the run's files, found a file$",
        lambda m: "应为存放推演文件的文件夹，实际为文件",
    ),
    _rule(
        r"^expected an empty folder or the folder of an earlier run \(with its manifest\.json\), "
        r"found other files; choose another --out$",
        lambda m: (
            "应为空文件夹或此前推演的文件夹（含 manifest.json），实际含有其他文件；请另选 --out"
        ),
    ),
]
"""The loader's checks across a file and between the scenario and the plan."""

_PYTHON_TYPES = {
    "list": "列表",
    "str": "文本",
    "int": "整数",
    "float": "数字",
    "bool": "布尔值",
    "NoneType": "空值",
    "date": "日期",
    "datetime": "日期和时间",
}
_WHAT = {
    "a plan or scenario": "预案或情景文件",
    "a decisions journal": "决策记录",
    "a run manifest": "推演清单",
    "a run's event log": "推演事件日志",
}
_YAML_HINTS = {
    "; the line has a full-width colon '：' (Chinese input method): YAML needs an ASCII "
    "colon and a space, ': '": "；该行有全角冒号 '：'（中文输入法）：YAML 需要半角冒号加空格 ': '",
    "; the line has a full-width comma '，' (Chinese input method): lists in [...] and "
    "{...} need an ASCII comma ','": "；该行有全角逗号 '，'（中文输入法）：[...] 和 {...} 中的"
    "列表需要半角逗号 ','",
}
_YAML_PROBLEMS = {
    "mapping values are not allowed here": "此处不能出现映射（检查冒号和缩进）",
    "mapping values are not allowed in this context": "此处不能出现映射（检查冒号和缩进）",
    "did not find expected ',' or '}'": "缺少 ',' 或 '}'",
    "did not find expected ',' or ']'": "缺少 ',' 或 ']'",
    "did not find expected key": "缺少键（检查缩进）",
    "did not find expected '-' indicator": "缺少列表项标记 '-'（检查缩进）",
    "found a tab character that violates indentation": "缩进中含有制表符（YAML 只能用空格缩进）",
    "could not find expected ':'": "缺少 ':'",
    "expected <block end>, but found '<block mapping start>'": "缩进不一致",
    "expected <block end>, but found '<block sequence start>'": "缩进不一致",
    "expected <block end>, but found '-'": "缩进不一致：列表项 '-' 未对齐",
    "expected <block end>, but found '<scalar>'": "缩进不一致",
    "found character '\\t' that cannot start any token": "含有制表符（YAML 只能用空格缩进）",
    "found unexpected end of stream": "文件意外结束（引号或括号未闭合）",
    "expected ',' or ']', but got '<stream end>'": "缺少 ']'",
    "expected ',' or '}', but got '<stream end>'": "缺少 '}'",
    "found undefined alias": "使用了未定义的别名",
}


def _yaml_syntax(m: re.Match[str]) -> str:
    problem, hint = m.group(1), ""
    for en, zh in _YAML_HINTS.items():
        if problem.endswith(en):
            problem, hint = problem[: -len(en)], zh
    return f"YAML 语法错误：{_YAML_PROBLEMS.get(problem, problem)}{hint}"


FILES: list[Rule] = [
    _rule(r"^YAML syntax error: (.*)$", _yaml_syntax),
    _rule(r"^YAML error: (.*)$", lambda m: f"YAML 错误：{m.group(1)}"),
    _rule(
        r"^file is larger than (\d+) bytes; expected at most \d+ bytes for (.*)$",
        lambda m: (
            f"文件超过 {m.group(1)} 字节；{_WHAT.get(m.group(2), m.group(2))}至多 {m.group(1)} 字节"
        ),
    ),
    _rule(
        r"^expected UTF-8 text, found byte (0x[0-9a-f]{2}) \(save the file as UTF-8; "
        r"GBK/GB2312 files must be converted\)$",
        lambda m: (
            f"应为 UTF-8 编码的文本，实际含有字节 {m.group(1)}"
            "（请将文件另存为 UTF-8；GBK/GB2312 文件须先转换）"
        ),
    ),
    _rule(
        r"^nested more than (\d+) levels deep; expected a plan or scenario layout$",
        lambda m: f"嵌套超过 {m.group(1)} 层；应为预案或情景文件的结构",
    ),
    _rule(
        r"^YAML anchors and aliases \(&, \*\) are not allowed; write the value out in full$",
        lambda m: "不允许使用 YAML 锚点和别名（&、*）；请完整写出取值",
    ),
    _rule(
        r"^YAML tags are not allowed, found '(.*)'$",
        lambda m: f"不允许使用 YAML 标签，实际为 '{m.group(1)}'",
    ),
    _rule(
        r"^expected a YAML mapping at the top, found (\w+)$",
        lambda m: f"文件顶层应为 YAML 映射，实际为{_PYTHON_TYPES.get(m.group(1), m.group(1))}",
    ),
    _rule(
        r"^duplicate key \(first given on line (\d+)\)$",
        lambda m: f"键重复（首次出现在第 {m.group(1)} 行）",
    ),
    _rule(
        r"^expected a plain name as a key, found a (list|mapping)$",
        lambda m: f"键应为简单名称，实际为{'列表' if m.group(1) == 'list' else '映射'}",
    ),
    _rule(r"^cannot read ('.*'): (.*)$", lambda m: f"无法读取 {m.group(1)}：'{m.group(2)}'"),
    _rule(r"^cannot read a value: (.*)$", lambda m: f"无法读取取值：'{m.group(1)}'"),
]
"""Reading a file: its size, encoding and YAML."""

_WHAT_AGAIN = {"inject": "情景注入", "checklist item": "检查项", "finding": "问题"}


def _kpi_found(text: str) -> str:
    """``key (start: expected 'a', found 'b'); other missing`` in Chinese."""
    text = re.sub(
        r"(\S+) \(start: expected (.*?), found (.*?)\)",
        lambda m: f"'{m.group(1)}'（起算点应为 {m.group(2)}，实际为 {m.group(3)}）",
        text,
    )
    text = re.sub(r"(\w+) missing", r"'\1' 缺失", text)
    text = re.sub(r"(\w+) unknown", r"'\1' 未知", text)
    return text.replace("; ", "；")


SCORING: list[Rule] = [
    _rule(
        r"^observations\.(\w+): expected (.*) too$",
        lambda m: f"'observations.{m.group(1)}'：还应给出 {keys(m.group(2))}",
    ),
    _rule(
        r"^observations\.(\w+): expected scores from 0 to 100, found (.*)$",
        lambda m: (
            f"'observations.{m.group(1)}'：分数应在 0 至 100 之间，实际为 "
            f"{m.group(2).replace('; ', '；')}"
        ),
    ),
    _rule(
        r"^expected curve points in increasing order of ratio$",
        lambda m: "评分曲线（'curve'）的各点应按 'ratio' 从小到大排列",
    ),
    _rule(
        r"^expected bands from the highest min_score down$",
        lambda m: "等级（'bands'）应按 'min_score' 从高到低排列",
    ),
    _rule(
        r"^expected the last band to start at 0, found (\S+)$",
        lambda m: f"最后一个等级应从 0 分起，实际为 {m.group(1)}",
    ),
    _rule(
        r"^expected the KPIs drillsim measures, with their fixed starts; found (.*)$",
        lambda m: f"应为 drillsim 测量的各项指标及其固定的起算点，实际：{_kpi_found(m.group(1))}",
    ),
    _rule(
        r"^expected the consequences drillsim measures \((.*)\); found (.*)$",
        lambda m: (
            f"应为 drillsim 测量的各项后果（{keys(m.group(1))}），实际：{_kpi_found(m.group(2))}"
        ),
    ),
    _rule(
        r"^expected objective ids of: (.*); found (.*)$",
        lambda m: f"应为以下评估目标编号之一：{keys(m.group(1))}，实际为 {keys(m.group(2))}",
    ),
    _rule(
        r"^expected an objective id \((.*)\), found (.*)$",
        lambda m: f"应为评估目标编号（{keys(m.group(1))}），实际为 {m.group(2)}",
    ),
    _rule(
        r"^a checklist item needs exactly one of 'answer' \(yes/no\) or 'score'$",
        lambda m: f"检查项应给出 'answer'（是或否）或 'score'（分数）之一{_ONE_OF}",
    ),
    _rule(
        r"^a regrade needs 'severity' \(不足项, 整改项 or 改进项\)$",
        lambda m: "改判需要给出 'severity'（不足项、整改项或改进项）",
    ),
    _rule(
        r"^a dismissed finding takes no 'severity'$",
        lambda m: "撤销的问题不需要 'severity'",
    ),
    _rule(
        r"^expected '(drillsim-[\w/-]+)', found (.*)$",
        lambda m: f"应为 '{m.group(1)}'，实际为 {m.group(2)}",
    ),
    _rule(
        r"^(inject|checklist item|finding) '(.*)' appears again \(first at (\w+\[\d+\])\)$",
        lambda m: f"{_WHAT_AGAIN[m.group(1)]} '{m.group(2)}' 重复出现（首次在 '{m.group(3)}'）",
    ),
    _rule(
        r"^expected the run's (scenario|plan) '(.*)', found (.*)$",
        lambda m: (
            f"应为该次推演的{'情景' if m.group(1) == 'scenario' else '预案'} "
            f"'{m.group(2)}'，实际为 {m.group(3)}"
        ),
    ),
    _rule(
        r"^expected an inject id of the scenario \((.*)\), found (.*)$",
        lambda m: (
            "应为情景中的情景注入编号（"
            + ("尚无" if m.group(1) == "none" else keys(m.group(1)))
            + f"），实际为 {m.group(2)}"
        ),
    ),
    _rule(
        r"^inject '(.*)' expects no action to mark$",
        lambda m: f"情景注入 '{m.group(1)}' 没有需要评判的期望行动",
    ),
    _rule(
        r"^inject '(.*)' did not fire in this run: there is no action to mark$",
        lambda m: f"情景注入 '{m.group(1)}' 在本次推演中未触发，没有可评判的行动",
    ),
    _rule(
        r"^expected a finding of this scorecard \((.*)\) or rule@element, found (.*)$",
        lambda m: (
            "应为本评分表中的问题（"
            + ("尚无" if m.group(1) == "none" else keys(m.group(1)))
            + f"）或“规则@要素”，实际为 {m.group(2)}"
        ),
    ),
    _rule(
        r"^names (\d+) findings \((.*)\); use the number, found (.*)$",
        lambda m: (
            f"对应 {m.group(1)} 个问题（{keys(m.group(2))}），请用问题编号，实际为 {m.group(3)}"
        ),
    ),
    _rule(
        r"^(\S+) is already a (\S+): expected another grade$",
        lambda m: f"{m.group(1)} 已是{m.group(2)}：应改为其他等级",
    ),
    _rule(
        r"^(\S+) is reviewed again \(first at (findings\[\d+\])\)$",
        lambda m: f"{m.group(1)} 被重复评审（首次在 '{m.group(2)}'）",
    ),
]
"""The scoring rules (a plan's ``scoring:`` section, ``--rules``) and an evaluator's
observations file."""

_NODE_TYPES = {**_PYTHON_TYPES, "dict": "映射", "NoneType": "空值"}


VARY: list[Rule] = [
    _rule(
        r"^expected a path starting with scenario\. or plan\.$",
        lambda m: "应为以 'scenario.' 或 'plan.' 开头的路径",
    ),
    _rule(
        r"^expected a field name or name\[id\], found (.*)$",
        lambda m: f"应为字段名或“字段名[编号]”，实际为 {m.group(1)}",
    ),
    _rule(
        r"^(\S+): expected an index below (\d+), found (\S+)$",
        lambda m: f"'{m.group(1)}'：下标应小于 {m.group(2)}，实际为 {m.group(3)}",
    ),
    _rule(
        r"^(\S+): expected one of the ids (.*), found (.*)$",
        lambda m: f"'{m.group(1)}'：应为以下编号之一：{keys(m.group(2))}，实际为 {m.group(3)}",
    ),
    _rule(
        r"^(\S+): expected one of the fields (.*), found (.*)$",
        lambda m: f"'{m.group(1)}'：应为以下字段之一：{keys(m.group(2))}，实际为 {m.group(3)}",
    ),
    _rule(
        r"^(\S+): expected a list or an object, found a value$",
        lambda m: f"'{m.group(1)}'：应为列表或映射，实际为单个取值",
    ),
    _rule(
        r"^expected a numeric field, found (\w+) (.*)$",
        lambda m: f"应为数值字段，实际为{_NODE_TYPES.get(m.group(1), m.group(1))} {m.group(2)}",
    ),
]
"""A ``--vary`` path of ``drillsim sweep``."""
