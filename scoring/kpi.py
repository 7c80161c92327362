"""Response-time and exposure KPIs of a run, each against its target and the target's source.

Targets the plan states (a step's ``target_min``, a report link's ``limit_min``)
win; otherwise the defaults in the scoring rules, whose sources are named.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from scoring.consequences import ran_dry_at
from scoring.facts import NEVER, RunFacts, facts_of
from scoring.finding import PlanRef, Pointer, Record, Text
from scoring.planmap import PlanMap
from scoring.rules import KpiRule, Rules, default_rules
from scoring.stages import (
    authority_links,
    follow_ups_due,
    legal_phone_limit,
    notification_words,
    receiver_words,
)
from scoring.termination import unmet_at
from scoring.wording import Wording, at, tx
from sim.events import Event, EventLog
from sim.plan import Plan, Step
from sim.scenario import Scenario
from sim.yamlfile import YamlDocument

Unit = Literal["min", "person_min", "people", "deaths"]
Status = Literal[
    "met",
    "late",
    "exceeded",
    "missed",
    "pending",
    "not_measured",
    "info",
    "criteria_not_met",
    "not_applicable",
]
EPS = 1e-9

STARTS: dict[str, tuple[str, str]] = {
    "accident": ("事故发生", "the accident"),
    "alarm": ("报警", "the alarm"),
    "unit_head_informed": ("主要负责人接报", "the unit head being informed"),
    "previous_report": ("上一环节报告到达", "the previous report's arrival"),
    "phone_report": ("电话快报到达", "the phone report's arrival"),
    "casualty_change": ("伤亡情况变化", "the change in the casualties"),
    "trigger": ("启动条件满足", "the trigger"),
    "notified": ("接到通知", "being called"),
    "collapse_or_alarm": ("报警或倒地(取后者)", "the alarm or the collapse, whichever is later"),
}


class Kpi(Record):
    """One measured KPI: when it happened, what it counts from, its target and ratio."""

    key: str
    label: Text
    subject: str | None = Field(default=None, description="Id of the person, level, hazard...")
    objective: str
    unit: Unit
    t_min: float | None = Field(description="When it happened, minutes from the accident.")
    start: str = Field(description="What the measurement counts from (see start_label).")
    start_label: Text
    start_min: float | None = Field(description="When that was, minutes from the accident.")
    value: float | None = Field(description="Measured: minutes from start, or a count.")
    target: float | None
    target_source: Text
    target_from_plan: bool
    ratio: float | None = Field(description="value / target (timed KPIs).")
    score: float | None = Field(description="0-100 from the ratio; None when not rated.")
    weight: float
    status: Status
    legal: bool = False
    critical: bool = False
    refs: list[PlanRef] = Field(default_factory=list, description="Where the target is stated.")
    note: Text | None = None

    @property
    def rated(self) -> bool:
        return self.score is not None and self.weight > 0


class _Builder:
    def __init__(
        self,
        facts: RunFacts,
        pm: PlanMap,
        rules: Rules,
        ptr: Pointer,
    ) -> None:
        self.f = facts
        self.pm = pm
        self.rules = rules
        self.ptr = ptr
        self.out: list[Kpi] = []
        self.mini_station = has_mini_fire_station(pm.plan)
        self.w = Wording(pm.plan, pm.scenario)

    def rule(self, key: str) -> KpiRule:
        return self.rules.kpis[key]

    def default_target(self, key: str) -> tuple[float | None, Text]:
        """The rule's default target and source, where it fits the plan."""
        rule = self.rule(key)
        if rule.applies_with == "mini_fire_station" and not self.mini_station:
            return None, rule.otherwise or rule.source
        return rule.target_min, rule.source

    def start_time(self, start: str) -> float | None:
        if start == "accident":
            return 0.0
        if start == "alarm":
            return self.f.alarm_t
        raise ValueError(start)

    def timed(
        self,
        key: str,
        label: Text,
        t: float | None,
        *,
        subject: str | None = None,
        start: str | None = None,
        start_min: float | None = None,
        target: float | None = None,
        source: Text | None = None,
        from_plan: bool = False,
        critical: bool = False,
        refs: list[PlanRef] | None = None,
        note: Text | None = None,
        status: Status | None = None,
        objective: str | None = None,
    ) -> Kpi:
        rule = self.rule(key)
        if start is None:
            start = rule.start
            start_min = self.start_time(start)
        if source is None:
            target, source = self.default_target(key)
        value = ratio = score = None
        if t is not None:
            value = max(t - (start_min or 0.0), 0.0)
            if target is None:
                status = status or "info"
            else:
                ratio = value / target if target > 0 else (0.0 if value <= EPS else None)
                if status is None:
                    status = "met" if value <= target + EPS else "late"
                    if status == "late" and self.rules.within_tolerance(value, target):
                        status, ratio = "met", 1.0
                        over_s = (value - target) * 60
                        tol = self.rules.tolerance
                        within = tx(
                            f"晚 {over_s:.0f} 秒, 在容差 ({tol.min_s:g} 秒与目标的 "
                            f"{tol.fraction:.0%} 取其大) 内, 计为达标",
                            f"{over_s:.0f} s late, within the tolerance of max({tol.min_s:g} s, "
                            f"{tol.fraction:.0%} of the target): counted as met",
                        )
                        note = (
                            within
                            if note is None
                            else tx(f"{note.zh}; {within.zh}", f"{note.en}; {within.en}")
                        )
                if rule.weight > 0:
                    score = (
                        0.0
                        if status == "criteria_not_met"
                        else self.rules.curve_score(ratio if ratio is not None else 99.0)
                    )
        elif target is None:
            status = "info"
        elif not_due_at_end(self.f, start_min, target) and not self.f.over:
            status = "pending"
        else:
            status = "missed"
            score = 0.0 if rule.weight > 0 else None
            if not_due_at_end(self.f, start_min, target):
                # not yet due, but nothing more was to happen: it never will
                ended = (
                    tx(
                        f"未到期即宣布应急结束 ({at(self.f.end_t)})",
                        f"the response was declared over before it was due ({at(self.f.end_t)})",
                    )
                    if self.f.terminated
                    else tx(
                        f"未到期时预案已无后续处置，也已无人处于危险之中 ({at(self.f.end_t)})，"
                        "不会再完成",
                        f"not yet due when the plan had nothing left to do and nobody was left "
                        f"in harm's way ({at(self.f.end_t)}): it never happens",
                    )
                )
                note = (
                    ended
                    if note is None
                    else tx(f"{note.zh}; {ended.zh}", f"{note.en}; {ended.en}")
                )
        assert status is not None
        kpi = Kpi(
            key=key,
            label=label,
            subject=subject,
            objective=objective or rule.objective,
            unit="min",
            t_min=t,
            start=start,
            start_label=tx(*STARTS.get(start, (start, start))),
            start_min=start_min,
            value=value,
            target=target,
            target_source=source,
            target_from_plan=from_plan,
            ratio=ratio,
            score=score,
            weight=rule.weight,
            status=status,
            legal=rule.legal,
            critical=critical,
            refs=refs or [],
            note=note,
        )
        self.out.append(kpi)
        return kpi

    def not_applicable(
        self, key: str, label: Text, why: Text, *, subject: str | None = None
    ) -> Kpi:
        """A KPI that does not apply to this scenario: shown, never rated, never 'missed'."""
        rule = self.rule(key)
        start = rule.start
        kpi = Kpi(
            key=key,
            label=label,
            subject=subject,
            objective=rule.objective,
            unit="min",
            t_min=None,
            start=start,
            start_label=tx(*STARTS.get(start, (start, start))),
            start_min=None,
            value=None,
            target=None,
            target_source=rule.source,
            target_from_plan=False,
            ratio=None,
            score=None,
            weight=0.0,
            status="not_applicable",
            legal=rule.legal,
            note=why,
        )
        self.out.append(kpi)
        return kpi

    def count(
        self, key: str, label: Text, unit: Unit, value: float | None, note: Text | None = None
    ) -> Kpi:
        rule = self.rule(key)
        target = rule.target_min
        status: Status
        score: float | None = None
        if value is None:
            status = "not_measured"
        elif target is None:
            status = "info"
        else:
            status = "met" if value <= target + EPS else "exceeded"
            if rule.weight > 0:
                score = 100.0 if status == "met" else 0.0
        kpi = Kpi(
            key=key,
            label=label,
            objective=rule.objective,
            unit=unit,
            t_min=None,
            start=rule.start,
            start_label=tx(*STARTS[rule.start]),
            start_min=0.0,
            value=None if value is None else round(value, 6),
            target=target,
            target_source=rule.source,
            target_from_plan=False,
            ratio=None,
            score=score,
            weight=rule.weight,
            status=status,
            legal=rule.legal,
            refs=[],
            note=note,
        )
        self.out.append(kpi)
        return kpi

    def step_timed(
        self,
        key: str,
        label: Text,
        t: float | None,
        step: Step | None,
        *,
        subject: str | None = None,
        note: Text | None = None,
        status: Status | None = None,
        objective: str | None = None,
    ) -> Kpi:
        """A timed KPI whose target is the plan step's own, else the rule's default."""
        target, source, refs, critical = self.step_target(step)
        return self.timed(
            key,
            label,
            t,
            subject=subject,
            start="accident" if source else None,
            start_min=0.0 if source else None,
            target=target,
            source=source,
            from_plan=source is not None,
            critical=critical,
            refs=refs,
            note=note,
            status=status,
            objective=objective,
        )

    def step_target(
        self, step: Step | None
    ) -> tuple[float | None, Text | None, list[PlanRef], bool]:
        """The plan's own target for a step, counted from the accident."""
        if step is None or step.target_min is None:
            return None, None, [], bool(step and step.critical)
        ref = self.ptr.step(step.id, "target_min")
        src = tx(
            f"预案步骤“{step.name}”的目标 {step.target_min:g} 分钟（自事故发生起）",
            f"plan step '{step.name_en or step.name}': target {step.target_min:g} min"
            " from the accident",
        )
        return step.target_min, src, [ref], step.critical


