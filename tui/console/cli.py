"""``drillsim tui``: open the facilitator console on a scenario, or resume a drill."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sim.errors import InputError


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
    keymap: Path | None,
) -> None:
    """Run a live tabletop drill: clock, injects, decisions, consequences."""
    from tui.console.app import load_keymap, make_app
    from tui.console.drill import open_drill

    try:
        keys = load_keymap(keymap) if keymap else None
        drill = open_drill(scenario, plan, seed, folder=out, resume=resume)
    except InputError as exc:
        for p in exc.problems:
            click.echo(f"error: {p}", err=True)
        sys.exit(2)
    app = make_app(drill, lang=lang, keymap=keys)
    app.run()
    click.echo(f"journal: {drill.journal.path}")
    if not app.ended:
        click.echo(f"continue with: drillsim tui --resume {drill.journal.path}")
