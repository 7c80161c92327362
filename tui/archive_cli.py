"""``drillsim archive``: the drill archive (演练建档留存), and the ``--archive`` option."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
import platformdirs

from scoring.archive.store import Archive, DrillRow
from scoring.archive.tracking import track_findings
from scoring.archive.trend import drill_label, trend_figure
from scoring.report.drill import Drill, open_drill
from scoring.report.figures import png_bytes
from scoring.report.render import write_bytes_atomic
from tui.scorecard import _user_errors, table

LANG = click.Choice(["zh", "en"])
STATUS = {
    "open": ("新发现", "open"),
    "recurring": ("重复出现", "recurring"),
    "closed": ("已整改", "closed"),
}


def default_archive() -> Path:
    """The archive in the user's data directory."""
    return Path(platformdirs.user_data_dir("drillsim")) / "archive.sqlite"


def archive_path(value: str | None) -> Path:
    return Path(value) if value else default_archive()


F = TypeVar("F", bound=Callable[..., Any])


def archive_option(func: F) -> F:
    return click.option(
        "--archive",
        "archive",
        type=str,
        default=None,
        help=f"Archive file (default: {default_archive()}).",
    )(func)


def store_drill(archive: Archive, drill: Drill, reports: list[Path] | tuple[Path, ...] = ()) -> int:
    """Store a saved run's drill (once per inputs and seed), with the reports written of it."""
    return archive.add(
        drill.card,
        kind=drill.kind,
        drill_start=drill.scenario.start,
        inputs=dict(drill.sources),
        source=str(drill.folder) if drill.folder else None,
        reports=[p.resolve() for p in reports],
    )


@click.group("archive")
def archive_group() -> None:
    """The drill archive: drills of each plan, their scores and findings over time."""


@archive_group.command("add")
@click.argument("run_dir", type=click.Path(path_type=Path))
@archive_option
@click.option("--allow-changed", is_flag=True, help="Store even if the inputs changed since.")
@_user_errors
def add_command(run_dir: Path, archive: str | None, allow_changed: bool) -> None:
    """Store a saved run in the archive."""
    drill = open_drill(run_dir, allow_changed=allow_changed)
    with Archive(archive_path(archive)) as a:
        drill_id = store_drill(a, drill)
    click.echo(f"{drill_id}")


def _row(d: DrillRow) -> list[str]:
    rating = f"{d.hseep}/{d.grade}" if d.hseep else "—"
    score = "—" if d.score is None else f"{d.score:.1f}"
    return [
        str(d.id),
        d.drill_start,
        d.plan_id,
        d.plan_revision or "—",
        d.scenario_id,
        str(d.seed if d.seed is not None else "—"),
        score,
        rating,
        d.recorded_at,
    ]


@archive_group.command("list")
@archive_option
@click.option("--plan", "plan_id", help="Only this plan id.")
@click.option("--json", "as_json", is_flag=True)
@_user_errors
def list_command(archive: str | None, plan_id: str | None, as_json: bool) -> None:
    """The archived drills, oldest first."""
    with Archive(archive_path(archive)) as a:
        drills = a.drills(plan_id)
    if as_json:
        click.echo(json.dumps([d.__dict__ for d in drills], ensure_ascii=False, indent=2))
        return
    head = ["id", "drill", "plan", "revision", "scenario", "seed", "score", "rating", "recorded"]
    for line in table([head, *[_row(d) for d in drills]], indent=""):
        click.echo(line)


