"""Loading scenario and plan files: parse, validate, cross-check, explain.

Every problem a user can cause becomes an ``InputError`` whose problems name
the file, the line, the field path, what was expected and what was found.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from sim.errors import InputError, Problem
from sim.physics.mitigation import WATER_CURTAIN, water_curtain_factor
from sim.plan import Plan, ReportLink
from sim.scenario import Scenario
from sim.vocabulary import Condition, Effect
from sim.yamlfile import FieldPath, YamlDocument, format_path, load_yaml

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Loaded:
    """A validated scenario and plan with the documents they came from."""

    scenario: Scenario
    plan: Plan
    scenario_doc: YamlDocument
    plan_doc: YamlDocument
    scenario_path: Path
    plan_path: Path


def _all_field_names() -> set[str]:
    from sim import distributions, plan, scenario, vocabulary

    names: set[str] = set()
    for module in (distributions, plan, scenario, vocabulary):
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, BaseModel):
                names.update(obj.model_fields)
    return names


FLAMMABLE_GASES = frozenset(
    {
        "lpg",
        "propane",
        "c3h8",
        "butane",
        "c4h10",
        "methane",
        "ch4",
        "natural_gas",
        "lng",
        "hydrogen",
        "h2",
        "ethylene",
        "c2h4",
        "acetylene",
        "c2h2",
        "液化石油气",
        "丙烷",
        "丁烷",
        "甲烷",
        "天然气",
        "氢气",
        "乙烯",
        "乙炔",
    }
)
"""Flammable gases a user may give as a toxic release's substance."""

FLAMMABLE_HINT = (
    "; a flammable gas has no gas-cloud model here (no lower explosive limit, flash fire "
    "or vapour cloud explosion): a burning natural-gas line is a pipeline_rupture, and a "
    "toxic gas carried in a fuel gas is a gas_release with a mixture (README, 'What the "
    "models cover')"
)


def _substance_hint(loc: Iterable[str | int], kind: str, value: Any) -> str:
    """Advice when a flammable gas is given where a toxic substance is expected."""
    path = list(loc)
    if kind != "literal_error" or not path or path[-1] != "substance":
        return ""
    name = str(value).strip().lower().replace(" ", "_").replace("-", "_")
    return FLAMMABLE_HINT if name in FLAMMABLE_GASES else ""