def not_due_at_end(facts: RunFacts, start_min: float | None, target: float | None) -> bool:
    """Whether a KPI missing at the end of the run was not yet due then."""
    return start_min is not None and target is not None and facts.end_t - start_min < target - EPS


def kpis(
    log: EventLog,
    scenario: Scenario,
    plan: Plan,
    rules: Rules | None = None,
    *,
    plan_doc: YamlDocument | None = None,
    scenario_doc: YamlDocument | None = None,
    facts: RunFacts | None = None,
) -> list[Kpi]:
    """Every KPI of the run, in the order evaluators read them (``facts``: the log's,
    when the caller has read them already)."""
    rules = rules or default_rules()
    facts = facts_of(log, plan, facts)
    pm = PlanMap.of(plan, rules, scenario)
    b = _Builder(facts, pm, rules, Pointer.of(plan, plan_doc, scenario, scenario_doc))
    _alerting(b, plan)
    _rescue(b, scenario)
    _control(b, scenario)
    _protection(b, scenario)
    _support(b, plan)
    return b.out


# --- alerting ------------------------------------------------------------------------
def _written(b: _Builder, plan: Plan, authorities: set[str]) -> None:
    """书面报告: counted from the arrival of the report it completes, against the plan's
    limit (no national limit binds the unit's written report: docs/REFERENCE.md R4)."""
    for link in authority_links(plan, authorities, "written"):
        start_min = b.f.report_received.get(link.after or "")
        refs: list[PlanRef] = []
        target = source = None
        if link.limit_min is not None:
            refs = [b.ptr.report(link.id, "limit_min")]
            target = link.limit_min
            basis = f" ({link.basis_en or link.basis})" if link.basis else ""
            source = tx(
                f"预案信息报告“{b.w(link.id)[0]}”时限 {link.limit_min:g} 分钟"
                + (f"（{link.basis}）" if link.basis else ""),
                f"plan report '{b.w(link.id)[1]}': limit {link.limit_min:g} min{basis}",
            )
        note = None
        if start_min is None:
            note = tx(
                "电话快报未到达, 书面报告无从起算",
                "the phone report never arrived: nothing to count from",
            )
            target = source = None
            refs = []
        zh_kind, en_kind = receiver_words(plan, link.to_organisation)
        b.timed(
            "authority_written",
            tx(f"书面报告{zh_kind}", f"Written report to the {en_kind}"),
            b.f.report_received.get(link.id),
            subject=link.to_organisation,
            start="phone_report",
            start_min=start_min,
            target=target,
            source=source,
            from_plan=source is not None,
            refs=refs,
            note=note,
        )


