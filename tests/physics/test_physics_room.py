"""Leak into a well-mixed room: REFERENCE D6 (room.py)."""

from __future__ import annotations

import pytest

from sim.physics import RoomState, room_time_to_reach, volumetric_to_mass_rate_kg_s


def d6_room() -> RoomState:
    return RoomState(volume_m3=300.0, air_changes_per_h=6.0, leak_m3_s=1.0e-3)


def test_one_litre_per_second_of_h2s_settles_near_1996_ppm_d6() -> None:
    assert d6_room().steady_state_ppm == pytest.approx(1996.0, rel=0.01)


def test_h2s_reaches_idlh_100_ppm_after_30_8_s_d6() -> None:
    t = room_time_to_reach(d6_room(), 100.0)
    assert t is not None
    assert t == pytest.approx(30.8, rel=0.01)


def test_d6_leak_is_1_4_g_s_of_h2s() -> None:
    assert volumetric_to_mass_rate_kg_s(1.0, 34.08) == pytest.approx(1.393e-3, rel=1e-3)
