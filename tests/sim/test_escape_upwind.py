"""An escaping person heads out of the gas's reach when they can (the ERG's protective
action: out of the hazard area, upwind or crosswind), not into a place downwind that is
merely still clean when they get there.

The road tanker (tests/data/nh3-tanker.yaml): six villagers in a maize field 190 m
downwind smell the ammonia at T+1:20. The village's east end is 2 minutes' walk further
downwind, the junction upwind of the tanker 3 minutes back along the field track.
"""

from __future__ import annotations

from pathlib import Path

from sim import load
from sim.engine import Engine
from sim.hazards import HazardField
from sim.physics.thresholds import idlh_ppm
from sim.streams import Streams

DATA = Path(__file__).parent.parent / "data"


def test_field_workers_escape_upwind_not_into_the_village_downwind() -> None:
    tanker = load(DATA / "nh3-tanker.yaml")
    field = HazardField.from_scenario(tanker.scenario)
    for h in tanker.scenario.hazards:
        field.start(h.id, h.starts_at_min)
    idlh = idlh_ppm("NH3")
    assert idlh is not None
    # the premise: the village's east end is in the ammonia's reach, the junction is not
    assert field.ppm_bound("village_east") >= idlh > field.ppm_bound("upwind_junction")
    for seed in (1, 2, 3):
        log = Engine(tanker.scenario, tanker.plan, Streams(0, seed), ()).run()
        escape = next(e for e in log if e.kind == "escape" and e.actor == "field_workers")
        assert escape.details["to"] == "upwind_junction"
        escaped = next(e for e in log if e.kind == "escaped" and e.actor == "field_workers")
        assert escaped.location == "upwind_junction"
