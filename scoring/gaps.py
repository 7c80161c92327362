"""Dynamic gaps: what went wrong in a run, read from its event log, as graded findings."""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from collections.abc import Sequence

from scoring.earlywarning import advice, answers, early_warnings
from scoring.facts import Busy, RunFacts, facts_of
from scoring.finding import Capability, Data, Finding, PlanRef, Pointer, Severity, Text
from scoring.kpi import CHANGE_WORDS, Kpi, kpis, not_due_at_end, toxic_entry
from scoring.names import counted
from scoring.planmap import PlanMap
from scoring.reasons import classify_reason as _reason
from scoring.reasons import reason_en
from scoring.rules import Rules, default_rules
from scoring.stages import (
    authority_links,
    follow_ups_due,
    legal_phone_limit,
    notification_words,
)
from scoring.timeline import ppm_text
from scoring.wording import Wording, at, dur, tx
from sim.events import Event, EventLog
from sim.physics.probit import burn_death_probability_from_dose
from sim.plan import SCBA_TYPES, Plan, Step
from sim.scenario import Person, Scenario
from sim.travel import TravelTable
from sim.yamlfile import YamlDocument

_PHASE_ZH = {
    "waiting": "等待前置条件",
    "ready": "条件已具备，等待人员或装备",
    "claimed": "已调派，前往作业地点",
    "working": "作业中",
    "report": "报告环节",
}
"""Where a step stood when the run ended (``sim.engine``'s step phases)."""


