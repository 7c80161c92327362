"""``drillsim stress`` and ``drillsim compare``: plan revisions over many replications.

Every result is a folder: ``summary.json`` (schema ``scoring/stress.schema.json``),
``kpis.png`` (a SMORE-style plot of every timed KPI), and with ``--keep`` the rows.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import shutil
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from matplotlib.figure import Figure

from scoring.names import Names, with_revision
from scoring.punctuation import punctuate_zh
from scoring.replication import kpi_id, measure
from scoring.report.figures import chinese_fonts
from scoring.report.stress import difference_labels, kpi_label
from scoring.rulenames import finding_label
from scoring.scorecard import score, source_of
from scoring.stress import (
    RunInfo,
    StressSummary,
    SweepParameter,
    SweepPoint,
    SweepSummary,
    best_by_kpi,
    differences,
    distribution,
    finding_changes,
    revision,
)
from sim.engine import Engine
from sim.errors import InputError, Problem
from sim.fieldpath import read, revise
from sim.loader import Loaded, load
from sim.runner import Progress, Row, Study, default_workers, replicate
from sim.stats import ReplicationRule, Summary, Tally, relative_precision
from sim.streams import Streams
from tui.scorecard import _user_errors


def parse_n(text: str) -> int | None:
    """``-n 500`` or ``-n auto`` (None)."""
    if text == "auto":
        return None
    try:
        n = int(text)
    except ValueError:
        n = -1
    if n < 1:
        raise InputError(
            [
                Problem(
                    "-n",
                    None,
                    "",
                    f"expected a number of replications >= 1 or auto, found {text!r}",
                )
            ]
        )
    return n


@contextmanager
def executor_for(
    workers: int, dask: str | None
) -> Iterator[tuple[str, Executor | None, Callable[[], Executor] | None, int]]:
    """(kind, executor, factory, workers): serial, a process pool, or a Dask cluster."""
    if dask is not None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise InputError(
                [Problem("--dask", None, "", "Dask is not installed: pip install 'drillsim[dask]'")]
            ) from None
        cluster = None
        if dask == "local":
            cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            )
            client = Client(cluster)
        else:
            client = Client(dask)
        try:
            count = len(client.scheduler_info().get("workers", {})) or workers
            yield "dask", client.get_executor(pure=False), None, count
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
        return
    if workers <= 1:
        yield "serial", None, None, 1
        return
    yield "process", None, lambda: ProcessPoolExecutor(max_workers=workers), workers


def _progress_bar(
    total: int | None, quiet: bool
) -> tuple[Callable[[Progress], None], Callable[[], None]]:
    """A rich progress bar on a terminal (ETA, replications/s); nothing otherwise."""
    if quiet or not sys.stderr.isatty():
        return (lambda p: None), (lambda: None)
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.progress import Progress as Bar

    bar = Bar(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} rep/s"),
        TimeRemainingColumn(),
        transient=True,
    )
    bar.start()
    task = bar.add_task("replications", total=total, rate="-")

    def update(p: Progress) -> None:
        rate = f"{p.done / p.seconds:,.1f}" if p.seconds > 0 else "-"
        bar.update(task, completed=p.done, rate=rate)

    return update, bar.stop


def write_rows(path: Path, rows_file: list[Row]) -> None:
    """Per-replication rows: Parquet when pyarrow is installed, else CSV (atomic)."""
    columns: list[str] = []
    for row in rows_file:
        for key in row:
            if key not in columns:
                columns.append(key)
    tmp = path.with_name(f".{path.name}.tmp")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["replication", *columns])
            for i, row in enumerate(rows_file):
                w.writerow([i, *("" if row.get(c) is None else row[c] for c in columns)])
    else:
        table = pa.table(
            {"replication": list(range(len(rows_file)))}
            | {c: [row.get(c) for row in rows_file] for c in columns}
        )
        pq.write_table(table, tmp)
    tmp.replace(path)


@chinese_fonts()
def smore_figure(summary: StressSummary, lang: str) -> Figure:
    """SMORE-style plot per timed KPI: mean with its CI, P10-P90 box with their CIs."""
    rev = summary.revisions
    kpis = [k for k in rev[0].kpis if k.unit == "min" and k.value.n > 0]
    fig = Figure(figsize=(8, max(2.5, 0.45 * len(kpis) * len(rev) + 1)))
    ax = fig.add_subplot(1, 1, 1)
    y = 0.0
    labels: list[str] = []
    ticks: list[float] = []
    for k in kpis:
        for r in rev:
            found = next((x for x in r.kpis if x.id == k.id), None)
            if found is None or found.value.p10 is None or found.value.p90 is None:
                continue
            v = found.value
            assert v.p10 is not None and v.p90 is not None and v.p50 is not None
            ax.broken_barh([(v.p10, v.p90 - v.p10)], (y - 0.3, 0.6), alpha=0.35)
            for name in ("p10", "p90"):
                iv = v.percentile_ci95.get(name)
                if iv is not None:
                    ax.plot([iv.low, iv.high], [y, y], linewidth=4, alpha=0.5, color="grey")
            ax.plot([v.p50, v.p50], [y - 0.3, y + 0.3], color="black")
            if v.mean is not None:
                ax.plot([v.mean], [y], marker="D", color="tab:red")
            if found.target is not None:
                ax.plot([found.target], [y], marker="|", markersize=14, color="tab:green")
            text = k.label.en if lang == "en" and k.label.en else k.label.zh
            labels.append(text if len(rev) == 1 else f"{text} [{r.index}]")
            ticks.append(y)
            y += 1.0
        y += 0.5
    ax.set_yticks(ticks, labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("minutes" if lang == "en" else "分钟")
    ax.set_title(
        "P10-P90 (box), median, mean (diamond), target (green)"
        if lang == "en"
        else "P10-P90 (框)、中位数、均值 (菱形)、目标 (绿)"
    )
    fig.tight_layout()
    return fig


def write_folder_of(folder: Path, texts: dict[str, str], figures: dict[str, Figure]) -> None:
    """A result folder, whole or not at all (built beside it and renamed in)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    if folder.exists() and not (folder / "summary.json").exists() and any(folder.iterdir()):
        raise InputError(
            [Problem(str(folder), None, "--out", "expected an empty folder or a previous result")]
        )
    tmp = folder.with_name(f".{folder.name}.new")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        for name, fig in figures.items():
            fig.savefig(tmp / name, dpi=120)
        for name, text in texts.items():
            (tmp / name).write_text(text, encoding="utf-8")
        if folder.exists():
            old = folder.with_name(f".{folder.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            folder.rename(old)
            tmp.rename(folder)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def write_result(folder: Path, summary: StressSummary, lang: str) -> None:
    summary = summary.model_copy(update={"figures": ["kpis.png"]})
    write_folder_of(
        folder,
        {"summary.json": summary.model_dump_json(indent=2) + "\n"},
        {"kpis.png": smore_figure(summary, lang)},
    )


def run_study(
    loaded: list[Loaded],
    n: int | None,
    seed: int,
    workers: int,
    dask: str | None,
    precision: float,
    budget: int,
    keep: bool,
    quiet: bool,
) -> tuple[Summary, Progress, str, list[Row], ReplicationRule | None]:
    plans = tuple(x.plan for x in loaded)
    study = Study(loaded[0].scenario, plans, measure, root=seed)
    summary = Summary()
    kept: list[Row] = []
    rule = None if n is not None else ReplicationRule(precision=precision, budget=budget)
    # -n auto follows the timed KPIs: relative precision of counts near zero is meaningless.
    timed = set()
    if rule is not None:
        for i, x in enumerate(loaded):
            card = score(Engine(x.scenario, x.plan, Streams(seed, 0)).run(), x.scenario, x.plan)
            prefix = f"{i}/" if len(plans) > 1 else ""
            timed |= {f"{prefix}kpi:{kpi_id(k)}" for k in card.kpis if k.unit == "min"}
    requested = n if n is not None else budget
    paired = len(plans) > 1

    def consume(rep: int, row: Row) -> bool:
        if paired:
            summary.add_paired(row, len(plans))
        else:
            summary.add(row)
        if keep:
            kept.append(row)
        if rule is None:
            return True
        worst = 0.0
        for key, t in summary.tallies.items():
            if key in timed and t.n > 0:
                rp = relative_precision(t)
                worst = max(worst, rp if rp is not None else float("inf"))
        rule.update(worst)
        return not rule.done

    update, stop = _progress_bar(requested if n is not None else None, quiet)
    with executor_for(workers, dask) as (kind, pool, factory, count):
        try:
            progress = replicate(
                study,
                requested,
                consume,
                executor=pool,
                make_executor=factory,
                workers=count,
                on_progress=update,
            )
        finally:
            stop()
    progress.workers = count
    return summary, progress, kind, kept, rule


def summarise(
    kind: str,
    loaded: list[Loaded],
    seed: int,
    summary: Summary,
    progress: Progress,
    executor: str,
    rule: ReplicationRule | None,
) -> StressSummary:
    revisions = []
    for i, x in enumerate(loaded):
        # Labels and targets come from one scored replication of each revision.
        card = score(
            Engine(x.scenario, x.plan, Streams(seed, 0)).run(),
            x.scenario,
            x.plan,
            plan_doc=x.plan_doc,
            static=False,
        )
        prefix = f"{i}/" if len(loaded) > 1 else ""
        revisions.append(revision(summary, i, prefix, card, [st.id for st in x.plan.steps]))
    first = loaded[0]
    return StressSummary(
        kind="compare" if kind == "compare" else "stress",
        scenario=source_of(first.scenario, first.scenario_doc),
        seed=seed,
        run=RunInfo(
            requested=progress.requested if rule is None else rule.budget,
            replications=summary.n,
            partial=progress.partial,
            reason=progress.reason,
            executor=executor,
            workers=progress.workers,
            batch_size=progress.batch_size,
            recovered_batches=progress.recovered_batches,
            seconds=round(progress.seconds, 3),
            precision=None if rule is None else rule.precision,
            precision_reached=None if rule is None else rule.solved,
            budget=None if rule is None else rule.budget,
        ),
        revisions=revisions,
        differences=differences(summary, len(loaded)) if len(loaded) > 1 else [],
        best=best_by_kpi(revisions) if len(loaded) > 1 else {},
        findings=finding_changes(revisions) if len(loaded) > 1 else [],
    )


_EXECUTOR_ZH = {"serial": "串行", "process": "进程池", "dask": "Dask 集群"}


def _say(en: bool, text: str) -> None:
    """One line of the summary: Chinese lines in report-grade punctuation."""
    click.echo(text if en else punctuate_zh(text))


def _schedule_name(key: str, names: Names | None) -> str:
    """A team or resource of the utilisation table (``team:id``/``resource:id``)."""
    ident = key.split(":", 1)[1] if ":" in key else key
    return names(ident) if names is not None else ident


def _print_schedule(rev: Any, en: bool, names: Names | None) -> None:
    """Steps on the critical path or kept waiting, and how busy teams and equipment were."""
    lines = []
    for st in rev.steps:
        crit = st.criticality.p if st.criticality is not None else None
        wait = st.wait.mean
        if not crit and not wait:
            continue
        parts = []
        if crit:
            parts.append(f"critical {crit:.0%}" if en else f"关键路径 {crit:.0%}")
        if wait:
            parts.append(f"mean wait {wait:.2f} min" if en else f"平均等待 {wait:.2f} 分钟")
        name = names(st.id) if names is not None else st.id
        lines.append(f"    {name}: " + ", ".join(parts))
    if lines:
        _say(
            en,
            "  steps (criticality index, wait for crew or equipment):"
            if en
            else "  步骤（关键度，等待人员或装备）：",
        )
        for line in lines:
            _say(en, line)
    used = [(k, d.mean) for k, d in rev.utilisation.items() if d.mean is not None]
    if used:
        _say(
            en,
            ("  utilisation: " if en else "  利用率：")
            + ", ".join(f"{_schedule_name(k, names)} {m:.0%}" for k, m in used),
        )


def print_summary(s: StressSummary, lang: str, names: list[Names] | None = None) -> None:
    """The study in words; ``names`` (one per revision) put names in place of ids."""
    en = lang == "en"
    run = s.run
    state = ("PARTIAL: " if en else "不完整：") + (run.reason or "") if run.partial else ""
    title = s.scenario.name_en if en and s.scenario.name_en else s.scenario.name
    if en:
        head = (
            f"{title}  replications {run.replications}  seed {s.seed}  "
            f"{run.executor} x{run.workers}  {run.seconds:.1f} s  {state}"
        )
    else:
        head = (
            f"{title}  重复推演 {run.replications} 次  随机种子 {s.seed}  "
            f"{_EXECUTOR_ZH.get(run.executor, run.executor)} {run.workers} 个进程  "
            f"用时 {run.seconds:.1f} 秒  {state}"
        )
    _say(en, head.rstrip())
    if run.precision is not None:
        if en:
            reached = "reached" if run.precision_reached else "NOT reached within the budget"
            _say(en, f"-n auto: precision {run.precision:g} {reached}")
        else:
            reached = "已达到" if run.precision_reached else "在次数上限内未达到"
            _say(en, f"-n auto：相对精度 {run.precision:g} {reached}")
    for rev in s.revisions:
        name = rev.plan.name_en if en and rev.plan.name_en else rev.plan.name
        plan = with_revision(name, rev.plan.revision, zh=not en)
        named = names[rev.index] if names is not None and rev.index < len(names) else None
        _say(en, f"\n[{rev.index}] {plan}")
        for k in rev.kpis:
            v = k.value
            label = kpi_label(k, lang, named)
            if v.mean is None:
                _say(en, f"  {label}: never" if en else f"  {label}：未发生")
                continue
            ci = f" [{v.mean_ci95.low:.2f}, {v.mean_ci95.high:.2f}]" if v.mean_ci95 else ""
            meet = ""
            if k.meets_target is not None and k.meets_target.p is not None:
                meet = (
                    f"  P(meet) {k.meets_target.p:.0%}"
                    if en
                    else f"  达标率 {k.meets_target.p:.0%}"
                )
            mean = "mean" if en else "均值"
            colon = ": " if en else "："
            _say(en, f"  {label}{colon}{mean} {v.mean:.2f}{ci}  P50 {v.p50}  P90 {v.p90}{meet}")
        ef = rev.expected_fatalities
        if ef.mean is not None:
            _say(
                en,
                ("  expected fatalities: " if en else "  预计死亡人数：")
                + f"{ef.mean:.3f}"
                + (f" [{ef.mean_ci95.low:.3f}, {ef.mean_ci95.high:.3f}]" if ef.mean_ci95 else ""),
            )
        ratings = ", ".join(f"{h} {sh.p:.0%}" for h, sh in rev.hseep.items() if sh.p)
        _say(en, f"  HSEEP: {ratings}" if en else f"  HSEEP 评定：{ratings}")
        _print_schedule(rev, en, named)
    status_zh = {"fixed": "已消除", "new": "新出现", "kept": "仍存在"}
    for fc in s.findings:
        if fc.status != "kept":
            # a fixed finding points into the first revision's plan, a new one into its own
            at = 0 if fc.status == "fixed" else fc.revision
            named = names[at] if names is not None and at < len(names) else None
            what = finding_label(fc.finding, lang, named)
            _say(
                en,
                f"[{fc.revision}] {fc.status}: {what} ({fc.share_first:.0%} -> "
                f"{fc.share_revision:.0%})"
                if en
                else f"[{fc.revision}] {status_zh[fc.status]}：{what}（{fc.share_first:.0%} → "
                f"{fc.share_revision:.0%}）",
            )
    labels = difference_labels(s, lang, names[0] if names else None, names)
    for d in s.differences:
        if d.significant:
            word = ("better" if d.better else "worse") if en else ("更好" if d.better else "更差")
            _say(
                en,
                f"[{d.revision}] vs [0] {labels.get(d.id, d.id)}: {d.mean:+.3f} "
                f"({word}, p={d.p_value:.3g})",
            )


STRESS_OPTIONS = [
    click.option("-n", "n_text", default="200", show_default=True, help="Replications, or auto."),
    click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True),
    click.option(
        "--workers",
        type=click.IntRange(min=1),
        default=None,
        help="Worker processes (default: one per CPU; 1 runs serially).",
    ),
    click.option("--dask", default=None, help="A Dask scheduler address, or 'local'."),
    click.option("--precision", type=click.FloatRange(0, 1, min_open=True), default=0.05),
    click.option("--budget", type=click.IntRange(min=3), default=5000, show_default=True),
    click.option("--keep", type=click.Path(path_type=Path), default=None, help="Rows file."),
    click.option("--out", type=click.Path(path_type=Path), default=None),
    click.option("--json", "as_json", is_flag=True, help="Print summary.json to stdout."),
    click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True),
]


