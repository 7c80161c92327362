"""A live drill: the journal of decisions and the event log they give.

The event log of a live drill is, by construction, the batch run of its journal:
every decision is validated, fsynced to the journal and only then taken, by
running the same engine on the same scenario, plan, seed and decisions. The
console shows the part of that log up to the drill clock, so nothing the
participants have not reached yet is visible, and a decision taken at the
current instant changes only what comes after it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from scoring.names import Names
from scoring.observations import (
    MARKS,
    Evaluator,
    InjectMark,
    Mark,
    Observations,
    ObservationsFile,
    observations_yaml,
    read_observations,
)
from scoring.scorecard import Scorecard, score
from sim.decisions import COMMANDS, Decision, parse_decision
from sim.engine import simulate
from sim.errors import InputError, Problem
from sim.events import Event, EventLog
from sim.loader import Loaded, load
from sim.runfiles import manifest, write_atomic, write_run
from sim.streams import Streams
from tui.console.board import teams_at
from tui.console.journal import Header, Journal
from tui.inputs import check_journal, plan_rules

REPORT_FORMATS = ("html", "md", "json")  # the evaluation report of the reports module
RUN_FOLDER = "run"  # the drill's run as `drillsim run --decisions journal.jsonl` writes it
OBSERVATIONS = "observations.yaml"  # the evaluator's marks, as `drillsim score --observations`
CLOSING = frozenset({"outcome", "step_not_done", "end"})
INJECT_KINDS = frozenset({"inject", "inject_skipped"})
TIME_SCALE = 1000.0


def decision_time(now: float) -> float:
    """A decision's journal time: the drill time, floored to 1/1000 min (0.06 s)."""
    return math.floor(now * TIME_SCALE) / TIME_SCALE


ARRIVAL_STEPS = (-5.0, -1.0, 1.0, 5.0)
"""The arrival moves a trainer offers (FüSim's trainer view): earlier or later by 1 or 5 min."""


@dataclass(frozen=True)
class Option:
    value: str | float
    label: str


