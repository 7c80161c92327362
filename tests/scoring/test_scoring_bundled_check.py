"""Every good bundled plan passes ``drillsim check`` against its scenario: 0 不足项.

The flawed revision is the control: the same check fails it."""

from __future__ import annotations

import pytest

from scoring.scorecard import check_report
from sim import load
from tests.conftest import BUNDLED
from tests.scoring import FLAWED

SCENARIOS = sorted(p for p in BUNDLED.glob("*.yaml") if "plan" not in p.name)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.stem)
def test_the_bundled_plan_passes_the_check(scenario) -> None:  # type: ignore[no-untyped-def]
    loaded = load(scenario)
    report = check_report(
        loaded.plan, loaded.scenario, plan_doc=loaded.plan_doc, scenario_doc=loaded.scenario_doc
    )
    deficiencies = [f.title.zh for f in report.findings if f.severity == "不足项"]
    assert deficiencies == [] and not report.failed


def test_the_flawed_revision_fails_the_same_check() -> None:
    loaded = load(BUNDLED / "poisoning.yaml", FLAWED)
    report = check_report(
        loaded.plan, loaded.scenario, plan_doc=loaded.plan_doc, scenario_doc=loaded.scenario_doc
    )
    assert report.failed and report.counts["不足项"] >= 3
