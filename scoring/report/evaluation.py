"""The evaluation report (演练评估报告) and summary report (演练总结报告) of a drill.

The evaluation report follows AQ/T 9009-2015《生产安全事故应急演练评估规范》§7.4
and the report format of GB/T 46792-2025 Annex E: 演练基本情况, 评估过程,
情况分析, 问题清单, 改进意见, 评估结论. Its English version maps to the
HSEEP After-Action Report / Improvement Plan (AAR/IP). The summary report
(演练总结报告) has 演练基本概要; 发现的问题、经验和教训; 改进工作的建议.
Everything is read from the event log, the scenario, the plan and the scorecard.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from matplotlib.figure import Figure

from scoring.archive.store import FindingRow
from scoring.archive.tracking import Change
from scoring.finding import CAPABILITY_ZH, SEVERITIES, SEVERITY_EN, Finding, PlanRef, Severity
from scoring.kpi import Kpi
from scoring.names import KPI_STATUS, KPI_UNITS, Names, rating_text, with_revision
from scoring.observations import MARK_TEXT
from scoring.punctuation import punctuate_zh
from scoring.ratings import Rating
from scoring.report.document import (
    Block,
    Callout,
    Document,
    Facts,
    FigureRef,
    Heading,
    Headline,
    Items,
    Paragraph,
    Section,
    Table,
    Tone,
    number_figures,
)
from scoring.report.drill import Drill
from scoring.report.exposure import exposure_figure, heat_figure
from scoring.report.figures import gantt_figure, utilisation_figure, zone_figure
from scoring.stress import StressSummary
from scoring.timeline import clock, describe, offset, timeline
from scoring.zones import DISPERSION_ZH
from sim.plan import Plan

KIND_ZH = {"comprehensive": "综合应急预案", "special": "专项应急预案", "on_site": "现场处置方案"}
KIND_EN = {
    "comprehensive": "comprehensive plan",
    "special": "special plan",
    "on_site": "on-site plan",
}
ORG_KIND = {
    "unit": ("本单位", "the unit"),
    "authority": ("政府部门", "authority"),
    "rescue": ("专业救援队伍", "professional rescue"),
    "ems": ("医疗急救", "EMS"),
    "fire": ("消防救援", "fire and rescue"),
    "police": ("公安", "police"),
    "mutual_aid": ("互助单位", "mutual aid"),
    "operator": ("运营单位", "operator"),
    "public": ("公众", "public"),
}
HSEEP_EN = {
    "P": "Performed without challenges",
    "S": "Performed with some challenges",
    "M": "Performed with major challenges",
    "U": "Unable to be performed",
}
HSEEP_ZH = {"P": "顺利完成", "S": "完成但存在一些问题", "M": "完成但存在重大问题", "U": "未能完成"}

DUE_DAYS: dict[Severity, int | None] = {"不足项": 30, "整改项": None, "改进项": None}
"""Days from the drill to correct a finding. AQ/T 9009-2015 §7.4: a 不足项 must be
corrected within a set time limit (drillsim sets 30 days); a 整改项 before the next
drill, which 《生产安全事故应急预案管理办法》 Art. 33 requires within 6 months for an
on-site plan and a year for a comprehensive or special plan; a 改进项 at the next
revision of the plan (the same interval)."""

DRILL_INTERVAL_MONTHS = {"on_site": 6, "special": 12, "comprehensive": 12}
"""《生产安全事故应急预案管理办法》 Art. 33: on-site plans every 6 months, others yearly."""


class Lang:
    """Picks the Chinese or English text."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.en = lang == "en"

    def __call__(self, zh: str, en: str) -> str:
        return en if self.en else punctuate_zh(zh)


@dataclass(frozen=True)
class Built:
    """A document and the figures it refers to, by file name."""

    document: Document
    figures: dict[str, Figure]


