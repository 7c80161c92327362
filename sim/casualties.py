"""People and casualties: what a body breathes and feels, collapse, rescue and outcome.

The engine mixes this in; it holds the people's states, their doses and the
processes and effects that move, expose, rescue and hand them over.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import simpy

from sim.dispatch import Claim, Dispatcher
from sim.events import EventLog
from sim.firstof import FirstOf
from sim.hazards import PAIN_FLUX_W_M2, TOLERABLE_FLUX_W_M2, FloatArray, HazardField
from sim.physics.asphyxia import death_probability_without_breathing
from sim.physics.incapacitation import (
    Level,
    first_crossings,
    incapacitation,
    oxygen_deficiency,
)
from sim.physics.infiltration import OXYGEN_NORMAL_PERCENT
from sim.physics.probit import (
    TOXIC_PROBITS,
    probability_from_probit,
    toxic_death_probability_from_load,
    toxic_load_sampled,
)
from sim.physics.thresholds import aegl_ppm, idlh_ppm
from sim.plan import Plan, Resource, Step
from sim.scenario import Person, Scenario
from sim.streams import Streams
from sim.topics import ANY_TOUCH, CREW, EVERYTHING, PERSON
from sim.travel import TravelTable
from sim.vocabulary import Condition, Effect

THERMAL = "thermal radiation"
WHO_AND_WHERE = frozenset({PERSON})
"""What a would-be rescuer watches: people's states and whereabouts."""
STRETCHER_TYPE = "stretcher"
ESCAPE_S = 20.0
"""People outdoors escape or take cover within 20 s of a fire (TNO Green Book, CPR 16E)."""
Proc = Generator[simpy.Event, Any, Any]
EPS = 1e-7
LOOK_AHEAD_MIN = 60.0
"""How far ahead the air where a person stands is searched for a collapse level at once."""
GRID_MIN = 1.0 / 6.0
"""The air is sampled every 10 s (two breaths at rest) and taken as linear in between."""
WALKING_SPEED_M_S = 1.19
"""Evacuees walk at 1.19 m/s, the unimpeded horizontal speed of the SFPE hydraulic model
(k = 1.40 m/s times 0.85 at densities below 0.54 persons/m2; Gwynne and Rosenbaum,
*SFPE Handbook of Fire Protection Engineering*, 5th ed., ch. 59)."""
IMPAIRED_WALKING_FACTOR = 0.95 / 1.24
"""A person impaired by the air (oxygen below 16 %: coordination impaired) walks at 0.77 of
the pace: the mean horizontal speed of people with a locomotion impairment and no aid,
0.95 m/s, against 1.24 m/s without (Boyce, Shields and Silcock, Fire Technology 35(1)
(1999) 51-67; docs/REFERENCE.md E3)."""
LONE_DRAG_FACTOR = 2.0
"""A lone rescuer drags a collapsed person out at half walking pace (one doing the work of
the two bearers of Knapik et al. 2000, Ergonomics 43(5) 639-652)."""
BEARERS = 2
"""Bearers per stretcher: the two-person carry of Knapik et al. (2000) and Rice et al.,
Int J Ind Ergon 18 (1996) 27-40, an 80 kg casualty carried at 4.8 km/h (1.33 m/s), a
walking pace: the travel table's walking minutes are the carrying minutes."""
HAND_CARRY_ENDURANCE_MIN = 2.7
"""Two bearers hand-carrying a stretcher at 4.8 km/h keep going 2.7 +/- 1.4 min on average
before they must set it down (Knapik et al. 2000); a longer carry needs rests or relief
bearers, which the model does not draw, so it says so."""


CASUALTY_STATES = ("collapsed", "dead")
"""States that change the casualty count a report gave: a new casualty, or a death
(《生产安全事故报告和调查处理条例》 Art. 13; docs/REFERENCE.md R3)."""


@dataclass
class PersonState:
    person: Person
    location: str
    state: str = "ok"
    since: float = 0.0
    indoor: bool | None = None  # None: as the location's kind says; True: sheltering
    here_since: float = 0.0  # arrival at the present location
    checked_to: float = 0.0  # the air here is accounted for up to this time
    at_level: dict[str, float] = field(default_factory=dict)  # minutes at each collapse level
    breathing: bool = True
    breathing_stopped_at: float | None = None
    breathing_restored_at: float | None = None
    first_aid_at: float | None = None
    impaired: bool = False
    escaping: bool = False
    rescuing: bool = False  # an unprotected would-be rescuer on the way in or inside
    carried: bool = False  # on the way out with a rescue crew
    carried_out: int = 0  # of the ``count`` this entry stands for, how many are out
    walking: bool = False  # on the way out along an evacuation route
    respirator_on: float | None = None  # when the escape hood or respirator was put on
    filter_load: float = 0.0  # gas its filter has taken up, ppm·min, up to filter_to
    filter_to: float = 0.0
    filter_spent_at: float | None = None  # when the filter broke through
    wake: simpy.Event | None = None

    @property
    def standing(self) -> bool:
        return self.state in ("ok", "evacuated")


@dataclass
class Dose:
    """Toxic load accumulated by a person or a crew, sum of C^n dt (ppm^n min)."""

    substance: str
    count: int
    load: float = 0.0


