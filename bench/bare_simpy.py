"""A bare SimPy model of the bundled poisoning scenario, written by hand as a consultant would.

It is the yardstick of ``bench/replications.py``: what the same night costs without
drillsim's generality. Crews are stores of members, equipment filter stores of units,
the generator room is the closed-form well-mixed room (REFERENCE D6), the reporting
chain is three delayed messages; the mini fire station and the security team hear of
the alarm by radio from the control room, the duty officer and the principal by the
reporting chain, and nobody acts before being told; the rescue pair carries the
casualties out one a trip, and the crews giving first aid stay with them until they are
taken over. There is no event log, only the key times.

Its numbers are typed in from ``scenarios/poisoning.yaml`` and its plan, as a hand
model's would be, and it draws from numpy generators: by default one stream per
named source, seeded as drillsim seeds them (``SeedSequence([rep, sha256(name), root])``),
so replication ``rep`` sees the same draws and the key times can be compared seed by
seed; ``one_stream=True`` draws everything from one generator, as most hand models do.

Run: ``python bench/bare_simpy.py [-n 500]`` prints the key-time medians of both models
over ``n`` seeds and their largest difference (the check that the yardstick is fair).
"""

from __future__ import annotations

import argparse
import hashlib
import heapq
import itertools
import math
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any

import numpy as np
import simpy

Proc = Generator[simpy.Event, Any, Any]

LINKS = {
    ("generator_room", "generator_room_door"): 0.3,
    ("generator_room_door", "safe_area"): 0.8,
    ("generator_room_door", "oxidation_workshop"): 1.5,
    ("generator_room_door", "mini_fire_station"): 2.2,
    ("generator_room_door", "central_control_room"): 2.5,
    ("central_control_room", "mini_fire_station"): 1.5,
    ("central_control_room", "plant_gate"): 2.5,
    ("oxidation_workshop", "assembly_point"): 3.0,
    ("plant_gate", "assembly_point"): 0.5,
    ("plant_gate", "office_building"): 1.0,
    ("plant_gate", "safe_area"): 3.0,
    ("plant_gate", "ems_station"): 14.0,
    ("ems_station", "county_hospital"): 9.0,
    ("plant_gate", "fire_station"): 7.0,
    ("plant_gate", "city_rescue_base"): 32.0,
    ("plant_gate", "county_bureau"): 28.0,
}
SCENE = ("generator_room", "generator_room_door")

# the generator room: 600 m3, 6 air changes/h, 2 L/s of H2S from T+0
VOLUME_M3 = 600.0
FRESH_M3_S = 6 * VOLUME_M3 / 3600.0
LEAK_M3_S = 0.002
KNOCKDOWN = ((500.0, 300.0), (700.0, 10.0))  # (ppm, seconds there): OSHA H2S fact sheet
ALARM_MIN = 5.0
SCBA_FAILS = 0.02


def _shortest() -> dict[str, dict[str, float]]:
    graph: dict[str, list[tuple[str, float]]] = {}
    for (a, b), minutes in LINKS.items():
        graph.setdefault(a, []).append((b, minutes))
        graph.setdefault(b, []).append((a, minutes))
    table: dict[str, dict[str, float]] = {}
    for source in graph:
        dist = {source: 0.0}
        queue = [(0.0, source)]
        while queue:
            d, node = heapq.heappop(queue)
            if d > dist[node]:
                continue
            for nxt, w in graph[node]:
                if d + w < dist.get(nxt, math.inf):
                    dist[nxt] = d + w
                    heapq.heappush(queue, (d + w, nxt))
        table[source] = dist
    return table


MINUTES = _shortest()


@dataclass(eq=False)
class Unit:
    kind: str
    resource: str
    index: int
    location: str
    fails: float = 0.0


@dataclass(eq=False)
class Member:
    index: int
    location: str