def _months_later(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def due_date(severity: Severity, plan: Plan, drill_day: dt.date) -> dt.date:
    days = DUE_DAYS[severity]
    if days is not None:
        return drill_day + dt.timedelta(days=days)
    return _months_later(drill_day, DRILL_INTERVAL_MONTHS[plan.type])


def clause(ref: PlanRef) -> str:
    """Where a finding points, as a printed report gives it: the file's name (the data
    sources table has its path and hash), line, field path and id."""
    name = Path(ref.file).name if ref.file else None
    return str(ref.model_copy(update={"file": name}))


def responsible_organisation(f: Finding, plan: Plan, names: Names) -> str:
    """The organisation that owns the element a finding points to (else the plan's unit)."""
    roles = {r.id: r for r in plan.roles}
    teams = {t.id: t for t in plan.teams}
    steps = {s.id: s for s in plan.steps}
    resources = {r.id: r for r in plan.resources}
    links = {lk.id: lk for lk in plan.reporting}
    orgs = {o.id for o in plan.organisations}
    for ref in f.refs:
        ident = ref.id
        if ident is None:
            continue
        role = None
        if ref.element == "step" and ident in steps:
            role = steps[ident].owner
        elif ref.element == "role":
            role = ident
        elif ref.element == "resource" and ident in resources:
            role = resources[ident].keeper
        elif ref.element == "report" and ident in links:
            role = links[ident].sender
        elif ref.element == "team" and ident in teams:
            return names(teams[ident].organisation)
        elif ref.element == "organisation" and ident in orgs:
            return names(ident)
        if role is not None and role in roles:
            return names(roles[role].organisation)
    return names(plan.unit)


def _num(x: float | None, fmt: str = "{:.1f}") -> str:
    return "—" if x is None else fmt.format(x)


def _rating(r: Rating, lang: str = "zh", *, long: bool = False) -> str:
    return rating_text(r.hseep, r.grade, lang, long=long)


def _severity(sev: Severity, t: Lang) -> str:
    return f"{SEVERITY_EN[sev]} ({sev})" if t.en else sev


def _capability(f: Finding, t: Lang) -> str:
    return f.capability if t.en else CAPABILITY_ZH[f.capability]


def _kpi_label(k: Kpi, names: Names, t: Lang) -> str:
    label = k.label.pick(t.lang)
    if k.subject:
        label += f": {names(k.subject)}" if t.en else f" {names(k.subject)}"
    return label


def _measured(k: Kpi, t: Lang) -> str:
    unit = KPI_UNITS[k.unit][1 if t.en else 0]
    if k.value is None:
        return "—"
    if k.unit in ("people", "deaths"):
        return f"{k.value:g} {unit}" if k.unit == "people" else f"{k.value:.2f} {unit}"
    return f"{k.value:.1f} {unit}"


def revise_plan(drill: Drill) -> bool:
    """《生产安全事故应急预案管理办法》 Art. 36 (5): a plan is revised when a drill finds a
    major problem in it; drillsim counts any 不足项 or a U / 不合格 overall rating."""
    return drill.card.counts.get("不足项", 0) > 0 or drill.card.overall.hseep == "U"


class _Builder:
    def __init__(
        self,
        drill: Drill,
        lang: str,
        change: Change | None = None,
        stress: StressSummary | None = None,
    ) -> None:
        self.d = drill
        self.change = change
        self.stress = stress
        self.t = Lang(lang)
        self.lang = lang
        self.names = drill.names(lang)
        self.figures: dict[str, Figure] = {}
        self.start = drill.scenario.start

    # --- naming -------------------------------------------------------------------
    def title_of(self, item: object) -> str:
        name = str(getattr(item, "name", ""))
        name_en = getattr(item, "name_en", None)
        return str(name_en) if self.t.en and name_en else name

    def figure(self, fid: str, caption: str, fig: Figure | None) -> list[Block]:
        if fig is None:
            return []
        file = f"{fid}.png"
        self.figures[file] = fig
        return [FigureRef(id=fid, caption=caption, file=file)]

    # --- 演练基本情况 --------------------------------------------------------------------
    def basics(self) -> Section:
        t, d = self.t, self.d
        plan, scen = d.plan, d.scenario
        kind = KIND_EN[plan.type] if t.en else KIND_ZH[plan.type]
        if d.kind == "session":
            drill_type = t(
                "桌面推演 (导调控制台现场推演, 按决策记录重放)",
                "Tabletop exercise (facilitated live drill, replayed from its decisions journal)",
            )
        else:
            drill_type = t(
                "桌面演练 (计算机模拟推演" + (", 含推演决策记录回放)" if d.decisions else ")"),
                "Tabletop exercise (computer simulation"
                + (", with the facilitator's decisions replayed)" if d.decisions else ")"),
            )
        w = scen.weather
        rows = [
            (t("演练情景", "Scenario"), self.title_of(scen)),
            (t("演练预案", "Plan"), f"{self.title_of(plan)} ({kind})"),
            (t("预案版本", "Plan revision"), plan.revision or "—"),
            (t("情景时间", "Scenario date and time"), f"{self.start:%Y-%m-%d %H:%M}"),
            (t("演练形式", "Exercise type"), drill_type),
            (t("随机种子", "Seed"), "—" if d.seed is None else str(d.seed)),
            (
                t("气象条件", "Weather"),
                t(
                    f"风速 {w.wind_speed_m_s:g} m/s, 风向 {w.wind_from_deg:g}° (来向), "
                    f"大气稳定度 {w.stability} 类, 气温 {w.temperature_c:g} °C",
                    f"wind {w.wind_speed_m_s:g} m/s from {w.wind_from_deg:g}°, "
                    f"stability class {w.stability}, {w.temperature_c:g} °C",
                ),
            ),
            (
                t("推演时长", "Simulated time"),
                t(f"{d.card.end_min:.0f} 分钟", f"{d.card.end_min:.0f} min"),
            ),
        ]
        blocks: list[Block] = [Facts(rows=rows)]
        description = (t.en and scen.description_en) or scen.description
        if description:
            blocks.append(Paragraph(text=description))
        hazards = [self.title_of(h) for h in scen.hazards]
        blocks.append(
            Paragraph(
                text=t("事故情景: ", "Hazards: ")
                + ("; ".join(hazards) if t.en else "；".join(hazards))
            )
        )
        blocks.append(self.participants())
        return Section(
            id="basics", title=t("一、演练基本情况", "1. Exercise overview"), blocks=blocks
        )

    def participants(self) -> Table:
        t, plan = self.t, self.d.plan
        acting = {e.actor for e in self.d.log if e.actor}
        rows = []
        for org in plan.organisations:
            teams = [tm for tm in plan.teams if tm.organisation == org.id]
            roles = [r for r in plan.roles if r.organisation == org.id]
            took_part = (
                org.id == plan.unit or org.id in acting or any(tm.id in acting for tm in teams)
            )
            kind = ORG_KIND[org.kind][1 if t.en else 0]
            sep = ", " if t.en else "、"
            rows.append(
                [
                    self.names(org.id),
                    kind,
                    sep.join(self.names(r.id) for r in roles) or "—",
                    sep.join(f"{self.names(tm.id)} ({tm.size})" for tm in teams) or "—",
                    t("参演", "took part") if took_part else t("未调动", "not called"),
                ]
            )
        return Table(
            caption=t("参演单位、岗位与队伍", "Participating organisations, roles and teams"),
            columns=[
                t("单位", "Organisation"),
                t("类别", "Kind"),
                t("岗位", "Roles"),
                t("队伍 (人数)", "Teams (size)"),
                t("本次", "This drill"),
            ],
            rows=rows,
        )

    # --- 评估过程 ----------------------------------------------------------------------
    def process(self) -> Section:
        t, d = self.t, self.d
        blocks: list[Block] = [
            Paragraph(
                text=t(
                    "依据 AQ/T 9009-2015《生产安全事故应急演练评估规范》和 GB/T 46792-2025, "
                    "以推演事件日志为唯一数据来源, "
                    "对照预案规定的时限 (无规定时采用默认目标及其依据) "
                    "计算各关键指标的实测值与目标之比, 换算为 0-100 分, 按评估目标加权; "
                    "未完成的关键任务或超过法定时限的, 相应目标直接评为不合格. "
                    "问题按不足项、整改项、改进项分级, 并指向预案条款.",
                    "Following AQ/T 9009-2015 and GB/T 46792-2025 (HSEEP AAR/IP in English): the "
                    "event log of the run is the only data source; each KPI is measured against "
                    "the plan's own time limit (else a default target with its source), the ratio "
                    "is mapped to a 0-100 score and weighted per objective; a missed critical task "
                    "or a breached legal limit rates its objective U. Findings are graded "
                    "deficiency / corrective action / improvement and point to the plan clause.",
                )
            ),
        ]
        bands = d.rules.bands
        rows = []
        for b in bands:
            rows.append(
                [
                    f"≥ {b.min_score:g}",
                    f"{b.hseep} ({HSEEP_EN[b.hseep]})"
                    if t.en
                    else f"{b.hseep} ({HSEEP_ZH[b.hseep]})",
                    b.grade,
                ]
            )
        blocks.append(
            Table(
                caption=t("评定等级", "Rating key"),
                columns=[t("得分", "Score"), "HSEEP", t("等级", "Grade")],
                rows=rows,
            )
        )
        sev_rows = [
            [
                _severity("不足项", t),
                t(
                    "应急准备或处置中存在的可能导致严重后果的问题, 须在规定期限内整改",
                    "could lead to serious harm; must be corrected within a set time",
                ),
            ],
            [
                _severity("整改项", t),
                t(
                    "单独不会导致严重后果的问题, 应在下次演练前整改",
                    "would not alone lead to serious harm; correct before the next drill",
                ),
            ],
            [
                _severity("改进项", t),
                t("可改进的做法, 建议改进", "could be done better; improvement advised"),
            ],
        ]
        blocks.append(
            Table(
                caption=t("问题分级 (AQ/T 9009-2015)", "Finding grades (AQ/T 9009-2015)"),
                columns=[t("等级", "Grade"), t("含义", "Meaning")],
                rows=sev_rows,
            )
        )
        src_rows = []
        labels = {
            "scenario": t("情景文件", "Scenario file"),
            "plan": t("预案文件", "Plan file"),
            "decisions": t("推演决策记录", "Decisions journal"),
            "events": t("事件日志", "Event log"),
            "observations": t("评估人意见", "Evaluator's observations"),
        }
        files = {"scenario": d.card.scenario.file, "plan": d.card.plan.file}
        if d.card.evaluator is not None:
            files["observations"] = d.card.evaluator.file
        if d.folder is not None:
            files["events"] = str(d.folder / "events.jsonl")
        for role, sha in d.sources.items():
            src_rows.append([labels.get(role, role), files.get(role) or "—", sha[:16]])
        if src_rows:
            blocks.append(
                Table(
                    caption=t("数据来源", "Data sources"),
                    columns=[t("数据", "Input"), t("文件", "File"), "SHA-256"],
                    rows=src_rows,
                )
            )
        blocks += self.evaluator_blocks()
        blocks.append(Heading(text=t("模型假设", "Model assumptions")))
        blocks.append(Items(items=self.assumptions()))
        warnings = self.validity_warnings()
        blocks.append(Heading(text=t("模型适用性提示", "Model validity warnings")))
        if warnings:
            blocks.append(Items(items=warnings))
        else:
            blocks.append(
                Paragraph(
                    text=t("本次推演未超出模型适用范围.", "No model was used out of its range.")
                )
            )
        return Section(id="process", title=t("二、评估过程", "2. Evaluation method"), blocks=blocks)

    def review_text(self, f: Finding) -> str | None:
        """Who regraded or dismissed a finding, when and why (None: the log's own finding)."""
        r, t = f.review, self.t
        if r is None:
            return None
        who = r.by + ((f" ({r.role})" if t.en else f"，{r.role}") if r.role else "")
        if r.action == "regraded" and r.from_severity is not None:
            return t(
                f"评估人调整：由{r.from_severity}调为{f.severity}（{who}，{r.date}）：{r.reason}",
                f"Regraded by the evaluator from {SEVERITY_EN[r.from_severity].lower()} to "
                f"{SEVERITY_EN[f.severity].lower()} ({who}, {r.date}): {r.reason}",
            )
        if r.action == "dismissed":
            return t(
                f"评估人撤销（{who}，{r.date}）：{r.reason}",
                f"Dismissed by the evaluator ({who}, {r.date}): {r.reason}",
            )
        return None  # an observed finding's evidence already names the evaluator

    def evaluator_blocks(self) -> list[Block]:
        """The evaluator's observations: who, what they judged and how it scored, and the
        findings they regraded or dismissed with why."""
        t, card = self.t, self.d.card
        ev = card.evaluator
        if ev is None:
            return []
        objectives = {r.objective: r.name.pick(self.lang) for r in card.objectives}
        blocks: list[Block] = [
            Heading(text=t("评估人意见", "Evaluator's observations")),
            Facts(
                rows=[
                    (t("评估人", "Evaluator"), ev.name),
                    (t("职务及单位", "Role"), ev.role or "—"),
                    (t("评估日期", "Date"), ev.date),
                    (t("记录文件", "File"), ev.file),
                ]
            ),
        ]
        if ev.items:
            blocks.append(
                Table(
                    caption=t(
                        "评估人判断（计入分项评定）",
                        "Evaluator's judgements (scored into objectives)",
                    ),
                    columns=[
                        t("项目", "Item"),
                        t("判断内容", "Judged"),
                        t("结论", "Answer"),
                        t("得分", "Score"),
                        t("评估目标", "Objective"),
                        t("说明", "Note"),
                    ],
                    rows=[
                        [
                            o.id,
                            o.text.pick(self.lang),
                            o.answer_text.pick(self.lang),
                            f"{o.score:g}",
                            objectives.get(o.objective, o.objective),
                            o.note or "—",
                        ]
                        for o in ev.items
                    ],
                    notes=[ev.source.pick(self.lang)],
                )
            )
        if ev.reviews:
            titles = {f.id: f.title.pick(self.lang) for f in card.findings + card.dismissed}
            rows = []
            for r in ev.reviews:
                change = (
                    t("撤销", "dismissed")
                    if r.action == "dismissed"
                    else f"{_severity(r.from_severity, t)} → {_severity(r.to_severity, t)}"
                    if r.to_severity is not None
                    else ""
                )
                rows.append([r.finding, titles.get(r.finding, r.rule), change, r.reason])
            blocks.append(
                Table(
                    caption=t("评估人对问题的调整", "Findings the evaluator regraded or dismissed"),
                    columns=[
                        t("编号", "No."),
                        t("问题", "Issue"),
                        t("调整", "Change"),
                        t("理由", "Reason"),
                    ],
                    rows=rows,
                )
            )
        return blocks

    def assumptions(self) -> list[str]:
        t, s = self.t, self.d.scenario
        disp = s.weather.dispersion
        out = [
            t(
                "推演为一次随机抽样: 行进和处置时间、通知延迟、装备检查失效由随机种子决定; "
                "同一输入与种子得到完全相同的结果.",
                "The run is one random sample: travel and task times, notification delays and "
                "equipment check failures follow the seed; the same inputs and seed give the "
                "same result.",
            ),
            t(
                "预案中的处置步骤在其前置条件满足后由所属岗位的队伍执行, "
                "队伍需先取用装备再前往现场.",
                "Plan steps start when their preconditions hold and are carried out by a team "
                "filling the owner role, which fetches its equipment before travelling.",
            ),
        ]
        if any(h.kind == "room_leak" for h in s.hazards):
            out.append(
                t(
                    "室内泄漏按充分混合房间模型计算浓度; 排风口外按高斯烟羽模型扩散.",
                    "A leak indoors follows the well-mixed room model; its exhaust disperses "
                    "as a Gaussian plume.",
                )
            )
        if any(h.kind == "gas_release" for h in s.hazards):
            out.append(
                t(
                    "室外气体泄漏按孔口泄放 (CCPS 1999) 与高斯烟羽模型计算.",
                    "An outdoor gas release follows hole outflow (CCPS 1999) and the Gaussian "
                    "plume.",
                )
            )
        if any(h.kind == "pipeline_rupture" for h in s.hazards):
            out.append(
                t(
                    "管道破裂按 Wilson 衰减流量计算, 着火时按点源模型计算热辐射, "
                    "潜在影响半径按 49 CFR 192.903 计算.",
                    "A pipeline rupture follows Wilson's decaying outflow; if ignited, heat "
                    "flux from a point source; potential impact radius after 49 CFR 192.903.",
                )
            )
        out.append(
            t(
                f"扩散系数: {DISPERSION_ZH.get(disp, disp)}; "
                "中毒与烧伤的死亡概率按概率单位 (probit) 模型计算.",
                f"Dispersion coefficients: {disp}; probabilities of death from toxic and "
                "burn probits.",
            )
        )
        return out

    def validity_warnings(self) -> list[str]:
        seen: list[str] = []
        for e in self.d.log:
            if e.kind == "model_warning":
                text = describe(e, self.names)
                if text not in seen:
                    seen.append(text)
        for w in self.d.warnings:
            if w not in seen:
                seen.append(w)
        return seen

    # --- 情况分析 ----------------------------------------------------------------------
    def kpi_table(self) -> Table:
        t, names = self.t, self.names
        sources: list[str] = []
        rows = []
        for k in self.d.card.kpis:
            src = k.target_source.pick(self.lang)
            if src not in sources:
                sources.append(src)
            unit = KPI_UNITS[k.unit][1 if t.en else 0]
            status = KPI_STATUS[k.status][1 if t.en else 0]
            if k.weight == 0 and k.status in ("met", "late", "exceeded"):
                status += t("(不评分)", " (not rated)")
            rows.append(
                [
                    _kpi_label(k, names, t),
                    offset(k.t_min) if k.t_min is not None else "—",
                    _measured(k, t),
                    "—" if k.target is None else f"{k.target:g} {unit}",
                    _num(k.ratio, "{:.2f}"),
                    _num(k.score, "{:.0f}"),
                    status,
                    f"[{sources.index(src) + 1}]",
                ]
            )
        return Table(
            caption=t("关键指标: 目标、实测与评分", "Key performance indicators"),
            columns=[
                t("指标", "KPI"),
                t("时刻", "At"),
                t("实测", "Measured"),
                t("目标", "Target"),
                t("比值", "Ratio"),
                t("得分", "Score"),
                t("状态", "Status"),
                t("依据", "Source"),
            ],
            rows=rows,
            notes=[f"[{i}] {s}" for i, s in enumerate(sources, 1)] + self._kpi_notes(),
        )

    def _kpi_notes(self) -> list[str]:
        """Each KPI's note (why one not yet due is missed), with the KPIs it explains."""
        t, names = self.t, self.names
        by_note: dict[str, list[str]] = {}
        for k in self.d.card.kpis:
            if k.note is not None:
                status = KPI_STATUS[k.status][1 if t.en else 0]
                label = f"{_kpi_label(k, names, t)} ({status})"
                by_note.setdefault(k.note.pick(self.lang), []).append(label)
        join = "; " if t.en else "、"
        return [
            t(f"{join.join(labels)}: {note}", f"{join.join(labels)}: {note}")
            for note, labels in by_note.items()
        ]

    def strengths(self, objective: str) -> list[str]:
        t, names = self.t, self.names
        out = []
        for k in self.d.card.kpis:
            if k.objective != objective or k.status != "met" or k.value is None:
                continue
            label = _kpi_label(k, names, t)
            if k.unit == "min" and k.target is not None:
                out.append(
                    t(
                        f"{label}: {k.value:.1f} 分钟 (目标 {k.target:g} 分钟内)",
                        f"{label}: {k.value:.1f} min (target {k.target:g} min)",
                    )
                )
            else:
                out.append(f"{label}: {_measured(k, t)}")
        return out

    def improvement_lines(self, found: Sequence[Finding]) -> list[str]:
        t = self.t
        return [
            t(
                f"[{f.id}] {f.title.zh} (原因: {CAPABILITY_ZH[f.capability]}方面). {f.evidence.zh}",
                f"[{f.id}] {f.title.en} (root cause: {f.capability}). {f.evidence.en}",
            )
            for f in found
        ]

    def analysis(self) -> Section:
        t, d = self.t, self.d
        blocks: list[Block] = [self.kpi_table()]
        if d.card.reporting:
            blocks.append(
                Paragraph(
                    text=t(
                        "向政府及有关部门报告 (响应级别的通知不是法定报告, 除非预案规定计为报告):",
                        "Reports to the authorities (a level's call is a notification, not the "
                        "legal report, unless the plan counts it):",
                    )
                )
            )
            blocks.append(Items(items=[t(r.summary.zh, r.summary.en) for r in d.card.reporting]))
        blocks += self.figure(
            "gantt",
            t(
                "应急响应甘特图: 各步骤的等待 (阴影)、途中与处置时间, 红色竖线为目标时限",
                "Response Gantt chart: waiting (shaded), travel and work of each step; "
                "red ticks mark targets",
            ),
            gantt_figure(d, self.lang),
        )
        blocks += self.figure(
            "utilisation",
            t(
                "队伍与装备利用率",
                "Team and equipment utilisation",
            ),
            utilisation_figure(d, self.lang),
        )
        for r in d.card.objectives:
            blocks.append(
                Heading(
                    text=f"{r.name.pick(self.lang)}: {_rating(r, self.lang)}"
                    + (f", {r.score:.1f}" + t(" 分", "") if r.score is not None else "")
                )
            )
            blocks.append(Paragraph(text=t("评定规则: ", "Rule: ") + r.rule.pick(self.lang)))
            good = self.strengths(r.objective or "")
            mine = [f for f in d.card.findings if f.objective == r.objective]
            if good:
                blocks.append(Paragraph(text=t("优点:", "Strengths:")))
                blocks.append(Items(items=good))
            else:
                blocks.append(
                    Paragraph(
                        text=t("优点: 无达标的计时指标.", "Strengths: no timed KPI met its target.")
                    )
                )
            if mine:
                blocks.append(
                    Paragraph(text=t("需改进之处及原因:", "Areas for improvement and root causes:"))
                )
                blocks.append(Items(items=self.improvement_lines(mine)))
        blocks += self.consequences()
        manual = d.card.manual_checks
        if manual:
            blocks.append(
                Table(
                    caption=t(
                        "需评估人判断的情景注入期望行动 (事件日志无法判定)",
                        "Expected actions of injects for the evaluator to judge (not in the log)",
                    ),
                    columns=[
                        t("时刻", "At"),
                        t("注入", "Inject"),
                        t("期望行动", "Expected action"),
                        t("评估人判断", "Evaluator's judgement"),
                    ],
                    rows=[
                        [
                            offset(m.t_min),
                            m.message_in(self.lang),
                            m.expected_in(self.lang),
                            ""
                            if m.mark is None or d.card.evaluator is None
                            else f"{MARK_TEXT[m.mark].pick(self.lang)}"
                            + t(f"（{d.card.evaluator.name}）", f" ({d.card.evaluator.name})"),
                        ]
                        for m in manual
                    ],
                )
            )
        return Section(
            id="analysis",
            title=t("三、情况分析", "3. Analysis of capabilities"),
            blocks=blocks,
            page_break=True,
        )

    def consequences(self) -> list[Block]:
        t, names = self.t, self.names
        outcomes = {e.actor: e for e in self.d.log if e.kind == "outcome" and e.actor}
        rows = []
        total = 0.0
        for e in self.d.log:
            if e.kind != "exposure" or not e.actor:
                continue
            det = e.details
            count = int(det.get("count", 1))
            out = outcomes.get(e.actor)
            p = float(out.details.get("probability_of_death", 0.0)) if out else 0.0
            if "flux_max_kw_m2" in det:
                peak = f"{float(det['flux_max_kw_m2']):.2f} kW/m²"
                above = t(
                    f"{float(det.get('above_pain_min', 0.0)):.1f} 分钟 (超过疼痛阈值)",
                    f"{float(det.get('above_pain_min', 0.0)):.1f} min above pain",
                )
                substance = t("热辐射", "heat")
            else:
                peak = f"{float(det.get('ppm_max', 0.0)):.0f} ppm"
                above = t(
                    f"IDLH 以上 {float(det.get('above_idlh_min', 0.0)):.1f} 分钟",
                    f"{float(det.get('above_idlh_min', 0.0)):.1f} min above IDLH",
                )
                substance = str(det.get("substance", ""))
            rows.append(
                [
                    names(e.actor),
                    str(count),
                    names(e.location),
                    substance,
                    t(
                        f"{float(det.get('minutes', 0.0)):.1f} 分钟",
                        f"{float(det.get('minutes', 0.0)):.1f} min",
                    ),
                    peak,
                    above,
                    t("是", "yes") if det.get("protected") else t("否", "no"),
                    f"{p:.1%}",
                ]
            )
        for out in outcomes.values():
            total += float(out.details.get("probability_of_death", 0.0)) * int(
                out.details.get("count", 1)
            )
        blocks: list[Block] = [Heading(text=t("事故后果", "Consequences"))]
        if rows:
            blocks.append(
                Table(
                    caption=t("人员暴露与后果", "Exposures and outcomes"),
                    columns=[
                        t("人员", "Who"),
                        t("人数", "People"),
                        t("地点", "Where"),
                        t("危害", "Hazard"),
                        t("暴露时长", "Exposed"),
                        t("峰值", "Peak"),
                        t("超阈值", "Above threshold"),
                        t("防护", "Protected"),
                        t("死亡概率", "P(death)"),
                    ],
                    rows=rows,
                    notes=[
                        t(
                            f"预期死亡人数 (概率之和): {total:.2f}",
                            f"Expected fatalities (sum of probabilities): {total:.2f}",
                        )
                    ],
                )
            )
        else:
            blocks.append(Paragraph(text=t("无人员暴露.", "Nobody was exposed.")))
        blocks += self.figure(
            "exposure",
            t(
                "暴露人员所在位置浓度与毒性负荷, 对照 IDLH、AEGL 及死亡概率 1%/50% 的负荷",
                "Concentration where each exposed person was and their toxic load, "
                "against IDLH, AEGL and the loads of 1 % and 50 % probability of death",
            ),
            exposure_figure(self.d, self.lang),
        )
        blocks += self.figure(
            "heat",
            t(
                "暴露人员所在位置热辐射通量与热剂量, 对照致痛与可耐受通量及死亡概率 1%/50% 的剂量",
                "Heat flux where each exposed person or crew was and their burn dose, "
                "against the pain and tolerable fluxes and the doses of 1 % and 50 % "
                "probability of death",
            ),
            heat_figure(self.d, self.lang),
        )
        blocks += self.figure(
            "zones",
            t("威胁区域图 (最不利条件)", "Threat zones (worst case)"),
            zone_figure(self.d, self.lang),
        )
        return blocks

    # --- 问题清单 ----------------------------------------------------------------------
    def findings(self) -> Section:
        t, card = self.t, self.d.card
        summary = ", ".join(f"{_severity(s, t)} {card.counts.get(s, 0)}" for s in SEVERITIES)
        blocks: list[Block] = [Paragraph(text=t("共发现问题: ", "Findings: ") + summary)]
        for sev in SEVERITIES:
            mine = [f for f in card.findings if f.severity == sev]
            if not mine:
                continue
            rows = [
                [
                    f.id,
                    (t("静态", "plan") if f.kind == "static" else t("推演", "run"))
                    + " · "
                    + _capability(f, t),
                    f.title.pick(self.lang),
                    f.evidence.pick(self.lang)
                    + "".join(
                        t("；造成：", "; led to: ") + c.pick(self.lang) for c in f.consequences
                    )
                    + (
                        ""
                        if self.review_text(f) is None
                        else t("；", "; ") + str(self.review_text(f))
                    ),
                    "; ".join(clause(r) for r in f.refs),
                ]
                for f in mine
            ]
            blocks.append(
                Table(
                    caption=f"{_severity(sev, t)} ({len(mine)})",
                    columns=[
                        t("编号", "No."),
                        t("来源·要素", "Source · element"),
                        t("问题", "Issue"),
                        t("依据", "Evidence"),
                        t("预案位置", "Plan clause"),
                    ],
                    rows=rows,
                )
            )
        if not card.findings:
            blocks.append(Paragraph(text=t("未发现问题.", "No findings.")))
        if card.dismissed:
            blocks.append(
                Table(
                    caption=t(
                        f"评估人撤销的问题 ({len(card.dismissed)})，不计入评定",
                        f"Dismissed by the evaluator ({len(card.dismissed)}), not rated",
                    ),
                    columns=[
                        t("编号", "No."),
                        t("原等级", "Grade"),
                        t("问题", "Issue"),
                        t("撤销理由", "Why dismissed"),
                    ],
                    rows=[
                        [
                            f.id,
                            _severity(f.severity, t),
                            f.title.pick(self.lang),
                            self.review_text(f) or "",
                        ]
                        for f in card.dismissed
                    ],
                )
            )
        return Section(
            id="findings", title=t("四、问题清单", "4. Findings"), blocks=blocks, page_break=True
        )

    # --- 改进意见 ----------------------------------------------------------------------
    def improvement_table(self) -> Table:
        t, d = self.t, self.d
        day = self.start.date()
        rows = []
        for f in d.card.findings:
            rows.append(
                [
                    f.id,
                    f"{f.title.pick(self.lang)} ({_severity(f.severity, t)})",
                    f.recommendation.pick(self.lang),
                    _capability(f, t),
                    responsible_organisation(f, d.plan, self.names),
                    due_date(f.severity, d.plan, day).isoformat(),
                    clause(f.refs[0]),
                ]
            )
        return Table(
            caption=t("改进计划", "Improvement plan"),
            columns=[
                t("编号", "No."),
                t("问题", "Issue"),
                t("整改措施", "Corrective action"),
                t("能力要素", "Capability element"),
                t("责任单位", "Responsible organisation"),
                t("完成期限", "Due"),
                t("修订条款", "Plan clause to revise"),
            ],
            rows=rows,
            notes=[
                t(
                    "完成期限: 不足项 30 日内; 整改项在下次演练前 "
                    "(《生产安全事故应急预案管理办法》第三十三条: "
                    "现场处置方案每半年、综合及专项预案每年至少演练一次); 改进项在下次修订时.",
                    "Due: deficiencies within 30 days; corrective actions before the next drill "
                    "(Measures for emergency plan management, Art. 33: on-site plans every 6 "
                    "months, comprehensive and special plans yearly); improvements at the "
                    "next revision.",
                )
            ],
        )

    def improvement(self) -> Section:
        t = self.t
        blocks: list[Block] = []
        if self.d.card.findings:
            blocks.append(self.improvement_table())
        else:
            blocks.append(Paragraph(text=t("无需整改.", "Nothing to correct.")))
        return Section(
            id="improvement", title=t("五、改进意见", "5. Improvement plan"), blocks=blocks
        )

    def verdict(self) -> Callout:
        t, o = self.t, self.d.card.overall
        tones: dict[str, Tone] = {"P": "good", "S": "good", "M": "warning", "U": "danger"}
        return Callout(
            tone=tones.get(o.hseep or "", "info"),
            text=t(
                f"总体评定: {_rating(o, 'zh')}"
                + (f", 得分 {o.score:.1f}" if o.score is not None else ""),
                f"Overall rating: {_rating(o, 'en', long=True)}"
                + (f", score {o.score:.1f}" if o.score is not None else ""),
            ),
        )

    def change_blocks(self) -> list[Block]:
        """The change since the previous drill of the same plan in the archive."""
        t, c = self.t, self.change
        if c is None:
            return []
        p = c.previous
        sev = {"不足项": "Deficiency", "整改项": "Corrective action", "改进项": "Improvement"}

        def line(f: FindingRow) -> str:
            title = f.title_en if t.en else f.title_zh
            grade = sev.get(f.severity, f.severity) if t.en else f.severity
            return f"{title} ({grade}; {f.clause})"

        prev_rating = rating_text(p.hseep, p.grade, self.lang)
        prev_score = f", {p.score:.1f}" if p.score is not None else ""
        delta = "—" if c.score_delta is None else f"{c.score_delta:+.1f}"
        blocks: list[Block] = [
            Heading(text=t("与上次演练相比", "Change since the previous drill")),
            Facts(
                rows=[
                    (
                        t("上次演练", "Previous drill"),
                        t(
                            f"存档第 {p.id} 号, {p.drill_start}, 预案版本 {p.plan_revision or '—'}",
                            f"archive no. {p.id}, {p.drill_start}, plan revision "
                            f"{p.plan_revision or '—'}",
                        ),
                    ),
                    (t("上次评定", "Previous rating"), prev_rating + prev_score),
                    (t("得分变化", "Score change"), delta),
                    (
                        t("问题变化", "Findings"),
                        t(
                            f"新发现 {len(c.new)}, 已整改 {len(c.closed)}, "
                            f"重复出现 {len(c.recurring)}",
                            f"{len(c.new)} new, {len(c.closed)} closed, "
                            f"{len(c.recurring)} recurring",
                        ),
                    ),
                ]
            ),
        ]
        if c.raised:
            rule = self.d.rules.recurrence
            blocks.append(
                Callout(
                    tone="danger",
                    text=t(
                        f"重复出现的{rule.from_severity}升为{rule.to_severity}: ",
                        "Recurring corrective actions raised to deficiencies: ",
                    )
                    + "; ".join(line(f) for f in c.raised)
                    + f" [{rule.source.pick(self.lang)}]",
                )
            )
        if c.recurring:
            blocks.append(Paragraph(text=t("重复出现的问题:", "Recurring findings:")))
            blocks.append(Items(items=[line(f) for f in c.recurring]))
        if c.closed:
            blocks.append(Paragraph(text=t("已不再出现的问题:", "Findings no longer found:")))
            blocks.append(Items(items=[line(f) for f in c.closed]))
        return blocks

    # --- 评估结论 ----------------------------------------------------------------------
    def conclusion(self) -> Section:
        t, card = self.t, self.d.card
        o = card.overall
        blocks: list[Block] = [
            self.verdict(),
            Paragraph(text=t("评定规则: ", "Rule: ") + o.rule.pick(self.lang)),
            Table(
                columns=[t("评估目标", "Objective"), t("得分", "Score"), t("评定", "Rating")],
                rows=[
                    [r.name.pick(self.lang), _num(r.score), _rating(r, self.lang)]
                    for r in card.objectives
                ],
            ),
        ]
        if revise_plan(self.d):
            blocks.append(
                Callout(
                    tone="danger",
                    text=t(
                        "预案需要修订: 演练发现需要修订预案的重大问题 "
                        "(《生产安全事故应急预案管理办法》"
                        "第三十六条第五项). 修订后应重新评审并在下次演练中验证.",
                        "The plan must be revised: the drill found major problems in it (Measures "
                        "for emergency plan management, Art. 36 (5)). Review the revision and "
                        "test it in the next drill.",
                    ),
                )
            )
        else:
            blocks.append(
                Callout(
                    tone="good",
                    text=t(
                        "预案无需修订; 整改项与改进项按改进计划落实.",
                        "The plan need not be revised; carry out the improvement plan.",
                    ),
                )
            )
        blocks += self.change_blocks()
        return Section(id="conclusion", title=t("六、评估结论", "6. Conclusion"), blocks=blocks)

    # --- appendix -----------------------------------------------------------------------
    def appendix(self) -> Section:
        t = self.t
        rows = [
            [clock(self.start, e.t), offset(e.t), text]
            for e, text in timeline(self.d.log, self.names)
            if e.kind != "model_warning"
        ]
        return Section(
            id="timeline",
            title=t("附录 推演时间线", "Appendix: timeline of the run"),
            blocks=[
                Table(
                    columns=[t("时间", "Clock"), t("事故后", "Since accident"), t("事件", "Event")],
                    rows=rows,
                )
            ],
            page_break=True,
        )

    # --- summary report ---------------------------------------------------------------
    def summary_overview(self) -> Section:
        basics = self.basics()
        t = self.t
        blocks: list[Block] = [*basics.blocks, self.verdict()]
        blocks += self.figure(
            "gantt",
            t("应急响应甘特图", "Response Gantt chart"),
            gantt_figure(self.d, self.lang),
        )
        return Section(
            id="overview", title=t("一、演练基本概要", "1. Exercise summary"), blocks=blocks
        )

    def summary_lessons(self) -> Section:
        t, card = self.t, self.d.card
        good = [s for r in card.objectives for s in self.strengths(r.objective or "")]
        blocks: list[Block] = [Heading(text=t("经验", "What went well"))]
        blocks.append(
            Items(items=good)
            if good
            else Paragraph(text=t("无达标的计时指标.", "No timed KPI met its target."))
        )
        blocks.append(Heading(text=t("发现的问题和教训", "Problems found and lessons")))
        lines = [
            t(
                f"[{f.id}] {f.severity} {f.title.zh}: {f.evidence.zh}",
                f"[{f.id}] {SEVERITY_EN[f.severity]}: {f.title.en}. {f.evidence.en}",
            )
            + ("" if self.review_text(f) is None else f" ({self.review_text(f)})")
            for f in card.findings
        ]
        blocks.append(
            Items(items=lines) if lines else Paragraph(text=t("未发现问题.", "No findings."))
        )
        if card.evaluator is not None:
            blocks += self.evaluator_blocks()
        return Section(
            id="lessons",
            title=t("二、发现的问题、经验和教训", "2. Problems, strengths and lessons"),
            blocks=blocks,
        )

    def summary_recommendations(self) -> Section:
        t = self.t
        blocks: list[Block] = []
        if self.d.card.findings:
            blocks.append(self.improvement_table())
        else:
            blocks.append(Paragraph(text=t("无需整改.", "Nothing to correct.")))
        if revise_plan(self.d):
            blocks.append(
                Callout(
                    tone="danger",
                    text=t(
                        "预案需要修订 (《生产安全事故应急预案管理办法》第三十六条第五项).",
                        "The plan must be revised (Measures for emergency plan management, "
                        "Art. 36 (5)).",
                    ),
                )
            )
        blocks += self.change_blocks()
        return Section(
            id="recommendations", title=t("三、改进工作的建议", "3. Recommendations"), blocks=blocks
        )

    # --- the document -----------------------------------------------------------------
    def document(self, kind: str) -> Document:
        from scoring.report.stress import stress_section

        t, d = self.t, self.d
        if kind == "evaluation":
            title = t("演练评估报告", "After-Action Report / Improvement Plan")
            sections = [
                self.basics(),
                self.process(),
                self.analysis(),
                self.findings(),
                self.improvement(),
                self.conclusion(),
                self.appendix(),
            ]
            if self.stress is not None:
                sections.append(stress_section(self.stress, self.lang, self.figures, self.names))
        elif kind == "summary":
            title = t("演练总结报告", "Exercise Summary Report")
            sections = [
                self.summary_overview(),
                self.summary_lessons(),
                self.summary_recommendations(),
            ]
            if self.stress is not None:
                sections.append(stress_section(self.stress, self.lang, self.figures, self.names))
        else:
            raise ValueError(f"unknown report kind {kind!r}")
        card = d.card
        plan_title = with_revision(self.title_of(d.plan), d.plan.revision)
        return Document(
            kind=kind,
            lang=self.lang,
            title=title,
            subtitle=f"{self.title_of(d.scenario)} · {plan_title}",
            header=f"{title} · {self.title_of(d.scenario)}",
            date=self.start.date().isoformat(),
            sources=dict(d.sources),
            headline=Headline(
                score=card.overall.score,
                hseep=card.overall.hseep,
                grade=card.overall.grade,
                counts=dict(card.counts),
                revise_plan=revise_plan(d),
                findings=[f.rule for f in card.findings],
            ),
            sections=number_figures(sections, self.lang),
        )


def build_report(
    drill: Drill,
    kind: str = "evaluation",
    lang: str = "zh",
    change: Change | None = None,
    stress: StressSummary | None = None,
) -> Built:
    """The evaluation or summary report of ``drill`` in ``lang``, with its figures; with
    ``change``, the change since the previous drill of the same plan; with ``stress``,
    the many-runs statistics of a stress or compare result."""
    b = _Builder(drill, lang, change, stress)
    doc = b.document(kind)
    return Built(doc, b.figures)
