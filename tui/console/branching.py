"""Rewind and fork: go back to a time of the drill, change or add a decision there, run
forward, and set the two branches side by side.

The branch is the run on the drill's own seed (the same random numbers, so only the
decisions differ) of the journal rewound to that time and changed there
(``sim.runner.branch``). It is written as a drill folder of its own under
``forks/`` beside the journal, so ``drillsim tui --resume`` can play it on and
``drillsim run --decisions`` replays it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scoring.kpi import kpis
from scoring.names import KPI_STATUS, Names
from scoring.rules import Rules
from scoring.timeline import describe, offset
from sim.decisions import Decision
from sim.errors import InputError, Problem
from sim.events import Event, EventLog
from sim.runner import branch, first_difference, rewound
from tui.console.drill import Drill
from tui.console.journal import Journal

FORKS = "forks"

_OFFSET = re.compile(r"^\s*(?:T\+)?(?:(\d+):)?(\d+):(\d{1,2})\s*$|^\s*(?:T\+)?(\d+(?:\.\d+)?)\s*$")


def parse_time(text: str, now: float) -> float:
    """A time of the drill as the console shows it (``T+0:12:30``, ``12:30``) or in
    minutes (``12.5``), no later than ``now``."""
    m = _OFFSET.match(text)
    if m is None:
        raise InputError(
            [
                Problem(
                    "rewind", None, "time", f"expected T+h:mm:ss, mm:ss or minutes, found {text!r}"
                )
            ]
        )
    if m.group(4) is not None:
        t = float(m.group(4))
    else:
        hours, minutes, seconds = int(m.group(1) or 0), int(m.group(2)), int(m.group(3))
        if seconds >= 60:
            raise InputError(
                [Problem("rewind", None, "time", f"expected seconds below 60, found {seconds}")]
            )
        t = hours * 60 + minutes + seconds / 60
    if t > now + 1e-9:
        raise InputError(
            [
                Problem(
                    "rewind",
                    None,
                    "time",
                    f"expected a time at or before now ({offset(now)}), found {offset(t)}",
                )
            ]
        )
    return t


@dataclass
class Rewind:
    """A branch being made: the drill rewound to ``at_min``, before its change."""

    drill: Drill
    at_min: float
    keep_later: bool
    probe: Drill  # the journal before ``at_min``: what is valid there, and checks

    def make(self, command: str, args: dict[str, Any], by: str | None) -> Decision:
        return self.probe.make(command, args, self.at_min, by)


def rewind(drill: Drill, at_min: float, keep_later: bool) -> Rewind:
    before = [d for d in drill.decisions if d.t < at_min]
    journal = Journal(drill.journal.folder, drill.journal.header, before)
    return Rewind(drill, at_min, keep_later, Drill(drill.loaded, journal))


@dataclass(frozen=True)
class Comparison:
    at_min: float
    rows: list[tuple[str, str, str]]  # what, this drill, the branch
    parted: str  # where the runs first part, in words
    journal: Path  # the branch's journal


def fork_folder(drill: Drill) -> Path:
    base = drill.journal.folder / FORKS
    n = 1
    while (base / f"fork-{n}").exists():
        n += 1
    return base / f"fork-{n}"


def run_branch(r: Rewind, change: Decision, rules: Rules, names: Names) -> Comparison:
    """Run the branch to its end, write its drill folder, and compare it with the drill
    (the run of the drill's journal as it stands, to its end)."""
    drill = r.drill
    s, p = drill.loaded.scenario, drill.loaded.plan
    decisions = list(drill.decisions)
    other = branch(s, p, drill.seed, decisions, r.at_min, [change], keep_later=r.keep_later)
    folder = fork_folder(drill)
    journal = Journal.create(folder, drill.journal.header)
    for d in rewound(decisions, r.at_min, [change], keep_later=r.keep_later):
        journal.append(d)
    rows = _kpi_rows(drill.log, other, drill, rules, names) + _outcome_rows(drill.log, other, names)
    return Comparison(r.at_min, rows, _parted(drill.log, other, names), journal.path)


def _kpi_rows(
    live: EventLog, other: EventLog, drill: Drill, rules: Rules, names: Names
) -> list[tuple[str, str, str]]:
    s, p = drill.loaded.scenario, drill.loaded.plan
    en = names.lang == "en"

    def shown(k: Any) -> str:
        zh, eng = KPI_STATUS.get(k.status, (k.status, k.status))
        value = f"{k.value:.1f} " if k.value is not None else ""
        return f"{value}{eng if en else zh}"

    ours = {(k.key, k.subject): k for k in kpis(live, s, p, rules)}
    theirs = {(k.key, k.subject): k for k in kpis(other, s, p, rules)}
    rows = []
    for key in dict.fromkeys([*ours, *theirs]):
        k = ours.get(key) or theirs[key]
        label = k.label.en if en else k.label.zh
        if k.subject:
            label += f" {names(k.subject)}"
        if k.target is not None:
            label += f" ({'target' if en else '目标'} {k.target:g})"
        rows.append(
            (
                label,
                shown(ours[key]) if key in ours else "",
                shown(theirs[key]) if key in theirs else "",
            )
        )
    return rows


def _fates(log: EventLog) -> dict[str, float]:
    """Each exposed person's probability of death at the end of the run."""
    out: dict[str, float] = {}
    for e in log.of_kind("outcome"):
        if e.actor:
            p = float(e.details.get("probability_of_death", 0.0))
            out[e.actor] = max(out.get(e.actor, 0.0), p)
    for e in log.of_kind("person"):
        if e.actor and e.details.get("state") == "dead":
            out[e.actor] = 1.0
    return out


def _outcome_rows(live: EventLog, other: EventLog, names: Names) -> list[tuple[str, str, str]]:
    en = names.lang == "en"
    rows: list[tuple[str, str, str]] = []
    ours, theirs = _fates(live), _fates(other)
    for who in dict.fromkeys([*ours, *theirs]):
        label = f"{names(who)} {'P(death)' if en else '死亡概率'}"
        rows.append((label, _pct(ours.get(who)), _pct(theirs.get(who))))

    def stopped(log: EventLog) -> dict[str, float]:
        return {str(e.details.get("hazard")): e.t for e in log.of_kind("release_stopped")}

    a, b = stopped(live), stopped(other)
    for hazard in dict.fromkeys([*a, *b]):
        label = f"{'Release stopped' if en else '泄漏切断'} {names(hazard)}"
        rows.append((label, _at(a.get(hazard), en), _at(b.get(hazard), en)))
    end_a, end_b = live.events[-1], other.events[-1]
    rows.append(("End of run" if en else "推演结束", offset(end_a.t), offset(end_b.t)))
    return rows


def _pct(p: float | None) -> str:
    return "" if p is None else f"{p:.0%}"


def _at(t: float | None, en: bool) -> str:
    if t is None:
        return "never" if en else "未切断"
    return offset(t)


def _parted(live: EventLog, other: EventLog, names: Names) -> str:
    en = names.lang == "en"
    parted = first_difference(live, other)
    if parted is None:
        return "The two runs never part." if en else "两个分支的事件完全相同。"
    ours, theirs = parted

    def said(e: Event | None) -> str:
        if e is None:
            return "(ended)" if en else "(已结束)"
        return f"{offset(e.t)} {describe(e, names)}"

    t = min(e.t for e in (ours, theirs) if e is not None)
    if en:
        return (
            f"First difference at {offset(t)}:\n"
            f"  this drill: {said(ours)}\n  the branch: {said(theirs)}"
        )
    return f"首个差异 {offset(t)}:\n  本次演练: {said(ours)}\n  分支: {said(theirs)}"
