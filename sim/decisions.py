"""Facilitator decisions: a JSON Lines journal replayed into a run at their times.

One object per line: ``{"t": 12.5, "command": "dispatch", "args": {...}}`` with
``t`` in minutes from the accident. The live console appends to this journal;
a batch run replays it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, TypeAdapter, ValidationError

from sim.base import FileModel
from sim.errors import InputError, Problem


class DispatchArgs(FileModel):
    team: str
    to: str = Field(description="Location id the team moves to.")


class StepArgs(FileModel):
    step: str


class LevelArgs(FileModel):
    level: str


class NotifyArgs(FileModel):
    organisation: str


class ReportArgs(FileModel):
    link: str = Field(description="Reporting link id sent now.")


class EvacuateArgs(FileModel):
    location: str
    to: str


class HazardArgs(FileModel):
    hazard: str


class LocationArgs(FileModel):
    location: str


class NoteArgs(FileModel):
    text: str


class _Decision(FileModel):
    t: float = Field(ge=0, description="Minutes from the accident.")
    by: str | None = Field(default=None, description="Who decided (participant or role).")


class Dispatch(_Decision):
    command: Literal["dispatch"]
    args: DispatchArgs


class StartStep(_Decision):
    command: Literal["start_step"]
    args: StepArgs


class DeclareLevel(_Decision):
    command: Literal["declare_level"]
    args: LevelArgs


class Notify(_Decision):
    command: Literal["notify"]
    args: NotifyArgs


class Report(_Decision):
    command: Literal["report"]
    args: ReportArgs


class EvacuateDecision(_Decision):
    command: Literal["evacuate"]
    args: EvacuateArgs


class CloseValve(_Decision):
    command: Literal["close_valve"]
    args: HazardArgs


class ForbidEntry(_Decision):
    command: Literal["forbid_entry"]
    args: LocationArgs


class Shelter(_Decision):
    command: Literal["shelter"]
    args: LocationArgs


class Note(_Decision):
    command: Literal["note"]
    args: NoteArgs


Decision = Annotated[
    Dispatch
    | StartStep
    | DeclareLevel
    | Notify
    | Report
    | EvacuateDecision
    | CloseValve
    | ForbidEntry
    | Shelter
    | Note,
    Field(discriminator="command"),
]
COMMANDS = (
    "dispatch",
    "start_step",
    "declare_level",
    "notify",
    "report",
    "evacuate",
    "close_valve",
    "forbid_entry",
    "shelter",
    "note",
)

_adapter: TypeAdapter[Decision] = TypeAdapter(Decision)


def parse_decision(data: object) -> Decision:
    return _adapter.validate_python(data)


def decision_to_json(decision: Decision) -> str:
    return json.dumps(
        decision.model_dump(mode="json", exclude_none=True),
        ensure_ascii=False,
        separators=(",", ":"),
    )


def load_decisions(path: Path | str) -> list[Decision]:
    """Read a decisions journal; every bad line is reported with its number."""
    return [d for _, d in load_numbered(path)]


def load_numbered(path: Path | str) -> list[tuple[int, Decision]]:
    name = str(path)
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise InputError([Problem(name, None, "", f"cannot read: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError([Problem(name, line, "", "expected UTF-8 text")]) from None
    return parse_numbered(text.splitlines(), name)


def parse_decisions(lines: Iterable[str], name: str = "<decisions>") -> list[Decision]:
    return [d for _, d in parse_numbered(lines, name)]


def parse_numbered(lines: Iterable[str], name: str = "<decisions>") -> list[tuple[int, Decision]]:
    """Decisions with their line numbers; all bad lines reported together."""
    out: list[tuple[int, Decision]] = []
    problems: list[Problem] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem(name, number, "", f"expected a JSON object, {exc.msg}"))
            continue
        try:
            out.append((number, parse_decision(data)))
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc = [str(p) for p in err["loc"] if str(p) not in COMMANDS]
                field = ".".join(loc)
                if err["type"] == "union_tag_invalid":
                    msg = (
                        f"expected a command of: {', '.join(COMMANDS)}, "
                        f"found {err['input'].get('command')!r}"
                        if isinstance(err["input"], dict)
                        else err["msg"]
                    )
                elif err["type"] == "union_tag_not_found":
                    msg = f"expected a 'command' field, one of: {', '.join(COMMANDS)}"
                elif err["type"] == "missing":
                    msg = "required field is missing"
                elif err["type"] == "extra_forbidden":
                    msg = "unknown field"
                else:
                    msg = f"{err['msg']}; found {err['input']!r}"
                problems.append(Problem(name, number, field, msg))
    if problems:
        raise InputError(problems)
    return out


def check_decisions(
    numbered: Iterable[tuple[int, Decision]],
    name: str,
    *,
    teams: Iterable[str],
    steps: Iterable[str],
    levels: Iterable[str],
    organisations: Iterable[str],
    links: Iterable[str],
    locations: Iterable[str],
    hazards: Iterable[str],
) -> list[Problem]:
    """Every id a decision names must exist in the scenario or plan it is replayed into."""
    known = {
        "team": set(teams),
        "step": set(steps),
        "level": set(levels),
        "organisation": set(organisations),
        "link": set(links),
        "to": set(locations),
        "location": set(locations),
        "hazard": set(hazards),
    }
    problems: list[Problem] = []
    for number, d in numbered:
        for field, value in d.args.model_dump().items():
            ids = known.get(field)
            if ids is not None and value not in ids:
                what = "a location" if field == "to" else f"a {field}"
                problems.append(
                    Problem(name, number, f"args.{field}", f"expected {what} id, found {value!r}")
                )
    return problems
