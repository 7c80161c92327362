"""Figures of a drill report, drawn on ``matplotlib.figure.Figure`` (no pyplot state).

The response Gantt chart and the utilisation of teams and equipment are read from
the event log alone; the threat-zone map comes from ``scoring.zonemap``.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from scoring.facts import RunFacts
from scoring.report.drill import Drill
from scoring.schedule import utilisation
from scoring.zonemap import chinese_font_family, threat_zone_figure
from scoring.zones import threat_zones

WAIT = "#d9d9d9"
TRAVEL = "#9ecae1"
WORK = "#2171b5"
LATE = "#cb181d"
NOT_DONE = "#fdae6b"


@contextmanager
def chinese_fonts() -> Iterator[None]:
    """Matplotlib settings under which a figure draws Chinese with the bundled CJK font."""
    family = chinese_font_family()
    families = ["DejaVu Sans"] + ([family] if family else [])
    with rc_context({"font.family": families, "font.size": 8.5, "svg.hashsalt": "drillsim"}):
        yield


def png_bytes(fig: Figure, dpi: int = 150) -> bytes:
    """The figure as PNG, without a timestamp so the same figure gives the same bytes."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


def wrap_label(text: str, columns: int) -> str:
    """Break a long label into lines of about ``columns`` columns (a CJK character is two)."""
    lines: list[str] = []
    line = ""
    width = 0
    for word in re.split(r"(?<=[\s,，、·])", text):
        w = sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in word)
        if line and width + w > columns:
            lines.append(line.rstrip())
            line, width = "", 0
        while w > columns:
            cut = 0
            used = 0
            for c in word:
                cw = 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
                if used + cw > columns:
                    break
                used += cw
                cut += 1
            lines.append(word[:cut])
            word = word[cut:]
            w -= used
        line += word
        width += w
    if line.strip():
        lines.append(line.rstrip())
    return "\n".join(lines)


def _steps_in_order(drill: Drill) -> list[str]:
    facts = RunFacts(drill.log, drill.plan)
    order = {s.id: i for i, s in enumerate(drill.plan.steps)}
    seen = set(facts.step_ready) | set(facts.step_started) | set(facts.step_not_done)
    return sorted(
        seen,
        key=lambda s: (facts.step_ready.get(s, facts.end_t), order.get(s, len(order))),
    )