class Drill:
    """Scenario, plan, seed and journal; the event log is recomputed on each decision."""

    def __init__(self, loaded: Loaded, journal: Journal) -> None:
        self.loaded = loaded
        self.journal = journal
        self.seed = journal.header.seed
        problems = self._check_ids(list(enumerate(journal.decisions, start=1)))
        if problems:
            raise InputError(problems)
        self._lock = threading.Lock()
        self.log = self._simulate(journal.decisions)
        self.log_version = len(journal.decisions)

    # --- the run -----------------------------------------------------------------
    def _simulate(self, decisions: Iterable[Decision]) -> EventLog:
        return simulate(self.loaded.scenario, self.loaded.plan, self.seed, list(decisions))

    @property
    def decisions(self) -> list[Decision]:
        return self.journal.decisions

    @property
    def end_t(self) -> float:
        """When the run ends (horizon, everything done, or the response terminated)."""
        return self.log.events[-1].t if self.log.events else 0.0

    @property
    def stale(self) -> bool:
        """A decision is journaled but its run is not computed yet."""
        return self.log_version < len(self.decisions)

    def visible(self, now: float) -> list[Event]:
        """Events up to drill time ``now``; the closing records only once the run ended.
        While the run of a new decision is computed, nothing after that decision shows."""
        log_version, events = self.log_version, self.log.events
        if log_version < len(self.decisions):
            now = min(now, self.decisions[log_version].t - 1e-9)
        if now >= self.end_t:
            return list(events)
        times = [e.t for e in events]
        return [e for e in events[: bisect.bisect_right(times, now)] if e.kind not in CLOSING]

    def finished(self, now: float) -> bool:
        return now >= self.end_t

    def next_time(self, now: float, kinds: frozenset[str] | None = None) -> float | None:
        """Time of the next event (of these kinds) after ``now``: the clock jumps there."""
        for e in self.log.events:
            if e.t > now + 1e-9 and (kinds is None or e.kind in kinds):
                return e.t
        return None

    # --- decisions ---------------------------------------------------------------
    def _check_ids(self, numbered: list[tuple[int, Decision]]) -> list[Problem]:
        return check_journal(self.loaded, numbered, str(self.journal.path))

    def make(
        self, command: str, args: dict[str, Any], now: float, by: str | None = None
    ) -> Decision:
        """A decision at ``now``, checked against the file format and against what is
        valid at this instant; every problem raises :class:`InputError`."""
        where = "decision"
        if command not in COMMANDS:
            raise InputError(
                [Problem(where, None, "command", f"expected one of {', '.join(COMMANDS)}")]
            )
        if self.finished(now):
            raise InputError([Problem(where, None, "t", "the drill has ended")])
        t = decision_time(now)
        last = self.decisions[-1].t if self.decisions else 0.0
        if t < last:
            raise InputError(
                [Problem(where, None, "t", f"expected a time at or after {last}, found {t}")]
            )
        data: dict[str, Any] = {"t": t, "command": command, "args": args}
        if by:
            data["by"] = by
        try:
            decision = parse_decision(data)
        except ValidationError as exc:
            raise InputError(
                [
                    Problem(
                        where,
                        None,
                        ".".join(str(x) for x in err["loc"][1:]),
                        err["msg"],
                    )
                    for err in exc.errors(include_url=False)
                ]
            ) from None
        problems = self._check_ids([(len(self.decisions) + 1, decision)])
        if not problems:
            valid = self.options(now)
            for name, value in decision.args.model_dump().items():
                choices = valid.get(command, {}).get(name)
                if choices is not None and value not in {o.value for o in choices}:
                    problems.append(
                        Problem(where, None, f"args.{name}", f"{value!r} is not possible now")
                    )
            if command == "note" and not decision.args.model_dump()["text"].strip():
                problems.append(Problem(where, None, "args.text", "expected some text"))
        if problems:
            raise InputError(problems)
        return decision

    def record(self, decision: Decision) -> None:
        """Journal the decision: it is on disk before it takes any effect."""
        self.journal.append(decision)

    def replay(self) -> None:
        """Run the journal as it is now (from a worker); a newer run is never replaced
        by an older one."""
        with self._lock:
            version = len(self.decisions)
            if version <= self.log_version:
                return
            log = self._simulate(self.decisions[:version])
            self.log, self.log_version = log, version

    def take(self, decision: Decision) -> None:
        self.record(decision)
        self.replay()

    # --- what is valid now ---------------------------------------------------------
    def options(self, now: float, names: Names | None = None) -> dict[str, dict[str, list[Option]]]:
        """For each command and argument, the values a decision may take at ``now``."""
        s, p = self.loaded.scenario, self.loaded.plan
        n = names or Names.of(s, p)
        seen = self.visible(now)
        pending = list(self.decisions)

        def opts(ids: Iterable[str]) -> list[Option]:
            return [Option(i, n(i)) for i in ids]

        def decided(command: str, field: str) -> set[str]:
            return {str(d.args.model_dump()[field]) for d in pending if d.command == command}

        started = {e.step for e in seen if e.kind == "step_started" and e.step}
        done_steps = {e.step for e in seen if e.kind == "step_completed" and e.step}
        ranks = {lv.id: lv.rank for lv in p.levels}
        declared = {str(e.details.get("level")) for e in seen if e.kind == "level_declared"}
        declared |= decided("declare_level", "level")
        rank = max((ranks.get(lv, 0) for lv in declared), default=0)
        notified = {e.actor for e in seen if e.kind == "notified" and e.actor}
        sent = {  # a follow-up goes again at each change, so it stays on offer
            str(e.details.get("report"))
            for e in seen
            if e.kind == "report_sent" and e.details.get("stage") != "follow_up"
        }
        begun = {e.actor for e in seen if e.kind == "accident" and e.actor}
        stopped = {str(e.details.get("hazard")) for e in seen if e.kind == "release_stopped"}
        stopped |= decided("close_valve", "hazard")
        forbidden = {e.location for e in seen if e.kind == "entry_forbidden" and e.location}
        forbidden |= decided("forbid_entry", "location")
        evacuated = {e.location for e in seen if e.kind == "evacuated" and e.location}
        evacuated |= decided("evacuate", "location")
        sheltered = {e.location for e in seen if e.kind == "sheltered" and e.location}
        sheltered |= decided("shelter", "location")
        under_way = [
            row.team
            # under way before this instant: a departure at this very instant may come
            # after the decision in the run
            for row in teams_at([e for e in seen if e.t < decision_time(now)], p, s)
            if row.activity in ("travelling", "called_in") and row.eta is not None and row.eta > now
        ]
        settled = {str(e.details.get("inject")) for e in seen if e.kind in INJECT_KINDS}
        settled |= decided("fire_inject", "inject") | decided("skip_inject", "inject")
        open_injects = [
            Option(
                i.id,
                f"{i.id}: {(i.message_en if n.lang == 'en' and i.message_en else i.message)[:40]}",
            )
            for i in s.injects
            if i.id not in settled
        ]
        occupied = [loc for loc in dict.fromkeys(person.location for person in s.people)]
        locations = [loc.id for loc in s.site.locations]
        teams = [t.id for t in p.teams if t.id not in s.absent_teams]
        return {
            "dispatch": {"team": opts(teams), "to": opts(locations)},
            "start_step": {
                "step": opts(
                    st.id
                    for st in p.steps
                    if st.id not in started | done_steps | decided("start_step", "step")
                )
            },
            "declare_level": {
                "level": opts(
                    lv.id
                    for lv in sorted(p.levels, key=lambda x: x.rank)
                    if lv.id not in declared and lv.rank > rank
                )
            },
            "notify": {
                "organisation": opts(
                    o.id
                    for o in p.organisations
                    # the plan's own unit is not an outside organisation to notify
                    if o.id != p.unit and o.id not in notified | decided("notify", "organisation")
                )
            },
            "report": {
                "link": opts(
                    lk.id for lk in p.reporting if lk.id not in sent | decided("report", "link")
                )
            },
            "evacuate": {
                "location": opts(loc for loc in occupied if loc not in evacuated),
                "to": opts(locations),
            },
            "close_valve": {
                "hazard": opts(h.id for h in s.hazards if h.id in begun and h.id not in stopped)
            },
            "forbid_entry": {"location": opts(x for x in locations if x not in forbidden)},
            "shelter": {"location": opts(x for x in occupied if x not in sheltered | evacuated)},
            "note": {},
            "move_arrival": {
                "team": opts(under_way),
                "minutes": [Option(m, f"{m:+.0f} min") for m in ARRIVAL_STEPS],
            },
            "arrive_now": {"team": opts(under_way)},
            "fire_inject": {"inject": open_injects},
            "skip_inject": {"inject": list(open_injects)},
        }


