"""Chain rescue by sight: anyone a person sees go down tempts them in, one after another,
with no list of whom to rescue; forbidding entry stops it as it stops a blind rescue
(Hendrickson et al. 2004; Key Largo 2017: three men into one manhole)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sim import EventLog, Loaded, load, simulate
from sim.scenario import Scenario

DATA = Path(__file__).resolve().parent.parent / "data"
QUICK = {"kind": "triangular", "low": 0.1, "mode": 0.2, "high": 0.5}


@pytest.fixture(scope="module")
def pit() -> Loaded:
    return load(DATA / "sewage-pit.yaml")


def onlookers(pit: Loaded, rescue: dict[str, Any], *, forbid_at_collapse: bool = False) -> Scenario:
    """Qian and Sun both stand at the manhole mouth; neither is told whom to rescue."""
    raw = pit.scenario.model_dump(mode="json", by_alias=True, exclude_none=True)
    for person in raw["people"]:
        if person["id"] in ("qian", "sun"):
            person["location"] = "sump_mouth"
            person["blind_rescue"] = {**rescue, "delay": QUICK}
    if forbid_at_collapse:
        raw["injects"][0]["effects"].append({"forbid_entry": "sump"})
    return Scenario.model_validate(raw)


def blind_entries(log: EventLog) -> list[tuple[str, str, bool]]:
    return [
        (e.actor or "", e.details["target"], e.details["prevented"])
        for e in log.events
        if e.kind == "entry" and e.details.get("blind_rescue")
    ]


def test_onlookers_who_see_into_the_pit_go_down_one_after_another(pit: Loaded) -> None:
    log = simulate(onlookers(pit, {"sees": ["sump"]}), pit.plan, 1)
    entries = blind_entries(log)
    assert {who for who, _, prevented in entries if not prevented} == {"qian", "sun"}
    assert all(target == "zhao" for who, target, _ in entries if who == "qian")
    for who in ("zhao", "qian", "sun"):
        assert log.first("person", actor=who, state="collapsed") is not None, who


def test_who_cannot_see_into_the_pit_is_not_tempted(pit: Loaded) -> None:
    log = simulate(onlookers(pit, {}), pit.plan, 1)
    assert blind_entries(log) == []
    assert log.first("person", actor="qian", state="collapsed") is None


def test_entry_forbidden_at_the_first_collapse_stops_the_chain(pit: Loaded) -> None:
    scenario = onlookers(pit, {"sees": ["sump"]}, forbid_at_collapse=True)
    log = simulate(scenario, pit.plan, 1)
    entries = blind_entries(log)
    assert entries and all(prevented for _, _, prevented in entries)
    assert log.first("person", actor="qian", state="collapsed") is None
    assert log.first("person", actor="sun", state="collapsed") is None
