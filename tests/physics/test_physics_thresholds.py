"""Toxic thresholds exactly as REFERENCE.md "Toxic thresholds" (AEGL, ERPG, IDLH)."""

from __future__ import annotations

import importlib.resources

import pytest
import yaml

from sim.physics import (
    aegl_ppm,
    erpg_ppm,
    h2s_incapacitation,
    h2s_time_to_incapacitation_s,
    idlh_ppm,
    known_substances,
    substance_thresholds,
)

DURATIONS_MIN = (10, 30, 60, 240, 480)
REFERENCE_AEGL = {
    ("H2S", 1): (0.75, 0.60, 0.51, 0.36, 0.33),
    ("H2S", 2): (41, 32, 27, 20, 17),
    ("H2S", 3): (76, 59, 50, 37, 31),
    ("Cl2", 1): (0.5, 0.5, 0.5, 0.5, 0.5),
    ("Cl2", 2): (2.8, 2.8, 2.0, 1.0, 0.71),
    ("Cl2", 3): (50, 28, 20, 10, 7.1),
    ("NH3", 1): (30, 30, 30, 30, 30),
    ("NH3", 2): (220, 220, 160, 110, 110),
    ("NH3", 3): (2700, 1600, 1100, 550, 390),
    ("CO", 2): (420, 150, 83, 33, 27),
    ("CO", 3): (1700, 600, 330, 150, 130),
}
REFERENCE_ERPG = {"H2S": (0.1, 30, 100), "Cl2": (1, 3, 20), "NH3": (25, 150, 750)}
REFERENCE_IDLH = {"H2S": 100, "Cl2": 10, "NH3": 300, "CO": 1200}


@pytest.mark.parametrize(("key", "values"), REFERENCE_AEGL.items())
def test_aegl_values_are_the_reference_table(key: tuple[str, int], values: tuple[float]) -> None:
    substance, level = key
    for duration, expected in zip(DURATIONS_MIN, values, strict=True):
        assert aegl_ppm(substance, level, duration) == expected  # type: ignore[arg-type]


def test_co_has_no_aegl_1_and_no_erpg() -> None:
    assert aegl_ppm("CO", 1, 60) is None
    assert erpg_ppm("CO", 2) is None


@pytest.mark.parametrize(("substance", "values"), REFERENCE_ERPG.items())
def test_erpg_values_are_the_reference_table(substance: str, values: tuple[float]) -> None:
    assert tuple(erpg_ppm(substance, level) for level in (1, 2, 3)) == values


@pytest.mark.parametrize(("substance", "value"), REFERENCE_IDLH.items())
def test_idlh_values_are_the_reference_table(substance: str, value: float) -> None:
    assert idlh_ppm(substance) == value


def test_intermediate_durations_use_the_next_longer_tabulated_aegl() -> None:
    assert aegl_ppm("H2S", 2, 15) == 32  # 30-min value
    assert aegl_ppm("H2S", 2, 5) == 41  # anything up to 10 min: 10-min value
    assert aegl_ppm("H2S", 2, 60) == 27  # exactly on a tabulated duration
    assert aegl_ppm("H2S", 2, 61) == 20  # just over 1 h: the 4-h value
    assert aegl_ppm("H2S", 2, 600) == 17  # beyond 8 h: the 8-h value


def test_substances_are_found_by_formula_name_or_cas() -> None:
    assert known_substances() == ("H2S", "Cl2", "NH3", "CO")
    assert substance_thresholds("chlorine").key == "Cl2"
    assert substance_thresholds("7664-41-7").key == "NH3"
    assert substance_thresholds("h2s").name == "hydrogen sulfide"
    with pytest.raises(KeyError, match="H2S"):
        substance_thresholds("benzene")


def test_thresholds_name_their_sources() -> None:
    sources = substance_thresholds("H2S").sources
    assert "EPA" in sources["aegl"] and "AIHA" in sources["erpg"] and "NIOSH" in sources["idlh"]


def test_data_file_is_package_data() -> None:
    text = (importlib.resources.files("sim") / "data" / "thresholds.yaml").read_text("utf-8")
    assert set(yaml.safe_load(text)["substances"]) == {"H2S", "Cl2", "NH3", "CO"}


def test_h2s_knocks_down_at_700_ppm_and_collapses_at_500_ppm_within_5_min() -> None:
    levels = h2s_incapacitation()
    assert (levels.collapse_ppm, levels.knockdown_ppm) == (500.0, 700.0)
    assert "OSHA" in levels.source
    assert h2s_time_to_incapacitation_s(1000.0) == levels.knockdown_within_s
    assert h2s_time_to_incapacitation_s(600.0) == 300.0
    assert h2s_time_to_incapacitation_s(100.0) is None
