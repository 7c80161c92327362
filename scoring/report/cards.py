"""Response cards (应急处置卡), inject cards (情景注入卡) and role sheets, from a plan.

《生产安全事故应急预案管理办法》 (Art. 19) and GB/T 29639-2020
《生产经营单位生产安全事故应急预案编制导则》 ask for 应急处置卡 at key posts:
what starts the post's work, its actions in order with their time limits, whom to
call and how, what to take and where it is kept, and what never to do. Inject
cards are the facilitator's (MSEL): when, the message, the expected action and
the question to ask the players. Role sheets brief each participating team.
"""

from __future__ import annotations

from collections.abc import Iterable

from scoring.names import Names, with_revision
from scoring.punctuation import punctuate_zh
from scoring.report.document import (
    Block,
    Callout,
    Document,
    Facts,
    Heading,
    Items,
    Paragraph,
    Section,
)
from scoring.report.evaluation import Lang
from sim.plan import Plan, ResourceNeed, Step
from sim.scenario import Scenario
from sim.vocabulary import Condition, Effect

CARD_KINDS = ("response", "inject", "role")
BA_TYPES = frozenset({"scba"})
"""Resource types and qualifications that mean breathing apparatus."""

CONTENT = {
    "unit": ("事故发生单位概况", "the unit"),
    "time": ("事故发生的时间", "time"),
    "place": ("地点", "place"),
    "scene": ("现场情况", "scene"),
    "course": ("事故的简要经过", "course of events"),
    "casualties": ("伤亡人数（含下落不明）", "casualties, including missing"),
    "estimated_loss": ("初步估计的直接经济损失", "estimated direct loss"),
    "measures": ("已经采取的措施", "measures taken"),
}
"""Report content items, 《生产安全事故报告和调查处理条例》 Art. 12."""

STATE = {
    "ok": ("正常", "unharmed"),
    "collapsed": ("倒地", "collapsed"),
    "rescued": ("被救出", "extracted"),
    "handed_to_ems": ("移交120", "handed to EMS"),
    "at_hospital": ("送达医院", "at hospital"),
    "evacuated": ("已疏散", "evacuated"),
    "dead": ("死亡", "dead"),
}


def describe_condition(c: Condition, n: Names, t: Lang) -> str:
    """A condition in words, as a card states it."""
    if c.for_min is not None:
        inner = describe_condition(c.model_copy(update={"for_min": None}), n, t)
        return t(f"{inner}持续 {c.for_min:g} 分钟", f"{inner} for {c.for_min:g} min")
    if c.not_ is not None:
        return t(
            f"非({describe_condition(c.not_, n, t)})", f"not ({describe_condition(c.not_, n, t)})"
        )
    if c.after_min is not None:
        return t(f"事故后 {c.after_min:g} 分钟", f"{c.after_min:g} min after the accident")
    if c.alarm_raised:
        return t("接到报警", "the alarm is raised")
    if c.step_started is not None:
        return t(f"“{n(c.step_started)}”开始", f'"{n(c.step_started)}" has started')
    if c.step_completed is not None:
        return t(f"“{n(c.step_completed)}”完成", f'"{n(c.step_completed)}" is done')
    if c.task_completed is not None:
        return t(f"任务“{c.task_completed}”完成", f'task "{c.task_completed}" is done')
    if c.level_declared is not None:
        return t(f"启动{n(c.level_declared)}", f"{n(c.level_declared)} is declared")
    if c.notified is not None:
        return t(f"已通知{n(c.notified)}", f"{n(c.notified)} has been called")
    if c.team_arrived is not None:
        return t(f"{n(c.team_arrived)}到达", f"{n(c.team_arrived)} has arrived")
    if c.concentration_above is not None:
        x = c.concentration_above
        return t(f"{n(x.location)}浓度超过 {x.ppm:g} ppm", f"{n(x.location)} above {x.ppm:g} ppm")
    if c.concentration_below is not None:
        x = c.concentration_below
        return t(
            f"{n(x.location)}浓度降至 {x.ppm:g} ppm 以下",
            f"{n(x.location)} at or below {x.ppm:g} ppm",
        )
    if c.oxygen_below is not None:
        o = c.oxygen_below
        return t(
            f"{n(o.location)}氧含量低于 {o.percent:g}%",
            f"oxygen at {n(o.location)} below {o.percent:g}%",
        )
    if c.measured_below is not None:
        m = c.measured_below
        o2 = m.oxygen_at_least_percent
        return t(
            f"{n(m.location)}检测读数不高于 {m.ppm:g} ppm"
            + (f"且氧含量不低于 {o2:g}%" if o2 is not None else ""),
            f"the gas test at {n(m.location)} reads at most {m.ppm:g} ppm"
            + (f" and oxygen at least {o2:g}%" if o2 is not None else ""),
        )
    if c.person_state is not None:
        p = c.person_state
        zh, en = STATE[p.state]
        return t(f"{n(p.person)}{zh}", f"{n(p.person)} is {en}")
    if c.zone_reaches is not None:
        z = c.zone_reaches
        return t(
            f"{n(z.hazard)}危险区到达{n(z.location)}",
            f"the {n(z.hazard)} zone reaches {n(z.location)}",
        )
    if c.all_of is not None:
        return t("且", " and ").join(describe_condition(x, n, t) for x in c.all_of)
    if c.any_of is not None:
        return t("或", " or ").join(describe_condition(x, n, t) for x in c.any_of)
    raise AssertionError("validated conditions have one key")


