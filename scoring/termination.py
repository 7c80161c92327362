"""Ending the response (应急结束): what must hold when it is declared, read from the run.

GB/T 29639-2020 asks a plan to state the conditions on which the response ends, and
《生产安全事故应急条例》 ends the emergency measures once the threat and the harm are
under control or gone. drillsim reads them at the moment of termination, for every
kind of hazard: no source still gives off gas or feeds a fire (a room leak, an outdoor
release, a pipeline), no place on the site reads above AEGL-2 (1 h), IDLH or the pain
heat flux, nobody lies collapsed or stands in such air, every evacuee has arrived and
been counted, and the termination step's own preconditions are done.
"""

from __future__ import annotations

import numpy as np

from scoring.facts import RunFacts
from scoring.planmap import PlanMap
from scoring.wording import Wording
from sim.hazards import PAIN_FLUX_W_M2, HazardField
from sim.physics.thresholds import aegl_ppm, idlh_ppm
from sim.scenario import PipelineRupture, Scenario

Unmet = tuple[str, str]
GONE = ("handed_to_ems", "at_hospital", "dead")


def unmet_at(f: RunFacts, pm: PlanMap, scenario: Scenario, w: Wording, t: float) -> list[Unmet]:
    """Termination criteria that did not hold at ``t``, each in Chinese and English."""
    field = HazardField.replay(scenario, [e for e in f.events if e.t <= t])
    out = _sources(f, scenario, field, w, t)
    places, bad = _places(scenario, field, w, t)
    out += places
    out += _people(f, scenario, bad, w, t)
    out += _steps(f, pm, w, t)
    return out


def _sources(
    f: RunFacts, scenario: Scenario, field: HazardField, w: Wording, t: float
) -> list[Unmet]:
    out: list[Unmet] = []
    for h in scenario.hazards:
        zh, en = h.name, h.name_en or h.name
        if isinstance(h, PipelineRupture):
            stopped = f.first_t("release_stopped", hazard=h.id)
            if stopped is None or stopped > t:
                out.append((f"「{zh}」上下游阀门未关断", f"'{en}' still fed: valves not shut"))
            elif h.ignited and field.releasing(h.id, t):
                out.append((f"「{zh}」仍在燃烧", f"'{en}' still burning"))
        elif getattr(h, "isolable", True) and field.releasing(h.id, t):
            out.append((f"「{zh}」仍在泄漏", f"'{en}' still releasing"))
    return out


def _places(
    scenario: Scenario, field: HazardField, w: Wording, t: float
) -> tuple[list[Unmet], set[str]]:
    """Places still above a threshold at ``t``, and their ids."""
    out: list[Unmet] = []
    bad: set[str] = set()
    times = np.array([t])
    for loc in scenario.site.locations:
        if loc.kind == "offsite":
            continue
        above = _toxic(field, loc.id, t, w)
        if above is not None:
            out.append(above)
            bad.add(loc.id)
        if not field.pipelines:
            continue  # only a burning pipeline gives off heat
        flux = float(field.flux_series(loc.id, times)[0])
        if flux >= PAIN_FLUX_W_M2:
            zh, en = w(loc.id)
            out.append(
                (
                    f"「{zh}」热辐射 {flux / 1000:.1f} kW/m²，超过痛阈",
                    f"'{en}' under {flux / 1000:.1f} kW/m2, above the pain threshold",
                )
            )
            bad.add(loc.id)
    return out, bad


def _toxic(field: HazardField, location: str, t: float, w: Wording) -> Unmet | None:
    """The air of ``location`` at ``t`` when it is at or above IDLH or AEGL-2 (1 h).

    Where the place's concentration bound (:meth:`HazardField.ppm_bound`, an upper bound
    at any time as the releases stand) lies below both thresholds, the air cannot be
    above either: its concentration, indoors an integral over the whole run, is not
    worked out."""
    substance = field.substance_at(location)
    if substance is None:
        return None
    idlh = idlh_ppm(substance)
    aegl2 = aegl_ppm(substance, 2, 60.0)
    limits = [x for x in (idlh, aegl2) if x is not None]
    if not limits or field.ppm_bound(location) < min(limits):
        return None
    ppm = field.concentration_ppm(location, t)
    zh, en = w(location)
    if idlh is not None and ppm >= idlh:
        return f"「{zh}」浓度 {ppm:.0f} ppm，超过 IDLH", f"'{en}' at {ppm:.0f} ppm, above IDLH"
    if aegl2 is not None and ppm >= aegl2:
        return f"「{zh}」浓度 {ppm:.1f} ppm，超过 AEGL-2", f"'{en}' at {ppm:.1f} ppm, above AEGL-2"
    return None


def _people(f: RunFacts, scenario: Scenario, bad: set[str], w: Wording, t: float) -> list[Unmet]:
    """Who is still down, in bad air or on the way to the assembly point at ``t``."""
    where = {p.id: p.location for p in scenario.people}
    state = {p.id: "ok" for p in scenario.people}
    walking: dict[str, str] = {}
    for e in f.events:
        if e.t > t:
            break
        who, kind = e.actor or "", e.kind
        if kind == "person" and who in state:
            state[who] = str(e.details.get("state", state[who]))
            where[who] = e.location or where[who]
        elif kind in ("escaped", "carried") and who in where:
            where[who] = str(e.details.get("to") or e.location or where[who])
        elif kind == "evacuation_started" and e.location:
            for who_, place in where.items():
                if place == e.location and state[who_] == "ok":
                    walking[who_] = str(e.details.get("to"))
        elif kind == "evacuated" and e.location:
            for who_, to in list(walking.items()):
                if where[who_] == e.location and to == e.details.get("to"):
                    where[who_] = to
                    del walking[who_]
    out: list[Unmet] = []
    for p in scenario.people:
        zh, en = w(p.id)
        if state[p.id] in GONE:
            continue
        if state[p.id] in ("collapsed", "rescued"):
            out.append((f"{zh}未移交120", f"{en} not yet handed to EMS"))
        elif p.id in walking:
            out.append((f"{zh}仍在撤离途中，未清点", f"{en} still on the way out, not counted"))
        elif where[p.id] in bad:
            zh_l, en_l = w(where[p.id])
            out.append((f"{zh}仍在「{zh_l}」", f"{en} still in '{en_l}'"))
    return out


def _steps(f: RunFacts, pm: PlanMap, w: Wording, t: float) -> list[Unmet]:
    out: list[Unmet] = []
    term = pm.terminating_step()
    required = list(term.after) if term is not None else []
    if any(e.t <= t for kind in ("evacuation_started", "evacuated") for e in f.of_kind(kind)):
        required += [s.id for s in pm.headcount_steps() if s.id not in required]
    for a in required:
        done_t = f.step_completed.get(a)
        if done_t is None or done_t > t:
            zh, en = w(a)
            out.append((f"「{zh}」未完成", f"'{en}' not done"))
    return out