def _follow_ups(b: _Builder, plan: Plan, authorities: set[str]) -> None:
    """续报: each change in the casualties after a report, against the follow-up's limit."""
    orgs = [lk.to_organisation for lk in authority_links(plan, authorities, "follow_up")]
    for org in dict.fromkeys(o for o in orgs if o):
        for due in follow_ups_due(b.f, plan, org):
            link = due.link
            assert link is not None
            refs = [b.ptr.report(link.id, "limit_min")] if link.limit_min is not None else []
            target = source = None
            if link.limit_min is not None:
                basis = f" ({link.basis_en or link.basis})" if link.basis else ""
                target = link.limit_min
                source = tx(
                    f"预案信息报告“{b.w(link.id)[0]}”时限 {link.limit_min:g} 分钟"
                    + "（自伤亡情况变化起）"
                    + (f"（{link.basis}）" if link.basis else ""),
                    f"plan report '{b.w(link.id)[1]}': limit {link.limit_min:g} min from the "
                    f"change in the casualties{basis}",
                )
            zh_o, en_o = b.w(org)
            zh_s, en_s = CHANGE_WORDS.get(due.state, (due.state, due.state))
            # the casualty is the subject: one KPI per change, also in a stress row
            b.timed(
                "authority_follow_up",
                tx(f"续报{zh_o} ({zh_s}后)", f"Follow-up to {en_o} (after: {en_s})"),
                due.answered_min,
                subject=due.person,
                start="casualty_change",
                start_min=due.change_min,
                target=target,
                source=source,
                from_plan=source is not None,
                refs=refs,
            )


