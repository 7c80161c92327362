"""The many-runs section of a report (``--stress RESULT``): a ``drillsim stress`` or
``compare`` result folder's KPI distributions against their targets, the
probability of meeting each target and of each rating, and expected fatalities."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from matplotlib.figure import Figure
from pydantic import ValidationError

from scoring.consequences import consequence_label
from scoring.names import Names, with_revision
from scoring.report.document import Block, FigureRef, Heading, Paragraph, Section, Table
from scoring.report.evaluation import Lang
from scoring.report.figures import chinese_fonts, wrap_label
from scoring.stress import Distribution, KpiResult, Revision, Share, StressSummary
from sim.errors import InputError, Problem


def open_stress(folder: Path) -> StressSummary:
    """A result folder written by ``drillsim stress`` or ``drillsim compare``."""
    path = folder / "summary.json" if folder.is_dir() else folder
    if not path.is_file():
        raise InputError(
            [Problem(str(path), None, "--stress", "expected a result folder of `drillsim stress`")]
        )
    try:
        return StressSummary.model_validate_json(path.read_text(encoding="utf-8"))
    except (ValidationError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        first = str(exc).splitlines()[0]
        raise InputError(
            [Problem(str(path), None, "--stress", f"expected drillsim-stress/1: {first}")]
        ) from None


def _n(x: float | None, fmt: str = "{:.1f}") -> str:
    return "—" if x is None else fmt.format(x)


def _share(s: Share | None) -> str:
    if s is None or s.p is None:
        return "—"
    ci = f" ({s.ci95.low:.0%}–{s.ci95.high:.0%})" if s.ci95 is not None else ""
    return f"{s.p:.0%}{ci}"


def _dist(d: Distribution) -> tuple[str, str, str]:
    return _n(d.mean), _n(d.p50), _n(d.p90)


def kpi_label(k: KpiResult, lang: str, names: Names | None) -> str:
    """The KPI's label with its subject (the level, person or hazard in its id)."""
    label = k.label.pick(lang)
    _, _, subject = k.id.partition(":")
    if subject:
        label += f" {names(subject) if names is not None else subject}"
    return label


def difference_labels(
    summary: StressSummary,
    lang: str,
    names: Names | None,
    by_revision: Sequence[Names] | None = None,
) -> dict[str, str]:
    """What each paired difference measures, by its id: each revision's KPIs and
    consequences by label (the first revision's first: a KPI only a later revision measures,
    a person only its runs expose, is named from that revision), and the expected
    fatalities. ``by_revision``: the names of each revision's plan, where they differ."""
    labels: dict[str, str] = {}
    for rev in summary.revisions:
        named = names
        if by_revision is not None and rev.index < len(by_revision):
            named = by_revision[rev.index]
        for k in rev.kpis:
            labels.setdefault(f"kpi:{k.id}", kpi_label(k, lang, named))
        for c in rev.consequences:
            key, _, subject = c.id.partition(":")
            name = named(subject) if named is not None and subject else subject
            labels.setdefault(f"consequence:{c.id}", consequence_label(key, name, name).pick(lang))
    labels["expected_fatalities"] = "Expected fatalities" if lang == "en" else "预计死亡人数"
    return labels


def distribution_figure(rev: Revision, lang: str, names: Names | None = None) -> Figure | None:
    """SMORE-style: each timed KPI's P10–P90 range, median and mean interval against its target."""
    rows = [
        k
        for k in rev.kpis
        if k.unit == "min" and None not in (k.value.p10, k.value.p50, k.value.p90)
    ]
    if not rows:
        return None
    en = lang == "en"
    with chinese_fonts():
        fig = Figure(figsize=(7.6, 0.32 * len(rows) + 1.4), layout="constrained")
        ax = fig.subplots()
        for i, k in enumerate(rows):
            v = k.value
            p10, p50, p90 = float(v.p10 or 0.0), float(v.p50 or 0.0), float(v.p90 or 0.0)
            ax.plot([p10, p90], [i, i], color="#9ecae1", linewidth=6, solid_capstyle="butt")
            ax.plot([p50], [i], marker="o", color="#2171b5", markersize=5)
            if v.mean_ci95 is not None:
                ax.plot([v.mean_ci95.low, v.mean_ci95.high], [i, i], color="#08306b", linewidth=1.2)
            if k.target is not None:
                ax.plot([k.target, k.target], [i - 0.35, i + 0.35], color="#cb181d", linewidth=1.6)
        labels = [wrap_label(kpi_label(k, lang, names), 44 if en else 28) for k in rows]
        ax.set_yticks(range(len(rows)), labels)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_xlabel("minutes" if en else "分钟")
        ax.set_title(
            "P10–P90 (band), median (dot), 95 % interval of the mean (line), target (red)"
            if en
            else "P10–P90 (色带), 中位数 (圆点), 均值 95% 区间 (细线), 目标 (红线)",
            fontsize=8.5,
            loc="left",
        )
        ax.grid(axis="x", color="#eeeeee", linewidth=0.6)
    return fig