def describe_effect(e: Effect, n: Names, t: Lang) -> str:
    if e.raise_alarm:
        return t("报警", "raise the alarm")
    if e.stop_release is not None:
        return t(f"切断{n(e.stop_release)}", f"stop {n(e.stop_release)}")
    if e.reduce_release is not None:
        return t(f"减少{n(e.reduce_release.hazard)}泄漏", f"reduce {n(e.reduce_release.hazard)}")
    if e.water_curtain is not None:
        h = n(e.water_curtain.hazard)
        return t(f"在{h}下风向设置水幕稀释", f"set a water curtain downwind of {h}")
    if e.ventilate is not None:
        return t(f"{n(e.ventilate.location)}通风", f"ventilate {n(e.ventilate.location)}")
    if e.rescue is not None:
        r = e.rescue
        return t(
            f"从{n(r.location)}救出人员至{n(r.to)}",
            f"carry people from {n(r.location)} to {n(r.to)}",
        )
    if e.hand_over is not None:
        return t(f"在{n(e.hand_over)}移交伤员", f"hand casualties over at {n(e.hand_over)}")
    if e.first_aid is not None:
        return t(
            f"在{n(e.first_aid)}对伤员现场急救(吸氧, 人工呼吸, 心肺复苏)",
            f"give the casualties first aid at {n(e.first_aid)} (oxygen, rescue breathing, CPR)",
        )
    if e.evacuate is not None:
        v = e.evacuate
        return t(f"{n(v.location)}人员撤至{n(v.to)}", f"evacuate {n(v.location)} to {n(v.to)}")
    if e.gas_test is not None:
        return t(
            f"检测{n(e.gas_test)}气体浓度和氧含量并记录读数",
            f"test the air of {n(e.gas_test)} (gas and oxygen) and log the reading",
        )
    if e.declare_level is not None:
        return t(f"启动{n(e.declare_level)}", f"declare {n(e.declare_level)}")
    if e.notify is not None:
        return t(f"通知{n(e.notify)}", f"call {n(e.notify)}")
    if e.forbid_entry is not None:
        return t(
            f"禁止无防护人员进入{n(e.forbid_entry)}",
            f"forbid unprotected entry to {n(e.forbid_entry)}",
        )
    if e.shelter is not None:
        return t(f"{n(e.shelter)}人员就地避险", f"people at {n(e.shelter)} shelter indoors")
    if e.end_shelter is not None:
        return t(
            f"{n(e.end_shelter)}解除就地避险, 开窗通风",
            f"people at {n(e.end_shelter)} open up and air their rooms",
        )
    if e.collapse is not None:
        return t(f"{n(e.collapse)}倒地", f"{n(e.collapse)} collapses")
    if e.wind is not None:
        return t("风向变化", "wind shift")
    if e.terminate_response:
        return t("宣布应急结束", "declare the response over")
    raise AssertionError("validated effects have one key")


def _qualifications(plan_team_q: list[str] | dict[str, int]) -> list[str]:
    return list(plan_team_q)


