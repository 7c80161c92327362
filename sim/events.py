"""The event log: the single source of truth of a run.

Scores, reports, boards and timelines are computed from these records, never
from engine internals. The JSON Lines form is canonical: same inputs, same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

KINDS = frozenset(
    {
        "accident",  # the hazard starts
        "inject",  # an MSEL inject fires
        "inject_skipped",  # the facilitator skips an inject: it never fires
        "arrival_moved",  # the facilitator moves a team's arrival (earlier, later, now)
        "alarm",  # the alarm is raised
        "decision",  # a facilitator decision is applied
        "report_sent",  # a reporting-chain message leaves its sender
        "report_received",  # ... and reaches the receiver
        "trigger_held",  # a level's trigger first holds (watched from the alarm)
        "level_declared",  # a response level is declared
        "notified",  # an outside organisation is called
        "alerted",  # the organisation's duty desk acts on the call
        "team_alerted",  # a team hears of the alarm (alerting link, report, its organisation)
        "team_called_in",  # an off-shift team is called in
        "team_available",  # a team (or an outside team on arrival) can take work
        "team_departed",  # a team leaves for somewhere
        "team_arrived",  # a team arrives somewhere
        "step_ready",  # a step's preconditions hold
        "step_waiting",  # a ready step waits for crew or resources
        "step_started",  # crew and resources claimed, travelling to the step
        "step_working",  # crew on location, work begins
        "step_completed",  # work done, effects applied
        "crew_withdrew",  # a crew leaves its step unfinished (breathing air at its reserve)
        "step_relieved",  # a relief crew takes over an unfinished step
        "step_retried",  # a unit that failed its check is tried again, as the step's retry says
        "step_abandoned",  # a step not started is given up: an alternative did it, or too late
        "task_completed",  # the first step satisfying a task completes
        "step_not_done",  # at the end of the run: a step never completed, and why
        "resource_failed",  # a unit failed its pre-use check
        "gas_test",  # a crew reads its gas detector at a location (measured and true air)
        "entry",  # someone enters a hazardous location
        "person",  # a person's state changes
        "breathing_stopped",  # a collapsed person stops breathing (respiratory arrest)
        "breathing_restored",  # oxygen, rescue breathing or CPR restore breathing
        "not_lifted",  # a non-entry rescue cannot lift someone not on its lifeline
        "first_aid",  # a casualty brought out gets first aid from a crew
        "carried",  # a rescue crew sets off with a casualty (carried, dragged, or walking)
        "care_taken_over",  # another first-aid crew takes over a casualty's care
        "crew_caring",  # a step's crew stays with the casualties in its care
        "crew_released",  # ... and goes free: handed over to EMS, or care taken over
        "impaired",  # oxygen below 16 %: judgement and coordination impaired
        "escape",  # an unprotected person sets off out of air above IDLH
        "escaped",  # ... and reaches the place they escaped to
        "release_changed",  # a release is reduced
        "release_stopped",  # a release stops
        "ventilation",  # a room's or building's ventilation changes
        "water_curtain",  # a water spray curtain is set against an outdoor release
        "weather",  # a wind shift
        "model_warning",  # a hazard model is used outside its range of validity
        "entry_forbidden",  # unprotected entry to a location forbidden
        "evacuation_started",  # a location's occupants set off on foot along their route
        "evacuated",  # a location's occupants reach the assembly point
        "respirator_donned",  # a person puts on the escape hood or respirator they carry
        "sheltered",  # a location's people shelter indoors, the place closed up
        "shelter_ended",  # ... the place opened and aired again
        "response_terminated",
        "exposure",  # a person's or crew's exposure interval at a location ends
        "outcome",  # at the end: each exposed person's toxic load and probit outcome
        "end",  # the run ends
    }
)


@dataclass(frozen=True, slots=True)
class Event:
    """One record: time in minutes from the accident and who did what where."""

    seq: int
    t: float
    kind: str
    actor: str | None = None
    step: str | None = None
    resource: str | None = None
    location: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"seq": self.seq, "t": round(self.t, 6), "kind": self.kind}
        for key in ("actor", "step", "resource", "location"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.details:
            out["details"] = self.details
        return out

    def to_json(self) -> str:
        return json.dumps(
            self.to_dict(), ensure_ascii=False, separators=(",", ":"), allow_nan=False
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        return cls(
            seq=int(data["seq"]),
            t=float(data["t"]),
            kind=str(data["kind"]),
            actor=data.get("actor"),
            step=data.get("step"),
            resource=data.get("resource"),
            location=data.get("location"),
            details=dict(data.get("details", {})),
        )


_new = object.__new__
_SEQ, _T, _KIND, _ACTOR, _STEP, _RESOURCE, _LOCATION, _DETAILS = (
    Event.__dict__[name].__set__
    for name in ("seq", "t", "kind", "actor", "step", "resource", "location", "details")
)


class EventLog:
    """An ordered list of events with small query helpers."""

    def __init__(self, events: Iterable[Event] = ()) -> None:
        self.events: list[Event] = list(events)

    def append(
        self,
        t: float,
        kind: str,
        *,
        actor: str | None = None,
        step: str | None = None,
        resource: str | None = None,
        location: str | None = None,
        **details: Any,
    ) -> Event:
        if kind not in KINDS:
            raise ValueError(f"unknown event kind {kind!r}")
        # Event(...) field by field through the slots, without the frozen dataclass's
        # __init__ (object.__setattr__ per field): the engine appends every record here
        event = _new(Event)
        _SEQ(event, len(self.events))
        _T(event, t)
        _KIND(event, kind)
        _ACTOR(event, actor)
        _STEP(event, step)
        _RESOURCE(event, resource)
        _LOCATION(event, location)
        _DETAILS(event, details)
        self.events.append(event)
        return event

    def __iter__(self) -> Iterator[Event]:
        return iter(self.events)

    def __len__(self) -> int:
        return len(self.events)

    def of_kind(self, *kinds: str) -> list[Event]:
        return [e for e in self.events if e.kind in kinds]

    def first(self, kind: str, **match: Any) -> Event | None:
        for e in self.events:
            if e.kind == kind and all(_field(e, k) == v for k, v in match.items()):
                return e
        return None

    def to_jsonl(self) -> str:
        return "".join(e.to_json() + "\n" for e in self.events)

    @classmethod
    def from_jsonl(cls, text: str) -> EventLog:
        return cls(Event.from_dict(json.loads(line)) for line in text.split("\n") if line)

    @classmethod
    def read(cls, path: Path) -> EventLog:
        return cls.from_jsonl(path.read_text(encoding="utf-8"))


def _field(e: Event, key: str) -> Any:
    if key in ("actor", "step", "resource", "location", "kind"):
        return getattr(e, key)
    return e.details.get(key)
