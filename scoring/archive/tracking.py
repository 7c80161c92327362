"""Findings tracked from drill to drill of one plan, KPI trends, and the change since the
previous drill, read from the archive."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from scoring.archive.store import Archive, DrillRow, FindingRow
from scoring.rules import Rules, default_rules

Status = Literal["open", "recurring", "closed"]


@dataclass(frozen=True)
class TrackedFinding:
    key: str
    rule: str
    title_zh: str
    title_en: str
    clause: str
    severity: str
    """As graded in the latest drill it was found in."""
    effective: str
    """After the recurrence rule: a 整改项 found in too many drills in a row becomes a 不足项."""
    status: Status
    drills: list[int]
    streak: int
    """Consecutive drills, up to the latest one it was found in."""
    raised: bool


@dataclass(frozen=True)
class Change:
    """How a drill compares with the previous drill of the same plan."""

    previous: DrillRow
    current: DrillRow
    score_delta: float | None
    new: list[FindingRow]
    closed: list[FindingRow]
    recurring: list[FindingRow]
    raised: list[FindingRow]


def track_findings(
    archive: Archive, plan_id: str, rules: Rules | None = None, upto: int | None = None
) -> list[TrackedFinding]:
    """Every finding of the plan's drills (up to drill ``upto``), open, recurring or closed."""
    rule = (rules or default_rules()).recurrence
    drills = [d for d in archive.drills(plan_id) if upto is None or d.id <= upto]
    if not drills:
        return []
    order = [d.id for d in drills]
    seen: dict[str, list[tuple[int, FindingRow]]] = {}
    for i, d in enumerate(drills):
        for f in archive.findings(d.id):
            entries = seen.setdefault(f.key, [])
            if not entries or entries[-1][0] != i:
                entries.append((i, f))
    latest = len(drills) - 1
    out = []
    for key, entries in seen.items():
        indices = [i for i, _ in entries]
        last_i, last = entries[-1]
        streak = 1
        while streak < len(indices) and indices[-1 - streak] == last_i - streak:
            streak += 1
        if last_i == latest:
            status: Status = "recurring" if len(indices) > 1 else "open"
        else:
            status = "closed"
        raised = last.severity == rule.from_severity and streak >= rule.raise_after
        out.append(
            TrackedFinding(
                key=key,
                rule=last.rule,
                title_zh=last.title_zh,
                title_en=last.title_en,
                clause=last.clause,
                severity=last.severity,
                effective=rule.to_severity if raised else last.severity,
                status=status,
                drills=[order[i] for i in indices],
                streak=streak,
                raised=raised,
            )
        )
    rank = {"open": 1, "recurring": 0, "closed": 2}
    sev = {"不足项": 0, "整改项": 1, "改进项": 2}
    out.sort(key=lambda t: (rank[t.status], sev.get(t.effective, 3), t.key))
    return out


def change_since_previous(
    archive: Archive, drill_id: int, rules: Rules | None = None
) -> Change | None:
    """The change from the previous drill of the same plan to ``drill_id`` (None: first)."""
    current = archive.drill(drill_id)
    before = [d for d in archive.drills(current.plan_id) if d.id < drill_id]
    if not before:
        return None
    previous = before[-1]
    now = archive.findings(drill_id)
    then = archive.findings(previous.id)
    then_keys = {f.key for f in then}
    now_keys = {f.key for f in now}
    tracked = {t.key: t for t in track_findings(archive, current.plan_id, rules, upto=drill_id)}
    delta = (
        None
        if current.score is None or previous.score is None
        else round(current.score - previous.score, 1)
    )
    return Change(
        previous=previous,
        current=current,
        score_delta=delta,
        new=[f for f in now if f.key not in then_keys],
        closed=[f for f in then if f.key not in now_keys],
        recurring=[f for f in now if f.key in then_keys],
        raised=[f for f in now if f.key in tracked and tracked[f.key].raised],
    )
