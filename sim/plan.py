"""The plan file: the emergency plan under test (a revision is another plan file)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from sim.base import FileModel, Named
from sim.bounds import (
    AirMinutes,
    ClockTime,
    Crew,
    NeedQuantity,
    PositiveMinutes,
    Probability,
    Quantity,
    Rank,
    TeamSize,
)
from sim.distributions import Distribution, Fixed, as_distribution
from sim.vocabulary import Condition, Effect, reading_places

Qualification = str

REPORT_CONTENT_ITEMS = (
    "unit",
    "time",
    "place",
    "scene",
    "course",
    "casualties",
    "estimated_loss",
    "measures",
)
"""Items a report must contain, 《生产安全事故报告和调查处理条例》 Art. 12."""


RESCUE_PRIORITY, ISOLATION_PRIORITY, OTHER_PRIORITY = 1, 2, 3
"""Default claim order: life safety first (rescue), then isolating the release, then the rest."""


class Shift(FileModel):
    id: str = Field(min_length=1, pattern=r"^[^\s]+$")
    name: str
    start: ClockTime = Field(description="Local start time, e.g. '08:00'.")
    end: ClockTime = Field(description="Local end time; before start means it runs past midnight.")

    def covers(self, moment: dt.time) -> bool:
        if self.start <= self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end


class HigherPlan(Named):
    """A higher-level plan this plan links to (县/市 plan, a group company's plan)."""

    organisation: str = Field(description="Organisation id that owns the higher-level plan.")
    levels: list[str] = Field(min_length=1, description="Response level ids it defines.")


AuthorityKind = Literal["emergency_management", "government", "department"]
"""What an authority receiving reports is (《生产安全事故报告和调查处理条例》 Art. 9, 10)."""


class Organisation(Named):
    kind: Literal[
        "unit", "authority", "rescue", "ems", "fire", "police", "mutual_aid", "operator", "public"
    ]
    base: str = Field(description="Location id of its base.")
    contact: str | None = Field(default=None, description="Duty telephone or radio channel.")
    notification_delay: Distribution = Field(
        default=Fixed(minutes=0.0),
        description="Minutes from being called until its duty desk acts on the call.",
    )
    muster: str | None = Field(
        default=None, description="Location its teams travel to when notified."
    )
    agreement: str | None = Field(default=None, description="Mutual-aid or linkage agreement.")
    hospital: str | None = Field(
        default=None,
        description="EMS: location id of the hospital its crews take the casualties they are "
        "handed to; the crew drives them there and is free on arrival. Absent: the run ends "
        "the casualty's course at the hand-over.",
    )
    arrival_target_min: PositiveMinutes | None = Field(
        default=None,
        description="The local target for this service's first arrival, minutes from being "
        "called (e.g. the county 120 centre's published target); scoring judges it by this.",
    )
    arrival_target_basis: str | None = Field(
        default=None, description="Where the local arrival target is published."
    )
    arrival_target_basis_en: str | None = Field(
        default=None,
        description="Where it is published, in English, for English output; absent: "
        "'arrival_target_basis'.",
    )
    authority_kind: AuthorityKind | None = Field(
        default=None,
        description="kind authority: what the report receiver is, as the reports name it: "
        "emergency_management (应急管理部门, the former 安全生产监督管理部门), government "
        "(a people's government or its duty office, 人民政府), department (another "
        "department with safety supervision duties, 负有安全生产监督管理职责的有关部门). "
        "Default: read from the name (应急管理 or 安全生产监督管理: emergency_management; "
        "人民政府, 政府 or 街道办事处: government; otherwise department).",
    )

    _coerce = field_validator("notification_delay", mode="before")(as_distribution)

    @model_validator(mode="after")
    def _authority_kind_for_authorities(self) -> Organisation:
        if self.authority_kind is not None and self.kind != "authority":
            raise ValueError(
                f"'authority_kind' is for an organisation of kind 'authority', found kind "
                f"'{self.kind}'"
            )
        return self

    @property
    def receiver_kind(self) -> AuthorityKind:
        """What kind of authority it is: given, else read from its Chinese name."""
        if self.authority_kind is not None:
            return self.authority_kind
        if any(word in self.name for word in ("应急管理", "安全生产监督管理", "安监")):
            return "emergency_management"
        if any(word in self.name for word in ("人民政府", "政府", "街道办事处")):
            return "government"
        return "department"


class Team(Named):
    organisation: str
    base: str = Field(description="Location id where the team is at the start.")
    size: TeamSize = Field(description="People on duty.")
    qualifications: list[Qualification] | dict[Qualification, TeamSize] = Field(
        default_factory=list,
        description="A list is held by every member (e.g. [scba, first_aid]); a mapping counts "
        "the members holding each (e.g. {scba: 2, first_aid: 4} of 4). Counts go to the same "
        "members first: the two SCBA wearers are also first-aiders.",
    )
    shifts: list[str] = Field(
        default_factory=list, description="Shift ids the team is on duty; empty means always."
    )
    call_in: Distribution | None = Field(
        default=None,
        description="Minutes to reach base when off shift; absent means not available.",
    )
    mobilisation: Distribution = Field(
        default=Fixed(minutes=0.0),
        description="Turnout minutes of an outside team after its organisation is alerted.",
    )

    _coerce = field_validator("call_in", "mobilisation", mode="before")(as_distribution)

    @model_validator(mode="after")
    def _counts_within_size(self) -> Team:
        if isinstance(self.qualifications, dict):
            for q, n in self.qualifications.items():
                if not 1 <= n <= self.size:
                    raise ValueError(
                        f"qualifications.{q}: expected a count of members from 1 to the team's "
                        f"size {self.size}, found {n}"
                    )
        return self

    def member_qualifications(self) -> list[frozenset[Qualification]]:
        """What each member holds, member 0 first."""
        if isinstance(self.qualifications, list):
            return [frozenset(self.qualifications)] * self.size
        counts = self.qualifications
        return [frozenset(q for q, n in counts.items() if i < n) for i in range(self.size)]

    def holders(self, qualifications: Iterable[Qualification]) -> int:
        """How many members hold every one of ``qualifications``."""
        need = frozenset(qualifications)
        return sum(1 for held in self.member_qualifications() if need <= held)

    def qualification_summary(self) -> str:
        """e.g. 'scba, first_aid' or 'scba 2/4, first_aid 4/4'."""
        if isinstance(self.qualifications, list):
            return ", ".join(self.qualifications)
        return ", ".join(f"{q} {n}/{self.size}" for q, n in self.qualifications.items())


class Role(Named):
    organisation: str
    staffed_by: list[str] = Field(
        default_factory=list, description="Team ids that fill this role, in order of preference."
    )


SCBA_TYPES = frozenset({"scba"})
"""Resource types that are breathing apparatus a crew wears to work in toxic air."""


class Resource(Named):
    type: str = Field(description="e.g. scba, gas_detector, ambulance, fire_engine, valve_key.")
    quantity: Quantity
    location: str = Field(description="Location id where it is stored.")
    keeper: str | None = Field(default=None, description="Role id that keeps it.")
    team: str | None = Field(
        default=None,
        description="Team id whose own kit this is: only its members use it and it goes where "
        "the team goes (a fire crew's breathing apparatus on its engine).",
    )
    air_duration_min: AirMinutes | None = Field(
        default=None, description="Breathing apparatus: rated air duration, minutes."
    )
    failure_probability: Probability = Field(
        default=0.0, description="Chance a unit fails its pre-use check."
    )
    consumable: bool = Field(default=False, description="Used up by the step that takes it.")
    t90_s: float | None = Field(
        default=None,
        gt=0,
        le=600,
        strict=True,
        allow_inf_nan=False,
        description="Gas detector: response time T90, seconds to 90 % of the final reading "
        "(the maker's sheet; GB 12358-2024). Default 60.",
    )
    accuracy_percent: float | None = Field(
        default=None,
        ge=0,
        le=100,
        strict=True,
        allow_inf_nan=False,
        description="Gas detector: indication tolerance of a gas reading, +- % of the reading "
        "(示值误差). Default 10.",
    )
    oxygen_accuracy_percent: float | None = Field(
        default=None,
        ge=0,
        le=5,
        strict=True,
        allow_inf_nan=False,
        description="Gas detector: indication tolerance of the oxygen reading, +- % by volume. "
        "Default 0.7.",
    )


class Level(Named):
    rank: Rank = Field(description="Higher rank is a more severe response.")
    triggers: list[Condition] = Field(
        default_factory=list, description="The level is declared when any of these holds."
    )
    declared_by: str | None = Field(default=None, description="Role id that declares it.")
    decision_delay: Distribution = Field(default=Fixed(minutes=0.0))
    notifies: list[str] = Field(default_factory=list, description="Organisation ids to notify.")
    escalates_to: str | None = Field(
        default=None, description="'higher_plan_id.level_id' this level activates."
    )

    _coerce = field_validator("decision_delay", mode="before")(as_distribution)


class ResourceNeed(FileModel):
    """Equipment a step needs: units of one named resource, or any units of a type."""

    resource: str | None = Field(
        default=None, description="Resource id: only units of this resource count."
    )
    type: str | None = Field(
        default=None,
        description="Resource type (e.g. scba): any unit of that type counts, the crew's own kit, "
        "a cabinet or a store, nearest first.",
    )
    quantity: NeedQuantity = Field(default=1)

    @model_validator(mode="after")
    def _one_of(self) -> ResourceNeed:
        if (self.resource is None) == (self.type is None):
            raise ValueError("expected exactly one of 'resource' (an id) or 'type'")
        return self

    @property
    def label(self) -> str:
        """How the event log names the need: the resource id, or 'any TYPE'."""
        return self.resource if self.resource is not None else f"any {self.type}"

    def matches(self, resource: Resource) -> bool:
        if self.resource is not None:
            return resource.id == self.resource
        return resource.type == self.type


class Retry(FileModel):
    """How a step whose equipment failed its check tries again (a remote channel, a pump)."""

    attempts: int = Field(ge=1, le=100, strict=True, description="Further tries after the first.")
    interval_min: PositiveMinutes = Field(description="Minutes between tries.")


class Step(Named):
    owner: str = Field(description="Role id responsible for the step.")
    after: list[str] = Field(default_factory=list, description="Step ids that must complete first.")
    requires_level: str | None = Field(default=None, description="Level id that must be declared.")
    when: Condition | None = Field(
        default=None,
        description="Condition that must hold to start. A reading of a place's air alone "
        "(concentration_above, oxygen_below; no after, no requires_level) is watched from "
        "T+0, before the alarm: the answer to a fixed detector's alarm.",
    )
    crew: Crew = Field(default=1, description="People the step needs.")
    qualifications: list[Qualification] = Field(default_factory=list)
    resources: list[ResourceNeed] = Field(default_factory=list)
    continues: str | None = Field(
        default=None,
        description="Step id whose crew carries on with this step, keeping what it drew "
        "(breathing apparatus stays on, its air counting down) and drawing only what it lacks; "
        "implies 'after' that step.",
    )
    duration: Distribution
    location: str = Field(description="Location id where the step is carried out.")
    indoors: bool | None = Field(
        default=None,
        description="Whether the crew works inside (breathes the indoor air, is shielded "
        "from a fire's heat) or in the open; default: as the location's kind says "
        "(inside a room or building).",
    )
    effects: list[Effect] = Field(default_factory=list)
    satisfies: str | None = Field(
        default=None,
        description="Task id this step accomplishes; steps with the same task are alternatives "
        "(remote or manual valve close): the task is done when any of them is, the others are "
        "abandoned if not yet started, and 'after' one of them waits for the task.",
    )
    retry: Retry | None = Field(
        default=None,
        description="When equipment it needs fails its pre-use check, try it again this often; "
        "absent: the failed unit stays out of use.",
    )
    give_up_after_min: PositiveMinutes | None = Field(
        default=None,
        description="Abandon the step if it has not started this many minutes after it was ready.",
    )
    priority: int | None = Field(
        default=None,
        ge=1,
        le=100,
        strict=True,
        description="Claim order when steps compete for crew or equipment, 1 first; absent: "
        "life safety first, 1 for a rescue, 2 for isolating a release, 3 for the rest.",
    )
    target_min: PositiveMinutes | None = Field(
        default=None, description="Completion target, minutes from the accident."
    )
    critical: bool = Field(default=False, description="A critical task for the evaluation.")

    _coerce = field_validator("duration", mode="before")(as_distribution)

    @property
    def on_reading(self) -> list[str]:
        """Places whose detector reading alone starts this step (its ``when`` reads their
        air; no ``after``, no level): it is watched from T+0, not from the alarm, as the
        control room sees its gas display before anyone raises the alarm."""
        if self.after or self.requires_level or self.continues or self.when is None:
            return []
        return reading_places(self.when)

    @property
    def claim_priority(self) -> int:
        """The step's own priority, else rescue 1, isolation 2, the rest 3."""
        if self.priority is not None:
            return self.priority
        verbs = {e.verb for e in self.effects}
        if "rescue" in verbs:
            return RESCUE_PRIORITY
        if verbs & {"stop_release", "reduce_release"}:
            return ISOLATION_PRIORITY
        return OTHER_PRIORITY

    @model_validator(mode="after")
    def _continues_after(self) -> Step:
        if self.continues is not None and self.continues not in self.after:
            self.after.append(self.continues)
        return self


PHONE_REPORT_CONTENT_ITEMS = ("unit", "time", "place", "casualties")
"""Items a 电话快报 must carry at least: the unit, when and where, the casualties
(docs/REFERENCE.md R2); the full Art. 12 list follows in the 书面报告."""

FOLLOW_UP_CONTENT_ITEMS = ("casualties",)
"""What a 续报 after a change in the casualties must carry (docs/REFERENCE.md R3)."""

ReportStage = Literal["phone", "written", "follow_up"]


class ReportLink(FileModel):
    """One link of the information-reporting chain (信息报告)."""

    id: str = Field(min_length=1, pattern=r"^[^\s]+$")
    name: str
    name_en: str | None = None
    stage: ReportStage = Field(
        default="phone",
        description="电话快报 (phone: the first, immediate report), 书面报告 (written: the full "
        "report after it; 'after' names the phone report) or 续报 (follow_up: sent again each "
        "time the casualties change after the last report to the same receiver; 'after' names "
        "the report it follows, limit_min counts from the change).",
    )
    sender: str = Field(description="Role id that sends the report.")
    to_role: str | None = Field(default=None, description="Role id that receives it.")
    to_organisation: str | None = Field(default=None, description="Organisation id receiving it.")
    after: str | None = Field(
        default=None, description="Report link id that must arrive first; absent: the alarm."
    )
    delay: Distribution = Field(description="Minutes to compose and send once the sender can.")
    limit_min: PositiveMinutes | None = Field(
        default=None,
        description="Time limit, minutes: from the previous link's arrival (phone, written), "
        "or from the change in the casualties (follow_up).",
    )
    basis: str | None = Field(default=None, description="The rule that sets the limit.")
    basis_en: str | None = Field(
        default=None, description="The rule in English, for English output; absent: 'basis'."
    )
    content: list[str] = Field(default_factory=list, description="Items the report contains.")
    notification_counts: bool = Field(
        default=False,
        description="Phone stage to an organisation only: a level's call to that organisation "
        "(levels[].notifies) is this report, as the plan's own rule says (the duty desk's call "
        "carries the phone report's content). Default: a level's call is a notification, "
        "not the legal report.",
    )

    _coerce = field_validator("delay", mode="before")(as_distribution)


class AlertLink(FileModel):
    """One link of the internal alerting (内部报警/通知): who tells which teams, how, how fast.

    The first links hear the alarm itself (a detector's or a caller's, in the control
    room); the others pass it on. A team of the unit acts only once it has been told.
    """

    id: str = Field(min_length=1, pattern=r"^[^\s]+$")
    name: str
    name_en: str | None = None
    teams: list[str] = Field(min_length=1, description="Team ids of the unit this link tells.")
    via: Literal["alarm", "radio", "phone", "public_address", "in_person"] = Field(
        description="How they hear: the alarm sounds where they are, or by radio, phone, "
        "public address or in person."
    )
    after: str | None = Field(
        default=None,
        description="Alerting link id whose teams pass the word on; absent: the alarm itself.",
    )
    delay: Distribution = Field(
        default=Fixed(minutes=0.0),
        description="Minutes from the alarm (or the 'after' link) until these teams are told.",
    )
    basis: str | None = Field(default=None, description="Where the plan sets this out.")

    _coerce = field_validator("delay", mode="before")(as_distribution)


class Plan(FileModel):
    """An emergency plan: organisation, teams, resources, levels, steps, reporting."""

    id: str = Field(min_length=1, pattern=r"^[^\s]+$")
    name: str
    name_en: str | None = None
    type: Literal["comprehensive", "special", "on_site"] = Field(
        description="综合预案, 专项预案 or 现场处置方案."
    )
    revision: str | None = Field(default=None, description="Revision label, e.g. 2026-A.")
    unit: str = Field(description="Organisation id of the unit that owns the plan.")
    unit_head: str = Field(description="Role id of the unit's principal person in charge.")
    duty_officer: str = Field(description="Role id of the duty officer who takes the first call.")
    shifts: list[Shift] = Field(min_length=1)
    higher_plans: list[HigherPlan] = Field(default_factory=list)
    organisations: list[Organisation] = Field(min_length=1)
    teams: list[Team] = Field(min_length=1)
    roles: list[Role] = Field(min_length=1)
    resources: list[Resource] = Field(default_factory=list)
    levels: list[Level] = Field(default_factory=list)
    steps: list[Step] = Field(min_length=1)
    reporting: list[ReportLink] = Field(default_factory=list)
    alerting: list[AlertLink] = Field(
        default_factory=list,
        description="How the unit's own teams hear of the alarm. A team no link names is "
        "told by a relay within NFPA 1710's alarm processing time (docs/REFERENCE.md C2), "
        "with a model warning.",
    )
    scoring: dict[str, Any] | None = Field(
        default=None,
        description="This plan's own evaluation rules: overrides of drillsim's default targets, "
        "weights and rating bands (same keys as scoring/data/ratings.yaml).",
    )

    def matching(self, need: ResourceNeed, team: str | None = None) -> list[Resource]:
        """The resources whose units can meet ``need``; with ``team``, those it may use."""
        return [
            r
            for r in self.resources
            if need.matches(r) and (r.team is None or team is None or r.team == team)
        ]
