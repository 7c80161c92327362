"""Display names of everything a run mentions, in Chinese or English."""

from __future__ import annotations

from dataclasses import dataclass, field

from scoring.memo import ByIdentity
from scoring.punctuation import punctuate_zh
from sim.plan import Plan
from sim.scenario import Scenario

KPI_STATUS: dict[str, tuple[str, str]] = {
    "met": ("达标", "met"),
    "late": ("超时", "late"),
    "exceeded": ("超标", "exceeded"),
    "missed": ("未达到", "missed"),
    "pending": ("未到期", "pending"),
    "not_measured": ("未测量", "not measured"),
    "info": ("记录", "info"),
    "criteria_not_met": ("条件未满足", "criteria not met"),
    "not_applicable": ("不适用", "not applicable"),
}
"""A KPI's status in (Chinese, English), for every front end that shows a scorecard."""
HSEEP_EN: dict[str, str] = {
    "P": "performed without challenges",
    "S": "performed with some challenges",
    "M": "performed with major challenges",
    "U": "unable to be performed",
}
"""HSEEP's names of its four ratings (HSEEP 2020, Exercise Evaluation Guide)."""


def rating_text(hseep: str | None, grade: str | None, lang: str, *, long: bool = False) -> str:
    """A rating as each language writes it: "M/合格" (HSEEP with the AQ/T 9009 grade) in
    Chinese, "M" in English, "M (performed with major challenges)" with ``long``."""
    if hseep is None:
        return "—"
    if lang == "en":
        return f"{hseep} ({HSEEP_EN[hseep]})" if long and hseep in HSEEP_EN else hseep
    return f"{hseep}/{grade}" if grade else hseep


REPORT_STAGES: dict[str, tuple[str, str]] = {
    "phone": ("电话快报", "phone report"),
    "written": ("书面报告", "written report"),
    "follow_up": ("续报", "follow-up report"),
}
"""The stages of a report to an authority (ReportLink.stage), in (Chinese, English)."""
QUALIFICATIONS: dict[str, tuple[str, str]] = {
    "scba": ("空气呼吸器", "SCBA"),
    "firefighting": ("灭火", "firefighting"),
    "first_aid": ("急救", "first aid"),
    "gas_detection": ("气体检测", "gas detection"),
    "hazmat": ("危化品处置", "hazmat"),
    "medical": ("医疗救护", "medical"),
    "chlorine_kit": ("氯气堵漏", "chlorine kit"),
    "pipeline_repair": ("管道抢修", "pipeline repair"),
    "valve_operation": ("阀门操作", "valve operation"),
    "scada": ("SCADA 远程操作", "SCADA"),
    "confined_space": ("有限空间作业", "confined space"),
}
"""Common qualification ids in (Chinese, English); a plan may use others, shown as written."""
RESOURCE_TYPES: dict[str, tuple[str, str]] = {
    "scba": ("正压式空气呼吸器", "breathing apparatus"),
    "gas_detector": ("气体检测仪", "gas detector"),
    "ambulance": ("救护车", "ambulance"),
    "fire_engine": ("消防车", "fire engine"),
    "valve_key": ("阀门扳手", "valve key"),
    "stretcher": ("担架", "stretcher"),
}
"""Common resource types in (Chinese, English), for "any unit of this type"."""

KPI_UNITS: dict[str, tuple[str, str]] = {
    "min": ("分钟", "min"),
    "person_min": ("人·分钟", "person-min"),
    "people": ("人", "people"),
    "deaths": ("人", "deaths"),
}


def with_revision(name: str, revision: str | None, *, zh: bool = False) -> str:
    """A plan's name with its revision after it, unless the name says it already
    (处置方案（2026-B 修订稿）): in full-width parentheses for Chinese running text."""
    if not revision or revision in name:
        return name
    return f"{name}（{revision}）" if zh else f"{name} ({revision})"


_SINGULAR = {"people": "person", "deaths": "death"}


