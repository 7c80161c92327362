"""A readable timeline of a run, in Chinese or English, from its event log."""

from __future__ import annotations

import datetime as dt
import functools

from scoring.modelnotes import model_note
from scoring.names import REPORT_STAGES, Names
from scoring.punctuation import punctuate_zh
from scoring.reasons import reason_en, reason_zh
from sim.events import Event, EventLog

MAJOR = frozenset(
    {
        "accident",
        "inject",
        "inject_skipped",
        "arrival_moved",
        "alarm",
        "decision",
        "report_received",
        "trigger_held",
        "level_declared",
        "notified",
        "team_arrived",
        "step_waiting",
        "step_completed",
        "step_not_done",
        "crew_withdrew",
        "step_relieved",
        "step_retried",
        "step_abandoned",
        "task_completed",
        "resource_failed",
        "entry",
        "person",
        "carried",
        "crew_released",
        "release_stopped",
        "entry_forbidden",
        "evacuated",
        "sheltered",
        "shelter_ended",
        "water_curtain",
        "weather",
        "model_warning",
        "response_terminated",
        "end",
    }
)

STATES = {
    "collapsed": ("倒地", "collapsed"),
    "rescued": ("被救出", "extracted"),
    "handed_to_ems": ("移交120", "handed to EMS"),
    "at_hospital": ("送达医院", "at hospital"),
    "evacuated": ("已疏散", "evacuated"),
    "dead": ("死亡", "died"),
}


_CARE_ZH = {"handed over to EMS": "已移交120", "care taken over": "由急救组接替"}
_CARRY_ZH = {"stretcher": "担架抬出", "hand": "徒手抬出", "drag": "拖出", "walking": "随同走出"}


def clock(start: dt.datetime, t_min: float) -> str:
    return (start + dt.timedelta(seconds=round(t_min * 60))).strftime("%H:%M:%S")


@functools.lru_cache(maxsize=4096)
def offset(t_min: float) -> str:
    """T+h:mm:ss of a moment; cached, for a report or a scorecard words the same
    moments (the alarm, a step's start) many times over."""
    seconds = round(t_min * 60)
    return f"T+{seconds // 3600:d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


_END_ZH = {"horizon": "到达推演时长", "terminated": "应急结束", "all done": "全部处置完成"}
_DECISIONS: dict[str, tuple[str, str]] = {
    "dispatch": ("派遣 {team} 前往 {to}", "dispatch {team} to {to}"),
    "start_step": ("开始“{step}”", "start {step}"),
    "declare_level": ("启动 {level}", "declare {level}"),
    "notify": ("通知 {organisation}", "notify {organisation}"),
    "report": ("发出报告“{link}”", "send report {link}"),
    "evacuate": ("疏散 {location} 的人员至 {to}", "evacuate {location} to {to}"),
    "close_valve": ("切断 {hazard}", "stop {hazard}"),
    "forbid_entry": ("禁止无防护进入 {location}", "no entry without SCBA to {location}"),
    "shelter": ("通知 {location} 就地避险", "shelter in place at {location}"),
    "note": ("记录：{text}", "note: {text}"),
    "move_arrival": (
        "{team} 到达时间调整 {minutes} 分钟",
        "move the arrival of {team} by {minutes} min",
    ),
    "arrive_now": ("{team} 立即到达", "{team} arrives now"),
    "fire_inject": ("触发情景注入“{inject}”", "fire inject {inject}"),
    "skip_inject": ("跳过情景注入“{inject}”", "skip inject {inject}"),
}


def _decision(d: dict[str, object], n: Names) -> str:
    command = str(d.get("command"))
    args = d.get("args")
    fields = dict(args) if isinstance(args, dict) else {}
    words = {}
    for key, value in fields.items():
        if key == "minutes" and isinstance(value, int | float):
            words[key] = f"{value:+g}"
        elif key == "text":
            words[key] = str(value)
        elif key == "inject":
            words[key] = n.message(str(value), n.inject_text(str(value)))
        else:
            words[key] = n(str(value))
    zh, en = _DECISIONS.get(command, (command, command))
    try:
        return (en if n.lang == "en" else zh).format(**words)
    except KeyError:
        return command