class Room:
    """Closed-form room air, segment by segment: C = Css + (C0 - Css) exp(-k t)."""

    def __init__(self) -> None:
        self.segments = [(0.0, 0.0, FRESH_M3_S, LEAK_M3_S)]  # (t0 s, c0 ppm, Q, G)

    def ppm(self, t_s: float) -> float:
        t0, c0, q, g = self.segments[-1]
        css = g / (q + g) * 1e6
        return css + (c0 - css) * math.exp(-(q + g) / VOLUME_M3 * (t_s - t0))

    def change(self, t_min: float, fresh: float | None = None, leak: float | None = None) -> None:
        _, _, q, g = self.segments[-1]
        t_s = t_min * 60.0
        self.segments.append(
            (t_s, self.ppm(t_s), q if fresh is None else fresh, g if leak is None else leak)
        )

    def reaching(self, ppm: float) -> float:
        """Minutes at which the rising first segment reaches ``ppm``."""
        css = LEAK_M3_S / (FRESH_M3_S + LEAK_M3_S) * 1e6
        return -math.log(1 - ppm / css) / ((FRESH_M3_S + LEAK_M3_S) / VOLUME_M3) / 60.0

    def falling_to(self, ppm: float) -> float:
        """Minutes at which the last segment (leak stopped) is down to ``ppm``."""
        t0, c0, q, _ = self.segments[-1]
        if c0 <= ppm:
            return t0 / 60.0
        return (t0 + math.log(c0 / ppm) / (q / VOLUME_M3)) / 60.0


def _seeded(root: int, rep: int) -> Callable[[str], np.random.Generator]:
    cache: dict[str, np.random.Generator] = {}

    def stream(name: str) -> np.random.Generator:
        gen = cache.get(name)
        if gen is None:
            h = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "little")
            gen = cache[name] = np.random.default_rng(np.random.SeedSequence([rep, h, root]))
        return gen

    return stream


