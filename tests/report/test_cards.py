"""Response cards, inject cards and role sheets for every bundled plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.report.cards import build_cards
from scoring.report.document import Callout, Document, Items
from sim.loader import load
from tests.conftest import BUNDLED, POISONING
from tests.report.conftest import pdf_page_count, run_cli

PLANS = sorted(BUNDLED.glob("*plan*.yaml"))


def _items(doc: Document, section: str) -> list[str]:
    s = next(x for x in doc.sections if x.id == section)
    return [i for b in s.blocks if isinstance(b, Items) for i in b.items]


@pytest.mark.parametrize("plan_path", PLANS, ids=lambda p: p.name)
def test_every_position_with_work_has_a_response_card(plan_path: Path) -> None:
    scenario = BUNDLED / f"{plan_path.name.split('-plan')[0]}.yaml"  # its scenario
    plan = load(scenario, plan_path).plan
    for lang in ("zh", "en"):
        doc = build_cards(plan, "response", lang)
        owners = {s.owner for s in plan.steps}
        assert {f"card-{r}" for r in owners} <= {s.id for s in doc.sections}
        assert doc.cards
        roles = build_cards(plan, "role", lang)
        assert [s.id for s in roles.sections] == [f"role-{t.id}" for t in plan.teams]


def test_the_rescue_card_says_where_the_breathing_apparatus_is_and_forbids_entry_without_it() -> (
    None
):
    loaded = load(POISONING)
    doc = build_cards(loaded.plan, "response", "zh", loaded.scenario)
    card = next(s for s in doc.sections if s.id == "card-rescue_leader")
    kit = _items(doc, "card-rescue_leader")
    assert any("正压式空气呼吸器" in line and "存放于" in line for line in kit)
    never = [b.text for b in card.blocks if isinstance(b, Callout) and b.tone == "danger"]
    assert any("严禁未佩戴正压式空气呼吸器进入尾气发电机房" in t for t in never)
    assert any("严禁盲目施救" in t for t in never)


def test_the_unit_head_card_reports_to_the_county_within_the_legal_hour() -> None:
    loaded = load(POISONING)
    doc = build_cards(loaded.plan, "response", "zh", loaded.scenario)
    calls = _items(doc, "card-unit_head")
    county = [c for c in calls if "县应急管理局" in c and "时限 60 分钟" in c]
    assert county and "第九条" in county[0]
    assert "伤亡人数" in county[0]


def test_the_unit_head_card_names_each_report_stage_to_the_county() -> None:
    loaded = load(POISONING)
    zh = _items(build_cards(loaded.plan, "response", "zh", loaded.scenario), "card-unit_head")
    assert any(c.startswith("电话快报县应急管理局") and "时限 60 分钟" in c for c in zh)
    assert any(c.startswith("向县应急管理局书面报告") and "时限 120 分钟" in c for c in zh)
    assert any(c.startswith("伤亡情况变化时向县应急管理局续报") for c in zh)
    en = _items(build_cards(loaded.plan, "response", "en", loaded.scenario), "card-unit_head")
    assert any(c.startswith("Send the written report to") and "120 min" in c for c in en)


def test_inject_cards_follow_the_scenario_and_ask_the_players() -> None:
    loaded = load(POISONING)
    doc = build_cards(loaded.plan, "inject", "en", loaded.scenario)
    assert [s.id for s in doc.sections] == [f"inject-{i.id}" for i in loaded.scenario.injects]
    for s in doc.sections:
        assert _items(doc, s.id), "every inject card asks the players something"


def test_cards_command_writes_one_printed_page_per_card(tmp_path: Path) -> None:
    out = run_cli(
        "cards",
        str(BUNDLED / "poisoning-plan.yaml"),
        "--scenario",
        str(POISONING),
        "--kind",
        "inject",
        "--format",
        "pdf,html",
        "--out",
        str(tmp_path),
    )
    assert "inject-cards.zh.pdf" in out
    loaded = load(POISONING)
    pdf = (tmp_path / "inject-cards.zh.pdf").read_bytes()
    assert pdf_page_count(pdf) == len(loaded.scenario.injects)
    html = (tmp_path / "inject-cards.zh.html").read_text(encoding="utf-8")
    assert html.count('<section id="inject-') == len(loaded.scenario.injects)


def test_inject_cards_without_a_scenario_are_refused_in_words(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from tui.cli import main

    result = CliRunner().invoke(
        main,
        ["cards", str(BUNDLED / "poisoning-plan.yaml"), "--kind", "inject", "--out", str(tmp_path)],
    )
    assert result.exit_code == 2
    assert "--scenario" in result.output
    assert not list(tmp_path.iterdir())


def test_the_water_works_cards_name_the_curtain_and_the_airing_out() -> None:
    plan = load(BUNDLED / "waterworks.yaml").plan
    text = build_cards(plan, "response", "zh").model_dump_json()
    assert "设置水幕稀释" in text and "解除就地避险，开窗通风" in text


@pytest.mark.parametrize("plan_path", PLANS, ids=lambda p: p.name)
def test_chinese_cards_read_in_chinese_punctuation(plan_path: Path) -> None:
    """A printed card is read by a shift leader: 《条例》第九条（立即报告）。内容：…, not
    '[... (立即报告)]. 内容: ...'."""
    scenario = BUNDLED / f"{plan_path.name.split('-plan')[0]}.yaml"
    loaded = load(scenario, plan_path)
    doc = build_cards(loaded.plan, "response", "zh", loaded.scenario)
    items = [i for s in doc.sections for b in s.blocks if isinstance(b, Items) for i in b.items]
    reports = [i for i in items if "时限" in i and "内容" in i]
    assert reports
    for line in reports:
        assert "]." not in line and "内容:" not in line and "(含下落不明)" not in line, line
        assert "。内容：" in line, line
