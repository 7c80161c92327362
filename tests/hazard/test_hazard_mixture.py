"""A toxic gas escaping in a mixture (docs/REFERENCE.md D15): blast-furnace gas, sour gas.

tests/data/steelworks-bfg.yaml is tests/data/steelworks-co.yaml with the drainer leaking
blast-furnace gas (about a quarter CO) instead of pure CO: 60 mm hole, 0.15 barg, 2 m up,
wind 2.5 m/s from the north, class E; the TRT control room 60 m and the pump house 150 m
downwind (south).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from scoring.zones import GasReleaseZones, threat_zones
from sim import InputError, load
from sim.hazards import DEFICIENT_PPM, HazardField, source_term
from sim.loader import load_scenario_only
from sim.physics.jet import jet_ppm
from sim.physics.mixture import named_release_gas
from sim.physics.source import ATM_PA, R_J_MOL_K, hole_release
from sim.scenario import GasRelease, Scenario
from tui.problems import problem_text

DATA = Path(__file__).resolve().parents[1] / "data"
BFG = DATA / "steelworks-bfg.yaml"
MIXTURE_LINE = "    mixture: {gas: blast_furnace_gas}\n"


def _scenario(mixture: str = MIXTURE_LINE, tmp_path: Path | None = None) -> Scenario:
    if tmp_path is None and mixture == MIXTURE_LINE:
        scenario, _ = load_scenario_only(BFG)
        return scenario
    assert tmp_path is not None
    tmp_path.mkdir(parents=True, exist_ok=True)
    text = BFG.read_text(encoding="utf-8")
    assert MIXTURE_LINE in text
    path = tmp_path / "steelworks-bfg.yaml"
    path.write_text(text.replace(MIXTURE_LINE, mixture), encoding="utf-8")
    (tmp_path / "steelworks-bfg-plan.yaml").write_text(
        (DATA / "steelworks-bfg-plan.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    scenario, _ = load_scenario_only(path)
    return scenario


def _release(scenario: Scenario) -> GasRelease:
    release = scenario.hazards[0]
    assert isinstance(release, GasRelease)
    return release


def _field(scenario: Scenario) -> HazardField:
    field = HazardField.from_scenario(scenario)
    field.start("bfg_leak", 0.0)
    return field


def _outdoor_ppm(scenario: Scenario, location: str, t_min: float = 10.0) -> float:
    return _field(scenario).concentration_ppm(location, t_min, indoor=False)


# --- the mixture's gas data and the source term ------------------------------------


def test_sour_gas_choked_flow_is_the_ccps_orifice_equation_of_the_mixture() -> None:
    """D15 worked example in the D3 form: 10 mm, 4 barg, 25 C, Cd 0.85.

    m = Cd A P sqrt(k M / (R T) (2 / (k + 1)) ** ((k + 1) / (k - 1))), choked since
    P/Pa = 4.95 > ((k + 1) / 2) ** (k / (k - 1)) = 1.839; the H2S is w = 0.1910 of it.
    """
    k, molar = 1.3109717868338562, 17.844e-3
    p, t, area = 4e5 + ATM_PA, 298.15, math.pi / 4 * 0.010**2
    assert ((k + 1) / 2) ** (k / (k - 1)) == pytest.approx(1.839, abs=5e-4)
    exponent = (k + 1) / (k - 1)
    assert exponent == pytest.approx(7.4315, abs=5e-5)
    hand = 0.85 * area * p * math.sqrt(k * molar / (R_J_MOL_K * t) * (2 / (k + 1)) ** exponent)
    assert hand == pytest.approx(0.06009, abs=5e-5)

    release = GasRelease.model_validate(
        {
            "kind": "gas_release",
            "id": "sour",
            "name": "含硫天然气井口泄漏",
            "substance": "H2S",
            "location": "wellhead",
            "hole_mm": 10.0,
            "pressure_barg": 4.0,
            "temperature_c": 25.0,
            "discharge_coefficient": 0.85,
            "mixture": {"gas": "natural_gas", "substance_fraction": 0.1},
        }
    )
    term = source_term(release, 25.0)
    assert term.choked
    assert term.initial_rate_kg_s == pytest.approx(hand * 3.408 / 17.844, rel=2e-4)
    assert term.initial_rate_kg_s == pytest.approx(0.01148, abs=5e-6)
    pure_h2s = source_term(release.model_copy(update={"mixture": None}), 25.0)
    assert pure_h2s.initial_rate_kg_s > 4 * term.initial_rate_kg_s  # pure H2S: 0.0865 kg/s


def test_the_hole_flow_of_the_scenario_is_the_mixtures_times_the_co_mass_fraction() -> None:
    scenario = _scenario()
    release = _release(scenario)
    gas = named_release_gas("blast_furnace_gas", "CO", None)
    hole = hole_release(
        hole_diameter_m=0.060,
        pressure_pa_abs=0.15e5 + ATM_PA,
        temperature_k=release.temperature_c + 273.15,
        molecular_weight_g_mol=gas.molecular_weight_g_mol,
        heat_capacity_ratio=gas.heat_capacity_ratio,
        discharge_coefficient=release.discharge_coefficient,
    )
    term = source_term(release, scenario.weather.temperature_c)
    assert not hole.choked  # 0.15 barg: subsonic
    assert term.initial_rate_kg_s == pytest.approx(hole.mass_rate_kg_s * gas.mass_fraction)


# --- the air: at the hole, near and far --------------------------------------------


def test_at_the_hole_the_air_holds_the_co_fraction_of_the_gas_never_more() -> None:
    scenario = _scenario()
    field = _field(scenario)
    fraction = named_release_gas("blast_furnace_gas", "CO", None).volume_fraction
    at_hole = field.concentration_ppm("drainer", 10.0, indoor=False)
    assert at_hole == pytest.approx(fraction * 1e6, rel=1e-12)  # 249,377 ppm, not 1,000,000
    assert field.ppm_bound("drainer") == pytest.approx(fraction * 1e6, rel=1e-6)
    # the whole gas leaves no oxygen at the hole
    assert field.oxygen_percent("drainer", 10.0, indoor=False) == pytest.approx(0.0, abs=1e-9)


def _with_pit(tmp_path: Path) -> Scenario:
    """The scenario with a place 3 m downwind of the hole, the hole at breathing height."""
    near = "    - {id: pit, name: 排水器坑边, kind: outdoor, x_m: 0, y_m: -3}\n"
    anchor = "    - {id: trt_room,"
    text = BFG.read_text(encoding="utf-8").replace(anchor, near + anchor, 1)
    path = tmp_path / "steelworks-bfg.yaml"
    path.write_text(text.replace("    height_m: 2\n", "    height_m: 1.5\n", 1), encoding="utf-8")
    (tmp_path / "steelworks-bfg-plan.yaml").write_text(
        (DATA / "steelworks-bfg-plan.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    scenario, _ = load_scenario_only(path)
    return scenario


def test_near_the_hole_the_co_is_the_jets_gas_times_its_volume_fraction(tmp_path: Path) -> None:
    """A receptor 3 m downwind on the jet's axis (the hole at breathing height), where the
    jet is more dilute than the plume: the free jet of blast-furnace gas (its own molar
    mass) times the CO's volume fraction."""
    scenario = _with_pit(tmp_path)
    release = _release(scenario)
    gas = named_release_gas("blast_furnace_gas", "CO", None)
    term = source_term(release, scenario.weather.temperature_c)
    assert release.height_m == 1.5  # the receptors' breathing height: on the axis
    jet = float(jet_ppm(term.jet_diameter_m, 3.0, 0.0, gas.molecular_weight_g_mol)[()])
    ppm = _outdoor_ppm(scenario, "pit")
    assert ppm == pytest.approx(jet * gas.volume_fraction, rel=1e-9)
    assert 0.05 * gas.volume_fraction * 1e6 < ppm < gas.volume_fraction * 1e6


