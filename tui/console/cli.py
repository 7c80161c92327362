"""``drillsim tui``: open the facilitator console on a scenario, or resume a drill."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sim.errors import InputError


def _line(value: str | None, option: str) -> str | None:
    """A name as an observations file signs it: one line of at most 500 characters."""
    if value is None:
        return None
    value = value.strip()
    if not value or len(value) > 500 or "\n" in value:
        raise click.BadParameter(
            f"expected one line of 1 to 500 characters, found {len(value)}", param_hint=option
        )
    return value


@click.command("tui")
@click.argument("scenario", required=False, type=click.Path(path_type=Path))
@click.option(
    "--plan", type=click.Path(path_type=Path), help="Plan file (default: the scenario's)."
)
@click.option("--seed", type=click.IntRange(min=0), default=0, show_default=True)
@click.option(
    "--resume",
    type=click.Path(path_type=Path),
    help="Journal of an interrupted drill: restores its state and continues it.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="Folder for the drill's journal and results (default: runs/<scenario id>/drill-<n>).",
)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option(
    "--evaluator",
    callback=lambda _ctx, _param, v: _line(v, "--evaluator"),
    help="Name of the evaluator who signs the marks of expected actions (asked at the end "
    "of the drill when marks are made and nobody is named).",
)
@click.option(
    "--evaluator-role",
    callback=lambda _ctx, _param, v: _line(v, "--evaluator-role"),
    help="The evaluator's role and organisation.",
)
@click.option(
    "--keymap",
    type=click.Path(path_type=Path),
    help="YAML file of binding id: keys, remapping the console's keys.",
)
def tui_command(
    scenario: Path | None,
    plan: Path | None,
    seed: int,
    resume: Path | None,
    out: Path | None,
    lang: str,
    evaluator: str | None,
    evaluator_role: str | None,
    keymap: Path | None,
) -> None:
    """Run a live tabletop drill: clock, injects, decisions, consequences."""
    from tui.console.app import load_keymap, make_app
    from tui.console.drill import evaluator_of, open_drill

    try:
        keys = load_keymap(keymap) if keymap else None
        drill = open_drill(scenario, plan, seed, folder=out, resume=resume)
    except InputError as exc:
        for p in exc.problems:
            click.echo(f"error: {p}", err=True)
        sys.exit(2)
    app = make_app(drill, lang=lang, keymap=keys)
    if evaluator:
        known = evaluator_of(drill.journal.private)
        named = (evaluator, evaluator_role)
        if known != named:
            app.evaluator_at_start = named
    app.run()
    click.echo(f"journal: {drill.journal.path}")
    if not app.ended:
        click.echo(f"continue with: drillsim tui --resume {drill.journal.path}")