CHANGE_WORDS = {"collapsed": ("倒地", "collapsed"), "dead": ("死亡", "died")}


def _alerting(b: _Builder, plan: Plan) -> None:
    f, pm = b.f, b.pm
    b.timed("alarm", tx("报警", "Alarm raised"), f.alarm_t)

    head_links = [lk for lk in plan.reporting if lk.to_role == plan.unit_head]
    t_head = f.first_t("report_received", actor=plan.unit_head)
    head_note = None
    if plan.unit_head == plan.duty_officer:
        # the unit head takes the first call: informed on hearing of the alarm
        heard = [
            t
            for team in pm.roles[plan.unit_head].staffed_by
            if (t := f.first_t("team_alerted", actor=team)) is not None
        ]
        if heard and (t_head is None or min(heard) < t_head):
            t_head = min(heard)
        head_note = tx(
            "主要负责人兼任值班人员，接警即接报",
            "the unit head is the duty officer: informed on taking the first call",
        )
    target = source = None
    refs: list[PlanRef] = []
    if head_links:
        chain = pm.chain_to(head_links[0].id)
        if chain and chain[0].after is None and all(lk.limit_min for lk in chain):
            target = sum(lk.limit_min or 0.0 for lk in chain)
            refs = [b.ptr.report(lk.id, "limit_min") for lk in chain]
            parts_zh = " + ".join(f"“{b.w(lk.id)[0]}”{lk.limit_min:g} 分钟" for lk in chain)
            parts_en = " + ".join(f"'{b.w(lk.id)[1]}' {lk.limit_min:g}" for lk in chain)
            source = tx(
                f"预案信息报告时限：{parts_zh}（自报警起）",
                f"plan reporting limits: {parts_en} min from the alarm",
            )
    b.timed(
        "unit_head_informed",
        tx("主要负责人接报", "Unit head informed"),
        t_head,
        subject=plan.unit_head,
        target=target if source else None,
        source=source,
        from_plan=source is not None,
        start="alarm",
        start_min=f.alarm_t,
        refs=refs,
        note=head_note,
    )

    authorities = pm.authorities()
    # the legal report is the phone report (电话快报); a level's call is a notification
    links = authority_links(plan, authorities, "phone")
    t_auth = min(
        (f.report_received[lk.id] for lk in links if lk.id in f.report_received), default=None
    )
    rule = b.rule("authority_informed")
    link = links[0] if links else None
    start, start_min = "alarm", f.alarm_t
    if link is not None and link.after is not None:
        prev = pm.links.get(link.after)
        start = (
            "unit_head_informed" if prev and prev.to_role == plan.unit_head else "previous_report"
        )
        start_min = f.report_received.get(link.after)
    elif t_head is not None:
        start, start_min = "unit_head_informed", t_head
    target, source = legal_phone_limit(plan, link, rule)
    from_plan = False
    refs = []
    if link is not None and link.limit_min is not None:
        refs = [b.ptr.report(link.id, "limit_min")]
        if target is None or link.limit_min <= target:
            target = link.limit_min
            from_plan = True
            source = tx(
                f"预案信息报告“{b.w(link.id)[0]}”时限 {link.limit_min:g} 分钟"
                + (f"（{link.basis}）" if link.basis else ""),
                f"plan report '{b.w(link.id)[1]}': limit {link.limit_min:g} min"
                + (f" ({link.basis_en or link.basis})" if link.basis else ""),
            )
    note = None
    if start_min is None and f.alarm_t is not None:
        note = tx(
            "上一环节报告未到达, 按报警时刻起算",
            "the previous report never arrived; counted from the alarm",
        )
        start, start_min = "alarm", f.alarm_t
    org = link.to_organisation if link else None
    called = notification_words(f, plan, b.w, org) if org else None
    if called is not None:
        note = called if note is None else tx(f"{note.zh}; {called.zh}", f"{note.en}; {called.en}")
    zh_kind, en_kind = receiver_words(plan, org)
    b.timed(
        "authority_informed",
        tx(f"报告{zh_kind}", f"{en_kind[0].upper()}{en_kind[1:]} informed"),
        t_auth,
        subject=link.to_organisation if link else None,
        target=target,
        source=source,
        from_plan=from_plan,
        start=start,
        start_min=start_min,
        refs=refs,
        note=note,
    )
    _written(b, plan, authorities)
    _follow_ups(b, plan, authorities)

    for level in plan.levels:
        declared = f.first_t("level_declared", level=level.id)
        trigger = _level_trigger(b, level.id)
        if declared is None and (trigger is None or trigger == NEVER):
            continue
        note = None
        start = "trigger"
        held = f.first("trigger_held", level=level.id)
        if trigger is None or trigger == NEVER:
            note = tx(
                "启动条件无法从事件日志判定, 按报警时刻起算",
                "the trigger cannot be read from the log; counted from the alarm",
            )
            start, trigger = "alarm", f.alarm_t
        elif held is not None and held.details.get("held_at_alarm"):
            note = tx("报警时启动条件已满足", "the trigger already held at the alarm")
        b.timed(
            "level_declared",
            tx("启动响应", "Level declared"),
            declared,
            subject=level.id,
            start=start,
            start_min=trigger,
            target=b.rule("level_declared").target_min,
            source=b.rule("level_declared").source,
            refs=[b.ptr.level(level.id, "triggers")],
            note=note,
        )


