"""Why a step or report waits: the engine's reasons in Chinese, with their capability element.

The engine writes reasons as short English phrases in the event log (see
``sim.dispatch.Dispatcher.explain`` and ``sim.engine.Engine``); this is the one
place that reads them back.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from scoring.finding import Capability
from scoring.names import QUALIFICATIONS, RESOURCE_TYPES

_NAMED_RESOURCE = re.compile(r"^(\S+): (\d+) of (\d+) free$")
_REASONS: list[tuple[re.Pattern[str], Capability, str]] = [
    (re.compile(r"^no team staffs the owner role$"), "organisation", "没有队伍承担责任角色"),
    (
        re.compile(r"^no team of the owner role holds (.+)$"),
        "training",
        "承担该角色的队伍都不具备{0}资质",
    ),
    (
        re.compile(r"^no team of the owner role has (\d+) members holding (.+)$"),
        "training",
        "承担该角色的队伍中没有 {0} 名具备{1}资质的人员",
    ),
    (
        re.compile(r"^no team of the owner role has (\d+) members$"),
        "organisation",
        "承担该角色的队伍都不足 {0} 人",
    ),
    (
        re.compile(r"^no qualified team on duty or on scene yet$"),
        "organisation",
        "尚无具备资质的队伍在岗或到场",
    ),
    (re.compile(r"^crew of (\d+) busy$"), "organisation", "{0} 人的作业组都在忙"),
    (_NAMED_RESOURCE, "equipment", "“{0}”仅 {1} 件可用（需要 {2} 件）"),
    (
        re.compile(r"^any (\S+): (\d+) of (\d+) free$"),
        "equipment",
        "{0}仅 {1} 件可用（需要 {2} 件）",
    ),
    (re.compile(r"^alarm not raised$"), "planning", "尚未报警"),
    (re.compile(r"^step (\S+) not completed$"), "planning", "前置步骤“{0}”未完成"),
    (re.compile(r"^level (\S+) not declared$"), "planning", "尚未启动 {0}"),
    (re.compile(r"^condition not met$"), "planning", "启动条件未满足"),
    (re.compile(r"^report (\S+) not received$"), "planning", "上一级报告“{0}”未送达"),
    (
        re.compile(r"^no one filling role (\S+) is on duty or on call$"),
        "organisation",
        "角色“{0}”无人在岗或可召回",
    ),
    (re.compile(r"^still being composed$"), "planning", "报告仍在编写"),
    (
        re.compile(r"^response ended while under way$"),
        "planning",
        "尚在进行中即被宣布应急结束",
    ),
    (
        re.compile(r"^still under way when the run ended$"),
        "planning",
        "推演结束时仍在进行",
    ),
]


def classify_reason(
    text: str, name: Callable[[str], str] | None = None
) -> tuple[Capability, str, str | None]:
    """(capability element, the reason in Chinese, the resource it names if any).

    ``name`` gives the display name of an id (a resource, step, level, role or a
    comma-separated list of qualifications); without it the ids are shown.
    """
    for rx, cap, zh in _REASONS:
        m = rx.match(text)
        if m:
            resource = m.group(1) if rx is _NAMED_RESOURCE else None
            vocabulary = _vocabulary(rx)
            words = [_named(g, name, vocabulary) for g in m.groups()]
            return cap, zh.format(*words), resource
    return "organisation", text, None


def _vocabulary(rx: re.Pattern[str]) -> dict[str, tuple[str, str]]:
    """The words a reason's groups are, when they are not ids: qualifications for "holds",
    equipment types for "any"; ids otherwise."""
    if not rx.pattern.startswith(("^no team", "^any ")):
        return {}
    return QUALIFICATIONS if "hold" in rx.pattern else RESOURCE_TYPES


def _named(
    group: str, name: Callable[[str], str] | None, vocabulary: dict[str, tuple[str, str]]
) -> str:
    """Qualifications and resource types by their Chinese words first (a plan's step may
    share an id with a qualification, ``first_aid``), then ids by the names they have."""
    if name is None or group.isdigit():
        return group
    return "、".join(
        vocabulary[part][0] if part in vocabulary else name(part) for part in group.split(", ")
    )


def reason_zh(text: str, name: Callable[[str], str] | None = None) -> str:
    return classify_reason(text, name)[1]


def reason_en(text: str, name: Callable[[str], str] | None = None) -> str:
    """The engine's English reason with names in place of ids: "step 'Call 120' not
    completed", "'SCBA at the rescue station': 0 of 2 free". ``name`` gives the English
    name of an id; qualifications and resource types take their English words."""
    if name is None:
        return text
    for rx, _, _ in _REASONS:
        m = rx.match(text)
        if not m:
            continue
        vocabulary = _vocabulary(rx)
        out, last = [], 0
        for i, group in enumerate(m.groups(), start=1):
            if group is None or group.isdigit():
                continue
            words = ", ".join(
                vocabulary[p][1] if p in vocabulary else f"'{name(p)}'" for p in group.split(", ")
            )
            out.append(text[last : m.start(i)] + words)
            last = m.end(i)
        return "".join(out) + text[last:]
    return text
