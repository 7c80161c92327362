"""A toxic gas leaking into a room as part of a mixture (docs/REFERENCE.md D15, D6).

A 300 m3 room at 6 air changes per hour (Q = 0.5 m3/s) with 10 L/s of blast-furnace gas
(CO 0.2494 by volume, the typical composition of sim/physics/mixture.py): the whole gas
builds up to G/(Q+G) = 0.01/0.51 = 19,608 ppm, the CO to 0.2494 of it, 4,890 ppm, with
the time constant V/(Q+G) = 588 s of the whole gas; CO's IDLH (1200 ppm) is the whole gas
at 4,812 ppm, reached after -588 ln(1 - 4812/19608) = 165.6 s. Oxygen is displaced by all of it:
20.9 (1 - 0.019608) = 20.49 %, not the 20.80 % the CO alone would leave.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from scoring.zones import RoomLeakZones, threat_zones
from sim import InputError
from sim.hazards import HazardField
from sim.loader import load_scenario_only
from sim.physics.mixture import typical_fraction
from sim.physics.room import RoomState, room_concentration, room_time_to_reach
from sim.scenario import RoomLeak, Scenario
from tui.problems import problem_text
from tui.zone_text import zone_lines

BFG_CO = typical_fraction("blast_furnace_gas", "CO")
MIXTURE = "    mixture: {gas: blast_furnace_gas}\n"

SCENARIO = """\
id: room-bfg
name: 煤气加压机房高炉煤气泄漏
start: 2026-11-03T03:10:00+08:00
horizon_min: 60
scene: [fan_house]
weather: {{wind_speed_m_s: 2.0, wind_from_deg: 0, stability: D}}
site:
  locations:
    - id: fan_house
      name: 加压机房
      kind: room
      x_m: 0
      y_m: 0
      room: {{volume_m3: 300, air_changes_per_h: 6}}
    - {{id: control, name: 值班室, kind: building, x_m: 0, y_m: -120}}
    - {{id: yard, name: 空地, kind: outdoor, x_m: 100, y_m: 0}}
  travel:
    links:
      - {{between: [fan_house, control], minutes: 1.5}}
      - {{between: [control, yard], minutes: 1.0}}
hazards:
  - id: bfg_leak
    kind: room_leak
    name: 加压机轴封泄漏高炉煤气
    substance: CO
    location: fan_house
    leak_l_s: 10.0
{mixture}{extra}people:
  - {{id: op, name: 操作工, location: control}}
injects: []
"""


def _write(tmp_path: Path, mixture: str = MIXTURE, extra: str = "") -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "room-bfg.yaml"
    path.write_text(SCENARIO.format(mixture=mixture, extra=extra), encoding="utf-8")
    return path


def _scenario(tmp_path: Path, mixture: str = MIXTURE, extra: str = "") -> Scenario:
    scenario, _ = load_scenario_only(_write(tmp_path, mixture, extra))
    return scenario


def _field(scenario: Scenario) -> HazardField:
    field = HazardField.from_scenario(scenario)
    field.start("bfg_leak", 0.0)
    return field


def test_blast_furnace_gas_is_a_quarter_co() -> None:
    assert BFG_CO is not None
    assert abs(BFG_CO - 0.2494) < 5e-5


def test_a_room_of_blast_furnace_gas_holds_co_at_the_mixtures_share(tmp_path: Path) -> None:
    field = _field(_scenario(tmp_path))
    whole = 0.010 / 0.510 * 1e6
    assert whole == pytest.approx(19_608, abs=1)
    assert BFG_CO * whole == pytest.approx(4890, abs=1)
    tau = 300 / 0.510
    assert tau == pytest.approx(588.2, abs=0.1)
    # after an hour (6.1 time constants) the room is at 99.8 % of its steady state
    co = field.concentration_ppm("fan_house", 60.0)
    assert co == pytest.approx(BFG_CO * whole * (1 - math.exp(-3600 / tau)), rel=1e-9)
    # on the way up too: the CO is the same share of the gas at every moment
    at_tau = field.concentration_ppm("fan_house", tau / 60.0)
    assert at_tau == pytest.approx(BFG_CO * whole * (1 - math.exp(-1)), rel=1e-6)


def test_the_oxygen_in_the_room_is_displaced_by_all_of_the_gas(tmp_path: Path) -> None:
    field = _field(_scenario(tmp_path))
    whole = 0.010 / 0.510
    assert field.oxygen_percent("fan_house", 60.0) == pytest.approx(20.9 * (1 - whole), rel=1e-4)
    assert field.oxygen_percent("fan_house", 60.0) == pytest.approx(20.49, abs=0.005)
    times = np.array([1.0, 5.0, 20.0])
    co = field.concentration_series("fan_house", times)
    oxygen = field.oxygen_series("fan_house", times, gas_ppm=co)
    # what the CO alone would leave is more oxygen than the room holds
    assert np.all(oxygen < 20.9 * (1 - co / 1e6) - 1e-3)
    assert oxygen == pytest.approx(20.9 * (1 - co / BFG_CO / 1e6), rel=1e-9)


def test_pure_co_at_the_same_rate_is_four_times_the_co(tmp_path: Path) -> None:
    pure = _field(_scenario(tmp_path / "pure", mixture=""))
    mixed = _field(_scenario(tmp_path / "mixed"))
    ratio = mixed.concentration_ppm("fan_house", 30.0) / pure.concentration_ppm("fan_house", 30.0)
    assert ratio == pytest.approx(BFG_CO, rel=1e-9)
    # oxygen: the same gas volume displaces the same oxygen, whatever share of it is CO
    assert mixed.oxygen_percent("fan_house", 30.0) == pytest.approx(
        pure.oxygen_percent("fan_house", 30.0), rel=1e-12
    )


def test_idlh_is_reached_when_the_cos_share_reaches_it(tmp_path: Path) -> None:
    """CO's IDLH, 1200 ppm: the whole gas at 1200 / 0.2494 = 4812 ppm."""
    field = _field(_scenario(tmp_path))
    reached = field.time_reaching("fan_house", 1200.0, 0.0)
    state = RoomState(300, 6, 0.010)
    expected = room_time_to_reach(state, 1200.0 / BFG_CO)
    assert expected is not None and reached is not None
    assert reached == pytest.approx(expected / 60.0, rel=1e-9)
    assert reached * 60 == pytest.approx(165.6, abs=0.2)