class _Gaps:
    def __init__(
        self,
        log: EventLog,
        scenario: Scenario,
        plan: Plan,
        rules: Rules,
        ptr: Pointer,
        kpi_list: Sequence[Kpi],
        facts: RunFacts | None = None,
    ) -> None:
        self.f = facts_of(log, plan, facts)
        self.scenario = scenario
        self.plan = plan
        self.rules = rules
        self.ptr = ptr
        self.pm = PlanMap.of(plan, rules, scenario)
        self.w = Wording(plan, scenario)
        self.kpis = list(kpi_list)
        self.travel = TravelTable.from_site(scenario.site)
        self.out: list[Finding] = []

    def add(
        self,
        rule: str,
        severity: Severity,
        capability: Capability,
        objective: str | None,
        title: Text,
        evidence: Text,
        recommendation: Text,
        refs: list[PlanRef],
        *,
        forces_u: bool = False,
        data: Data | None = None,
    ) -> None:
        self.out.append(
            Finding(
                rule=f"dynamic.{rule}",
                kind="dynamic",
                severity=severity,
                capability=capability,
                objective=objective,
                title=title,
                evidence=evidence,
                recommendation=recommendation,
                refs=refs,
                forces_u=forces_u,
                data=data or {},
            )
        )

    def run(self) -> list[Finding]:
        self.steps_late_or_missed()
        self.tasks_not_done()
        self.reports()
        self.authority()
        self.follow_ups()
        self.waits()
        self.idle_teams()
        self.span_of_control()
        self.detours()
        self.entries()
        self.exposures()
        self.injects()
        self.early_warning()
        self.outside_forces()
        self.kpi_gaps()
        self.termination()
        return self.out

    # --- steps -------------------------------------------------------------------------
    def story(self, step: str) -> tuple[str, str]:
        """Where a step's time went: ready, started, on site, done."""
        f = self.f
        zh: list[str] = []
        en: list[str] = []
        if step in f.step_ready:
            zh.append(f"就绪 {at(f.step_ready[step])}")
            en.append(f"ready {at(f.step_ready[step])}")
        started = f.step_started.get(step)
        if started is not None:
            zh.append(f"开始 {at(started.t)}")
            en.append(f"started {at(started.t)}")
        if step in f.step_working:
            travel = f.step_working[step] - (started.t if started else f.step_working[step])
            zh.append(f"到位 {at(f.step_working[step])} (路程 {travel:.1f} 分钟)")
            en.append(f"on site {at(f.step_working[step])} (travel {travel:.1f} min)")
        if step in f.step_completed:
            zh.append(f"完成 {at(f.step_completed[step])}")
            en.append(f"done {at(f.step_completed[step])}")
        return ", ".join(zh), ", ".join(en)

    def reasons_en(self, reasons: list[str]) -> str:
        """The engine's reasons in English with names for ids."""
        return "; ".join(reason_en(r, lambda i: self.w(i)[1]) for r in reasons)

    def remedy_ended_early(self, step: Step, zh_name: str, en_name: str) -> Text:
        """A step cut short by the end of the response: the end came too early, not the
        step too late."""
        return tx(
            f"把“{zh_name}”完成列为宣布应急结束的前置条件, 不在救援和处置进行中宣布结束",
            f"Make '{en_name}' a precondition of declaring the response over; do not end "
            "the response while it is still under way",
        )

    def remedy(self, step: Step) -> Text:
        """Recommend against the largest share of a late step's time."""
        f = self.f
        ready = f.step_ready.get(step.id, f.alarm_t or 0.0)
        started = f.step_started[step.id].t if step.id in f.step_started else f.end_t
        working = f.step_working.get(step.id, started)
        done = f.step_completed.get(step.id, f.end_t)
        parts = {
            "pre": ready - (f.alarm_t or 0.0),
            "wait": started - ready,
            "travel": working - started,
            "work": done - working,
        }
        biggest = max(parts, key=lambda k: parts[k])
        minutes = parts[biggest]
        zh_name, en_name = self.w(step.id)
        if biggest == "pre":
            late_before = [
                a
                for a in step.after
                if a in self.pm.steps
                and self.pm.steps[a].target_min is not None
                and f.step_completed.get(a, math.inf) > (self.pm.steps[a].target_min or 0.0)
            ]
            if late_before:
                zh_a, en_a = self.w.quoted(late_before)
                return tx(
                    f"“{zh_name}”要等前置步骤{zh_a}完成, 而后者已超时: 先解决前置步骤的延误",
                    f"'{en_name}' waits for {en_a}, which was itself late: fix that delay first",
                )
            after = ", ".join(step.after) or (step.requires_level or "")
            return tx(
                f"“{zh_name}”在报警后 {minutes:.1f} 分钟才具备启动条件 (前置: {after or '条件'})"
                "; "
                "评估能否与前置步骤并行或在报警时即启动",
                f"'{en_name}' could start only {minutes:.1f} min after the alarm "
                f"(waiting on {after or 'its condition'}); run it in parallel or at the alarm",
            )
        if biggest == "wait" and self.failed_resources(step.id):
            return self.failed_remedy(step, self.failed_resources(step.id))
        journey = self.outside_journey(step, ready) if biggest == "wait" else None
        if journey is not None and started - journey[0] < self.rules.thresholds.wait_min.value:
            zh_o, en_o = self.w.quoted(journey[1])
            return tx(
                f"“{zh_name}”等待{zh_o}到场 {minutes:.1f} 分钟, 通知及时, 为其出动和路程时间: "
                "按其到场所需核定目标时间, 或安排先到场的力量先期处置",
                f"'{en_name}' waited {minutes:.1f} min for {en_o} to arrive, called in time: "
                "that is its turnout and journey; set the target by the time it needs to "
                "arrive, or have a force already there act first",
            )
        if biggest == "wait":
            return tx(
                f"“{zh_name}”等待人员或物资 {minutes:.1f} 分钟: 增加可承担该角色的队伍或增配物资",
                f"'{en_name}' waited {minutes:.1f} min for crew or equipment: "
                "add teams to the role or equipment to the inventory",
            )
        if biggest == "travel":
            return tx(
                f"“{zh_name}”路程 {minutes:.1f} 分钟: 将人员和所需物资前置到作业地点附近",
                f"'{en_name}' spent {minutes:.1f} min travelling: "
                "pre-position the crew and its equipment near the work location",
            )
        if any(e.first_aid is not None or e.hand_over is not None for e in step.effects):
            # care takes the time the casualty needs: never advise cutting it short
            return tx(
                f"“{zh_name}”救护作业 {minutes:.1f} 分钟为伤员所需, 不应压缩: "
                "使其更早开始 (救护人员和器材在伤员救出前就位), 或调整目标时间",
                f"'{en_name}' took {minutes:.1f} min of care, which the casualty needs and "
                "must not be cut short: start it sooner (carers and kit in place before the "
                "casualty is out) or revise its target",
            )
        return tx(
            f"“{zh_name}”作业 {minutes:.1f} 分钟: 通过专项训练缩短作业时间或增加人手",
            f"'{en_name}' took {minutes:.1f} min of work: drill it to go faster or add crew",
        )

    def tasks_not_done(self) -> None:
        """One finding per task that no alternative did: its steps' phases and reasons."""
        f = self.f
        tasks: dict[str, list[Step]] = defaultdict(list)
        for step in self.plan.steps:
            if step.satisfies and len(self.pm.alternatives(step.satisfies)) > 1:
                tasks[step.satisfies].append(step)
        for task, steps in tasks.items():
            if task in f.task_done:
                continue
            critical = any(s.critical for s in steps)
            zh_names = " / ".join(f"“{self.w(s.id)[0]}”" for s in steps)
            en_names = " / ".join(f"'{self.w(s.id)[1]}'" for s in steps)
            zh_parts: list[str] = []
            en_parts: list[str] = []
            for s in steps:
                zh_s, en_s = self.w(s.id)
                why_zh, why_en = self.not_done_why(s.id)
                zh_parts.append(f"“{zh_s}”{why_zh}")
                en_parts.append(f"'{en_s}' {why_en}")
            crit_zh = "关键任务" if critical else "任务"
            crit_en = "Critical task" if critical else "Task"
            first = steps[0]
            self.add(
                "task_not_done",
                "不足项" if critical else "整改项",
                "planning",
                self.pm.objective_of(first.id),
                tx(
                    f"{crit_zh}{zh_names}: 所有备选方式到推演结束 ({at(f.end_t)}) 均未完成",
                    f"{crit_en} {en_names}: no alternative was completed by the end of the run "
                    f"({at(f.end_t)})",
                ),
                tx("; ".join(zh_parts), "; ".join(en_parts)),
                self.remedy(first),
                [self.ptr.step(s.id, "satisfies") for s in steps],
                forces_u=critical,
                data={"task": task, "steps": [s.id for s in steps]},
            )

    def not_done_why(self, step: str) -> tuple[str, str]:
        """Why a step did not get done: its phase and reasons, or its abandonment."""
        f = self.f
        gone = f.step_abandoned.get(step)
        if gone is not None:
            after = gone.details.get("after_min")
            return (
                f"在就绪 {after} 分钟后仍未开始, 于 {at(gone.t)} 放弃",
                f"was given up at {at(gone.t)}, not started {after} min after it was ready",
            )
        ev = f.step_not_done.get(step)
        if ev is None:
            return "未完成", "was not completed"
        reasons = [str(r) for r in ev.details.get("reasons", [])]
        zh_r = "; ".join(_reason(r, self.w.zh)[1] for r in reasons) or "未知"
        en_r = self.reasons_en(reasons) or "unknown"
        failed = self.failed_resources(step)
        if failed:
            zh_f, en_f = self.w.quoted(failed)
            zh_r += f" ({zh_f}预使用检查失败)"
            en_r += f" ({en_f} failed its pre-use check)"
        return f"未完成 (原因: {zh_r})", f"was not done (reasons: {en_r})"

    def failed_resources(self, step: str) -> list[str]:
        """Resources the step waited on that had failed their pre-use check."""
        f = self.f
        out: list[str] = []
        for ev, _end in f.waits:
            if ev.step != step:
                continue
            for r in ev.details.get("reasons", []):
                res = _reason(str(r))[2]
                if res and res in f.failed_units and res not in out:
                    out.append(res)
        ev2 = f.step_not_done.get(step)
        for r in ev2.details.get("reasons", []) if ev2 else []:
            res = _reason(str(r))[2]
            if res and res in f.failed_units and res not in out:
                out.append(res)
        return out

    def outside_journey(self, step: Step, since: float) -> tuple[float, list[str]] | None:
        """When the outside force a step waited for reached its muster point after a
        timely call, and its organisations: the wait up to then was its turnout and
        journey (its own kit travels with it), nothing the plan's side could shorten.
        None when the step has an in-house team, the call came late or none arrived."""
        staff = self.pm.roles[step.owner].staffed_by
        if not staff or any(self.pm.in_house(t) for t in staff):
            return None
        orgs = sorted({self.pm.teams[t].organisation for t in staff})
        if self.call_late(orgs) is not None:
            return None
        arrived = [
            e.t
            for e in self.f.of_kind("team_arrived")
            if e.actor in staff and e.step is None and e.t >= since - 1e-9
        ]
        return (min(arrived), orgs) if arrived else None

    def failed_remedy(self, step: Step, failed: list[str]) -> Text:
        """Advice for a step held up by equipment that failed its check: more of the
        same is not the answer; reliability and a fallback way of doing the task are."""
        zh_f, en_f = self.w.quoted(failed)
        zh_s, en_s = self.w(step.id)
        if step.satisfies and len(self.pm.alternatives(step.satisfies)) > 1:
            return tx(
                f"{zh_f}预使用检查失败: 加强其定期检测和维护; 并使备选方式更早可用",
                f"{en_f} failed its pre-use check: test and maintain it regularly, and make "
                "the alternative way of doing the task available sooner",
            )
        return tx(
            f"{zh_f}预使用检查失败: 加强其定期检测和维护, 并为“{zh_s}”规定备选方式 "
            "(如远控失败时就地手动操作)",
            f"{en_f} failed its pre-use check: test and maintain it regularly, and give "
            f"'{en_s}' an alternative way (such as a manual close when the remote one fails)",
        )

    def steps_late_or_missed(self) -> None:
        f = self.f
        for step in self.plan.steps:
            zh_name, en_name = self.w(step.id)
            obj = self.pm.objective_of(step.id)
            if f.done_by_alternative(step.id) is not None:
                continue  # its task was done by an alternative: no failure of this step
            if (
                step.satisfies
                and len(self.pm.alternatives(step.satisfies)) > 1
                and step.satisfies not in f.task_done
            ):
                continue  # judged once for the whole task in tasks_not_done()
            gone = f.step_abandoned.get(step.id)
            if gone is not None and step.id not in f.step_completed:
                story = self.story(step.id)
                why_zh, why_en = self.not_done_why(step.id)
                crit_zh = "关键任务" if step.critical else "步骤"
                crit_en = "Critical task" if step.critical else "Step"
                self.add(
                    "step_abandoned",
                    "不足项" if step.critical else "整改项",
                    "planning",
                    obj,
                    tx(
                        f"{crit_zh}“{zh_name}”被放弃, 未完成",
                        f"{crit_en} '{en_name}' was given up and never done",
                    ),
                    tx(
                        why_zh + (f"; {story[0]}" if story[0] else ""),
                        why_en + (f"; {story[1]}" if story[1] else ""),
                    ),
                    self.remedy(step),
                    [self.ptr.step(step.id, "give_up_after_min"), self.ptr.step(step.id, "owner")],
                    forces_u=step.critical,
                    data={"step": step.id, "abandoned_min": round(gone.t, 3)},
                )
                continue
            if step.id in f.step_not_done:
                ev = f.step_not_done[step.id]
                story = self.story(step.id)
                reasons = [str(r) for r in ev.details.get("reasons", [])]
                zh_r = "; ".join(_reason(r, self.w.zh)[1] for r in reasons) or "未知"
                en_r = self.reasons_en(reasons) or "unknown"
                crit_zh = "关键任务" if step.critical else "步骤"
                crit_en = "Critical task" if step.critical else "Step"
                self.add(
                    "step_not_done",
                    "不足项" if step.critical else "整改项",
                    "planning",
                    obj,
                    tx(
                        f"{crit_zh}“{zh_name}”到推演结束 ({at(ev.t)}) 仍未完成",
                        f"{crit_en} '{en_name}' was not completed by the end of the run "
                        f"({at(ev.t)})",
                    ),
                    tx(
                        f"阶段：{_PHASE_ZH.get(str(ev.details.get('phase')), '未知')}；原因：{zh_r}"
                        + (f"; {story[0]}" if story[0] else ""),
                        f"phase: {ev.details.get('phase')}; reasons: {en_r}"
                        + (f"; {story[1]}" if story[1] else ""),
                    ),
                    self.remedy_ended_early(step, zh_name, en_name)
                    if reasons == ["response ended while under way"]
                    else self.remedy(step),
                    [self.ptr.step(step.id), self.ptr.step(step.id, "owner")],
                    forces_u=step.critical,
                    data={
                        "step": step.id,
                        "phase": str(ev.details.get("phase")),
                        "reasons": reasons,
                    },
                )
                continue
            done = f.step_completed.get(step.id)
            if step.target_min is None or done is None or done <= step.target_min + 1e-9:
                continue
            if self.rules.within_tolerance(done, step.target_min):
                continue  # late by less than the tolerance: met
            over = done - step.target_min
            story = self.story(step.id)
            self.add(
                "step_late",
                "整改项" if step.critical else "改进项",
                "planning",
                obj,
                tx(
                    f"“{zh_name}”超过目标时间 {dur(over)[0]}完成",
                    f"'{en_name}' finished {dur(over)[1]} after its target",
                ),
                tx(
                    f"完成于 {at(done)}, 目标 {step.target_min:g} 分钟; {story[0]}",
                    f"done at {at(done)}, target {step.target_min:g} min; {story[1]}",
                ),
                self.remedy(step),
                [self.ptr.step(step.id, "target_min")],
                data={
                    "step": step.id,
                    "completed_min": round(done, 3),
                    "target_min": step.target_min,
                    "late_min": round(over, 3),
                    "critical": step.critical,
                },
            )

    # --- reports -----------------------------------------------------------------------
    def reports(self) -> None:
        f = self.f
        authorities = self.pm.authorities()
        for link in self.plan.reporting:
            if link.stage == "follow_up":
                continue  # judged at each change in follow_ups()
            if link.stage == "phone" and link.to_organisation in authorities:
                continue  # judged against the law in authority()
            zh_name, en_name = self.w(link.id)
            if link.id in f.report_not_done:
                ev = f.report_not_done[link.id]
                reasons = [str(r) for r in ev.details.get("reasons", [])]
                since = f.report_received.get(link.after) if link.after else f.alarm_t
                if (
                    link.limit_min is not None
                    and since is not None
                    and ev.t < since + link.limit_min - 1e-9
                ):
                    continue  # the run ended before it was due: not yet a failure
                self.add(
                    "report_not_sent",
                    "整改项",
                    "organisation",
                    "alerting",
                    tx(f"信息报告“{zh_name}”未发出", f"Report '{en_name}' was never sent"),
                    tx(
                        f"到推演结束 ({at(ev.t)}) 未发出; 原因: "
                        + "; ".join(_zh_block(r) for r in reasons),
                        f"not sent by the end of the run ({at(ev.t)}); reasons: "
                        + self.reasons_en(reasons),
                    ),
                    _report_remedy(self.w, link.sender),
                    [self.ptr.report(link.id, "sender")],
                    data={"report": link.id, "reasons": reasons},
                )
                continue
            sent = f.report_sent.get(link.id)
            if sent is None or not sent.details.get("late"):
                continue
            deadline = float(sent.details.get("deadline", sent.t))
            if link.limit_min is not None and sent.t - deadline <= (
                self.rules.tolerance.allowance_min(link.limit_min) + 1e-9
            ):
                continue  # late by less than the tolerance: met
            self.add(
                "report_late",
                "整改项",
                "organisation",
                "alerting",
                tx(
                    f"信息报告“{zh_name}”超过时限 {dur(sent.t - deadline)[0]}",
                    f"Report '{en_name}' was {dur(sent.t - deadline)[1]} past its limit",
                ),
                tx(
                    f"发出于 {at(sent.t)}, 时限 {at(deadline)} ({link.limit_min:g} 分钟)",
                    f"sent at {at(sent.t)}, due {at(deadline)} ({link.limit_min:g} min)",
                ),
                _report_remedy(self.w, link.sender),
                [self.ptr.report(link.id, "limit_min")],
                data={"report": link.id, "sent_min": round(sent.t, 3), "deadline_min": deadline},
            )

    def authority(self) -> None:
        kpi = next((k for k in self.kpis if k.key == "authority_informed"), None)
        if kpi is None or kpi.status not in ("late", "missed"):
            return
        rule = self.rules.kpis["authority_informed"]
        links = authority_links(self.plan, self.pm.authorities(), "phone")
        link = links[0] if links else None
        legal = legal_phone_limit(self.plan, link, rule)[0] if rule.legal else None
        breached = kpi.status == "missed" or (
            legal is not None and kpi.value is not None and kpi.value > legal + 1e-9
        )
        ref = self.ptr.report(link.id, "sender") if link else self.ptr.section("reporting")
        zh_org, en_org = (
            self.w(kpi.subject) if kpi.subject else ("县级应急管理部门", "the authority")
        )
        if kpi.status == "missed":
            reasons: list[str] = []
            if link is not None and link.id in self.f.report_not_done:
                reasons = [
                    str(r) for r in self.f.report_not_done[link.id].details.get("reasons", [])
                ]
            ev_zh = (
                f"自{kpi.start_label.zh} ({at(kpi.start_min or 0.0)}) 起到推演结束 "
                f"({at(self.f.end_t)}) 未报告; 法定时限 {legal:g} 分钟"
            )
            ev_en = (
                f"no report from {kpi.start_label.en} ({at(kpi.start_min or 0.0)}) to the end "
                f"of the run ({at(self.f.end_t)}); legal limit {legal:g} min"
            )
            if reasons:
                ev_zh += "; 原因: " + "; ".join(_zh_block(r) for r in reasons)
                ev_en += "; reasons: " + self.reasons_en(reasons)
            title = tx(
                f"未在法定时限内报告{zh_org}", f"{en_org} was not informed within the legal limit"
            )
            if link is not None and link.to_organisation:
                called = notification_words(self.f, self.plan, self.w, link.to_organisation)
                if called is not None:
                    ev_zh = f"{called.zh}; {ev_zh}"
                    ev_en = f"{called.en}; {ev_en}"
        else:
            ev_zh = (
                f"报告到达 {at(kpi.t_min or 0.0)}, 自{kpi.start_label.zh}起 "
                f"{kpi.value:.1f} 分钟; 时限 {kpi.target:g} 分钟"
            )
            ev_en = (
                f"report arrived at {at(kpi.t_min or 0.0)}, {kpi.value:.1f} min after "
                f"{kpi.start_label.en}; limit {kpi.target:g} min"
            )
            title = tx(f"报告{zh_org}超过时限", f"Report to {en_org} exceeded its limit")
            if link is not None and link.to_organisation:
                called = notification_words(self.f, self.plan, self.w, link.to_organisation)
                if called is not None:
                    ev_zh = f"{called.zh}; {ev_zh}"
                    ev_en = f"{called.en}; {ev_en}"
        self.add(
            "report_legal_limit" if breached else "report_late",
            "不足项" if breached else "整改项",
            "organisation",
            "alerting",
            title,
            tx(ev_zh, ev_en),
            _report_remedy(self.w, link.sender if link else None, legal=True),
            [ref],
            forces_u=breached,
            data={
                "report": link.id if link else None,
                "measured_min": None if kpi.value is None else round(kpi.value, 3),
                "legal_limit_min": legal,
            },
        )

    def follow_ups(self) -> None:
        """续报: a change in the casualties after a report, not reported within the
        follow-up's limit, or with no follow-up in the plan at all."""
        authorities = self.pm.authorities()
        orgs = dict.fromkeys(
            lk.to_organisation
            for lk in self.plan.reporting
            if lk.to_organisation in authorities and lk.stage == "phone"
        )
        tol = self.rules.tolerance
        for org in orgs:
            if org is None:
                continue
            zh_o, en_o = self.w(org)
            for due in follow_ups_due(self.f, self.plan, org):
                zh_p, en_p = self.w(due.person)
                zh_s, en_s = CHANGE_WORDS.get(due.state, (due.state, due.state))
                change_zh = (
                    f"{zh_p} {at(due.change_min)} {zh_s} (上次报告 {at(due.last_report_min)})"
                )
                change_en = (
                    f"{en_p} {en_s} at {at(due.change_min)} (last report {at(due.last_report_min)})"
                )
                data: Data = {
                    "organisation": org,
                    "person": due.person,
                    "change_min": round(due.change_min, 3),
                }
                link = due.link
                if link is None:
                    if due.answered_min is not None:
                        continue  # a later report carried it
                    self.add(
                        "report_no_follow_up",
                        "整改项",
                        "planning",
                        "alerting",
                        tx(
                            f"伤亡情况变化后未向{zh_o}续报, 预案无续报环节",
                            f"No follow-up report to {en_o} after the casualties changed: the "
                            "plan has no follow-up stage",
                        ),
                        tx(
                            f"{change_zh}; 到推演结束 ({at(self.f.end_t)}) 未续报 "
                            "(《生产安全事故报告和调查处理条例》第十三条: 及时补报)",
                            f"{change_en}; no follow-up by the end of the run "
                            f"({at(self.f.end_t)}) (Regulation Art. 13: report promptly)",
                        ),
                        tx(
                            f"在信息报告中增加向{zh_o}的续报环节 (stage: follow_up), 写明时限",
                            f"add a follow-up stage to {en_o} (stage: follow_up) with its limit",
                        ),
                        [self.ptr.section("reporting")],
                        data=data,
                    )
                    continue
                deadline = due.deadline
                if deadline is None:
                    continue  # no limit: reported as a KPI only
                data["report"] = link.id
                data["deadline_min"] = round(deadline, 3)
                allowance = tol.allowance_min(link.limit_min or 0.0)
                zh_l, en_l = self.w(link.id)
                if due.answered_min is None:
                    if self.f.end_t < deadline - 1e-9:
                        continue  # not yet due when the run ended
                    reasons: list[str] = []
                    if link.id in self.f.report_not_done:
                        ev = self.f.report_not_done[link.id]
                        reasons = [str(r) for r in ev.details.get("reasons", [])]
                    why_zh = (
                        "; 原因: " + "; ".join(_zh_block(r) for r in reasons) if reasons else ""
                    )
                    why_en = "; reasons: " + self.reasons_en(reasons) if reasons else ""
                    self.add(
                        "report_not_sent",
                        "整改项",
                        "organisation",
                        "alerting",
                        tx(f"续报「{zh_l}」未发出", f"Follow-up '{en_l}' was never sent"),
                        tx(
                            f"{change_zh}; 时限 {at(deadline)} ({link.limit_min:g} 分钟), "
                            f"到推演结束 ({at(self.f.end_t)}) 未续报{why_zh}",
                            f"{change_en}; due {at(deadline)} ({link.limit_min:g} min), not sent "
                            f"by the end of the run ({at(self.f.end_t)}){why_en}",
                        ),
                        _report_remedy(self.w, link.sender),
                        [self.ptr.report(link.id, "sender")],
                        data={**data, "reasons": reasons},
                    )
                elif due.answered_min > deadline + allowance + 1e-9:
                    over = due.answered_min - deadline
                    self.add(
                        "report_late",
                        "整改项",
                        "organisation",
                        "alerting",
                        tx(
                            f"续报「{zh_l}」超过时限 {dur(over)[0]}",
                            f"Follow-up '{en_l}' was {dur(over)[1]} past its limit",
                        ),
                        tx(
                            f"{change_zh}; 续报于 {at(due.answered_min)}, 时限 {at(deadline)} "
                            f"({link.limit_min:g} 分钟)",
                            f"{change_en}; follow-up at {at(due.answered_min)}, due "
                            f"{at(deadline)} ({link.limit_min:g} min)",
                        ),
                        _report_remedy(self.w, link.sender),
                        [self.ptr.report(link.id, "limit_min")],
                        data={**data, "sent_min": round(due.answered_min, 3)},
                    )

    # --- waits and idle teams ----------------------------------------------------------
    def waits(self) -> None:
        th = self.rules.thresholds
        for ev, end in self.f.waits:
            step = self.pm.steps.get(ev.step or "")
            if step is None:
                continue
            if self.f.done_by_alternative(step.id) is not None:
                continue  # an alternative did the task meanwhile: the wait cost nothing
            stop = end if end is not None else self.f.end_t
            reasons = [str(r) for r in ev.details.get("reasons", [])]
            since = ev.t
            if _NOT_THERE in reasons:
                journey = self.outside_journey(step, ev.t)
                if journey is not None:
                    since = journey[0]  # the wait from its arrival is what counts
                    reasons = [r for r in reasons if r != _NOT_THERE]
            minutes = stop - since
            if minutes < th.wait_min.value:
                continue
            parsed = [_reason(r, self.w.zh) for r in reasons]
            failed = self.failed_resources(step.id)
            called_late_by = ""
            cap: Capability = parsed[0][0] if parsed else "organisation"
            refs = [self.ptr.step(step.id)]
            for _, _, res in parsed:
                if res:
                    refs.append(self.ptr.resource(res, "quantity"))
            if any(c != "equipment" for c, _, _ in parsed):
                refs.append(self.ptr.role(step.owner, "staffed_by"))
            zh_name, en_name = self.w(step.id)
            long = step.critical and minutes >= th.long_wait_min.value
            arrived_zh = arrived_en = ""
            if since > ev.t:
                arrived_zh = f"{at(ev.t)} 就绪, 外部力量 {at(since)} 到场; "
                arrived_en = f"ready {at(ev.t)}, outside force on scene {at(since)}; "
            why_zh = "; ".join(z for _, z, _ in parsed) or "未知"
            why_en = self.reasons_en(reasons) or "unknown"
            if failed:
                rec = self.failed_remedy(step, failed)
            elif cap == "equipment":
                rec = tx(
                    f"增配“{zh_name}”所需物资, 或调整物资分配使同时需要的步骤不争用",
                    f"add the equipment '{en_name}' needs, or share it out so that "
                    "steps needed at once do not compete for it",
                )
            elif all(not self.pm.in_house(t) for t in self.pm.roles[step.owner].staffed_by):
                orgs = sorted(
                    {self.pm.teams[t].organisation for t in self.pm.roles[step.owner].staffed_by}
                )
                late = self.call_late(orgs)
                if late is None and since == ev.t and all(r == _NOT_THERE for r in reasons):
                    continue  # an outside force travelling after a timely call: nothing to do
                zh_o, en_o = self.w.quoted(orgs)
                if late is not None and late[1] is not None:
                    called_late_by = f"{late[1]}:{late[2]}"
                if late is not None and late[1] is None:
                    rec = tx(
                        f"在预案中规定何时由谁通知{zh_o}(如报警时即通知)",
                        f"state in the plan when and by whom {en_o} is called (at the alarm, say)",
                    )
                elif late is not None:
                    zh_n, en_n = self.w(late[2])
                    rec = tx(
                        f"{zh_o}由“{zh_n}”通知, 而后者晚于其目标: 更早通知 (如报警时即预警)",
                        f"{en_o} is called by '{en_n}', which was late: call it earlier (a "
                        "pre-alert at the alarm)",
                    )
                else:
                    rec = tx(
                        f"{zh_o}已及时通知并已到场: 为其到场后的作业安排足够的人员",
                        f"{en_o} was called in time and is on scene: give its work enough crew",
                    )
            else:
                zh_role, en_role = self.w(step.owner)
                rec = tx(
                    f"为角色“{zh_role}”增加在岗且具备资质的队伍",
                    f"add an on-duty, qualified team to role '{en_role}' (staffed_by)",
                )
            self.add(
                "wait",
                "整改项" if long else "改进项",
                cap,
                self.pm.objective_of(step.id),
                tx(
                    f"“{zh_name}”等待 {minutes:.1f} 分钟"
                    + ("" if end is not None else " (始终未开始)"),
                    f"'{en_name}' waited {minutes:.1f} min"
                    + ("" if end is not None else " (never started)"),
                ),
                tx(
                    arrived_zh
                    + f"{at(since)} 起等待, "
                    + (f"{at(end)} 开始" if end is not None else "到推演结束未开始")
                    + f"; 原因: {why_zh}",
                    arrived_en
                    + f"waiting from {at(since)}, "
                    + (f"started {at(end)}" if end is not None else "never started")
                    + f"; reasons: {why_en}",
                ),
                rec,
                refs,
                data={
                    "step": step.id,
                    "from_min": round(since, 3),
                    "to_min": None if end is None else round(end, 3),
                    "wait_min": round(minutes, 3),
                    "reasons": reasons,
                    **({"called_late_by": called_late_by} if called_late_by else {}),
                },
            )

    def call_late(self, orgs: list[str]) -> tuple[str, str | None, str] | None:
        """The first of ``orgs`` whose call was late: (org, route kind, route id), with
        kind None when the plan never called it; None when every call came on time
        (the route that called it met its own target: a step's, a level's)."""
        f = self.f
        for org in orgs:
            t = f.notified.get(org)
            routes = self.pm.notifiers(org)
            if t is None:
                return org, None, org
            for kind, ident in routes:
                if kind == "level" and _same(f.level_declared_t(ident), t):
                    k = next(
                        (x for x in self.kpis if x.key == "level_declared" and x.subject == ident),
                        None,
                    )
                    if k is not None and k.status == "late":
                        return org, kind, ident
                    break
                if kind == "step" and _same(f.step_completed.get(ident), t):
                    target = self.pm.steps[ident].target_min
                    if (
                        target is not None
                        and t > target
                        and not self.rules.within_tolerance(t, target)
                    ):
                        return org, kind, ident
                    break
            aid = next(
                (
                    x
                    for x in self.kpis
                    if x.key == "mutual_aid_requested" and x.subject == org and x.status == "late"
                ),
                None,
            )
            if aid is not None:
                route = next((i for k, i in routes if k == "level"), org)
                return org, "level" if route != org else None, route
        return None

    def team_free(self, team: str, busy: list[Busy], a: float, b: float, need: int) -> float:
        """Minutes in [a, b] during which ``team`` had at least ``need`` people free."""
        size = self.pm.teams[team].size
        mine = [x for x in busy if x.team == team and x.end > a and x.start < b]
        cuts = sorted(
            {
                a,
                b,
                *(x.start for x in mine if a < x.start < b),
                *(x.end for x in mine if a < x.end < b),
            }
        )
        free = 0.0
        for lo, hi in itertools.pairwise(cuts):
            mid = (lo + hi) / 2
            used = sum(x.crew for x in mine if x.start <= mid < x.end)
            if size - used >= need:
                free += hi - lo
        return free

    def tied_to_post(self, team: str, step: Step) -> bool:
        """Whether the team's own critical steps are all done at its base (a dispatcher
        at the console) while ``step`` is elsewhere: sending it away as a fallback would
        leave its post, so it is never proposed (no dispatcher as backup commander)."""
        base = self.pm.teams[team].base
        own = [
            s for s in self.plan.steps if s.critical and team in self.pm.roles[s.owner].staffed_by
        ]
        return bool(own) and all(s.location == base for s in own) and step.location != base

    def available_at_start(self, team: str) -> bool:
        pm = self.pm
        return team not in pm.absent and pm.in_house(team) and pm.on_duty(team, pm.scenario_shift())

    def idle_teams(self) -> None:
        """Teams of the role's own organisation, qualified and idle, while its step waited."""
        th = self.rules.thresholds
        busy = self.f.busy()
        for ev, end in self.f.waits:
            step = self.pm.steps.get(ev.step or "")
            if step is None:
                continue
            reasons = [str(r) for r in ev.details.get("reasons", [])]
            if not reasons or all(_reason(r)[0] == "equipment" for r in reasons):
                continue
            stop = end if end is not None else self.f.end_t
            role = self.pm.roles[step.owner]
            idle: list[tuple[float, str]] = []
            for team in self.pm.teams.values():
                if team.id in role.staffed_by or team.organisation != role.organisation:
                    continue
                if not self.pm.qualified(step, team.id) or self.tied_to_post(team.id, step):
                    continue
                since = 0.0 if self.available_at_start(team.id) else self.f.available_from(team.id)
                if since is None or since >= stop:
                    continue
                minutes = self.team_free(team.id, busy, max(ev.t, since), stop, step.crew)
                if minutes >= th.idle_min.value:
                    idle.append((minutes, team.id))
            if not idle:
                continue
            idle.sort(key=lambda x: (-x[0], x[1]))
            zh_s, en_s = self.w(step.id)
            zh_r, en_r = self.w(step.owner)
            zh_t = "、".join(f"“{self.w(t)[0]}”{m:.1f} 分钟" for m, t in idle)
            en_t = ", ".join(f"'{self.w(t)[1]}' {m:.1f} min" for m, t in idle)
            best_zh, best_en = self.w(idle[0][1])
            self.add(
                "idle_team",
                "改进项",
                "organisation",
                self.pm.objective_of(step.id),
                tx(
                    f"“{zh_s}”等待期间, 本单位具备资质的队伍空闲",
                    f"Qualified teams of the same organisation sat idle while '{en_s}' waited",
                ),
                tx(
                    f"等待 {at(ev.t)}–{at(stop)}; 空闲: {zh_t}; 它们未承担角色“{zh_r}”",
                    f"wait {at(ev.t)}-{at(stop)}; idle: {en_t}; none of them staffs '{en_r}'",
                ),
                tx(
                    f"将“{best_zh}”列入角色“{zh_r}”的承担队伍，作为后备",
                    f"add '{best_en}' to role '{en_r}' (staffed_by) as a fallback",
                ),
                [self.ptr.role(step.owner, "staffed_by"), self.ptr.team(idle[0][1])],
                data={
                    "step": step.id,
                    "teams": [t for _, t in idle],
                    "idle_min": round(idle[0][0], 3),
                },
            )

    def span_of_control(self) -> None:
        """A role directing more concurrent assignments (a team on a step) than ICS allows."""
        limit = self.rules.thresholds.span_of_control.value
        by_role: dict[str, list[Busy]] = defaultdict(list)
        for x in self.f.busy():
            step = self.pm.steps.get(x.step)
            if step is not None:
                by_role[step.owner].append(x)
        for role, items in by_role.items():
            worst: list[Busy] = []
            for t in sorted({x.start for x in items}):
                now = [x for x in items if x.start <= t < x.end]
                if len(now) > len(worst):
                    worst = now
            if len(worst) <= limit:
                continue
            when = max(x.start for x in worst)
            people = sum(x.crew for x in worst)
            steps_now = sorted(x.step for x in worst)
            zh_r, en_r = self.w(role)
            self.add(
                "span_of_control",
                "整改项",
                "organisation",
                self.pm.objective_of(steps_now[0]),
                tx(
                    f"角色“{zh_r}”同时指挥 {len(worst)} 项任务, 超过管理幅度 {limit:g}",
                    f"Role '{en_r}' directed {len(worst)} assignments at once, above a span "
                    f"of control of {limit:g}",
                ),
                tx(
                    f"{at(when)}: {len(worst)} 个作业组共 {people} 人 ({', '.join(steps_now)})",
                    f"at {at(when)}: {len(worst)} crews, {people} people ({', '.join(steps_now)})",
                ),
                tx(
                    f"为“{zh_r}”设副职或按任务分组 (每组不超过 {limit:g} 项), 分别指定负责人",
                    f"give '{en_r}' a deputy or split its work into groups of at most {limit:g} "
                    "assignments, each with a leader",
                ),
                [self.ptr.role(role)],
                data={
                    "role": role,
                    "assignments": len(worst),
                    "people": people,
                    "at_min": round(when, 3),
                    "limit": limit,
                },
            )

    # --- equipment on the way ----------------------------------------------------------
    def detours(self) -> None:
        th = self.rules.thresholds
        for step_id, ev in self.f.step_started.items():
            step = self.pm.steps.get(step_id)
            route = [str(x) for x in ev.details.get("route", [])]
            if step is None or len(route) < 3:
                continue
            direct = self.travel.typical(route[0], route[-1])
            via = sum(self.travel.typical(a, b) for a, b in itertools.pairwise(route))
            extra = via - direct
            if math.isinf(via) or extra <= th.detour_min.value:
                continue
            units = [str(u).split("#")[0] for u in ev.details.get("units", [])]
            fetched = [
                r
                for r in dict.fromkeys(units)
                if r in self.pm.resources
                and self.pm.resources[r].location in route[1:-1]
                and self.pm.resources[r].location != route[0]
            ]
            if not fetched:
                continue
            ba = any(r in self.pm.ba_resources for r in fetched)
            done = self.f.step_completed.get(step_id)
            late = step.target_min is not None and (
                done is None or not self.rules.within_tolerance(done, step.target_min)
            )
            severity: Severity = (
                "不足项" if ba and step.critical else ("整改项" if late else "改进项")
            )
            zh_s, en_s = self.w(step_id)
            zh_f, en_f = self.w.quoted(fetched)
            zh_route = " → ".join(self.w(x)[0] for x in route)
            en_route = " -> ".join(self.w(x)[1] for x in route)
            zh_loc, en_loc = self.w(route[-1])
            zh_team, en_team = self.w(ev.actor)
            self.add(
                "equipment_detour",
                severity,
                "equipment",
                self.pm.objective_of(step_id),
                tx(
                    f"“{zh_s}”需绕行取用{zh_f}, 多用 {extra:.1f} 分钟",
                    f"'{en_s}' had to detour to fetch {en_f}, adding {extra:.1f} min",
                ),
                tx(
                    f"{at(ev.t)} 出发, 路线 {zh_route}: 典型路程 {via:.1f} 分钟, 直达 "
                    f"{direct:.1f} 分钟"
                    + (f"; 完成于 {at(done)}" if done is not None else "; 未完成"),
                    f"left at {at(ev.t)}, route {en_route}: typical {via:.1f} min, direct "
                    f"{direct:.1f} min"
                    + (f"; done at {at(done)}" if done is not None else "; never done"),
                ),
                tx(
                    f"将{zh_f}配置在“{zh_loc}”附近的应急柜, 或由“{zh_team}”随队携带",
                    f"keep {en_f} in a cabinet near '{en_loc}', or have '{en_team}' carry it",
                ),
                [self.ptr.resource(r, "location") for r in fetched] + [self.ptr.step(step_id)],
                data={
                    "step": step_id,
                    "route": route,
                    "route_min": round(via, 3),
                    "direct_min": round(direct, 3),
                    "resources": fetched,
                },
            )

    # --- people in danger --------------------------------------------------------------
    def forbid_step(self, location: str | None) -> Step | None:
        for s in self.plan.steps:
            if any(e.forbid_entry == location for e in s.effects):
                return s
        return None

    def entries(self) -> None:
        f = self.f
        toxic = self.pm.toxic_locations()
        for ev in f.of_kind("entry"):
            if ev.details.get("prevented"):
                continue
            if not toxic_entry(ev, toxic):
                self.fire_zone_entry(ev)  # breathing apparatus is no shield from the heat
                continue
            if ev.details.get("protected"):
                continue
            who = ev.actor or "?"
            zh_w, en_w = self.w(who)
            zh_l, en_l = self.w(ev.location)
            ppm = ev.details.get("ppm")
            ppm_zh = f" ({ppm_text(float(ppm))} ppm)" if isinstance(ppm, int | float) else ""
            if ev.step is not None and ev.step in self.pm.steps:
                zh_s, en_s = self.w(ev.step)
                self.add(
                    "unprotected_entry",
                    "不足项",
                    "equipment",
                    "rescue",
                    tx(
                        f"“{zh_w}”执行“{zh_s}”时未佩戴呼吸器进入“{zh_l}”",
                        f"'{en_w}' entered '{en_l}' without breathing apparatus for '{en_s}'",
                    ),
                    tx(
                        f"{at(ev.t)} 进入{ppm_zh}, {ev.details.get('crew', 1)} 人",
                        f"entered at {at(ev.t)}{ppm_zh}, "
                        f"{counted(int(ev.details.get('crew', 1)), 'people')}",
                    ),
                    tx(
                        f"在“{zh_s}”的所需资源中加入正压式空气呼吸器，并要求空气呼吸器使用资质",
                        f"add SCBA sets to the resources of '{en_s}' and require the scba "
                        "qualification",
                    ),
                    [self.ptr.step(ev.step, "resources")],
                    data={"who": who, "location": ev.location, "at_min": round(ev.t, 3)},
                )
                continue
            forbid = self.forbid_step(ev.location)
            if forbid is not None:
                done = f.step_completed.get(forbid.id)
                zh_s, en_s = self.w(forbid.id)
                when_zh = f"{at(done)} 才完成" if done is not None else "未完成"
                when_en = f"done only at {at(done)}" if done is not None else "never done"
                evidence = tx(
                    f"{at(ev.t)} 未佩戴呼吸器进入{ppm_zh}; 禁止进入的步骤“{zh_s}”{when_zh}",
                    f"entered at {at(ev.t)} without breathing apparatus{ppm_zh}; "
                    f"the no-entry step '{en_s}' was {when_en}",
                )
                rec = tx(
                    f"“{zh_s}”须在报警同时以广播/对讲下达, 不依赖前置步骤; "
                    "并对操作人员开展严禁盲目施救的培训和演练",
                    f"issue '{en_s}' by radio and PA at the alarm, with no preconditions; "
                    "train operators never to attempt an unprotected rescue",
                )
                refs = [self.ptr.step(forbid.id)]
            else:
                evidence = tx(
                    f"{at(ev.t)} 未佩戴呼吸器进入{ppm_zh}; 预案没有禁止无防护进入“{zh_l}”的步骤",
                    f"entered at {at(ev.t)} without breathing apparatus{ppm_zh}; "
                    f"no plan step forbids unprotected entry to '{en_l}'",
                )
                rec = tx(
                    f"增加由现场指挥在报警时执行的步骤：禁止无防护人员进入“{zh_l}”，列为关键任务",
                    "add a critical step, run by the on-scene commander at the alarm, that "
                    "forbids "
                    f"unprotected entry to '{en_l}' (effects: forbid_entry)",
                )
                refs = [self.ptr.section("steps")]
            collapsed = f.person_state_t(who, "collapsed")
            if collapsed is not None and collapsed >= ev.t:
                evidence = tx(
                    evidence.zh + f"; {at(collapsed)} 倒地",
                    evidence.en + f"; collapsed at {at(collapsed)}",
                )
            self.add(
                "unprotected_entry",
                "不足项",
                "training",
                "rescue",
                tx(
                    f"“{zh_w}”未佩戴呼吸器进入“{zh_l}”(盲目施救)",
                    f"'{en_w}' entered '{en_l}' without breathing apparatus (unprotected rescue)",
                ),
                evidence,
                rec,
                refs,
                data={"who": who, "location": ev.location, "at_min": round(ev.t, 3)},
            )

    def fire_zone_entry(self, ev: Event) -> None:
        """Someone inside a burning rupture's impact radius: breathing apparatus is beside
        the point, but the heat is not."""
        who = ev.actor or "?"
        zh_w, en_w = self.w(who)
        zh_l, en_l = self.w(ev.location)
        crew = int(ev.details.get("crew", 1))
        refs = [self.ptr.step(ev.step)] if ev.step in self.pm.steps else [self.ptr.section("steps")]
        # what the heat did to them there: Eisenberg's probit of the dose of that stay;
        # graded by the 1 % and 50 % lethality the report's heat figure draws
        p = self.burn_death_at(ev)
        severity: Severity = "不足项" if p >= 0.5 else "整改项" if p >= 0.01 else "改进项"
        p_zh = f", 每人热辐射死亡概率 {p:.2f}" if p >= 0.01 else ""
        p_en = f", each with a probability of death from the heat of {p:.2f}" if p >= 0.01 else ""
        self.add(
            "fire_zone_entry",
            severity,
            "planning",
            "protection",
            tx(
                f"“{zh_w}”在燃烧期间进入影响区内的“{zh_l}”",
                f"'{en_w}' entered '{en_l}' inside the impact zone while it burned",
            ),
            tx(
                f"{at(ev.t)} 进入, {crew} 人{p_zh}",
                f"entered at {at(ev.t)}, {counted(crew, 'people')}{p_en}",
            ),
            tx(
                "进入前确认作业位置的热辐射强度、背火进入路线和防护 (隔热服、水幕), 限定人数和时间",
                "before entry, confirm the heat flux where they work, an approach shielded from "
                "the fire and their protection (proximity gear, water curtain); limit people and "
                "time",
            ),
            refs,
            data={"who": who, "location": ev.location, "at_min": round(ev.t, 3), "people": crew},
        )

    def burn_death_at(self, entry: Event) -> float:
        """Eisenberg's probability of death of the heat a crew took on the stay that an
        entry began (the exposure logged for its step and place)."""
        for e in self.f.of_kind("exposure"):
            if (
                e.actor == entry.actor
                and e.step == entry.step
                and e.location == entry.location
                and e.t >= entry.t
                and "thermal_dose" in e.details
            ):
                dose = float(e.details["thermal_dose"])
                return burn_death_probability_from_dose(dose) if dose > 0 else 0.0
        return 0.0

    def ba_sets(self, team: str, step: str) -> tuple[int, int]:
        """The breathing-apparatus sets the crew of ``team`` drew for ``step``, and its size
        (the fewest sets over its starts and reliefs: a relief crew may draw fewer)."""
        scba = {r.id for r in self.plan.resources if r.type in SCBA_TYPES}
        fewest: tuple[int, int] | None = None
        for ev in self.f.of_kind("step_started", "step_relieved"):
            if ev.actor != team or ev.step != step:
                continue
            units = ev.details.get("units") or []
            sets = sum(1 for u in units if str(u).rpartition("#")[0] in scba)
            crew = int(ev.details.get("crew", 1))
            if fewest is None or sets - crew < fewest[0] - fewest[1]:
                fewest = (sets, crew)
        return fewest if fewest is not None else (0, 1)

    def exposures(self) -> None:
        f = self.f
        totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        steps: dict[str, str] = {}
        worst: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for ev in f.of_kind("exposure"):
            if ev.details.get("protected") or ev.actor is None:
                continue
            tot = totals[ev.actor]
            idlh = float(ev.details.get("above_idlh_min", 0.0))
            aegl2 = float(ev.details.get("above_aegl2_min", 0.0))
            tot["idlh"] += idlh
            tot["aegl2"] += aegl2
            tot["count"] = max(tot["count"], float(ev.details.get("count", 1)))
            if f.alarm_t is not None:
                after = max(
                    0.0, ev.t - max(f.alarm_t, ev.t - float(ev.details.get("minutes", 0.0)))
                )
                tot["idlh_after_alarm"] += min(idlh, after)
            if ev.step:
                steps[ev.actor] = ev.step
            if ev.location:
                # where the person breathed the worst of it (above IDLH, then AEGL-2)
                worst[ev.actor][ev.location] += idlh * 1e6 + aegl2
        outcomes = {e.actor: e for e in f.of_kind("outcome") if e.actor}
        p_death = {
            who: float(e.details["probability_of_death"])
            for who, e in outcomes.items()
            if "probability_of_death" in e.details
        }
        people = {p.id: p for p in self.scenario.people}
        for who, tot in totals.items():
            if tot["aegl2"] <= 0 and tot["idlh"] <= 0:
                continue
            zh_w, en_w = self.w(who)
            p = p_death.get(who)
            count = int(tot["count"]) or 1
            p_zh, p_en = _death_words(outcomes.get(who), p)
            data: Data = {
                "who": who,
                "count": count,
                "above_idlh_min": round(tot["idlh"], 3),
                "above_aegl2_min": round(tot["aegl2"], 3),
                "probability_of_death": p,
            }
            if who in steps and who not in people:
                step = steps[who]
                zh_s, en_s = self.w(step)
                sets, crew = self.ba_sets(who, step)
                data["ba_sets"], data["crew"] = sets, crew
                if sets == 0:
                    title = tx(
                        f"“{zh_w}”执行“{zh_s}”时未佩戴呼吸器, 暴露于有毒气体",
                        f"'{en_w}' breathed toxic gas during '{en_s}' (no breathing apparatus)",
                    )
                    rec = tx(
                        f"为“{zh_s}”配备正压式空气呼吸器, 进入人员每人一具",
                        f"give '{en_s}' positive-pressure SCBA, one set for each person going in",
                    )
                elif sets < crew:
                    title = tx(
                        f"“{zh_w}”执行“{zh_s}”时呼吸器少于进入人数 ({sets} 具, {crew} 人), "
                        "暴露于有毒气体",
                        f"'{en_w}' breathed toxic gas during '{en_s}' (breathing apparatus for "
                        f"{sets} of {counted(crew, 'people')})",
                    )
                    rec = tx(
                        f"为“{zh_s}”按进入人数配备正压式空气呼吸器 ({crew} 具)",
                        f"give '{en_s}' a positive-pressure SCBA set for each of the {crew} "
                        "going in",
                    )
                else:
                    title = tx(
                        f"“{zh_w}”执行“{zh_s}”时呼吸器失效或空气耗尽, 暴露于有毒气体",
                        f"'{en_w}' breathed toxic gas during '{en_s}' (breathing apparatus failed "
                        "or ran out of air)",
                    )
                    rec = tx(
                        f"为“{zh_s}”配备供气时间足够的呼吸器并安排轮换和气压监视",
                        f"give '{en_s}' breathing apparatus with enough air, plus relief crews "
                        "and air-pressure monitoring",
                    )
                self.add(
                    "responder_exposed",
                    "不足项",
                    "equipment",
                    "rescue",
                    title,
                    tx(
                        f"{count} 人超过 IDLH {_span(tot['idlh'], 'zh')}, 超过 AEGL-2 "
                        f"{_span(tot['aegl2'], 'zh')}{p_zh}",
                        f"{counted(count, 'people')} above IDLH for {_span(tot['idlh'], 'en')}, "
                        f"above AEGL-2 for {_span(tot['aegl2'], 'en')}{p_en}",
                    ),
                    rec,
                    [self.ptr.step(step, "resources")],
                    data=data,
                )
                continue
            collapsed = f.person_state_t(who, "collapsed") is not None
            location = self.where_exposed(who, worst.get(who, {}), people)
            data["location"] = location
            ref_step = self.rescue_or_evacuation(location, collapsed)
            refs = [self.ptr.step(ref_step.id)] if ref_step else [self.ptr.section("steps")]
            severity: Severity = "整改项" if tot["idlh"] > 0 else "改进项"
            zh_l, en_l = self.w(location)
            if ref_step is not None:
                zh_s, en_s = self.w(ref_step.id)
                rec = tx(
                    f"缩短“{zh_s}”的完成时间 (前置空气呼吸器和救援器材、简化前置条件), "
                    f"减少“{zh_l}”内的暴露",
                    f"finish '{en_s}' sooner (pre-position SCBA and rescue gear, fewer "
                    "preconditions) "
                    f"to cut exposure in '{en_l}'",
                )
            else:
                rec = tx(
                    f"增加撤离或救出“{zh_l}”人员的步骤",
                    f"add a step that evacuates or rescues the people in '{en_l}'",
                )
            self.add(
                "person_exposed",
                severity,
                "planning",
                "rescue" if collapsed else "protection",
                tx(
                    f"“{zh_w}”暴露于超过 {'IDLH' if tot['idlh'] > 0 else 'AEGL-2'} 的浓度",
                    f"'{en_w}' was exposed above {'IDLH' if tot['idlh'] > 0 else 'AEGL-2'}",
                ),
                tx(
                    f"{count} 人, 在“{zh_l}”; 超过 IDLH {_span(tot['idlh'], 'zh')} (报警后至多 "
                    f"{_span(tot['idlh_after_alarm'], 'zh')}), "
                    f"超过 AEGL-2 {_span(tot['aegl2'], 'zh')}{p_zh}",
                    f"{counted(count, 'people')}, in '{en_l}'; "
                    f"above IDLH {_span(tot['idlh'], 'en')} "
                    f"(at most {_span(tot['idlh_after_alarm'], 'en')} after the alarm), "
                    "above AEGL-2 "
                    f"{_span(tot['aegl2'], 'en')}{p_en}",
                ),
                rec,
                refs,
                data=data,
            )

    def where_exposed(self, who: str, worst: dict[str, float], people: dict[str, Person]) -> str:
        """Where the person actually was: where they went down (in the well, not at the
        wellhead they came from), else where they breathed the worst air."""
        for e in self.f.of_kind("person"):
            if e.details.get("state") == "collapsed" and e.actor == who and e.location:
                return e.location
        if worst:
            return max(worst.items(), key=lambda kv: kv[1])[0]
        return people[who].location if who in people else ""

    def rescue_or_evacuation(self, location: str, collapsed: bool) -> Step | None:
        for s in self.plan.steps:
            for e in s.effects:
                if collapsed and e.rescue is not None and e.rescue.location == location:
                    return s
                if not collapsed and e.evacuate is not None and e.evacuate.location == location:
                    return s
        return None

    # --- injects and KPIs --------------------------------------------------------------
    def injects(self) -> None:
        f = self.f
        for ev in f.of_kind("inject"):
            step_id = ev.details.get("expected_step")
            if not step_id or step_id not in self.pm.steps:
                continue
            inject = str(ev.details.get("inject"))
            within = ev.details.get("expected_within_min")
            done = f.step_completed.get(step_id)
            deadline = ev.t + float(within) if within is not None else None
            if done is not None and (deadline is None or done <= deadline + 1e-9):
                continue
            zh_s, en_s = self.w(step_id)
            refs = [
                self.ptr.step(step_id),
                self.ptr.scenario_item("injects", "inject", inject, "expected_step"),
            ]
            lim_zh = f"应在 {float(within):g} 分钟内" if within is not None else ""
            lim_en = f" within {float(within):g} min" if within is not None else ""
            if done is None:
                self.add(
                    "inject_no_response",
                    "整改项",
                    "exercise",
                    self.pm.objective_of(step_id),
                    tx(
                        f"情景注入期望的行动“{zh_s}”始终未完成",
                        f"The action inject {inject} expects, '{en_s}', never came",
                    ),
                    tx(
                        f"注入于 {at(ev.t)}, {lim_zh}完成“{zh_s}”; 到推演结束未完成",
                        f"inject at {at(ev.t)}, expected '{en_s}'{lim_en}; not done by the end",
                    ),
                    tx(
                        f"在预案中明确“{zh_s}”的触发条件和责任人, 并在下次演练中专项检验",
                        f"make the trigger and the owner of '{en_s}' explicit in the plan and "
                        "test it "
                        "in the next drill",
                    ),
                    refs,
                    data={"inject": inject, "step": step_id, "inject_min": round(ev.t, 3)},
                )
            else:
                assert deadline is not None
                self.add(
                    "inject_late_response",
                    "改进项",
                    "exercise",
                    self.pm.objective_of(step_id),
                    tx(
                        f"情景注入期望的行动“{zh_s}”晚了 {dur(done - deadline)[0]}",
                        f"The action inject {inject} expects, '{en_s}', came "
                        f"{dur(done - deadline)[1]} late",
                    ),
                    tx(
                        f"注入于 {at(ev.t)}, {lim_zh}完成; 完成于 {at(done)}",
                        f"inject at {at(ev.t)}, expected{lim_en}; done at {at(done)}",
                    ),
                    tx(
                        f"缩短“{zh_s}”的响应: 简化其前置条件, 并在演练中反复练习",
                        f"speed up '{en_s}': simplify its preconditions and drill it",
                    ),
                    refs,
                    data={"inject": inject, "step": step_id, "late_min": round(done - deadline, 3)},
                )

    def early_warning(self) -> None:
        """A gas detector alarmed before the alarm and no step of the plan answered it:
        the response began only at the alarm. 整改项 when someone went down in the warned
        place in between (what answering the warning was for), else 改进项."""
        f = self.f
        warnings = {w.inject.id: w for w in early_warnings(self.scenario)}
        alarm = f.alarm_t if f.alarm_t is not None else f.end_t
        lead = self.rules.thresholds.warning_lead_min.value
        seen: set[str] = set()
        for ev in f.of_kind("inject"):
            warning = warnings.get(str(ev.details.get("inject")))
            if warning is None or alarm - ev.t < lead or answers(self.plan, warning.places):
                continue
            place = warning.places[0]
            if place in seen:
                continue
            seen.add(place)
            down = [
                e
                for e in f.of_kind("person")
                if e.details.get("state") == "collapsed"
                and e.location in warning.places
                and ev.t <= e.t < alarm
            ]
            zh_l, en_l = self.w(place)
            raised_zh = f"{at(alarm)} 才报警" if f.alarm_t is not None else "到推演结束无人报警"
            raised_en = (
                f"the alarm came only at {at(alarm)}"
                if f.alarm_t is not None
                else "nobody raised the alarm before the end of the run"
            )
            names = [(*self.w(str(e.actor)), e.t) for e in down]
            self.add(
                "early_warning_unanswered",
                "整改项" if down else "改进项",
                "planning",
                "alerting",
                tx(
                    f"「{zh_l}」检测报警后 {alarm - ev.t:.1f} 分钟无人处置",
                    f"Nobody answered the gas alarm in '{en_l}' for {alarm - ev.t:.1f} min",
                ),
                tx(
                    f"检测报警于 {at(ev.t)}，{raised_zh}，其间预案没有任何步骤处置"
                    + "".join(f"；{zh}于 {at(t)} 在该处倒地" for zh, _, t in names),
                    f"the detector alarmed at {at(ev.t)} and {raised_en}; no step of the "
                    "plan acted in between"
                    + "".join(f"; {en} collapsed there at {at(t)}" for _, en, t in names),
                ),
                advice(zh_l, en_l),
                [
                    self.ptr.section("steps"),
                    self.ptr.scenario_item("injects", "inject", warning.inject.id, "when"),
                ],
                data={
                    "inject": warning.inject.id,
                    "location": place,
                    "warning_min": round(ev.t, 3),
                    "alarm_min": None if f.alarm_t is None else round(f.alarm_t, 3),
                    "collapsed": [str(e.actor) for e in down],
                },
            )

    def outside_forces(self) -> None:
        """Fire (119) and EMS (120) called late while a person was down: a collapse calls
        for 120 at once, and one in a toxic place for 119's rescuers with breathing
        apparatus too, not when a higher level is declared. Measured from when the
        response could know (the alarm, or the collapse if later); a call within
        ``outside_call_min`` is timely and raises nothing. 整改项 when the casualty still
        lay there when the call was due, else 改进项."""
        f = self.f
        if f.alarm_t is None:
            return
        alarm_t = f.alarm_t
        limit = self.rules.thresholds.outside_call_min.value
        allowance = self.rules.tolerance.allowance_min(limit)
        hot = set(self.pm.hot_locations())
        downs: dict[str, Event] = {}
        for e in f.of_kind("person"):
            if e.details.get("state") == "collapsed" and e.actor:
                downs.setdefault(e.actor, e)
        for org in self.plan.organisations:
            if org.kind not in ("ems", "fire"):
                continue
            cause = [e for e in downs.values() if org.kind == "ems" or e.location in hot]
            if not cause:
                continue
            first = min(cause, key=lambda e: max(e.t, alarm_t))
            known = max(first.t, alarm_t)
            due = known + limit
            called = f.notified.get(org.id)
            if called is not None and called <= due + allowance:
                continue  # a timely call: nothing to say
            rescued = f.person_state_t(str(first.actor), "rescued")
            lying = rescued is None or rescued > due
            by, ref = self._caller(org.id, called)
            zh_o, en_o = self.w(org.id)
            zh_p, en_p = self.w(first.actor)
            zh_l, en_l = self.w(first.location)
            late_min = (called if called is not None else f.end_t) - known
            since_zh, since_en = (
                ("报警", "the alarm") if first.t <= alarm_t else ("倒地", "the collapse")
            )
            if called is None:
                when_zh, when_en = "到推演结束未通知", "was not called by the end of the run"
            else:
                named = by.startswith(("level:", "step:"))
                zh_b, en_b = self.w(by.split(":", 1)[-1]) if named else ("", "")
                when_zh = f"于 {at(called)} {'由「' + zh_b + '」' if named else ''}通知，"
                when_zh += f"距{since_zh} {late_min:.1f} 分钟"
                when_en = f"was called at {at(called)}" + (f" by '{en_b}'" if named else "")
                when_en += f", {late_min:.1f} min after {since_en}"
            self.add(
                "outside_called_late",
                "整改项" if lying else "改进项",
                "planning",
                "support",
                tx(
                    f"有人倒地，{since_zh}后 {late_min:.1f} 分钟才通知「{zh_o}」"
                    if called is not None
                    else f"有人倒地，始终未通知「{zh_o}」",
                    f"With a person down, '{en_o}' was called only {late_min:.1f} min after "
                    f"{since_en}"
                    if called is not None
                    else f"With a person down, '{en_o}' was never called",
                ),
                tx(
                    f"{zh_p}于 {at(first.t)} 在「{zh_l}」倒地，{at(alarm_t)} 报警；"
                    f"「{zh_o}」{when_zh}，应在 {limit:g} 分钟内"
                    + ("；其时伤员仍未救出" if lying else ""),
                    f"{en_p} collapsed in '{en_l}' at {at(first.t)}, the alarm came at "
                    f"{at(alarm_t)}; '{en_o}' {when_en}, against {limit:g} min"
                    + ("; the casualty was still not out by then" if lying else ""),
                ),
                tx(
                    "有人倒地时，在报警的同时拨打 119、120，不要等到启动高级别响应："
                    f"把通知「{zh_o}」列为报警时即执行的步骤，或列入最先启动的响应级别的通知对象（《生产安全事故应急条例》"
                    "第十七条：迅速组织抢救遇险人员，根据需要请求应急救援队伍参加救援）",
                    f"with a person down, call 119 and 120 at the alarm without waiting for a "
                    f"higher level: make calling '{en_o}' a step taken at the alarm, or notify it "
                    "at the first level declared (Regulation on production-safety accident "
                    "emergencies, Art. 17: rescue people in danger at once and call in rescue "
                    "teams as needed)",
                ),
                [ref],
                data={
                    "organisation": org.id,
                    "person": str(first.actor),
                    "known_min": round(known, 3),
                    "called_min": None if called is None else round(called, 3),
                    "over_limit_min": round(late_min - limit, 3),
                    "by": by,
                },
            )

    def _caller(self, org: str, called: float | None) -> tuple[str, PlanRef]:
        """What called an organisation (``level:ID``, ``step:ID``, ``inject:ID`` or "")
        and the plan element to change: the level or step that called it, else the
        organisation itself."""
        f = self.f
        ev = next((e for e in f.of_kind("notified") if e.actor == org), None)
        by = str(ev.details.get("by", "")) if ev is not None else ""
        if by.startswith("level:"):
            return by, self.ptr.level(by[6:], "notifies")
        if by.startswith("inject:"):
            return by, self.ptr.organisation(org)
        for kind, ident in self.pm.notifiers(org):
            if kind == "step" and called is not None and _same(f.step_completed.get(ident), called):
                return f"step:{ident}", self.ptr.step(ident, "effects")
        routes = [ident for kind, ident in self.pm.notifiers(org) if kind == "level"]
        if routes:
            return "", self.ptr.level(routes[0], "notifies")
        return "", self.ptr.organisation(org)

    def kpi_refs(self, k: Kpi) -> list[PlanRef]:
        pm, ptr = self.pm, self.ptr
        if k.key == "level_declared" and k.subject:
            return [ptr.level(k.subject, "declared_by")]
        if k.key == "mutual_aid_requested" and k.subject:
            routes = pm.notifiers(k.subject)
            out = []
            for kind, ident in routes:
                if kind == "level":
                    out.append(ptr.level(ident, "notifies"))
                elif kind == "step":
                    out.append(ptr.step(ident))
            return out or [ptr.organisation(k.subject)]
        if k.key in ("first_arrival", "ba_first_entry", "casualty_reached"):
            ba = [s for s in self.plan.steps if pm.needs_ba(s)]
            rescue = pm.steps_with("rescue")
            pick = rescue if k.key == "casualty_reached" and rescue else ba
            pick = sorted(pick, key=lambda s: (not s.critical, s.target_min or math.inf))
            if pick:
                return [ptr.step(pick[0].id), ptr.role(pick[0].owner, "staffed_by")]
        return [ptr.section("steps")]

    def kpi_gaps(self) -> None:
        skip = {"authority_informed", "responders_unprotected"}
        for k in self.kpis:
            if k.key in skip or k.target_from_plan or k.weight <= 0 or k.unit != "min":
                continue
            if k.status not in ("late", "missed"):
                continue
            if k.status == "missed" and not_due_at_end(self.f, k.start_min, k.target):
                continue  # not yet due when the response was declared over: termination()'s
            subj_zh, subj_en = self.w(k.subject) if k.subject else ("", "")
            label_zh = k.label.zh + (f" ({subj_zh})" if subj_zh else "")
            label_en = k.label.en + (f" ({subj_en})" if subj_en else "")
            if k.status == "missed":
                title = tx(f"{label_zh}: 未达到", f"{label_en}: not reached")
                ev = tx(
                    f"自{k.start_label.zh}起到推演结束未达到; 目标 {k.target:g} 分钟 "
                    f"({k.target_source.zh})",
                    f"not reached from {k.start_label.en} to the end of the run; target "
                    f"{k.target:g} min ({k.target_source.en})",
                )
            else:
                assert k.value is not None
                title = tx(
                    f"{label_zh}: 超过目标 {dur(k.value - (k.target or 0))[0]}",
                    f"{label_en}: {dur(k.value - (k.target or 0))[1]} over target",
                )
                ev = tx(
                    f"{at(k.t_min or 0.0)}, 自{k.start_label.zh}起 {k.value:.1f} 分钟; "
                    f"目标 {k.target:g} 分钟 ({k.target_source.zh})",
                    f"{at(k.t_min or 0.0)}, {k.value:.1f} min after {k.start_label.en}; "
                    f"target {k.target:g} min ({k.target_source.en})",
                )
            self.add(
                f"kpi_{k.status}",
                "整改项" if k.status == "missed" else "改进项",
                "planning",
                k.objective,
                title,
                ev,
                _kpi_remedy(k),
                self.kpi_refs(k),
                data={"kpi": k.key, "subject": k.subject, "value": k.value, "target": k.target},
            )

    def termination(self) -> None:
        k = next((x for x in self.kpis if x.key == "response_terminated"), None)
        if k is None or k.status != "criteria_not_met":
            return
        term = self.pm.terminating_step()
        refs = [self.ptr.step(term.id, "after")] if term else [self.ptr.section("steps")]
        note = k.note or tx("", "")
        self.add(
            "terminated_early",
            "不足项",
            "planning",
            "control",
            tx("终止条件满足前宣布应急结束", "Response terminated before its criteria held"),
            tx(
                f"{at(k.t_min or 0.0)} 宣布结束; {note.zh}",
                f"terminated at {at(k.t_min or 0.0)}; {note.en}",
            ),
            tx(
                "把应急结束的条件写成宣布结束步骤的前置条件：泄漏切断、火焰熄灭、现场及周边复测"
                "低于限值、伤员全部移交、撤离人员清点无误（GB/T 29639-2020：预案应明确应急结束"
                "的条件；《生产安全事故应急条例》：威胁和危害得到控制或者消除后方可停止应急救援"
                "措施）",
                "make the conditions for ending the response the preconditions of the step that "
                "declares it: release stopped, fire out, the scene and its surroundings re-tested "
                "below the limits, every casualty handed over, every evacuee counted "
                "(GB/T 29639-2020: the plan states when the response ends; Regulation on "
                "production-safety accident emergencies: the measures stop once the threat and "
                "the harm are under control or gone)",
            ),
            refs,
        )


