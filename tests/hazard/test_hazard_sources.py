"""Sources with an end: a liquefied gas's container and a gas vessel that empty (D9, D10)."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from scoring.zones import GasReleaseZones, threat_zones
from sim.hazards import HazardField, source_term
from sim.scenario import GasRelease, Scenario
from tests.hazard import _scenario
from tui.hazard_cli import hazard


def container(**release: Any) -> Scenario:
    """A tonne of liquid chlorine leaking at the origin; a receptor 450 m downwind (3 m/s)."""
    locations = [
        {"id": "hole", "name": "氯瓶", "kind": "outdoor", "x_m": 0.0, "y_m": 0.0},
        {"id": "receptor", "name": "受体", "kind": "outdoor", "x_m": 450.0, "y_m": 0.0},
    ]
    leak = {
        "id": "leak",
        "kind": "gas_release",
        "name": "氯瓶阀门失效",
        "substance": "Cl2",
        "location": "hole",
        "phase": "liquid",
        "hole_mm": 10.0,
        "discharge_coefficient": 0.61,
        "inventory_kg": 1000.0,
        "height_m": 1.0,
        **release,
    }
    weather = {"wind_speed_m_s": 3.0, "wind_from_deg": 270.0, "stability": "D"}
    return _scenario(locations, [leak], weather)


def test_a_liquid_release_puts_its_airborne_part_into_the_plume() -> None:
    [leak] = container().hazards
    assert isinstance(leak, GasRelease)
    term = source_term(leak, 20.0)
    assert term.liquid_rate_kg_s == pytest.approx(1.924, rel=2e-3)
    assert term.initial_rate_kg_s == pytest.approx(0.693, rel=2e-3)
    assert term.empties_after_min == pytest.approx(520 / 60, rel=2e-3)


def test_the_cloud_ends_when_the_container_is_empty_plus_the_travel_time() -> None:
    field = HazardField.from_scenario(container())
    field.start("leak", 0.0)
    gone = 520 / 60 + 450 / 3 / 60
    assert field.concentration_ppm("receptor", gone - 0.1) > 10.0
    assert field.concentration_ppm("receptor", gone + 0.1) == 0.0


def test_a_reduced_release_lasts_longer_on_what_is_left() -> None:
    """Halving the rate at 4 min: the 1000 kg - 4 min of flow lasts twice as long."""
    field = HazardField.from_scenario(container())
    field.start("leak", 0.0)
    field.reduce("leak", 0.5, 4.0)
    empty = 4.0 + (520 / 60 - 4.0) * 2
    src = field.outdoors["leak"]
    assert src.changes[-1] == (pytest.approx(empty, rel=1e-3), 0.0)


def test_a_gas_vessel_blows_down_and_the_receptor_sees_the_fall() -> None:
    scenario = container(
        phase="gas",
        pressure_barg=6.0,
        inventory_kg=None,
        vessel_volume_m3=1.0,
        discharge_coefficient=1.0,
    )
    field = HazardField.from_scenario(scenario)
    field.start("leak", 0.0)
    arrive = 450 / 3 / 60
    early = field.concentration_ppm("receptor", arrive + 0.05)
    later = field.concentration_ppm("receptor", arrive + 101.4 / 60)
    # one time constant (101.4 s, D10) after the first 3 s: down to exp(-98.4 / 101.4),
    # within the half-step the rate is held for (tau / 40)
    assert later / early == pytest.approx(math.exp(-98.4 / 101.4), rel=0.03)
    assert field.concentration_ppm("receptor", arrive + 5.0) == 0.0


def test_threat_zones_report_the_liquid_source() -> None:
    zones = threat_zones(container()).hazards[0]
    assert isinstance(zones, GasReleaseZones)
    assert zones.phase == "liquid"
    assert zones.flash_fraction == pytest.approx(0.180, abs=1e-3)
    assert zones.mass_rate_kg_s == pytest.approx(0.693, rel=2e-3)
    assert zones.empties_after_min == pytest.approx(8.67, rel=2e-3)
    empty = threat_zones(container(), at_min=10.0).hazards[0]
    assert isinstance(empty, GasReleaseZones) and empty.plume is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"phase": "gas"}, "needs 'pressure_barg'"),
        ({"substance": "H2S"}, "expected a liquefied gas"),
        ({"vessel_volume_m3": 1.0}, "empties by 'inventory_kg'"),
    ],
)
def test_an_incomplete_source_is_refused_in_words(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        container(**change)


def test_hazard_liquefied_and_blowdown_commands() -> None:
    out = CliRunner().invoke(
        hazard, ["liquefied", "--gas", "Cl2", "--hole-mm", "10", "--inventory-kg", "1000", "--json"]
    )
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["liquid_rate_kg_s"] == pytest.approx(1.924, rel=2e-3)
    assert data["flash_fraction"] == pytest.approx(0.180, abs=1e-3)
    assert data["duration_s"] == pytest.approx(520, rel=2e-3)
    out = CliRunner().invoke(
        hazard,
        ["blowdown", "--gas", "Cl2", "--volume-m3", "1", "--hole-mm", "10", "--pressure-barg", "6"],
    )
    assert out.exit_code == 0, out.output
    assert "20.4 kg" in out.output
    bad = CliRunner().invoke(hazard, ["liquefied", "--gas", "H2S", "--hole-mm", "10"])
    assert bad.exit_code == 2 and "no liquid data" in bad.output
