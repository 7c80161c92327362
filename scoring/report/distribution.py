"""The report of a stress or compare result (``drillsim report RESULT``): a plan judged
over many runs of its scenario, not one run.

The evaluation report keeps the sections of AQ/T 9009-2015 §7.4, read as
distributions: the KPIs' spread against their targets and the probability of
meeting each, the probability of each rating and consequence, the findings by the
share of runs that found them, and for ``compare`` what a revision fixed, kept or
introduced, with the paired differences. The summary report has its three parts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from matplotlib.figure import Figure

from scoring.names import Names, with_revision
from scoring.report.document import (
    Block,
    Callout,
    Document,
    Facts,
    FigureRef,
    Heading,
    Items,
    Paragraph,
    Section,
    Table,
    number_figures,
)
from scoring.report.evaluation import HSEEP_EN, HSEEP_ZH, Built, Lang
from scoring.report.stress import _n, _share, cdf_figure, kpi_label, stress_section
from scoring.rulenames import finding_label
from scoring.stress import Revision, Share, StressSummary
from sim.errors import InputError
from sim.loader import load
from sim.runfiles import sha256_file
from sim.scenario import Scenario


@dataclass
class Inputs:
    """The scenario and plans a result names, where they can still be read."""

    scenario: Scenario | None = None
    names: dict[str, Names] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def read_inputs(summary: StressSummary, lang: str) -> Inputs:
    """Load the result's scenario and plans for display names and the drill's date; a file
    that moved or changed since is named in a warning and its ids are shown as they are."""
    out = Inputs()
    sc = summary.scenario
    for rev in summary.revisions:
        files = [sc.file, rev.plan.file]
        if None in files:
            continue
        paths = [Path(str(f)) for f in files]
        shas = [sc.sha256, rev.plan.sha256]
        try:
            loaded = load(paths[0], paths[1])
        except InputError as exc:
            out.warnings.append(f"warning: {exc.problems[0]}: names shown as ids")
            continue
        for path, sha in zip(paths, shas, strict=True):
            if sha and sha256_file(path) != sha:
                out.warnings.append(f"warning: {path} changed since the result was written")
        out.scenario = out.scenario or loaded.scenario
        out.names[rev.plan.id] = Names.of(loaded.scenario, loaded.plan, lang)
    return out


class _Builder:
    def __init__(self, summary: StressSummary, lang: str, inputs: Inputs) -> None:
        self.s = summary
        self.lang = lang
        self.t = Lang(lang)
        self.inputs = inputs
        self.figures: dict[str, Figure] = {}

    def names(self, rev: Revision) -> Names | None:
        return self.inputs.names.get(rev.plan.id)

    def plan_title(self, rev: Revision) -> str:
        p = rev.plan
        name = p.name_en if self.t.en and p.name_en else p.name
        return with_revision(name, p.revision)

    def scenario_title(self) -> str:
        sc = self.s.scenario
        return sc.name_en if self.t.en and sc.name_en else sc.name

    def finding_text(self, key: str, rev: Revision) -> str:
        return finding_label(key, self.lang, self.names(rev))

    # --- sections -------------------------------------------------------------------
    def basics(self) -> Section:
        t, s = self.t, self.s
        run = s.run
        sc = self.inputs.scenario
        rows = [
            (t("演练情景", "Scenario"), self.scenario_title()),
            *[(t("预案", "Plan") + f" [{r.index}]", self.plan_title(r)) for r in s.revisions],
            (
                t("演练形式", "Exercise type"),
                t(
                    "计算机模拟推演, 多次重复 (蒙特卡洛)"
                    if s.kind == "stress"
                    else "计算机模拟推演, 预案修订版在共同随机数下对比",
                    "Computer simulation, many runs (Monte Carlo)"
                    if s.kind == "stress"
                    else "Computer simulation, plan revisions compared on common random numbers",
                ),
            ),
            (
                t("重复次数", "Replications"),
                f"{run.replications} / {run.requested}"
                + (t(" (结果不完整)", " (partial)") if run.partial else ""),
            ),
            (t("随机种子", "Seed"), str(s.seed)),
        ]
        if sc is not None:
            rows.insert(1, (t("情景时间", "Scenario date and time"), f"{sc.start:%Y-%m-%d %H:%M}"))
        if run.partial and run.reason:
            rows.append((t("未完成原因", "Why partial"), run.reason))
        return Section(
            id="basics",
            title=t("一、演练基本情况", "1. Exercise overview"),
            blocks=[Facts(rows=rows)],
        )

    def process(self) -> Section:
        t, s = self.t, self.s
        blocks: list[Block] = [
            Paragraph(
                text=t(
                    "依据 AQ/T 9009-2015《生产安全事故应急演练评估规范》, 对同一情景重复推演, "
                    "每次推演的行程、处置时长、装备故障等随机抽样 (各随机源独立, 修订版之间共用同一"
                    "随机数). 每个关键指标给出均值 (Student t 95% 区间)、分位数 (无分布假设的 95% "
                    "区间) 及达标概率 (Wilson 95% 区间); 每次推演按单次推演的规则评定, "
                    "统计各评定等级和各问题出现的比例. 对比修订版时给出配对差、"
                    "配对 t 检验的 p 值和 Holm 校正.",
                    "Following AQ/T 9009-2015, the scenario is run many times, each run drawing "
                    "travel, task durations and equipment failures at random (one stream per "
                    "source; revisions share the same random numbers). Each KPI's mean "
                    "(Student-t 95 % interval), percentiles (distribution-free 95 % intervals) "
                    "and probability of meeting its target (Wilson 95 % interval) are given; "
                    "each run is rated by the rules of a single run, and the share of runs "
                    "with each rating and each finding is counted. Revisions are compared by "
                    "paired differences, the p-value of the paired t test and Holm's correction.",
                )
            )
        ]
        rows = [
            [
                t("情景文件", "Scenario file"),
                s.scenario.file or "—",
                (s.scenario.sha256 or "—")[:16],
            ]
        ]
        for r in s.revisions:
            rows.append(
                [
                    t("预案文件", "Plan file") + f" [{r.index}]",
                    r.plan.file or "—",
                    (r.plan.sha256 or "—")[:16],
                ]
            )
        blocks.append(
            Table(
                caption=t("数据来源", "Data sources"),
                columns=[t("数据", "Input"), t("文件", "File"), "SHA-256"],
                rows=rows,
            )
        )
        run = s.run
        blocks.append(
            Paragraph(
                text=t(
                    f"执行: {run.executor}, {run.workers} 个进程, 用时 {run.seconds:.0f} 秒"
                    + (
                        f"; 精度目标 ±{run.precision:.0%}"
                        + ("已达到" if run.precision_reached else "未达到")
                        if run.precision is not None
                        else ""
                    )
                    + ".",
                    f"Executor: {run.executor}, {run.workers} workers, {run.seconds:.0f} s"
                    + (
                        f"; precision ±{run.precision:.0%} "
                        + ("reached" if run.precision_reached else "not reached")
                        if run.precision is not None
                        else ""
                    )
                    + ".",
                )
            )
        )
        return Section(id="process", title=t("二、评估过程", "2. Evaluation method"), blocks=blocks)

    def outcome_table(self) -> Table:
        t = self.t
        rows = []
        for r in self.s.revisions:
            ef = r.expected_fatalities
            rows.append(
                [
                    f"[{r.index}] {self.plan_title(r)}",
                    *[_share(r.hseep.get(h)) for h in ("P", "S", "M", "U")],
                    _n(ef.mean, "{:.2f}"),
                    _n(ef.p90, "{:.2f}"),
                ]
            )
        return Table(
            caption=t(
                "各评定等级的概率与预期死亡人数",
                "Probability of each rating, and expected fatalities",
            ),
            columns=[
                t("预案", "Plan"),
                *[f"{h} ({HSEEP_EN[h] if t.en else HSEEP_ZH[h]})" for h in ("P", "S", "M", "U")],
                t("预期死亡 均值", "Expected deaths, mean"),
                t("预期死亡 P90", "Expected deaths, P90"),
            ],
            rows=rows,
        )

    def analysis(self) -> Section:
        t = self.t
        blocks: list[Block] = [self.outcome_table()]
        many = stress_section(self.s, self.lang, self.figures, self._any_names())
        blocks += many.blocks
        return Section(
            id="analysis",
            title=t("三、情况分析", "3. Analysis of capabilities"),
            blocks=blocks,
            page_break=True,
        )

    def _any_names(self) -> Names | None:
        return next(iter(self.inputs.names.values()), None)

    def findings(self) -> Section:
        t = self.t
        blocks: list[Block] = [
            Paragraph(
                text=t(
                    "各问题按发现它的推演次数所占比例排列 (Wilson 95% 区间); 单次推演中问题的"
                    "分级与依据见单次推演的评估报告.",
                    "Findings ranked by the share of runs that found them (Wilson 95 % "
                    "interval); a single run's evaluation report gives their grades and evidence.",
                )
            )
        ]
        for rev in self.s.revisions:
            ranked = sorted(rev.findings.items(), key=lambda kv: (-(kv[1].p or 0.0), kv[0]))
            rows = [[self.finding_text(k, rev), _share(v), f"{v.hits}/{v.n}"] for k, v in ranked]
            blocks.append(
                Table(
                    caption=f"[{rev.index}] {self.plan_title(rev)}",
                    columns=[
                        t("问题", "Finding"),
                        t("出现比例", "Share of runs"),
                        t("次数", "Runs"),
                    ],
                    rows=rows or [[t("未发现问题", "no findings"), "—", "—"]],
                )
            )
        return Section(
            id="findings", title=t("四、问题清单", "4. Findings"), blocks=blocks, page_break=True
        )

    def likely(self, rev: Revision, at_least: float = 0.5) -> list[tuple[str, Share]]:
        return sorted(
            ((k, v) for k, v in rev.findings.items() if (v.p or 0.0) >= at_least),
            key=lambda kv: -(kv[1].p or 0.0),
        )

    def improvement(self) -> Section:
        t = self.t
        blocks: list[Block] = []
        for rev in self.s.revisions:
            items = [f"{self.finding_text(k, rev)} — {_share(v)}" for k, v in self.likely(rev)]
            blocks.append(Heading(text=f"[{rev.index}] {self.plan_title(rev)}"))
            blocks.append(
                Paragraph(
                    text=t(
                        "半数以上推演发现的问题, 应优先整改:",
                        "Found in half the runs or more; correct these first:",
                    )
                )
                if items
                else Paragraph(
                    text=t("没有半数以上推演都发现的问题.", "No finding in half the runs or more.")
                )
            )
            if items:
                blocks.append(Items(items=items))
        if self.s.findings:
            status = {
                "fixed": t("已消除", "fixed"),
                "new": t("新出现", "new"),
                "kept": t("仍存在", "kept"),
            }
            rows = []
            for c in self.s.findings:
                # a fixed finding points into the first revision's plan, a new one into its own
                rev = self.s.revisions[0 if c.status == "fixed" else c.revision]
                rows.append(
                    [
                        self.finding_text(c.finding, rev),
                        f"[{c.revision}]",
                        status[c.status],
                        f"{c.share_first:.0%}",
                        f"{c.share_revision:.0%}",
                    ]
                )
            blocks.append(
                Table(
                    caption=t(
                        "修订版与第一版相比的问题变化",
                        "Findings of each revision against the first",
                    ),
                    columns=[
                        t("问题", "Finding"),
                        t("修订", "Revision"),
                        t("变化", "Change"),
                        t("第一版比例", "Share, first"),
                        t("修订版比例", "Share, revision"),
                    ],
                    rows=rows,
                )
            )
        return Section(
            id="improvement", title=t("五、改进意见", "5. Improvement plan"), blocks=blocks
        )

    def verdict(self, rev: Revision) -> Callout:
        t = self.t
        u = rev.hseep.get("U")
        pu = u.p if u is not None and u.p is not None else 0.0
        tone = "danger" if pu >= 0.5 else "warning" if pu > 0 else "good"
        mode = max(("P", "S", "M", "U"), key=lambda h: rev.hseep[h].p or 0.0)
        return Callout(
            tone=tone,
            text=t(
                f"[{rev.index}] {self.plan_title(rev)}: 最可能的评定为 {mode} "
                f"({_share(rev.hseep[mode])}), 评为 U/不合格 的概率 {_share(u)}.",
                f"[{rev.index}] {self.plan_title(rev)}: most likely rating {mode} "
                f"({_share(rev.hseep[mode])}); probability of U {_share(u)}.",
            ),
        )

    def conclusion(self) -> Section:
        t = self.t
        blocks: list[Block] = [self.verdict(r) for r in self.s.revisions]
        legal = [
            (r, k)
            for r in self.s.revisions
            for k in r.kpis
            if k.legal and k.meets_target is not None
        ]
        for r, k in legal:
            blocks.append(
                Paragraph(
                    text=t(
                        f"[{r.index}] {kpi_label(k, self.lang, self.names(r))}："
                        f"在法定时限内的概率 {_share(k.meets_target)}。",
                        f"[{r.index}] {kpi_label(k, self.lang, self.names(r))} within its legal "
                        f"limit: {_share(k.meets_target)}.",
                    )
                )
            )
        if self.s.best:
            wins: dict[int, int] = {}
            for idx in self.s.best.values():
                wins[idx] = wins.get(idx, 0) + 1
            blocks.append(
                Paragraph(
                    text=t("均值最优的指标数: ", "KPIs with the best mean, per revision: ")
                    + ", ".join(f"[{i}] {n}" for i, n in sorted(wins.items()))
                )
            )
        return Section(id="conclusion", title=t("六、评估结论", "6. Conclusion"), blocks=blocks)

    def summary_overview(self) -> Section:
        t = self.t
        blocks: list[Block] = [
            *self.basics().blocks,
            self.outcome_table(),
            *[self.verdict(r) for r in self.s.revisions],
        ]
        for rev in self.s.revisions:
            fig = cdf_figure(rev, self.lang, self.names(rev))
            if fig is None:
                continue
            file = f"cdf-{rev.index}.png"
            self.figures[file] = fig
            blocks.append(
                FigureRef(
                    id=f"cdf-{rev.index}",
                    caption=t(
                        f"关键指标累积分布与目标 ([{rev.index}] {self.plan_title(rev)})",
                        "Cumulative distribution of each timed KPI against its target "
                        f"([{rev.index}] {self.plan_title(rev)})",
                    ),
                    file=file,
                )
            )
        return Section(
            id="overview", title=t("一、演练基本概要", "1. Exercise summary"), blocks=blocks
        )

    def summary_lessons(self) -> Section:
        t = self.t
        blocks: list[Block] = []
        for rev in self.s.revisions:
            names = self.names(rev)
            good = [
                f"{kpi_label(k, self.lang, names)}: {_share(k.meets_target)}"
                for k in rev.kpis
                if k.meets_target is not None and (k.meets_target.p or 0.0) >= 0.9
            ]
            blocks.append(Heading(text=f"[{rev.index}] {self.plan_title(rev)}"))
            blocks.append(
                Paragraph(text=t("九成以上推演达标的指标:", "KPIs met in 90 % of runs or more:"))
            )
            blocks.append(Items(items=good) if good else Paragraph(text="—"))
            bad = [f"{self.finding_text(k, rev)} — {_share(v)}" for k, v in self.likely(rev)]
            blocks.append(
                Paragraph(text=t("半数以上推演发现的问题:", "Found in half the runs or more:"))
            )
            blocks.append(Items(items=bad) if bad else Paragraph(text="—"))
        return Section(
            id="lessons",
            title=t("二、发现的问题、经验和教训", "2. Problems, strengths and lessons"),
            blocks=blocks,
        )

    def document(self, kind: str) -> Document:
        t = self.t
        if kind == "evaluation":
            title = t("演练评估报告 (多次推演)", "After-Action Report (many runs)")
            sections = [
                self.basics(),
                self.process(),
                self.analysis(),
                self.findings(),
                self.improvement(),
                self.conclusion(),
            ]
        elif kind == "summary":
            title = t("演练总结报告 (多次推演)", "Exercise Summary Report (many runs)")
            recs = self.improvement()
            sections = [
                self.summary_overview(),
                self.summary_lessons(),
                recs.model_copy(
                    update={
                        "id": "recommendations",
                        "title": t("三、改进工作的建议", "3. Recommendations"),
                    }
                ),
            ]
        else:
            raise ValueError(f"unknown report kind {kind!r}")
        sc = self.inputs.scenario
        plans = " / ".join(self.plan_title(r) for r in self.s.revisions)
        sources = {"scenario": self.s.scenario.sha256 or ""}
        for r in self.s.revisions:
            sources[f"plan[{r.index}]"] = r.plan.sha256 or ""
        return Document(
            kind=kind,
            lang=self.lang,
            title=title,
            subtitle=f"{self.scenario_title()} · {plans}",
            header=f"{title} · {self.scenario_title()}",
            date="" if sc is None else sc.start.date().isoformat(),
            sources={k: v for k, v in sources.items() if v},
            headline=None,
            sections=number_figures(sections, self.lang),
        )


def build_distribution_report(
    summary: StressSummary, kind: str = "evaluation", lang: str = "zh"
) -> tuple[Built, list[str]]:
    """The evaluation or summary report of a stress or compare result, and warnings about
    its input files."""
    inputs = read_inputs(summary, lang)
    b = _Builder(summary, lang, inputs)
    doc = b.document(kind)
    return Built(doc, b.figures), inputs.warnings


def is_stress_result(source: Path) -> bool:
    """A folder written by ``drillsim stress`` or ``compare`` (or its summary.json)."""
    if source.is_dir():
        return (source / "summary.json").is_file() and not (source / "manifest.json").is_file()
    return source.name.endswith(".json") and source.is_file()