def open_drill(
    scenario: Path | None,
    plan: Path | None,
    seed: int,
    *,
    folder: Path | None = None,
    resume: Path | None = None,
) -> Drill:
    """A new drill in ``folder`` (default ``runs/<scenario id>/drill-<n>``), or the
    drill whose journal is ``resume``, with the scenario, plan and seed it was started with."""
    if resume is not None:
        journal = Journal.resume(resume)
        h = journal.header
        if scenario is not None and scenario.resolve() != h.scenario:
            raise InputError(
                [
                    Problem(
                        str(resume),
                        None,
                        "scenario",
                        f"this journal belongs to {h.scenario}, found {scenario}",
                    )
                ]
            )
        return Drill(load(h.scenario, h.plan), journal)
    if scenario is None:
        raise InputError([Problem("drillsim tui", None, "SCENARIO", "expected a scenario file")])
    loaded = load(scenario, plan)
    if folder is None:
        base = Path("runs") / loaded.scenario.id
        n = 1
        while (base / f"drill-{n}").exists():
            n += 1
        folder = base / f"drill-{n}"
    header = Header(loaded.scenario_path.resolve(), loaded.plan_path.resolve(), seed)
    return Drill(loaded, Journal.create(folder, header))


# --- the evaluator's marks ---------------------------------------------------------
def mark_of(entry: dict[str, Any]) -> Mark | None:
    """The mark of a private ``mark`` entry: taken, partly or not_taken (an entry of
    an earlier console, ``taken: true|false``, reads as taken or not_taken)."""
    value = entry.get("mark")
    for m in MARKS:
        if value == m:
            return m
    if isinstance(entry.get("taken"), bool):
        return "taken" if entry["taken"] else "not_taken"
    return None


def marks_of(private: Iterable[dict[str, Any]]) -> dict[str, Mark]:
    """Each inject's latest mark (a later mark of the same inject corrects it)."""
    out: dict[str, Mark] = {}
    for entry in private:
        mark = mark_of(entry) if entry.get("kind") == "mark" else None
        if mark is not None:
            out[str(entry.get("inject"))] = mark
    return out