def stress_options(func: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(STRESS_OPTIONS):
        func = option(func)
    return func


def _run(
    kind: str,
    scenario: Path,
    plans: list[Path | None],
    n_text: str,
    seed: int,
    workers: int | None,
    dask: str | None,
    precision: float,
    budget: int,
    keep: Path | None,
    out: Path | None,
    as_json: bool,
    lang: str,
) -> None:
    n = parse_n(n_text)
    loaded = [load(scenario, p) for p in plans]
    count = workers or default_workers()
    summary, progress, executor, kept, rule = run_study(
        loaded, n, seed, count, dask, precision, budget, keep is not None, as_json
    )
    result = summarise(kind, loaded, seed, summary, progress, executor, rule)
    folder = out or Path("runs") / loaded[0].scenario.id / f"{kind}-seed-{seed}"
    if keep is not None:
        write_rows(keep, kept)
        result = result.model_copy(update={"rows": str(keep)})
    write_result(folder, result, lang)
    if as_json:
        click.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        print_summary(result, lang, [Names.of(x.scenario, x.plan, lang) for x in loaded])
        click.echo(f"\n{folder}/summary.json")
    if progress.partial:
        sys.exit(3)


@click.command("stress")
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option("--plan", type=click.Path(path_type=Path), default=None)
@stress_options
@_user_errors
def stress_command(scenario: Path, plan: Path | None, **kw: Any) -> None:
    """Run a plan many times: KPI distributions, probability of meeting each target,
    expected fatalities, the distribution of ratings. Exit 3 when the result is partial."""
    _run("stress", scenario, [plan], **kw)


@click.command("compare")
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option("--plan", "plans", type=click.Path(path_type=Path), multiple=True, required=True)
@stress_options
@_user_errors
def compare_command(scenario: Path, plans: tuple[Path, ...], **kw: Any) -> None:
    """Compare plan revisions on common random numbers: paired differences per KPI with
    95 % intervals, significant after Holm's correction; each against the first."""
    if len(plans) < 2:
        raise InputError([Problem("--plan", None, "", "expected two or more --plan revisions")])
    _run("compare", scenario, list(plans), **kw)


# --- sweep -----------------------------------------------------------------------------
def parse_vary(text: str) -> tuple[str, float, float, int]:
    """``PATH=LOW:HIGH:STEPS``."""
    path, _, spec = text.partition("=")
    bits = spec.split(":")
    try:
        low, high, steps = float(bits[0]), float(bits[1]), int(bits[2])
        if len(bits) != 3 or steps < 2:
            raise ValueError
    except (ValueError, IndexError):
        raise InputError(
            [
                Problem(
                    "--vary",
                    None,
                    path,
                    f"expected PATH=LOW:HIGH:STEPS (STEPS >= 2), found {text!r}",
                )
            ]
        ) from None
    return path.strip(), low, high, steps


@chinese_fonts()
def tornado_figure(result: SweepSummary, lang: str) -> Figure:
    """Tornado chart: each parameter's range of the focus KPI's mean around the base."""
    params = [p for p in result.parameters if p.swing is not None]
    fig = Figure(figsize=(8, 1.2 + 0.5 * max(1, len(params))))
    ax = fig.add_subplot(1, 1, 1)
    base = result.base.kpis.get(result.kpi)
    centre = base.mean if base is not None and base.mean is not None else 0.0
    for i, p in enumerate(params):
        means = [
            m
            for pt in p.points
            if (d := pt.kpis.get(result.kpi)) is not None and (m := d.mean) is not None
        ]
        lo, hi = min(means), max(means)
        ax.barh(i, hi - lo, left=lo, color="tab:blue", alpha=0.6)
        first = next((pt for pt in p.points), None)
        if first is not None:
            ax.text(lo, i, f"{p.points[0].value:g}", ha="right", va="center", fontsize=7)
            ax.text(hi, i, f"{p.points[-1].value:g}", ha="left", va="center", fontsize=7)
    ax.axvline(centre, color="black", linewidth=1)
    ax.set_yticks(range(len(params)), [p.path for p in params], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel(f"mean {result.kpi}, minutes" if lang == "en" else f"{result.kpi} 均值 (分钟)")
    fig.tight_layout()
    return fig


@click.command("sweep")
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option("--plan", type=click.Path(path_type=Path), default=None)
@click.option("--vary", "varies", multiple=True, required=True, help="PATH=LOW:HIGH:STEPS")
@click.option(
    "--kpi",
    default=None,
    help="KPI id ranking the tornado (default: the first "
    "critical timed KPI, e.g. casualty_extracted:<person>).",
)
@click.option("-n", "n", type=click.IntRange(min=2), default=50, show_default=True)
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option("--workers", type=click.IntRange(min=1), default=None)
@click.option("--out", type=click.Path(path_type=Path), default=None)
@click.option("--json", "as_json", is_flag=True)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@_user_errors
def sweep_command(
    scenario: Path,
    plan: Path | None,
    varies: tuple[str, ...],
    kpi: str | None,
    n: int,
    seed: int,
    workers: int | None,
    out: Path | None,
    as_json: bool,
    lang: str,
) -> None:
    """One-at-a-time sensitivity of the KPIs to numeric fields of the scenario or plan
    (all points on common random numbers); a tornado chart and its data."""
    loaded = load(scenario, plan)
    specs = [parse_vary(v) for v in varies]
    for path, low, high, _ in specs:
        read(loaded.scenario, loaded.plan, path)
        revise(loaded.scenario, loaded.plan, path, low)
        revise(loaded.scenario, loaded.plan, path, high)
    count = workers or default_workers()
    card = score(
        Engine(loaded.scenario, loaded.plan, Streams(seed, 0)).run(),
        loaded.scenario,
        loaded.plan,
        static=False,
    )
    timed = [kpi_id(k) for k in card.kpis if k.unit == "min" and k.status != "not_applicable"]
    focus = kpi or next(
        (kpi_id(k) for k in card.kpis if k.unit == "min" and k.critical and k.value is not None),
        timed[0],
    )
    if focus not in timed:
        raise InputError(
            [
                Problem(
                    "--kpi",
                    None,
                    "",
                    f"expected a timed KPI id ({', '.join(timed)}), found {focus!r}",
                )
            ]
        )
    partial = False

    def point(x: Loaded, value: float) -> SweepPoint:
        nonlocal partial
        summary, progress, *_ = run_study([x], n, seed, count, None, 0.05, n, False, True)
        partial = partial or progress.partial
        return SweepPoint(
            value=value,
            kpis={k: distribution(summary.tallies.get(f"kpi:{k}", Tally())) for k in timed},
            expected_fatalities=distribution(summary.tallies.get("expected_fatalities", Tally())),
        )

    base = point(loaded, 0.0)
    params = []
    for path, low, high, steps in specs:
        points = []
        for i in range(steps):
            value = low + (high - low) * i / (steps - 1)
            s, p = revise(loaded.scenario, loaded.plan, path, value)
            points.append(point(dataclasses.replace(loaded, scenario=s, plan=p), value))
        means = [m for pt in points if (m := pt.kpis[focus].mean) is not None]
        params.append(
            SweepParameter(
                path=path,
                base=read(loaded.scenario, loaded.plan, path),
                points=points,
                swing=round(max(means) - min(means), 6) if means else None,
            )
        )
    params.sort(key=lambda p: -(p.swing or 0.0))
    result = SweepSummary(
        scenario=source_of(loaded.scenario, loaded.scenario_doc),
        plan=source_of(loaded.plan, loaded.plan_doc),
        seed=seed,
        replications=n,
        partial=partial,
        kpi=focus,
        base=base,
        parameters=params,
        figures=["tornado.png"],
    )
    folder = out or Path("runs") / loaded.scenario.id / f"sweep-seed-{seed}"
    write_folder_of(
        folder,
        {"summary.json": result.model_dump_json(indent=2) + "\n"},
        {"tornado.png": tornado_figure(result, lang)},
    )
    if as_json:
        click.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        en = lang == "en"
        names = Names.of(loaded.scenario, loaded.plan, lang)
        what = next(
            (
                (k.label.en if en and k.label.en else k.label.zh)
                + ((": " if en else " ") + names(k.subject) if k.subject else "")
                for k in card.kpis
                if kpi_id(k) == focus
            ),
            focus,
        )
        for param in params:
            lo, hi = param.points[0].value, param.points[-1].value
            # minutes to a tenth, as the scorecard gives them (summary.json keeps all digits)
            swing = "—" if param.swing is None else f"{param.swing:.1f}"
            if en:
                click.echo(
                    f"{param.path}: the mean of '{what}' swings {swing} min over {lo:g}..{hi:g}"
                )
            else:
                click.echo(
                    punctuate_zh(
                        f"{param.path}：取值 {lo:g}～{hi:g} 时，“{what}”的均值变化 {swing} 分钟"
                    )
                )
        click.echo(f"\n{folder}/summary.json")
    if partial:
        sys.exit(3)


__all__ = ["compare_command", "stress_command", "sweep_command"]
