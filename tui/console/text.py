"""The console's words in Chinese and English."""

from __future__ import annotations

from rich.text import Text

WORDS: dict[str, tuple[str, str]] = {
    "title": ("应急演练推演控制台", "Drill facilitator console"),
    "running": ("运行", "RUN"),
    "paused": ("暂停", "PAUSED"),
    "ended": ("演练结束", "ENDED"),
    "next_inject": ("下一条情景", "next inject"),
    "none": ("无", "none"),
    "injects": ("情景注入（MSEL）", "Injects (MSEL)"),
    "events": ("推演日志", "Drill log"),
    "teams": ("队伍", "Teams"),
    "resources": ("资源", "Resources"),
    "site": ("现场态势", "Site board"),
    "kpis": ("关键指标", "KPIs"),
    "findings": ("问题发现", "Findings"),
    "notes": ("记录", "Notes"),
    "col_time": ("时间", "Time"),
    "col_inject": ("情景", "Inject"),
    "col_state": ("状态", "State"),
    "col_expected": ("预期行动", "Expected action"),
    "col_team": ("队伍", "Team"),
    "col_where": ("位置", "Where"),
    "col_doing": ("在做", "Doing"),
    "col_eta": ("预计", "ETA"),
    "col_eta_at": ("预计时刻", "ETA at"),
    "eta_in": ("{}后", "in {}"),
    "col_unit": ("装备", "Unit"),
    "col_air": ("剩余气量", "Air left"),
    "col_place": ("地点", "Location"),
    "col_level": ("危害", "Hazard"),
    "col_ppm": ("浓度ppm", "ppm"),
    "col_people": ("人员", "People"),
    "col_kpi": ("指标", "KPI"),
    "col_target": ("目标", "Target"),
    "col_measured": ("实测", "Measured"),
    "pending": ("待触发", "pending"),
    "on_condition": ("条件触发", "on cond."),
    "fired": ("已触发", "fired"),
    "fired_early": ("提前触发", "fired early"),
    "skipped": ("已跳过", "skipped"),
    "no_team": ("请先在队伍列表中选中一支队伍", "Select a team first"),
    "no_inject_row": ("请先在情景列表中选中一条情景", "Select an inject first"),
    "answered": ("已应对", "answered"),
    "not_answered": ("未应对", "not taken"),
    "partly": ("部分应对", "partly"),
    "evaluator": ("评估人", "Evaluator"),
    "evaluator_title": ("评估人签认（标记将写入评估记录）", "Evaluator who signs the marks"),
    "evaluator_needed": ("请填写评估人姓名", "Enter the evaluator's name"),
    "marks_unsigned": (
        "未填写评估人：预期行动标记只保存在 facilitator.jsonl，未写入评估记录",
        "No evaluator named: the marks of expected actions stay in facilitator.jsonl "
        "and are not in an observations file",
    ),
    "marks_dropped": (
        "未写入评估记录的标记（情景未触发或无预期行动）",
        "Marks left out of the observations (inject did not fire or expects no action)",
    ),
    "idle": ("待命", "idle"),
    "on_duty": ("在岗", "on duty"),
    "off_shift": ("不在班", "off shift"),
    "standby": ("未调动", "standby"),
    "off": ("缺勤", "absent"),
    "alerted": ("已接警", "alerted"),
    "called_in": ("召回途中", "called in"),
    "travelling": ("途中", "en route"),
    "working": ("作业", "working"),
    "in_use": ("使用中", "in use"),
    "stored": ("存放", "stored"),
    "failed": ("故障", "failed"),
    "forbidden": ("禁入", "no entry"),
    "ok": ("正常", "ok"),
    "collapsed": ("倒地", "collapsed"),
    "rescued": ("已救出", "extracted"),
    "handed_to_ems": ("已移交120", "with EMS"),
    "at_hospital": ("已送医院", "at hospital"),
    "evacuating": ("疏散途中", "evacuating"),
    "evacuated": ("已疏散", "evacuated"),
    "sheltered": ("就地避险", "sheltered"),
    "dead": ("死亡", "dead"),
    "heat_exposed": ("受热辐射", "heat-exposed"),
    "p_death": (" 死亡概率{}", ", P(death) {}"),
    "decide": ("决策", "Decision"),
    "decision_log": ("决策", "Decision"),
    "by": ("决策人", "Decided by"),
    "ok_button": ("确定", "OK"),
    "cancel": ("取消", "Cancel"),
    "choose": ("请选择", "Choose"),
    "nothing_now": ("当前无可选项", "nothing possible now"),
    "taken": ("已记录决策", "Decision taken"),
    "refused": ("决策无效", "Decision refused"),
    "note_shared": ("共享记录（写入推演日志）", "Shared note (in the drill log)"),
    "note_private": ("私人记录（仅导调人员）", "Private note (facilitator only)"),
    "note_text": ("记录内容", "Note"),
    "marked": ("已标记", "Marked"),
    "no_inject": ("请先在情景列表中选中一条已触发的情景", "Select a fired inject first"),
    "end_title": ("演练结束：评估结果", "End of drill: scorecard"),
    "written": ("已写入", "Written"),
    "close": ("关闭", "Close"),
    "resumed": ("已从日志恢复", "Resumed from the journal"),
    "torn": (
        "日志末行不完整（崩溃时未写完），已丢弃",
        "The journal's last line was cut short by a crash and was dropped",
    ),
    "forecast_title": ("从当前时刻推演预测", "Forecast from here"),
    "replications": ("推演次数", "Replications"),
    "start": ("开始", "Start"),
    "forecast_note": (
        "每次从当前状态出发，以新的随机数流继续推演；区间为95%置信区间。演练时钟照常运行。",
        "Each replication continues from the current state under fresh random streams; "
        "intervals are 95 %. The drill clock keeps running.",
    ),
    "fc_outcome": ("结果", "Outcome"),
    "fc_probability": ("概率", "Probability"),
    "fc_interval": ("95%区间", "95 % interval"),
    "fc_replications": ("次数", "Replications"),
    "fc_survives": ("存活", "alive"),
    "fc_report_in_time": ("按时报告", "Report in time"),
    "fc_no_report": (
        "预案无法定报告：未规定向应急管理部门报告（条例第九条）",
        "No report in the plan (Regulation Art. 9)",
    ),
    "fc_no_report_within": (
        "预案无法定报告：应在 {limit} 分钟内报告应急管理部门（条例第九条）",
        "No report in the plan (law: {limit} min, Art. 9)",
    ),
    "fc_report_to": ("按时报告{to}（{limit} 分钟）", "Report within {limit} min to {to}"),
    "fc_release_stopped": ("在预案目标时间内切断泄漏", "Release stopped by the plan's target"),
    "fc_running": ("进行中", "running"),
    "fc_done": ("完成", "done"),
    "fc_from": ("预测起点", "from"),
    "rewind_title": ("回溯推演：假如当时（分支）", "Rewind and fork: what if..."),
    "rewind_to": ("回到时刻（T+h:mm:ss，mm:ss 或分钟）", "Back to (T+h:mm:ss, mm:ss or minutes)"),
    "keep_later": ("保留此后已做的决策", "Keep the decisions taken since"),
    "rewind_decision": ("在该时刻做出的决策", "Decision taken then"),
    "rewind_at": ("回溯至", "What if at"),
    "branching": ("正在推演分支，请稍候", "Running the branch..."),
    "compare_title": ("本次演练与分支对比", "This drill and the branch"),
    "cmp_what": ("项目", "What"),
    "cmp_live": ("本次演练", "This drill"),
    "cmp_branch": ("分支", "Branch"),
    "fork_written": ("分支已写入，可继续推演", "Branch written; play it on with"),
}

