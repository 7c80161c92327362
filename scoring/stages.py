"""Reports to the authorities by stage, read from the event log.

电话快报 (phone), 书面报告 (written) and 续报 (follow_up) are the plan's report
links; a level's call to the same organisation (``notified``) is a notification,
not the legal report, unless the plan's phone link says ``notification_counts``.
The KPIs, the findings and the scorecard's reporting lines all read them here,
so they cannot disagree on which call was the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from scoring.facts import RunFacts
from scoring.finding import Record, Text
from scoring.names import REPORT_STAGES
from scoring.wording import Wording, at, tx
from sim.casualties import CASUALTY_STATES
from sim.plan import Plan, ReportLink

if TYPE_CHECKING:
    from scoring.rules import KpiRule

EPS = 1e-9

ContactKind = Literal["notification", "phone", "written", "follow_up"]
_STAGE_KINDS: dict[str, ContactKind] = {
    "phone": "phone",
    "written": "written",
    "follow_up": "follow_up",
}


class Contact(Record):
    """One call or report that reached an authority."""

    kind: ContactKind
    t_min: float
    report: str | None = Field(default=None, description="Report link id (a report).")
    by: str | None = Field(
        default=None, description="Who called: 'level:ID', 'step:ID' or 'decision'."
    )
    counts: bool = Field(description="Whether it is, or the plan counts it as, a legal report.")


class ReportingLine(Record):
    """What reached one authority, in order, and the words the scorecard prints."""

    organisation: str
    contacts: list[Contact]
    summary: Text


@dataclass(frozen=True)
class FollowUpDue:
    """A change in the casualties after the last report to ``organisation``."""

    organisation: str
    change_min: float
    person: str
    state: str
    last_report_min: float
    answered_min: float | None
    answered_by: str | None
    link: ReportLink | None

    @property
    def deadline(self) -> float | None:
        if self.link is None or self.link.limit_min is None:
            return None
        return self.change_min + self.link.limit_min


RECEIVER_WORDS: dict[str, tuple[str, str]] = {
    "emergency_management": ("应急管理部门", "emergency management department"),
    "government": ("人民政府", "people's government"),
    "department": ("有关部门", "department concerned"),
}
"""The kinds of authority a report goes to, as a KPI names them: the safety supervision
(emergency management) department and the departments with safety supervision duties
(《生产安全事故报告和调查处理条例》 Art. 9), and the people's government (Art. 10)."""


def receiver_words(plan: Plan, org: str | None) -> tuple[str, str]:
    """The kind of the authority ``org`` in Chinese and English; a plan without a report
    link to one is judged against the unit's legal receiver, the emergency management
    department (Art. 9)."""
    found = next((o for o in plan.organisations if o.id == org), None)
    kind = "emergency_management" if found is None else found.receiver_kind
    return RECEIVER_WORDS[kind]


def authority_links(plan: Plan, authorities: set[str], stage: str) -> list[ReportLink]:
    return [lk for lk in plan.reporting if lk.to_organisation in authorities and lk.stage == stage]


def sent_by_government(plan: Plan, link: ReportLink) -> bool:
    """Whether a government department sends the report: the sender role's organisation is
    of kind authority (a county bureau's own plan), reporting to the level above it."""
    role = next((r for r in plan.roles if r.id == link.sender), None)
    org = next((o for o in plan.organisations if role and o.id == role.organisation), None)
    return org is not None and org.kind == "authority"


def legal_phone_limit(
    plan: Plan, link: ReportLink | None, rule: KpiRule
) -> tuple[float | None, Text]:
    """The legal limit of a phone report and its source: the unit head's hour
    (Regulation Art. 9), or for a government department reporting upward its two hours
    per level (Art. 11)."""
    if link is not None and rule.by_government is not None and sent_by_government(plan, link):
        return rule.by_government.target_min, rule.by_government.source
    return rule.target_min, rule.source


def counted_notification(plan: Plan, org: str) -> ReportLink | None:
    """The phone link whose report a level's call to ``org`` is, if the plan says so."""
    return next(
        (lk for lk in plan.reporting if lk.notification_counts and lk.to_organisation == org),
        None,
    )


def contacts(f: RunFacts, plan: Plan, org: str) -> list[Contact]:
    """Every call and report that reached ``org``, in time order."""
    links = {lk.id: lk for lk in plan.reporting}
    out: list[Contact] = []
    for e in f.events:
        if e.kind == "notified" and e.actor == org:
            by = str(e.details.get("by", "")) or None
            out.append(
                Contact(
                    kind="notification",
                    t_min=round(e.t, 6),
                    by=by,
                    counts=counted_notification(plan, org) is not None,
                )
            )
        elif e.kind == "report_received" and e.actor == org:
            ident = str(e.details.get("report"))
            link = links.get(ident)
            stage = str(e.details.get("stage") or (link.stage if link else "phone"))
            via = e.details.get("via")
            if via is not None and out and out[-1].kind == "notification":
                out.pop()  # the call is this report: one line, not two
            out.append(
                Contact(
                    kind=_STAGE_KINDS.get(stage, "phone"),
                    t_min=round(e.t, 6),
                    report=ident,
                    by=None if via is None else str(via),
                    counts=True,
                )
            )
    return out