def cdf_points(k: KpiResult) -> tuple[list[float], list[float]] | None:
    """The KPI's cumulative distribution over all runs, scaled by the share of runs in
    which it happened at all: through every percentile of the runs (P0 to P100) where the
    result holds them, else (a result written before they were kept) through the minimum,
    P10, P50, P90, P95 and maximum."""
    v = k.value
    if v.n == 0:
        return None
    happened = v.n / (v.n + v.missing)
    if len(v.quantiles) == 101:
        xs = [float(x) for x in v.quantiles]
        return xs, [q / 100 * happened for q in range(101)]
    stored = [v.low, v.p10, v.p50, v.p90, v.p95, v.high]
    if any(x is None for x in stored):
        return None
    qs = [0.0, 0.10, 0.50, 0.90, 0.95, 1.0]
    lo, hi = float(v.low or 0.0), float(v.high or 0.0)
    # Percentiles are stored to two decimals, the extremes to six: keep them in order.
    points = [min(max(float(x or 0.0), lo), hi) for x in stored]
    points = [max(points[: i + 1]) for i in range(len(points))]
    return points, [q * happened for q in qs]


def cdf_figure(rev: Revision, lang: str, names: Names | None = None) -> Figure | None:
    """Each timed KPI's cumulative share of runs by time against its target (red), with the
    probability of meeting the target and its Wilson interval at the target."""
    rows = [
        (k, pts)
        for k in rev.kpis
        if k.unit == "min"
        and (pts := cdf_points(k)) is not None
        and (k.target is not None or pts[0][0] != pts[0][-1])
    ]
    if not rows:
        return None
    en = lang == "en"
    cols = 3 if len(rows) > 4 else 2 if len(rows) > 1 else 1
    lines = -(-len(rows) // cols)
    with chinese_fonts():
        fig = Figure(figsize=(7.6, 1.75 * lines + 0.5), layout="constrained")
        axes = fig.subplots(lines, cols, squeeze=False)
        for ax in axes.flat[len(rows) :]:
            ax.set_visible(False)
        for ax, (k, (xs, ys)) in zip(axes.flat, rows, strict=False):
            dense = len(xs) > 6  # every percentile: a step curve; six points: marked
            ax.plot(
                xs,
                ys,
                color="#2171b5",
                linewidth=1.4,
                drawstyle="steps-post" if dense else "default",
                marker="" if dense else "o",
                markersize=2.5,
            )
            ax.set_ylim(0, 1.04)
            ax.set_yticks([0, 0.5, 0.9, 1.0], ["0", "50%", "90%", "100%"], fontsize=6.5)
            ax.tick_params(axis="x", labelsize=6.5)
            ax.grid(color="#eeeeee", linewidth=0.6)
            met = k.meets_target
            if k.target is not None:
                ax.axvline(k.target, color="#cb181d", linewidth=1.0, linestyle="--")
                if met is not None and met.p is not None:
                    lo, hi = (met.ci95.low, met.ci95.high) if met.ci95 else (met.p, met.p)
                    ax.errorbar(
                        [k.target],
                        [met.p],
                        yerr=[[met.p - lo], [hi - met.p]],
                        fmt="s",
                        color="#67000d",
                        markersize=3.5,
                        capsize=2,
                        linewidth=1,
                    )
                left = min(xs[0], k.target)
                right = max(xs[-1], k.target)
                pad = 0.05 * (right - left or 1.0)
                ax.set_xlim(left - pad, right + pad)
            ax.set_title(wrap_label(kpi_label(k, lang, names), 34 if en else 18), fontsize=7.5)
        fig.supxlabel("minutes" if en else "分钟", fontsize=7.5)
        fig.supylabel("share of runs done by then" if en else "已完成的推演比例", fontsize=7.5)
    return fig


def stress_section(
    summary: StressSummary,
    lang: str,
    figures: dict[str, Figure],
    names: Names | None = None,
) -> Section:
    """The section a report adds for ``--stress``: one block set per plan revision."""
    t = Lang(lang)
    run = summary.run
    blocks: list[Block] = [
        Paragraph(
            text=t(
                f"同一情景、预案按随机种子 {summary.seed} 重复推演 {run.replications} 次"
                + (" (结果不完整)" if run.partial else "")
                + "; 各指标给出均值、中位数、P90 及达标概率 (Wilson 95% 区间).",
                f"The same scenario and plan run {run.replications} times from seed "
                f"{summary.seed}"
                + (" (partial result)" if run.partial else "")
                + "; each KPI's mean, median, P90 and probability of meeting its target "
                "(Wilson 95 % interval).",
            )
        )
    ]
    for rev in summary.revisions:
        plan = rev.plan.name_en if t.en and rev.plan.name_en else rev.plan.name
        plan = with_revision(plan, rev.plan.revision)
        blocks.append(Heading(text=plan))
        rows = []
        for k in rev.kpis:
            mean, p50, p90 = _dist(k.value)
            rows.append(
                [
                    kpi_label(k, lang, names),
                    mean,
                    p50,
                    p90,
                    "—" if k.target is None else f"{k.target:g}",
                    _share(k.meets_target),
                    str(k.value.missing),
                ]
            )
        blocks.append(
            Table(
                caption=t("关键指标分布", "KPI distributions"),
                columns=[
                    t("指标", "KPI"),
                    t("均值", "Mean"),
                    t("中位数", "Median"),
                    "P90",
                    t("目标", "Target"),
                    t("达标概率", "P(meets target)"),
                    t("未发生次数", "Never happened"),
                ],
                rows=rows,
            )
        )
        ef = rev.expected_fatalities
        grades = ", ".join(f"{g} {_share(s)}" for g, s in rev.grade.items())
        hseep = ", ".join(f"{h} {_share(s)}" for h, s in rev.hseep.items())
        blocks.append(
            Paragraph(
                text=t(
                    f"评定分布: {hseep}; {grades}. 预期死亡人数: 均值 {_n(ef.mean, '{:.2f}')}, "
                    f"P90 {_n(ef.p90, '{:.2f}')}.",
                    f"Ratings: {hseep}; {grades}. Expected fatalities: mean "
                    f"{_n(ef.mean, '{:.2f}')}, P90 {_n(ef.p90, '{:.2f}')}.",
                )
            )
        )
        fig = distribution_figure(rev, lang, names)
        if fig is not None:
            file = f"stress-{rev.index}.png"
            figures[file] = fig
            blocks.append(
                FigureRef(
                    id=f"stress-{rev.index}",
                    caption=t(
                        f"多次推演关键指标分布与目标 ({plan})",
                        f"KPI distributions against targets over the runs ({plan})",
                    ),
                    file=file,
                )
            )
        cdf = cdf_figure(rev, lang, names)
        if cdf is not None:
            file = f"stress-cdf-{rev.index}.png"
            figures[file] = cdf
            blocks.append(
                FigureRef(
                    id=f"stress-cdf-{rev.index}",
                    caption=t(
                        f"关键指标累积分布 ({plan}): 各时刻已完成的推演比例 "
                        "(按各次推演结果的百分位), 红色虚线为目标, "
                        "方块为达标概率及其 Wilson 95% 区间",
                        f"Cumulative distribution of each timed KPI ({plan}): "
                        "share of runs done by each time (every percentile of the runs); "
                        "dashed red: target; square: probability of meeting it "
                        "with its Wilson 95 % interval",
                    ),
                    file=file,
                )
            )
    if summary.differences:
        labels = difference_labels(summary, lang, names)
        rows = [
            [
                labels.get(d.id, d.id),
                str(d.revision),
                _n(d.mean, "{:+.2f}"),
                "—" if d.ci95 is None else f"{d.ci95.low:+.2f} – {d.ci95.high:+.2f}",
                _n(d.p_value, "{:.3f}"),
                t("是", "yes") if d.significant else t("否", "no"),
            ]
            for d in summary.differences
        ]
        blocks.append(
            Table(
                caption=t(
                    "修订版与第一版的配对差 (共同随机数, Holm 校正)",
                    "Paired differences against the first revision (common random numbers, Holm)",
                ),
                columns=[
                    t("指标", "Measure"),
                    t("修订", "Revision"),
                    t("均值差", "Mean difference"),
                    t("95% 区间", "95 % interval"),
                    "p",
                    t("显著", "Significant"),
                ],
                rows=rows,
            )
        )
    return Section(
        id="stress",
        title=t("附录 多次推演统计", "Appendix: many runs"),
        blocks=blocks,
        page_break=True,
    )