COMMAND_NAMES: dict[str, tuple[str, str]] = {
    "dispatch": ("调派队伍", "Dispatch a team"),
    "start_step": ("立即执行处置步骤", "Start a step now"),
    "declare_level": ("启动响应级别", "Declare a level"),
    "notify": ("通知外部单位", "Notify an organisation"),
    "report": ("立即上报", "Send a report"),
    "evacuate": ("疏散", "Evacuate"),
    "close_valve": ("关阀/切断泄漏", "Close a valve (stop a release)"),
    "forbid_entry": ("禁止无防护进入", "Forbid unprotected entry"),
    "shelter": ("就地避险", "Shelter in place"),
    "note": ("共享记录", "Shared note"),
    "move_arrival": ("调整到达时间", "Move an arrival"),
    "arrive_now": ("立即到达", "Arrive now"),
    "fire_inject": ("立即触发情景", "Fire an inject now"),
    "skip_inject": ("跳过情景", "Skip an inject"),
}

FIELD_NAMES: dict[str, tuple[str, str]] = {
    "team": ("队伍", "Team"),
    "to": ("前往", "To"),
    "step": ("步骤", "Step"),
    "level": ("响应级别", "Level"),
    "organisation": ("单位", "Organisation"),
    "link": ("报告环节", "Report link"),
    "location": ("地点", "Location"),
    "hazard": ("危险源", "Hazard"),
    "text": ("内容", "Text"),
    "minutes": ("提前（-）/推迟（+）分钟", "Minutes earlier (-) or later (+)"),
    "inject": ("情景", "Inject"),
    "evaluator_name": ("姓名", "Name"),
    "evaluator_role": ("职务与单位（可空）", "Role and organisation (optional)"),
}


