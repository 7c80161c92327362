"""A drill to report on: a saved run's event log, its inputs and its scorecard."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from scoring.names import Names
from scoring.observations import ObservationsFile
from scoring.rules import Rules, load_rules, plan_overrides
from scoring.savedrun import SavedRun, open_run
from scoring.scorecard import Scorecard, score
from sim.events import EventLog
from sim.plan import Plan
from sim.scenario import Scenario


@dataclass(frozen=True)
class Drill:
    """Everything a report reads: the log, scenario, plan, scorecard and input hashes."""

    log: EventLog
    scenario: Scenario
    plan: Plan
    card: Scorecard
    rules: Rules
    seed: int | None
    folder: Path | None = None
    sources: dict[str, str] = field(default_factory=dict)
    decisions: bool = False
    warnings: list[str] = field(default_factory=list)
    kind: str = "run"
    """'run' for a saved run, 'session' for a live drill's session folder."""

    def names(self, lang: str) -> Names:
        return Names.of(self.scenario, self.plan, lang)


def _saved_card(folder: Path) -> Scorecard | None:
    path = folder / "scorecard.json"
    if not path.is_file():
        return None
    try:
        return Scorecard.model_validate_json(path.read_text(encoding="utf-8"))
    except (ValidationError, UnicodeDecodeError):
        return None


SESSION_RUN = "run"
"""The console writes a live drill's run folder under this name beside its journal."""


def run_folder(source: Path) -> tuple[Path, str]:
    """The run folder of SOURCE: a saved run, or a live-drill session folder holding one."""
    if (
        not (source / "manifest.json").is_file()
        and (source / SESSION_RUN / "manifest.json").is_file()
    ):
        return source / SESSION_RUN, "session"
    return source, "run"


def drill_of(
    saved: SavedRun,
    rules: Rules | None = None,
    kind: str = "run",
    observations: ObservationsFile | None = None,
) -> Drill:
    """The drill of a saved run. Scored afresh with ``rules`` or the evaluator's
    ``observations``; otherwise the run's own ``scorecard.json`` when it is still
    readable, else scored afresh."""
    loaded = saved.loaded
    base = load_rules(plan=plan_overrides(loaded.plan))
    fresh = rules is not None or observations is not None
    card = None if fresh else _saved_card(saved.folder)
    if card is None:
        card = score(
            saved.log,
            loaded.scenario,
            loaded.plan,
            plan_doc=loaded.plan_doc,
            scenario_doc=loaded.scenario_doc,
            rules=rules or base,
            seed=saved.seed,
            warnings=saved.warnings,
            observations=observations,
        )
    inputs = saved.manifest.get("inputs", {})
    sources = {
        role: str(entry.get("sha256", ""))
        for role, entry in inputs.items()
        if isinstance(entry, dict) and entry.get("sha256")
    }
    events_sha = saved.manifest.get("events", {}).get("sha256")
    if events_sha:
        sources["events"] = str(events_sha)
    if observations is not None and observations.sha256:
        sources["observations"] = observations.sha256
    return Drill(
        log=saved.log,
        scenario=loaded.scenario,
        plan=loaded.plan,
        card=card,
        rules=rules or base,
        seed=saved.seed,
        folder=saved.folder,
        sources=sources,
        decisions="decisions" in inputs,
        warnings=list(saved.warnings),
        kind=kind,
    )


def open_drill(
    source: Path,
    *,
    allow_changed: bool = False,
    rules: Rules | None = None,
    observations: ObservationsFile | None = None,
) -> Drill:
    folder, kind = run_folder(Path(source))
    return drill_of(open_run(folder, allow_changed=allow_changed), rules, kind, observations)
