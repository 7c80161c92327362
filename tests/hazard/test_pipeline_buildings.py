"""Pipeline fire: buildings the fire sets alight do not shelter their occupants, and the
zones at a minute use the run's feed, valve closures and wind.

The bundled pipeline: DN 610 at 6.3 MPa, 26 km between valves, burning at Wilson's
initial 6477 kg/s; 20 % of 50 MJ/kg radiated from a point source (Stephens 2000).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from scoring.zones import threat_zones
from sim import simulate
from sim.events import Event
from sim.hazards import BUILDING_IGNITION_FLUX_W_M2, HazardField
from sim.physics.thermal import distance_to_flux_m, point_source_flux_w_m2
from tests.conftest import PIPELINE, POISONING
from tui.cli import main


def test_the_ignition_flux_is_the_purple_books_35_kw_m2() -> None:
    assert BUILDING_IGNITION_FLUX_W_M2 == 35_000.0


def test_buildings_within_the_35_kw_m2_radius_of_the_first_moments_ignite(pipeline: Any) -> None:
    hf = HazardField.from_scenario(pipeline.scenario)
    pipe = hf.pipelines["eastern_line_rupture"]
    radius = distance_to_flux_m(
        flux_w_m2=BUILDING_IGNITION_FLUX_W_M2, mass_rate_kg_s=pipe.outflow.initial_rate_kg_s
    )
    assert radius == pytest.approx(383.8, abs=0.1)
    for loc in pipeline.scenario.site.locations:
        if loc.kind != "building" or loc.x_m is None:
            continue
        inside = hf.distance_m(pipe, loc.id) <= radius
        assert (hf.building_ignites_at(loc.id) is not None) == inside, loc.id
    assert hf.building_ignites_at("lijiazhuang") == 0.0  # 139 m from the break
    assert hf.building_ignites_at("school_assembly") is None  # 2.2 km away


def test_occupants_of_a_burning_building_feel_the_outdoor_flux(pipeline: Any) -> None:
    hf = HazardField.from_scenario(pipeline.scenario)
    t = np.array([0.0, 0.5, 5.0])
    indoor = hf.flux_series("lijiazhuang", t, indoor=True)
    outdoor = hf.flux_series("lijiazhuang", t, indoor=False)
    assert indoor == pytest.approx(outdoor)
    d = hf.distance_m(hf.pipelines["eastern_line_rupture"], "lijiazhuang")
    first = 6477.277 * point_source_flux_w_m2(distance_m=d, mass_rate_kg_s=1.0)
    assert indoor[0] == pytest.approx(first, rel=1e-4)
    assert first > 260_000  # 268 kW/m2 at 139 m
    assert hf.flux_series("school_assembly", t, indoor=True).max() == 0.0


def test_the_hamlets_residents_are_no_longer_counted_safe_indoors(pipeline: Any) -> None:
    """The issue's 40 villagers inside the impact radius: 0 expected deaths when indoors
    meant fully shielded. Their houses ignite at once: 20 s of escape through 268 kW/m2
    is lethal by Eisenberg's probit."""
    log = simulate(pipeline.scenario, pipeline.plan, 1)
    outcome = log.first("outcome", actor="lijiazhuang_residents")
    assert outcome is not None and outcome.details["path"] == "thermal"
    assert outcome.details["probability_of_death"] > 0.99


def test_zones_at_a_minute_burn_what_the_feed_keeps_supplying(pipeline: Any) -> None:
    """With the valves open the break burns the 50 kg/s throughput, not the decayed line
    pack alone: 5 kW/m2 reaches about 89 m at minute 30, as in the run."""
    zones = threat_zones(pipeline.scenario, at_min=30.0)
    pipe = zones.hazards[0]
    assert pipe.burning_rate_kg_s == pytest.approx(50.0, rel=0.02)
    five = next(z for z in pipe.thermal if z.flux_w_m2 == 5000.0)
    assert five.radius_m == pytest.approx(89.0, abs=1.0)
    hf = HazardField.from_scenario(pipeline.scenario)
    pipe_field = hf.pipelines["eastern_line_rupture"]
    rate = float(pipe_field.rate_series(np.array([30.0]))[0])
    assert pipe.burning_rate_kg_s == pytest.approx(rate, rel=1e-9)
    at_radius = rate * point_source_flux_w_m2(distance_m=five.radius_m, mass_rate_kg_s=1.0)
    assert at_radius == pytest.approx(5000.0, rel=1e-6)


