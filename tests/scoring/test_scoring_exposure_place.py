"""A finding about an exposed person names where they actually were: in the sump where
they went down, not the manhole mouth where they first smelt the exhaust."""

from __future__ import annotations

from pathlib import Path

from scoring.gaps import findings
from sim import load, simulate
from sim.scenario import Scenario
from tests.scoring import rule

DATA = Path(__file__).resolve().parent.parent / "data"


def test_the_exposed_would_be_rescuer_is_named_in_the_sump_not_at_its_mouth() -> None:
    pit = load(DATA / "sewage-pit.yaml")
    raw = pit.scenario.model_dump(mode="json", by_alias=True, exclude_none=True)
    for loc in raw["site"]["locations"]:
        # the mouth 3 m downwind of the sump's vent: Qian breathes a little there first
        if loc["id"] == "sump":
            loc.update(x_m=0.0, y_m=0.0)
        if loc["id"] == "sump_mouth":
            loc.update(x_m=0.0, y_m=3.0)
    scenario = Scenario.model_validate(raw)
    log = simulate(scenario, pit.plan, 1)
    first = log.first("exposure", actor="qian")
    assert first is not None and first.location == "sump_mouth"
    found = {
        f.data["who"]: f for f in rule(findings(log, scenario, pit.plan), "dynamic.person_exposed")
    }
    assert found["qian"].data["location"] == "sump"
    assert "集水池（池底）" in found["qian"].evidence.zh
    assert "集水池（池底）" in found["qian"].recommendation.zh