def gantt_figure(drill: Drill, lang: str) -> Figure | None:
    """Each step on a row: waiting for crew or equipment (grey), travelling (light),
    working (dark); a step never completed is orange to the end of the run; red
    ticks mark the step's target time and late completions are outlined red."""
    facts = RunFacts(drill.log, drill.plan)
    steps = _steps_in_order(drill)
    if not steps:
        return None
    en = lang == "en"
    names = drill.names(lang)
    plan_steps = {s.id: s for s in drill.plan.steps}
    with chinese_fonts():
        height = max(2.8, 0.3 * len(steps) + 1.5)
        fig = Figure(figsize=(7.6, height), layout="constrained")
        ax = fig.subplots()
        labels = []
        x_max = facts.end_t
        for row, sid in enumerate(steps):
            ready = facts.step_ready.get(sid)
            started = facts.step_started.get(sid)
            working = facts.step_working.get(sid)
            done = facts.step_completed.get(sid)
            team = started.actor if started is not None else None
            labels.append(
                wrap_label(
                    f"{names(sid)}" + (f" · {names(team)}" if team else ""), 44 if en else 30
                )
            )
            y = row
            if ready is not None:
                begin = started.t if started is not None else facts.end_t
                if begin > ready:
                    ax.barh(
                        y,
                        begin - ready,
                        left=ready,
                        color=WAIT,
                        height=0.6,
                        hatch="///",
                        edgecolor="#969696",
                        linewidth=0,
                    )
            if started is not None:
                travel_end = working if working is not None else (done or facts.end_t)
                if travel_end > started.t:
                    ax.barh(y, travel_end - started.t, left=started.t, color=TRAVEL, height=0.6)
            if working is not None:
                end = done if done is not None else facts.end_t
                colour = WORK if done is not None else NOT_DONE
                step = plan_steps.get(sid)
                late = (
                    done is not None
                    and step is not None
                    and step.target_min is not None
                    and done > step.target_min + 1e-9
                )
                ax.barh(
                    y,
                    max(end - working, 0.05),
                    left=working,
                    color=colour,
                    height=0.6,
                    edgecolor=LATE if late else colour,
                    linewidth=1.2 if late else 0,
                )
            elif started is None and ready is not None and sid in facts.step_not_done:
                pass
            step = plan_steps.get(sid)
            if step is not None and step.target_min is not None:
                ax.plot(
                    [step.target_min, step.target_min],
                    [y - 0.4, y + 0.4],
                    color=LATE,
                    linewidth=1.6,
                )
                x_max = max(x_max, step.target_min)
        if facts.alarm_t is not None:
            ax.axvline(facts.alarm_t, color="#636363", linestyle="--", linewidth=0.8)
            ax.text(
                facts.alarm_t,
                -0.9,
                " " + ("alarm" if en else "报警"),
                fontsize=7.5,
                color="#636363",
                va="bottom",
            )
        ax.set_yticks(range(len(steps)), labels)
        ax.set_ylim(len(steps) - 0.5, -1.0)
        ax.set_xlim(0, x_max * 1.02)
        ax.set_xlabel("minutes from the accident" if en else "事故发生后 (分钟)")
        ax.grid(axis="x", color="#eeeeee", linewidth=0.6)
        ax.set_axisbelow(True)
        legend = [
            Patch(
                facecolor=WAIT,
                edgecolor="#969696",
                hatch="///",
                label="waiting for crew or equipment" if en else "等待队伍或装备",
            ),
            Patch(
                facecolor=TRAVEL, label="fetching equipment, travelling" if en else "取装备、途中"
            ),
            Patch(facecolor=WORK, label="working" if en else "处置"),
            Patch(facecolor=NOT_DONE, label="not completed" if en else "未完成"),
            Patch(
                facecolor="white",
                edgecolor=LATE,
                label="late (red outline), target (red tick)"
                if en
                else "超时 (红框), 目标时限 (红线)",
            ),
        ]
        fig.legend(handles=legend, loc="outside lower center", ncols=3, fontsize=7.5, frameon=False)
    return fig


def utilisation_figure(drill: Drill, lang: str) -> Figure | None:
    """Share of each team's people and of each equipment item's units in use, from the
    time the team could first take work (equipment: from the alarm) to the end."""
    facts = RunFacts(drill.log, drill.plan)
    if not facts.busy():
        return None
    en = lang == "en"
    names = drill.names(lang)
    teams, resources = utilisation(facts, drill.plan)
    team_rows = [(names(t), share) for t, share in teams.items()]
    res_rows = [(names(r), share) for r, share in resources.items()]
    with chinese_fonts():
        heights = [max(len(team_rows), 1), max(len(res_rows), 1)]
        fig = Figure(figsize=(7.6, 0.26 * sum(heights) + 1.8), layout="constrained")
        axes = fig.subplots(2, 1, gridspec_kw={"height_ratios": heights})
        for ax, data, title, colour in (
            (axes[0], team_rows, "teams (people busy)" if en else "队伍 (人员在岗处置)", WORK),
            (axes[1], res_rows, "equipment (units in use)" if en else "装备 (在用数量)", "#41ab5d"),
        ):
            labels = [wrap_label(n, 48 if en else 26) for n, _ in data]
            values = [v * 100 for _, v in data]
            ax.barh(range(len(data)), values, color=colour, height=0.6)
            for i, v in enumerate(values):
                ax.text(min(v + 1.0, 93), i, f"{v:.0f}%", va="center", fontsize=7.5)
            ax.set_yticks(range(len(data)), labels)
            ax.set_ylim(max(len(data), 1) - 0.5, -0.5)
            ax.set_xlim(0, 100)
            ax.set_title(title, fontsize=9, loc="left")
            ax.grid(axis="x", color="#eeeeee", linewidth=0.6)
            ax.set_axisbelow(True)
        axes[1].set_xlabel("% of the time available" if en else "占可用时间的百分比 (%)")
    return fig


def zone_figure(drill: Drill, lang: str) -> Figure | None:
    """The threat-zone map of the scenario's hazards at their worst, over the site."""
    if not any(loc.x_m is not None for loc in drill.scenario.site.locations):
        return None
    zones = threat_zones(drill.scenario)
    return threat_zone_figure(drill.scenario, zones, lang)
