"""A government department's own plan reports upward under Art. 11, not Art. 9.

The county emergency management bureau's special plan for a road-tanker accident
(tests/data/nh3-tanker-plan.yaml) is the plan of an authority: its director reports to
the city bureau. 《生产安全事故报告和调查处理条例》 Art. 9 gives the unit where the
accident happened one hour to report to the county authority; Art. 11 gives the
departments two hours for each level they report up. A 120-minute limit to the city is
the law, not a breach of it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.check import check_plan
from scoring.gaps import findings
from scoring.kpi import Kpi, kpis
from sim import Loaded, load
from sim.loader import load_plan
from sim.plan import Organisation
from tests.scoring import Log, one, rule

DATA = Path(__file__).parents[1] / "data"
TANKER = DATA / "nh3-tanker.yaml"
PLAN = DATA / "nh3-tanker-plan.yaml"


def city_only(tmp_path: Path, limit: str = "120") -> Path:
    """The plan with the county-government link cut, so the city report is the first."""
    text = PLAN.read_text(encoding="utf-8")
    start = text.index("  - id: to_county_gov")
    end = text.index("  - id: to_city_bureau\n")
    text = text[:start] + text[end:]
    basis = "    basis: 《生产安全事故报告和调查处理条例》第十一条"
    old = "    limit_min: 120\n" + basis
    assert old in text
    text = text.replace(old, f"    limit_min: {limit}\n" + basis)
    path = tmp_path / "nh3-tanker-plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_bureaus_two_hours_to_the_city_are_the_law_not_a_breach() -> None:
    plan, doc = load_plan(PLAN)
    found = check_plan(plan, plan_doc=doc)
    assert rule(found, "static.report_limit_exceeds_law") == []


def test_longer_than_two_hours_upward_is_a_breach_of_article_11(tmp_path: Path) -> None:
    plan, doc = load_plan(city_only(tmp_path, "150"))
    [f] = rule(check_plan(plan, plan_doc=doc), "static.report_limit_exceeds_law")
    assert f.refs[0].id == "to_city_bureau"
    assert "法定 120 分钟" in f.evidence.zh and "第十一条" in f.evidence.zh
    assert "law 120 min" in f.evidence.en and "Art. 11" in f.evidence.en


def test_a_units_report_to_the_county_keeps_the_hour_of_article_9(tmp_path: Path) -> None:
    """The same check on an enterprise's plan: nothing changes for the unit head."""
    poisoning = Path(__file__).parents[2] / "scenarios" / "poisoning-plan.yaml"
    text = poisoning.read_text(encoding="utf-8").replace(
        "    limit_min: 60\n", "    limit_min: 90\n", 1
    )
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    plan, doc = load_plan(path)
    [f] = rule(check_plan(plan, plan_doc=doc), "static.report_limit_exceeds_law")
    assert "法定 60 分钟" in f.evidence.zh and "第九条" in f.evidence.zh


@pytest.fixture
def city_first(tmp_path: Path) -> Loaded:
    return load(TANKER, city_only(tmp_path))


@pytest.mark.parametrize(("arrived", "status"), [(95.0, "met"), (140.0, "late")])
def test_the_phone_report_to_the_city_is_judged_against_two_hours(
    city_first: Loaded, arrived: float, status: str
) -> None:
    """Director informed at T+5, the city's phone report 90 min later: within Art. 11."""
    log = (
        Log(alarm=2.0)
        .add(5.0, "report_received", actor="commander", report="duty_to_director")
        .add(arrived, "report_received", actor="city_bureau", report="to_city_bureau")
        .end(300)
    )
    k = one(kpis(log, city_first.scenario, city_first.plan), "authority_informed")
    assert k.target == 120 and k.legal and k.status == status
    found = findings(log, city_first.scenario, city_first.plan)
    if status == "met":
        assert rule(found, "dynamic.report_legal_limit") == []
    else:
        [f] = rule(found, "dynamic.report_legal_limit")
        assert f.forces_u and f.data["legal_limit_min"] == 120


# --- the KPI names the kind of authority the report goes to ----------------------------


def _tanker_kpis(plan_path: Path) -> list[Kpi]:
    loaded = load(TANKER, plan_path)
    log = (
        Log(alarm=2.0)
        .add(5.0, "report_received", actor="commander", report="duty_to_director")
        .end(300)
    )
    return kpis(log, loaded.scenario, loaded.plan)


def test_a_report_to_the_county_governments_duty_office_is_named_as_such() -> None:
    """The bureau reports first to the county people's government (Art. 10), in writing to
    the city bureau: neither label may say 应急管理部门 for the government."""
    found = _tanker_kpis(PLAN)
    phone = one(found, "authority_informed")
    assert phone.subject == "county_gov"
    assert (phone.label.zh, phone.label.en) == ("报告人民政府", "People's government informed")
    written = one(found, "authority_written")
    assert written.subject == "city_bureau"
    assert written.label.zh == "书面报告应急管理部门"
    assert written.label.en == "Written report to the emergency management department"


def test_a_department_with_safety_duties_is_named_a_department(tmp_path: Path) -> None:
    """A pipeline's protection authority (a development and reform bureau) is one of the
    'departments with safety supervision duties' of Art. 9, not an emergency bureau."""
    text = PLAN.read_text(encoding="utf-8").replace(
        "    name: 县人民政府总值班室\n", "    name: 县发展和改革局(管道保护主管部门)\n"
    )
    path = tmp_path / "nh3-tanker-plan.yaml"
    path.write_text(text, encoding="utf-8")
    phone = one(_tanker_kpis(path), "authority_informed")
    assert (phone.label.zh, phone.label.en) == ("报告有关部门", "Department concerned informed")


def test_the_plan_can_say_what_kind_of_authority_it_reports_to(tmp_path: Path) -> None:
    """A name that does not tell (县安委会办公室) is typed by 'authority_kind'."""
    text = PLAN.read_text(encoding="utf-8").replace(
        "    name: 县人民政府总值班室\n",
        "    name: 县安委会办公室\n    authority_kind: emergency_management\n",
    )
    path = tmp_path / "nh3-tanker-plan.yaml"
    path.write_text(text, encoding="utf-8")
    phone = one(_tanker_kpis(path), "authority_informed")
    assert phone.label.zh == "报告应急管理部门"


def test_authority_kind_is_only_for_authorities() -> None:
    with pytest.raises(ValueError, match="'authority_kind' is for an organisation of kind"):
        Organisation.model_validate(
            {
                "id": "ems",
                "name": "县120急救中心",
                "kind": "ems",
                "base": "x",
                "authority_kind": "government",
            }
        )