def word(key: str, lang: str) -> str:
    zh, en = WORDS[key]
    return en if lang == "en" else zh


def command_name(command: str, lang: str) -> str:
    zh, en = COMMAND_NAMES[command]
    return en if lang == "en" else zh


def field_name(field: str, lang: str) -> str:
    zh, en = FIELD_NAMES.get(field, (field, field))
    return en if lang == "en" else zh


# Symbols of East Asian Ambiguous width take one column in most terminals and two in a
# terminal set up for Chinese, which breaks the columns of every table around them. The
# console shows unambiguous forms instead: ASCII for the operators and arrows between
# numbers and grade letters (``得分 89.8 >= 75 -> S/良好`` reads the same in both
# languages), and in Chinese the full-width punctuation of Chinese typesetting.
UNAMBIGUOUS: dict[str, tuple[str, str]] = {
    "≥": (">=", ">="),
    "≤": ("<=", "<="),
    "→": ("->", "->"),
    "←": ("<-", "<-"),
    "—": ("－", "-"),
    "–": ("～", "-"),
    "“": ("「", '"'),
    "”": ("」", '"'),
    "‘": ("『", "'"),
    "’": ("』", "'"),
    "·": ("・", "."),
    "…": ("⋯", "..."),
    "×": ("x", "x"),
    "±": ("+/-", "+/-"),
    "°": ("度", " deg"),
    "℃": ("摄氏度", " degC"),
    "²": ("2", "2"),
    "³": ("3", "3"),
    "μ": ("u", "u"),
}


def unambiguous(text: str, lang: str) -> str:
    """``text`` with no character of East Asian Ambiguous width that has a plain form."""
    if text.isascii():
        return text
    pick = 1 if lang == "en" else 0
    out = []
    for char in text:
        forms = UNAMBIGUOUS.get(char)
        out.append(forms[pick] if forms is not None else char)
    return "".join(out)


def unambiguous_text(text: Text, lang: str) -> Text:
    """A styled text with the forms of ``unambiguous``, each piece in its own style."""
    if text.plain.isascii():
        return text
    cuts = sorted({x for s in text.spans for x in (s.start, s.end)} - {0, len(text.plain)})
    out = Text(style=text.style, end=text.end, justify=text.justify, overflow=text.overflow)
    out.no_wrap = text.no_wrap
    for piece in text.divide(cuts):
        start = len(out.plain)
        out.append(unambiguous(piece.plain, lang))
        for span in piece.spans:
            out.stylize(span.style, start, len(out.plain))
    return out


SYSTEM_COMMANDS_ZH: dict[str, tuple[str, str]] = {
    "Ring the bell": ("响铃", "响一下终端铃"),
    "Change the current theme": ("主题", "更换界面配色"),
    "Quit the application as soon as possible": ("退出", "立即退出控制台"),
    "Hide the keys and widget help panel": ("按键", "隐藏按键与部件帮助"),
    "Show help for the focused widget and a summary of available keys": (
        "按键",
        "显示当前部件的帮助和可用按键",
    ),
    "Minimize the widget and restore to normal size": ("还原", "将部件还原为正常大小"),
    "Maximize the focused widget": ("最大化", "最大化当前部件"),
    "Save an SVG 'screenshot' of the current screen": ("截图", "将当前画面保存为 SVG 截图"),
}
"""The Chinese of the terminal toolkit's own palette commands, by their English help."""
