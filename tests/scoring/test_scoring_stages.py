"""Reports to the county bureau judged stage by stage, on hand-built logs of the poisoning
scenario: the phone report within the legal hour, the written report within the plan's
limit, a follow-up after a death, and a level's call that is not the report."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.gaps import findings
from scoring.kpi import kpis
from scoring.scorecard import score
from sim import Loaded, load, simulate
from sim.events import EventLog
from tests.conftest import BUNDLED, POISONING
from tests.scoring import FLAWED, Log, one, rule


def chain(phone: float | None, *, called: float | None = None) -> Log:
    """Alarm T+2, unit head informed T+10; the level I call and the phone report when given."""
    log = Log(alarm=2.0).add(10.0, "report_received", actor="unit_head", report="to_unit_head")
    if called is not None:
        log.add(called, "notified", actor="county_bureau", by="level:level_i")
    if phone is not None:
        log.add(phone, "report_received", actor="county_bureau", report="to_county", stage="phone")
    return log


def test_a_phone_report_within_the_hour_meets_the_legal_limit(poisoning: Loaded) -> None:
    log = chain(55.0).end(240)
    k = one(kpis(log, poisoning.scenario, poisoning.plan), "authority_informed")
    assert k.status == "met" and k.value == pytest.approx(45.0) and k.legal
    assert (
        rule(findings(log, poisoning.scenario, poisoning.plan), "dynamic.report_legal_limit") == []
    )


@pytest.mark.parametrize(("written", "status"), [(145.0, "met"), (180.0, "late")])
def test_the_written_report_counts_its_120_min_from_the_phone_reports_arrival(
    poisoning: Loaded, written: float, status: str
) -> None:
    log = (
        chain(40.0)
        .add(written, "report_received", actor="county_bureau", report="to_county_written")
        .end(240)
    )
    k = one(kpis(log, poisoning.scenario, poisoning.plan), "authority_written")
    assert k.start == "phone_report" and k.start_min == 40.0
    assert k.target == 120 and k.target_from_plan and not k.legal
    assert k.value == pytest.approx(written - 40.0) and k.status == status
    assert k.refs[0].path == "reporting[3].limit_min"


def test_a_late_written_report_is_a_corrective_action_not_a_legal_breach(
    poisoning: Loaded,
) -> None:
    log = (
        chain(40.0)
        .add(
            180.0,
            "report_sent",
            actor="unit_head",
            report="to_county_written",
            stage="written",
            limit_min=120,
            deadline=160.0,
            late=True,
        )
        .add(180.0, "report_received", actor="county_bureau", report="to_county_written")
        .end(240)
    )
    [f] = rule(findings(log, poisoning.scenario, poisoning.plan), "dynamic.report_late")
    assert f.severity == "整改项" and not f.forces_u
    assert f.data["report"] == "to_county_written"
    assert "20.0 分钟" in f.title.zh and "20.0 min past its limit" in f.title.en


def test_a_level_call_at_t11_with_no_report_is_the_legal_breach_in_words(
    poisoning: Loaded,
) -> None:
    log = chain(None, called=11.0).end(240)
    found = findings(log, poisoning.scenario, poisoning.plan)
    [f] = rule(found, "dynamic.report_legal_limit")
    assert f.forces_u and f.severity == "不足项"
    assert f.title.zh == "未在法定时限内报告县应急管理局"
    assert f.evidence.zh.startswith("县应急管理局 T+0:11:00 接到通知（非法定报告）；电话快报未发出")
    assert f.evidence.en.startswith(
        "County emergency management bureau notified at T+0:11:00 (a notification, not the "
        "legal report); no phone report"
    )


def test_a_notification_and_a_later_phone_report_are_both_named(poisoning: Loaded) -> None:
    """The issue's night: the bureau hears of it from level I at T+11, the report is T+46."""
    log = chain(46.0, called=11.0).end(240)
    k = one(kpis(log, poisoning.scenario, poisoning.plan), "authority_informed")
    assert k.status == "met" and k.t_min == 46.0  # the report counts, not the call
    assert k.note is not None
    assert k.note.zh == "县应急管理局 T+0:11:00 接到通知（非法定报告）；电话快报 T+0:46:00"
    assert k.note.en.endswith("(a notification, not the legal report); phone report at T+0:46:00")
    card = score(log, poisoning.scenario, poisoning.plan, static=False)
    [line] = card.reporting
    assert line.organisation == "county_bureau"
    assert line.summary.zh == (
        "县应急管理局：T+0:11:00 接到通知（非法定报告）；电话快报 T+0:46:00；书面报告未发出"
    )
    assert [c.kind for c in line.contacts] == ["notification", "phone"]
    assert [c.counts for c in line.contacts] == [False, True]


def counting_plan(tmp_path: Path) -> Loaded:
    """The flawed plan, whose rule says the level I call to the bureau is the phone report."""
    text = FLAWED.read_text(encoding="utf-8")
    old = "    to_organisation: county_bureau\n    after: to_unit_head\n"
    assert old in text
    text = text.replace(old, old + "    notification_counts: true\n", 1)
    (tmp_path / "plan.yaml").write_text(text, encoding="utf-8")
    return load(POISONING, tmp_path / "plan.yaml")


