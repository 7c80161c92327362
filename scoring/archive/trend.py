"""A plan's scores across its archived drills: the overall score and each objective's."""

from __future__ import annotations

from matplotlib.figure import Figure

from scoring.archive.store import Archive, DrillRow
from scoring.report.figures import chinese_fonts


def drill_label(d: DrillRow) -> str:
    rev = f" {d.plan_revision}" if d.plan_revision else ""
    return f"#{d.id} {d.drill_start[:10]}{rev}"


def trend_figure(archive: Archive, plan_id: str, lang: str = "zh") -> Figure | None:
    """Scores (0-100) of the plan's drills in archive order, with the rating bands shaded."""
    drills = archive.drills(plan_id)
    if not drills:
        return None
    en = lang == "en"
    xs = list(range(len(drills)))
    with chinese_fonts():
        fig = Figure(figsize=(7.6, 4.2), layout="constrained")
        ax = fig.subplots()
        for low, high, colour in (
            (90, 100, "#edf7ee"),
            (75, 90, "#f3f8ec"),
            (60, 75, "#fff5e5"),
            (0, 60, "#fdecea"),
        ):
            ax.axhspan(low, high, color=colour, zorder=0)
        series: dict[str, tuple[str, list[float | None]]] = {}
        for i, d in enumerate(drills):
            for oid, zh, en_name, score, _ in archive.objectives(d.id):
                name, values = series.setdefault(oid, (en_name if en else zh, [None] * len(drills)))
                values[i] = score
        for name, values in series.values():
            pts = [(x, v) for x, v in zip(xs, values, strict=True) if v is not None]
            if pts:
                ax.plot(
                    [p[0] for p in pts],
                    [p[1] for p in pts],
                    marker="o",
                    linewidth=1.0,
                    markersize=3.5,
                    label=name,
                )
        overall = [(x, d.score) for x, d in zip(xs, drills, strict=True) if d.score is not None]
        if overall:
            ax.plot(
                [p[0] for p in overall],
                [p[1] for p in overall],
                color="black",
                marker="s",
                linewidth=2.2,
                label="overall" if en else "总体",
            )
        ax.set_xticks(xs, [drill_label(d) for d in drills], rotation=20, ha="right")
        ax.set_ylim(0, 102)
        ax.set_ylabel("score" if en else "得分")
        ax.set_title(drills[-1].plan_name, fontsize=9.5)
        ax.legend(fontsize=7, loc="lower left", ncols=2, frameon=True)
    return fig
