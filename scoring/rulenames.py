"""Short names of the finding rules, for findings counted over many runs: the stress
and compare summaries and the report of a stress result name a finding by its rule and
the plan element it points at (``rule@element``)."""

from __future__ import annotations

from scoring.finding import Text
from scoring.names import Names

RULE_TEXT: dict[str, Text] = {
    "ba_out_of_reach": Text(
        zh="空气呼吸器存放处距首个作业队伍太远",
        en="breathing apparatus stored far from the first crew",
    ),
    "crew_too_large": Text(
        zh="步骤所需人数超过合格队伍人数", en="step needs more people than any qualified team has"
    ),
    "early_warning_unanswered": Text(zh="检测报警后无人处置", en="detector alarm left unanswered"),
    "equipment_detour": Text(zh="取用装备绕行", en="detour to fetch equipment"),
    "equipment_out_of_reach": Text(
        zh="装备存放处远离使用地点", en="equipment stored far from where it is used"
    ),
    "escalation_not_notified": Text(
        zh="升级上级预案但不通知其责任单位",
        en="escalation without calling the higher plan's organisation",
    ),
    "escalation_undefined": Text(
        zh="升级指向未定义的上级预案或级别", en="escalation to an undefined higher plan or level"
    ),
    "fire_zone_entry": Text(zh="进入火灾危险区", en="entry into the fire's hazard zone"),
    "idle_team": Text(zh="任务等待时队伍空闲", en="team idle while a task waited"),
    "inject_late_response": Text(zh="情景注入的期望行动迟缓", en="inject's expected action late"),
    "inject_no_response": Text(
        zh="情景注入的期望行动未完成", en="inject's expected action missing"
    ),
    "inject_not_taken": Text(
        zh="未采取情景注入的期望行动", en="inject's expected action not taken"
    ),
    "inject_partly": Text(
        zh="情景注入的期望行动部分完成", en="inject's expected action partly taken"
    ),
    "kpi_exceeded": Text(zh="关键指标超过限值", en="KPI above its limit"),
    "kpi_late": Text(zh="关键指标超过目标", en="KPI late against its target"),
    "kpi_missed": Text(zh="关键指标未达到", en="KPI never reached"),
    "level_no_declarer": Text(
        zh="响应级别未明确由谁启动", en="response level with nobody to declare it"
    ),
    "level_no_trigger": Text(zh="响应级别没有启动条件", en="response level without a trigger"),
    "missing_contact": Text(zh="外部单位没有联系方式", en="organisation without a contact"),
    "never_starts": Text(zh="步骤永远无法启动", en="step that can never start"),
    "no_escalation": Text(zh="预案未与上级预案衔接", en="no link to a higher-level plan"),
    "no_forbid_entry": Text(
        zh="没有禁止无防护人员进入的步骤", en="no step forbidding unprotected entry"
    ),
    "no_headcount": Text(zh="疏散后没有清点人数的步骤", en="no headcount after evacuation"),
    "no_termination": Text(zh="预案没有应急结束的步骤", en="no step ending the response"),
    "outside_called_late": Text(zh="通知外部救援迟缓", en="outside help called late"),
    "outside_never_called": Text(
        zh="外部单位承担的角色无人通知", en="outside organisation's role never called"
    ),
    "owner_call_in": Text(zh="角色只能靠召回人员承担", en="role filled only by calling people in"),
    "owner_off_shift": Text(zh="当班无人承担角色", en="role nobody fills on this shift"),
    "owner_unstaffed": Text(zh="角色没有队伍承担", en="role no team fills"),
    "person_exposed": Text(zh="人员暴露超过阈值", en="person exposed above a threshold"),
    "post_in_toxic_zone": Text(zh="步骤位于有毒危险区内", en="step posted inside the toxic zone"),
    "precondition_cycle": Text(
        zh="步骤前置条件构成循环", en="steps waiting on each other in a cycle"
    ),
    "report_chain_broken": Text(zh="报告链断开", en="reporting chain broken"),
    "report_chain_missing": Text(zh="缺少报告环节", en="reporting link missing"),
    "report_content_missing": Text(zh="报告缺少法定内容", en="report lacks required content"),
    "report_late": Text(zh="报告超过时限", en="report late"),
    "report_legal_limit": Text(zh="未在法定时限内报告", en="report beyond the legal limit"),
    "report_limit_exceeds_law": Text(zh="报告时限超过法定时限", en="report limit beyond the law's"),
    "report_no_follow_up": Text(zh="伤亡变化后未续报", en="no follow-up after a casualty change"),
    "report_no_limit": Text(zh="报告没有规定时限", en="report without a time limit"),
    "report_no_written": Text(
        zh="只有电话快报，没有书面报告", en="phone report with no written report"
    ),
    "report_not_sent": Text(zh="报告未发出", en="report never sent"),
    "resource_contention": Text(
        zh="同时启动的步骤争用装备", en="steps starting together compete for equipment"
    ),
    "responder_exposed": Text(zh="救援人员无防护暴露", en="responder exposed unprotected"),
    "span_of_control": Text(zh="管理幅度过大", en="span of control exceeded"),
    "step_abandoned": Text(zh="步骤被放弃", en="step given up"),
    "step_late": Text(zh="步骤超过目标时间", en="step late against its target"),
    "step_not_done": Text(zh="步骤未完成", en="step not completed"),
    "task_not_done": Text(zh="任务未完成", en="task not done"),
    "terminated_early": Text(zh="过早宣布应急结束", en="response terminated too early"),
    "termination_without_criteria": Text(
        zh="应急结束没有终止条件", en="response ended without termination criteria"
    ),
    "unprotected_entry": Text(zh="无防护进入有毒区域", en="unprotected entry into a toxic zone"),
    "unqualified_owner": Text(
        zh="承担步骤的角色没有合格队伍", en="step's role has no qualified team"
    ),
    "untested_entry": Text(zh="进入前没有气体检测", en="entry without a gas test first"),
    "wait": Text(zh="等待人员或装备", en="wait for crew or equipment"),
}
"""Each rule's short name, by the rule's name without its kind (``dynamic.``...)."""