_NOT_THERE = "no qualified team on duty or on scene yet"
_PATH_WORDS = {
    "probit": ("概率函数死亡概率", "probit probability of death"),
    "asphyxia": ("窒息及中毒死亡概率", "probability of death (asphyxia and probit)"),
    "thermal": ("热辐射死亡概率", "probability of death from the heat"),
}


def _death_words(outcome: Event | None, p: float | None) -> tuple[str, str]:
    """A person's probability of death as the outcome gave it: by what decided it, or,
    for a gas with no published lethality probit (CO), that none was computed (never a
    0.00 that reads as no risk)."""
    if outcome is None:
        return "", ""
    if p is None:
        gas = str(outcome.details.get("substance", ""))
        return (
            f"; {gas}无公开的致死概率函数, 未计算死亡概率",
            f"; no published lethality probit for {gas}: probability of death not computed",
        )
    zh, en = _PATH_WORDS.get(str(outcome.details.get("path")), _PATH_WORDS["probit"])
    return f"; {zh} {p:.2f}", f"; {en} {p:.2f}"


def _same(a: float | None, b: float) -> bool:
    return a is not None and abs(a - b) <= 1e-6


def _span(minutes: float, lang: str) -> str:
    """A time above a threshold: in minutes to a tenth, in seconds when that would read 0.0
    for a time that did pass (a few seconds above IDLH on the way out)."""
    if 0 < minutes < 0.05:
        seconds = max(round(minutes * 60), 1)
        return f"{seconds} 秒" if lang == "zh" else f"{seconds} s"
    return f"{minutes:.1f} 分钟" if lang == "zh" else f"{minutes:.1f} min"


