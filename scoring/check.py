"""The static plan check: gaps a plan shows on paper, before anyone runs it.

``check_plan`` reads the plan alone, or the plan against a scenario (whose start
time picks the shift on duty, whose site gives travel times, whose hazards say
where breathing apparatus is needed). It never runs the simulation.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable

from scoring.earlywarning import advice, alarm_min, answers, early_warnings, first_reading_min
from scoring.finding import Capability, Data, Finding, PlanRef, Pointer, Severity, Text
from scoring.names import QUALIFICATIONS, REPORT_STAGES
from scoring.planmap import PlanMap
from scoring.rules import Rules, default_rules
from scoring.stages import legal_phone_limit
from scoring.wording import Wording, at, tx
from sim.plan import (
    FOLLOW_UP_CONTENT_ITEMS,
    PHONE_REPORT_CONTENT_ITEMS,
    REPORT_CONTENT_ITEMS,
    Plan,
    ReportLink,
    ResourceNeed,
    Step,
    Team,
)
from sim.scenario import Scenario
from sim.travel import TravelTable
from sim.vocabulary import Condition
from sim.yamlfile import YamlDocument

CONTENT_ZH = {
    "unit": "事故发生单位概况",
    "time": "事故发生的时间",
    "place": "地点",
    "scene": "事故现场情况",
    "course": "事故的简要经过",
    "casualties": "伤亡人数(含下落不明)",
    "estimated_loss": "初步估计的直接经济损失",
    "measures": "已经采取的措施",
}
CONTENT_EN = {
    "unit": "the unit's particulars",
    "time": "the time",
    "place": "the place",
    "scene": "the state of the scene",
    "course": "a short account of what happened",
    "casualties": "casualties (including the missing)",
    "estimated_loss": "the first estimate of the direct loss",
    "measures": "the measures taken",
}
"""Art. 12's items in English, each shown with the key the plan's ``content`` takes."""


def _qualification_zh(q: str) -> str:
    """A qualification in Chinese words, or as the plan wrote it."""
    return QUALIFICATIONS[q][0] if q in QUALIFICATIONS else q


class _Check:
    def __init__(
        self,
        plan: Plan,
        scenario: Scenario | None,
        rules: Rules,
        ptr: Pointer,
        names: Scenario | None = None,
    ) -> None:
        self.plan = plan
        self.scenario = scenario
        self.rules = rules
        self.ptr = ptr
        self.pm = PlanMap(plan, rules, scenario)
        self.w = Wording(plan, scenario or names)
        self.out: list[Finding] = []
        self.never: dict[str, str] = {}

    def _qualified_zh(self, team: Team) -> str:
        """A team's qualifications by their Chinese names, with counts if the plan gives them."""
        q = team.qualifications
        if isinstance(q, list):
            return "、".join(_qualification_zh(x) for x in q)
        return "、".join(f"{_qualification_zh(x)} {n}/{team.size}" for x, n in q.items())

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
        data: Data | None = None,
    ) -> None:
        self.out.append(
            Finding(
                rule=f"static.{rule}",
                kind="static",
                severity=severity,
                capability=capability,
                objective=objective,
                title=title,
                evidence=evidence,
                recommendation=recommendation,
                refs=refs,
                data=data or {},
            )
        )

    def run(self) -> list[Finding]:
        self.staffing()
        self.outside_never_called()
        self.qualifications()
        self.resources()
        self.preconditions()
        self.levels()
        self.escalation()
        self.contacts()
        self.reporting()
        self.forbid_entry()
        self.early_warning()
        self.untested_entry()
        self.ba_reach()
        self.equipment_reach()
        self.headcount()
        self.termination()
        return self.out

    # --- who does the work -------------------------------------------------------------
    def duties(self, role: str) -> list[tuple[str, str, bool, PlanRef]]:
        """What a role must do: (kind, id, essential, where it is assigned)."""
        out: list[tuple[str, str, bool, PlanRef]] = []
        authorities = self.pm.authorities()
        for s in self.plan.steps:
            if s.owner == role:
                out.append(("step", s.id, s.critical, self.ptr.step(s.id, "owner")))
        for lk in self.plan.reporting:
            legal = lk.to_organisation in authorities
            if lk.sender == role:
                out.append(("report", lk.id, legal, self.ptr.report(lk.id, "sender")))
            elif lk.to_role == role:
                out.append(("report", lk.id, legal, self.ptr.report(lk.id, "to_role")))
        for lv in self.plan.levels:
            if lv.declared_by == role:
                out.append(("level", lv.id, True, self.ptr.level(lv.id, "declared_by")))
        return out

    def staffing(self) -> None:
        pm = self.pm
        shifts = pm.shifts_to_check()
        for role in self.plan.roles:
            duties = self.duties(role.id)
            if not duties:
                continue
            zh_r, en_r = self.w(role.id)
            what_zh, what_en = self.w.many([d[1] for d in duties])
            if not role.staffed_by:
                self.add(
                    "owner_unstaffed",
                    "不足项",
                    "organisation",
                    self.objective(duties),
                    tx(f"角色“{zh_r}”没有任何队伍承担", f"No team staffs role '{en_r}'"),
                    tx(f"该角色负责: {what_zh}", f"the role is responsible for: {what_en}"),
                    tx(
                        f"在组织机构中为“{zh_r}”指定承担队伍，并明确 AB 角",
                        f"name the teams that staff '{en_r}' (staffed_by), with a deputy",
                    ),
                    [*[d[3] for d in duties][:3], self.ptr.role(role.id, "staffed_by")],
                    {"role": role.id},
                )
                continue
            for shift in shifts:
                st = pm.staffing(role.id, shift)
                shift_name = self.pm.shifts[shift].name if shift in self.pm.shifts else shift
                when_zh = f"{shift_name}" + ("(情景发生时段)" if self.scenario else "")
                when_en = f"the {shift} shift" + (
                    " (when the scenario happens)" if self.scenario else ""
                )
                if st.reachable:
                    if st.present or not st.call_in:
                        continue
                    steps = [d for d in duties if d[0] == "step"]
                    if not steps:
                        continue
                    delays = [pm.teams[t].call_in for t in st.call_in]
                    mean = min(d.mean for d in delays if d is not None)
                    critical = any(d[2] for d in steps)
                    zh_t, en_t = self.w.many(st.call_in)
                    s_zh, s_en = self.w.many([d[1] for d in steps])
                    self.add(
                        "owner_call_in",
                        "整改项" if critical else "改进项",
                        "organisation",
                        self.objective(steps),
                        tx(
                            f"{when_zh}角色“{zh_r}”只能靠召回 (平均 {mean:.0f} 分钟)",
                            f"On {when_en} role '{en_r}' relies on call-in (mean {mean:.0f} min)",
                        ),
                        tx(
                            f"承担队伍“{zh_t}”不在该班次; 需到场执行的步骤: {s_zh}",
                            f"its teams '{en_t}' are off shift; steps needing them on site: {s_en}",
                        ),
                        tx(
                            f"为“{zh_r}”指定{shift_name}在岗的授权代理人（列为该角色的承担队伍）",
                            f"name an on-shift deputy for '{en_r}' on the {shift} shift (add to "
                            "staffed_by)",
                        ),
                        [self.ptr.role(role.id, "staffed_by"), *[d[3] for d in steps][:2]],
                        {"role": role.id, "shift": shift, "call_in_mean_min": round(mean, 2)},
                    )
                    continue
                essential = [d for d in duties if d[2]]
                absent = [t for t in role.staffed_by if t in pm.absent]
                ids_zh, ids_en = self.w.many([d[1] for d in duties])
                teams_zh, teams_en = self.w.quoted(role.staffed_by)
                self.add(
                    "owner_off_shift",
                    "不足项" if essential else "整改项",
                    "organisation",
                    self.objective(duties),
                    tx(
                        f"{when_zh}无人承担角色“{zh_r}”",
                        f"Nobody staffs role '{en_r}' on {when_en}",
                    ),
                    tx(
                        f"承担队伍{teams_zh}均不在该班次且无召回安排"
                        + (f" (本情景缺席: {', '.join(absent)})" if absent else "")
                        + f"; 受影响: {ids_zh}",
                        f"its teams {teams_en} are all off shift with no call-in"
                        + (f" (absent in this scenario: {', '.join(absent)})" if absent else "")
                        + f"; affected: {ids_en}",
                    ),
                    tx(
                        f"将{shift_name}在岗的角色 (如值班长或值班领导) 列为“{zh_r}”的承担人, "
                        "或为其队伍规定召回安排",
                        f"have an on-shift role (shift leader, duty officer) fill '{en_r}' on the "
                        f"{shift} shift, or give its team a call-in",
                    ),
                    [
                        *[d[3] for d in essential or duties][:2],
                        self.ptr.role(role.id, "staffed_by"),
                    ],
                    {"role": role.id, "shift": shift, "affected": [d[1] for d in duties]},
                )
                for d in duties:
                    if d[0] == "step":
                        self.never.setdefault(d[1], f"role {role.id} unstaffed")

    def objective(self, duties: Iterable[tuple[str, str, bool, PlanRef]]) -> str | None:
        for kind, ident, _, _ in duties:
            if kind == "step":
                return self.pm.objective_of(ident)
            if kind in ("report", "level"):
                return "alerting"
        return None

    def outside_never_called(self) -> None:
        pm = self.pm
        for role in self.plan.roles:
            if not role.staffed_by or any(pm.in_house(t) for t in role.staffed_by):
                continue
            orgs = sorted({pm.teams[t].organisation for t in role.staffed_by})
            if any(pm.notifiers(o) for o in orgs):
                continue
            steps = [s for s in self.plan.steps if s.owner == role.id]
            if not steps:
                continue
            zh_r, en_r = self.w(role.id)
            zh_o, en_o = self.w.quoted(orgs)
            for s in steps:
                self.never.setdefault(s.id, f"{', '.join(orgs)} never called")
            self.add(
                "outside_never_called",
                "不足项" if any(s.critical for s in steps) else "整改项",
                "planning",
                self.pm.objective_of(steps[0].id),
                tx(
                    f"角色“{zh_r}”只由外部单位{zh_o}承担, 但预案中没有任何环节通知它",
                    f"Role '{en_r}' is staffed only by {en_o}, which nothing in the plan calls",
                ),
                tx(
                    "受影响的步骤: " + self.w.many([s.id for s in steps])[0],
                    "steps that can never start: " + self.w.many([s.id for s in steps])[1],
                ),
                tx(
                    f"在响应分级或处置步骤中规定通知{zh_o}",
                    f"call {en_o} from a level (notifies) or a step effect (notify)",
                ),
                [self.ptr.role(role.id, "staffed_by"), *[self.ptr.step(s.id) for s in steps[:2]]],
                {"role": role.id, "organisations": orgs},
            )

    def qualifications(self) -> None:
        pm = self.pm
        for s in self.plan.steps:
            staff = [t for t in pm.roles[s.owner].staffed_by if t not in pm.absent]
            if not staff:
                continue
            if any(pm.qualified(s, t) for t in staff):
                continue
            zh_s, en_s = self.w(s.id)
            zh_r, en_r = self.w(s.owner)
            holds = [t for t in staff if pm.teams[t].holders(s.qualifications)]
            self.never.setdefault(s.id, "no qualified team")
            if holds:
                biggest = max(pm.teams[t].holders(s.qualifications) for t in holds)
                self.add(
                    "crew_too_large",
                    "不足项" if s.critical else "整改项",
                    "organisation",
                    pm.objective_of(s.id),
                    tx(
                        f"“{zh_s}”需要 {s.crew} 人, 角色“{zh_r}”最大的合格队伍只有 {biggest} 人",
                        f"'{en_s}' needs a crew of {s.crew}; the largest qualified team of "
                        f"'{en_r}' has {biggest}",
                    ),
                    tx(f"承担队伍: {self.w.many(staff)[0]}", f"teams: {self.w.many(staff)[1]}"),
                    tx(
                        f"增加“{zh_r}”的队伍人数, 或降低“{zh_s}”的作业人数要求",
                        f"enlarge the teams of '{en_r}' or reduce the crew of '{en_s}'",
                    ),
                    [self.ptr.step(s.id, "crew"), self.ptr.role(s.owner, "staffed_by")],
                    {"step": s.id, "crew": s.crew, "largest_team": biggest},
                )
                continue
            need = ", ".join(s.qualifications)
            need_zh = "、".join(_qualification_zh(q) for q in s.qualifications)
            self.add(
                "unqualified_owner",
                "不足项" if s.critical else "整改项",
                "training",
                pm.objective_of(s.id),
                tx(
                    f"承担“{zh_s}”的角色“{zh_r}”没有具备{need_zh}资质的队伍",
                    f"No team staffing '{en_r}' holds {need}, which '{en_s}' requires",
                ),
                tx(
                    "承担队伍及其资质: "
                    + "; ".join(
                        f"{self.w(t)[0]}（{self._qualified_zh(pm.teams[t]) or '无'}）"
                        for t in staff
                    ),
                    "teams and their qualifications: "
                    + "; ".join(
                        f"{self.w(t)[1]} ({pm.teams[t].qualification_summary() or 'none'})"
                        for t in staff
                    ),
                ),
                tx(
                    f"组织“{zh_r}”队伍取得{need_zh}资质培训，或改由具备资质的队伍承担",
                    f"train the teams of '{en_r}' in {need}, or give the step to a qualified team",
                ),
                [self.ptr.step(s.id, "qualifications"), self.ptr.role(s.owner, "staffed_by")],
                {"step": s.id, "qualifications": list(s.qualifications)},
            )

    # --- equipment ---------------------------------------------------------------------
    def resources(self) -> None:
        pm = self.pm
        for s in self.plan.steps:
            for j, need in enumerate(s.resources):
                supply = pm.supply(s, need)
                have = sum(r.quantity for r in supply)
                if have >= need.quantity:
                    continue
                zh_s, en_s = self.w(s.id)
                if need.resource is not None:
                    zh_x, en_x = self.w(need.resource)
                else:
                    zh_x, en_x = f"{need.type} 类装备", f"any {need.type}"
                self.never.setdefault(s.id, f"{need.label} short")
                missing = have == 0
                kept = supply or pm.plan.matching(need)
                zh_at, en_at = self.w.many(sorted({r.location for r in kept}))
                self.add(
                    "resource_missing" if missing else "resource_short",
                    "不足项" if s.critical or missing else "整改项",
                    "equipment",
                    pm.objective_of(s.id),
                    tx(
                        f"“{zh_s}”需要 {need.quantity} 件“{zh_x}”, 应急资源中只有 {have} 件",
                        f"'{en_s}' needs {need.quantity} of '{en_x}'; the inventory has {have}",
                    ),
                    tx(f"存放于 {zh_at or '无'}", f"stored at {en_at or 'nowhere'}"),
                    tx(
                        f"将“{zh_x}”配足到至少 {need.quantity} 件",
                        f"stock at least {need.quantity} of '{en_x}'",
                    ),
                    [
                        *[self.ptr.resource(r.id, "quantity") for r in kept[:2]],
                        self.ptr.step(s.id, "resources", j),
                    ],
                    {
                        "step": s.id,
                        **({"resource": need.resource} if need.resource else {"type": need.type}),
                        "need": need.quantity,
                        "have": have,
                    },
                )
        first = [s for s in self.plan.steps if not (s.after or s.requires_level or s.when)]
        # needs drawing on the same resources compete, whether named or by type
        demand: dict[tuple[str, ...], list[tuple[Step, int]]] = {}
        label: dict[tuple[str, ...], ResourceNeed] = {}
        for s in first:
            for need in s.resources:
                key = tuple(sorted(r.id for r in pm.supply(s, need)))
                demand.setdefault(key, []).append((s, need.quantity))
                label.setdefault(key, need)
        for key, users in demand.items():
            have = sum(pm.resources[r].quantity for r in key)
            total = sum(q for _, q in users)
            if not key or len(users) < 2 or total <= have:
                continue
            kind = label[key].type or pm.resources[key[0]].type
            if len(key) == 1:
                rid: str | None = key[0]
                zh_x, en_x = self.w(key[0])
            else:
                rid = None
                zh_x, en_x = f"{kind} 类装备", f"any {kind}"
            ids = [s.id for s, _ in users]
            zh_u, en_u = self.w.many(ids)
            critical = any(s.critical for s, _ in users)
            self.add(
                "resource_contention",
                "整改项" if critical else "改进项",
                "equipment",
                pm.objective_of(ids[0]),
                tx(
                    f"报警时同时启动的步骤共需 {total} 件“{zh_x}”, 只有 {have} 件",
                    f"Steps that start together at the alarm need {total} of '{en_x}'; "
                    f"there are {have}",
                ),
                tx(f"同时需要的步骤: {zh_u}", f"steps needing it at once: {en_u}"),
                tx(
                    f"将“{zh_x}”增配到 {total} 件, 或错开这些步骤",
                    f"stock {total} of '{en_x}', or sequence those steps",
                ),
                [
                    *([self.ptr.resource(rid, "quantity")] if rid else []),
                    *[self.ptr.step(i, "resources") for i in ids[:2]],
                ],
                {
                    **({"resource": rid} if rid else {"type": kind}),
                    "need": total,
                    "have": have,
                    "steps": ids,
                },
            )

    def ba_reach(self) -> None:
        """Breathing apparatus must be on the way from the first team's base to the hot zone.
        Sets kept at the team's own base are on its way: a team based far off is slow to
        arrive (the arrival KPIs), not kept from its kit, and moving the sets would not help."""
        if self.scenario is None:
            return
        pm = self.pm
        travel = TravelTable.from_site(self.scenario.site)
        limit = self.rules.thresholds.ba_reach_min
        shift = pm.scenario_shift()
        for s in self.plan.steps:
            ba = [n for n in s.resources if pm.is_ba(n)]
            if not ba:
                continue
            best: tuple[float, float, str, list[str], list[str]] | None = None
            for tid in pm.roles[s.owner].staffed_by:
                if tid in pm.absent or not pm.in_house(tid) or not pm.qualified(s, tid):
                    continue
                if not pm.on_duty(tid, shift):
                    continue
                team = pm.teams[tid]
                route = [team.base]
                drawn: list[str] = []
                for need in s.resources:
                    res = pm.nearest(need, tid, travel.typical, team.base)
                    if res is None:
                        continue
                    if pm.is_ba(need):
                        drawn.append(res.id)
                    if res.location not in (route[-1], s.location):
                        route.append(res.location)
                if route[-1] != s.location:
                    route.append(s.location)
                via = sum(travel.typical(a, b) for a, b in itertools.pairwise(route))
                direct = travel.typical(team.base, s.location)
                if best is None or via < best[0]:
                    best = (via, direct, tid, route, drawn)
            if best is None:
                continue
            via, direct, tid, route, drawn = best
            if via <= limit.value + 1e-9 or math.isinf(via):
                continue
            zh_s, en_s = self.w(s.id)
            zh_t, en_t = self.w(tid)
            zh_route = " → ".join(self.w(x)[0] for x in route)
            en_route = " -> ".join(self.w(x)[1] for x in route)
            far = [
                r for r in drawn if pm.resources[r].location not in (pm.teams[tid].base, s.location)
            ]
            if drawn and not far:
                # the sets are at the team's own base (or at the place): no store is too far,
                # the team is; its time to the scene is the arrival KPI's, not this finding's
                continue
            refs = [self.ptr.resource(r, "location") for r in far] or [
                self.ptr.step(s.id, "resources")
            ]
            zh_x, en_x = self.w.many(far or drawn or [n.label for n in ba])
            self.add(
                "ba_out_of_reach",
                "不足项" if s.critical else "整改项",
                "equipment",
                pm.objective_of(s.id),
                tx(
                    f"“{zh_s}”的空气呼吸器“{zh_x}”存放处距首个作业队伍太远",
                    f"The breathing apparatus '{en_x}' for '{en_s}' is stored too far from the "
                    "first team",
                ),
                tx(
                    f"“{zh_t}”取用路线 {zh_route}: 典型 {via:.1f} 分钟 (直达 {direct:.1f} 分钟); "
                    f"目标 {limit.value:g} 分钟 ({limit.source.zh})",
                    f"'{en_t}' must go {en_route}: typical {via:.1f} min (direct {direct:.1f} min)"
                    "; "
                    f"target {limit.value:g} min ({limit.source.en})",
                ),
                tx(
                    f"将“{zh_x}”配置在“{zh_t}”驻地或“{self.w(s.location)[0]}”门口的应急柜",
                    f"keep '{en_x}' at the base of '{en_t}' or in a cabinet at "
                    f"'{self.w(s.location)[1]}'",
                ),
                [*refs, self.ptr.step(s.id)],
                {
                    "step": s.id,
                    "team": tid,
                    "route": route,
                    "route_min": round(via, 3),
                    "direct_min": round(direct, 3),
                },
            )

    def equipment_reach(self) -> None:
        """Any equipment other than breathing apparatus (``ba_reach``) a step needs must not
        be stored far off the way from the crew's base to where it is used: a tripod and
        winch kept at another site comes too late for a rescue."""
        if self.scenario is None:
            return
        pm = self.pm
        travel = TravelTable.from_site(self.scenario.site)
        limit = self.rules.thresholds.detour_min
        shift = pm.scenario_shift()
        for s in self.plan.steps:
            for need in s.resources:
                if pm.is_ba(need):
                    continue
                best: tuple[float, str, str, float] | None = None  # extra, team, resource, via
                for tid in pm.roles[s.owner].staffed_by:
                    if tid in pm.absent or not pm.in_house(tid) or not pm.qualified(s, tid):
                        continue
                    if not pm.on_duty(tid, shift):
                        continue
                    base = pm.teams[tid].base
                    res = pm.nearest(need, tid, travel.typical, base)
                    if res is None:
                        continue
                    via = travel.typical(base, res.location) + travel.typical(
                        res.location, s.location
                    )
                    extra = via - travel.typical(base, s.location)
                    if res.team == tid:
                        extra = 0.0  # the team's own kit goes with it
                    if best is None or extra < best[0]:
                        best = (extra, tid, res.id, via)
                if best is None or math.isinf(best[0]) or best[0] <= limit.value + 1e-9:
                    continue
                extra, tid, rid, via = best
                zh_s, en_s = self.w(s.id)
                zh_t, en_t = self.w(tid)
                zh_r, en_r = self.w(rid)
                zh_at, en_at = self.w(pm.resources[rid].location)
                zh_l, en_l = self.w(s.location)
                self.add(
                    "equipment_out_of_reach",
                    "整改项" if s.critical else "改进项",
                    "equipment",
                    pm.objective_of(s.id),
                    tx(
                        f"“{zh_s}”所需的“{zh_r}”存放处远离使用地点",
                        f"The '{en_r}' that '{en_s}' needs is stored far from where it is used",
                    ),
                    tx(
                        f"“{zh_r}”存放在“{zh_at}”: “{zh_t}”取用后到“{zh_l}”典型 "
                        f"{via:.1f} 分钟, 比直达多 {extra:.1f} 分钟; 限值 {limit.value:g} 分钟 "
                        f"({limit.source.zh})",
                        f"'{en_r}' is kept at '{en_at}': '{en_t}' needs a typical {via:.1f} min "
                        f"to fetch it and reach '{en_l}', {extra:.1f} min more than going "
                        f"direct; limit {limit.value:g} min ({limit.source.en})",
                    ),
                    tx(
                        f"将“{zh_r}”配置在“{zh_l}”附近或“{zh_t}”驻地",
                        f"keep '{en_r}' near '{en_l}' or at the base of '{en_t}'",
                    ),
                    [self.ptr.resource(rid, "location"), self.ptr.step(s.id, "resources")],
                    {
                        "step": s.id,
                        "team": tid,
                        "resource": rid,
                        "route_min": round(via, 3),
                        "extra_min": round(extra, 3),
                    },
                )

    def untested_entry(self) -> None:
        """先通风、再检测、后作业 (《工贸企业有限空间作业安全规定》, 应急管理部令第13号,
        2023): a step that goes into an enclosed space (a room of the scenario) with toxic
        air needs a gas test of it before it. Open air is not a confined space, and without
        the scenario nothing says which places are enclosed."""
        if self.scenario is None:
            return
        enclosed = {loc.id for loc in self.scenario.site.locations if loc.kind == "room"}
        steps = {s.id: s for s in self.plan.steps}
        satisfying: dict[str, list[str]] = {}
        for st in self.plan.steps:
            if st.satisfies:
                satisfying.setdefault(st.satisfies, []).append(st.id)

        def before(step_id: str) -> set[str]:
            seen: set[str] = set()
            todo = [step_id]
            while todo:
                st = steps.get(todo.pop())
                if st is None:
                    continue
                prior = [*st.after, *([st.continues] if st.continues else [])]
                for c in _conditions(st.when) if st.when else []:
                    if c.step_completed:
                        prior.append(c.step_completed)
                    if c.task_completed:
                        prior += satisfying.get(c.task_completed, [])
                for p in prior:
                    if p not in seen:
                        seen.add(p)
                        todo.append(p)
            return seen

        for loc in (x for x in self.pm.hot_locations() if x in enclosed):
            tests = {st.id for st in self.plan.steps if any(e.gas_test == loc for e in st.effects)}
            untested = []
            for st in self.plan.steps:
                if st.location != loc or st.id in tests:
                    continue
                conditions = _conditions(st.when) if st.when else []
                if any(c.measured_below and c.measured_below.location == loc for c in conditions):
                    continue
                if not before(st.id) & tests:
                    untested.append(st)
            if not untested:
                continue
            bare = [st for st in untested if not self.pm.needs_ba(st)]
            zh_l, en_l = self.w(loc)
            zh_s, en_s = (
                self.w.quoted([st.id for st in untested])[0],
                self.w.many([st.id for st in untested])[1],
            )
            self.add(
                "untested_entry",
                "不足项" if bare else "改进项",
                "planning",
                "rescue",
                tx(
                    f"进入“{zh_l}”前没有气体检测 (先通风、再检测、后作业)",
                    f"Nothing tests the air of '{en_l}' before steps go in (ventilate, test, "
                    "then enter)",
                ),
                tx(
                    f"进入“{zh_l}”的步骤{zh_s}之前没有检测该处气体的步骤，"
                    "也没有以检测结果低于限值为条件"
                    + (
                        f"; 其中 {self.w.many([st.id for st in bare])[0]} 不佩戴空气呼吸器"
                        if bare
                        else ""
                    ),
                    f"no step testing '{en_l}' (gas_test) comes before {en_s}, and none waits "
                    "on measured_below"
                    + (
                        f"; {self.w.many([st.id for st in bare])[1]} without breathing apparatus"
                        if bare
                        else ""
                    ),
                ),
                tx(
                    f"增加在“{zh_l}”外检测其气体的步骤，进入的步骤以其"
                    "为前置，或以检测结果低于限值为条件（《工贸企业有限空间作业安全规定》"
                    "应急管理部令第13号）",
                    f"add a step that tests '{en_l}' from outside (effects: gas_test: {loc}) "
                    "and make the entering steps follow it or wait on measured_below "
                    "(Ministry of Emergency Management Order No. 13, 2023)",
                ),
                [self.ptr.step(st.id, "location") for st in untested[:3]],
                {"location": loc, "steps": [st.id for st in untested]},
            )

    # --- logic of the plan -------------------------------------------------------------
    def preconditions(self) -> None:
        pm = self.pm
        steps = pm.steps
        state: dict[str, int] = {}
        cycles: list[list[str]] = []

        def visit(node: str, path: list[str]) -> None:
            state[node] = 1
            for a in steps[node].after:
                if a not in steps:
                    continue
                if state.get(a) == 1:
                    cycles.append([*path[path.index(a) :], a] if a in path else [node, a])
                elif a not in state:
                    visit(a, [*path, a])
            state[node] = 2

        for sid in steps:
            if sid not in state:
                visit(sid, [sid])
        in_cycle: set[str] = set()
        for cyc in cycles:
            in_cycle.update(cyc)
            self.add(
                "precondition_cycle",
                "不足项",
                "planning",
                pm.objective_of(cyc[0]),
                tx(
                    "步骤的前置条件构成循环, 这些步骤永远无法启动",
                    "Step preconditions form a cycle; these steps can never start",
                ),
                tx(
                    f"循环: {' → '.join(self.w(x)[0] for x in cyc)}",
                    f"cycle: {' -> '.join(self.w(x)[1] for x in cyc)}",
                ),
                tx(
                    "打断循环: 删除其中一个 after 依赖",
                    "break the cycle by removing one of the 'after' links",
                ),
                [self.ptr.step(x, "after") for x in dict.fromkeys(cyc)],
                {"steps": list(dict.fromkeys(cyc))},
            )
        for sid in in_cycle:
            self.never.setdefault(sid, "cycle")
        declarable = {lv.id for lv in self.plan.levels if lv.triggers or pm.declarers(lv.id)}
        ranks = {lv.id: lv.rank for lv in self.plan.levels}
        changed = True
        blocked: dict[str, tuple[str, str]] = {}
        while changed:
            changed = False
            for s in self.plan.steps:
                if s.id in self.never or s.id in blocked:
                    continue
                why: tuple[str, str] | None = None
                dead = [a for a in s.after if a in self.never or a in blocked]
                if dead:
                    why = ("after", dead[0])
                elif s.requires_level and not any(
                    ranks[x] >= ranks[s.requires_level] for x in declarable
                ):
                    why = ("level", s.requires_level)
                elif s.when is not None:
                    for c in _conditions(s.when):
                        target = c.step_completed or c.step_started
                        if target and (target in self.never or target in blocked):
                            why = ("when", target)
                if why is not None:
                    blocked[s.id] = why
                    changed = True
        for sid, (kind, ident) in blocked.items():
            s = steps[sid]
            zh_s, en_s = self.w(sid)
            zh_i, en_i = self.w(ident)
            if kind == "level":
                ev = tx(
                    f"需要响应级别“{zh_i}”, 但该级别及更高级别都没有启动条件, 也没有步骤启动它们",
                    f"needs level '{en_i}', which (like every higher level) has no trigger and no "
                    "step declares it",
                )
                ref = self.ptr.step(sid, "requires_level")
            else:
                ev = tx(
                    f"前置步骤“{zh_i}”永远无法完成",
                    f"its prerequisite '{en_i}' can never complete",
                )
                ref = self.ptr.step(sid, "after" if kind == "after" else "when")
            self.add(
                "never_starts",
                "不足项" if s.critical else "整改项",
                "planning",
                pm.objective_of(sid),
                tx(f"步骤“{zh_s}”永远无法启动", f"Step '{en_s}' can never start"),
                ev,
                tx(
                    "修正该步骤的前置条件, 使其在事故中可以满足",
                    "fix its preconditions so that they can hold in an accident",
                ),
                [ref],
                {"step": sid, "blocked_by": ident},
            )

    def levels(self) -> None:
        pm = self.pm
        for lv in self.plan.levels:
            zh_l, en_l = self.w(lv.id)
            if not lv.triggers and not pm.declarers(lv.id):
                self.add(
                    "level_no_trigger",
                    "整改项",
                    "planning",
                    "alerting",
                    tx(f"响应级别“{zh_l}”没有启动条件", f"Level '{en_l}' has no trigger"),
                    tx(
                        "triggers 为空, 也没有步骤启动该级别",
                        "no triggers, and no step declares it",
                    ),
                    tx(
                        f"为“{zh_l}”写明可判断的启动条件 (人员伤亡、浓度、事态发展)",
                        f"give '{en_l}' checkable triggers (casualties, concentrations, "
                        "escalation)",
                    ),
                    [self.ptr.level(lv.id)],
                    {"level": lv.id},
                )
            if lv.triggers and lv.declared_by is None:
                self.add(
                    "level_no_declarer",
                    "整改项",
                    "organisation",
                    "alerting",
                    tx(
                        f"响应级别“{zh_l}”未明确由谁启动",
                        f"Nobody is named to declare level '{en_l}'",
                    ),
                    tx("预案未写明启动人", "declared_by is empty"),
                    tx(
                        f"为“{zh_l}”指定启动人及其授权代理人",
                        f"name who declares '{en_l}' (declared_by) and a deputy",
                    ),
                    [self.ptr.level(lv.id)],
                    {"level": lv.id},
                )

    def escalation(self) -> None:
        pm = self.pm
        higher = {h.id: h for h in self.plan.higher_plans}
        for h in self.plan.higher_plans:
            if h.organisation not in pm.orgs:
                zh_h, en_h = self.w(h.id)
                self.add(
                    "escalation_undefined",
                    "不足项",
                    "planning",
                    "support",
                    tx(
                        f"上级预案“{zh_h}”的责任单位“{h.organisation}”在组织机构中未定义",
                        f"Higher plan '{en_h}' names organisation {h.organisation}, which the "
                        "plan does not define",
                    ),
                    tx("无法通知该单位, 衔接中断", "it cannot be called: the linkage is broken"),
                    tx(
                        "在 organisations 中补充该单位及其联系方式",
                        "add the organisation and its contact to organisations",
                    ),
                    [self.ptr.higher_plan(h.id, "organisation")],
                    {"higher_plan": h.id, "organisation": h.organisation},
                )
        linked = False
        for lv in self.plan.levels:
            if lv.escalates_to is None:
                continue
            zh_l, en_l = self.w(lv.id)
            hp_id, _, lvl = lv.escalates_to.partition(".")
            hp = higher.get(hp_id)
            if hp is None or lvl not in hp.levels:
                what_zh = (
                    f"上级预案“{hp_id}”未定义"
                    if hp is None
                    else f"上级预案“{hp_id}”没有级别“{lvl}”"
                )
                what_en = (
                    f"higher plan {hp_id} is not defined"
                    if hp is None
                    else f"higher plan {hp_id} has no level {lvl}"
                )
                defined = ", ".join(hp.levels) if hp else ", ".join(higher)
                self.add(
                    "escalation_undefined",
                    "不足项",
                    "planning",
                    "support",
                    tx(
                        f"“{zh_l}”升级指向上级预案未定义的级别",
                        f"'{en_l}' escalates to a level the higher plan does not define",
                    ),
                    tx(
                        f"升级目标“{lv.escalates_to}”：{what_zh}（已定义：{defined or '无'}）",
                        f"escalates_to: {lv.escalates_to}; {what_en} (defined: "
                        f"{defined or 'none'})",
                    ),
                    tx(
                        "核对上级预案的响应分级, 改为其实际定义的级别",
                        "check the higher plan's levels and point to one it defines",
                    ),
                    [self.ptr.level(lv.id, "escalates_to")],
                    {"level": lv.id, "escalates_to": lv.escalates_to},
                )
                continue
            linked = True
            org = hp.organisation
            if org == self.plan.unit:
                continue
            calls = {i for k, i in pm.notifiers(org) if k == "report"}
            if org in lv.notifies or calls:
                continue
            zh_o, en_o = self.w(org)
            self.add(
                "escalation_not_notified",
                "整改项",
                "planning",
                "support",
                tx(
                    f"“{zh_l}”升级到{self.w(hp.id)[0]}, 但不通知其责任单位“{zh_o}”",
                    f"'{en_l}' escalates to {self.w(hp.id)[1]} but never calls '{en_o}'",
                ),
                tx(
                    f"notifies 中没有 {org}, 信息报告也不报送该单位",
                    f"{org} is not in notifies and no report goes to it",
                ),
                tx(
                    f"在“{zh_l}”的通知对象中加入“{self.w(org)[0]}”",
                    f"add {org} to the notifies of '{en_l}'",
                ),
                [self.ptr.level(lv.id, "notifies")],
                {"level": lv.id, "organisation": org},
            )
        outside = [h for h in self.plan.higher_plans if h.organisation != self.plan.unit]
        if outside and not linked and self.plan.levels:
            top = max(self.plan.levels, key=lambda x: x.rank)
            zh_l, en_l = self.w(top.id)
            self.add(
                "no_escalation",
                "整改项",
                "planning",
                "support",
                tx("预案未与上级预案衔接", "The plan does not escalate to any higher-level plan"),
                tx(
                    f"定义了上级预案{self.w.many([h.id for h in outside])[0]}，"
                    "但没有任何响应级别升级到它们",
                    f"higher plans {', '.join(h.id for h in outside)} are defined, but no level "
                    "escalates to them",
                ),
                tx(
                    f"在最高级别“{zh_l}”中写明升级到的上级预案级别",
                    f"set escalates_to on the top level '{en_l}'",
                ),
                [self.ptr.level(top.id)],
                {"level": top.id},
            )

    def contacts(self) -> None:
        pm = self.pm
        for o in self.plan.organisations:
            if o.id == self.plan.unit or o.contact:
                continue
            called = pm.notifiers(o.id)
            has_teams = any(t.organisation == o.id for t in self.plan.teams)
            zh_o, en_o = self.w(o.id)
            self.add(
                "missing_contact",
                "整改项" if called or has_teams else "改进项",
                "planning",
                "support",
                tx(f"“{zh_o}”没有联系方式", f"'{en_o}' has no contact"),
                tx(
                    "预案中通知该单位的环节: " + (", ".join(i for _, i in called) or "无"),
                    "what calls it: " + (", ".join(i for _, i in called) or "nothing"),
                ),
                tx(
                    f"补充“{zh_o}”的值班电话或无线频道，并定期核对",
                    f"add the duty phone or radio channel of '{en_o}' (contact) and check it "
                    "regularly",
                ),
                [self.ptr.organisation(o.id)],
                {"organisation": o.id},
            )

    def reporting(self) -> None:
        pm = self.pm
        plan = self.plan
        heads = [lk for lk in plan.reporting if lk.to_role == plan.unit_head]
        zh_h, en_h = self.w(plan.unit_head)
        # a unit head who is also the duty officer takes the first call: no link is needed
        if not heads and plan.unit_head != plan.duty_officer:
            self.add(
                "report_chain_missing",
                "不足项",
                "organisation",
                "alerting",
                tx(
                    f"信息报告中没有报告“{zh_h}”的环节",
                    f"No reporting link reaches the unit head '{en_h}'",
                ),
                tx(
                    "《生产安全事故报告和调查处理条例》第九条: "
                    "事故现场有关人员应当立即向本单位负责人报告",
                    "Regulation Art. 9: people at the scene report to the unit head immediately",
                ),
                tx(
                    "增加值班人员向主要负责人报告的环节 (立即)",
                    "add a link from the duty staff to the unit head (immediately)",
                ),
                [self.ptr.section("reporting")],
            )
        authorities = pm.authorities()
        links = [lk for lk in plan.reporting if lk.to_organisation in authorities]
        if not links:
            self.add(
                "report_chain_missing",
                "不足项",
                "organisation",
                "alerting",
                tx(
                    "信息报告中没有向县级以上应急管理部门报告的环节",
                    "No reporting link reaches the county authority",
                ),
                tx(
                    "《生产安全事故报告和调查处理条例》第九条: 单位负责人接到报告后 1 小时内报告",
                    "Regulation Art. 9: the unit head reports within 1 hour",
                ),
                tx(
                    "增加主要负责人向县应急管理局报告的环节, 时限 60 分钟",
                    "add a link from the unit head to the county bureau, limit 60 min",
                ),
                [self.ptr.section("reporting")],
            )
        legal = self.rules.kpis["authority_informed"]
        written_to = {lk.to_organisation or "" for lk in links if lk.stage == "written"}
        for lk in links:
            zh_k, en_k = self.w(lk.id)
            chain = pm.chain_to(lk.id)
            if chain[0].after is not None:
                self.add(
                    "report_chain_broken",
                    "不足项",
                    "organisation",
                    "alerting",
                    tx(
                        f"“{zh_k}”的前序报告环节构成循环",
                        f"The links before '{en_k}' form a cycle",
                    ),
                    tx(" → ".join(x.id for x in chain), " -> ".join(x.id for x in chain)),
                    tx(
                        "修正 after 使报告链从报警开始",
                        "fix 'after' so that the chain starts at the alarm",
                    ),
                    [self.ptr.report(lk.id, "after")],
                )
            elif (
                heads
                and not any(x.to_role == plan.unit_head for x in chain[:-1])
                and lk.sender != plan.unit_head
            ):
                self.add(
                    "report_chain_broken",
                    "整改项",
                    "organisation",
                    "alerting",
                    tx(f"“{zh_k}”不经过主要负责人", f"'{en_k}' does not go through the unit head"),
                    tx(
                        "报告链: " + " → ".join(x.id for x in chain),
                        "chain: " + " -> ".join(x.id for x in chain),
                    ),
                    tx(
                        "按第九条由单位负责人 (或其授权人) 在接报后报告",
                        "per Art. 9 the unit head (or a named deputy) reports after being informed",
                    ),
                    [self.ptr.report(lk.id, "after")],
                )
            limit, basis = legal_phone_limit(plan, lk, legal)
            if lk.stage != "phone":
                self._stage_limit(lk)
            elif lk.limit_min is None:
                self.add(
                    "report_no_limit",
                    "整改项",
                    "planning",
                    "alerting",
                    tx(f"“{zh_k}”没有规定时限", f"'{en_k}' states no time limit"),
                    tx(
                        f"法定时限 {limit:g} 分钟 ({basis.zh})",
                        f"legal limit {limit:g} min ({basis.en})",
                    ),
                    tx(
                        f"写明时限 {limit:g} 分钟及其依据",
                        f"state limit_min: {limit:g} and its basis",
                    ),
                    [self.ptr.report(lk.id)],
                )
            elif limit is not None and lk.limit_min > limit:
                self.add(
                    "report_limit_exceeds_law",
                    "不足项",
                    "planning",
                    "alerting",
                    tx(
                        f"“{zh_k}”的时限超过法定时限",
                        f"The limit of '{en_k}' is longer than the law allows",
                    ),
                    tx(
                        f"预案 {lk.limit_min:g} 分钟, 法定 {limit:g} 分钟 ({basis.zh})",
                        f"plan {lk.limit_min:g} min, law {limit:g} min ({basis.en})",
                    ),
                    tx(
                        f"改为不超过 {limit:g} 分钟",
                        f"set it to at most {limit:g} min",
                    ),
                    [self.ptr.report(lk.id, "limit_min")],
                )
            self._content(lk, written_to)
        for org in dict.fromkeys(lk.to_organisation for lk in links if lk.stage == "phone"):
            if org is not None and org not in written_to:
                self._no_written(org, next(lk for lk in links if lk.to_organisation == org))

    def _stage_limit(self, lk: ReportLink) -> None:
        """A written report or follow-up with no limit: no national minute figure binds it,
        so the plan must state its own (docs/REFERENCE.md R4, R3)."""
        if lk.limit_min is not None:
            return
        zh_k, en_k = self.w(lk.id)
        zh_s, en_s = REPORT_STAGES[lk.stage]
        self.add(
            "report_no_limit",
            "改进项",
            "planning",
            "alerting",
            tx(f"{zh_s}“{zh_k}”没有规定时限", f"The {en_s} '{en_k}' states no time limit"),
            tx(
                f"{zh_s}无全国统一的分钟时限，演练无法判定是否及时",
                f"no national limit in minutes binds the {en_s}: a drill cannot judge it",
            ),
            tx(
                "按本单位事故报告制度写明时限及依据",
                "state limit_min and its basis from the unit's own reporting rules",
            ),
            [self.ptr.report(lk.id)],
        )

    def _content(self, lk: ReportLink, written_to: set[str]) -> None:
        """Art. 12 in full for the written report (and for a phone report with no written
        report after it); the phone report's items when a written one follows; the
        casualties for a follow-up."""
        zh_k, en_k = self.w(lk.id)
        if lk.stage == "follow_up":
            required: tuple[str, ...] = FOLLOW_UP_CONTENT_ITEMS
            basis = ("《生产安全事故报告和调查处理条例》第十三条", "Regulation Art. 13")
        elif lk.stage == "phone" and lk.to_organisation in written_to:
            required = PHONE_REPORT_CONTENT_ITEMS
            basis = ("电话快报（docs/REFERENCE.md R2）", "phone report (docs/REFERENCE.md R2)")
        else:
            required = REPORT_CONTENT_ITEMS
            basis = ("《生产安全事故报告和调查处理条例》第十二条", "Regulation Art. 12")
        missing = [c for c in required if c not in lk.content]
        if not missing:
            return
        self.add(
            "report_content_missing",
            "不足项",
            "planning",
            "alerting",
            tx(f"“{zh_k}”缺少法定报告内容", f"'{en_k}' lacks legally required content"),
            tx(
                "缺少：" + "、".join(CONTENT_ZH[c] for c in missing) + f"（{basis[0]}）",
                "missing: "
                + "; ".join(f"{CONTENT_EN[c]} ({c})" for c in missing)
                + f" ({basis[1]})",
            ),
            tx(
                "在报告内容中补齐规定的全部事项",
                "list every required item in content",
            ),
            [self.ptr.report(lk.id, "content")],
            {"report": lk.id, "missing": missing},
        )

    def _no_written(self, org: str, phone: ReportLink) -> None:
        zh_o, en_o = self.w(org)
        zh_k, en_k = self.w(phone.id)
        self.add(
            "report_no_written",
            "整改项",
            "planning",
            "alerting",
            tx(
                f"向{zh_o}只有电话快报，没有书面报告",
                f"Only a phone report goes to {en_o}: no written report follows",
            ),
            tx(
                f"“{zh_k}”之后没有书面报告环节；电话快报可先报概况，"
                "全部情况（《生产安全事故报告和调查处理条例》第十二条）须随后书面补报"
                "（docs/REFERENCE.md R4）",
                f"no written stage (stage: written) after '{en_k}'; a phone report may give the "
                "outline first, the full Art. 12 account must follow in writing "
                "(docs/REFERENCE.md R4)",
            ),
            tx(
                f"在“{zh_k}”之后增加向{zh_o}的书面报告环节，写明时限、责任人和第十二条全部内容",
                f"add a written report to {en_o} (stage: written, after: {phone.id}) with its "
                "limit, sender and every Art. 12 item",
            ),
            [self.ptr.report(phone.id)],
            {"report": phone.id, "organisation": org},
        )

    def forbid_entry(self) -> None:
        forbidden = {e.forbid_entry for s in self.plan.steps for e in s.effects if e.forbid_entry}
        sources = {h.location for h in self.scenario.hazards} if self.scenario else set()
        buildings = (
            {loc.id for loc in self.scenario.site.locations if loc.kind == "building"}
            if self.scenario
            else set()
        )
        for loc, why in self.pm.hot_locations().items():
            if loc in forbidden:
                continue
            zh_l, en_l = self.w(loc)
            zh_y, en_y = self.w(why)
            entering = [s.id for s in self.plan.steps if s.location == loc]
            if loc in buildings and loc not in sources and entering:
                self.post_in_toxic_zone(loc, why, entering)
                continue
            self.add(
                "no_forbid_entry",
                "不足项",
                "planning",
                "rescue",
                tx(
                    f"没有禁止无防护人员进入“{zh_l}”的步骤 (防止盲目施救)",
                    f"No step forbids entry to '{en_l}' without breathing apparatus",
                ),
                tx(
                    f"“{zh_l}”是有毒危险区 (危险源或进入步骤: {zh_y}); 进入该处的步骤: "
                    f"{self.w.many(entering)[0] or '无'}",
                    f"'{en_l}' is a toxic hot zone (hazard or entering step: {en_y}); steps "
                    f"entering it: {self.w.many(entering)[1] or 'none'}",
                ),
                tx(
                    f"增加由现场指挥在报警时执行的关键步骤：禁止无防护人员进入“{zh_l}”",
                    "add a critical step the on-scene commander runs at the alarm: no entry to "
                    f"'{en_l}' without SCBA (effects: forbid_entry: {loc})",
                ),
                [self.ptr.section("steps"), *[self.ptr.step(i) for i in entering[:2]]],
                {"location": loc},
            )

    def post_in_toxic_zone(self, loc: str, why: str, entering: list[str]) -> None:
        """A building the plume puts above IDLH outdoors, where the plan places its own
        steps (a control room, a command post): the people there work inside the toxic
        zone, and whoever comes to them crosses the cloud. Forbidding entry is not the
        answer; a post outside the zone, or the building shut up, is."""
        zh_l, en_l = self.w(loc)
        zh_y, en_y = self.w(why)
        zh_s, en_s = self.w.many(entering)
        self.add(
            "post_in_toxic_zone",
            "整改项",
            "planning",
            "protection",
            tx(
                f"预案安排在“{zh_l}”执行的步骤位于有毒危险区内",
                f"Steps the plan places at '{en_l}' lie inside the toxic zone",
            ),
            tx(
                f"“{zh_l}”在{zh_y}的 IDLH 影响范围内 (室外浓度); 在该处执行的步骤: {zh_s}",
                f"'{en_l}' lies within the IDLH footprint of {en_y} (outdoor air); steps "
                f"carried out there: {en_s}",
            ),
            tx(
                f"把指挥和作业位置设在上风向危险区外; 必须留在“{zh_l}”时, 写明关闭门窗、"
                "停止新风并备好呼吸防护, 禁止无防护人员从室外穿越烟羽前往",
                f"put the command and working posts upwind, outside the zone; where people "
                f"must stay at '{en_l}', have the plan shut its doors, windows and fresh-air "
                "intake, keep respiratory protection at hand, and forbid coming to it through "
                "the cloud without protection",
            ),
            [self.ptr.step(i) for i in entering[:2]],
            {"location": loc, "steps": entering},
        )

    def early_warning(self) -> None:
        """A gas detector that alarms before the scenario's alarm, with no step of the
        plan started by its reading: the response waits for someone to raise the alarm.
        整改项 when people are in the warned place at the start (the warning is theirs to
        heed: the operator on patrol), else 改进项: the plan is workable once the alarm
        comes, so never a 不足项. Needs the scenario."""
        if self.scenario is None:
            return
        alarm = alarm_min(self.scenario)
        for warning in early_warnings(self.scenario):
            if answers(self.plan, warning.places):
                continue
            assert warning.inject.when is not None
            t = first_reading_min(self.scenario, warning.inject.when)
            if t is None or alarm - t < self.rules.thresholds.warning_lead_min.value:
                continue  # the alarm follows at once: nobody had time to answer it
            place = warning.places[0]
            zh_l, en_l = self.w(place)
            there = [p.id for p in self.scenario.people if p.location in warning.places]
            zh_p, en_p = self.w.many(there)
            if math.isinf(alarm):
                then_zh = "，情景中的报警时间要到推演时才知道"
                then_en = "; when the alarm comes only the run can tell"
            else:
                then_zh = f"，早于情景中的报警（{at(alarm)}）{alarm - t:.1f} 分钟"
                then_en = f", {alarm - t:.1f} min before the scenario's alarm ({at(alarm)})"
            self.add(
                "early_warning_unanswered",
                "整改项" if there else "改进项",
                "planning",
                "alerting",
                tx(
                    f"「{zh_l}」检测报警后预案没有处置，要等到有人报警才响应",
                    f"Nothing in the plan answers the gas alarm in '{en_l}': the response "
                    "waits for someone to raise the alarm",
                ),
                tx(
                    f"情景中「{zh_l}」的检测报警约于{at(t)}发出{then_zh}；预案没有以该处检测读数"
                    "启动的步骤" + (f"；事故发生时该处有人：{zh_p}" if there else ""),
                    f"in the scenario the detector in '{en_l}' alarms at about {at(t)}"
                    f"{then_en}; no step of the plan starts on that reading"
                    + (f"; people there when the accident began: {en_p}" if there else ""),
                ),
                advice(zh_l, en_l),
                [
                    self.ptr.section("steps"),
                    self.ptr.scenario_item("injects", "inject", warning.inject.id, "when"),
                ],
                {
                    "inject": warning.inject.id,
                    "location": place,
                    "warning_min": round(t, 3),
                    "alarm_min": None if math.isinf(alarm) else round(alarm, 3),
                    "people": there,
                },
            )

    def headcount(self) -> None:
        evac = self.pm.steps_with("evacuate")
        if evac and not self.pm.headcount_steps():
            zh_s, en_s = self.w(evac[0].id)
            self.add(
                "no_headcount",
                "改进项",
                "planning",
                "protection",
                tx("疏散后没有清点人数的步骤", "No headcount after the evacuation"),
                tx(f"疏散步骤: {zh_s}", f"evacuation step: {en_s}"),
                tx(
                    "在紧急集合点增加清点人数的步骤，接在疏散步骤之后",
                    "add a headcount step at the assembly point (after the evacuation)",
                ),
                [self.ptr.step(evac[0].id)],
            )

    def termination(self) -> None:
        term = self.pm.terminating_step()
        if term is None:
            self.add(
                "no_termination",
                "改进项",
                "planning",
                "control",
                tx("预案没有应急结束的步骤", "The plan has no step that ends the response"),
                tx(
                    "没有宣布应急结束的步骤",
                    "no step has the terminate_response effect",
                ),
                tx(
                    "增加由总指挥宣布应急结束的步骤, 并以终止条件为前置",
                    "add a step where the commander ends the response, after its criteria",
                ),
                [self.ptr.section("steps")],
            )
        elif not term.after and term.when is None:
            zh_s, en_s = self.w(term.id)
            self.add(
                "termination_without_criteria",
                "整改项",
                "planning",
                "control",
                tx(f"“{zh_s}”没有终止条件", f"'{en_s}' has no criteria"),
                tx(
                    "after 和 when 均为空: 报警后即可宣布结束",
                    "no 'after' and no 'when': it can end the response right after the alarm",
                ),
                tx(
                    "以泄漏切断、伤员移交、复测合格、人员清点等步骤作为前置",
                    "make it follow release stopped, casualties handed over, re-test, headcount",
                ),
                [self.ptr.step(term.id)],
            )


def _conditions(c: Condition) -> list[Condition]:
    out: list[Condition] = [c]
    for sub in (c.all_of or []) + (c.any_of or []) + ([c.not_] if c.not_ else []):
        out += _conditions(sub)
    return out


def check_plan(
    plan: Plan,
    scenario: Scenario | None = None,
    *,
    plan_doc: YamlDocument | None = None,
    scenario_doc: YamlDocument | None = None,
    rules: Rules | None = None,
    names: Scenario | None = None,
) -> list[Finding]:
    """Static findings of a plan, optionally against a scenario's world; ``names`` is a
    scenario that only names the plan's places (checked without its world)."""
    ptr = Pointer(plan, plan_doc, scenario, scenario_doc)
    return _Check(plan, scenario, rules or default_rules(), ptr, names).run()