class _Cards:
    def __init__(self, plan: Plan, scenario: Scenario | None, lang: str) -> None:
        self.plan = plan
        self.scenario = scenario
        self.t = Lang(lang)
        self.lang = lang
        self.n = Names.of(scenario, plan, lang)
        self.orgs = {o.id: o for o in plan.organisations}
        self.roles = {r.id: r for r in plan.roles}
        self.steps = {s.id: s for s in plan.steps}
        self.hazard_rooms = (
            {h.location for h in scenario.hazards} if scenario is not None else set[str]()
        )

    def title(self, item: object) -> str:
        name = str(getattr(item, "name", ""))
        en = getattr(item, "name_en", None)
        return str(en) if self.t.en and en else name

    # --- response cards ----------------------------------------------------------------
    def ordered_steps(self, role: str) -> list[Step]:
        """The role's steps, each after the steps it waits for (plan order otherwise)."""
        mine = [s for s in self.plan.steps if s.owner == role]
        done: list[Step] = []
        pending = list(mine)
        while pending:
            for s in pending:
                if not any(a in {p.id for p in pending} for a in s.after):
                    done.append(s)
                    pending.remove(s)
                    break
            else:
                done += pending
                break
        return done

    def trigger(self, s: Step) -> str:
        t, n = self.t, self.n
        parts = [t(f"“{n(a)}”完成", f'"{n(a)}" is done') for a in s.after]
        if s.requires_level:
            parts.append(t(f"已启动{n(s.requires_level)}", f"{n(s.requires_level)} is declared"))
        if s.when is not None:
            parts.append(describe_condition(s.when, n, t))
        return t("且", " and ").join(parts) if parts else t("接到报警后立即", "on the alarm")

    def needs(self, need: ResourceNeed) -> list[str]:
        t, n = self.t, self.n
        matching = [r for r in self.plan.resources if need.matches(r)]
        if not matching:
            what = need.resource if need.resource else need.type
            return [
                t(
                    f"{what} × {need.quantity} (预案未列明存放地点)",
                    f"{what} × {need.quantity} (no store in the plan)",
                )
            ]
        out = []
        for r in matching:
            keeper = t(f", 保管: {n(r.keeper)}", f", kept by {n(r.keeper)}") if r.keeper else ""
            air = (
                t(
                    f", 额定供气 {r.air_duration_min:g} 分钟",
                    f", rated air {r.air_duration_min:g} min",
                )
                if r.air_duration_min
                else ""
            )
            out.append(
                t(
                    f"{n(r.id)} × {need.quantity}: 存放于{n(r.location)} "
                    f"(共 {r.quantity}){keeper}{air}",
                    f"{n(r.id)} × {need.quantity}: stored at {n(r.location)} ({r.quantity} in all)"
                    f"{keeper}{air}",
                )
            )
        return out

    def uses_ba(self, s: Step) -> bool:
        if any(q in BA_TYPES for q in s.qualifications):
            return True
        for need in s.resources:
            if need.type in BA_TYPES:
                return True
            if any(r.type in BA_TYPES for r in self.plan.resources if need.matches(r)):
                return True
        return False

    def never(self, steps: list[Step]) -> list[str]:
        t, n = self.t, self.n
        out: list[str] = []
        forbidden = {e.forbid_entry for s in self.plan.steps for e in s.effects if e.forbid_entry}
        places = {s.location for s in steps if self.uses_ba(s)} | (
            {s.location for s in steps} & self.hazard_rooms
        )
        for place in sorted(places | (forbidden & {s.location for s in steps})):
            out.append(
                t(
                    f"严禁未佩戴正压式空气呼吸器进入{n(place)}; "
                    "进入前检查气瓶压力, 两人一组并有专人监护.",
                    f"Never enter {n(place)} without positive-pressure breathing apparatus; check "
                    "the cylinder first, go in pairs with someone watching outside.",
                )
            )
        if any(e.rescue for s in steps for e in s.effects) or places:
            out.append(
                t(
                    "严禁盲目施救: 发现有人倒地, 先报告、先防护, 再施救.",
                    "Never rush in to rescue: report and protect yourself first, then rescue.",
                )
            )
        if any(s.critical for s in steps):
            out.append(
                t(
                    "关键任务不得遗漏或拖延; 无法完成时立即报告上级.",
                    "Never skip or delay a critical task; report at once if it cannot be done.",
                )
            )
        return out

    def calls(self, role: str, steps: list[Step]) -> list[str]:
        t, n = self.t, self.n
        out: list[str] = []
        for link in self.plan.reporting:
            if link.sender != role:
                continue
            to = link.to_role or link.to_organisation
            org = self.orgs.get(link.to_organisation or "")
            how = f" ({org.contact})" if org is not None and org.contact else ""
            limit = (
                t(f", 时限 {link.limit_min:g} 分钟", f", within {link.limit_min:g} min")
                if link.limit_min
                else ""
            )
            basis = (
                (f" [{link.basis_en or link.basis}]" if t.en else f"（依据：{link.basis}）")
                if link.basis
                else ""
            )
            content = (
                t(" 内容: ", " content: ")
                + ("、" if not t.en else ", ").join(
                    CONTENT[c][1 if t.en else 0] if c in CONTENT else c for c in link.content
                )
                if link.content
                else ""
            )
            if link.stage == "written":
                verb = t(f"向{n(to)}书面报告", f"Send the written report to {n(to)}")
            elif link.stage == "follow_up":
                verb = t(
                    f"伤亡情况变化时向{n(to)}续报",
                    f"Send a follow-up to {n(to)} when the casualties change",
                )
            elif link.to_organisation:
                verb = t(f"电话快报{n(to)}", f"Phone report to {n(to)}")
            else:
                verb = t(f"报告{n(to)}", f"Report to {n(to)}")
            if t.en:
                out.append(f"{verb}{how}{limit}{basis}.{content}")
            else:
                out.append(punctuate_zh(f"{verb}{how}{limit}{basis}。{content.strip()}"))
        notify = [e.notify for s in steps for e in s.effects if e.notify]
        for lv in self.plan.levels:
            if lv.declared_by == role:
                notify += lv.notifies
        for org_id in dict.fromkeys(notify):
            org = self.orgs.get(org_id)
            if org is None:
                continue
            contact = org.contact or t("(预案未列明联系方式)", "(no contact in the plan)")
            out.append(t(f"通知{n(org_id)}: {contact}", f"Call {n(org_id)}: {contact}"))
        return out

    def response_card(self, role_id: str) -> Section | None:
        t, n = self.t, self.n
        role = self.roles[role_id]
        steps = self.ordered_steps(role_id)
        declares = [lv for lv in self.plan.levels if lv.declared_by == role_id]
        links = [lk for lk in self.plan.reporting if lk.sender == role_id]
        if not steps and not declares and not links:
            return None
        sep = ", " if t.en else "、"
        blocks: list[Block] = [
            Facts(
                rows=[
                    (t("岗位", "Position"), self.title(role)),
                    (t("单位", "Organisation"), n(role.organisation)),
                    (t("由谁担任", "Filled by"), sep.join(n(x) for x in role.staffed_by) or "—"),
                    (
                        t("预案", "Plan"),
                        with_revision(self.title(self.plan), self.plan.revision),
                    ),
                ]
            ),
            Heading(text=t("一、启动条件", "1. When to act")),
        ]
        first = steps[0] if steps else None
        trig = [
            t(f"接到“{self.title(lk)}”报告", f'on receiving "{self.title(lk)}"')
            for lk in self.plan.reporting
            if lk.to_role == role_id
        ]
        if first is not None:
            trig.append(self.trigger(first))
        for lv in declares:
            if lv.triggers:
                trig.append(
                    t(f"启动{n(lv.id)}: ", f"Declare {n(lv.id)} when: ")
                    + t("或", " or ").join(describe_condition(c, n, t) for c in lv.triggers)
                )
        blocks.append(Items(items=trig or [t("接到报警后立即", "On the alarm")]))
        blocks.append(Heading(text=t("二、处置步骤 (按顺序)", "2. Actions, in order")))
        actions = []
        for s in steps:
            limit = (
                t(
                    f"事故后 {s.target_min:g} 分钟内完成",
                    f"done within {s.target_min:g} min of the accident",
                )
                if s.target_min
                else t("无时限", "no time limit")
            )
            effects = "; ".join(describe_effect(e, n, t) for e in s.effects)
            crew = t(f"{s.crew} 人", f"{s.crew} people") if isinstance(s.crew, int) else ""
            key = t(" 【关键任务】", " [critical]") if s.critical else ""
            actions.append(
                t(
                    f"{self.title(s)}{key} — 地点: {n(s.location)}; {crew}; {limit}; "
                    f"开始: {self.trigger(s)}" + (f"; 结果: {effects}" if effects else ""),
                    f"{self.title(s)}{key} — at {n(s.location)}; {crew}; {limit}; starts when "
                    f"{self.trigger(s)}" + (f"; result: {effects}" if effects else ""),
                )
            )
        for lv in declares:
            actions.append(t(f"决定并宣布{n(lv.id)}", f"Decide and declare {n(lv.id)}"))
        blocks.append(Items(items=actions, ordered=True))
        calls = self.calls(role_id, steps)
        blocks.append(Heading(text=t("三、报告与联络", "3. Whom to call and how")))
        blocks.append(
            Items(items=calls)
            if calls
            else Paragraph(
                text=t(
                    "无对外报告任务; 向现场指挥报告进展.",
                    "No outside report; keep the incident commander informed.",
                )
            )
        )
        kit = [line for s in steps for need in s.resources for line in self.needs(need)]
        blocks.append(
            Heading(text=t("四、携带装备及存放地点", "4. Equipment to take and where it is"))
        )
        blocks.append(
            Items(items=list(dict.fromkeys(kit))) if kit else Paragraph(text=t("无.", "None."))
        )
        never = self.never(steps)
        if never:
            blocks.append(Heading(text=t("五、禁止事项", "5. Never")))
            blocks += [Callout(tone="danger", text=line) for line in never]
        return Section(
            id=f"card-{role_id}",
            title=t(f"应急处置卡 · {self.title(role)}", f"Response card · {self.title(role)}"),
            blocks=blocks,
        )

    # --- inject cards ------------------------------------------------------------------
    def inject_cards(self) -> list[Section]:
        t, n = self.t, self.n
        if self.scenario is None:
            return []
        out = []
        for i, inj in enumerate(self.scenario.injects, 1):
            when = (
                t(f"事故后 {inj.at_min:g} 分钟", f"{inj.at_min:g} min after the accident")
                if inj.at_min is not None
                else t("当", "When ") + describe_condition(inj.when, n, t)  # type: ignore[arg-type]
            )
            message = inj.message_en if t.en and inj.message_en else inj.message
            rows = [(t("注入时机", "When"), when), (t("注入信息", "Message"), message)]
            if inj.expected_action:
                expected = inj.expected_action_en if t.en and inj.expected_action_en else None
                rows.append((t("期望行动", "Expected action"), expected or inj.expected_action))
            if inj.expected_step:
                step = self.steps.get(inj.expected_step)
                owner = f" ({n(step.owner)})" if step is not None else ""
                rows.append((t("对应预案步骤", "Plan step"), n(inj.expected_step) + owner))
            if inj.expected_within_min:
                rows.append(
                    (
                        t("期望时限", "Expected within"),
                        t(f"{inj.expected_within_min:g} 分钟", f"{inj.expected_within_min:g} min"),
                    )
                )
            effects = "; ".join(describe_effect(e, n, t) for e in inj.effects)
            if effects:
                rows.append((t("情景变化", "What changes"), effects))
            questions = [
                t(
                    "收到这条信息后, 谁先做什么? 依据预案哪一条?",
                    "Who does what first on this message, and under which clause of the plan?",
                )
            ]
            if inj.expected_step and inj.expected_step in self.steps:
                s = self.steps[inj.expected_step]
                questions.append(
                    t(
                        f"“{n(s.id)}”由哪个岗位负责? 需要几人、什么资质、哪些装备, 从哪里取?",
                        f'Who owns "{n(s.id)}"? How many people, which qualifications and '
                        "equipment, fetched from where?",
                    )
                )
                if s.target_min:
                    questions.append(
                        t(
                            f"能否在事故后 {s.target_min:g} 分钟内完成?",
                            f"Can it be done within {s.target_min:g} min of the accident?",
                        )
                    )
            if any(e.collapse for e in inj.effects):
                questions.append(
                    t(
                        "现场有人想冲进去救人, 你怎么办?",
                        "Someone wants to rush in to help: what do you do?",
                    )
                )
            out.append(
                Section(
                    id=f"inject-{inj.id}",
                    title=t(f"情景注入卡 {i} · {inj.id}", f"Inject card {i} · {inj.id}"),
                    blocks=[
                        Facts(rows=rows),
                        Heading(text=t("向参演人员提问", "Ask the players")),
                        Items(items=questions),
                        Paragraph(
                            text=t(
                                "评估记录: ______________________________",
                                "Evaluator's note: ______________________________",
                            )
                        ),
                    ],
                )
            )
        return out

    # --- role sheets --------------------------------------------------------------------
    def role_sheets(self) -> list[Section]:
        t, n = self.t, self.n
        sep = ", " if t.en else "、"
        out = []
        for team in self.plan.teams:
            roles = [r for r in self.plan.roles if team.id in r.staffed_by]
            steps = [s for s in self.plan.steps if s.owner in {r.id for r in roles}]
            kit = [r for r in self.plan.resources if r.location == team.base or r.team == team.id]
            shifts = {sh.id: sh for sh in self.plan.shifts}
            duty = sep.join(
                f"{shifts[s].name} {shifts[s].start:%H:%M}-{shifts[s].end:%H:%M}"
                for s in team.shifts
                if s in shifts
            )
            rows = [
                (t("队伍", "Team"), self.title(team)),
                (t("单位", "Organisation"), n(team.organisation)),
                (t("驻地", "Base"), n(team.base)),
                (t("人数", "Size"), str(team.size)),
                (
                    t("资质", "Qualifications"),
                    sep.join(_qualifications(team.qualifications)) or "—",
                ),
                (t("值班", "On duty"), duty or t("全天", "always")),
                (t("担任岗位", "Positions"), sep.join(self.title(r) for r in roles) or "—"),
            ]
            blocks: list[Block] = [Facts(rows=rows)]
            blocks.append(Heading(text=t("可能承担的处置任务", "Tasks you may be given")))
            blocks.append(
                Items(
                    items=[
                        self.title(s)
                        + (
                            t(f" ({s.target_min:g} 分钟内)", f" (within {s.target_min:g} min)")
                            if s.target_min
                            else ""
                        )
                        for s in steps
                    ]
                )
                if steps
                else Paragraph(text=t("无.", "None."))
            )
            blocks.append(Heading(text=t("驻地及随队装备", "Equipment at your base or with you")))
            blocks.append(
                Items(items=[f"{n(r.id)} × {r.quantity} ({n(r.location)})" for r in kit])
                if kit
                else Paragraph(text=t("无.", "None."))
            )
            blocks.append(
                Paragraph(
                    text=t(
                        "推演中请按本岗位实际能力作出决定; 不确定时向导调或现场指挥询问.",
                        "Decide as your team really could; ask the facilitator or the incident "
                        "commander when unsure.",
                    )
                )
            )
            out.append(
                Section(
                    id=f"role-{team.id}",
                    title=t(f"角色说明 · {self.title(team)}", f"Role sheet · {self.title(team)}"),
                    blocks=blocks,
                )
            )
        return out

    def document(self, kind: str) -> Document:
        t = self.t
        if kind == "response":
            sections = [c for r in self.plan.roles if (c := self.response_card(r.id)) is not None]
            title, doc_kind = t("应急处置卡", "Response cards"), "response_cards"
        elif kind == "inject":
            sections = self.inject_cards()
            title, doc_kind = t("情景注入卡", "Inject cards"), "inject_cards"
        elif kind == "role":
            sections = self.role_sheets()
            title, doc_kind = t("参演人员角色说明", "Role sheets"), "role_sheets"
        else:
            raise ValueError(f"unknown card kind {kind!r}")
        subtitle = self.title(self.plan)
        if self.scenario is not None:
            subtitle = f"{self.title(self.scenario)} · {subtitle}"
        date = (
            self.scenario.start.date().isoformat()
            if self.scenario is not None
            else (self.plan.revision or "")
        )
        return Document(
            kind=doc_kind,
            lang=self.lang,
            title=title,
            subtitle=subtitle,
            header=f"{title} · {self.title(self.plan)}",
            date=date,
            sections=sections,
            cards=True,
        )


def build_cards(plan: Plan, kind: str, lang: str, scenario: Scenario | None = None) -> Document:
    """Response cards, inject cards (needs the scenario) or role sheets of ``plan``."""
    return _Cards(plan, scenario, lang).document(kind)


def positions(items: Iterable[Section]) -> list[str]:
    return [s.id for s in items]