def _level_trigger(b: _Builder, level: str) -> float | None:
    """When a level's trigger first held (never before the alarm); NEVER, or None if unknown.

    The engine logs it (``trigger_held``, watched from the alarm); logs without it
    are read from the conditions the log can tell."""
    lv = b.pm.levels[level]
    if not lv.triggers:
        return NEVER
    held = b.f.first("trigger_held", level=level)
    if held is not None:
        return held.t
    if b.f.has("trigger_held"):
        return NEVER  # the engine logs every trigger that held, and this one never did
    from sim.vocabulary import Condition

    t = b.f.condition_time(Condition(any_of=list(lv.triggers)))
    if t is None or t == NEVER:
        return t
    alarm = b.f.alarm_t
    if alarm is None:
        return NEVER
    return max(t, alarm)


def _step_trigger(b: _Builder, step: Step) -> float | None:
    """When a step's preconditions held (never before the alarm); NEVER, or None if unknown."""
    f = b.f
    if f.alarm_t is None:
        return NEVER
    if step.id in f.step_ready:
        return f.step_ready[step.id]  # the engine logs when all its preconditions held
    if f.has("step_ready"):
        return NEVER
    times: list[float | None] = [f.alarm_t]
    times += [f.step_completed.get(a, NEVER) for a in step.after]
    if step.requires_level:
        times.append(_level_trigger(b, step.requires_level))
    if step.when is not None:
        times.append(f.condition_time(step.when))
    if any(t == NEVER for t in times):
        return NEVER
    if any(t is None for t in times):
        return None
    return max(t for t in times if t is not None)