def _zh_block(reason: str) -> str:
    m = re.match(r"^no one filling role (\S+) is on duty or on call$", reason)
    if m:
        return f"角色 {m.group(1)} 无人在岗或可召回"
    m = re.match(r"^report (\S+) not received$", reason)
    if m:
        return f"上一环节报告 {m.group(1)} 未到达"
    return {"alarm not raised": "未报警", "still being composed": "正在编写"}.get(reason, reason)


def _report_remedy(w: Wording, sender: str | None, *, legal: bool = False) -> Text:
    if sender is None:
        return tx(
            "在信息报告中增加由主要负责人向县级应急管理部门报告的环节 (1 小时内)",
            "add a reporting link from the unit head to the county authority (within 1 hour)",
        )
    zh_r, en_r = w(sender)
    law_zh = "确保在 1 小时法定时限内报告; " if legal else ""
    law_en = "meet the 1-hour legal limit; " if legal else ""
    return tx(
        f"{law_zh}报告责任角色“{zh_r}”须全天候有人在岗或可召回, 并指定夜班替代人 (如值班领导)",
        f"{law_en}the sending role '{en_r}' must be staffed or on call around the clock, with a "
        "named night-shift deputy (e.g. the duty officer)",
    )


def _kpi_remedy(k: Kpi) -> Text:
    if k.key in ("first_arrival", "ba_first_entry", "casualty_reached"):
        return tx(
            "将佩戴空气呼吸器的救援力量和器材前置到现场附近, 报警后立即出动",
            "pre-position the SCBA-equipped rescue crew and its equipment near the scene and "
            "dispatch it at the alarm",
        )
    if k.key == "level_declared":
        return tx(
            "明确启动响应的决策人和授权代理人, 条件满足即启动, 不等待上级到场",
            "name who declares the level and a deputy; declare as soon as the trigger holds",
        )
    if k.key == "mutual_aid_requested":
        return tx(
            "在响应分级中明确请求外部救援的条件, 满足即由在岗人员直接请求",
            "state when outside help is requested and let the person on duty request it at once",
        )
    return tx(
        "在预案中为该节点规定目标时间和责任人, 并在演练中检验",
        "give this milestone a target time and an owner in the plan, and test it in drills",
    )


def findings(
    log: EventLog,
    scenario: Scenario,
    plan: Plan,
    rules: Rules | None = None,
    *,
    plan_doc: YamlDocument | None = None,
    scenario_doc: YamlDocument | None = None,
    kpi_list: Sequence[Kpi] | None = None,
    facts: RunFacts | None = None,
) -> list[Finding]:
    """Gaps a run shows: late or missed steps, waits, idle teams, overloads, exposures...
    (``facts``: the log's, when the caller has read them already)."""
    rules = rules or default_rules()
    facts = facts_of(log, plan, facts)
    if kpi_list is None:
        kpi_list = kpis(
            log,
            scenario,
            plan,
            rules,
            plan_doc=plan_doc,
            scenario_doc=scenario_doc,
            facts=facts,
        )
    ptr = Pointer.of(plan, plan_doc, scenario, scenario_doc)
    return _Gaps(log, scenario, plan, rules, ptr, kpi_list, facts).run()