def reporting_lines(
    f: RunFacts, plan: Plan, w: Wording, authorities: set[str]
) -> list[ReportingLine]:
    """One line for each authority the plan reports to: notifications and each stage."""
    orgs: list[str] = []
    for lk in plan.reporting:
        if lk.to_organisation in authorities and lk.to_organisation not in orgs:
            orgs.append(lk.to_organisation)
    out: list[ReportingLine] = []
    for org in orgs:
        got = contacts(f, plan, org)
        zh_parts: list[str] = []
        en_parts: list[str] = []
        for c in got:
            if c.kind == "notification":
                zh_parts.append(f"{at(c.t_min)} 接到通知(非法定报告)")
                en_parts.append(f"notified at {at(c.t_min)} (a notification, not the legal report)")
                continue
            zh_s, en_s = REPORT_STAGES[c.kind]
            if c.by is not None:
                zh_by, en_by = w(c.by.removeprefix("level:"))
                zh_parts.append(
                    f"{zh_s} {at(c.t_min)} (由「{zh_by}」的通知完成, 预案规定计为{zh_s})"
                )
                en_parts.append(
                    f"{en_s} at {at(c.t_min)} (the call of '{en_by}', which the plan counts as "
                    f"its {en_s})"
                )
            else:
                zh_parts.append(f"{zh_s} {at(c.t_min)}")
                en_parts.append(f"{en_s} at {at(c.t_min)}")
        stages_sent = {c.kind for c in got}
        for stage in ("phone", "written"):
            if stage not in stages_sent and any(
                lk.to_organisation == org and lk.stage == stage for lk in plan.reporting
            ):
                zh_s, en_s = REPORT_STAGES[stage]
                zh_parts.append(f"{zh_s}未发出")
                en_parts.append(f"{en_s} not sent")
        zh_o, en_o = w(org)
        out.append(
            ReportingLine(
                organisation=org,
                contacts=got,
                summary=tx(
                    f"{zh_o}: " + ("; ".join(zh_parts) or "未接到报告"),
                    f"{en_o}: " + ("; ".join(en_parts) or "no report"),
                ),
            )
        )
    return out


def notification_words(f: RunFacts, plan: Plan, w: Wording, org: str) -> Text | None:
    """ "县应急管理局 T+0:11:55 接到通知(非法定报告)" when a level's call reached ``org``
    before (or without) its phone report and the plan does not count it as the report."""
    if counted_notification(plan, org) is not None:
        return None
    t = f.notified.get(org)
    if t is None:
        return None
    phone = [
        f.report_received[lk.id]
        for lk in plan.reporting
        if lk.to_organisation == org and lk.stage == "phone" and lk.id in f.report_received
    ]
    zh_o, en_o = w(org)
    if phone and min(phone) <= t + EPS:
        return None  # reported first: the later call adds nothing
    zh = f"{zh_o} {at(t)} 接到通知(非法定报告)"
    en = f"{en_o} notified at {at(t)} (a notification, not the legal report)"
    if phone:
        zh += f"; 电话快报 {at(min(phone))}"
        en += f"; phone report at {at(min(phone))}"
    else:
        zh += "; 电话快报未发出"
        en += "; no phone report"
    return tx(zh, en)


def follow_ups_due(f: RunFacts, plan: Plan, org: str) -> list[FollowUpDue]:
    """Each change in the casualties (a collapse, a death) after a report to ``org`` had
    given them, with the first report after it that carries the casualties: the 续报
    of Art. 13. Changes before that report are answered by it together."""
    links = {lk.id: lk for lk in plan.reporting}
    link = next(
        (lk for lk in plan.reporting if lk.to_organisation == org and lk.stage == "follow_up"),
        None,
    )
    reports: list[tuple[float, str]] = []
    for e in f.of_kind("report_received"):
        if e.actor == org:
            ident = str(e.details.get("report"))
            lk = links.get(ident)
            if lk is None or "casualties" in lk.content:
                reports.append((e.t, ident))
    if not reports:
        return []
    changes = [
        e for e in f.of_kind("person") if e.details.get("state") in CASUALTY_STATES and e.actor
    ]
    out: list[FollowUpDue] = []
    for e in changes:
        before = [t for t, _ in reports if t <= e.t + EPS]
        if not before:
            continue  # the first report gives the casualties as they are then
        if out and (out[-1].answered_min is None or out[-1].answered_min >= e.t - EPS):
            continue  # answered by the same report as the change before it
        after = next(((t, r) for t, r in reports if t > e.t + EPS), None)
        out.append(
            FollowUpDue(
                organisation=org,
                change_min=e.t,
                person=str(e.actor),
                state=str(e.details.get("state")),
                last_report_min=max(before),
                answered_min=None if after is None else after[0],
                answered_by=None if after is None else after[1],
                link=link,
            )
        )
    return out