# --- rescue --------------------------------------------------------------------------
def _rescue(b: _Builder, scenario: Scenario) -> None:
    f, pm = b.f, b.pm
    scene = set(scenario.scene)
    alarm = f.alarm_t or 0.0
    arrivals = [
        e.t
        for e in f.events
        if e.kind in ("team_arrived", "step_working") and e.location in scene and e.t >= alarm
    ]
    b.timed(
        "first_arrival",
        tx("首支救援力量到达现场", "First responders at the scene"),
        min(arrivals) if arrivals else None,
    )

    ba_steps = [s for s in b.pm.plan.steps if pm.needs_ba(s)]
    toxic = pm.toxic_locations()
    entries = [e for e in f.of_kind("entry") if toxic_entry(e, toxic)]
    label = tx("首个进入小组佩戴空气呼吸器", "First entry team wearing breathing apparatus")
    # The engine logs an entry only into air at or above IDLH: a crew of a breathing-
    # apparatus step at work in a gassed place with no entry logged found it below IDLH.
    gassed = toxic | set(pm.hot_locations())
    below = [s for s in ba_steps if s.id in f.step_working and s.location in gassed]
    safe = _entries_below_idlh(scenario, entries) if entries else bool(below)
    if safe:
        b.not_applicable(
            "ba_first_entry",
            label,
            tx(
                "每次进入时浓度均低于 IDLH (已通风或已检测合格), 呼吸器要求不适用",
                "every entry was below IDLH (ventilated or tested safe): breathing "
                "apparatus does not apply",
            ),
        )
    elif entries or any(s.id in f.step_ready for s in ba_steps):
        protected = [
            e.t for e in entries if e.details.get("protected") and not e.details.get("prevented")
        ]
        b.timed("ba_first_entry", label, min(protected) if protected else None)

    collapses = [e for e in f.of_kind("person") if e.details.get("state") == "collapsed"]
    rescue_steps = pm.steps_with("rescue")
    for c in collapses:
        who = c.actor
        assert who is not None
        where = c.location
        mine = [
            s
            for s in rescue_steps
            if any(e.rescue and e.rescue.location == where for e in s.effects)
        ]
        reached_times = [
            f.step_working[s.id]
            for s in mine
            if s.id in f.step_working and f.step_working[s.id] >= c.t
        ]
        note = None
        if not mine:
            reached_times = [
                e.t for e in f.of_kind("team_arrived") if e.location == where and e.t >= c.t
            ]
            note = tx(
                "预案没有在该处救人的步骤, 以任一队伍到达计",
                "no plan step rescues there; counted from any team's arrival",
            )
        start_min = max(c.t, f.alarm_t) if f.alarm_t is not None else None
        b.timed(
            "casualty_reached",
            tx("救援人员到达伤员处", "Casualty reached"),
            min(reached_times) if reached_times else None,
            subject=who,
            start="collapse_or_alarm",
            start_min=start_min,
            target=b.default_target("casualty_reached")[0],
            source=b.default_target("casualty_reached")[1],
            note=note,
        )
        b.step_timed(
            "casualty_extracted",
            tx("伤员救出", "Casualty extracted"),
            f.person_state_t(who, "rescued"),
            mine[0] if mine else None,
            subject=who,
        )
        to = next(
            (e.rescue.to for s in mine for e in s.effects if e.rescue is not None),
            None,
        )
        aid = [s for s in pm.steps_with("first_aid") if any(e.first_aid == to for e in s.effects)]
        b.step_timed(
            "casualty_first_aid",
            tx("伤员得到急救", "Casualty given first aid"),
            f.first_t("first_aid", actor=who),
            aid[0] if aid else None,
            subject=who,
        )
        hand = [s for s in pm.steps_with("hand_over") if any(e.hand_over == to for e in s.effects)]
        dead = f.person_state_t(who, "dead")
        b.step_timed(
            "casualty_handed_to_ems",
            tx("移交120", "Handed to EMS"),
            f.person_state_t(who, "handed_to_ems"),
            hand[0] if hand else None,
            subject=who,
            note=None
            if dead is None
            else tx(f"T+{dead:.1f} 分钟死亡", f"died at T+{dead:.1f} min"),
        )
        b.timed(
            "casualty_at_hospital",
            tx("伤员送达医院", "Casualty at hospital"),
            f.person_state_t(who, "at_hospital"),
            subject=who,
        )

    people, exposed = responders_unprotected(f, toxic)
    b.count(
        "responders_unprotected",
        tx("未佩戴呼吸器暴露的救援人员", "Responders exposed without breathing apparatus"),
        "people",
        float(people),
        note=tx(*b.w.many(exposed)) if exposed else None,
    )


def _entries_below_idlh(scenario: Scenario, entries: list[Event]) -> bool:
    """Whether every entry logged its concentration, and each was below the IDLH of
    every toxic substance in the scenario (prevented entries do not count)."""
    from sim.physics.thresholds import idlh_ppm

    limits: list[float] = []
    for h in scenario.hazards:
        substance = getattr(h, "substance", None)
        limit = idlh_ppm(substance) if isinstance(substance, str) else None
        if limit:
            limits.append(limit)
    done = [e for e in entries if not e.details.get("prevented")]
    if not done or not limits:
        return False
    return all("ppm" in e.details and float(e.details["ppm"]) < min(limits) for e in done)


def has_mini_fire_station(plan: Plan) -> bool:
    """Whether the plan has an on-site mini fire station (微型消防站): a team or
    organisation with 微型消防站 in its name or mini_fire in its id."""
    named = [*plan.teams, *plan.organisations]
    return any("微型消防站" in x.name or "mini_fire" in x.id for x in named)


def toxic_entry(e: Event, toxic: set[str]) -> bool:
    """An entry into a toxic atmosphere (not, say, a pipeline fire's impact radius)."""
    return e.location in toxic or float(e.details.get("ppm") or 0.0) > 0


def responders_unprotected(f: RunFacts, toxic: set[str]) -> tuple[int, list[str]]:
    """People who entered a toxic hot zone unprotected, or whose crew breathed above
    AEGL-2 after their air ran out; with who they were (person or team ids)."""
    seen: dict[tuple[str, str | None], int] = {}
    for e in f.events:
        if e.actor is None:
            continue
        if (
            e.kind == "entry"
            and not e.details.get("protected")
            and not e.details.get("prevented")
            and toxic_entry(e, toxic)
        ):
            key = (e.actor, e.step)
            seen[key] = max(seen.get(key, 0), int(e.details.get("crew", 1)))
        elif (
            e.kind == "exposure"
            and e.step is not None
            and not e.details.get("protected")
            and float(e.details.get("above_aegl2_min", 0.0)) > 0
        ):
            key = (e.actor, e.step)
            seen[key] = max(seen.get(key, 0), int(e.details.get("count", 1)))
    return sum(seen.values()), sorted({a for a, _ in seen})


