"""``drillsim hazard``: each subcommand reproduces its REFERENCE row; bad input is exit 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from tests.conftest import POISONING
from tui.hazard_cli import hazard


def run(*args: str) -> Result:
    return CliRunner().invoke(hazard, list(args))


def run_json(*args: str) -> dict[str, Any]:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def test_release_reproduces_reference_d3_choked_propane() -> None:
    data = run_json(
        "release", "--gas", "propane", "--hole-mm", "10", "--pressure-barg", "4",
        "--temperature-c", "25", "--cd", "0.85",
    )  # fmt: skip
    assert data["mass_rate_kg_s"] == pytest.approx(0.0899, rel=0.01)
    assert data["choked"] is True
    assert data["pressure_ratio"] == pytest.approx(4.95, rel=0.01)
    assert data["critical_pressure_ratio"] == pytest.approx(1.736, rel=0.01)
    assert data["warnings"] == []


def test_release_text_states_rate_and_regime_with_units() -> None:
    result = run(
        "release", "--gas", "propane", "--hole-mm", "10", "--pressure-barg", "4", "--cd", "0.85",
        "--lang", "en",
    )  # fmt: skip
    assert result.exit_code == 0
    assert "0.08992 kg/s" in result.stdout and "choked" in result.stdout


def test_release_defaults_to_the_conservative_discharge_coefficient() -> None:
    """Cd = 1 over-predicts the flow: D3 at Cd 0.85 scaled by 1/0.85."""
    data = run_json(
        "release",
        "--gas",
        "propane",
        "--hole-mm",
        "10",
        "--pressure-barg",
        "4",
        "--temperature-c",
        "25",
    )
    assert data["mass_rate_kg_s"] == pytest.approx(0.0899 / 0.85, rel=0.01)


def test_release_at_low_pressure_is_not_choked() -> None:
    data = run_json("release", "--gas", "air", "--hole-mm", "5", "--pressure-barg", "0.5")
    assert data["choked"] is False and data["mass_rate_kg_s"] > 0


def test_plume_reproduces_reference_d1() -> None:
    data = run_json(
        "plume", "--rate-kg-s", "0.00037", "--wind-m-s", "2", "--stability", "B",
        "--distance-m", "280", "--height-m", "40",
    )  # fmt: skip
    assert data["concentration_kg_m3"] == pytest.approx(1.56e-8, rel=0.01)
    assert data["sigma_y_m"] == pytest.approx(49.0, rel=0.01)
    assert data["sigma_z_m"] == pytest.approx(28.2, rel=0.01)
    assert data["warnings"] == []
    assert "concentration_ppm" not in data


def test_plume_with_a_gas_gives_ppm() -> None:
    data = run_json(
        "plume", "--rate-kg-s", "0.001", "--wind-m-s", "3", "--stability", "d",
        "--distance-m", "500", "--gas", "H2S",
    )  # fmt: skip
    # 1 ppm of H2S is 1.393 mg/m3 at 25 C and 1 atm
    assert data["concentration_ppm"] == pytest.approx(
        data["concentration_kg_m3"] * 1e6 / 1.393, rel=0.01
    )


def test_plume_briggs_rural_matches_reference_d4() -> None:
    data = run_json(
        "plume", "--rate-kg-s", "1", "--wind-m-s", "5", "--stability", "D",
        "--distance-m", "1000", "--sigma", "briggs-rural",
    )  # fmt: skip
    assert data["sigma_y_m"] == pytest.approx(0.08 * 1000 / (1 + 0.1) ** 0.5, rel=1e-6)
    assert data["sigma_z_m"] == pytest.approx(0.06 * 1000 / (1 + 1.5) ** 0.5, rel=1e-6)


def test_room_reproduces_reference_d6() -> None:
    data = run_json(
        "room", "--volume-m3", "300", "--ach", "6", "--leak-l-s", "1", "--threshold-ppm", "100"
    )
    assert data["steady_state_ppm"] == pytest.approx(1996.0, rel=0.01)
    assert data["time_to_threshold_s"] == pytest.approx(30.8, rel=0.01)


def test_room_of_blast_furnace_gas_takes_the_co_share() -> None:
    """D15 in the D6 room: 10 L/s of blast-furnace gas (CO 0.2494) into 300 m3 at 6/h levels
    off at 19,608 ppm of gas, 4,890 ppm of CO and 20.49 % oxygen; CO's IDLH after 165.6 s."""
    data = run_json(
        "room", "--volume-m3", "300", "--ach", "6", "--leak-l-s", "10",
        "--threshold-ppm", "1200", "--substance-fraction", "0.2494",
    )  # fmt: skip
    assert data["steady_state_ppm"] == pytest.approx(4890, abs=1)
    assert data["steady_state_oxygen_percent"] == pytest.approx(20.49, abs=0.005)
    assert data["time_to_threshold_s"] == pytest.approx(165.6, abs=0.2)


