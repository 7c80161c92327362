"""Tests of the hazard calculator, threat zones and map; small scenarios built in code."""

from __future__ import annotations

from typing import Any

from sim.scenario import Scenario

PSI_PER_MPA = 145.0377377


def _scenario(
    locations: list[dict[str, Any]],
    hazards: list[dict[str, Any]],
    weather: dict[str, Any],
) -> Scenario:
    ids = [loc["id"] for loc in locations]
    return Scenario.model_validate(
        {
            "id": "synthetic",
            "name": "合成场景",
            "name_en": "Synthetic scenario",
            "start": "2026-01-01T08:00:00+08:00",
            "weather": weather,
            "site": {
                "locations": locations,
                "travel": {"links": [{"between": [ids[0], ids[1]], "minutes": 1.0}]},
            },
            "scene": [ids[0]],
            "hazards": hazards,
        }
    )


def pipeline_scenario(*, ignited: bool = True) -> Scenario:
    """REFERENCE P1: a 30 in (762 mm) line at 1000 psig; PIR 199.5 m.

    A hamlet 150 m north (inside), a farm 250 m east (outside), a school 3 km away.
    """
    return _scenario(
        locations=[
            {
                "id": "rupture",
                "name": "断裂点",
                "name_en": "Rupture",
                "kind": "outdoor",
                "x_m": 0.0,
                "y_m": 0.0,
            },
            {
                "id": "hamlet",
                "name": "村庄",
                "name_en": "Hamlet",
                "kind": "building",
                "x_m": 0.0,
                "y_m": 150.0,
            },
            {
                "id": "farm",
                "name": "农场",
                "name_en": "Farm",
                "kind": "building",
                "x_m": 250.0,
                "y_m": 0.0,
            },
            {
                "id": "school",
                "name": "学校",
                "name_en": "School",
                "kind": "building",
                "x_m": -2400.0,
                "y_m": -1800.0,
            },
            {"id": "hospital", "name": "医院", "name_en": "Hospital", "kind": "offsite"},
        ],
        hazards=[
            {
                "id": "rupture_fire",
                "kind": "pipeline_rupture",
                "name": "管道断裂着火",
                "name_en": "Pipeline rupture and fire",
                "location": "rupture",
                "diameter_mm": 30 * 25.4,
                "pressure_mpa": 1000.0 / PSI_PER_MPA,
                "segment_length_km": 20.0,
                "ignited": ignited,
            }
        ],
        weather={"wind_speed_m_s": 3.0, "wind_from_deg": 270.0, "stability": "D"},
    )


def room_scenario(*, wind_from_deg: float = 90.0, wind_speed_m_s: float = 2.0) -> Scenario:
    """REFERENCE D6: 300 m3, 6 air changes/h, 1 L/s of H2S (1996 ppm, IDLH at 30.8 s).

    An east wind carries the exhaust west: a hut 300 m west sits in the plume, an
    office 300 m east upwind of it.
    """
    return _scenario(
        locations=[
            {
                "id": "pump_room",
                "name": "泵房",
                "name_en": "Pump room",
                "kind": "room",
                "x_m": 0.0,
                "y_m": 0.0,
                "room": {"volume_m3": 300.0, "air_changes_per_h": 6.0},
            },
            {
                "id": "hut",
                "name": "值班室",
                "name_en": "Guard hut",
                "kind": "building",
                "x_m": -300.0,
                "y_m": 0.0,
            },
            {
                "id": "office",
                "name": "办公楼",
                "name_en": "Office",
                "kind": "building",
                "x_m": 300.0,
                "y_m": 0.0,
            },
        ],
        hazards=[
            {
                "id": "h2s",
                "kind": "room_leak",
                "name": "硫化氢泄漏",
                "name_en": "H2S leak",
                "substance": "H2S",
                "location": "pump_room",
                "leak_l_s": 1.0,
            }
        ],
        weather={
            "wind_speed_m_s": wind_speed_m_s,
            "wind_from_deg": wind_from_deg,
            "stability": "D",
            "temperature_c": 25.0,
        },
    )