# --- control -------------------------------------------------------------------------
def _control(b: _Builder, scenario: Scenario) -> None:
    f, pm = b.f, b.pm
    for h in scenario.hazards:
        steps = [
            s
            for s in pm.steps_with("stop_release")
            if any(e.stop_release == h.id for e in s.effects)
        ]
        if not getattr(h, "isolable", True):
            b.not_applicable(
                "release_stopped",
                tx("泄漏切断", "Release stopped"),
                tx(
                    f"{h.name} 无可关闭的阀门或其他切断手段 (情景 isolable: false), 不适用",
                    f"{h.name_en or h.id} has no valve or other means to stop it "
                    "(scenario isolable: false): does not apply",
                ),
                subject=h.id,
            )
            continue
        dry = ran_dry_at(f, scenario, h.id)
        b.step_timed(
            "release_stopped",
            tx("泄漏切断", "Release stopped"),
            f.first_t("release_stopped", hazard=h.id),
            _doer(b, steps),
            subject=h.id,
            note=None
            if dry is None or dry > f.end_t
            else tx(
                f"容器于 {at(dry)} 泄空, 泄漏自行停止, 此前未被切断",
                f"the vessel ran dry at {at(dry)}: the release ended by itself before it "
                "was stopped",
            ),
        )
    _critical_tasks(b)

    term = pm.terminating_step()
    t = f.first_t("response_terminated")
    unmet = unmet_at(f, pm, scenario, b.w, t) if t is not None else []
    note = None
    if unmet:
        note = tx(
            "终止时条件未满足: " + "; ".join(z for z, _ in unmet),
            "criteria not met at termination: " + "; ".join(e for _, e in unmet),
        )
    b.step_timed(
        "response_terminated",
        tx("应急结束", "Response terminated"),
        t,
        term,
        note=note,
        status="criteria_not_met" if unmet else None,
    )


def _doer(b: _Builder, steps: list[Step]) -> Step | None:
    """The step whose target judges a KPI several steps can meet: the first to complete
    (an alternative that did the job is judged by its own target), else the first listed."""
    done = [s for s in steps if s.id in b.f.step_completed]
    if done:
        return min(done, key=lambda s: b.f.step_completed[s.id])
    return steps[0] if steps else None


def _critical_tasks(b: _Builder) -> None:
    """A critical task with alternatives is met when any of them does it in its time."""
    f, pm = b.f, b.pm
    seen: list[str] = []
    for step in pm.plan.steps:
        task = step.satisfies
        if task is None or task in seen:
            continue
        seen.append(task)
        alts = pm.alternatives(task)
        if len(alts) < 2 or not any(s.critical for s in alts):
            continue
        done = f.task_done.get(task)
        doer = pm.steps[done.step] if done is not None and done.step in pm.steps else None
        if doer is None:
            timed = [s for s in alts if s.target_min is not None]
            doer = max(timed, key=lambda s: s.target_min or 0.0) if timed else alts[0]
        note = None
        if done is not None and doer.id != alts[0].id:
            note = tx(
                f"由备选方式“{b.w(doer.id)[0]}”完成",
                f"done by the alternative '{b.w(doer.id)[1]}'",
            )
        b.step_timed(
            "critical_task",
            tx("关键任务完成", "Critical task done"),
            None if done is None else done.t,
            doer,
            subject=task,
            note=note,
            objective=pm.objective_of(doer.id),
        )
        b.out[-1] = b.out[-1].model_copy(update={"critical": True})