def test_a_number_out_of_bounds_is_refused_in_chinese() -> None:
    from tui.cli import main

    def run(*args: str) -> Result:
        return CliRunner().invoke(main, ["hazard", *args])

    result = run(
        "room", "--volume-m3", "300", "--ach", "6", "--leak-l-s", "10",
        "--threshold-ppm", "1200", "--substance-fraction", "1.5",
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "错误：'--substance-fraction' 的值无效：应不大于 1（体积分数），实际为 1.5"
    )
    result = run(
        "room", "--volume-m3", "0", "--ach", "6", "--leak-l-s", "1", "--threshold-ppm", "1"
    )
    assert result.stderr.splitlines()[-1] == "错误：'--volume-m3' 的值无效：应大于 0 m3，实际为 0"


def test_room_threshold_above_steady_state_is_never_reached() -> None:
    data = run_json(
        "room", "--volume-m3", "300", "--ach", "6", "--leak-l-s", "1", "--threshold-ppm", "5000"
    )
    assert data["time_to_threshold_s"] is None


def test_unventilated_room_warns() -> None:
    result = run(
        "room", "--volume-m3", "300", "--ach", "0", "--leak-l-s", "1", "--threshold-ppm", "100",
        "--lang", "en",
    )  # fmt: skip
    assert result.exit_code == 0
    assert "No ventilation" in result.stderr


def test_pipeline_reproduces_reference_p1() -> None:
    data = run_json("pipeline", "--diameter-in", "30", "--pressure-psig", "1000")
    assert data["radius_m"] == pytest.approx(199.5, rel=0.01)
    assert data["radius_ft"] == pytest.approx(654.6, rel=0.01)


def test_pipeline_in_metric_units_gives_the_same_radius() -> None:
    data = run_json("pipeline", "--diameter-mm", "762", "--pressure-mpa", "6.894757")
    assert data["radius_m"] == pytest.approx(199.5, rel=0.01)


def test_pipeline_with_a_length_adds_line_pack_and_wilson_outflow() -> None:
    data = run_json(
        "pipeline", "--diameter-in", "30", "--pressure-psig", "1000", "--length-km", "10"
    )
    assert data["inventory_kg"] > 0 and data["initial_rate_kg_s"] > 0
    assert data["time_constant_s"] > 0
    assert any("ideal gas" in w for w in data["warnings"])


def test_probit_reproduces_withers_and_lees_chlorine() -> None:
    assert run_json("probit", "--substance", "Cl2", "--ppm", "433", "--minutes", "10")[
        "probability"
    ] == pytest.approx(0.5, rel=0.01)
    assert run_json("probit", "--substance", "cl2", "--ppm", "250", "--minutes", "30")[
        "probability"
    ] == pytest.approx(0.5, rel=0.02)