class Casualties:
    """The people part of the engine (mixed into :class:`sim.engine.Engine`)."""

    env: simpy.Environment
    scenario: Scenario
    plan: Plan
    resources: dict[str, Resource]
    dispatcher: Dispatcher
    care: dict[str, Claim]
    caring: list[Claim]
    travel: TravelTable
    log: EventLog
    streams: Streams
    hazards: HazardField
    people: dict[str, PersonState]
    doses: dict[str, Dose]
    forbidden: set[str]
    warned: set[tuple[str, str | None, str]]
    alarm_t: float | None
    changed: simpy.Event
    touched: dict[str, int]
    air_change: simpy.Event
    wait_for: Callable[[Condition], Proc]
    casualty_changes: list[tuple[float, str, str]]

    @property
    def now(self) -> float:
        return float(self.env._now)

    def _touch(self, *topics: str) -> None:
        """Wake everything waiting on a condition: the world has changed, in ``topics``
        (the parts of it conditions read, ``sim.engine.condition_reads``), or anywhere when
        none is given. With nothing waiting there is nothing to wake, and the same event
        serves the next waiters."""
        touched = self.touched
        touched[ANY_TOUCH] += 1
        for topic in topics or EVERYTHING:
            touched[topic] += 1
        if self.changed.callbacks:
            old, self.changed = self.changed, self.env.event()
            old.succeed()

    def _changes_seen(self, reads: frozenset[str]) -> int:
        """How many changes so far concern any of ``reads`` (counts only grow)."""
        touched = self.touched
        return sum(touched[topic] for topic in reads)

    def _on_change(self, reads: frozenset[str]) -> simpy.Event:
        """An event for a process to wait on: it fires at the first change of the world
        that concerns ``reads`` (``sim.topics``) from now on.

        It is looked at where a process waiting on ``changed`` would be woken, in the
        same order, and fires there and then (its callbacks run at once, as a processed
        ``changed`` runs them): a waiter filtered so wakes at the moment and in the turn
        an unfiltered one would, and is spared the wake-ups that cannot concern it.
        """
        wake = self.env.event()
        seen = self._changes_seen(reads)

        def look(_: simpy.Event) -> None:
            if not wake.callbacks:
                return  # nobody waits on it any more (another event ended the wait)
            if self._changes_seen(reads) == seen:
                self.changed.callbacks.append(look)  # not its concern: the next change
                return
            # processed as SimPy's step processes an event: ok, no value, callbacks run
            wake._ok = True
            wake._value = None
            callbacks = wake.callbacks
            wake.callbacks = None  # type: ignore[assignment]
            for callback in callbacks:
                callback(wake)

        self.changed.callbacks.append(look)
        return wake

    def _blind_rescue(self, person: Person) -> Proc:
        """Go in unprotected after someone seen to collapse, unless entry is forbidden by then.

        The named targets tempt wherever they are; anyone else tempts when seen to go down
        where the person is or in a place in view (``sees``). Each collapse tempts anew: the
        chain rescue of incident reports, where a second and third would-be rescuer follow
        the first (Hendrickson et al., Co-worker fatalities from hydrogen sulfide, Am J Ind
        Med 45 (2004) 346-350).
        """
        br = person.blind_rescue
        assert br is not None
        me = self.people[person.id]
        named = [self.people[t] for t in br.targets]
        others = [ps for ps in self.people.values() if ps is not me and ps not in named]
        in_view = set(br.sees)
        seen: set[str] = set()
        while me.state == "ok":
            # the named, and anyone seen to go down where the person is or can see into
            visible = [ps for ps in others if ps.location == me.location or ps.location in in_view]
            fallen = [
                t for t in (*named, *visible) if t.state == "collapsed" and t.person.id not in seen
            ]
            if not fallen:
                yield self._on_change(WHO_AND_WHERE)
                continue
            target = fallen[0]
            seen.add(target.person.id)
            if br.notices is not None:
                yield from self.wait_for(br.notices)
            yield self.env.timeout(br.delay.sample(self.streams.delays(f"person:{person.id}")))
            if me.state != "ok" or target.state != "collapsed":
                continue
            location = target.location
            if location in self.forbidden:
                self.log.append(
                    self.now,
                    "entry",
                    actor=person.id,
                    location=location,
                    protected=False,
                    prevented=True,
                    blind_rescue=True,
                    target=target.person.id,
                )
                continue
            origin = me.location
            me.rescuing = True
            walk = self.travel.typical(origin, location)
            if walk > 0 and not math.isinf(walk):
                yield self.env.timeout(walk)
            if me.state != "ok":
                return
            self.log.append(
                self.now,
                "entry",
                actor=person.id,
                location=location,
                protected=False,
                prevented=False,
                blind_rescue=True,
                target=target.person.id,
                ppm=round(self.hazards.concentration_ppm(location, self.now), 1),
            )
            self._move(me, location)
            self._touch(PERSON)
            drag = self.travel.typical(location, origin) * LONE_DRAG_FACTOR
            yield self.env.timeout(drag)
            me.rescuing = False
            out = me.state == "ok" and me.location == location == target.location
            if out and target.state == "collapsed":
                self._move(target, origin)
                self._move(me, origin)
                self._set_person(target, "rescued", by=person.id, to=origin, blind_rescue=True)

    def _air_changed(self) -> None:
        """The air somewhere may have got worse (a release started, the wind, fans).

        A release stopped or reduced only makes every level come later: the looks already
        planned find that out, so it needs no call here.
        """
        if self.air_change.callbacks:
            old, self.air_change = self.air_change, self.env.event()
            old.succeed()

    def _wake(self, ps: PersonState) -> None:
        """The person moved or changed state: look at their air again."""
        if ps.wake is not None and not ps.wake.triggered:
            ps.wake.succeed()

    def _body(self, ps: PersonState) -> Proc:
        """Watch the air a person breathes: collapse, breathing arrest, escape.

        Looks again when the air changes, when the person moves or changes state, and at
        the next time something is due (or the end of the look-ahead window).
        """
        while ps.state not in ("rescued", "handed_to_ems", "at_hospital") and ps.breathing:
            nxt = self._breathe(ps)
            ps.wake = self.env.event()
            events: list[simpy.Event] = [self.air_change, ps.wake]
            if nxt is not None:
                events.append(self.env.timeout(max(nxt - self.now, 0.0) + EPS))
            yield FirstOf(self.env, events)

    def _breathe(self, ps: PersonState) -> float | None:
        """Account for the air since the last look, act on what is due, say when to look again."""
        t = self.now
        location = ps.location
        substance = self.hazards.substance_at(location)
        if substance is None:
            ps.checked_to = t
            return None
        t0 = min(ps.checked_to, t)
        gas = incapacitation(substance)
        o2 = oxygen_deficiency()
        idlh = idlh_ppm(substance)
        end = min(t + LOOK_AHEAD_MIN, self.scenario.horizon_min)
        bounds = self.hazards.ppm_bound(location), self.hazards.displaced_bound(location)
        if _harmless(*bounds, substance):
            # nothing the air can do here is due: no level's clock runs, none is crossed
            for lv in (*(gas.levels if gas else ()), *o2.levels):
                ps.at_level[lv.key] = ps.at_level.get(lv.key, 0.0)
            ps.checked_to = t
            return end if end > t + EPS else None
        past = np.linspace(t0, t, max(2, math.ceil((t - t0) / GRID_MIN) + 1)) if t > t0 else None
        future = np.linspace(t, max(end, t), max(2, math.ceil((end - t) / GRID_MIN) + 1))
        times = future if past is None else np.concatenate((past[:-1], future))
        now_i = 0 if past is None else past.size - 1
        conc = self.hazards.concentration_series(location, times, ps.indoor)
        oxygen = self.hazards.oxygen_series(location, times, ps.indoor, conc)
        breathed = self._through_respirator(ps, substance, times, conc, oxygen, now_i)
        found_gas, run_gas = first_crossings(
            times, breathed, gas.levels if gas else (), ps.at_level
        )
        found_o2, run_o2 = first_crossings(times, oxygen, o2.levels, ps.at_level)
        for key, running in (run_gas | run_o2).items():
            ps.at_level[key] = float(running[now_i])
        ps.checked_to = t
        due: list[tuple[float, Level, FloatArray]] = [
            (c.t_min, c.level, breathed) for c in found_gas.values()
        ] + [(c.t_min, c.level, oxygen) for c in found_o2.values()]
        if ps.standing:
            wanted = due
        elif ps.state == "collapsed":
            wanted = [d for d in due if d[1].breathing_stops]
        else:
            wanted = []
        wanted.sort(key=lambda d: (d[0], d[1].key))
        later: list[float] = [end] if end > t + EPS else []
        if wanted:
            when, level, _ = wanted[0]
            if when <= t + 1e-9:
                self._knocked_down(
                    ps, substance, level, float(breathed[now_i]), float(oxygen[now_i])
                )
                return t
            later.append(when)
        if ps.standing and not ps.impaired:
            low = np.nonzero(oxygen[now_i:] < o2.impaired_below_percent)[0]
            if low.size:
                when = float(times[now_i + int(low[0])])
                if when <= t + 1e-9:
                    ps.impaired = True
                    self.log.append(
                        t,
                        "impaired",
                        actor=ps.person.id,
                        location=location,
                        oxygen_percent=round(float(oxygen[now_i]), 2),
                        count=ps.person.count,
                    )
                else:
                    later.append(when)
        free = not (ps.escaping or ps.rescuing or ps.walking or ps.indoor is True)
        if ps.standing and ps.person.escapes and free:
            danger = oxygen[now_i:] < o2.deficient_below_percent
            if idlh is not None:
                danger |= conc[now_i:] >= idlh
            hit = np.nonzero(danger)[0]
            if hit.size:
                when = float(times[now_i + int(hit[0])])
                if when <= t + 1e-9:
                    self.env.process(self._escape(ps, substance, float(conc[now_i])))
                else:
                    later.append(when)
        if ps.respirator_on is not None and ps.person.respirator is not None:
            ends = ps.respirator_on + ps.person.respirator.protection_min
            if ends > t + EPS:
                later.append(ends)
        return min(later) if later else None

    def _through_respirator(
        self,
        ps: PersonState,
        substance: str,
        times: FloatArray,
        conc: FloatArray,
        oxygen: FloatArray,
        commit: int | None = None,
    ) -> FloatArray:
        """The gas breathed through an escape hood or respirator rated for it: while it is
        on, within its rated time, for a filter with enough oxygen in the air and until
        the filter breaks through, the wearer breathes the share that leaks past the face
        seal (E2); otherwise the air itself.

        ``commit`` is the index of the present moment in ``times``: the filter's load is
        accounted up to it (the samples before it are the past)."""
        r = ps.person.respirator
        if r is None or ps.respirator_on is None or substance not in r.gases:
            return conc
        on = ps.respirator_on
        worn = (times >= on) & (times < on + r.protection_min)
        worn &= oxygen >= r.min_oxygen_percent
        capacity = r.capacity_ppm_min
        if capacity is not None:
            worn &= self._filter_holds(ps, times, np.where(worn, conc, 0.0), capacity, commit)
        return np.where(worn, conc * r.leak_share, conc)

    @staticmethod
    def _filter_holds(
        ps: PersonState,
        times: FloatArray,
        taken: FloatArray,
        capacity: float,
        commit: int | None,
    ) -> Any:
        """Where the filter still holds, given the gas it takes in at each time: the load
        counts from what is accounted (``filter_to``) on, by the trapezoid rule."""
        holds = np.ones(times.shape, dtype=bool)
        if ps.filter_spent_at is not None:
            holds &= times < ps.filter_spent_at
        ahead = np.nonzero(times >= ps.filter_to)[0]
        if ahead.size == 0 or ps.filter_spent_at is not None:
            return holds
        i0 = int(ahead[0])
        ts, cs = times[i0:], taken[i0:]
        load = ps.filter_load + np.concatenate(
            ([0.0], np.cumsum(np.diff(ts) * (cs[1:] + cs[:-1]) / 2.0))
        )
        over = load >= capacity
        holds[i0:] &= ~over
        if commit is not None and commit >= i0:
            k = commit - i0
            hit = np.nonzero(over[: k + 1])[0]
            if hit.size:
                ps.filter_spent_at = float(ts[int(hit[0])])
            ps.filter_load = float(load[k])
            ps.filter_to = float(ts[k])
        return holds

    def _don(self, ps: PersonState, why: str) -> None:
        """Put on the escape hood or respirator the person carries, if not yet."""
        r = ps.person.respirator
        if r is None or ps.respirator_on is not None or not ps.standing or not ps.breathing:
            return
        ps.respirator_on = self.now
        ps.filter_load, ps.filter_to = 0.0, self.now
        self.log.append(
            self.now,
            "respirator_donned",
            actor=ps.person.id,
            location=ps.location,
            respirator=r.kind,
            rated_min=r.protection_min,
            why=why,
            count=ps.person.count,
        )
        self._wake(ps)

    def _alarm_heard(self) -> None:
        for ps in self.people.values():
            self._don(ps, "alarm")

    def _knocked_down(
        self, ps: PersonState, substance: str, level: Level, ppm: float, oxygen: float
    ) -> None:
        if level.below:
            cause = f"oxygen at or below {level.threshold:g} % for {level.within_s:g} s"
            source = oxygen_deficiency().source
        else:
            cause = f"{substance} at or above {level.threshold:g} ppm for {level.within_s:g} s"
            gas = incapacitation(substance)
            source = gas.source if gas else ""
        if ps.standing:
            ps.escaping = False
            self._set_person(
                ps,
                "collapsed",
                cause=cause,
                substance=substance,
                ppm=round(ppm, 1),
                oxygen_percent=round(oxygen, 2),
                breathing=not level.breathing_stops,
                source=source,
            )
        if level.breathing_stops and ps.breathing:
            self._move(ps, ps.location)  # what was breathed so far ends here
            ps.breathing = False
            ps.breathing_stopped_at = self.now
            self.log.append(
                self.now,
                "breathing_stopped",
                actor=ps.person.id,
                location=ps.location,
                cause=cause,
                count=ps.person.count,
            )

    def _escape_destination(self, ps: PersonState) -> str | None:
        """Where an escaping person heads: the nearest place on foot whose air is clean
        when they get there, along a route through no air they are fleeing. Places the
        gas can never bring to IDLH (out of the plume's reach, upwind or crosswind: the
        ERG's protective action, move out of the hazard area and away from it) come
        first; only if none can be reached is a place that is clean on arrival but in
        the gas's reach taken."""
        if ps.person.escape_to is not None:
            return ps.person.escape_to
        places = [loc.id for loc in self.scenario.site.locations]
        on_site = [loc.id for loc in self.scenario.site.locations if loc.kind != "offsite"]
        safe = [p for p in on_site if self._out_of_reach(p)]
        return self._nearest_clean(ps, safe) or self._nearest_clean(ps, places)

    def _out_of_reach(self, location: str) -> bool:
        """Whether the gas, as the releases stand, can never bring ``location`` to IDLH
        or leave it short of oxygen."""
        substance = self.hazards.substance_at(location)
        return substance is None or not self.hazards.gas_could_reach(location, idlh_ppm(substance))

    def _nearest_clean(self, ps: PersonState, places: list[str]) -> str | None:
        here = ps.location
        best: tuple[float, str] | None = None
        for loc_id in places:
            if loc_id == here or math.isinf(self.travel.typical(here, loc_id)):
                continue
            # on foot, through no air they are fleeing (the source, a cloud), to air that
            # is still clean when they get there
            route = self.travel.route(here, loc_id)
            t, clear = self.now, True
            for a, b in itertools.pairwise(route):
                t += self._walk_min(a, b)
                if best is not None and t - self.now >= best[0]:
                    clear = False
                    break
                if self._unbreathable(b, t) or (b != loc_id and self._unbreathable(b)):
                    clear = False
                    break
            if clear:
                best = (t - self.now, loc_id)
        return None if best is None else best[1]

    def _unbreathable(self, location: str, t: float | None = None) -> bool:
        """Air above IDLH or short of oxygen (now, or at ``t``): what an escape avoids."""
        substance = self.hazards.substance_at(location)
        if substance is None:
            return False
        t = self.now if t is None else t
        ppm = self.hazards.concentration_ppm(location, t)
        idlh = idlh_ppm(substance)
        oxygen = self.hazards.oxygen_percent(location, t)
        deficient = oxygen < oxygen_deficiency().deficient_below_percent
        return deficient or (idlh is not None and ppm >= idlh)

    def _escape(self, ps: PersonState, substance: str, ppm: float) -> Proc:
        """An unprotected person who can walk leaves air above IDLH (NIOSH: the level from
        which one can escape within 30 min without irreversible effects), on foot along the
        route (docs/REFERENCE.md E3)."""
        ps.escaping = True
        self._don(ps, "escape")
        origin = ps.location
        to = self._escape_destination(ps)
        route = [] if to is None else self.travel.route(origin, to)
        pace = IMPAIRED_WALKING_FACTOR if ps.impaired else 1.0
        legs = [(b, self._walk_min(a, b) / pace) for a, b in itertools.pairwise(route)]
        minutes = sum(m for _, m in legs)
        self.log.append(
            self.now,
            "escape",
            actor=ps.person.id,
            location=origin,
            to=to,
            substance=substance,
            ppm=round(ppm, 1),
            minutes=round(minutes, 3),
            count=ps.person.count,
            route=route,
            impaired=ps.impaired,
        )
        if to is None:
            return  # nowhere better to go: they stay, and stay counted as escaping
        # on foot along the route: the air of the place behind for the first half of each
        # link, of the place ahead for the second (as evacuees walk, REFERENCE E1)
        at = origin
        ps.walking = True  # on the way out: not swept into an evacuation or a shelter
        for ahead, leg in legs:
            yield self.env.timeout(leg / 2.0)
            if not (ps.escaping and ps.standing and ps.location == at):
                ps.walking = False
                return  # collapsed on the way, or carried off: they stay where they are
            self._move(ps, ahead)
            ps.indoor = False
            self._wake(ps)
            at = ahead
            yield self.env.timeout(leg / 2.0)
        ps.walking = False
        if ps.escaping and ps.standing and ps.location == at:
            ps.escaping = False
            self._move(ps, to)
            ps.indoor = None
            self.log.append(
                self.now, "escaped", actor=ps.person.id, location=to, count=ps.person.count
            )
            self._touch(PERSON)

    def _move(self, ps: PersonState, to: str) -> None:
        """A person leaves their location: their exposure there ends now.

        Nothing is breathed while breathing has stopped (respiratory arrest).
        """
        begin, end = ps.since, self.now
        if ps.breathing_stopped_at is not None:
            stopped, restored = ps.breathing_stopped_at, ps.breathing_restored_at
            if restored is None or begin < restored:
                end = min(end, stopped) if begin < stopped else begin
        self._expose(ps.person.id, ps.location, begin, end, count=ps.person.count, indoor=ps.indoor)
        if to != ps.location:
            ps.indoor = None
            ps.here_since = ps.checked_to = self.now
            ps.at_level.clear()
        ps.location = to
        ps.since = self.now
        self.touched[PERSON] += 1  # noted for the waiters that read it at the next change
        self._wake(ps)

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
        substance = self.hazards.substance_at(location)
        toxic = toxic and substance is not None and self.hazards.ppm_bound(location) >= 0.01
        thermal = thermal and bool(self.hazards.pipelines)
        if not (toxic or thermal):
            return
        points = int(min(4000, max(3, (end - begin) * 30 + 3)))  # about every 2 s
        times = np.linspace(begin, end, points)
        if toxic and substance is not None:
            conc = self.hazards.concentration_series(location, times, indoor)
            ps = self.people.get(who)
            worn: dict[str, Any] = {}
            if ps is not None and ps.respirator_on is not None:
                oxygen = self.hazards.oxygen_series(location, times, indoor, conc)
                breathed = self._through_respirator(ps, substance, times, conc, oxygen)
                protected = (breathed < conc)[:-1]
                worn["respirator_min"] = round(float(np.diff(times)[protected].sum()), 4)
                conc = breathed
            if float(conc.max()) >= 0.01:
                self._toxic_exposure(
                    who, location, substance, times, conc, count=count, step=step, **worn
                )
        if thermal:
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
        **worn: Any,
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
            oxygen_min_percent=round(
                float(self.hazards.oxygen_series(location, times, gas_ppm=conc).min()), 2
            ),
            protected=False,
            count=count,
            **split,
            **worn,
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
        kept = _escape_seconds(dt, mid)
        dose = float(np.sum(kept * mid ** (4.0 / 3.0)))
        after = self._after_alarm(times)
        split: dict[str, Any] = {}
        if after is not None:
            # the same 20 s of escape, the part of it that falls after the alarm
            keep = after[:-1]
            after_dose = float(np.sum(kept[keep] * mid[keep] ** (4.0 / 3.0)))
            split["thermal_dose_after_alarm"] = round(after_dose, 1)
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
        self._wake(ps)
        self.log.append(
            self.now,
            "person",
            actor=ps.person.id,
            location=ps.location,
            state=state,
            count=ps.person.count,
            **details,
        )
        if state in CASUALTY_STATES:
            self.casualty_changes.append((self.now, ps.person.id, state))
        self._touch(PERSON)

    def _outcomes(self) -> None:
        """At the end of a run: each exposed person's and crew's dose and its outcome.

        ``path`` says what decided it: ``probit`` (the toxic load breathed), ``thermal``
        (Eisenberg), or ``asphyxia`` (minutes without breathing, for a person whose
        breathing stopped); both are combined as independent causes.
        """
        t = self.now
        done: set[str] = set()
        for key, dose in self.doses.items():
            who = key.split("\u0000")[0]
            details: dict[str, Any] = {"substance": dose.substance, "count": dose.count}
            if dose.substance == THERMAL:
                details["thermal_dose"] = round(dose.load, 1)
                y = -38.48 + 2.56 * math.log(dose.load) if dose.load > 0 else -math.inf
                details["probability_of_death"] = round(
                    0.0 if math.isinf(y) else probability_from_probit(y), 6
                )
                details["path"] = "thermal"
            else:
                details["toxic_load"] = round(dose.load, 3)
                if dose.substance in TOXIC_PROBITS:
                    details["probability_of_death"] = round(
                        toxic_death_probability_from_load(dose.substance, dose.load), 6
                    )
                details["path"] = "probit"
                ps = self.people.get(who)
                if ps is not None and ps.breathing_stopped_at is not None:
                    details.update(self._asphyxia(ps, details.get("probability_of_death", 0.0)))
                    done.add(who)
            self.log.append(t, "outcome", actor=who, **details)
        for ps in self.people.values():
            if ps.breathing_stopped_at is not None and ps.person.id not in done:
                self.log.append(
                    t,
                    "outcome",
                    actor=ps.person.id,
                    count=ps.person.count,
                    **self._asphyxia(ps, 0.0),
                )

    def _asphyxia(self, ps: PersonState, p_probit: float) -> dict[str, Any]:
        stopped = ps.breathing_stopped_at
        assert stopped is not None
        restored = ps.breathing_restored_at
        minutes = (self.now if restored is None else restored) - stopped
        p_asphyxia = death_probability_without_breathing(minutes)
        return {
            "path": "asphyxia" if p_asphyxia >= p_probit else "probit",
            "breathing_stopped_min": round(stopped, 6),
            "breathing_restored_min": None if restored is None else round(restored, 6),
            "minutes_without_breathing": round(minutes, 3),
            "probability_of_death_asphyxia": round(p_asphyxia, 6),
            "probability_of_death_probit": round(p_probit, 6),
            "probability_of_death": round(1.0 - (1.0 - p_probit) * (1.0 - p_asphyxia), 6),
        }

    def _care_starts(self, effects: list[Effect], claim: Claim, step: str) -> None:
        """A step that gives first aid does so from the moment its crew starts work."""
        for effect in effects:
            if effect.first_aid is not None:
                self._first_aid(effect.first_aid, str(claim.team), step, claim)

    def _first_aid(
        self, location: str, actor: str, step: str | None, claim: Claim | None = None
    ) -> None:
        """First aid for everyone brought out to ``location``; a crew that gives it stays with
        the casualty until EMS take over, or another first-aid crew does."""
        for ps in self.people.values():
            if ps.location != location or ps.state != "rescued":
                continue
            if ps.first_aid_at is None:
                ps.first_aid_at = self.now
                self.log.append(
                    self.now,
                    "first_aid",
                    actor=ps.person.id,
                    step=step,
                    location=location,
                    by=actor,
                    breathing=ps.breathing,
                    count=ps.person.count,
                )
                self._restore_breathing(ps, actor, step)
            before = self.care.get(ps.person.id)
            if claim is None or before is claim:
                continue
            self.care[ps.person.id] = claim
            if before is not None:
                self.log.append(
                    self.now,
                    "care_taken_over",
                    actor=ps.person.id,
                    step=step,
                    location=location,
                    by=actor,
                    previous=before.team,
                    count=ps.person.count,
                )
                self._free_carer(before, location, "care taken over")

    def _free_carer(self, claim: Claim, location: str, reason: str) -> None:
        """A crew kept with its casualties goes free once none of them is in its care."""
        if claim not in self.caring or claim in self.care.values():
            return
        self.caring.remove(claim)
        self.dispatcher.release_members(claim, location)
        self.log.append(
            self.now,
            "crew_released",
            actor=claim.team,
            step=claim.key,
            location=location,
            crew=len(claim.members),
            reason=reason,
        )
        self._touch(CREW)

    def _keep_carers(self, claim: Claim, location: str) -> bool:
        """At the end of its step: a crew with casualties in its care stays with them (its
        equipment goes back); True if it does."""
        if claim not in self.care.values():
            return False
        self.caring.append(claim)
        self.dispatcher.release_units(claim, location)
        for m in claim.members:
            m.location = location
        in_care = sorted(pid for pid, c in self.care.items() if c is claim)
        self.log.append(
            self.now,
            "crew_caring",
            actor=claim.team,
            step=claim.key,
            location=location,
            crew=len(claim.members),
            casualties=in_care,
        )
        return True

    def _restore_breathing(self, ps: PersonState, actor: str, step: str | None) -> None:
        if ps.breathing or ps.breathing_stopped_at is None:
            return
        self._move(ps, ps.location)  # what was breathed so far ends here
        ps.breathing = True
        ps.breathing_restored_at = self.now
        self.log.append(
            self.now,
            "breathing_restored",
            actor=ps.person.id,
            step=step,
            location=ps.location,
            by=actor,
            minutes_without_breathing=round(self.now - ps.breathing_stopped_at, 3),
            count=ps.person.count,
        )

    def _rescue(self, effect: Effect, actor: str, step: str | None) -> None:
        r = effect.rescue
        assert r is not None
        found = [
            ps
            for ps in self.people.values()
            if ps.location == r.location and ps.state == "collapsed"
        ]
        if r.method == "non_entry":
            # the lift itself ran as the step's last work (_lifts): who is left was not clipped on
            for ps in found:
                self.log.append(
                    self.now,
                    "not_lifted",
                    actor=ps.person.id,
                    step=step,
                    location=r.location,
                    by=actor,
                    reason="not attached to the lifeline",
                    count=ps.person.count,
                )
            return
        for ps in found:
            self._move(ps, r.to)
            self._set_person(ps, "rescued", by=actor, step=step, to=r.to)

    def _lifts(self, effects: list[Effect], actor: str, step: str) -> Proc:
        """A tripod and winch lifts the people on its lifeline out one after another, as the
        step's last work, so its crew stays on it until the last is out."""
        for effect in effects:
            r = effect.rescue
            if r is None or r.method != "non_entry":
                continue
            assert r.minutes_per_person is not None
            for ps in list(self.people.values()):
                if ps.location == r.location and ps.state == "collapsed" and ps.person.lifeline:
                    yield self.env.timeout(r.minutes_per_person)
                    if ps.state == "collapsed" and ps.location == r.location:
                        self._move(ps, r.to)
                        self._set_person(
                            ps, "rescued", by=actor, step=step, to=r.to, method="non_entry"
                        )

    def _hand_over(self, effect: Effect, actor: str, step: str | None) -> None:
        where = effect.hand_over
        assert where is not None
        for ps in self.people.values():
            if ps.location == where and ps.state == "rescued":
                self._restore_breathing(ps, actor, step)  # EMS ventilate on arrival
                self._set_person(ps, "handed_to_ems", by=actor, step=step)
                carer = self.care.pop(ps.person.id, None)
                if carer is not None:
                    self._free_carer(carer, where, "handed over to EMS")

    def _to_hospital(self, claim: Claim, people: list[PersonState], hospital: str) -> Proc:
        """The EMS crew that took the casualties over drives them to hospital, and is free
        there."""
        origin = people[0].location
        team = str(claim.team)
        minutes = self.travel.sample(origin, hospital, self.streams.travel(f"{team}/hospital"))
        self.log.append(
            self.now,
            "team_departed",
            actor=team,
            step=claim.key,
            location=origin,
            to=hospital,
            minutes=round(minutes, 3),
            casualties=[ps.person.id for ps in people],
        )
        for ps in people:
            self._move(ps, hospital)
        if minutes > 0:
            yield self.env.timeout(minutes)
        for ps in people:
            self._set_person(ps, "at_hospital", by=team, step=claim.key)
        self.dispatcher.release(claim, hospital)
        self._touch(CREW, PERSON)

    def _carry_out(self, step: Step, claim: Claim) -> Generator[simpy.Event, Any, str]:
        """Entry rescue: the crew brings out everyone at the rescue location, as the step's
        last work; returns where the crew ends up.

        A casualty who cannot walk is carried by a pair of bearers, on a stretcher if the
        crew has one (else by hand), one casualty per pair per trip; a lone rescuer drags
        one at half pace. The crew walks back for the next. People still on their feet walk
        out with the crew. Each arrives with the crew, at carrying pace, not before.
        """
        end = step.location
        for effect in step.effects:
            r = effect.rescue
            if r is not None and r.method == "entry":
                end = yield from self._carry_trips(step, claim, r.location, r.to, end)
        return end

    def _carry_trips(
        self, step: Step, claim: Claim, where: str, to: str, at: str
    ) -> Generator[simpy.Event, Any, str]:
        team = str(claim.team)
        crew = len(claim.members)
        stretchers = sum(
            1 for u in claim.units if self.resources[u.resource].type == STRETCHER_TYPE
        )
        pairs = crew // BEARERS
        capacity = pairs if pairs else 1
        stream = self.streams.travel(f"{team}/carry:{step.id}")
        trip = 0
        while True:
            lying = [
                ps
                for ps in self.people.values()
                if ps.location == where and ps.state == "collapsed" and not ps.carried
            ]
            walking = [
                ps for ps in self.people.values() if ps.location == where and ps.state == "ok"
            ]
            if not lying and not walking:
                return at
            if at != where:
                back = self.travel.sample(at, where, stream)
                self.log.append(
                    self.now,
                    "team_departed",
                    actor=team,
                    step=step.id,
                    location=at,
                    to=where,
                    minutes=round(back, 3),
                )
                yield self.env.timeout(back)
                at = where
                continue  # who is there now
            trip += 1
            load: list[tuple[PersonState, int, str]] = []
            slots = capacity
            on_stretchers = stretchers
            for ps in lying:
                n = min(ps.person.count - ps.carried_out, slots)
                if pairs:
                    with_stretcher = min(n, on_stretchers)
                    on_stretchers -= with_stretcher
                    how = "stretcher" if with_stretcher == n else "hand"
                else:
                    how = "drag"
                load.append((ps, n, how))
                slots -= n
                if slots == 0:
                    break
            minutes = self.travel.sample(where, to, stream) * (1.0 if pairs else LONE_DRAG_FACTOR)
            for ps, n, how in load:
                self.log.append(
                    self.now,
                    "carried",
                    actor=ps.person.id,
                    step=step.id,
                    location=where,
                    by=team,
                    to=to,
                    trip=trip,
                    people=n,
                    carry=how,
                    bearers=BEARERS * n if pairs else 1,
                    minutes=round(minutes, 3),
                )
                ps.carried_out += n
                if ps.carried_out >= ps.person.count:
                    ps.carried = True
                    self._move(ps, to)  # out of the air here: the exposure ends
            for ps in walking:
                ps.escaping = False
                self.log.append(
                    self.now,
                    "carried",
                    actor=ps.person.id,
                    step=step.id,
                    location=where,
                    by=team,
                    to=to,
                    trip=trip,
                    people=ps.person.count,
                    carry="walking",
                    bearers=0,
                    minutes=round(minutes, 3),
                )
                self._move(ps, to)
            if (
                pairs
                and minutes > HAND_CARRY_ENDURANCE_MIN
                and any(how != "drag" for _, _, how in load)
            ):
                self._carry_warning(where, to, minutes)
            yield self.env.timeout(minutes)
            at = to
            for ps, _, how in load:
                if ps.carried:
                    ps.carried = False
                    self._set_person(ps, "rescued", by=team, step=step.id, to=to, carry=how)
            for ps in walking:
                if ps.location == to and ps.standing:
                    self._set_person(ps, "rescued", by=team, step=step.id, to=to, carry="walking")

    def _carry_warning(self, where: str, to: str, minutes: float) -> None:
        message = (
            f"A carry of {minutes:.1f} min from {where} to {to} is longer than the "
            f"{HAND_CARRY_ENDURANCE_MIN} min two bearers keep up on average (Knapik et al. "
            "2000); rests and relief bearers are not drawn"
        )
        key = (where, to, "carry")
        if key not in self.warned:
            self.warned.add(key)
            self.log.append(self.now, "model_warning", location=where, message=message)

    def _evacuate(self, effect: Effect, actor: str, step: str | None) -> None:
        """The occupants set off for the assembly point along the shortest route, on foot,
        breathing the open air of each place they pass; ``evacuated`` when they arrive."""
        ev = effect.evacuate
        assert ev is not None
        group = [
            ps
            for ps in self.people.values()
            if ps.location == ev.location and ps.state == "ok" and not ps.walking
        ]
        route, avoided = self._evacuation_route(ev.location, ev.to)
        if not group or len(route) < 2:
            for ps in group:
                self._move(ps, ev.to)
                ps.state = "evacuated"
            self.log.append(
                self.now,
                "evacuated",
                actor=actor,
                step=step,
                location=ev.location,
                to=ev.to,
                people=sum(ps.person.count for ps in group),
            )
            return
        legs = [(b, self._walk_min(a, b)) for a, b in itertools.pairwise(route)]
        minutes = sum(m for _, m in legs)
        detour: dict[str, Any] = {"avoided": avoided} if avoided else {}
        self.log.append(
            self.now,
            "evacuation_started",
            actor=actor,
            step=step,
            location=ev.location,
            to=ev.to,
            people=sum(ps.person.count for ps in group),
            route=route,
            minutes=round(minutes, 3),
            **detour,
        )
        for ps in group:
            ps.walking = True
            ps.escaping = False
            self._breathe(ps)  # the air here is accounted for up to now, as it was breathed
            self._don(ps, "evacuation")
            self._move(ps, ps.location)  # what was breathed in the place ends here
            ps.indoor = False
            self._wake(ps)
        self.env.process(
            self._walk_out(group, legs, ev.location, ev.to, actor, step, minutes, detour)
        )

    def _walk_min(self, a: str, b: str) -> float:
        """Minutes on foot over one link: its travel time, or longer where the distance
        between the two places takes longer at walking pace."""
        link = self.travel.links[a][b]
        la, lb = self.scenario.location(a), self.scenario.location(b)
        if None in (la.x_m, la.y_m, lb.x_m, lb.y_m):
            return link
        assert la.x_m is not None and la.y_m is not None
        assert lb.x_m is not None and lb.y_m is not None
        metres = math.hypot(lb.x_m - la.x_m, lb.y_m - la.y_m)
        return max(link, metres / WALKING_SPEED_M_S / 60.0)

    def _evacuation_route(self, origin: str, to: str) -> tuple[list[str], list[str]]:
        """The way evacuees walk, and the places it goes round: the shortest route, unless
        it passes through a place that is a hot zone now (air at or above IDLH, inside a
        burning rupture's impact radius or its pain flux), when the shortest route round
        every such place is taken if there is one. An evacuation route keeps clear of the
        danger area (GB/T 29639-2020 asks the plan for its 疏散路线; the ERG's protective
        actions move people out of, never through, the hazard area); with no way round,
        the shortest route is walked and its air breathed."""
        route = self.travel.route(origin, to)
        now = self.now
        hot_zone = self.hazards.hot_zone
        if not any(hot_zone(p, now, indoor=False) for p in route[1:-1]):
            return route, []
        hot = {
            p for p in self.travel.links if p not in (origin, to) and hot_zone(p, now, indoor=False)
        }
        around = self.travel.route_avoiding(origin, to, hot)
        if not around:
            return route, []
        return around, sorted(p for p in route[1:-1] if p in hot)

    def _walk_out(
        self,
        group: list[PersonState],
        legs: list[tuple[str, float]],
        origin: str,
        to: str,
        actor: str,
        step: str | None,
        minutes: float,
        detour: dict[str, Any],
    ) -> Proc:
        """Along each link the walkers breathe the air of the place behind them for the
        first half of the way and of the place ahead for the second (trapezoid rule)."""
        for ahead, leg in legs:
            yield self.env.timeout(leg / 2.0)
            for ps in group:
                if ps.walking and ps.state == "ok":
                    self._move(ps, ahead)
                    ps.indoor = False
                    self._wake(ps)
                else:
                    ps.walking = False
            yield self.env.timeout(leg / 2.0)
        moved = 0
        for ps in group:
            if ps.walking and ps.state == "ok":
                self._move(ps, to)
                ps.indoor = None
                ps.state = "evacuated"
                moved += ps.person.count
                self._wake(ps)
            ps.walking = False
        self.log.append(
            self.now,
            "evacuated",
            actor=actor,
            step=step,
            location=origin,
            to=to,
            people=moved,
            minutes=round(minutes, 3),
            **detour,
        )
        self._touch(PERSON)

    def _shelter(self, effect: Effect, actor: str, step: str | None) -> None:
        """Shelter in place: people outdoors go in, and the place is closed up (doors,
        windows and vents shut), so its air changes only by infiltration from now, for
        those already indoors as well (US EPA and NOAA, *ALOHA Technical Documentation*,
        2013: indoor air by the single-zone infiltration model, REFERENCE D5)."""
        location = effect.shelter
        assert location is not None
        ach = self.hazards.close_up(location, self.now)
        sheltered = 0
        for ps in self.people.values():
            if ps.location == location and ps.state == "ok" and not ps.walking:
                if ps.indoor is not True:
                    self._move(ps, ps.location)
                    ps.indoor = True
                sheltered += ps.person.count
        self._air_changed()
        self.log.append(
            self.now,
            "sheltered",
            actor=actor,
            step=step,
            location=location,
            people=sheltered,
            air_changes_per_h=ach,
        )

    def _end_shelter(self, effect: Effect, actor: str, step: str | None) -> None:
        """The all-clear: the place is opened and aired at its normal rate, and those who
        had come in from the open go out again."""
        location = effect.end_shelter
        assert location is not None
        ach = self.hazards.open_up(location, self.now)
        outdoors = self.scenario.location(location).kind in ("outdoor", "offsite")
        people = 0
        for ps in self.people.values():
            if ps.location == location and ps.state == "ok" and ps.indoor is True:
                if outdoors:
                    self._move(ps, ps.location)
                    ps.indoor = None
                people += ps.person.count
        self._air_changed()
        self.log.append(
            self.now,
            "shelter_ended",
            actor=actor,
            step=step,
            location=location,
            people=people,
            air_changes_per_h=ach,
        )

    def _collapse(self, effect: Effect, actor: str) -> None:
        assert effect.collapse is not None
        ps = self.people[effect.collapse]
        if ps.standing:  # at work, or at the assembly point (a delayed effect of the gas)
            self._set_person(ps, "collapsed", cause=actor)