def test_far_field_co_is_proportional_to_the_co_mass_rate(tmp_path: Path) -> None:
    """Downwind the plume carries the CO's mass rate (converted with CO's own density). A
    gas analysis giving the same molar mass and k with half the CO: half the CO at the
    TRT control room and the pump house, exactly; the named gas with half its CO changes
    M and k too, and the far field follows its CO mass rate w m(M, k)."""
    quarter = named_release_gas("blast_furnace_gas", "CO", 0.25)
    own = (
        f"    mixture: {{molecular_weight_g_mol: {quarter.molecular_weight_g_mol!r}, "
        f"heat_capacity_ratio: {quarter.heat_capacity_ratio!r}, substance_fraction: {{f}}}}\n"
    )
    full = _scenario(own.replace("{f}", "0.25"), tmp_path / "a")
    half = _scenario(own.replace("{f}", "0.125"), tmp_path / "b")
    for place in ("trt_room", "pump_house"):
        assert _outdoor_ppm(half, place) == pytest.approx(0.5 * _outdoor_ppm(full, place))

    named_half = _scenario(
        "    mixture: {gas: blast_furnace_gas, substance_fraction: 0.125}\n", tmp_path / "c"
    )
    named_full = _scenario(
        "    mixture: {gas: blast_furnace_gas, substance_fraction: 0.25}\n", tmp_path / "d"
    )

    def co_rate(fraction: float) -> float:
        gas = named_release_gas("blast_furnace_gas", "CO", fraction)
        hole = hole_release(
            hole_diameter_m=0.060,
            pressure_pa_abs=0.15e5 + ATM_PA,
            temperature_k=293.15,
            molecular_weight_g_mol=gas.molecular_weight_g_mol,
            heat_capacity_ratio=gas.heat_capacity_ratio,
            discharge_coefficient=0.62,
        )
        return hole.mass_rate_kg_s * gas.mass_fraction

    expected = co_rate(0.125) / co_rate(0.25)
    assert expected == pytest.approx(0.5, abs=0.02)  # the mixture's M and k barely move
    assert expected != pytest.approx(0.5, abs=1e-4)
    for place in ("trt_room", "pump_house"):
        ratio = _outdoor_ppm(named_half, place) / _outdoor_ppm(named_full, place)
        assert ratio == pytest.approx(expected, rel=1e-9)


