"""The static plan check, rule by rule, on variants of the bundled plan."""

from __future__ import annotations

from pathlib import Path

from scoring.check import check_plan
from scoring.finding import Finding
from sim import Loaded
from sim.loader import load_plan, validate_model
from sim.plan import Plan
from sim.scenario import Scenario
from sim.yamlfile import load_yaml
from tests.conftest import BUNDLED
from tests.scoring import line_of, rule

PLAN = BUNDLED / "poisoning-plan.yaml"


def variant(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    text = PLAN.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def check(path: Path, loaded: Loaded | None = None) -> list[Finding]:
    plan, doc = load_plan(path)
    if loaded is None:
        return check_plan(plan, plan_doc=doc)
    return check_plan(plan, loaded.scenario, plan_doc=doc, scenario_doc=loaded.scenario_doc)


def test_the_bundled_plan_has_no_deficiency(poisoning: Loaded) -> None:
    for scenario in (None, poisoning.scenario):
        found = check_plan(poisoning.plan, scenario, plan_doc=poisoning.plan_doc)
        assert [(f.severity, f.rule) for f in found] == [
            ("改进项", "static.owner_call_in"),
            *([("整改项", "static.early_warning_unanswered")] if scenario else []),
            *([("改进项", "static.untested_entry")] if scenario else []),
        ]
        # at night the principal person in charge comes in on call (25-50 min)
        assert found[0].refs[0].id == "unit_head"
    # the SCBA crews go in to rescue and to close the valve before any test: they breathe
    # their own air, so it is an improvement; the re-test is the test itself
    assert found[2].data == {
        "location": "generator_room",
        "steps": ["scba_rescue", "isolate_leak"],
    }


def test_entry_into_open_air_is_not_an_untested_confined_space(waterworks: Loaded) -> None:
    """The chlorine unloading yard is outdoors: 先通风、再检测、后作业 is for enclosed spaces."""
    found = check_plan(waterworks.plan, waterworks.scenario, plan_doc=waterworks.plan_doc)
    assert rule(found, "static.untested_entry") == []


def test_an_entry_without_breathing_apparatus_that_no_test_precedes(
    tmp_path: Path, poisoning: Loaded
) -> None:
    """先通风、再检测、后作业: the hazmat team walks in to re-measure, but the room is
    never tested from outside first (its step only waits on the true air)."""
    path = variant(tmp_path, ("    effects: [{gas_test: generator_room}]\n", ""))
    [f] = rule(check(path, poisoning), "static.untested_entry")
    assert f.severity == "不足项"
    assert f.data["steps"] == ["scba_rescue", "isolate_leak", "verify_atmosphere"]
    assert "应急管理部令第13号" in f.recommendation.zh


def test_an_entry_after_a_test_or_on_a_measured_value_is_not_flagged(
    tmp_path: Path, poisoning: Loaded
) -> None:
    path = variant(
        tmp_path,
        (
            "    location: generator_room_door\n    target_min: 15",
            "    location: generator_room_door\n    effects: [{gas_test: generator_room}]\n"
            "    target_min: 15",
        ),
        (
            "    qualifications: [scba]\n    resources: [{type: scba, quantity: 2}, {type: gas",
            "    after: [cordon]\n    qualifications: [scba]\n    resources: [{type: scba, "
            "quantity: 2}, {type: gas",
        ),
    )
    [f] = rule(check(path, poisoning), "static.untested_entry")
    assert f.data["steps"] == ["scba_rescue"]  # the valve crew now follows the door test


def test_a_role_no_team_staffs(tmp_path: Path) -> None:
    path = variant(tmp_path, ("staffed_by: [security]", "staffed_by: []"))
    [f] = rule(check(path), "static.owner_unstaffed")
    assert f.severity == "不足项" and f.data["role"] == "cordon_group"
    assert f.refs[0].path == "steps[5].owner"


def test_a_resource_missing_from_the_inventory(tmp_path: Path) -> None:
    stretchers = "    quantity: 2\n    location: mini_fire_station\n"
    path = variant(tmp_path, (stretchers, stretchers.replace("2", "0")))
    [f] = rule(check(path), "static.resource_missing")
    assert f.severity == "不足项" and f.data == {
        "step": "scba_rescue",
        "resource": "stretcher",
        "need": 1,
        "have": 0,
    }
    assert f.refs[0].line == line_of(path, "quantity: 0")


def test_too_few_breathing_apparatus_for_a_critical_step(tmp_path: Path) -> None:
    named = "{resource: scba_mfs, quantity: 2}, {resource: stretcher"
    path = variant(
        tmp_path,
        ("    quantity: 4\n", "    quantity: 1\n"),
        ("{type: scba, quantity: 2}, {resource: stretcher", named),
    )
    [f] = rule(check(path), "static.resource_short")
    assert f.severity == "不足项" and f.data["resource"] == "scba_mfs"


def test_steps_that_start_together_need_more_than_the_inventory(tmp_path: Path) -> None:
    path = variant(tmp_path, ("    quantity: 3\n", "    quantity: 1\n"))
    [f] = rule(check(path), "static.resource_contention")
    assert f.data["resource"] == "gas_detector" and (f.data["need"], f.data["have"]) == (2, 1)
    assert f.data["steps"] == ["isolate_leak", "cordon"]
    assert f.severity == "整改项"  # isolate_leak is critical


def test_an_owner_without_the_required_qualification(tmp_path: Path) -> None:
    path = variant(
        tmp_path, ("qualifications: [first_aid, medical]", "qualifications: [first_aid]")
    )
    [f] = rule(check(path), "static.unqualified_owner")
    assert f.severity == "不足项" and f.capability == "training"
    assert f.data["step"] == "hand_over_ems" and f.refs[0].path == "steps[10].qualifications"


def test_a_precondition_cycle_and_the_steps_it_blocks(tmp_path: Path) -> None:
    owner = "    owner: shift_leader\n"
    path = variant(tmp_path, (owner, owner + "    after: [call_120]\n"))
    found = check(path)
    [cycle] = rule(found, "static.precondition_cycle")
    assert cycle.severity == "不足项"
    assert set(cycle.data["steps"]) == {"forbid_blind_rescue", "call_120"}  # type: ignore[arg-type]


def test_a_step_whose_level_can_never_be_declared(tmp_path: Path) -> None:
    path = variant(
        tmp_path,
        ("    triggers: [{person_state: {person: wang, state: collapsed}}]\n", ""),
        ("    triggers:\n      - {person_state: {person: li, state: collapsed}}\n", ""),
        ("      - {after_min: 30}\n", ""),
    )
    found = check(path)
    [never] = rule(found, "static.never_starts")
    assert never.data == {"step": "request_city_rescue", "blocked_by": "level_ii"}
    assert {f.data["level"] for f in rule(found, "static.level_no_trigger")} == {
        "level_ii",
        "level_i",
    }


def test_a_level_nobody_declares(tmp_path: Path) -> None:
    path = variant(tmp_path, ("    declared_by: shift_leader\n", ""))
    [f] = rule(check(path), "static.level_no_declarer")
    assert f.severity == "整改项" and f.refs[0].id == "level_iii"


def test_escalation_to_a_level_the_county_plan_does_not_define(tmp_path: Path) -> None:
    path = variant(
        tmp_path, ("escalates_to: county_plan.county_iv", "escalates_to: county_plan.county_ii")
    )
    doc = load_yaml(path)
    found = check_plan(validate_model(Plan, doc), plan_doc=doc)
    [f] = rule(found, "static.escalation_undefined")
    assert f.severity == "不足项" and f.refs[0].line == line_of(path, "escalates_to:")
    assert "county_iv, county_iii" in f.evidence.en


def test_no_escalation_to_the_higher_plan(tmp_path: Path) -> None:
    path = variant(tmp_path, ("    escalates_to: county_plan.county_iv\n", ""))
    [f] = rule(check(path), "static.no_escalation")
    assert f.severity == "整改项" and f.refs[0].id == "level_i"


def test_a_called_organisation_without_a_contact(tmp_path: Path) -> None:
    path = variant(tmp_path, ('    contact: "119"\n', ""))
    [f] = rule(check(path), "static.missing_contact")
    assert f.severity == "整改项" and f.refs[0].id == "fire119"


def written_variant(tmp_path: Path, old: str, new: str) -> Path:
    """The bundled plan with ``old`` replaced in its written report to the county."""
    text = PLAN.read_text(encoding="utf-8")
    at = text.index("  - id: to_county_written")
    assert old in text[at:], old
    path = tmp_path / "plan.yaml"
    path.write_text(text[:at] + text[at:].replace(old, new, 1), encoding="utf-8")
    return path


def test_the_written_report_to_the_county_must_carry_every_article_12_item(
    tmp_path: Path,
) -> None:
    path = written_variant(tmp_path, "casualties, estimated_loss, measures]", "casualties]")
    [f] = rule(check(path), "static.report_content_missing")
    assert f.refs[0].id == "to_county_written"
    assert f.data["missing"] == ["estimated_loss", "measures"]
    assert "初步估计的直接经济损失、已经采取的措施" in f.evidence.zh


def test_a_phone_report_with_a_written_one_after_it_needs_only_the_phone_items(
    tmp_path: Path,
) -> None:
    """电话快报: the unit, when, where and the casualties; the rest follows in writing."""
    path = variant(
        tmp_path,
        (
            "content: [unit, time, place, scene, course, casualties, estimated_loss, measures]",
            "content: [unit, time, place, casualties]",
        ),
    )
    assert rule(check(path), "static.report_content_missing") == []
    path = variant(
        tmp_path,
        (
            "content: [unit, time, place, scene, course, casualties, estimated_loss, measures]",
            "content: [unit, time, place, scene]",
        ),
    )
    [f] = rule(check(path), "static.report_content_missing")
    assert f.refs[0].id == "to_county" and f.data["missing"] == ["casualties"]


def test_a_phone_report_alone_must_carry_every_article_12_item(tmp_path: Path) -> None:
    text = PLAN.read_text(encoding="utf-8")
    cut = text[: text.index("  - id: to_county_written")]
    cut = cut.replace(
        "content: [unit, time, place, scene, course, casualties, estimated_loss, measures]",
        "content: [unit, time, place, casualties]",
    )
    path = tmp_path / "plan.yaml"
    path.write_text(cut, encoding="utf-8")
    found = check(path)
    [f] = rule(found, "static.report_content_missing")
    assert f.refs[0].id == "to_county"
    assert f.data["missing"] == ["scene", "course", "estimated_loss", "measures"]
    # and the missing written report is its own finding, a 整改项, not a second deficiency
    [w] = rule(found, "static.report_no_written")
    assert w.severity == "整改项" and w.refs[0].id == "to_county"
    assert "没有书面报告" in w.title.zh and "no written report" in w.title.en


def test_a_written_report_without_a_limit_is_an_improvement_not_a_legal_breach(
    tmp_path: Path,
) -> None:
    path = written_variant(tmp_path, "    limit_min: 120\n", "")
    found = check(path)
    [f] = rule(found, "static.report_no_limit")
    assert f.severity == "改进项" and f.refs[0].id == "to_county_written"
    assert rule(found, "static.report_limit_exceeds_law") == []


def test_a_report_limit_longer_than_the_legal_hour(tmp_path: Path) -> None:
    path = variant(tmp_path, ("    limit_min: 60\n", "    limit_min: 90\n"))
    [f] = rule(check(path), "static.report_limit_exceeds_law")
    assert f.severity == "不足项" and f.refs[0].path == "reporting[2].limit_min"


def test_no_link_to_the_county_authority(tmp_path: Path) -> None:
    text = PLAN.read_text(encoding="utf-8")
    cut = text[: text.index("  - id: to_county")]
    path = tmp_path / "plan.yaml"
    path.write_text(cut, encoding="utf-8")
    [f] = rule(check(path), "static.report_chain_missing")
    assert f.severity == "不足项" and f.refs[0].path == "reporting"


def test_an_outside_team_nothing_calls(tmp_path: Path) -> None:
    path = variant(
        tmp_path,
        ("    notifies: [ems120]\n", ""),
        ("    effects: [{notify: ems120}]\n", ""),
    )
    [f] = rule(check(path), "static.outside_never_called")
    assert f.severity == "不足项" and f.data["organisations"] == ["ems120"]


def test_evacuation_without_a_headcount(tmp_path: Path) -> None:
    path = variant(
        tmp_path,
        ("    location: assembly_point\n", "    location: oxidation_workshop\n"),
    )
    [f] = rule(check(path), "static.no_headcount")
    assert f.severity == "改进项"


def test_termination_without_criteria(tmp_path: Path) -> None:
    path = variant(tmp_path, ("    after: [hand_over_ems, verify_atmosphere, headcount]\n", ""))
    [f] = rule(check(path), "static.termination_without_criteria")
    assert f.severity == "整改项" and f.refs[0].id == "terminate"


def tripod_far_away(depot_min: float) -> tuple[Plan, Scenario]:
    """The sewage sump of tests/data with a tripod and winch kept at the company's depot,
    ``depot_min`` from the works yard (8 km of town roads: about 15 min)."""
    from sim import load

    pit = load(Path(__file__).resolve().parent.parent / "data" / "sewage-pit.yaml")
    world = pit.scenario.model_dump(mode="json", by_alias=True, exclude_none=True)
    world["site"]["locations"].append({"id": "depot", "name": "公司物资库", "kind": "offsite"})
    world["site"]["travel"]["links"].append({"between": ["yard", "depot"], "minutes": depot_min})
    raw = pit.plan.model_dump(mode="json", by_alias=True, exclude_none=True)
    raw["resources"].append(
        {
            "id": "tripod",
            "name": "三脚架及绞盘",
            "type": "tripod",
            "quantity": 1,
            "location": "depot",
        }
    )
    raw["steps"].append(
        {
            "id": "tripod_lift",
            "name": "门卫架设三脚架非进入式救援",
            "owner": "guard",
            "after": ["call_119"],
            "resources": [{"type": "tripod", "quantity": 1}],
            "duration": 3.0,
            "location": "sump_mouth",
            "critical": True,
            "effects": [
                {
                    "rescue": {
                        "location": "sump",
                        "to": "yard",
                        "method": "non_entry",
                        "minutes_per_person": 1.5,
                    }
                }
            ],
        }
    )
    return Plan.model_validate(raw), Scenario.model_validate(world)


def test_equipment_other_than_scba_stored_far_from_its_use() -> None:
    """The guard fetches the tripod from the depot: guard room -> yard -> depot -> yard ->
    sump mouth is 1 + 15 + 15 + 0.5 = 31.5 min against 1.5 min direct."""
    plan, scenario = tripod_far_away(15.0)
    [f] = rule(check_plan(plan, scenario), "static.equipment_out_of_reach")
    assert f.data["resource"] == "tripod" and f.data["step"] == "tripod_lift"
    assert f.data["route_min"] == 31.5 and f.data["extra_min"] == 30.0
    assert f.severity == "整改项"  # a critical step
    # kept a minute away it is on the way: no finding
    near, scenario = tripod_far_away(0.5)
    assert rule(check_plan(near, scenario), "static.equipment_out_of_reach") == []
