"""Threat zones of an outdoor gas release (tests/data/chlorine.yaml), checked against the engine.

Cl2 escapes through a 25 mm hole at 6 barg, 2 m up; the wind blows from the west
at 3 m/s, class D. east_fence lies 300 m and village_square / village_houses 800 m
straight downwind, control_room 200 m upwind.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon

from scoring.zonemap import threat_zone_figure
from scoring.zones import RECEPTOR_HEIGHT_M, GasReleaseZones, Plume, PlumeZone, threat_zones
from sim.hazards import HazardField
from sim.loader import load_scenario_only
from sim.physics.plume import centreline_distance_to_concentration_m, ppm_to_kg_m3
from sim.physics.source import gas_properties, hole_release
from sim.scenario import GasRelease, Scenario
from tui.hazard_cli import hazard

CHLORINE = Path(__file__).resolve().parents[1] / "data" / "chlorine.yaml"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
DOWNWIND = ("east_fence", "village_square", "village_houses")


def _scenario() -> Scenario:
    scenario, _ = load_scenario_only(CHLORINE)
    return scenario


def _release(scenario: Scenario) -> GasRelease:
    release = scenario.hazards[0]
    assert isinstance(release, GasRelease)
    return release


def _zones(scenario: Scenario | None = None, **kwargs: Any) -> GasReleaseZones:
    zones = threat_zones(scenario or _scenario(), **kwargs).hazards[0]
    assert isinstance(zones, GasReleaseZones)
    return zones


def _plume(zones: GasReleaseZones) -> Plume:
    assert zones.plume is not None
    return zones.plume


def _zone(zones: GasReleaseZones, label: str) -> PlumeZone:
    return next(z for z in _plume(zones).zones if z.label == label)


def _engine_ppm(scenario: Scenario) -> dict[str, float]:
    """Outdoor concentration the drill engine gives at every located site location."""
    field = HazardField.from_scenario(scenario)
    field.start("cl2_leak", 0.0)
    return {
        loc.id: field.concentration_ppm(loc.id, 10.0, indoor=False)
        for loc in scenario.site.locations
        if loc.x_m is not None and loc.id != "tank_farm"
    }


def test_the_mass_rate_is_the_engines_hole_release() -> None:
    scenario = _scenario()
    release = _release(scenario)
    gas = gas_properties("Cl2")
    expected = hole_release(
        hole_diameter_m=0.025,
        pressure_pa_abs=6 * 1e5 + 101_325.0,
        temperature_k=release.temperature_c + 273.15,
        molecular_weight_g_mol=gas.molecular_weight_g_mol,
        heat_capacity_ratio=gas.heat_capacity_ratio,
        discharge_coefficient=0.62,
    )
    zones = _zones(scenario)
    assert zones.kind == "gas_release"
    assert (zones.substance, zones.hole_mm, zones.pressure_barg) == ("Cl2", 25.0, 6.0)
    assert zones.mass_rate_kg_s == pytest.approx(expected.mass_rate_kg_s, rel=1e-12)
    assert zones.choked is expected.choked is True
    assert zones.pressure_ratio > zones.critical_pressure_ratio
    plume = _plume(zones)
    assert plume.rate_kg_s == zones.mass_rate_kg_s
    assert (plume.source_x_m, plume.source_y_m) == (0.0, 0.0)
    assert zones.release_height_m == plume.release_height_m == 2.0
    assert plume.receptor_height_m == RECEPTOR_HEIGHT_M == 1.5


@pytest.mark.parametrize(("label", "ppm"), [("IDLH", 10.0), ("AEGL-2 (60 min)", 2.0)])
def test_zone_distances_are_the_centreline_reach_at_the_release_height(
    label: str, ppm: float
) -> None:
    scenario = _scenario()
    zones = _zones(scenario)
    zone = _zone(zones, label)
    assert zone.threshold_ppm == ppm
    reach = centreline_distance_to_concentration_m(
        threshold_kg_m3=ppm_to_kg_m3(ppm, 70.90, scenario.weather.temperature_c + 273.15),
        rate_kg_s=zones.mass_rate_kg_s,
        wind_speed_m_s=3.0,
        stability="D",
        release_height_m=2.0,
        receptor_height_m=1.5,
        coefficients="pasquill-gifford",
    )
    assert reach is not None and math.isfinite(reach)
    assert zone.distance_m == pytest.approx(reach, rel=1e-9)


def test_engine_and_zones_agree_on_the_outdoor_concentrations() -> None:
    scenario = _scenario()
    plume = _plume(_zones(scenario))
    engine = _engine_ppm(scenario)
    assert all(engine[i] > 1.0 for i in DOWNWIND)
    assert engine["control_room"] == 0.0  # upwind
    for loc_id, ppm in engine.items():
        loc = scenario.location(loc_id)
        mine = float(plume.concentration_ppm(np.array([loc.x_m]), np.array([loc.y_m]))[0])
        assert mine == pytest.approx(ppm, rel=0.01, abs=1e-12), loc_id


def test_the_locations_inside_each_zone_are_those_the_engine_puts_above_it() -> None:
    scenario = _scenario()
    zones = _zones(scenario)
    engine = _engine_ppm(scenario)
    for zone in _plume(zones).zones:
        inside = {p.id for p in zone.inside}
        assert inside == {i for i, ppm in engine.items() if ppm >= zone.threshold_ppm}, zone.label
        for p in zone.inside:
            assert p.concentration_ppm == pytest.approx(engine[p.id], rel=0.01)
    # the known answers: the fence in every zone, the village under IDLH and AEGL-2 but
    # just short of AEGL-3 (reach 779 m < 800 m), the control room upwind in none
    assert {p.id for p in _zone(zones, "IDLH").inside} == set(DOWNWIND)
    assert {p.id for p in _zone(zones, "AEGL-2 (60 min)").inside} == set(DOWNWIND)
    aegl3 = _zone(zones, "AEGL-3 (60 min)")
    assert {p.id for p in aegl3.inside} == {"east_fence"}
    assert aegl3.distance_m is not None and 300.0 < aegl3.distance_m < 800.0
    fence = next(p for p in aegl3.inside if p.id == "east_fence")
    assert fence.downwind_m == pytest.approx(300.0)
    assert fence.crosswind_m == pytest.approx(0.0, abs=1e-9)


def test_the_scenarios_dispersion_set_is_the_default_and_an_argument_overrides_it() -> None:
    base = _scenario()
    briggs = base.model_copy(
        update={"weather": base.weather.model_copy(update={"dispersion": "briggs-rural"})}
    )
    default = threat_zones(briggs)
    assert default.coefficients == "briggs-rural"
    assert _plume(_zones(briggs)).coefficients == "briggs-rural"
    pg = _zones(base)
    assert _zone(_zones(briggs), "IDLH").distance_m != pytest.approx(_zone(pg, "IDLH").distance_m)
    forced = threat_zones(briggs, coefficients="pasquill-gifford")
    assert forced.coefficients == "pasquill-gifford"
    assert _zone(_zones(briggs, coefficients="pasquill-gifford"), "IDLH").distance_m == (
        _zone(pg, "IDLH").distance_m
    )
    # and the engine follows the same set: the briggs-rural zones match it too
    engine = _engine_ppm(briggs)
    for zone in _plume(_zones(briggs)).zones:
        assert {p.id for p in zone.inside} == {
            i for i, c in engine.items() if c >= zone.threshold_ppm
        }


def test_before_the_release_starts_there_is_no_plume() -> None:
    base = _scenario()
    late = base.model_copy(
        update={"hazards": [_release(base).model_copy(update={"starts_at_min": 10.0})]}
    )
    before = _zones(late, at_min=5.0)
    assert before.plume is None
    assert any("starts at minute 10" in a for a in (n.en for n in before.assumptions))
    after = _zones(late, at_min=15.0)
    assert _plume(after).rate_kg_s == after.mass_rate_kg_s


def test_chlorine_assumptions_warn_that_the_gas_is_dense() -> None:
    zones = _zones()
    assert any("dense" in a and "Cl2" in a for a in (n.en for n in zones.assumptions))
    assert any("receptors at 1.5 m" in a for a in (n.en for n in zones.assumptions))


def test_to_dict_has_the_gas_release_as_strict_json() -> None:
    data = threat_zones(_scenario()).to_dict()
    back = json.loads(json.dumps(data, allow_nan=False))
    entry = back["hazards"][0]
    assert entry["kind"] == "gas_release"
    assert entry["choked"] is True
    assert isinstance(entry["mass_rate_kg_s"], float)
    assert entry["plume"]["release_height_m"] == 2.0
    labels = [z["label"] for z in entry["plume"]["zones"]]
    assert "IDLH" in labels and "AEGL-2 (60 min)" in labels


# --- the command ---------------------------------------------------------------------


def _run(*args: str) -> Any:
    return CliRunner().invoke(hazard, ["zones", str(CHLORINE), *args])


def test_cli_json_has_the_gas_release_entry() -> None:
    result = _run("--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    entry = data["hazards"][0]
    assert entry["kind"] == "gas_release"
    assert entry["hazard_id"] == "cl2_leak"
    assert entry["mass_rate_kg_s"] == pytest.approx(_zones().mass_rate_kg_s)
    assert data["coefficients"] == "pasquill-gifford"
    idlh = next(z for z in entry["plume"]["zones"] if z["label"] == "IDLH")
    assert {p["id"] for p in idlh["inside"]} == set(DOWNWIND)


def test_cli_sigma_overrides_the_scenarios_set() -> None:
    result = _run("--json", "--sigma", "briggs-urban")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["coefficients"] == "briggs-urban"
    assert data["hazards"][0]["plume"]["coefficients"] == "briggs-urban"


def test_cli_text_in_both_languages() -> None:
    zh = _run()
    en = _run("--lang", "en")
    assert zh.exit_code == en.exit_code == 0, zh.output + en.output
    assert "室外泄漏：Cl2，孔径 25 mm，表压 6 bar" in zh.stdout
    assert "泄漏速率 0.7794 kg/s" in zh.stdout and "临界流" in zh.stdout
    assert "IDLH ≥ 10 ppm：下风向 1.18 km" in zh.stdout
    assert "Gas release: Cl2 through a 25 mm hole at 6 barg" in en.stdout
    assert "mass rate 0.7794 kg/s" in en.stdout and "choked: P/Pa" in en.stdout
    idlh = next(line for line in en.stdout.splitlines() if line.strip().startswith("IDLH"))
    assert "1.18 km downwind" in idlh and "东侧围墙" in idlh and "村口广场" in idlh
    aegl3 = next(line for line in en.stdout.splitlines() if "AEGL-3" in line)
    assert "东侧围墙" in aegl3 and "村口广场" not in aegl3


def test_cli_plot_writes_a_png(tmp_path: Path) -> None:
    png = tmp_path / "chlorine.png"
    result = _run("--plot", str(png), "--dpi", "60")
    assert result.exit_code == 0, result.output
    data = png.read_bytes()
    assert data[:8] == PNG_MAGIC and len(data) > 10_000


# --- the map -------------------------------------------------------------------------


def test_the_map_draws_the_plume_footprints_and_the_release_point() -> None:
    scenario = _scenario()
    zones = threat_zones(scenario)
    fig = threat_zone_figure(scenario, zones, lang="en")
    release = zones.hazards[0]
    assert isinstance(release, GasReleaseZones) and release.plume is not None
    polygons = {p.get_gid() for ax in fig.axes for p in ax.patches if isinstance(p, Polygon)}
    for zone in release.plume.zones:
        assert f"zone-cl2_leak-{zone.label}" in polygons
    star = next(line for line in fig.axes[0].lines if line.get_gid() == "source-cl2_leak")
    assert isinstance(star, Line2D)
    xy = np.asarray(star.get_xydata(), dtype=float)
    assert xy.tolist() == [[0.0, 0.0]]
    texts = [t.get_text() for t in fig.legends[0].get_texts()]
    assert any(t.startswith("IDLH ≥10 ppm: 1.18 km") for t in texts)
    assert "source" in texts
    assert "Cl2 from a hole" in fig.legends[0].get_title().get_text()
