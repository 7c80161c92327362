"""People and casualties: what a body breathes and feels, collapse, rescue and outcome.

The engine mixes this in; it holds the people's states, their doses and the
processes and effects that move, expose, rescue and hand them over.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

import numpy as np
import simpy

from sim.events import EventLog
from sim.hazards import PAIN_FLUX_W_M2, TOLERABLE_FLUX_W_M2, FloatArray, HazardField
from sim.physics.infiltration import oxygen_percent
from sim.physics.probit import (
    TOXIC_PROBITS,
    probability_from_probit,
    toxic_death_probability_from_load,
    toxic_load_sampled,
)
from sim.physics.thresholds import aegl_ppm, idlh_ppm
from sim.scenario import Person
from sim.streams import Streams
from sim.vocabulary import Effect

THERMAL = "thermal radiation"
ESCAPE_S = 20.0
"""People outdoors escape or take cover within 20 s of a fire (TNO Green Book, CPR 16E)."""
Proc = Generator[simpy.Event, Any, Any]


@dataclass
class PersonState:
    person: Person
    location: str
    state: str = "ok"
    since: float = 0.0
    indoor: bool | None = None  # None: as the location's kind says; True: sheltering


@dataclass
class Dose:
    """Toxic load accumulated by a person or a crew, sum of C^n dt (ppm^n min)."""

    substance: str
    count: int
    load: float = 0.0


class Casualties:
    """The people part of the engine (mixed into :class:`sim.engine.Engine`)."""

    env: simpy.Environment
    log: EventLog
    streams: Streams
    hazards: HazardField
    people: dict[str, PersonState]
    doses: dict[str, Dose]
    forbidden: set[str]
    alarm_t: float | None
    changed: simpy.Event

    @property
    def now(self) -> float:
        return float(self.env.now)

    def _touch(self) -> None:
        """Wake everything waiting on a condition: the world has changed."""
        old, self.changed = self.changed, self.env.event()
        old.succeed()

    def _blind_rescue(self, person: Person) -> Proc:
        br = person.blind_rescue
        assert br is not None
        target = self.people[br.target]
        while target.state != "collapsed":
            yield self.changed
        yield self.env.timeout(br.delay.sample(self.streams.delays))
        me = self.people[person.id]
        location = target.location
        if me.state != "ok" or target.state != "collapsed":
            return
        prevented = location in self.forbidden
        details: dict[str, Any] = {"protected": False, "prevented": prevented, "blind_rescue": True}
        if not prevented:
            details["ppm"] = round(self.hazards.concentration_ppm(location, self.now), 1)
        self.log.append(self.now, "entry", actor=person.id, location=location, **details)
        if prevented:
            return
        self._move(me, location)
        knockdown = self.hazards.knockdown(location)
        if knockdown is None:
            return
        ppm_limit, minutes = knockdown
        reach = self.hazards.time_reaching(location, ppm_limit, self.now)
        if reach is None:
            return
        yield self.env.timeout(max(reach - self.now, 0.0) + minutes)
        if me.state == "ok" and me.location == location:
            self._set_person(me, "collapsed", cause="knocked down during unprotected rescue")

    def _move(self, ps: PersonState, to: str) -> None:
        """A person leaves their location: their exposure there ends now."""
        self._expose(
            ps.person.id, ps.location, ps.since, self.now, count=ps.person.count, indoor=ps.indoor
        )
        if to != ps.location:
            ps.indoor = None
        ps.location = to
        ps.since = self.now

    def _expose(
        self,
        who: str,
        location: str,
        begin: float,
        end: float,
        *,
        count: int,
        step: str | None = None,
        indoor: bool | None = None,
        toxic: bool = True,
        thermal: bool = True,
    ) -> None:
        """Log what ``who`` breathed and felt at ``location`` over [begin, end]; add the doses."""
        if end <= begin:
            return
        points = int(min(4000, max(3, (end - begin) * 30 + 3)))  # about every 2 s
        times = np.linspace(begin, end, points)
        substance = self.hazards.substance_at(location)
        if toxic and substance is not None:
            conc = self.hazards.concentration_series(location, times, indoor)
            if float(conc.max()) >= 0.01:
                self._toxic_exposure(who, location, substance, times, conc, count=count, step=step)
        if thermal and self.hazards.pipelines:
            flux = self.hazards.flux_series(location, times, indoor)
            if float(flux.max()) >= TOLERABLE_FLUX_W_M2:
                self._thermal_exposure(who, location, times, flux, count=count, step=step)

    def _toxic_exposure(
        self,
        who: str,
        location: str,
        substance: str,
        times: FloatArray,
        conc: FloatArray,
        *,
        count: int,
        step: str | None,
    ) -> None:
        probit = TOXIC_PROBITS.get(substance)
        load = toxic_load_sampled(times, conc, probit.n if probit else 1.0)
        mid = (conc[1:] + conc[:-1]) / 2
        dt = np.diff(times)
        minutes = float(times[-1] - times[0])
        idlh = idlh_ppm(substance)
        aegl2 = aegl_ppm(substance, 2, minutes)
        after = self._after_alarm(times)
        split: dict[str, Any] = {}
        if after is not None:
            # the part after the alarm is the response's share, the rest the accident's
            after_mid = after[:-1]  # segments that begin at or after the alarm
            split = {
                "toxic_load_after_alarm": round(
                    toxic_load_sampled(times[after], conc[after], probit.n if probit else 1.0)
                    if after.sum() >= 2
                    else 0.0,
                    3,
                ),
                "above_idlh_after_alarm_min": round(
                    float(dt[(mid >= idlh) & after_mid].sum()) if idlh else 0.0, 4
                ),
                "above_aegl2_after_alarm_min": round(
                    float(dt[(mid >= aegl2) & after_mid].sum()) if aegl2 else 0.0, 4
                ),
            }
        self.log.append(
            float(times[-1]),
            "exposure",
            actor=who,
            step=step,
            location=location,
            substance=substance,
            minutes=round(minutes, 4),
            ppm_mean=round(float(np.trapezoid(conc, times)) / minutes, 2),
            ppm_max=round(float(conc.max()), 2),
            toxic_load=round(load, 3),
            above_idlh_min=round(float(dt[mid >= idlh].sum()) if idlh else 0.0, 4),
            above_aegl2_min=round(float(dt[mid >= aegl2].sum()) if aegl2 else 0.0, 4),
            oxygen_min_percent=round(oxygen_percent(float(conc.max())), 2),
            protected=False,
            count=count,
            **split,
        )
        dose = self.doses.setdefault(who, Dose(substance, count))
        dose.load += load

    def _after_alarm(self, times: FloatArray) -> Any:
        """Mask of the sample times after the alarm, when the interval straddles it
        (None when it lies wholly on one side: the event's time says which)."""
        alarm = self.alarm_t
        if alarm is None or not (times[0] < alarm < times[-1]):
            return None
        return times >= alarm

    def _thermal_exposure(
        self,
        who: str,
        location: str,
        times: FloatArray,
        flux: FloatArray,
        *,
        count: int,
        step: str | None,
    ) -> None:
        dt = np.diff(times) * 60.0
        mid = (flux[1:] + flux[:-1]) / 2
        dose = _escape_dose(dt, mid)
        after = self._after_alarm(times)
        split: dict[str, Any] = {}
        if after is not None:
            keep = after[:-1]
            split["thermal_dose_after_alarm"] = round(_escape_dose(dt[keep], mid[keep]), 1)
        self.log.append(
            float(times[-1]),
            "exposure",
            actor=who,
            step=step,
            location=location,
            substance=THERMAL,
            minutes=round(float(times[-1] - times[0]), 4),
            flux_max_kw_m2=round(float(flux.max()) / 1000, 3),
            above_pain_min=round(float(dt[mid >= PAIN_FLUX_W_M2].sum()) / 60.0, 4),
            thermal_dose=round(dose, 1),
            protected=False,
            count=count,
            **split,
        )
        total = self.doses.setdefault(f"{who}\u0000{THERMAL}", Dose(THERMAL, count))
        total.load += dose

    def _set_person(self, ps: PersonState, state: str, **details: Any) -> None:
        ps.state = state
        self.log.append(
            self.now,
            "person",
            actor=ps.person.id,
            location=ps.location,
            state=state,
            count=ps.person.count,
            **details,
        )
        self._touch()

    def _outcomes(self) -> None:
        """At the end of a run: each exposed person's and crew's dose and its outcome."""
        t = self.now
        for key, dose in self.doses.items():
            who = key.split("\u0000")[0]
            details: dict[str, Any] = {"substance": dose.substance, "count": dose.count}
            if dose.substance == THERMAL:
                details["thermal_dose"] = round(dose.load, 1)
                y = -38.48 + 2.56 * math.log(dose.load) if dose.load > 0 else -math.inf
                details["probability_of_death"] = round(
                    0.0 if math.isinf(y) else probability_from_probit(y), 6
                )
            else:
                details["toxic_load"] = round(dose.load, 3)
                if dose.substance in TOXIC_PROBITS:
                    details["probability_of_death"] = round(
                        toxic_death_probability_from_load(dose.substance, dose.load), 6
                    )
            self.log.append(t, "outcome", actor=who, **details)

    def _rescue(self, effect: Effect, actor: str, step: str | None) -> None:
        r = effect.rescue
        assert r is not None
        found = [
            ps
            for ps in self.people.values()
            if ps.location == r.location and ps.state == "collapsed"
        ]
        for ps in found:
            self._move(ps, r.to)
            self._set_person(ps, "rescued", by=actor, step=step, to=r.to)

    def _hand_over(self, effect: Effect, actor: str, step: str | None) -> None:
        for ps in self.people.values():
            if ps.location == effect.hand_over and ps.state == "rescued":
                self._set_person(ps, "handed_to_ems", by=actor, step=step)

    def _evacuate(self, effect: Effect, actor: str, step: str | None) -> None:
        ev = effect.evacuate
        assert ev is not None
        moved = 0
        for ps in self.people.values():
            if ps.location == ev.location and ps.state == "ok":
                self._move(ps, ev.to)
                ps.state = "evacuated"
                moved += ps.person.count
        self.log.append(
            self.now,
            "evacuated",
            actor=actor,
            step=step,
            location=ev.location,
            to=ev.to,
            people=moved,
        )

    def _shelter(self, effect: Effect, actor: str, step: str | None) -> None:
        assert effect.shelter is not None
        sheltered = 0
        for ps in self.people.values():
            if ps.location == effect.shelter and ps.state == "ok" and ps.indoor is not True:
                self._move(ps, ps.location)
                ps.indoor = True
                sheltered += ps.person.count
        self.log.append(
            self.now, "sheltered", actor=actor, step=step, location=effect.shelter, people=sheltered
        )

    def _collapse(self, effect: Effect, actor: str) -> None:
        assert effect.collapse is not None
        ps = self.people[effect.collapse]
        if ps.state == "ok":
            self._set_person(ps, "collapsed", cause=actor)


def _escape_dose(dt_s: FloatArray, flux: FloatArray) -> float:
    """Eisenberg dose t q^(4/3) of the worst ESCAPE_S seconds: people outdoors escape
    or take cover (TNO Green Book)."""
    order = np.argsort(-flux, kind="stable")
    kept = np.minimum(dt_s[order], np.maximum(ESCAPE_S - np.cumsum(dt_s[order]) + dt_s[order], 0))
    return float(np.sum(kept * flux[order] ** (4.0 / 3.0)))
