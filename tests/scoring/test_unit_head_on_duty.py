"""A small unit's plan whose principal person in charge is also the duty officer: the
first call reaches the unit head, so no report link to the head is missing and the head
is informed when the alarm reaches the duty post (《生产安全事故报告和调查处理条例》
Art. 9: the people at the scene report to the unit's head at once)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.check import check_plan
from scoring.kpi import kpis
from scoring.rules import load_rules
from sim import load, simulate

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.mark.parametrize("name", ["pool-chlorine", "sewage-pit", "cold-store", "chlorine"])
def test_a_unit_head_on_duty_is_informed_with_the_alarm(name: str) -> None:
    loaded = load(DATA / f"{name}.yaml")
    plan = loaded.plan
    assert plan.unit_head == plan.duty_officer
    log = simulate(loaded.scenario, plan, 1)
    [head] = [
        k for k in kpis(log, loaded.scenario, plan, load_rules()) if k.key == "unit_head_informed"
    ]
    heard = min(
        e.t
        for e in log
        if e.kind == "team_alerted"
        and e.actor in {t for r in plan.roles if r.id == plan.unit_head for t in r.staffed_by}
    )
    assert head.t_min == pytest.approx(heard) and head.status == "met"
    assert head.note is not None and "接警即接报" in head.note.zh


def test_no_report_link_to_a_unit_head_who_takes_the_first_call() -> None:
    loaded = load(DATA / "pool-chlorine.yaml")
    plan = loaded.plan
    missing = [f for f in check_plan(plan) if f.rule == "static.report_chain_missing"]
    # the report to the authority is still missing; none to the head who took the call
    assert [f.title.en for f in missing] == ["No reporting link reaches the county authority"]
    # the same plan with another role on the duty post must report to its head
    other = plan.model_copy(update={"duty_officer": "guards"})
    titles = [f.title.en for f in check_plan(other) if f.rule == "static.report_chain_missing"]
    assert "No reporting link reaches the unit head '值班经理'" in titles


def test_a_report_limits_basis_reads_in_english_where_the_plan_gives_it() -> None:
    """The plan's own words for the rule behind a limit: 'basis' in Chinese, 'basis_en' in
    English output, the Chinese where no English is given."""
    from tests.conftest import BUNDLED

    loaded = load(BUNDLED / "poisoning.yaml")
    log = simulate(loaded.scenario, loaded.plan, 1)
    by_key = {k.key: k for k in kpis(log, loaded.scenario, loaded.plan, load_rules())}
    source = by_key["authority_informed"].target_source
    assert "（《生产安全事故报告和调查处理条例》第九条（1小时内））" in source.zh
    assert source.en.endswith(
        "(Regulation on the Reporting, Investigation and Handling of Production Safety "
        "Accidents, Art. 9 (within 1 hour))"
    )
    link = next(lk for lk in loaded.plan.reporting if lk.id == "to_county")
    bare = loaded.plan.model_copy(
        update={
            "reporting": [
                lk.model_copy(update={"basis_en": None}) if lk is link else lk
                for lk in loaded.plan.reporting
            ]
        }
    )
    by_key = {k.key: k for k in kpis(log, loaded.scenario, bare, load_rules())}
    assert "第九条" in by_key["authority_informed"].target_source.en