def mark_times(private: Iterable[dict[str, Any]]) -> dict[str, float]:
    return {
        str(e.get("inject")): float(e.get("t", 0.0))
        for e in private
        if e.get("kind") == "mark" and mark_of(e) is not None
    }


def evaluator_of(private: Iterable[dict[str, Any]]) -> tuple[str, str | None] | None:
    """The evaluator last named in the drill (name, role), if any."""
    found = None
    for entry in private:
        name = entry.get("name")
        if entry.get("kind") == "evaluator" and isinstance(name, str) and name.strip():
            role = entry.get("role")
            found = (name.strip(), role.strip() if isinstance(role, str) and role.strip() else None)
    return found


def drill_observations(
    drill: Drill, today: dt.date | None = None
) -> tuple[Observations | None, list[str]]:
    """The evaluator's observations of the drill, as ``drillsim score --observations``
    reads them: each marked inject that fired in the drill's run and expects an action,
    signed by the evaluator named in the drill (``--evaluator`` or the console's form).
    None when nothing is marked or nobody is named; the second value lists the marked
    injects left out (skipped, rewound away, or expecting no action)."""
    private = drill.journal.private
    marks = marks_of(private)
    evaluator = evaluator_of(private)
    if not marks or evaluator is None:
        return None, []
    s = drill.loaded.scenario
    fired = {str(e.details.get("inject")) for e in drill.log if e.kind == "inject"}
    expects = {i.id for i in s.injects if i.expected_action or i.expected_step}
    when = mark_times(private)
    kept = [i.id for i in s.injects if i.id in marks and i.id in fired and i.id in expects]
    dropped = [x for x in marks if x not in kept]
    if not kept:
        return None, dropped
    name, role = evaluator
    obs = Observations(
        format="drillsim-observations/1",
        evaluator=Evaluator(name=name, role=role, date=today or dt.date.today()),
        scenario=s.id,
        plan=drill.loaded.plan.id,
        injects=[InjectMark(inject=x, mark=marks[x], t_min=round(when[x], 3)) for x in kept],
    )
    return obs, dropped


def finish_drill(
    drill: Drill,
    lang: str = "zh",
    formats: tuple[str, ...] = REPORT_FORMATS,
    today: dt.date | None = None,
) -> tuple[Scorecard, list[Path]]:
    """The drill's run to its end under the decisions taken, scored, with the event
    log, manifest and scorecard written in ``run/`` beside the journal (as ``drillsim
    run --decisions`` writes them for the same journal; ended again, it is rewritten),
    and the evaluation report of that run in ``report/`` (as ``drillsim report run/``).
    The evaluator's marks go to ``observations.yaml`` beside the journal, and the
    scorecard and report are those of ``drillsim score run/ --observations`` on it."""
    drill.replay()
    loaded, folder = drill.loaded, drill.journal.folder
    written: list[Path] = []
    observed: ObservationsFile | None = None
    obs, _ = drill_observations(drill, today)
    if obs is not None:
        obs_path = folder / OBSERVATIONS
        write_atomic(obs_path, observations_yaml(obs))
        observed = read_observations(obs_path)
        written.append(obs_path)
    card = score(
        drill.log,
        loaded.scenario,
        loaded.plan,
        plan_doc=loaded.plan_doc,
        scenario_doc=loaded.scenario_doc,
        seed=drill.seed,
        rules=plan_rules(loaded),
        observations=observed,
    )
    text = drill.log.to_jsonl()
    meta = manifest(
        inputs={
            "scenario": loaded.scenario_path,
            "plan": loaded.plan_path,
            "decisions": drill.journal.path,
        },
        seed=drill.seed,
        entropy=Streams.from_seed(drill.seed).entropy,
        log=drill.log,
        events_text=text,
    )
    out = folder / RUN_FOLDER
    events_path, manifest_path = write_run(out, text, meta, card.model_dump_json(indent=2) + "\n")
    card_path = out / "scorecard.json"
    written = [events_path, manifest_path, card_path, *written]
    if formats:
        from scoring.report.drill import drill_of
        from scoring.report.evaluation import build_report
        from scoring.report.render import write_document
        from scoring.savedrun import open_run

        built = build_report(drill_of(open_run(out), observations=observed), "evaluation", lang)
        written += write_document(
            built.document, built.figures, folder / "report", formats, f"evaluation.{lang}"
        )
    return card, written