# --- protection ----------------------------------------------------------------------
def _protection(b: _Builder, scenario: Scenario) -> None:
    f, pm = b.f, b.pm
    evac_steps = pm.steps_with("evacuate")
    evacuated = f.of_kind("evacuated")
    if evac_steps or evacuated:
        heads = pm.headcount_steps()
        note = None
        if heads:
            times = [f.step_completed.get(s.id) for s in heads]
            t = None if any(x is None for x in times) else max(x for x in times if x is not None)
            target_step: Step | None = heads[-1]
        else:
            t = max((e.t for e in evacuated), default=None)
            if evac_steps and any(s.id not in f.step_completed for s in evac_steps):
                t = None
            target_step = max(evac_steps, key=lambda s: s.target_min or 0) if evac_steps else None
            note = tx(
                "预案无集合点清点人数步骤: 人数未核对",
                "the plan has no headcount at the assembly point: numbers not reconciled",
            )
        b.step_timed(
            "evacuation_complete",
            tx("疏散完成并清点人数", "Evacuation complete, headcount reconciled"),
            t,
            target_step,
            note=note,
        )

    counts = {p.id: p.count for p in scenario.people}

    def n(e: Event) -> int:
        return int(e.details.get("count", counts.get(e.actor or "", 1)))

    exposures = f.of_kind("exposure")
    aegl2 = idlh = None
    if exposures:
        unprotected = [e for e in exposures if not e.details.get("protected")]
        aegl2 = sum(float(e.details.get("above_aegl2_min", 0.0)) * n(e) for e in unprotected)
        idlh = sum(float(e.details.get("above_idlh_min", 0.0)) * n(e) for e in unprotected)
    b.count(
        "person_min_above_aegl2",
        tx("超过 AEGL-2 的暴露 (人·分钟)", "Exposure above AEGL-2 (person-min)"),
        "person_min",
        aegl2,
    )
    b.count(
        "person_min_above_idlh",
        tx("超过 IDLH 的暴露 (人·分钟)", "Exposure above IDLH (person-min)"),
        "person_min",
        idlh,
    )
    outcomes = f.of_kind("outcome")
    deaths = None
    if outcomes:
        deaths = sum(float(e.details.get("probability_of_death", 0.0)) * n(e) for e in outcomes)
    b.count(
        "expected_fatalities",
        tx("预计死亡人数 (概率函数)", "Expected fatalities (probits)"),
        "deaths",
        deaths,
    )


# --- support -------------------------------------------------------------------------
def _support(b: _Builder, plan: Plan) -> None:
    f, pm = b.f, b.pm
    for org in pm.mutual_aid():
        routes = pm.notifiers(org)
        triggers: list[float] = []
        plan_step: Step | None = None
        for kind, ident in routes:
            if kind == "level":
                t = _level_trigger(b, ident)
            elif kind == "step":
                t = _step_trigger(b, pm.steps[ident])
                if plan_step is None and pm.steps[ident].target_min is not None:
                    plan_step = pm.steps[ident]
            else:
                t = None
            if t is not None and t != NEVER:
                triggers.append(t)
        requested = f.notified.get(org)
        if requested is None and not triggers:
            continue
        trigger = min(triggers) if triggers else f.alarm_t
        target, source, refs, _critical = b.step_target(plan_step)
        note = None
        if trigger is not None:
            note = tx(
                f"请求条件满足于 {at(trigger)}",
                f"trigger held at {at(trigger)}",
            )
        if source is not None:
            b.timed(
                "mutual_aid_requested",
                tx("请求外部救援", "Mutual aid requested"),
                requested,
                subject=org,
                start="accident",
                start_min=0.0,
                target=target,
                source=source,
                from_plan=True,
                refs=refs,
                note=note,
            )
        else:
            b.timed(
                "mutual_aid_requested",
                tx("请求外部救援", "Mutual aid requested"),
                requested,
                subject=org,
                start="trigger",
                start_min=trigger,
                target=b.rule("mutual_aid_requested").target_min,
                source=b.rule("mutual_aid_requested").source,
            )

    for key, kind, label in (
        ("fire_arrival", "fire", tx("消防救援力量到场", "Fire service at the scene")),
        ("ems_arrival", "ems", tx("120 急救到场", "EMS at the scene")),
    ):
        for body in plan.organisations:
            if body.kind != kind or body.id not in f.notified:
                continue
            teams = {t.id for t in plan.teams if t.organisation == body.id}
            arrived = [e.t for e in f.of_kind("team_arrived") if e.actor in teams]
            rule = b.rule(key)
            target, source = rule.target_min, rule.source
            local: list[PlanRef] = []
            if body.arrival_target_min is not None:
                local = [b.ptr.organisation(body.id, "arrival_target_min")]
                zh_basis = body.arrival_target_basis
                en_basis = body.arrival_target_basis_en or zh_basis
                target = body.arrival_target_min
                zh_body, en_body = b.w(body.id)
                source = tx(
                    f"预案规定的“{zh_body}”当地到达时限 {target:g} 分钟"
                    + (f" ({zh_basis})" if zh_basis else "")
                    + "（外部力量，仅作记录）",
                    f"plan's local arrival target for '{en_body}': {target:g} min"
                    + (f" ({en_basis})" if en_basis else "")
                    + " (outside service, reported only)",
                )
            b.timed(
                key,
                label,
                min(arrived) if arrived else None,
                subject=body.id,
                start="notified",
                start_min=f.notified[body.id],
                target=target,
                source=source,
                from_plan=bool(local),
                refs=local,
            )
