"""``drillsim report``: the evaluation or summary report of a saved run."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from scoring.archive.store import Archive
from scoring.archive.tracking import change_since_previous
from scoring.observations import read_observations
from scoring.report.cards import CARD_KINDS, build_cards
from scoring.report.distribution import build_distribution_report, is_stress_result
from scoring.report.drill import drill_of, run_folder
from scoring.report.evaluation import build_report
from scoring.report.render import FORMATS, RenderError, write_document
from scoring.report.stress import open_stress
from scoring.rules import load_rules, plan_overrides
from scoring.savedrun import open_run
from sim.errors import InputError, Problem
from sim.loader import check_pair, load_scenario_only
from tui.archive_cli import archive_path, store_drill
from tui.scorecard import _user_errors, load_for_check

LANG = click.Choice(["zh", "en"])


def parse_formats(text: str) -> tuple[str, ...]:
    """``html,pdf`` -> ("html", "pdf"); unknown names are the user's mistake."""
    wanted = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    bad = [w for w in wanted if w not in FORMATS]
    if bad or not wanted:
        raise InputError(
            [
                Problem(
                    "--format",
                    None,
                    "",
                    f"expected a comma-separated list of {', '.join(FORMATS)}, found {text!r}",
                )
            ]
        )
    return wanted


def check_out(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise InputError(
            [Problem(str(out), None, "--out", "expected a folder for the report, found a file")]
        )


@click.command("report")
@click.argument("source", type=click.Path(path_type=Path))
@click.option(
    "--kind",
    type=click.Choice(["evaluation", "summary"]),
    default="evaluation",
    show_default=True,
    help="演练评估报告 (evaluation) or 演练总结报告 (summary).",
)
@click.option(
    "--format",
    "formats",
    default="html,pdf,md,json",
    show_default=True,
    help="Comma-separated formats: html, pdf, md, json.",
)
@click.option("--lang", type=LANG, default="zh", show_default=True)
@click.option(
    "--out", type=click.Path(path_type=Path), help="Output folder (default: SOURCE/report)."
)
@click.option(
    "--rules",
    "rules_path",
    type=click.Path(path_type=Path),
    help="Scoring rules overriding the defaults (a partial YAML file): the run is scored again.",
)
@click.option(
    "--allow-changed",
    is_flag=True,
    help="Report even if the scenario, plan or event log changed since the run.",
)
@click.option(
    "--archive",
    "archive",
    is_flag=False,
    flag_value="",
    default=None,
    help="Store the drill and its report in this archive file (alone: the archive in the "
    "user's data directory), and show the change since the previous drill of the plan.",
)
@click.option(
    "--observations",
    "observations_path",
    type=click.Path(path_type=Path),
    help="The evaluator's observations (YAML, as for `drillsim score`): the run is scored "
    "again with them, and the report shows who judged what and why.",
)
@click.option(
    "--stress",
    "stress_path",
    type=click.Path(path_type=Path),
    help="A result folder of `drillsim stress` or `compare`: adds the many-runs statistics.",
)
@_user_errors
def report_command(
    source: Path,
    kind: str,
    formats: str,
    lang: str,
    out: Path | None,
    rules_path: Path | None,
    allow_changed: bool,
    archive: str | None,
    observations_path: Path | None,
    stress_path: Path | None,
) -> None:
    """Write the evaluation or summary report of a saved run (a folder of `drillsim run`),
    of a live drill (the console's session folder), or of a stress or compare result
    (a report of the distribution over its runs)."""
    wanted = parse_formats(formats)
    folder = out or (source.parent if source.is_file() else source) / "report"
    check_out(folder)
    if is_stress_result(source):
        for name, given in (
            ("--observations", observations_path),
            ("--stress", stress_path),
            ("--rules", rules_path),
            ("--archive", archive),
        ):
            if given is not None:
                raise InputError(
                    [
                        Problem(
                            name,
                            None,
                            "",
                            "applies to one run; a stress or compare result is reported as it "
                            "was computed",
                        )
                    ]
                )
        built, warnings = build_distribution_report(open_stress(source), kind, lang)
        for w in warnings:
            click.echo(w, err=True)
        try:
            paths = write_document(built.document, built.figures, folder, wanted, f"{kind}.{lang}")
        except RenderError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        for path in paths:
            click.echo(str(path))
        return
    stress = open_stress(stress_path) if stress_path is not None else None
    observed = read_observations(observations_path) if observations_path else None
    run, source_kind = run_folder(source)
    saved = open_run(run, allow_changed=allow_changed)
    rules = None
    if rules_path is not None:
        rules = load_rules(rules_path, plan=plan_overrides(saved.loaded.plan))
    drill = drill_of(saved, rules, source_kind, observed)
    for w in drill.warnings:
        click.echo(w, err=True)
    store = None if archive is None else Archive(archive_path(archive))
    try:
        change = None
        if store is not None:
            change = change_since_previous(store, store_drill(store, drill), drill.rules)
        built = build_report(drill, kind, lang, change, stress)
        try:
            paths = write_document(built.document, built.figures, folder, wanted, f"{kind}.{lang}")
        except RenderError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        if store is not None:
            drill_id = store_drill(store, drill, paths)
            click.echo(f"archive: {store.path} #{drill_id}", err=True)
    finally:
        if store is not None:
            store.close()
    for path in paths:
        click.echo(str(path))


@click.command("cards")
@click.argument("plan", type=click.Path(path_type=Path))
@click.option(
    "--scenario",
    type=click.Path(path_type=Path),
    help="Scenario whose injects become inject cards and whose hazards the cards warn of.",
)
@click.option(
    "--kind",
    "kinds",
    default=None,
    help="Comma-separated: response (应急处置卡), inject (情景注入卡), role (角色说明). "
    "Default: response and role, and inject with --scenario.",
)
@click.option("--lang", type=LANG, default="zh", show_default=True)
@click.option("--format", "formats", default="pdf,html", show_default=True)
@click.option("--out", type=click.Path(path_type=Path), default=Path("cards"), show_default=True)
@_user_errors
def cards_command(
    plan: Path,
    scenario: Path | None,
    kinds: str | None,
    lang: str,
    formats: str,
    out: Path,
) -> None:
    """Write printable response cards, inject cards and role sheets of a plan."""
    wanted = parse_formats(formats)
    check_out(out)
    default = ["response", "role"] + (["inject"] if scenario is not None else [])
    chosen = [k.strip() for k in kinds.split(",") if k.strip()] if kinds else default
    bad = [k for k in chosen if k not in CARD_KINDS]
    if bad or not chosen:
        raise InputError(
            [Problem("--kind", None, "", f"expected response, inject or role, found {kinds!r}")]
        )
    if "inject" in chosen and scenario is None:
        raise InputError(
            [Problem("--kind", None, "", "inject cards need the scenario: pass --scenario FILE")]
        )
    model, doc = load_for_check(plan)
    scen = None
    if scenario is not None:
        scen, sdoc = load_scenario_only(scenario)
        problems = [
            p for p in check_pair(scen, sdoc, model, doc) if not p.field.startswith("levels[")
        ]
        if problems:
            raise InputError(problems)
    for kind in chosen:
        document = build_cards(model, kind, lang, scen)
        try:
            paths = write_document(document, {}, out, wanted, f"{kind}-cards.{lang}")
        except RenderError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        for path in paths:
            click.echo(f"{path} ({len(document.sections)})")


__all__ = ["cards_command", "report_command"]
