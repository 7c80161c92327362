"""Facilitator decisions: a JSON Lines journal replayed into a run at their times.

One object per line: ``{"t": 12.5, "command": "dispatch", "args": {...}}`` with
``t`` in minutes from the accident. The live console appends to this journal
with ``append_decision`` (one write and an fsync per decision, so a crash loses
nothing already decided); a batch run replays it.

Records are separated by ``\n`` alone: a note may hold any other character
(U+2028, U+0085, a form feed), which the JSON escapes or carries as it is.
Types are strict: ``"t": "5"`` or ``"t": true`` is an error, and so is a key
given twice on one line.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, StrictStr, TypeAdapter, ValidationError

from sim.base import FileModel
from sim.bounds import MAX_MINUTES, Minutes, MinutesShift
from sim.errors import InputError, Problem
from sim.yamlfile import decode_utf8, read_bytes

MAX_JOURNAL_BYTES = 16 * 1024 * 1024
"""A decision a second for a whole week of drill stays well under this."""


class DispatchArgs(FileModel):
    team: StrictStr
    to: StrictStr = Field(description="Location id the team moves to.")


class StepArgs(FileModel):
    step: StrictStr


class LevelArgs(FileModel):
    level: StrictStr


class NotifyArgs(FileModel):
    organisation: StrictStr


class ReportArgs(FileModel):
    link: StrictStr = Field(description="Reporting link id sent now.")


class EvacuateArgs(FileModel):
    location: StrictStr
    to: StrictStr


class HazardArgs(FileModel):
    hazard: StrictStr


class LocationArgs(FileModel):
    location: StrictStr


class NoteArgs(FileModel):
    text: StrictStr


class MoveArrivalArgs(FileModel):
    team: StrictStr = Field(description="Team id whose arrival (travel or call-in) moves.")
    minutes: MinutesShift = Field(
        description="Minutes later (positive) or earlier (negative); never before now."
    )


class TeamArgs(FileModel):
    team: StrictStr


class InjectArgs(FileModel):
    inject: StrictStr = Field(description="Inject id of the scenario's MSEL.")


class _Decision(FileModel):
    t: Minutes = Field(description="Minutes from the accident.")
    by: StrictStr | None = Field(default=None, description="Who decided (participant or role).")


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


class MoveArrival(_Decision):
    command: Literal["move_arrival"]
    args: MoveArrivalArgs


class ArriveNow(_Decision):
    command: Literal["arrive_now"]
    args: TeamArgs


class FireInject(_Decision):
    command: Literal["fire_inject"]
    args: InjectArgs


class SkipInject(_Decision):
    command: Literal["skip_inject"]
    args: InjectArgs


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
    | Note
    | MoveArrival
    | ArriveNow
    | FireInject
    | SkipInject,
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
    "move_arrival",
    "arrive_now",
    "fire_inject",
    "skip_inject",
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


def append_decision(path: Path | str, decision: Decision) -> None:
    """Append one decision to a journal and fsync it before returning.

    The record is one ``write`` of one line; the file is created if missing
    (and its folder entry synced, so the new file survives a power cut). A
    journal whose last record was cut off by a crash gets a line break first,
    so the cut record stays an error on its own line and this one reads back.
    """
    p = Path(path)
    line = decision_to_json(decision) + "\n"
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
    created = not p.exists()
    try:
        fd = os.open(p, flags, 0o666)
        try:
            size = os.fstat(fd).st_size
            if size:
                with open(p, "rb") as fh:
                    fh.seek(size - 1)
                    if fh.read(1) != b"\n":
                        line = "\n" + line
            data = line.encode("utf-8")
            while data:
                data = data[os.write(fd, data) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        if created:
            dir_fd = os.open(p.parent if str(p.parent) else ".", os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(p)) from None


def load_decisions(path: Path | str) -> list[Decision]:
    """Read a decisions journal; every bad line is reported with its number."""
    return [d for _, d in load_numbered(path)]


def load_numbered(path: Path | str) -> list[tuple[int, Decision]]:
    name = str(path)
    raw = read_bytes(Path(path), MAX_JOURNAL_BYTES, "a decisions journal", name)
    return parse_journal(decode_utf8(raw, name), name)


def parse_journal(text: str, name: str = "<decisions>") -> list[tuple[int, Decision]]:
    """Split on ``\n`` only (``str.splitlines`` would also split inside a note)."""
    return parse_numbered(text.split("\n"), name)


def parse_decisions(lines: Iterable[str], name: str = "<decisions>") -> list[Decision]:
    return [d for _, d in parse_numbered(lines, name)]


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _constant(name: str) -> float:
    raise ValueError(f"expected a finite number, found {name}")


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return "a string"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return "a number"


def _message(err: Any) -> str:
    kind = err["type"]
    found = err["input"]
    if kind == "union_tag_invalid":
        if isinstance(found, dict):
            return f"expected a command of: {', '.join(COMMANDS)}, found {found.get('command')!r}"
        return str(err["msg"])
    if kind == "union_tag_not_found":
        return f"expected a 'command' field, one of: {', '.join(COMMANDS)}"
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind in ("float_type", "int_type"):
        return f"expected a number of minutes, found {_type_name(found)} {json.dumps(found)}"
    if kind == "string_type":
        return f"expected text in quotes, found {_type_name(found)} {json.dumps(found)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"expected an object {{...}}, found {_type_name(found)}"
    if kind in ("greater_than_equal", "less_than_equal") and err["loc"][-1] == "minutes":
        return (
            f"expected minutes later (or earlier, negative) between {-MAX_MINUTES:g} and "
            f"{MAX_MINUTES:g}, found {json.dumps(found)}"
        )
    if kind in ("greater_than_equal", "less_than_equal", "finite_number"):
        return (
            f"expected minutes from the accident between 0 and {MAX_MINUTES:g}, "
            f"found {json.dumps(found)}"
        )
    return f"{err['msg']}; found {found!r}"


def parse_numbered(lines: Iterable[str], name: str = "<decisions>") -> list[tuple[int, Decision]]:
    """Decisions with their line numbers; all bad lines reported together."""
    out: list[tuple[int, Decision]] = []
    problems: list[Problem] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line, object_pairs_hook=_no_duplicates, parse_constant=_constant)
        except _DuplicateKey as exc:
            problems.append(Problem(name, number, str(exc), "key given twice on one line"))
            continue
        except json.JSONDecodeError as exc:
            problems.append(Problem(name, number, "", f"expected a JSON object, {exc.msg}"))
            continue
        except ValueError as exc:
            problems.append(Problem(name, number, "", str(exc)))
            continue
        except RecursionError:
            problems.append(
                Problem(name, number, "", "expected a JSON object, found nesting too deep")
            )
            continue
        if not isinstance(data, dict):
            problems.append(
                Problem(name, number, "", f"expected a JSON object, found {_type_name(data)}")
            )
            continue
        try:
            out.append((number, parse_decision(data)))
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc = [str(p) for p in err["loc"] if str(p) not in COMMANDS]
                problems.append(Problem(name, number, ".".join(loc), _message(err)))
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
    injects: Iterable[str] = (),
    horizon_min: float | None = None,
) -> list[Problem]:
    """Every id a decision names must exist in the scenario or plan it is replayed into,
    and every decision must fall before the end of the run (``horizon_min``)."""
    known = {
        "team": set(teams),
        "step": set(steps),
        "level": set(levels),
        "organisation": set(organisations),
        "link": set(links),
        "to": set(locations),
        "location": set(locations),
        "hazard": set(hazards),
        "inject": set(injects),
    }
    problems: list[Problem] = []
    for number, d in numbered:
        if horizon_min is not None and d.t >= horizon_min:
            problems.append(
                Problem(
                    name,
                    number,
                    "t",
                    f"expected a time before the end of the run (the scenario's horizon_min "
                    f"is {horizon_min:g}), found {d.t:g}; the decision would never be replayed",
                )
            )
        for field, value in d.args.model_dump().items():
            ids = known.get(field)
            if ids is not None and value not in ids:
                noun = "location" if field == "to" else field
                what = f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"
                problems.append(
                    Problem(name, number, f"args.{field}", f"expected {what} id, found {value!r}")
                )
    return problems


def not_replayed(numbered: Iterable[tuple[int, Decision]], replayed: int) -> list[int]:
    """Line numbers of the decisions a run ended before (it replays them in time order)."""
    ordered = sorted(numbered, key=lambda nd: nd[1].t)
    return [number for number, _ in ordered[replayed:]]
