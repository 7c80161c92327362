"""The ``drillsim`` command line."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

import scenarios
from scoring.keytimes import key_times
from scoring.names import Names
from scoring.rules import Rules, load_rules, plan_overrides
from scoring.scorecard import score
from scoring.timeline import clock, offset, timeline
from sim.decisions import check_decisions, load_numbered
from sim.engine import simulate
from sim.errors import InputError, Problem
from sim.loader import (
    Loaded,
    check_pair,
    check_plan,
    check_scenario,
    detect_kind,
    load,
    plan_path_of,
    validate_model,
)
from sim.plan import Plan
from sim.runfiles import manifest, write_atomic, write_run
from sim.scenario import Scenario
from sim.schema import SCHEMAS, schema_text
from sim.streams import Streams
from sim.yamlfile import load_yaml
from tui.hazard_cli import hazard
from tui.scorecard import check_command, render_scorecard, score_command

F = TypeVar("F", bound=Callable[..., Any])
LANG = click.Choice(["zh", "en"])


def user_errors(func: F) -> F:
    """Show a user's mistakes as messages, never as tracebacks."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            for p in exc.problems:
                click.echo(f"error: {p}", err=True)
            sys.exit(2)
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(0)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"error: {where}{exc.strerror or exc}", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="drillsim")
def main() -> None:
    """drillsim: drill simulation and tabletop exercises for emergency plans."""


def _validate_file(path: Path, against: Path | None) -> tuple[list[Problem], str]:
    if path.suffix == ".jsonl":
        load_numbered(path)
        return [], "decisions"
    doc = load_yaml(path)
    kind = detect_kind(doc)
    if kind == "scenario":
        scenario = validate_model(Scenario, doc)
        problems = check_scenario(scenario, doc)
        if problems or scenario.plan is None:
            return problems, kind
        ppath = plan_path_of(scenario, path, doc)
        pdoc = load_yaml(ppath)
        plan = validate_model(Plan, pdoc)
        problems = check_plan(plan, pdoc)
        return problems or check_pair(scenario, doc, plan, pdoc), f"scenario + plan {ppath}"
    plan = validate_model(Plan, doc)
    problems = check_plan(plan, doc)
    if problems or against is None:
        return problems, kind
    sdoc = load_yaml(against)
    scenario = validate_model(Scenario, sdoc)
    return check_scenario(scenario, sdoc) or check_pair(scenario, sdoc, plan, doc), kind


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--scenario",
    "against",
    type=click.Path(path_type=Path),
    help="Also check plan files against this scenario's site.",
)
def validate(files: tuple[Path, ...], against: Path | None) -> None:
    """Check scenario, plan and decisions files; exit 1 if any has a problem."""
    failed = False
    for path in files:
        try:
            problems, kind = _validate_file(path, against)
        except InputError as exc:
            problems, kind = exc.problems, "?"
        if problems:
            failed = True
            for p in problems:
                click.echo(f"error: {p}", err=True)
        else:
            click.echo(f"ok: {path} ({kind})")
    if failed:
        sys.exit(1)


def plan_rules(loaded: Loaded) -> Rules:
    """The scoring rules with the plan's own section, its mistakes located in the plan file."""
    try:
        return load_rules(plan=plan_overrides(loaded.plan))
    except InputError as exc:
        doc = loaded.plan_doc
        raise InputError(
            [
                doc.problem(("scoring", *[part for part in p.field.split(".") if part]), p.message)
                for p in exc.problems
            ]
        ) from None


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
    loaded = load(scenario, plan)
    numbered = load_numbered(decisions) if decisions else []
    if numbered:
        s, p = loaded.scenario, loaded.plan
        problems = check_decisions(
            numbered,
            str(decisions),
            teams=[t.id for t in p.teams],
            steps=[x.id for x in p.steps],
            levels=[x.id for x in p.levels],
            organisations=[x.id for x in p.organisations],
            links=[x.id for x in p.reporting],
            locations=[x.id for x in s.site.locations],
            hazards=[x.id for x in s.hazards],
        )
        if problems:
            raise InputError(problems)
    rules = plan_rules(loaded)
    folder = out or Path("runs") / loaded.scenario.id / f"seed-{seed}"
    if folder.exists() and not folder.is_dir():
        raise InputError(
            [
                Problem(
                    str(folder),
                    None,
                    "--out",
                    "expected a folder for the run's files, found a file",
                )
            ]
        )
    log = simulate(loaded.scenario, loaded.plan, seed, [d for _, d in numbered])
    names = Names.of(loaded.scenario, loaded.plan, lang)
    start = loaded.scenario.start
    en = lang == "en"
    title = loaded.scenario.name_en if en and loaded.scenario.name_en else loaded.scenario.name
    plan_title = loaded.plan.name_en if en and loaded.plan.name_en else loaded.plan.name
    click.echo(
        f"{title}\n{'Plan' if en else '预案'}: {plan_title}  "
        f"{'seed' if en else '随机种子'} {seed}  {start:%Y-%m-%d %H:%M}\n"
    )
    for event, text in timeline(log, names, major_only=not all_events):
        click.echo(f"{clock(start, event.t)}  {offset(event.t)}  {text}")
    click.echo("\n" + ("Key times" if en else "关键时间节点"))
    for kt in key_times(log, loaded.scenario, loaded.plan):
        subject = f" {names(kt.subject)}" if kt.subject else ""
        when = (
            f"{offset(kt.t)}  {clock(start, kt.t)}"
            if kt.t is not None
            else ("not reached" if en else "未达到")
        )
        click.echo(f"  {kt.label(lang)}{subject}: {when}")
    card = score(
        log,
        loaded.scenario,
        loaded.plan,
        plan_doc=loaded.plan_doc,
        scenario_doc=loaded.scenario_doc,
        seed=seed,
        rules=rules,
    )
    click.echo("\n" + render_scorecard(card, names, lang))
    inputs = {"scenario": loaded.scenario_path, "plan": loaded.plan_path}
    if decisions:
        inputs["decisions"] = decisions
    text = log.to_jsonl()
    meta = manifest(
        inputs=inputs, seed=seed, entropy=Streams.from_seed(seed).entropy, log=log, events_text=text
    )
    events_path, _ = write_run(folder, text, meta)
    write_atomic(folder / "scorecard.json", card.model_dump_json(indent=2) + "\n")
    click.echo(f"\n{'Event log' if en else '事件日志'}: {events_path} ({len(log)} events)")


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

__all__ = ["main"]


if __name__ == "__main__":
    main()
