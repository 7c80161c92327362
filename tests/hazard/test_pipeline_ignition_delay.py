"""A pipeline whose gas ignites minutes after the break (ignition_delay_min).

Third-party damage, an excavator tearing a buried main, is the commonest cause of
town-gas accidents; the gas often finds a spark (the machine's engine, a passing car)
only minutes later, or never. Until it ignites nothing burns; the fire then burns what
the line gives off by then, which for a short low-pressure street main is the feed of
the network around it, not the line pack of the first seconds.

A DN300 medium-pressure main (325 mm, 0.4 MPa, 1.2 km between street valves, fed
2.5 kg/s from both sides of the ring): Wilson's outflow starts at 144 kg/s with a time
constant of 2 s, so by minute 3 only the feed burns. 20 % of 50 MJ/kg radiated from a
point source (Stephens 2000): 2.5 kg/s gives 10.1 kW/m2 at 14 m, under the 35 kW/m2
at which the Purple Book (CPR 18E) sets a building alight; 144 kg/s is far above it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from scoring.zones import threat_zones
from sim import simulate
from sim.hazards import BUILDING_IGNITION_FLUX_W_M2, HazardField
from sim.physics.thermal import point_source_flux_w_m2
from sim.scenario import Scenario
from tests.conftest import PIPELINE
from tui.cli import main


def street_main(pipeline: Any, delay: float) -> Scenario:
    """The bundled scenario's rupture made a city-gas main, with a restaurant 14 m from
    the break (Lijiazhuang's houses moved there)."""
    scenario: Scenario = pipeline.scenario
    hazard = scenario.hazards[0].model_copy(
        update={
            "diameter_mm": 325.0,
            "pressure_mpa": 0.4,
            "segment_length_km": 1.2,
            "supply_kg_s": 2.5,
            "ignition_delay_min": delay,
        }
    )
    locations = [
        loc.model_copy(update={"x_m": 0.0, "y_m": 14.0}) if loc.id == "lijiazhuang" else loc
        for loc in scenario.site.locations
    ]
    site = scenario.site.model_copy(update={"locations": locations})
    return scenario.model_copy(update={"hazards": [hazard], "site": site})


def test_nothing_burns_before_the_gas_ignites_and_the_feed_burns_after(pipeline: Any) -> None:
    hf = HazardField.from_scenario(street_main(pipeline, 3.0))
    t = np.array([0.0, 1.0, 2.99, 3.0, 10.0])
    flux = hf.flux_series("lijiazhuang", t, indoor=False)
    assert flux[:3].max() == 0.0
    feed = 2.5 * point_source_flux_w_m2(distance_m=14.0, mass_rate_kg_s=1.0)
    assert flux[3] == pytest.approx(feed, rel=1e-3) and flux[4] == pytest.approx(feed, rel=1e-3)
    assert feed == pytest.approx(10_150, rel=1e-3)
    assert not hf.in_zone("eastern_line_rupture", "lijiazhuang", 2.0)
    assert hf.in_zone("eastern_line_rupture", "lijiazhuang", 3.0)
    assert hf.zone_start("eastern_line_rupture") == 3.0


def test_a_building_is_set_alight_by_the_fire_as_it_is_when_the_gas_ignites(
    pipeline: Any,
) -> None:
    at_once = HazardField.from_scenario(street_main(pipeline, 0.0))
    assert at_once.building_ignites_at("lijiazhuang") == 0.0  # 144 kg/s at the break
    later = HazardField.from_scenario(street_main(pipeline, 3.0))
    assert feed_flux_below_ignition()
    assert later.building_ignites_at("lijiazhuang") is None
    # indoors, its occupants are shielded from the fire that burns the feed
    assert later.flux_series("lijiazhuang", np.array([5.0]), indoor=True)[0] == 0.0


def feed_flux_below_ignition() -> bool:
    return 2.5 * point_source_flux_w_m2(distance_m=14.0, mass_rate_kg_s=1.0) < (
        BUILDING_IGNITION_FLUX_W_M2
    )


def test_a_level_triggered_by_the_fire_zone_waits_for_the_ignition(pipeline: Any) -> None:
    hazard = pipeline.scenario.hazards[0].model_copy(update={"ignition_delay_min": 20.0})
    scenario = pipeline.scenario.model_copy(update={"hazards": [hazard]})
    log = simulate(scenario, pipeline.plan, 1)
    held = log.first("trigger_held", level="level_i")
    assert held is not None and held.t >= 20.0
    inject = log.first("inject", inject="hamlet_in_radius")
    assert inject is not None and inject.t == pytest.approx(20.0)


def test_the_zones_before_and_after_the_ignition(pipeline: Any) -> None:
    scenario = street_main(pipeline, 3.0)
    [before] = threat_zones(scenario, at_min=2.0).hazards
    assert before.burning_rate_kg_s == 0.0 and "尚未着火" in before.burning_rate_basis.zh
    [static] = threat_zones(scenario).hazards
    assert static.burning_rate_kg_s == pytest.approx(2.5, rel=1e-3)
    assert "被引燃" in static.burning_rate_basis.zh


def test_a_delay_without_ignition_is_refused_with_file_line_and_field(tmp_path: Path) -> None:
    text = PIPELINE.read_text(encoding="utf-8").replace(
        "    ignited: true\n", "    ignited: false\n    ignition_delay_min: 5\n"
    )
    path = tmp_path / "pipeline.yaml"
    path.write_text(text, encoding="utf-8")
    for name in ("pipeline-plan.yaml",):
        (tmp_path / name).write_text(
            (PIPELINE.parent / name).read_text(encoding="utf-8"), encoding="utf-8"
        )
    result = CliRunner().invoke(main, ["validate", str(path), "--lang", "en"])
    assert result.exit_code == 1
    out = result.output + result.stderr
    assert "pipeline.yaml:" in out and "hazards[0]" in out and "ignited: true" in out
    assert "Traceback" not in out