class Night:
    def __init__(self, seed: int, root: int = 0, one_stream: bool = False) -> None:
        self.env = simpy.Environment()
        if one_stream:
            rng = np.random.default_rng([root, seed])
            self.rng: Callable[[str], np.random.Generator] = lambda _name: rng
        else:
            self.rng = _seeded(root, seed)
        env = self.env
        self.t: dict[str, float] = {}
        self.room = Room()
        self.crews = {
            team: simpy.PriorityStore(env)
            for team in (
                "shift_leaders",
                "control_operators",
                "mini_fire_team",
                "security",
                "duty_managers",
                "management",
                "ems_crew",
                "city_rescue_team",
            )
        }
        # the control room hears Li's radio call itself; the others are told (radio_told)
        for team, base, size in (
            ("shift_leaders", "central_control_room", 1),
            ("control_operators", "central_control_room", 3),
        ):
            self.on_duty(team, base, size)
        self.kit = simpy.FilterStore(env)
        for kind, res, n, where, fails in (
            ("scba", "scba_mfs", 4, "mini_fire_station", SCBA_FAILS),
            ("scba", "scba_ccr", 2, "central_control_room", SCBA_FAILS),
            ("gas_detector", "gas_detector", 3, "central_control_room", 0.0),
            ("oxygen_kit", "oxygen_kit", 1, "mini_fire_station", 0.0),
            ("stretcher", "stretcher", 2, "mini_fire_station", 0.0),
        ):
            for i in range(n):
                self.kit.put(Unit(kind, res, i, where, fails))
        self.done = {s: env.event() for s in STEPS}
        self.alarm = env.event()
        self.forbidden = env.event()
        self.rank = 0
        self.notified: set[str] = set()
        self.li_down = env.event()
        self.collapsed = ["wang"]
        self.care_taken_over = env.event()

    # --- helpers ---------------------------------------------------------------
    def on_duty(self, team: str, base: str, size: int) -> None:
        for i in range(size):
            self.crews[team].put(simpy.PriorityItem(i, Member(i, base)))

    def radio_told(self) -> Proc:
        """The shift leader radios the mini fire station, then the security team."""
        yield self.alarm
        yield self.env.timeout(self.tri("delays/alert:radio_mini_fire_station", 0.3, 0.5, 1.0))
        self.on_duty("mini_fire_team", "mini_fire_station", 4)
        yield self.env.timeout(self.tri("delays/alert:radio_security", 0.2, 0.5, 1.0))
        self.on_duty("security", "plant_gate", 2)

    def report_told(self) -> Proc:
        """The duty officer hears of it by the shift leader's report."""
        yield self.reports["to_duty_officer"]
        self.on_duty("duty_managers", "office_building", 1)

    def travel(self, a: str, b: str, stream: str) -> float:
        base = 0.0 if a == b else MINUTES[a][b]
        return base * float(self.rng(stream).triangular(0.9, 1.0, 1.4)) if base else 0.0

    def tri(self, stream: str, low: float, mode: float, high: float) -> float:
        return float(self.rng(stream).triangular(low, mode, high))

    def pick(self, kind: str, origin: str) -> Generator[simpy.Event, Any, Unit]:
        """The nearest working unit (lowest number among equals); a unit failing its pre-use
        check is taken out for the night."""
        while True:
            spare = [u for u in self.kit.items if u.kind == kind]
            best = min(spare, key=lambda u: (MINUTES[origin].get(u.location, math.inf), u.index))
            unit: Unit = yield self.kit.get(lambda u, best=best: u is best)
            if unit.fails:
                check = self.rng(f"failures/unit:{unit.resource}#{unit.index}")
                if check.random() < unit.fails:
                    continue
            return unit

    def step(
        self,
        name: str,
        team: str,
        crew: int,
        kit: tuple[str, ...],
        where: str,
        duration: Callable[[], float],
        wait: list[simpy.Event],
    ) -> Proc:
        yield self.alarm
        if wait:
            yield self.env.all_of(wait)
        members: list[Member] = []
        for _ in range(crew):
            got = yield self.crews[team].get()
            members.append(got.item)
        origin = members[0].location
        units: list[Unit] = []
        for k in kit:
            units.append((yield from self.pick(k, origin)))
        route = [origin]
        for u in units:
            if u.location not in (route[-1], where):
                route.append(u.location)
        if route[-1] != where:
            route.append(where)
        stream = f"travel/team:{team}/step:{name}"
        minutes = sum(self.travel(a, b, stream) for a, b in itertools.pairwise(route))
        if minutes > 0:
            yield self.env.timeout(minutes)
        if where in SCENE:
            self.t.setdefault("first_arrival", self.env.now)
        self.t[f"working:{name}"] = self.env.now
        if name == "first_aid":
            self.care_taken_over.succeed()
        yield self.env.timeout(duration())
        if name == "scba_rescue":
            where = yield from self.carry_out(team)
        self.t[f"done:{name}"] = self.env.now
        EFFECTS.get(name, lambda _m: None)(self)
        for u in units:
            u.location = where
            self.kit.put(u)
        self.done[name].succeed()
        # a crew giving first aid stays with its casualties until others take them over
        if name in HOLDS:
            yield HOLDS[name](self)
        for m in members:
            m.location = where
            self.crews[team].put(simpy.PriorityItem(m.index, m))
        if name == "hand_over_ems":
            yield self.env.timeout(
                self.travel("safe_area", "county_hospital", "travel/team:ems_crew/hospital")
            )
            for who in self.rescued:
                self.t[f"hospital:{who}"] = self.env.now

    def carry_out(self, team: str) -> Generator[simpy.Event, Any, str]:
        """One bearer pair, on the stretcher: a casualty a trip to the safe area, walking
        back for the next."""
        stream = f"travel/team:{team}/carry:scba_rescue"
        lying = list(self.collapsed)
        self.rescued: list[str] = []
        at = "generator_room"
        while lying:
            if at != "generator_room":
                yield self.env.timeout(self.travel(at, "generator_room", stream))
                at = "generator_room"
            who = lying.pop(0)
            yield self.env.timeout(self.travel("generator_room", "safe_area", stream))
            at = "safe_area"
            self.t[f"extracted:{who}"] = self.env.now
            self.rescued.append(who)
        for who in self.rescued:
            self.t[f"first_aid:{who}"] = self.env.now
        return at

    def notify(self, org: str) -> None:
        if org in self.notified:
            return
        self.notified.add(org)
        if org in OUTSIDE:
            self.env.process(self.outside(org, *OUTSIDE[org]))

    def outside(
        self, org: str, alert: tuple[float, float, float], team: str, size: int, base: str, to: str
    ) -> Proc:
        yield self.env.timeout(self.tri(f"delays/org:{org}", *alert))
        mobilise = MOBILISE[team]
        yield self.env.timeout(
            mobilise if isinstance(mobilise, float) else self.tri(f"delays/team:{team}", *mobilise)
        )
        yield self.env.timeout(self.travel(base, to, f"travel/team:{team}"))
        if team in self.crews:
            for i in range(size):
                self.crews[team].put(simpy.PriorityItem(i, Member(i, to)))

    def declare(self, level: str, rank: int, notifies: tuple[str, ...]) -> None:
        if self.rank >= rank:
            return
        self.rank = rank
        self.t[f"level:{level}"] = self.env.now
        for org in notifies:
            self.notify(org)
        if rank >= 2 and not self.level_ii.triggered:
            self.level_ii.succeed()

    def level(
        self,
        name: str,
        rank: int,
        trigger: Callable[[], simpy.Event],
        delay: tuple[float, float, float],
        notifies: tuple[str, ...] = (),
        told: Callable[[], simpy.Event] | None = None,
    ) -> Proc:
        yield self.alarm
        yield trigger()
        if self.rank >= rank:
            return
        if told is not None:  # who declares it must have heard of the alarm
            yield told()
        if self.rank >= rank:
            return
        yield self.env.timeout(self.tri(f"delays/level:{name}", *delay))
        self.declare(name, rank, notifies)

    def report(self, name: str, after: simpy.Event, delay: tuple[float, float, float]) -> Proc:
        yield after
        yield self.env.timeout(self.tri(f"delays/report:{name}", *delay))
        self.t[f"report:{name}"] = self.env.now
        self.reports[name].succeed()

    # --- the night ---------------------------------------------------------------
    def run(self) -> dict[str, float]:
        env = self.env
        wang_down = min(self.room.reaching(ppm) + s / 60.0 for ppm, s in KNOCKDOWN)
        self.t["collapsed:wang"] = wang_down
        self.level_ii = env.event()
        self.reports = {r: env.event() for r in ("to_duty_officer", "to_unit_head", "to_county")}
        env.process(self.li())
        env.process(self.raise_alarm())
        env.process(self.call_in())
        env.process(self.radio_told())
        env.process(self.report_told())
        p = STEP_PLAN
        for name in sorted(p, key=lambda s: p[s][0]):
            _, team, crew, kit, where, dist, after = p[name]
            wait = [self.done[a] for a in after]
            if name == "request_city_rescue":
                wait.append(self.level_ii)
            if name == "verify_atmosphere":
                wait.append(env.process(self.clean_air()))
            env.process(self.step(name, team, crew, kit, where, self.duration(name, dist), wait))
        env.process(self.level("level_iii", 1, lambda: self.alarm, (0.5, 1.0, 2.0)))
        env.process(
            self.level(
                "level_ii",
                2,
                lambda: self.alarm,
                (2, 3, 6),
                ("ems120",),
                told=lambda: self.reports["to_duty_officer"],
            )
        )
        env.process(
            self.level(
                "level_i",
                3,
                lambda: env.any_of([self.li_down, env.timeout(max(30.0 - env.now, 0.0))]),
                (2, 4, 8),
                ("city_rescue", "fire119", "county_bureau"),
                told=lambda: self.reports["to_unit_head"],
            )
        )
        env.process(self.report("to_duty_officer", self.alarm, (0.5, 1.0, 3.0)))
        env.process(self.report("to_unit_head", self.reports["to_duty_officer"], (1, 3, 6)))
        env.process(self.report("to_county", self.reports["to_unit_head"], (10, 20, 45)))
        env.run(until=env.any_of([self.done["terminate"], env.timeout(240.0)]))
        return self.t

    def duration(self, name: str, dist: tuple[Any, ...]) -> Callable[[], float]:
        rng = self.rng
        if dist[0] == "pert":
            _, low, mode, high = dist
            a = 1 + 4 * (mode - low) / (high - low)
            b = 1 + 4 * (high - mode) / (high - low)
            return lambda: low + (high - low) * float(rng(f"durations/step:{name}").beta(a, b))
        return lambda: self.tri(f"durations/step:{name}", *dist[1:])

    def raise_alarm(self) -> Proc:
        yield self.env.timeout(ALARM_MIN)
        self.t["alarm"] = self.env.now
        self.alarm.succeed()

    def call_in(self) -> Proc:
        yield self.reports["to_unit_head"]  # the principal hears of it by the duty officer
        yield self.env.timeout(self.tri("delays/team:management", 25, 35, 50))
        self.crews["management"].put(simpy.PriorityItem(0, Member(0, "office_building")))

    def li(self) -> Proc:
        """Li goes in after Wang unprotected unless entry is forbidden by then."""
        yield self.env.timeout(ALARM_MIN)
        yield self.env.timeout(self.tri("delays/person:li", 0.1, 0.3, 1.0))
        if self.forbidden.triggered:
            return
        yield self.env.timeout(MINUTES["generator_room_door"]["generator_room"])
        entered = self.env.now * 60.0
        down = min(max(entered, self.room.reaching(ppm) * 60.0) + s for ppm, s in KNOCKDOWN)
        yield self.env.timeout(down / 60.0 - self.env.now)
        self.t["collapsed:li"] = self.env.now
        self.collapsed.append("li")
        self.li_down.succeed()

    def clean_air(self) -> Proc:
        yield self.done["ventilate"]
        below = self.room.falling_to(7.0)
        if below > self.env.now:
            yield self.env.timeout(below - self.env.now)


