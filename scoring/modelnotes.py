"""The engine's model warnings in Chinese and English, with names instead of ids.

The engine logs each warning as one English sentence (``sim.physics.validity``
and the carry warning of ``sim.casualties``), so that an event log reads on its
own and stays the same bytes; this is the one place that reads them back, as
``scoring.reasons`` does for wait reasons. A sentence no pattern knows is shown
as logged.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_Name = Callable[[str], str]
_NUM = r"(-?[\d.]+(?:e[+-]?\d+)?)"


def _zh(template: str) -> Callable[[re.Match[str], _Name], str]:
    return lambda m, _name: template.format(*m.groups())


_NOTES: list[tuple[re.Pattern[str], Callable[[re.Match[str], _Name], str], str | None]] = [
    (
        re.compile(rf"^Wind speed {_NUM} m/s is below {_NUM} m/s at 10 m, ALOHA's minimum: .*$"),
        _zh(
            "风速 {0} m/s 低于 ALOHA 要求的 10 m 高处最低风速 {1} m/s："
            "近静风时烟羽摆动，高斯模型不可靠。"
        ),
        None,
    ),
    (
        re.compile(
            rf"^Stability class (\w) with wind {_NUM} m/s does not occur in Pasquill's "
            r"table; class \w needs a 10-m wind (.+)\.$"
        ),
        lambda m, _n: (
            f"稳定度 {m.group(1)} 与风速 {m.group(2)} m/s 在 Pasquill 稳定度分类表中不会同时出现；"
            f"{m.group(1)} 类要求 10 m 高处风速{_wind_range_zh(m.group(3))}。"
        ),
        None,
    ),
    (
        re.compile(rf"^Distance {_NUM} m is beyond {_NUM} km; ALOHA does not report it.*$"),
        _zh("距离 {0} m 超过 {1} km：风和地形在如此距离上会变化，ALOHA 不给出该范围的结果。"),
        None,
    ),
    (
        re.compile(rf"^Distance {_NUM} m is within {_NUM} m of the source, where .*$"),
        _zh(
            "距泄漏源 {0} m，在 {1} m 以内：扩散系数未在此范围实测，"
            "泄漏源自身尺寸和射流的影响不可忽略。"
        ),
        None,
    ),
    (
        re.compile(rf"^Exposure {_NUM} min is longer than {_NUM} min, ALOHA's limit: .*$"),
        _zh("暴露时间 {0} 分钟超过 ALOHA 的上限 {1} 分钟：气象条件不太可能保持这么久不变。"),
        None,
    ),
    (
        re.compile(
            rf"^A carry of {_NUM} min from (\S+) to (\S+) is longer than the {_NUM} min two "
            r"bearers keep up on average \(Knapik et al\. 2000\); rests and relief bearers are "
            r"not drawn$"
        ),
        lambda m, n: (
            f"从“{n(m.group(2))}”抬运到“{n(m.group(3))}”需 {m.group(1)} 分钟，超过两人平均"
            f"能坚持的 {m.group(4)} 分钟（Knapik 等，2000）；模型未计中途休息和换人。"
        ),
        "A carry of {0} min from {1} to {2} is longer than the {3} min two bearers keep up on "
        "average (Knapik et al. 2000); rests and relief bearers are not modelled.",
    ),
    (
        re.compile(
            rf"^the plan does not say how this team hears of the alarm: told by the control "
            rf"room's relay within {_NUM}-{_NUM} min \(NFPA 1710 alarm answering and "
            r"processing times, docs/REFERENCE\.md C2\)$"
        ),
        _zh(
            "预案未写明该队伍如何获知报警：按中控室转告计，{0}～{1} 分钟内获知"
            "（NFPA 1710 接警和处警时间，docs/REFERENCE.md C2）。"
        ),
        None,
    ),
]


def _wind_range_zh(allowed: str) -> str:
    m = re.fullmatch(rf"at least {_NUM} m/s", allowed)
    if m:
        return f"不低于 {m.group(1)} m/s"
    m = re.fullmatch(rf"below {_NUM} m/s", allowed)
    if m:
        return f"低于 {m.group(1)} m/s"
    m = re.fullmatch(rf"from {_NUM} to below {_NUM} m/s", allowed)
    if m:
        return f"不低于 {m.group(1)} m/s 且低于 {m.group(2)} m/s"
    return f" {allowed}"


def model_note(message: str, lang: str, name: _Name | None = None) -> str:
    """A logged model warning in ``lang``, places named by ``name`` instead of their ids."""
    n: _Name = name or (lambda ident: ident)
    for rx, zh, en in _NOTES:
        m = rx.match(message)
        if m is None:
            continue
        if lang == "en":
            if en is None:
                return message
            groups = [n(g) if g and not re.fullmatch(_NUM, g) else g for g in m.groups()]
            return en.format(*groups)
        return zh(m, n)
    for sep in re.finditer(": ", message):
        # a warning about one zone or place: "h2s_leak AEGL-2 (60 min): Distance ..."
        rest = message[sep.end() :]
        if knows(rest):
            colon = ": " if lang == "en" else "："
            return message[: sep.start()] + colon + model_note(rest, lang, name)
    return message


def knows(message: str) -> bool:
    """Whether a logged model warning has a Chinese text here."""
    return any(rx.match(message) for rx, _, _ in _NOTES)


__all__ = ["knows", "model_note"]