def _found(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _pydantic_problems(doc: YamlDocument, exc: ValidationError) -> list[Problem]:
    known = _all_field_names()
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    for err in exc.errors(include_url=False):
        loc = _data_path(doc.data, err["loc"])
        kind = err["type"]
        if kind == "extra_forbidden":
            name = str(loc[-1]) if loc else "?"
            close = difflib.get_close_matches(name, known - {name}, n=1)
            if close:
                hint = f"; did you mean '{close[0]}'?"
            elif name in known:
                hint = "; that field belongs to another section"
            else:
                hint = ""
            message = f"unknown field '{name}'{hint}"
        elif kind == "missing":
            message = "required field is missing"
        elif kind == "union_tag_not_found":
            message = "required field 'kind' is missing"
        elif kind == "union_tag_invalid":
            ctx = err.get("ctx", {})
            message = (
                f"expected 'kind' to be one of {ctx.get('expected_tags', '?')}, "
                f"found {_found(ctx.get('tag', err['input']))}"
            )
        elif kind == "model_type":
            # pydantic names its class ("instance of Mixture"); the user wrote YAML
            message = f"expected a mapping (key: value); found {_found(err['input'])}"
            if loc and loc[-1] == "mixture" and isinstance(err["input"], str):
                message += f"; did you mean '{{gas: {err['input']}}}'?"
        else:
            msg = err["msg"]
            if msg.startswith("Value error, "):
                msg = msg[len("Value error, ") :]
            message = f"{msg[0].lower()}{msg[1:]}"
            if ", found " not in msg:  # a rule that names what it found says it once
                message += f"; found {_found(err['input'])}"
            message += _substance_hint(loc, kind, err["input"])
        key = (format_path(loc), message)
        if key in seen:
            continue
        seen.add(key)
        problems.append(doc.problem(loc, message))
    return problems


def _data_path(data: Any, loc: Iterable[str | int]) -> FieldPath:
    """Drop pydantic's union-branch labels from ``loc`` so it matches the YAML."""
    path: list[str | int] = []
    node: Any = data
    for part in loc:
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            path.append(part)
            node = node[part]  # type: ignore[index]
        elif isinstance(node, dict | list):
            # an unknown or missing key at this level, or a union branch label
            if isinstance(part, str) and (
                part
                in (
                    "fixed",
                    "triangular",
                    "pert",
                    "lognormal",
                    "exponential",
                    "room_leak",
                    "gas_release",
                    "pipeline_rupture",
                )
                or part.startswith(("function-", "tagged-union"))
            ):
                continue
            path.append(part)
            node = None
        else:
            continue
    return tuple(path)


def validate_model(model: type[M], doc: YamlDocument) -> M:
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(_pydantic_problems(doc, exc)) from None


def detect_kind(doc: YamlDocument) -> str:
    if "steps" in doc.data:
        return "plan"
    if "site" in doc.data:
        return "scenario"
    raise InputError(
        [
            Problem(
                doc.path,
                1,
                "",
                "cannot tell the kind of file: expected a scenario (with 'site') "
                "or a plan (with 'steps')",
            )
        ]
    )


class _Refs:
    """Collects dangling references with their field paths."""

    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.problems: list[Problem] = []

    def check(self, path: FieldPath, value: str | None, known: dict[str, Any], what: str) -> None:
        if value is None or value in known:
            return
        names = sorted(known)
        close = difflib.get_close_matches(value, names, n=1)
        if close:
            hint = f" (did you mean '{close[0]}'?)"
        elif names:
            shown = ", ".join(names[:8]) + (", ..." if len(names) > 8 else "")
            hint = f" (defined: {shown})"
        else:
            hint = " (none defined)"
        self.problems.append(self.doc.problem(path, f"expected {what}, found '{value}'{hint}"))

    def unique(self, section: str, items: Iterable[Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for i, item in enumerate(items):
            if item.id in out:
                self.problems.append(
                    self.doc.problem((section, i, "id"), f"duplicate id '{item.id}' in {section}")
                )
            out[item.id] = item
        return out


def _walk_condition(cond: Condition, path: FieldPath) -> Iterator[tuple[FieldPath, Condition]]:
    yield path, cond
    for key in ("all_of", "any_of"):
        sub = getattr(cond, key)
        if sub:
            for i, c in enumerate(sub):
                yield from _walk_condition(c, (*path, key, i))
    if cond.not_ is not None:
        yield from _walk_condition(cond.not_, (*path, "not"))


def check_scenario(scenario: Scenario, doc: YamlDocument) -> list[Problem]:
    r = _Refs(doc)
    locs = r.unique("locations", scenario.site.locations)
    people = r.unique("people", scenario.people)
    hazards = r.unique("hazards", scenario.hazards)
    r.unique("injects", scenario.injects)
    site = ("site", "locations")
    for i, link in enumerate(scenario.site.travel.links):
        for j, end in enumerate(link.between):
            r.check(("site", "travel", "links", i, "between", j), end, locs, "a location id")
    for i, s in enumerate(scenario.scene):
        r.check(("scene", i), s, locs, "a location id")
    for i, h in enumerate(scenario.hazards):
        r.check(("hazards", i, "location"), h.location, locs, "a location id")
        if h.kind == "room_leak" and h.location in locs and locs[h.location].kind != "room":
            r.problems.append(
                doc.problem(
                    ("hazards", i, "location"),
                    f"expected a location of kind 'room', found '{h.location}' "
                    f"of kind '{locs[h.location].kind}'",
                )
            )
        if h.kind in ("pipeline_rupture", "gas_release") and h.location in locs:
            loc = locs[h.location]
            if loc.x_m is None or loc.y_m is None:
                r.problems.append(
                    doc.problem(
                        ("hazards", i, "location"),
                        f"expected the release location '{h.location}' to have x_m and y_m",
                    )
                )
        if h.kind == "room_leak" and any(
            other.location == h.location and other.kind == "room_leak"
            for other in scenario.hazards[:i]
        ):
            r.problems.append(
                doc.problem(
                    ("hazards", i, "location"),
                    f"expected one leak per room, found a second leak in '{h.location}'",
                )
            )
    substances = {h.substance for h in scenario.hazards if h.kind != "pipeline_rupture"}
    if len(substances) > 1:
        first = next(i for i, h in enumerate(scenario.hazards) if h.kind != "pipeline_rupture")
        r.problems.append(
            doc.problem(
                ("hazards", first, "substance"),
                f"expected the toxic hazards of one scenario to release one substance, found "
                f"{', '.join(sorted(substances))}",
            )
        )
    for i, p in enumerate(scenario.people):
        r.check(("people", i, "location"), p.location, locs, "a location id")
        if p.blind_rescue:
            br = p.blind_rescue
            for j, target in enumerate(br.targets):
                where = ("people", i, "blind_rescue", "target")
                r.check(
                    where if isinstance(br.target, str) else (*where, j),
                    target,
                    people,
                    "a person id",
                )
            for j, seen in enumerate(br.sees):
                r.check(("people", i, "blind_rescue", "sees", j), seen, locs, "a location id")
        if p.escape_to is not None:
            r.check(("people", i, "escape_to"), p.escape_to, locs, "a location id")
    for i, inj in enumerate(scenario.injects):
        if inj.when:
            for path, c in _walk_condition(inj.when, ("injects", i, "when")):
                _check_world_condition(r, path, c, locs, people, hazards)
        for j, eff in enumerate(inj.effects):
            _check_world_effect(r, ("injects", i, "effects", j), eff, locs, people, hazards)
    del site
    return r.problems


def _check_world_condition(
    r: _Refs,
    path: FieldPath,
    c: Condition,
    locs: dict[str, Any],
    people: dict[str, Any],
    hazards: dict[str, Any],
) -> None:
    if c.concentration_above:
        r.check(
            (*path, "concentration_above", "location"),
            c.concentration_above.location,
            locs,
            "a location id",
        )
    if c.concentration_below:
        r.check(
            (*path, "concentration_below", "location"),
            c.concentration_below.location,
            locs,
            "a location id",
        )
    if c.oxygen_below:
        r.check((*path, "oxygen_below", "location"), c.oxygen_below.location, locs, "a location id")
    if c.measured_below:
        r.check(
            (*path, "measured_below", "location"),
            c.measured_below.location,
            locs,
            "a location id",
        )
    if c.person_state:
        r.check((*path, "person_state", "person"), c.person_state.person, people, "a person id")
    if c.zone_reaches:
        r.check((*path, "zone_reaches", "hazard"), c.zone_reaches.hazard, hazards, "a hazard id")
        r.check((*path, "zone_reaches", "location"), c.zone_reaches.location, locs, "a location id")


def _check_world_effect(
    r: _Refs,
    path: FieldPath,
    e: Effect,
    locs: dict[str, Any],
    people: dict[str, Any],
    hazards: dict[str, Any],
) -> None:
    r.check((*path, "stop_release"), e.stop_release, hazards, "a hazard id")
    if e.reduce_release:
        r.check(
            (*path, "reduce_release", "hazard"), e.reduce_release.hazard, hazards, "a hazard id"
        )
        hz = hazards.get(e.reduce_release.hazard)
        if hz is not None and hz.kind == "pipeline_rupture":
            r.problems.append(
                r.doc.problem(
                    (*path, "reduce_release", "hazard"),
                    f"expected a room_leak or gas_release hazard (a pipeline is stopped by "
                    f"closing its valves: stop_release), found '{hz.id}' of kind '{hz.kind}'",
                )
            )
    if e.water_curtain:
        where = (*path, "water_curtain", "hazard")
        r.check(where, e.water_curtain.hazard, hazards, "a hazard id")
        hz = hazards.get(e.water_curtain.hazard)
        if hz is not None and hz.kind != "gas_release":
            r.problems.append(
                r.doc.problem(
                    where,
                    f"expected an outdoor gas_release (a water curtain dilutes gas in the "
                    f"open air), found '{hz.id}' of kind '{hz.kind}'",
                )
            )
        elif (
            hz is not None
            and e.water_curtain.factor is None
            and water_curtain_factor(hz.substance) is None
        ):
            known = ", ".join(sorted(WATER_CURTAIN))
            r.problems.append(
                r.doc.problem(
                    (*path, "water_curtain"),
                    f"expected 'factor' (the share of the concentration left behind the "
                    f"curtain): no field-test factor is given for {hz.substance} "
                    f"(defaults exist for {known})",
                )
            )
    if e.ventilate:
        where = (*path, "ventilate", "location")
        r.check(where, e.ventilate.location, locs, "a location id")
        loc = locs.get(e.ventilate.location)
        if loc is not None and loc.kind not in ("room", "building"):
            r.problems.append(
                r.doc.problem(
                    where,
                    f"expected a room or building (ventilation changes enclosed air), found "
                    f"'{loc.id}' of kind '{loc.kind}'",
                )
            )
    if e.rescue:
        r.check((*path, "rescue", "location"), e.rescue.location, locs, "a location id")
        r.check((*path, "rescue", "to"), e.rescue.to, locs, "a location id")
    r.check((*path, "hand_over"), e.hand_over, locs, "a location id")
    r.check((*path, "first_aid"), e.first_aid, locs, "a location id")
    r.check((*path, "gas_test"), e.gas_test, locs, "a location id")
    if e.evacuate:
        r.check((*path, "evacuate", "location"), e.evacuate.location, locs, "a location id")
        r.check((*path, "evacuate", "to"), e.evacuate.to, locs, "a location id")
    r.check((*path, "forbid_entry"), e.forbid_entry, locs, "a location id")
    r.check((*path, "shelter"), e.shelter, locs, "a location id")
    r.check((*path, "end_shelter"), e.end_shelter, locs, "a location id")
    r.check((*path, "collapse"), e.collapse, people, "a person id")


def check_plan(plan: Plan, doc: YamlDocument) -> list[Problem]:
    """References inside a plan (locations need the scenario: see ``check_pair``)."""
    r = _Refs(doc)
    orgs = r.unique("organisations", plan.organisations)
    teams = r.unique("teams", plan.teams)
    roles = r.unique("roles", plan.roles)
    res = r.unique("resources", plan.resources)
    levels = r.unique("levels", plan.levels)
    steps = r.unique("steps", plan.steps)
    links = r.unique("reporting", plan.reporting)
    shifts = r.unique("shifts", plan.shifts)
    higher = r.unique("higher_plans", plan.higher_plans)
    r.check(("unit",), plan.unit, orgs, "an organisation id")
    r.check(("unit_head",), plan.unit_head, roles, "a role id")
    r.check(("duty_officer",), plan.duty_officer, roles, "a role id")
    for i, hp in enumerate(plan.higher_plans):
        r.check(("higher_plans", i, "organisation"), hp.organisation, orgs, "an organisation id")
    for i, t in enumerate(plan.teams):
        r.check(("teams", i, "organisation"), t.organisation, orgs, "an organisation id")
        for j, s in enumerate(t.shifts):
            r.check(("teams", i, "shifts", j), s, shifts, "a shift id")
    for i, role in enumerate(plan.roles):
        r.check(("roles", i, "organisation"), role.organisation, orgs, "an organisation id")
        for j, tid in enumerate(role.staffed_by):
            r.check(("roles", i, "staffed_by", j), tid, teams, "a team id")
    for i, res_ in enumerate(plan.resources):
        r.check(("resources", i, "keeper"), res_.keeper, roles, "a role id")
        r.check(("resources", i, "team"), res_.team, teams, "a team id")
    for i, lvl in enumerate(plan.levels):
        r.check(("levels", i, "declared_by"), lvl.declared_by, roles, "a role id")
        for j, o in enumerate(lvl.notifies):
            r.check(("levels", i, "notifies", j), o, orgs, "an organisation id")
        for j, trig in enumerate(lvl.triggers):
            for path, c in _walk_condition(trig, ("levels", i, "triggers", j)):
                _check_plan_condition(r, path, c, steps, levels, orgs, teams)
        if lvl.escalates_to is not None:
            hp_id, _, lvl_id = lvl.escalates_to.partition(".")
            if hp_id not in higher:
                r.check(
                    ("levels", i, "escalates_to"),
                    hp_id,
                    higher,
                    "'higher_plan_id.level_id' naming a higher plan",
                )
            elif lvl_id not in higher[hp_id].levels:
                r.problems.append(
                    doc.problem(
                        ("levels", i, "escalates_to"),
                        f"expected a level the higher plan '{hp_id}' defines "
                        f"({', '.join(higher[hp_id].levels)}), found '{lvl_id}'",
                    )
                )
    for i, st in enumerate(plan.steps):
        r.check(("steps", i, "owner"), st.owner, roles, "a role id")
        for j, a in enumerate(st.after):
            r.check(("steps", i, "after", j), a, steps, "a step id")
        r.check(("steps", i, "continues"), st.continues, steps, "a step id")
        r.check(("steps", i, "requires_level"), st.requires_level, levels, "a level id")
        for j, need in enumerate(st.resources):
            r.check(("steps", i, "resources", j, "resource"), need.resource, res, "a resource id")
            if need.type is not None and not plan.matching(need):
                kinds = sorted({x.type for x in plan.resources})
                r.problems.append(
                    doc.problem(
                        ("steps", i, "resources", j, "type"),
                        "expected a resource type the plan's resources have ("
                        + (", ".join(kinds) or "none")
                        + f"), found '{need.type}'",
                    )
                )
        if st.when:
            for path, c in _walk_condition(st.when, ("steps", i, "when")):
                _check_plan_condition(r, path, c, steps, levels, orgs, teams)
        for j, eff in enumerate(st.effects):
            _check_plan_effect(r, ("steps", i, "effects", j), eff, levels, orgs)
    carried_on: dict[str, str] = {}
    for i, st in enumerate(plan.steps):
        if st.continues is None:
            continue
        if st.continues in carried_on:
            r.problems.append(
                doc.problem(
                    ("steps", i, "continues"),
                    f"expected one step to continue '{st.continues}' (its crew can carry on "
                    f"with one step at a time), found '{carried_on[st.continues]}' and '{st.id}'",
                )
            )
        carried_on.setdefault(st.continues, st.id)
    for i, link in enumerate(plan.reporting):
        path = ("reporting", i)
        r.check((*path, "sender"), link.sender, roles, "a role id")
        r.check((*path, "to_role"), link.to_role, roles, "a role id")
        r.check((*path, "to_organisation"), link.to_organisation, orgs, "an organisation id")
        r.check((*path, "after"), link.after, links, "a reporting link id")
        if (link.to_role is None) == (link.to_organisation is None):
            r.problems.append(
                doc.problem(path, "expected exactly one of 'to_role' or 'to_organisation'")
            )
        _check_stage(r, doc, path, link, links)
    _check_alerting(r, doc, plan, teams)
    return r.problems


def _check_stage(
    r: _Refs, doc: YamlDocument, path: FieldPath, link: ReportLink, links: dict[str, Any]
) -> None:
    """A written report follows a report, a follow-up follows one; nothing follows a
    follow-up (it goes out again at each change); only a phone report to an
    organisation can be a level's call."""
    if link.stage != "phone" and link.after is None:
        what = (
            "the phone report it completes" if link.stage == "written" else "the report it follows"
        )
        r.problems.append(
            doc.problem(
                (*path, "after"),
                f"expected 'after' for a {link.stage} report: the id of {what}, found none",
            )
        )
    before = links.get(link.after or "")
    if isinstance(before, ReportLink) and before.stage == "follow_up":
        r.problems.append(
            doc.problem(
                (*path, "after"),
                f"expected a phone or written report id, found follow_up report '{before.id}' "
                "(a follow-up goes out again at each change and never arrives once for all)",
            )
        )
    if link.notification_counts and (link.stage != "phone" or link.to_organisation is None):
        r.problems.append(
            doc.problem(
                (*path, "notification_counts"),
                "expected only on a phone report to an organisation (to_organisation), "
                f"found it on a {link.stage} report"
                + ("" if link.to_organisation else " to a role"),
            )
        )


def _check_alerting(r: _Refs, doc: YamlDocument, plan: Plan, teams: dict[str, Any]) -> None:
    """Alerting links name teams of the unit, each told by one link, in a chain from the alarm."""
    links = r.unique("alerting", plan.alerting)
    told_by: dict[str, str] = {}
    for i, link in enumerate(plan.alerting):
        path = ("alerting", i)
        r.check((*path, "after"), link.after, links, "an alerting link id")
        for j, tid in enumerate(link.teams):
            r.check((*path, "teams", j), tid, teams, "a team id")
            team = teams.get(tid)
            if team is not None and team.organisation != plan.unit:
                r.problems.append(
                    doc.problem(
                        (*path, "teams", j),
                        f"expected a team of the unit '{plan.unit}' (outside teams are alerted "
                        f"through their organisation), found '{tid}' of '{team.organisation}'",
                    )
                )
            if tid in told_by:
                r.problems.append(
                    doc.problem(
                        (*path, "teams", j),
                        f"expected each team told by one alerting link, found '{tid}' in "
                        f"'{told_by[tid]}' and '{link.id}'",
                    )
                )
            told_by.setdefault(tid, link.id)
    for i, link in enumerate(plan.alerting):
        seen = {link.id}
        nxt = link.after
        while nxt is not None and nxt in links:
            if nxt in seen:
                r.problems.append(
                    doc.problem(
                        ("alerting", i, "after"),
                        f"expected a chain that starts at the alarm, found a loop through "
                        f"'{link.id}'",
                    )
                )
                break
            seen.add(nxt)
            nxt = links[nxt].after


def _check_plan_condition(
    r: _Refs,
    path: FieldPath,
    c: Condition,
    steps: dict[str, Any],
    levels: dict[str, Any],
    orgs: dict[str, Any],
    teams: dict[str, Any],
) -> None:
    r.check((*path, "step_started"), c.step_started, steps, "a step id")
    r.check((*path, "step_completed"), c.step_completed, steps, "a step id")
    tasks = {st.satisfies: st for st in steps.values() if getattr(st, "satisfies", None)}
    r.check((*path, "task_completed"), c.task_completed, tasks, "a task some step satisfies")
    r.check((*path, "level_declared"), c.level_declared, levels, "a level id")
    r.check((*path, "notified"), c.notified, orgs, "an organisation id")
    r.check((*path, "team_arrived"), c.team_arrived, teams, "a team id")


def _check_plan_effect(
    r: _Refs, path: FieldPath, e: Effect, levels: dict[str, Any], orgs: dict[str, Any]
) -> None:
    r.check((*path, "declare_level"), e.declare_level, levels, "a level id")
    r.check((*path, "notify"), e.notify, orgs, "an organisation id")


def check_pair(
    scenario: Scenario, sdoc: YamlDocument, plan: Plan, pdoc: YamlDocument
) -> list[Problem]:
    """References from the plan into the scenario's world, and back."""
    r = _Refs(pdoc)
    locs = {loc.id: loc for loc in scenario.site.locations}
    people = {p.id: p for p in scenario.people}
    hazards = {h.id: h for h in scenario.hazards}
    what = f"a location id of the scenario's site ({sdoc.path})"
    for i, o in enumerate(plan.organisations):
        r.check(("organisations", i, "base"), o.base, locs, what)
        r.check(("organisations", i, "muster"), o.muster, locs, what)
        r.check(("organisations", i, "hospital"), o.hospital, locs, what)
    for i, t in enumerate(plan.teams):
        r.check(("teams", i, "base"), t.base, locs, what)
    for i, res in enumerate(plan.resources):
        r.check(("resources", i, "location"), res.location, locs, what)
    for i, st in enumerate(plan.steps):
        r.check(("steps", i, "location"), st.location, locs, what)
        if st.when:
            for path, c in _walk_condition(st.when, ("steps", i, "when")):
                _check_world_condition(r, path, c, locs, people, hazards)
        for j, eff in enumerate(st.effects):
            _check_world_effect(r, ("steps", i, "effects", j), eff, locs, people, hazards)
    for i, lvl in enumerate(plan.levels):
        for j, trig in enumerate(lvl.triggers):
            for path, c in _walk_condition(trig, ("levels", i, "triggers", j)):
                _check_world_condition(r, path, c, locs, people, hazards)
    s = _Refs(sdoc)
    teams = {t.id: t for t in plan.teams}
    for i, tid in enumerate(scenario.absent_teams):
        s.check(("absent_teams", i), tid, teams, f"a team id of the plan ({pdoc.path})")
    steps = {st.id: st for st in plan.steps}
    for i, inj in enumerate(scenario.injects):
        s.check(
            ("injects", i, "expected_step"),
            inj.expected_step,
            steps,
            f"a step id of the plan ({pdoc.path})",
        )
        if inj.when:
            for path, c in _walk_condition(inj.when, ("injects", i, "when")):
                _check_plan_condition(
                    s,
                    path,
                    c,
                    steps,
                    {lv.id: lv for lv in plan.levels},
                    {o.id: o for o in plan.organisations},
                    teams,
                )
        for j, eff in enumerate(inj.effects):
            _check_plan_effect(
                s,
                ("injects", i, "effects", j),
                eff,
                {lv.id: lv for lv in plan.levels},
                {o.id: o for o in plan.organisations},
            )
    return r.problems + s.problems + _check_connected(scenario, sdoc)


def _check_connected(scenario: Scenario, sdoc: YamlDocument) -> list[Problem]:
    from sim.travel import TravelTable

    table = TravelTable.from_site(scenario.site)
    unreachable = table.unreachable_from(scenario.scene[0])
    if not unreachable:
        return []
    return [
        sdoc.problem(
            ("site", "travel", "links"),
            f"expected every location to be reachable from the scene "
            f"'{scenario.scene[0]}', found no route to: {', '.join(unreachable)}",
        )
    ]


def _told_kind(doc: YamlDocument, expected: str) -> None:
    """A plan given where a scenario is meant (or the reverse) is told so in words."""
    data = doc.data
    if expected == "scenario" and "steps" in data and "site" not in data:
        raise InputError(
            [
                Problem(
                    doc.path,
                    1,
                    "",
                    "this is a plan file (it has 'steps'), not a scenario; give the scenario "
                    "first and the plan with --plan, e.g. drillsim run SCENARIO.yaml --plan "
                    f"{doc.path}",
                )
            ]
        )
    if expected == "plan" and "site" in data and "steps" not in data:
        raise InputError(
            [
                Problem(
                    doc.path,
                    1,
                    "",
                    "this is a scenario file (it has 'site'), not a plan; --plan expects "
                    "a plan file (with 'steps')",
                )
            ]
        )


def load_plan(path: Path | str) -> tuple[Plan, YamlDocument]:
    doc = load_yaml(path)
    _told_kind(doc, "plan")
    plan = validate_model(Plan, doc)
    problems = check_plan(plan, doc)
    if problems:
        raise InputError(problems)
    return plan, doc


def load_scenario_only(path: Path | str) -> tuple[Scenario, YamlDocument]:
    doc = load_yaml(path)
    _told_kind(doc, "scenario")
    scenario = validate_model(Scenario, doc)
    problems = check_scenario(scenario, doc)
    if problems:
        raise InputError(problems)
    return scenario, doc


def plan_path_of(scenario: Scenario, scenario_path: Path, doc: YamlDocument) -> Path:
    if scenario.plan is None:
        raise InputError(
            [doc.problem(("plan",), "no default plan named; give one with --plan PLAN.yaml")]
        )
    return scenario_path.parent / scenario.plan


def load(scenario_path: Path | str, plan_path: Path | str | None = None) -> Loaded:
    """Load a scenario and its plan (the scenario's default unless ``plan_path``)."""
    spath = Path(scenario_path)
    scenario, sdoc = load_scenario_only(spath)
    ppath = Path(plan_path) if plan_path is not None else plan_path_of(scenario, spath, sdoc)
    plan, pdoc = load_plan(ppath)
    problems = check_pair(scenario, sdoc, plan, pdoc)
    if problems:
        raise InputError(problems)
    return Loaded(scenario, plan, sdoc, pdoc, spath, ppath)