def _forbid(n: Night) -> None:
    n.forbidden.succeed()


def _notify_ems(n: Night) -> None:
    n.notify("ems120")


def _rescue(n: Night) -> None:
    for who in n.rescued:
        n.t[f"reached:{who}"] = n.t["working:scba_rescue"]


def _stop(n: Night) -> None:
    n.t["release_stopped"] = n.env.now
    n.room.change(n.env.now, leak=0.0)


def _fans(n: Night) -> None:
    n.room.change(n.env.now, fresh=2 * FRESH_M3_S)


def _hand_over(n: Night) -> None:
    for who in n.rescued:
        n.t[f"handed:{who}"] = n.env.now


def _city(n: Night) -> None:
    n.notify("city_rescue")


def _headcount(n: Night) -> None:
    n.t["evacuation_complete"] = n.env.now


def _terminate(n: Night) -> None:
    n.t["response_terminated"] = n.env.now


EFFECTS: dict[str, Callable[[Night], None]] = {
    "forbid_blind_rescue": _forbid,
    "call_120": _notify_ems,
    "scba_rescue": _rescue,
    "isolate_leak": _stop,
    "ventilate": _fans,
    "hand_over_ems": _hand_over,
    "request_city_rescue": _city,
    "headcount": _headcount,
    "terminate": _terminate,
}
HOLDS: dict[str, Callable[[Night], simpy.Event]] = {
    "scba_rescue": lambda n: n.care_taken_over,
    "first_aid": lambda n: n.done["hand_over_ems"],
}
TRI = "triangular"
STEP_PLAN: dict[str, tuple[Any, ...]] = {
    # name: (claim priority, team, crew, kit, location, duration, after)
    "forbid_blind_rescue": (
        3,
        "shift_leaders",
        1,
        (),
        "central_control_room",
        (TRI, 0.1, 0.2, 0.5),
        (),
    ),
    "call_120": (
        3,
        "shift_leaders",
        1,
        (),
        "central_control_room",
        (TRI, 0.5, 1.0, 2.0),
        ("forbid_blind_rescue",),
    ),
    "scba_rescue": (
        1,
        "mini_fire_team",
        2,
        ("scba", "scba", "stretcher"),
        "generator_room",
        ("pert", 2, 3, 6),
        (),
    ),
    "isolate_leak": (
        2,
        "control_operators",
        2,
        ("scba", "scba", "gas_detector"),
        "generator_room",
        (TRI, 2, 4, 8),
        (),
    ),
    "ventilate": (
        3,
        "control_operators",
        1,
        (),
        "generator_room_door",
        (TRI, 1, 2, 4),
        ("isolate_leak",),
    ),
    "cordon": (3, "security", 1, ("gas_detector",), "generator_room_door", (TRI, 2, 3, 5), ()),
    "evacuate_workshop": (3, "security", 1, (), "oxidation_workshop", (TRI, 3, 5, 8), ()),
    "headcount": (
        3,
        "security",
        1,
        (),
        "assembly_point",
        (TRI, 2, 3, 5),
        ("evacuate_workshop",),
    ),
    "first_aid": (
        3,
        "mini_fire_team",
        2,
        ("oxygen_kit",),
        "safe_area",
        (TRI, 3, 6, 10),
        ("scba_rescue",),
    ),
    "request_city_rescue": (3, "duty_managers", 1, (), "office_building", (TRI, 1, 2, 3), ()),
    "hand_over_ems": (3, "ems_crew", 2, (), "safe_area", (TRI, 2, 4, 6), ("first_aid",)),
    "verify_atmosphere": (
        3,
        "city_rescue_team",
        2,
        ("gas_detector",),
        "generator_room",
        (TRI, 5, 8, 12),
        ("ventilate",),
    ),
    "terminate": (
        3,
        "management",
        1,
        (),
        "central_control_room",
        (TRI, 3, 5, 10),
        ("hand_over_ems", "verify_atmosphere", "headcount"),
    ),
}
STEPS = tuple(STEP_PLAN)
# org: (notification delay, team, size, base, muster)
OUTSIDE: dict[str, tuple[Any, ...]] = {
    "ems120": ((0.5, 1.0, 2.0), "ems_crew", 3, "ems_station", "safe_area"),
    "fire119": ((0.5, 1.0, 1.5), "fire_crew", 6, "fire_station", "generator_room_door"),
    "city_rescue": ((2, 4, 8), "city_rescue_team", 8, "city_rescue_base", "generator_room_door"),
}
MOBILISE: dict[str, Any] = {
    "ems_crew": (1, 2, 3),
    "fire_crew": 1.0,
    "city_rescue_team": (3, 5, 8),
}