def test_zones_at_a_minute_follow_the_runs_valve_closure(pipeline: Any) -> None:
    log = simulate(pipeline.scenario, pipeline.plan, 1)
    closed = log.first("release_stopped")
    assert closed is not None
    later = closed.t + 10.0
    open_zones = threat_zones(pipeline.scenario, at_min=later)
    run_zones = threat_zones(pipeline.scenario, at_min=later, history=list(log))
    assert run_zones.hazards[0].burning_rate_kg_s < 0.5 * open_zones.hazards[0].burning_rate_kg_s
    assert f"valves closed at minute {closed.t:g}" in run_zones.hazards[0].burning_rate_basis.en


def test_zones_at_a_minute_take_the_wind_blowing_then(pipeline: Any) -> None:
    shift = Event(0, 20.0, "weather", details={"from_deg": 180.0, "speed_m_s": 5.0})
    history = [Event(0, 0.0, "accident", actor="eastern_line_rupture"), shift]
    before = threat_zones(pipeline.scenario, at_min=10.0, history=history)
    after = threat_zones(pipeline.scenario, at_min=30.0, history=history)
    assert before.wind_from_deg == pipeline.scenario.weather.wind_from_deg
    assert (after.wind_from_deg, after.wind_speed_m_s) == (180.0, 5.0)
    assert math.isfinite(after.wind_speed_m_s)


def test_hazard_zones_reads_the_valve_closure_from_a_saved_run(tmp_path: Any) -> None:
    out = tmp_path / "run"
    ran = CliRunner().invoke(main, ["run", str(PIPELINE), "--seed", "1", "--out", str(out)])
    assert ran.exit_code == 0, ran.output
    args = ["hazard", "zones", str(PIPELINE), "--at-min", "90", "--json"]
    plain = CliRunner().invoke(main, args)
    from_run = CliRunner().invoke(main, [*args, "--run", str(out)])
    assert plain.exit_code == 0 and from_run.exit_code == 0, from_run.output
    assert "valves open" in plain.stdout and "valves closed at minute" in from_run.stdout
    other = CliRunner().invoke(
        main, ["hazard", "zones", str(POISONING), "--at-min", "5", "--run", str(out)]
    )
    assert other.exit_code == 2
    assert "应为情景“尾气发电机房硫化氢泄漏中毒窒息事故”的推演" in other.output
    other_en = CliRunner().invoke(
        main,
        ["hazard", "zones", str(POISONING), "--at-min", "5", "--run", str(out), "--lang", "en"],
    )
    assert "expected a run of scenario" in other_en.output
    bare = CliRunner().invoke(main, ["hazard", "zones", str(PIPELINE), "--run", str(out)])
    assert bare.exit_code == 2 and "--run 需同时给出 --at-min" in bare.output


def test_the_20_s_escape_is_counted_once_not_again_after_the_alarm(pipeline: Any) -> None:
    """The fire breaks out at T+0 and the alarm comes at T+1: the residents' one escape
    through the heat is over by then, so none of their burn dose is the response's."""
    log = simulate(pipeline.scenario, pipeline.plan, 1)
    heat = [
        e
        for e in log.of_kind("exposure")
        if e.actor == "lijiazhuang_residents" and e.details["substance"] == "thermal radiation"
    ]
    assert heat[0].details["thermal_dose"] > 1e8
    assert heat[0].details["thermal_dose_after_alarm"] == 0.0
