"""Tests of scoring: KPIs, gaps, ratings and the plan check, on event logs built by hand."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from scoring.finding import Finding
from scoring.kpi import Kpi
from sim.events import EventLog

FLAWED = Path(__file__).parents[2] / "scenarios" / "poisoning-plan-flawed.yaml"


class Log:
    """An event log written line by line, the way the engine would have logged it."""

    def __init__(self, *, alarm: float | None = None) -> None:
        self.log = EventLog()
        self.add(0.0, "accident", actor="h2s_leak", location="generator_room")
        if alarm is not None:
            self.add(alarm, "alarm", actor="inject:li_finds_wang")

    def add(self, t: float, kind: str, **fields: Any) -> Log:
        self.log.append(t, kind, **fields)
        return self

    def end(self, t: float, reason: str = "horizon") -> EventLog:
        """The log, ended at ``t``: by default a run stopped there (what was not yet due
        is pending); ``"all done"`` or ``"terminated"``: nothing more was to happen."""
        self.log.append(t, "end", horizon=t if reason == "horizon" else 240.0, reason=reason)
        events = sorted(self.log.events, key=lambda e: (e.t, e.seq))
        return EventLog(replace(e, seq=i) for i, e in enumerate(events))


def one(kpis: list[Kpi], key: str, subject: str | None = None) -> Kpi:
    found = [k for k in kpis if k.key == key and (subject is None or k.subject == subject)]
    assert len(found) == 1, [(k.key, k.subject) for k in kpis]
    return found[0]


def rule(found: list[Finding], name: str) -> list[Finding]:
    return [f for f in found if f.rule == name]


def line_of(path: Path, text: str, after: str | None = None) -> int:
    """1-based line of the first ``text`` in the file (after the line holding ``after``)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = 0
    if after is not None:
        start = next(i for i, line in enumerate(lines) if after in line)
    return next(i for i, line in enumerate(lines[start:], start) if text in line) + 1