@archive_group.command("show")
@click.argument("drill_id", type=int)
@archive_option
@click.option("--lang", type=LANG, default="zh", show_default=True)
@_user_errors
def show_command(drill_id: int, archive: str | None, lang: str) -> None:
    """One archived drill: its rating, objectives, KPIs, findings and reports."""
    en = lang == "en"
    with Archive(archive_path(archive)) as a:
        d = a.drill(drill_id)
        objectives = a.objectives(drill_id)
        kpis = a.kpis(drill_id)
        found = a.findings(drill_id)
        reports = a.reports(drill_id)
    rating = f"{d.hseep}/{d.grade}" if d.hseep else "—"
    click.echo(
        f"#{d.id} {d.plan_name} ({d.plan_revision or '—'})  {d.scenario_name}  {d.drill_start}"
    )
    click.echo(
        ("Overall: " if en else "总体评定: ")
        + f"{rating}  {d.score if d.score is not None else '—'}"
    )
    rows = [["objective" if en else "目标", "score" if en else "得分", "HSEEP"]]
    rows += [
        [e if en else z, "—" if s is None else f"{s:.1f}", h or "—"] for _, z, e, s, h in objectives
    ]
    for line in table(rows):
        click.echo(line)
    rows = [
        [
            "KPI" if en else "指标",
            "value" if en else "实测",
            "target" if en else "目标",
            "status" if en else "状态",
        ]
    ]
    rows += [
        [
            (k.label_en if en else k.label_zh) + (f" {k.subject}" if k.subject else ""),
            "—" if k.value is None else f"{k.value:g}",
            "—" if k.target is None else f"{k.target:g}",
            k.status,
        ]
        for k in kpis
    ]
    for line in table(rows):
        click.echo(line)
    click.echo("Findings:" if en else "问题:")
    for f in found:
        click.echo(f"  {f.number} {f.severity} {f.title_en if en else f.title_zh}  ({f.clause})")
    for r in reports:
        click.echo(("report: " if en else "报告: ") + r)


@archive_group.command("trend")
@click.argument("plan_id")
@archive_option
@click.option("--lang", type=LANG, default="zh", show_default=True)
@click.option("--plot", type=click.Path(path_type=Path), help="Write the trend figure (PNG).")
@_user_errors
def trend_command(plan_id: str, archive: str | None, lang: str, plot: Path | None) -> None:
    """A plan's KPIs and scores across its archived drills."""
    en = lang == "en"
    with Archive(archive_path(archive)) as a:
        drills = a.drills(plan_id)
        if not drills:
            click.echo(
                f"no drill of plan {plan_id!r} in the archive"
                if en
                else f"存档中没有预案 {plan_id!r} 的演练"
            )
            return
        per = {d.id: {(k.key, k.subject): k for k in a.kpis(d.id)} for d in drills}
        fig = trend_figure(a, plan_id, lang) if plot else None
    keys: list[tuple[str, str | None]] = []
    labels: dict[tuple[str, str | None], str] = {}
    for d in drills:
        for key, k in per[d.id].items():
            if key not in labels:
                keys.append(key)
                labels[key] = (k.label_en if en else k.label_zh) + (
                    f" {k.subject}" if k.subject else ""
                )
    head = ["KPI" if en else "指标", *[drill_label(d) for d in drills]]
    rows = [
        head,
        [
            "score" if en else "总分",
            *["—" if d.score is None else f"{d.score:.1f}" for d in drills],
        ],
    ]
    for key in keys:
        cells = []
        for d in drills:
            got = per[d.id].get(key)
            cells.append("—" if got is None or got.value is None else f"{got.value:.1f}")
        rows.append([labels[key], *cells])
    for line in table(rows, indent=""):
        click.echo(line)
    if plot is not None and fig is not None:
        write_bytes_atomic(plot, png_bytes(fig))
        click.echo(str(plot))


@archive_group.command("findings")
@click.argument("plan_id")
@archive_option
@click.option("--lang", type=LANG, default="zh", show_default=True)
@click.option("--json", "as_json", is_flag=True)
@_user_errors
def findings_command(plan_id: str, archive: str | None, lang: str, as_json: bool) -> None:
    """Each finding of a plan tracked across its drills: open, recurring or closed."""
    en = lang == "en"
    with Archive(archive_path(archive)) as a:
        tracked = track_findings(a, plan_id)
    if as_json:
        click.echo(json.dumps([t.__dict__ for t in tracked], ensure_ascii=False, indent=2))
        return
    head = [
        "status" if en else "状态",
        "grade" if en else "等级",
        "finding" if en else "问题",
        "drills" if en else "演练",
        "clause" if en else "预案位置",
    ]
    rows = [head]
    for t in tracked:
        grade = t.effective + (f" (← {t.severity})" if t.raised else "")
        rows.append(
            [
                STATUS[t.status][1 if en else 0],
                grade,
                t.title_en if en else t.title_zh,
                ",".join(f"#{i}" for i in t.drills),
                t.clause,
            ]
        )
    for line in table(rows, indent=""):
        click.echo(line)


__all__ = ["archive_group", "archive_option", "archive_path", "store_drill"]