def _weather(d: dict[str, object], en: bool) -> str:
    parts: list[str] = []
    if d.get("speed_m_s") is not None:
        parts.append(f"wind {d['speed_m_s']} m/s" if en else f"风速 {d['speed_m_s']} m/s")
    if d.get("from_deg") is not None:
        parts.append(f"from {d['from_deg']}°" if en else f"风向 {d['from_deg']}°")
    if d.get("stability") is not None:
        parts.append(f"stability {d['stability']}" if en else f"大气稳定度 {d['stability']}")
    return ", ".join(parts) if en else "，".join(parts)


def describe(e: Event, n: Names) -> str:
    """One event as a line of the timeline, in the names' language."""
    text = _describe(e, n)
    return text if n.lang == "en" else punctuate_zh(text)


def _describe(e: Event, n: Names) -> str:
    en = n.lang == "en"
    d = e.details
    k = e.kind
    if k == "accident":
        if en:
            return f"Accident: {n(e.actor)} @ {n(e.location)}"
        return f"事故发生：{n(e.actor)}，地点：{n(e.location)}"
    if k == "inject":
        text = n.message(str(d.get("inject")), str(d.get("message", "")))
        early = (" (fired early)" if en else " (提前触发)") if d.get("early") else ""
        if en:
            return f"Inject [{d.get('inject')}]{early} {text}"
        return f"情景注入{early}：{text}"
    if k == "inject_skipped":
        if en:
            return f"Inject skipped [{d.get('inject')}]"
        return f"跳过情景注入：{n.inject_text(str(d.get('inject')))}"
    if k == "arrival_moved":
        was, eta = float(d.get("was", 0.0)), float(d.get("eta", 0.0))
        if eta <= e.t:
            return (
                f"{n(e.actor)} made to arrive now at {n(e.location)}"
                if en
                else f"{n(e.actor)} 立即到达 {n(e.location)}"
            )
        shift = eta - was
        return (
            f"{n(e.actor)} arrival at {n(e.location)} moved {shift:+.0f} min to {offset(eta)}"
            if en
            else f"{n(e.actor)} 到达 {n(e.location)} 的时间调整 {shift:+.0f} 分钟, 至 {offset(eta)}"
        )
    if k == "alarm":
        return "Alarm raised" if en else "报警, 启动应急处置"
    if k == "decision":
        return f"{'Decision' if en else '决策'}: {_decision(d, n)}"
    if k == "report_received":
        label = REPORT_STAGES.get(n.stages.get(str(d.get("report")), ""))
        tag = (f" ({label[1]})" if en else f"（{label[0]}）") if label else ""
        if d.get("via"):
            by = n(str(d["via"]).removeprefix("level:"))
            tag += f", by the call of {by}" if en else f"，由“{by}”的通知完成"
        return (
            f"Report{tag} {n(str(d.get('report')))}: {n(d.get('sender'))} -> {n(e.actor)}"
            if en
            else f"信息报告{tag}“{n(str(d.get('report')))}”：{n(d.get('sender'))} → {n(e.actor)}"
        )
    if k == "trigger_held":
        level = n(str(d.get("level")))
        return f"Trigger of {level} holds" if en else f"{level} 启动条件满足"
    if k == "level_declared":
        return f"{'Declared' if en else '启动'} {n(str(d.get('level')))} ({n(e.actor)})"
    if k == "notified":
        if e.actor in n.reported_to:  # the plan reports to it too: this call is not the report
            return (
                f"Notified {n(e.actor)} (a notification, not the legal report)"
                if en
                else f"通知 {n(e.actor)} (通知, 非法定报告)"
            )
        return f"{'Notified' if en else '通知'} {n(e.actor)}"
    if k == "team_arrived":
        return f"{n(e.actor)} {'arrived at' if en else '到达'} {n(e.location)}"
    if k == "step_waiting":
        reasons = _reasons(d.get("reasons", []), en, n)
        return f"{'Waiting' if en else '等待'}: {n(e.step)} ({reasons})"
    if k == "step_completed":
        late = " LATE" if d.get("late") else ""
        if not en and d.get("late"):
            late = " 超时"
        return f"{'Done' if en else '完成'}: {n(e.step)} ({n(e.actor)}){late}"
    if k == "step_not_done":
        what = n(e.step) if e.step else n(str(d.get("report")))
        label = REPORT_STAGES.get(n.stages.get(str(d.get("report")), ""))
        if not e.step and label:
            what += f" ({label[1] if en else label[0]})"
        reasons = _reasons(d.get("reasons", []), en, n)
        return f"{'Not done' if en else '未完成'}: {what} ({reasons})"
    if k == "crew_withdrew":
        return (
            f"{n(e.actor)} withdrew from {n(e.step)}: breathing air at its reserve "
            f"({d.get('air_left_min')} min left), {d.get('work_left_min')} min of work left"
            if en
            else f"{n(e.actor)} 撤出“{n(e.step)}”: 空气呼吸器余气报警 "
            f"(余 {d.get('air_left_min')} 分钟), 尚余 {d.get('work_left_min')} 分钟作业"
        )
    if k == "step_relieved":
        return (
            f"Relief crew of {n(e.actor)} took over {n(e.step)}"
            if en
            else f"{n(e.actor)} 替换人员接替“{n(e.step)}”"
        )
    if k == "step_retried":
        return (
            f"Retry {d.get('attempt')}/{d.get('attempts')}: {n(e.step)} ({n(e.resource)})"
            if en
            else f"第 {d.get('attempt')}/{d.get('attempts')} 次重试: {n(e.step)} ({n(e.resource)})"
        )
    if k == "step_abandoned":
        if d.get("reason") == "alternative_done":
            by = n(str(d.get("by_step")))
            return (
                f"Abandoned: {n(e.step)} ({by} did the task)"
                if en
                else f"放弃: {n(e.step)} (已由“{by}”完成该任务)"
            )
        return (
            f"Abandoned: {n(e.step)} (not started within {d.get('after_min')} min)"
            if en
            else f"放弃: {n(e.step)} ({d.get('after_min')} 分钟内未能开始)"
        )
    if k == "task_completed":
        return (
            f"Task {n(str(d.get('task')))} done by {n(e.step)}"
            if en
            else f"任务“{n(str(d.get('task')))}”已由“{n(e.step)}”完成"
        )
    if k == "resource_failed":
        return f"{n(e.resource)} #{d.get('unit')} {'failed its check' if en else '检查不合格'}"
    if k == "entry":
        protected = d.get("protected")
        if d.get("prevented"):
            return (
                f"{n(e.actor)} stopped from entering {n(e.location)}"
                if en
                else f"{n(e.actor)} 被阻止进入 {n(e.location)}"
            )
        gear = (
            ("with SCBA" if protected else "WITHOUT SCBA")
            if en
            else ("佩戴呼吸器" if protected else "未佩戴呼吸器")
        )
        verb = "entered" if en else "进入"
        ppm = d.get("ppm")
        if not isinstance(ppm, int | float) or ppm <= 0:
            # no gas there (a fire, or before the release reaches it): breathing gear is moot
            return f"{n(e.actor)} {verb} {n(e.location)}"
        return f"{n(e.actor)} {verb} {n(e.location)} {gear} ({ppm_text(float(ppm))} ppm)"
    if k == "person":
        zh, eng = STATES.get(str(d.get("state")), (str(d.get("state")), str(d.get("state"))))
        if en:
            return f"{n(e.actor)} {eng} @ {n(e.location)}"
        return f"{n(e.actor)} {zh}，地点：{n(e.location)}"
    if k == "carried":
        how = str(d.get("carry"))
        how_zh = _CARRY_ZH
        return (
            f"{n(str(d.get('by')))} brought {n(e.actor)} out of {n(e.location)} ({how}, "
            f"{_minutes(d.get('minutes'))} min to {n(str(d.get('to')))})"
            if en
            else f"{n(str(d.get('by')))} 将 {n(e.actor)} 从 {n(e.location)} "
            f"{how_zh.get(how, how)} (约 {_minutes(d.get('minutes'))} 分钟到 {n(str(d.get('to')))})"
        )
    if k == "crew_released":
        return (
            f"{n(e.actor)} released from caring for casualties ({d.get('reason')})"
            if en
            else f"{n(e.actor)} 结束伤员看护 ({_CARE_ZH.get(str(d.get('reason')), '')})"
        )
    if k == "release_stopped":
        return f"{'Release stopped' if en else '泄漏切断'}: {n(str(d.get('hazard')))}"
    if k == "entry_forbidden":
        return (
            f"No entry without SCBA: {n(e.location)}" if en else f"禁止无防护进入: {n(e.location)}"
        )
    if k == "evacuated":
        avoided = [n(str(p)) for p in d.get("avoided") or ()]
        if en:
            way = f", going round {', '.join(avoided)}" if avoided else ""
            return f"{_people(d.get('people'))} evacuated from {n(e.location)}{way}"
        way = f"（绕行，避开{'、'.join(avoided)}）" if avoided else ""
        return f"{n(e.location)} 疏散 {d.get('people')} 人{way}"
    if k == "weather":
        return f"{'Wind shift' if en else '风向变化'}: {_weather(d, en)}"
    if k == "model_warning":
        note = model_note(str(d.get("message", "")), n.lang, n)
        about = e.location or e.actor  # the place it concerns, or the team
        if en:
            where = f" ({n(about)})" if about else ""
            return f"Model warning{where}: {note}"
        where = f"（{n(about)}）" if about else ""
        return f"模型提示{where}：{note}"
    if k == "sheltered":
        return (
            f"{_people(d.get('people'))} sheltered indoors at {n(e.location)}"
            if en
            else f"{n(e.location)} {d.get('people')} 人就地避险(关闭门窗)"
        )
    if k == "shelter_ended":
        return (
            f"Sheltering ended at {n(e.location)}: opened and aired "
            f"({d.get('air_changes_per_h')} air changes/h)"
            if en
            else f"{n(e.location)} 解除就地避险,开窗通风"
            f"(每小时换气 {d.get('air_changes_per_h')} 次)"
        )
    if k == "water_curtain":
        share = float(d.get("factor", 1.0))
        return (
            f"Water curtain against {n(str(d.get('hazard')))}: {share:.0%} of the concentration "
            f"remains downwind"
            if en
            else f"对 {n(str(d.get('hazard')))} 设置水幕,下风向浓度降至 {share:.0%}"
        )
    if k == "response_terminated":
        return "Response terminated" if en else "应急结束"
    if k == "end":
        reason = str(d.get("reason"))
        return f"Run ends ({reason})" if en else f"推演结束（{_END_ZH.get(reason, reason)}）"
    return k


def ppm_text(ppm: float) -> str:
    """A concentration as a reader takes it in: 1,000,000 and 37,560, 155.4, 0.8."""
    return f"{ppm:,.0f}" if ppm >= 1000 else f"{ppm:.1f}"


def _minutes(value: object) -> str:
    """A logged duration to a tenth of a minute."""
    return f"{value:.1f}" if isinstance(value, int | float) else str(value)


def _people(count: object) -> str:
    return "1 person" if count == 1 else f"{count} people"


def _reasons(reasons: list[str], en: bool, n: Names | None = None) -> str:
    return "; ".join(reason_en(str(r), n) if en else reason_zh(str(r), n) for r in reasons)


def timeline(log: EventLog, names: Names, *, major_only: bool = True) -> list[tuple[Event, str]]:
    return [(e, describe(e, names)) for e in log if not major_only or e.kind in MAJOR]