def test_the_room_model_with_a_share_is_y_times_the_whole_gas() -> None:
    share = RoomState(300, 6, 0.010, substance_fraction=0.3)
    whole = RoomState(300, 6, 0.010)
    for t_s in (0.0, 60.0, 600.0, 6000.0):
        assert room_concentration(share, t_s) == pytest.approx(0.3 * room_concentration(whole, t_s))
    assert share.rate_per_s == whole.rate_per_s
    assert share.at(120.0).substance_fraction == 0.3


def test_gas_gathered_before_t0_came_as_the_mixture(tmp_path: Path) -> None:
    """initial_ppm is the CO a detector reads; the oxygen is short by all the gas."""
    field = HazardField.from_scenario(
        _scenario(tmp_path, extra="    initial_ppm: 2494\n    starts_at_min: 10\n")
    )
    assert field.concentration_ppm("fan_house", 0.0) == pytest.approx(2494)
    assert field.oxygen_percent("fan_house", 0.0) == pytest.approx(
        20.9 * (1 - 2494 / BFG_CO / 1e6), rel=1e-6
    )


def test_the_rooms_exhaust_carries_the_whole_gas_outdoors(tmp_path: Path) -> None:
    field = _field(_scenario(tmp_path))
    co = field.concentration_ppm("control", 60.0, indoor=False)
    displaced = field.displaced_ppm("control", 60.0, indoor=False)
    assert co > 0
    assert displaced == pytest.approx(co / BFG_CO, rel=1e-6)


def test_zones_give_the_co_share_and_name_the_mixture(tmp_path: Path) -> None:
    scenario = _scenario(tmp_path)
    zones = threat_zones(scenario)
    [room] = [h for h in zones.hazards if isinstance(h, RoomLeakZones)]
    assert room.steady_state_ppm == pytest.approx(4890, abs=1)
    assert room.substance_fraction == pytest.approx(BFG_CO)
    idlh = next(th for th in room.thresholds if th.label == "IDLH")
    assert idlh.time_s == pytest.approx(165.6, abs=0.2)
    zh = "\n".join(zone_lines(scenario, zones, "zh"))
    en = "\n".join(zone_lines(scenario, zones, "en"))
    assert "泄漏 高炉煤气（CO 体积分数 0.249） 10 L/s" in zh
    assert "稳态浓度 4,890 ppm" in zh
    assert "leak 10 L/s of blast-furnace gas (CO 0.249 by volume)" in en
    assert "all of the gas displaces oxygen" in en


@pytest.mark.parametrize(
    ("mixture", "extra", "english", "chinese"),
    [
        (
            "    mixture: {gas: coke_oven_gas, molecular_weight_g_mol: 10, "
            "heat_capacity_ratio: 1.4}\n",
            "",
            "a mixture is either a named 'gas'",
            "不能同时给出",
        ),
        (
            "    mixture: {molecular_weight_g_mol: 28.0, heat_capacity_ratio: 1.4}\n",
            "",
            "a mixture given by 'molecular_weight_g_mol' needs 'substance_fraction'",
            "需要 'substance_fraction'",
        ),
        (
            "    mixture: {gas: blast_furnace_gas}\n",
            "    initial_ppm: 300000\n",
            "expected 'initial_ppm' at most 249377 (the mixture's substance_fraction "
            "0.249377 of the pure gas), found 300000",
            "'initial_ppm' 应不超过 249377",
        ),
        (
            "    mixture: {gas: blast_furnace_gas}\n",
            "    initial_ppm: 20000\n    initial_oxygen_percent: 20.5\n",
            "'initial_oxygen_percent' 20.5 leaves room for at most 4773 ppm of gas",
            "气体至多 4773 ppm",
        ),
    ],
)
def test_a_wrong_room_mixture_is_refused_in_words(
    tmp_path: Path, mixture: str, extra: str, english: str, chinese: str
) -> None:
    with pytest.raises(InputError) as info:
        load_scenario_only(_write(tmp_path, mixture, extra))
    [problem] = info.value.problems
    assert "hazards[0]" in str(problem)
    assert english in str(problem)
    assert chinese in problem_text(problem, "zh")


def test_the_room_leaks_substance_fraction_defaults_to_the_pure_gas() -> None:
    leak = RoomLeak.model_validate(
        {
            "kind": "room_leak",
            "id": "h2s",
            "name": "硫化氢泄漏",
            "substance": "H2S",
            "location": "room",
            "leak_l_s": 1.0,
        }
    )
    assert leak.substance_fraction == 1.0
