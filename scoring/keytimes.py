"""Key times of a run, read from its event log (never from engine internals)."""

from __future__ import annotations

from dataclasses import dataclass

from sim.events import EventLog
from sim.plan import Plan
from sim.scenario import Scenario


@dataclass(frozen=True)
class KeyTime:
    key: str
    label_zh: str
    label_en: str
    t: float | None
    subject: str | None = None

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_zh


def key_times(log: EventLog, scenario: Scenario, plan: Plan) -> list[KeyTime]:
    """Times from the accident (minutes) of the moments evaluators ask about first."""
    out: list[KeyTime] = []

    def first(kind: str, pred: object = None) -> float | None:
        for e in log:
            if e.kind == kind and (pred is None or pred(e)):  # type: ignore[operator]
                return e.t
        return None

    authorities = {o.id for o in plan.organisations if o.kind == "authority"}
    scene = set(scenario.scene)
    out.append(KeyTime("alarm", "报警", "Alarm raised", first("alarm")))
    out.append(
        KeyTime(
            "unit_head_informed",
            "主要负责人接报",
            "Unit head informed",
            first("report_received", lambda e: e.actor == plan.unit_head),
        )
    )
    out.append(
        KeyTime(
            "authority_informed",
            "报告县级应急管理部门",
            "Authority informed",
            first("report_received", lambda e: e.actor in authorities),
        )
    )
    for e in log.of_kind("level_declared"):
        level = str(e.details["level"])
        out.append(KeyTime("level_declared", "启动响应", "Level declared", e.t, level))
    out.append(
        KeyTime(
            "first_arrival",
            "首支救援力量到达现场",
            "First responders at the scene",
            first("team_arrived", lambda e: e.location in scene),
        )
    )
    for h in scenario.hazards:
        out.append(
            KeyTime(
                "release_stopped",
                "泄漏切断",
                "Release stopped",
                first("release_stopped", lambda e, h=h: e.details.get("hazard") == h.id),
                h.id,
            )
        )
    collapsed = [e for e in log.of_kind("person") if e.details.get("state") == "collapsed"]
    for c in collapsed:
        who = c.actor
        out.append(KeyTime("casualty_collapsed", "人员倒地", "Casualty collapsed", c.t, who))
        reached = first("team_arrived", lambda e, c=c: e.location == c.location and e.t >= c.t)
        out.append(
            KeyTime("casualty_reached", "救援人员到达伤员处", "Casualty reached", reached, who)
        )
        for state, zh, en in (
            ("rescued", "伤员救出", "Casualty extracted"),
            ("handed_to_ems", "移交120", "Handed to EMS"),
        ):
            out.append(
                KeyTime(
                    f"casualty_{state}",
                    zh,
                    en,
                    first(
                        "person",
                        lambda e, s=state, w=who: e.actor == w and e.details.get("state") == s,
                    ),
                    who,
                )
            )
    evac = log.of_kind("evacuated")
    if evac:
        out.append(KeyTime("evacuated", "疏散完成", "Evacuation complete", max(e.t for e in evac)))
    out.append(
        KeyTime("terminated", "应急结束", "Response terminated", first("response_terminated"))
    )
    return out
