"""The ``drillsim`` command line."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

import scenarios
from scoring.keytimes import key_times
from scoring.names import Names
from scoring.punctuation import punctuate_zh
from scoring.scorecard import score
from scoring.timeline import clock, offset, timeline
from sim.decisions import not_replayed
from sim.engine import simulate
from sim.runfiles import check_run_folder, manifest, write_run
from sim.schema import SCHEMAS, schema_text
from sim.streams import Streams
from tui.archive_cli import archive_group
from tui.colour import printer
from tui.console.cli import tui_command
from tui.hazard_cli import hazard
from tui.inputs import check_run_inputs, validate_file
from tui.problems import error_line, problem_count, user_errors
from tui.report_cli import cards_command, report_command
from tui.scorecard import check_command, render_scorecard, score_command
from tui.stress_cli import compare_command, stress_command, sweep_command
from tui.usage_zh import BilingualGroup

F = TypeVar("F", bound=Callable[..., Any])
LANG = click.Choice(["zh", "en"])
_KINDS_ZH = [
    ("scenario + plan ", "情景及预案 "),
    ("plan, against ", "预案，对照情景 "),
    ("decisions for ", "决策记录，对照情景 "),
    ("observations for ", "评估观察记录，对照情景 "),
    ("scenario", "情景"),
    ("plan", "预案"),
    ("decisions", "决策记录"),
    ("observations", "评估观察记录"),
]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _kind_zh(kind: str) -> str:
    """What ``validate`` found a file to be (``tui.inputs.validate_file``), in Chinese."""
    for en, zh in _KINDS_ZH:
        if kind.startswith(en):
            return zh + kind[len(en) :]
    return kind


@click.group(cls=BilingualGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="drillsim")
def main() -> None:
    """drillsim: drill simulation and tabletop exercises for emergency plans."""


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--scenario",
    "against",
    type=click.Path(path_type=Path),
    help="Check plan and decisions files against this scenario.",
)
@click.option(
    "--plan",
    "plan",
    type=click.Path(path_type=Path),
    help="Check a scenario or decisions file with this plan instead of the scenario's own.",
)
@click.option("--lang", type=LANG, default="zh", show_default=True)
def validate(files: tuple[Path, ...], against: Path | None, plan: Path | None, lang: str) -> None:
    """Check scenario, plan and decisions files as `run` would; exit 1 if any has a problem."""
    total = 0
    show, warn = printer(), printer(err=True)
    seen: set[str] = set()  # a scenario checks its plan: naming both reports it once
    for path in files:
        problems, kind = validate_file(path, against, plan)
        for p in problems:
            line = error_line(p, lang)
            if line not in seen:
                seen.add(line)
                total += 1
                warn(line)
        if not problems:
            show(f"ok: {path} ({kind})" if lang == "en" else f"通过：{path}（{_kind_zh(kind)}）")
    if total > 1:
        warn(problem_count(total, lang))
    if total:
        sys.exit(1)


@main.command()
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option(
    "--plan", type=click.Path(path_type=Path), help="Plan file (default: the scenario's)."
)
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option(
    "--decisions",
    type=click.Path(path_type=Path),
    help="Decisions journal (JSON Lines) replayed into the run.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="Output folder (default: runs/<scenario id>/seed-<N>).",
)
@click.option("--lang", type=LANG, default="zh", show_default=True)
@click.option("--all-events", is_flag=True, help="Print every event, not only the major ones.")
@user_errors
def run(
    scenario: Path,
    plan: Path | None,
    seed: int,
    decisions: Path | None,
    out: Path | None,
    lang: str,
    all_events: bool,
) -> None:
    """Run a scenario once and print its timeline and key times."""
    checked = check_run_inputs(scenario, plan, decisions)
    loaded, numbered, rules = checked.loaded, checked.decisions, checked.rules
    folder = out or Path("runs") / loaded.scenario.id / f"seed-{seed}"
    check_run_folder(folder)
    log = simulate(loaded.scenario, loaded.plan, seed, [d for _, d in numbered])
    names = Names.of(loaded.scenario, loaded.plan, lang)
    start = loaded.scenario.start
    en = lang == "en"
    show = printer()
    title = loaded.scenario.name_en if en and loaded.scenario.name_en else loaded.scenario.name
    plan_title = loaded.plan.name_en if en and loaded.plan.name_en else loaded.plan.name
    show(
        f"{title}\nPlan: {plan_title}  seed {seed}  {start:%Y-%m-%d %H:%M}\n"
        if en
        else punctuate_zh(f"{title}\n预案：{plan_title}  随机种子 {seed}  {start:%Y-%m-%d %H:%M}\n")
    )
    for event, text in timeline(log, names, major_only=not all_events):
        show(f"{clock(start, event.t)}  {offset(event.t)}  {text}")
    show("\n" + ("Key times" if en else "关键时间节点"))
    for kt in key_times(log, loaded.scenario, loaded.plan):
        subject = f" {names(kt.subject)}" if kt.subject else ""
        when = (
            f"{offset(kt.t)}  {clock(start, kt.t)}"
            if kt.t is not None
            else ("not reached" if en else "未达到")
        )
        line = f"  {kt.label(lang)}{subject}: {when}"
        show(line if en else punctuate_zh(line))
    card = score(
        log,
        loaded.scenario,
        loaded.plan,
        plan_doc=loaded.plan_doc,
        scenario_doc=loaded.scenario_doc,
        seed=seed,
        rules=rules,
    )
    show("\n" + render_scorecard(card, names, lang))
    dropped = not_replayed(numbered, sum(1 for e in log if e.kind == "decision"))
    if dropped:
        end = max((e.t for e in log), default=0.0)
        lines = ", ".join(str(n) for n in dropped)
        printer(err=True)(
            f"warning: {decisions}: {_count(len(dropped), 'decision')} "
            f"{'falls' if len(dropped) == 1 else 'fall'} after the run ended at "
            f"{offset(end)} and {'was' if len(dropped) == 1 else 'were'} not replayed "
            f"({'line' if len(dropped) == 1 else 'lines'} {lines})"
            if en
            else f"警告：{decisions}：{len(dropped)} 条决策晚于推演结束时刻 {offset(end)}，"
            f"未被回放（第 {lines} 行）"
        )
    inputs = {"scenario": loaded.scenario_path, "plan": loaded.plan_path}
    if decisions:
        inputs["decisions"] = decisions
    text = log.to_jsonl()
    meta = manifest(
        inputs=inputs, seed=seed, entropy=Streams.from_seed(seed).entropy, log=log, events_text=text
    )
    events_path, _ = write_run(folder, text, meta, card.model_dump_json(indent=2) + "\n")
    show(
        f"\nEvent log: {events_path} ({len(log)} events)"
        if en
        else f"\n事件日志：{events_path}（{len(log)} 条事件）"
    )


@main.command()
@click.option("--check", is_flag=True, help="Exit 1 if the committed schemas are out of date.")
def schema(check: bool) -> None:
    """Write the JSON Schemas of the scenario and plan files next to the bundled scenarios."""
    folder = Path(scenarios.__file__).parent
    stale = []
    for filename in SCHEMAS:
        path = folder / filename
        text = schema_text(filename)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path)
        if not check:
            path.write_text(text, encoding="utf-8")
            click.echo(f"wrote {path}")
    if check and stale:
        click.echo("out of date: " + ", ".join(str(p) for p in stale), err=True)
        sys.exit(1)


main.add_command(hazard)
main.add_command(check_command)
main.add_command(score_command)
main.add_command(tui_command)
main.add_command(report_command)
main.add_command(cards_command)
main.add_command(archive_group)
main.add_command(stress_command)
main.add_command(compare_command)
main.add_command(sweep_command)

__all__ = ["main"]


if __name__ == "__main__":
    main()
