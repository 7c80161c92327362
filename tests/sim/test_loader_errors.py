"""Bad files give a message naming the file, line, field, the expectation and the finding."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sim import InputError, load
from sim.yamlfile import MAX_BYTES
from tests.conftest import BUNDLED


def copy_pair(
    tmp_path: Path,
    edit_plan: tuple[str, str] | None = None,
    edit_scenario: tuple[str, str] | None = None,
) -> Path:
    scenario = (BUNDLED / "poisoning.yaml").read_text(encoding="utf-8")
    plan = (BUNDLED / "poisoning-plan.yaml").read_text(encoding="utf-8")
    if edit_plan:
        assert edit_plan[0] in plan, edit_plan[0]
        plan = plan.replace(edit_plan[0], edit_plan[1], 1)
    if edit_scenario:
        assert edit_scenario[0] in scenario, edit_scenario[0]
        scenario = scenario.replace(edit_scenario[0], edit_scenario[1], 1)
    (tmp_path / "poisoning-plan.yaml").write_text(plan, encoding="utf-8")
    path = tmp_path / "poisoning.yaml"
    path.write_text(scenario, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        load(path)
    return [str(p) for p in info.value.problems]


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_step_owned_by_undefined_role_names_file_line_field(tmp_path: Path) -> None:
    path = copy_pair(
        tmp_path,
        edit_plan=("    owner: process_group\n    crew: 2", "    owner: process_grp\n    crew: 2"),
    )
    plan = tmp_path / "poisoning-plan.yaml"
    [msg] = problems_of(path)
    assert msg.startswith(f"{plan}:{line_of(plan, 'owner: process_grp')}: steps[3].owner:")
    assert "expected a role id, found 'process_grp'" in msg
    assert "did you mean 'process_group'" in msg


def test_resource_missing_from_inventory(tmp_path: Path) -> None:
    path = copy_pair(
        tmp_path,
        edit_plan=(
            "{resource: oxygen_kit, quantity: 1}",
            "{resource: oxygen_cylinder, quantity: 1}",
        ),
    )
    [msg] = problems_of(path)
    assert "steps[8].resources[0].resource" in msg
    assert "expected a resource id, found 'oxygen_cylinder'" in msg


def test_location_not_in_site(tmp_path: Path) -> None:
    path = copy_pair(
        tmp_path,
        edit_plan=(
            "    location: office_building\n    effects",
            "    location: 办公室\n    effects",
        ),
    )
    [msg] = problems_of(path)
    assert "steps[9].location" in msg
    assert "expected a location id of the scenario's site" in msg
    assert "found '办公室'" in msg


def test_unknown_field_suggests_the_right_one(tmp_path: Path) -> None:
    path = copy_pair(tmp_path, edit_plan=("    target_min: 6\n", "    target_mins: 6\n"))
    [msg] = problems_of(path)
    assert "steps[0].target_mins: unknown field 'target_mins'; did you mean 'target_min'?" in msg


def test_missing_required_field(tmp_path: Path) -> None:
    path = copy_pair(tmp_path, edit_scenario=("  stability: E\n", ""))
    [msg] = problems_of(path)
    assert "weather.stability: required field is missing" in msg
    assert msg.startswith(f"{path}:")


def test_wrong_type_reports_what_was_found(tmp_path: Path) -> None:
    path = copy_pair(tmp_path, edit_scenario=("leak_l_s: 2.0", "leak_l_s: 三升每秒"))
    [msg] = problems_of(path)
    assert f"{path}:{line_of(path, 'leak_l_s')}: hazards[0].leak_l_s:" in msg
    assert "found '三升每秒'" in msg


def test_distribution_with_bad_order(tmp_path: Path) -> None:
    path = copy_pair(
        tmp_path,
        edit_plan=(
            "{kind: triangular, low: 0.1, mode: 0.2, high: 0.5}",
            "{kind: triangular, low: 3, mode: 0.2, high: 0.5}",
        ),
    )
    [msg] = problems_of(path)
    assert "steps[0].duration" in msg
    assert "expected low <= mode <= high, found 3.0, 0.2, 0.5" in msg


def test_unknown_distribution_kind(tmp_path: Path) -> None:
    path = copy_pair(
        tmp_path,
        edit_plan=("{kind: triangular, low: 0.1, mode: 0.2, high: 0.5}", "{kind: gamma, low: 0.3}"),
    )
    [msg] = problems_of(path)
    assert "steps[0].duration" in msg and "expected 'kind' to be one of" in msg


def test_duplicate_ids(tmp_path: Path) -> None:
    path = copy_pair(tmp_path, edit_plan=("  - id: call_120\n", "  - id: forbid_blind_rescue\n"))
    msgs = problems_of(path)
    assert any("duplicate id 'forbid_blind_rescue' in steps" in m for m in msgs)


def test_effect_needs_exactly_one_key(tmp_path: Path) -> None:
    path = copy_pair(
        tmp_path,
        edit_plan=(
            "effects: [{forbid_entry: generator_room}]",
            "effects: [{forbid_entry: generator_room, notify: ems120}]",
        ),
    )
    [msg] = problems_of(path)
    assert "steps[0].effects[0]" in msg and "expected exactly one effect key" in msg


def test_unreachable_location(tmp_path: Path) -> None:
    path = copy_pair(
        tmp_path,
        edit_scenario=("      - {between: [plant_gate, county_bureau], minutes: 28}\n", ""),
    )
    msgs = problems_of(path)
    assert any("found no route to: county_bureau" in m for m in msgs)


def test_yaml_tags_refused(tmp_path: Path) -> None:
    path = copy_pair(
        tmp_path,
        edit_scenario=("horizon_min: 240", "horizon_min: !!python/object/apply:os.system [ls]"),
    )
    [msg] = problems_of(path)
    assert msg.startswith(f"{path}:{line_of(path, 'horizon_min')}:")
    assert "YAML tags are not allowed" in msg


def test_alias_bomb_refused(tmp_path: Path) -> None:
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n'
    path = tmp_path / "bomb.yaml"
    path.write_text(bomb + "c: [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n", encoding="utf-8")
    [msg] = problems_of(path)
    assert "anchors and aliases" in msg and msg.startswith(f"{path}:1:")


def test_non_utf8_refused_with_line(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes("id: x\nname: 尾气发电机房\n".encode("gbk"))
    [msg] = problems_of(path)
    assert msg.startswith(f"{path}:2:") and "expected UTF-8 text" in msg and "GBK" in msg


def test_oversized_file_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("# " + "x" * MAX_BYTES + "\n", encoding="utf-8")
    [msg] = problems_of(path)
    assert f"expected at most {MAX_BYTES} bytes" in msg


def test_duplicate_key_refused(tmp_path: Path) -> None:
    path = copy_pair(
        tmp_path, edit_scenario=("horizon_min: 240", "horizon_min: 240\nhorizon_min: 300")
    )
    [msg] = problems_of(path)
    assert "horizon_min: duplicate key (first given on line" in msg


def test_yaml_syntax_error_has_line(tmp_path: Path) -> None:
    path = copy_pair(tmp_path, edit_scenario=("  stability: E\n", "  stability: [E\n"))
    [msg] = problems_of(path)
    assert "YAML syntax error" in msg and msg.startswith(f"{path}:")


def test_missing_file(tmp_path: Path) -> None:
    [msg] = problems_of(tmp_path / "nope.yaml")
    assert msg.endswith("file not found")


def test_times_of_day_are_not_sexagesimal(poisoning) -> None:  # type: ignore[no-untyped-def]
    night = next(s for s in poisoning.plan.shifts if s.id == "night")
    assert (night.start.hour, night.start.minute) == (20, 0)


def test_chinese_names_survive_loading(poisoning) -> None:  # type: ignore[no-untyped-def]
    assert poisoning.scenario.location("generator_room").name == "尾气发电机房"
    assert any(p.name == "王某" for p in poisoning.scenario.people)


def test_reducing_a_pipeline_rupture_is_refused(tmp_path: Path) -> None:
    scenario = (BUNDLED / "pipeline.yaml").read_text(encoding="utf-8")
    (tmp_path / "pipeline-plan.yaml").write_text(
        (BUNDLED / "pipeline-plan.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    marker = "injects:\n"
    extra = (
        "injects:\n  - id: squeeze\n    at_min: 5\n    message: 夹管\n"
        "    effects: [{reduce_release: {hazard: eastern_line_rupture, factor: 0.5}}]\n"
    )
    path = tmp_path / "pipeline.yaml"
    path.write_text(scenario.replace(marker, extra, 1), encoding="utf-8")
    [msg] = problems_of(path)
    assert (
        "injects[0].effects[0].reduce_release.hazard: expected a room_leak or gas_release hazard"
        in msg
    )


@pytest.mark.parametrize(
    ("effect", "expected"),
    [
        ("notify: fire_119", "expected an organisation id, found 'fire_119'"),
        ("declare_level: level_0", "expected a level id, found 'level_0'"),
    ],
)
def test_an_inject_names_only_organisations_and_levels_of_the_plan(
    tmp_path: Path, effect: str, expected: str
) -> None:
    """A scenario inject that notifies or declares is checked against the plan,
    as a plan step is: an unknown id is refused before the run, not a crash in it."""
    path = copy_pair(
        tmp_path,
        edit_scenario=("      - raise_alarm: true", f"      - raise_alarm: true\n      - {effect}"),
    )
    [msg] = problems_of(path)
    head = effect.split(":")[0]
    assert msg.startswith(f"{path}:{line_of(path, effect)}: injects[2].effects[1].{head}:"), msg
    assert expected in msg


def test_a_location_with_one_coordinate_is_refused(tmp_path: Path) -> None:
    """Half a position cannot place a plume source or a receptor."""
    path = copy_pair(
        tmp_path, edit_scenario=("      x_m: 120\n      y_m: 80\n", "      x_m: 120\n")
    )
    [msg] = problems_of(path)
    assert "site.locations[0]" in msg
    assert "expected both x_m and y_m or neither, found x_m without y_m" in msg


def test_folded_chinese_text_joins_its_lines_without_a_space(tmp_path: Path) -> None:
    """YAML folding puts a space at each line break; Chinese has none between characters
    (as CSS Text 3 drops a segment break between two wide characters)."""
    path = copy_pair(tmp_path)
    text = path.read_text(encoding="utf-8")
    folded = (
        "description: >-\n  同班操作员李某发现后有不佩戴\n  防护用品进入施救的冲动，\n"
        "  with SCBA\n  sets kept in 2\n  rooms。\n"
    )
    text = re.sub(r"description: >-\n(  .*\n)+", lambda _: folded, text, count=1)
    path.write_text(text, encoding="utf-8")
    description = load(path).scenario.description
    assert (
        description
        == "同班操作员李某发现后有不佩戴防护用品进入施救的冲动， with SCBA sets kept in 2 rooms。"
    )


@pytest.mark.parametrize("gas", ["LPG", "hydrogen", "液化石油气"])
def test_a_flammable_gas_as_a_substance_says_there_is_no_cloud_model(
    tmp_path: Path, gas: str
) -> None:
    path = copy_pair(tmp_path, edit_scenario=("substance: H2S", f"substance: {gas}"))
    [msg] = problems_of(path)
    assert (
        f"hazards[0].substance: input should be 'H2S', 'Cl2', 'NH3' or 'CO'; found '{gas}'" in msg
    )
    assert "a flammable gas has no gas-cloud model here" in msg
    assert "pipeline_rupture" in msg


def test_an_unknown_toxic_substance_gets_no_flammable_advice(tmp_path: Path) -> None:
    path = copy_pair(tmp_path, edit_scenario=("substance: H2S", "substance: SO2"))
    [msg] = problems_of(path)
    assert msg.endswith("found 'SO2'")


def test_a_mixture_written_as_a_bare_name_is_shown_how_to_write_it(tmp_path: Path) -> None:
    """Not pydantic's 'instance of Mixture': the user wrote YAML, and sees the YAML to write."""
    data = Path(__file__).resolve().parent.parent / "data"
    scenario = (data / "steelworks-bfg.yaml").read_text(encoding="utf-8")
    (tmp_path / "steelworks-bfg-plan.yaml").write_text(
        (data / "steelworks-bfg-plan.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    path = tmp_path / "steelworks-bfg.yaml"
    edit = ("mixture: {gas: blast_furnace_gas}", "mixture: blast_furnace_gas")
    path.write_text(scenario.replace(*edit, 1), encoding="utf-8")
    [msg] = problems_of(path)
    assert msg.endswith(
        "hazards[0].mixture: expected a mapping (key: value); found 'blast_furnace_gas'; "
        "did you mean '{gas: blast_furnace_gas}'?"
    )
    assert "instance of" not in msg
