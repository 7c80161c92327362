"""Potential impact radius of a gas pipeline: REFERENCE P1 (49 CFR 192.903)."""

from __future__ import annotations

import pytest

from sim.physics import potential_impact_radius_m


def test_30_inch_line_at_1000_psig_has_a_199_5_m_impact_radius_p1() -> None:
    radius_m = potential_impact_radius_m(30.0, 1000.0)
    assert radius_m == pytest.approx(199.5, rel=0.01)
    assert radius_m / 0.3048 == pytest.approx(654.6, rel=0.01)