@pytest.mark.parametrize(
    "args",
    [
        ["release", "--gas", "propane", "--hole-mm", "-10", "--pressure-barg", "4"],
        ["release", "--gas", "propane", "--hole-mm", "0", "--pressure-barg", "4"],
        ["release", "--gas", "unobtainium", "--hole-mm", "10", "--pressure-barg", "4"],
        ["release", "--gas", "propane", "--hole-mm", "10", "--pressure-barg", "4", "--cd", "1.5"],
        ["plume", "--rate-kg-s", "1", "--wind-m-s", "0", "--stability", "D", "--distance-m", "9"],
        ["plume", "--rate-kg-s", "1", "--wind-m-s", "2", "--stability", "G", "--distance-m", "9"],
        ["plume", "--rate-kg-s", "nan", "--wind-m-s", "2", "--stability", "D", "--distance-m", "9"],
        ["room", "--volume-m3", "0", "--ach", "6", "--leak-l-s", "1", "--threshold-ppm", "100"],
        ["room", "--volume-m3", "300", "--ach", "-1", "--leak-l-s", "1", "--threshold-ppm", "1"],
        ["pipeline", "--diameter-in", "30"],
        ["pipeline", "--diameter-in", "30", "--diameter-mm", "700", "--pressure-psig", "9"],
        ["pipeline", "--diameter-in", "-30", "--pressure-psig", "1000"],
        ["probit", "--substance", "CO", "--ppm", "100", "--minutes", "10"],
        ["probit", "--substance", "Cl2", "--ppm", "100", "--minutes", "0"],
    ],
)
def test_bad_numbers_are_usage_errors_without_traceback(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "Error:" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_bad_number_message_names_the_option_and_the_unit() -> None:
    result = run("release", "--gas", "propane", "--hole-mm", "-10", "--pressure-barg", "4")
    assert "--hole-mm" in result.stderr and "0 mm" in result.stderr and "-10" in result.stderr


LOW_WIND = ["plume", "--rate-kg-s", "0.1", "--wind-m-s", "0.5", "--stability", "D"]
CLASS_A_STRONG_WIND = ["plume", "--rate-kg-s", "0.1", "--wind-m-s", "6", "--stability", "A"]


@pytest.mark.parametrize(
    ("args", "phrase"),
    [(LOW_WIND, "below 1 m/s"), (CLASS_A_STRONG_WIND, "does not occur in Pasquill's table")],
)
def test_validity_warning_goes_to_stderr_in_text(args: list[str], phrase: str) -> None:
    result = run(*args, "--distance-m", "500", "--lang", "en")
    assert result.exit_code == 0
    assert phrase in result.stderr
    assert phrase not in result.stdout
    assert "kg/m3" in result.stdout


@pytest.mark.parametrize(
    ("args", "phrase"),
    [(LOW_WIND, "below 1 m/s"), (CLASS_A_STRONG_WIND, "does not occur in Pasquill's table")],
)
def test_validity_warning_is_listed_in_json(args: list[str], phrase: str) -> None:
    data = run_json(*args, "--distance-m", "500")
    assert any(phrase in w for w in data["warnings"])


def test_distance_beyond_10_km_warns() -> None:
    data = run_json(
        "plume", "--rate-kg-s", "1", "--wind-m-s", "3", "--stability", "D", "--distance-m", "20000"
    )
    assert any("beyond 10 km" in w for w in data["warnings"])


def test_zones_json_for_the_poisoning_scenario() -> None:
    data = run_json("zones", str(POISONING))
    assert data["scenario_id"] == "poisoning-h2s-generator-room"
    room = data["hazards"][0]
    assert room["kind"] == "room_leak"
    assert {t["label"] for t in room["thresholds"]} >= {
        "AEGL-2 (10 min)",
        "AEGL-3 (10 min)",
        "IDLH",
    }
    labels = [z["label"] for z in room["plume"]["zones"]]
    assert labels[:3] == ["AEGL-1 (60 min)", "AEGL-2 (60 min)", "AEGL-3 (60 min)"]
    assert "IDLH" in labels
    assert any("within 100 m" in w for w in data["warnings"])


def test_zones_text_in_both_languages() -> None:
    zh = run("zones", str(POISONING))
    en = run("zones", str(POISONING), "--lang", "en")
    assert zh.exit_code == en.exit_code == 0
    assert "稳态浓度" in zh.stdout and "IDLH" in zh.stdout
    assert "steady state" in en.stdout and "downwind" in en.stdout
    assert "within 100 m" in en.stderr


def test_zones_exposure_changes_the_aegl_duration() -> None:
    data = run_json("zones", str(POISONING), "--exposure-min", "10")
    labels = [z["label"] for z in data["hazards"][0]["plume"]["zones"]]
    assert "AEGL-2 (10 min)" in labels


def test_zones_wind_override_warns_when_out_of_range() -> None:
    data = run_json("zones", str(POISONING), "--wind-m-s", "0.5")
    assert any("below 1 m/s" in w for w in data["warnings"])


def test_zones_writes_a_map(tmp_path: Path) -> None:
    png = tmp_path / "zones.png"
    data = run_json("zones", str(POISONING), "--plot", str(png), "--dpi", "60")
    assert data["plot"] == str(png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_zones_of_a_broken_file_is_a_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nfoo: 1\n", encoding="utf-8")
    result = run("zones", str(bad))
    assert result.exit_code == 2
    assert "bad.yaml" in result.stderr and "未知字段 'foo'" in result.stderr
    assert "Traceback" not in result.output
    en = run("zones", str(bad), "--lang", "en")
    assert "unknown field 'foo'" in en.stderr


def test_zones_of_a_missing_file_is_a_message(tmp_path: Path) -> None:
    result = run("zones", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert "nope.yaml" in result.stderr and "Traceback" not in result.output
