"""Evacuees go round a danger area when there is a way round (GB/T 29639-2020: the plan's
疏散路线; people are moved out of, never through, the hazard area), and walk through it,
breathing its air, only when there is none."""

from __future__ import annotations

import shutil
from pathlib import Path

from scoring.names import Names
from scoring.timeline import describe
from sim import Loaded, load
from sim.engine import Engine
from sim.events import EventLog
from sim.streams import Streams
from sim.travel import TravelTable

DATA = Path(__file__).parent.parent / "data"
# a corridor past the dosing room is the short way from the pool hall to the square
SHORTCUT = (
    "      - {between: [pool_hall, dosing_room], minutes: 0.2}\n"
    "      - {between: [dosing_room, square], minutes: 0.2}\n"
)


def _pool(tmp_path: Path, *, lobby_exit: bool = True) -> EventLog:
    return _loaded_run(tmp_path, lobby_exit)[1]


def _loaded_run(tmp_path: Path, lobby_exit: bool = True) -> tuple[Loaded, EventLog]:
    text = (DATA / "pool-chlorine.yaml").read_text(encoding="utf-8")
    links = "    links:\n"
    text = text.replace(links, links + SHORTCUT, 1)
    if not lobby_exit:
        text = text.replace("      - {between: [lobby, square], minutes: 0.5}\n", "")
    (tmp_path / "pool-chlorine.yaml").write_text(text, encoding="utf-8")
    shutil.copy(DATA / "pool-chlorine-plan.yaml", tmp_path)
    pool = load(tmp_path / "pool-chlorine.yaml")
    return pool, Engine(pool.scenario, pool.plan, Streams(0, 1), ()).run()


def _walk(log: EventLog) -> dict[str, object]:
    return next(e.details for e in log if e.kind == "evacuation_started")


def _swimmers_above_idlh(log: EventLog) -> float:
    exposure = [e for e in log if e.kind == "exposure" and e.actor == "swimmers"]
    return float(exposure[0].details["above_idlh_min"]) if exposure else 0.0


def test_evacuees_go_round_the_gassed_room_when_there_is_a_way_round(tmp_path: Path) -> None:
    log = _pool(tmp_path)
    walk = _walk(log)
    assert walk["route"] == ["pool_hall", "lobby", "square"]
    assert walk["avoided"] == ["dosing_room"]
    assert _swimmers_above_idlh(log) == 0.0


def test_the_timeline_says_which_way_they_went(tmp_path: Path) -> None:
    pool, log = _loaded_run(tmp_path)
    arrived = next(e for e in log if e.kind == "evacuated")
    zh = describe(arrived, Names.of(pool.scenario, pool.plan, "zh"))
    en = describe(arrived, Names.of(pool.scenario, pool.plan, "en"))
    assert zh == "游泳大厅 疏散 85 人（绕行，避开加氯间）"
    assert en.endswith("evacuated from 游泳大厅, going round 加氯间")


def test_with_no_way_round_they_walk_through_and_breathe_it(tmp_path: Path) -> None:
    log = _pool(tmp_path, lobby_exit=False)
    walk = _walk(log)
    assert walk["route"] == ["pool_hall", "dosing_room", "square"]
    assert "avoided" not in walk
    assert _swimmers_above_idlh(log) > 0.0


def test_the_way_round_is_the_shortest_that_avoids_every_place_given() -> None:
    site = load(DATA / "pool-chlorine.yaml").scenario.site
    table = TravelTable.from_site(site)
    assert table.route_avoiding("pool_hall", "square", set()) == table.route("pool_hall", "square")
    assert table.route_avoiding("dosing_room", "square", {"pool_hall"}) == []
    assert table.route_avoiding("pump_room", "lobby", {"pool_hall"}) == []
    assert table.route_avoiding("lobby", "lobby", {"lobby"}) == ["lobby"]