def test_far_field_co_of_the_mixture_against_pure_co_through_the_same_hole() -> None:
    """The plume is linear in the CO mass rate: the ratio of the far-field ppm of the
    blast-furnace gas and of pure CO is the ratio of their CO mass rates."""
    scenario = _scenario()
    pure, _ = load_scenario_only(DATA / "steelworks-co.yaml")
    ratio = source_term(_release(scenario), 5.0).initial_rate_kg_s / (
        source_term(_release(pure), 5.0).initial_rate_kg_s
    )
    assert ratio == pytest.approx(0.2412, abs=5e-4)
    for place in ("trt_room", "pump_house"):
        got = _outdoor_ppm(scenario, place) / _outdoor_ppm(pure, place)
        assert got == pytest.approx(ratio, rel=1e-9)


def test_oxygen_is_displaced_by_the_whole_mixture_not_the_co_alone() -> None:
    scenario = _scenario()
    field = _field(scenario)
    fraction = named_release_gas("blast_furnace_gas", "CO", None).volume_fraction
    times = np.array([5.0, 10.0, 30.0])
    co = field.concentration_series("trt_room", times, indoor=False)
    oxygen = field.oxygen_series("trt_room", times, indoor=False, gas_ppm=co)
    assert oxygen == pytest.approx(20.9 * (1 - co / fraction / 1e6), rel=1e-12)
    assert field.displaced_bound("trt_room") == pytest.approx(
        field.ppm_bound("trt_room") / fraction, rel=1e-6
    )


def test_oxygen_deficiency_near_the_hole_comes_from_the_whole_gas(tmp_path: Path) -> None:
    """3 m downwind the CO alone (about 18,000 ppm) would leave 20.5 % oxygen; the
    blast-furnace gas around it (four times as much) leaves under 19.5 % (GB 8958-2006)."""
    field = _field(_with_pit(tmp_path))
    co = field.concentration_ppm("pit", 10.0, indoor=False)
    deficient = DEFICIENT_PPM  # displaced gas that leaves 19.5 % oxygen
    assert co < deficient < co / field.outdoors["bfg_leak"].volume_fraction
    assert field.oxygen_percent("pit", 10.0, indoor=False) < 19.5
    assert field.time_reaching("pit", deficient, 0.0, indoor=False) is None
    arrives = field.time_reaching("pit", deficient, 0.0, indoor=False, oxygen=True)
    assert arrives is not None and 0.0 < arrives < 0.1  # the wind carries it 3 m in 1.2 s
    assert field.displaced_ppm("pit", arrives, indoor=False) >= deficient