def test_a_plan_that_counts_the_call_as_the_phone_report_is_judged_on_it(
    tmp_path: Path,
) -> None:
    loaded = counting_plan(tmp_path)
    log = simulate(loaded.scenario, loaded.plan, 1)
    card = score(log, loaded.scenario, loaded.plan, static=False)
    k = one(card.kpis, "authority_informed")
    called = log.first("notified", actor="county_bureau")
    assert called is not None and k.t_min == pytest.approx(called.t) and k.status == "met"
    assert rule(card.findings, "dynamic.report_legal_limit") == []
    [line] = card.reporting
    assert "由“一级响应（请求社会救援）”的通知完成，预案规定计为电话快报" in line.summary.zh
    assert "which the plan counts as its phone report" in line.summary.en


def death_after(report_at: float, *follow: float) -> EventLog:
    """Phone T+40, written T+45, Wang dies at T+50; follow-ups to the bureau at ``follow``."""
    log = (
        chain(report_at)
        .add(45.0, "report_received", actor="county_bureau", report="to_county_written")
        .add(50.0, "person", actor="wang", location="safe_area", state="dead", count=1)
    )
    for t in follow:
        log.add(t, "report_received", actor="county_bureau", report="to_county_follow_up")
    return log.end(240)


def test_a_follow_up_within_the_hour_of_a_death_is_met(poisoning: Loaded) -> None:
    log = death_after(40.0, 70.0)
    k = one(kpis(log, poisoning.scenario, poisoning.plan), "authority_follow_up")
    assert k.start == "casualty_change" and k.start_min == 50.0
    assert k.value == pytest.approx(20.0) and k.target == 60 and k.status == "met"
    assert k.subject == "wang" and k.label.zh == "续报县应急管理局（死亡后）"
    assert k.label.en == "Follow-up to County emergency management bureau (after: died)"
    found = findings(log, poisoning.scenario, poisoning.plan)
    assert [f for f in found if f.data.get("report") == "to_county_follow_up"] == []


def test_no_follow_up_after_a_death_is_a_finding_once_its_hour_has_passed(
    poisoning: Loaded,
) -> None:
    log = death_after(40.0)
    k = one(kpis(log, poisoning.scenario, poisoning.plan), "authority_follow_up")
    assert k.status == "missed"
    [f] = [
        f
        for f in rule(findings(log, poisoning.scenario, poisoning.plan), "dynamic.report_not_sent")
        if f.data.get("report") == "to_county_follow_up"
    ]
    assert f.severity == "整改项" and not f.forces_u
    assert "王某 T+0:50:00 死亡" in f.evidence.zh and "时限 T+1:50:00" in f.evidence.zh
    assert "died at T+0:50:00" in f.evidence.en


def test_a_follow_up_later_than_its_hour_is_late(poisoning: Loaded) -> None:
    log = death_after(40.0, 130.0)
    [f] = [
        f
        for f in rule(findings(log, poisoning.scenario, poisoning.plan), "dynamic.report_late")
        if f.data.get("report") == "to_county_follow_up"
    ]
    assert f.data["sent_min"] == 130.0 and f.data["deadline_min"] == 110.0


def test_a_plan_without_a_follow_up_stage_is_told_so_after_a_death(flawed: Loaded) -> None:
    log = (
        Log(alarm=2.0)
        .add(10.0, "report_received", actor="unit_head", report="to_unit_head")
        .add(40.0, "report_received", actor="county_bureau", report="to_county")
        .add(50.0, "person", actor="wang", location="safe_area", state="dead", count=1)
        .end(240)
    )
    [f] = rule(findings(log, flawed.scenario, flawed.plan), "dynamic.report_no_follow_up")
    assert f.severity == "整改项" and f.refs[0].path == "reporting"
    assert "预案无续报环节" in f.title.zh and "the plan has no follow-up stage" in f.title.en


def test_a_written_report_the_missing_phone_report_held_up_is_not_a_second_finding(
    tmp_path: Path,
) -> None:
    """One root cause, one finding: no one on the night shift sends the phone report, so
    the written report after it never goes either; that is listed under the legal breach."""
    text = FLAWED.read_text(encoding="utf-8")
    text += (
        "  - id: to_county_written\n"
        "    name: 安全环保部向县应急管理局书面报告\n"
        "    stage: written\n"
        "    sender: safety_officer\n"
        "    to_organisation: county_bureau\n"
        "    after: to_county\n"
        "    delay: {kind: triangular, low: 40, mode: 70, high: 110}\n"
        "    limit_min: 120\n"
        "    content: [unit, time, place, scene, course, casualties, estimated_loss, measures]\n"
    )
    (tmp_path / "plan.yaml").write_text(text, encoding="utf-8")
    loaded = load(POISONING, tmp_path / "plan.yaml")
    card = score(simulate(loaded.scenario, loaded.plan, 1), loaded.scenario, loaded.plan)
    assert rule(card.findings, "dynamic.report_not_sent") == []
    [legal] = rule(card.findings, "dynamic.report_legal_limit")
    assert "dynamic.report_not_sent" in legal.data["consequence_rules"]
    # the plan has its written stage now: no static finding for its absence
    assert rule(card.findings, "static.report_no_written") == []


def test_the_bundled_plans_send_a_written_report_in_every_scenario() -> None:
    for name in ("poisoning", "waterworks", "pipeline"):
        loaded = load(BUNDLED / f"{name}.yaml")
        log = simulate(loaded.scenario, loaded.plan, 1)
        stages = {
            e.details.get("stage")
            for e in log
            if e.kind == "report_received" and e.actor == "county_bureau"
        }
        assert {"phone", "written"} <= stages, name