KEYS = {
    "alarm": "alarm",
    "unit_head_informed:unit_head": "report:to_unit_head",
    "authority_informed:county_bureau": "report:to_county",
    "level_declared:level_iii": "level:level_iii",
    "level_declared:level_ii": "level:level_ii",
    "level_declared:level_i": "level:level_i",
    "first_arrival": "first_arrival",
    "release_stopped:h2s_leak": "release_stopped",
    "casualty_collapsed:wang": "collapsed:wang",
    "casualty_collapsed:li": "collapsed:li",
    "casualty_reached:wang": "reached:wang",
    "casualty_reached:li": "reached:li",
    "casualty_extracted:wang": "extracted:wang",
    "casualty_extracted:li": "extracted:li",
    "casualty_first_aid:wang": "first_aid:wang",
    "casualty_first_aid:li": "first_aid:li",
    "casualty_handed_to_ems:wang": "handed:wang",
    "casualty_handed_to_ems:li": "handed:li",
    "casualty_at_hospital:wang": "hospital:wang",
    "casualty_at_hospital:li": "hospital:li",
    "evacuation_complete": "evacuation_complete",
    "response_terminated": "response_terminated",
}
"""drillsim's key times (``key:subject``) and the bare model's names for them."""


def bare_key_times(seed: int, root: int = 0, one_stream: bool = False) -> dict[str, float]:
    """Key times (minutes) of one replication of the bare model, by drillsim's key names."""
    t = Night(seed, root, one_stream).run()
    return {key: t[name] for key, name in KEYS.items() if name in t}