@functools.lru_cache(maxsize=4096)
def _harmless(bound_ppm: float, displaced_ppm: float, substance: str) -> bool:
    """Whether air never above ``bound_ppm`` of the gas (``displaced_ppm`` of all that
    displaces oxygen) reaches no collapse level, no oxygen impairment and nothing to
    escape from (the tests of ``_breathe``, at the bounds). Kept: a place's bounds are
    the same from run to run until its sources change."""
    gas = incapacitation(substance)
    o2 = oxygen_deficiency()
    idlh = idlh_ppm(substance)
    conc = np.array([bound_ppm])
    if gas is not None and any(lv.holds(conc)[0] for lv in gas.levels):
        return False
    if idlh is not None and bound_ppm >= idlh:
        return False
    displaced = np.array([displaced_ppm])
    oxygen = OXYGEN_NORMAL_PERCENT * (1.0 - np.clip(displaced, 0.0, 1e6) / 1e6)
    if oxygen[0] < max(o2.impaired_below_percent, o2.deficient_below_percent):
        return False
    return not any(lv.holds(oxygen)[0] for lv in o2.levels)


def _escape_seconds(dt_s: FloatArray, flux: FloatArray) -> FloatArray:
    """Seconds of each sample counted in the Eisenberg dose t q^(4/3): the worst ESCAPE_S
    seconds of the stay, since people escape or take cover (TNO Green Book). Once chosen,
    the window is the person's one escape: the part of the dose after the alarm is the
    part of this window after it, not a second window of its own."""
    order = np.argsort(-flux, kind="stable")
    kept = np.minimum(dt_s[order], np.maximum(ESCAPE_S - np.cumsum(dt_s[order]) + dt_s[order], 0))
    out = np.empty_like(kept)
    out[order] = kept
    return out