SECTION_TEXT: dict[str, Text] = {
    "alerting": Text(zh="预警与通知", en="alerting"),
    "higher_plans": Text(zh="上级预案衔接", en="higher-level plans"),
    "levels": Text(zh="响应分级", en="response levels"),
    "organisations": Text(zh="组织机构", en="organisations"),
    "reporting": Text(zh="信息报告", en="reporting"),
    "resources": Text(zh="应急物资装备", en="resources"),
    "roles": Text(zh="岗位职责", en="roles"),
    "shifts": Text(zh="值班安排", en="shifts"),
    "steps": Text(zh="处置措施", en="response steps"),
    "teams": Text(zh="应急队伍", en="teams"),
}
"""A plan section a finding points at as a whole (no element of it), in words."""


def finding_label(key: str, lang: str, names: Names | None = None) -> str:
    """A finding counted over many runs, ``kind.rule@element``, in words: the rule's short
    name, the plan element it points at by name, and whether the plan or the run showed it."""
    rule, _, element = key.partition("@")
    kind, _, name = rule.partition(".")
    label = RULE_TEXT.get(name)
    what = label.pick(lang) if label else name
    section = SECTION_TEXT.get(element)
    if section is not None:
        where = section.pick(lang)
    else:
        where = names(element) if names is not None and element else element
    en = lang == "en"
    origin = {"static": ("静态", "plan"), "observed": ("评估", "evaluator")}.get(
        kind, ("推演", "run")
    )
    if en:
        return f"{what}: {where} ({origin[1]})" if where else f"{what} ({origin[1]})"
    return f"{what}：{where}（{origin[0]}）" if where else f"{what}（{origin[0]}）"