def drillsim_key_times(seed: int, root: int = 0) -> dict[str, float]:
    """Key times (minutes) of drillsim's replication ``seed`` of the bundled scenario."""
    from pathlib import Path

    import scenarios
    from scoring import key_times
    from sim import load, simulate
    from sim.streams import Streams

    loaded = _loaded(Path(scenarios.__file__).parent / "poisoning.yaml", load)
    log = simulate(loaded.scenario, loaded.plan, Streams(root, seed))
    out: dict[str, float] = {}
    for k in key_times(log, loaded.scenario, loaded.plan):
        if k.t is not None:
            out[k.key if k.subject is None else f"{k.key}:{k.subject}"] = k.t
    return out


_LOADED: dict[str, Any] = {}


def _loaded(path: Any, load: Callable[[Any], Any]) -> Any:
    if str(path) not in _LOADED:
        _LOADED[str(path)] = load(path)
    return _LOADED[str(path)]


def medians(rows: list[dict[str, float]]) -> dict[str, tuple[float, int]]:
    """Median of each key time over the replications where it happened, and their count."""
    keys = sorted({k for r in rows for k in r})
    return {
        k: (float(np.median([r[k] for r in rows if k in r])), sum(k in r for r in rows))
        for k in keys
    }


def compare(n: int, root: int = 0) -> list[tuple[str, float | None, float | None, int, int]]:
    """(key, drillsim median, bare median, drillsim count, bare count) over ``n`` seeds."""
    ours = medians([drillsim_key_times(s, root) for s in range(n)])
    bare = medians([bare_key_times(s, root) for s in range(n)])
    out = []
    for key in KEYS:
        a, na = ours.get(key, (None, 0))
        b, nb = bare.get(key, (None, 0))
        out.append((key, a, b, na, nb))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=500, help="seeds")
    args = parser.parse_args()
    worst = 0.0
    for key, a, b, na, nb in compare(args.n):
        diff = None if a is None or b is None else abs(a - b)
        worst = max(worst, diff or 0.0)
        print(
            f"{key:32} drillsim {a if a is None else round(a, 3)!s:>8} ({na:>3})  "
            f"bare {b if b is None else round(b, 3)!s:>8} ({nb:>3})"
            + ("" if diff is None else f"  |diff| {diff:.3f} min")
        )
    print(f"largest median difference over {args.n} seeds: {worst:.3f} min (check: <= 0.2)")


if __name__ == "__main__":
    main()