# --- the hazard calculator -----------------------------------------------------------


def _zones(scenario: Scenario, **kwargs: Any) -> GasReleaseZones:
    zones = threat_zones(scenario, **kwargs).hazards[0]
    assert isinstance(zones, GasReleaseZones)
    return zones


def test_zones_agree_with_the_engine_and_say_what_leaves_the_hole() -> None:
    scenario = _scenario()
    zones = _zones(scenario)
    assert zones.plume is not None
    fraction = zones.plume.volume_fraction
    assert fraction == pytest.approx(0.2494, abs=5e-5)
    # 5 m downwind, 0.5 m below the hole's height: the jet of the mixture times its CO
    term = source_term(_release(scenario), scenario.weather.temperature_c)
    mixture = named_release_gas("blast_furnace_gas", "CO", None).molecular_weight_g_mol
    jet = float(jet_ppm(term.jet_diameter_m, 5.0, 0.5, mixture)[()]) * fraction
    near = float(zones.plume.concentration_ppm(0.0, -5.0)[()])
    assert near <= jet * (1 + 1e-12)
    engine = _outdoor_ppm(scenario, "trt_room")
    point = next(p for p in zones.plume.zones[0].inside if p.id == "trt_room")
    assert point.concentration_ppm == pytest.approx(engine, rel=1e-6)
    note = next(n for n in zones.assumptions if "blast-furnace gas" in n.en)
    assert "0.249 CO by volume" in note.en
    assert "高炉煤气" in note.zh and "0.249" in note.zh


# --- the file ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mixture", "english", "chinese"),
    [
        (
            "    mixture: {gas: natural_gas}\n",
            "natural_gas holds no CO in its typical composition: give 'substance_fraction'",
            "natural_gas 的典型组成中不含 CO",
        ),
        (
            "    mixture: {molecular_weight_g_mol: 29.9, heat_capacity_ratio: 1.38}\n",
            "a mixture given by 'molecular_weight_g_mol' needs 'substance_fraction'",
            "需要 'substance_fraction'",
        ),
        (
            "    mixture: {gas: blast_furnace_gas, heat_capacity_ratio: 1.38}\n",
            "a mixture is either a named 'gas' or 'molecular_weight_g_mol' with "
            "'heat_capacity_ratio', not both",
            "不能同时给出",
        ),
        (
            "    mixture: {molecular_weight_g_mol: 10, heat_capacity_ratio: 1.38, "
            "substance_fraction: 0.5}\n",
            "expected 'molecular_weight_g_mol' at least 14.01 (the substance's share alone "
            "weighs that much), found 10",
            "应不小于 14.01",
        ),
        (
            "    mixture: {gas: coke_oven_gas, substance_fraction: 1.5}\n",
            "input should be less than or equal to 1; found 1.5",
            "",
        ),
    ],
)
def test_a_wrong_mixture_is_refused_with_file_line_and_field(
    tmp_path: Path, mixture: str, english: str, chinese: str
) -> None:
    text = BFG.read_text(encoding="utf-8").replace(MIXTURE_LINE, mixture)
    path = tmp_path / "steelworks-bfg.yaml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "steelworks-bfg-plan.yaml").write_text(
        (DATA / "steelworks-bfg-plan.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    with pytest.raises(InputError) as info:
        load(path)
    [problem] = info.value.problems
    line = text.splitlines().index(mixture.rstrip("\n")) + 1
    assert str(problem).startswith(f"{path}:{line}: hazards[0].mixture")
    assert english in str(problem)
    if chinese:
        assert chinese in problem_text(problem, "zh")


def test_a_mixture_is_for_a_gas_not_a_liquefied_one() -> None:
    with pytest.raises(ValueError, match="'mixture' is for a release of phase 'gas'"):
        GasRelease.model_validate(
            {
                "kind": "gas_release",
                "id": "cl2",
                "name": "液氯钢瓶泄漏",
                "substance": "Cl2",
                "location": "store",
                "hole_mm": 5.0,
                "phase": "liquid",
                "mixture": {"gas": "natural_gas", "substance_fraction": 0.1},
            }
        )