def counted(value: float, unit_en: str, shown: str | None = None) -> str:
    """An English count with its unit: "1 person", "2 people"; a decimal stays plural,
    "1.00 deaths" (``shown``: the number as printed, when not ``value:g``)."""
    text = f"{value:g}" if shown is None else shown
    return f"{text} {_SINGULAR.get(unit_en, unit_en) if text == '1' else unit_en}"


@dataclass
class Names:
    lang: str = "zh"
    table: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    injects: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    """Each inject's message (Chinese, English)."""
    stages: dict[str, str] = field(default_factory=dict)
    """Report link id -> its stage, for the reports whose stage is worth naming (those to
    an organisation, and every written report and follow-up)."""
    reported_to: frozenset[str] = frozenset()
    """Organisations that a report link reaches and a level's call does not count for."""

    @classmethod
    def of(cls, scenario: Scenario | None, plan: Plan, lang: str = "zh") -> Names:
        """The names of a plan's and scenario's ids; built once per plan and scenario
        object, language and process (a stress test words every replication's findings),
        so the tables are shared and read only."""
        return _NAMES.get((scenario, plan), lambda: cls._of(scenario, plan, lang), lang)

    @classmethod
    def _of(cls, scenario: Scenario | None, plan: Plan, lang: str) -> Names:
        names = cls(lang)
        world: list[list[object]] = []
        if scenario is not None:
            world = [
                list(scenario.site.locations),
                list(scenario.people),
                list(scenario.hazards),
            ]
        groups: list[list[object]] = [
            *world,
            list(plan.organisations),
            list(plan.teams),
            list(plan.roles),
            list(plan.resources),
            list(plan.levels),
            list(plan.steps),
            list(plan.reporting),
            list(plan.higher_plans),
        ]
        for group in groups:
            for item in group:
                ident = getattr(item, "id")  # noqa: B009
                names.table.setdefault(ident, (getattr(item, "name"), getattr(item, "name_en")))  # noqa: B009
        if scenario is not None:
            names.injects = {x.id: (x.message, x.message_en) for x in scenario.injects}
        names.stages = {
            lk.id: lk.stage for lk in plan.reporting if lk.to_organisation or lk.stage != "phone"
        }
        counted = {lk.to_organisation for lk in plan.reporting if lk.notification_counts}
        names.reported_to = frozenset(
            lk.to_organisation
            for lk in plan.reporting
            if lk.to_organisation and lk.to_organisation not in counted
        )
        for ident, (zh, en) in (RESOURCE_TYPES | QUALIFICATIONS).items():
            names.table.setdefault(ident, (zh, en))
        for r in plan.resources:
            names.table.setdefault(r.type, (r.name, r.name_en))
        tasks: dict[str, list[tuple[str, str]]] = {}
        for step in plan.steps:
            if step.satisfies:
                tasks.setdefault(step.satisfies, []).append((step.name, step.name_en or step.name))
        for task, ways in tasks.items():
            # a task is named by its ways of doing it, "A 或 B" / "A or B"
            names.table.setdefault(
                task, (" 或 ".join(z for z, _ in ways), " or ".join(e for _, e in ways))
            )
        return names

    def inject_text(self, inject: str) -> str:
        """An inject's message in this language, or its id if the scenario has no such inject."""
        zh, en = self.injects.get(inject, (inject, None))
        return en if self.lang == "en" and en else zh

    def message(self, inject: str, logged: str) -> str:
        """An inject's message in this language: the English one the scenario gives, else
        the message as logged."""
        _, en = self.injects.get(inject, (logged, None))
        return en if self.lang == "en" and en else logged

    def __call__(self, ident: str | None) -> str:
        if ident is None:
            return ""
        entry = self.table.get(ident)
        if entry is None:
            return ident
        zh, en = entry
        # a name typed with ASCII punctuation (值班长(现场指挥)) is set full-width
        return en if self.lang == "en" and en else punctuate_zh(zh)


_NAMES: ByIdentity[Names] = ByIdentity(32)
