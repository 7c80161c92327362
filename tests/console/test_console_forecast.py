"""The forecast's intervals: what a facilitator reads off the forecast dialog."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.console.forecast import Tally, outcomes, survival_interval


def test_a_fate_fixed_at_60_percent_keeps_a_wilson_interval_over_200_replications() -> None:
    """Every replication gives the casualty the same 60 % chance (his dose is already taken):
    the share of 200 replications he would survive is 120 expected, Wilson 53.1 %-66.5 %,
    not the zero-width '60 %-60 %' of the mean probability."""
    p, low, high = survival_interval([0.6] * 200)
    assert p == pytest.approx(0.6)
    assert (low, high) == pytest.approx((0.5308, 0.6654), abs=5e-4)


def test_outcomes_already_decided_give_the_wilson_interval_of_their_count() -> None:
    """81 survivals of 263 (Newcombe 1998, Stat. Med. 17, 857, example c): 0.2553-0.3662."""
    _, low, high = survival_interval([1.0] * 81 + [0.0] * 182)
    assert (low, high) == pytest.approx((0.2553, 0.3662), abs=5e-4)


def test_people_not_exposed_in_a_replication_survive_it() -> None:
    tally = Tally()
    tally.add({"survival": {"wang": 0.5}, "report": True, "release": {}})
    tally.add({"survival": {}, "report": True, "release": {}})
    (wang,) = [o for o in outcomes(tally) if o.key == "survives"]
    assert wang.p == pytest.approx(0.75) and wang.n == 2


def test_a_worker_unpickles_a_forecast_once_for_all_its_chunks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every chunk of a forecast carries the same pickled inputs: the worker keeps what it
    unpickled, so the scenario and plan are the same objects from chunk to chunk (what
    their replications set up once is found again), and the chunks agree with one run."""
    import pickle

    from scoring.rules import default_rules
    from sim import load, runner
    from tests.conftest import POISONING
    from tui.console import forecast

    loaded = load(POISONING)
    rules = default_rules()
    inputs = pickle.dumps((loaded.scenario, loaded.plan, rules, [], 20.0, 1))
    monkeypatch.setattr(runner, "_KEPT", {})
    seen: list[int] = []
    real = forecast.summarise

    def spy(scenario: object, *args: object) -> list[dict[str, object]]:
        seen.append(id(scenario))
        return real(scenario, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(forecast, "summarise", spy)
    first = forecast.summarise_pickled(inputs, [0, 1])
    second = forecast.summarise_pickled(inputs, [2])
    assert len(seen) == 2 and seen[0] == seen[1]
    assert first + second == real(loaded.scenario, loaded.plan, rules, [], 20.0, [0, 1, 2], 1)


def _names(ident: str) -> str:
    return {"county_bureau": "县应急管理局", "wang": "王某"}.get(ident, ident)


def test_a_plan_without_a_report_gets_a_row_saying_so() -> None:
    """The pool's plan reports to nobody: the forecast must not stay silent on the report
    a unit owes within the hour (《生产安全事故报告和调查处理条例》 Art. 9)."""
    from scoring.rules import default_rules
    from sim import load
    from tui.console.forecast import outcome_label, summarise

    loaded = load(Path(__file__).parents[1] / "data" / "pool-chlorine.yaml")
    tally = Tally()
    for one in summarise(loaded.scenario, loaded.plan, default_rules(), [], 3.0, [0, 1], 1):
        tally.add(one)
    [row] = [o for o in outcomes(tally) if o.key == "report_in_time"]
    assert row.subject is None and row.limit_min == 60 and row.p == 0.0 and row.n == 2
    assert outcome_label(row, "zh", _names) == (
        "预案无法定报告：应在 60 分钟内报告应急管理部门（条例第九条）"
    )
    assert outcome_label(row, "en", _names) == ("No report in the plan (law: 60 min, Art. 9)")


def test_a_report_row_names_its_receiver_and_limit() -> None:
    from tui.console.forecast import Outcome, outcome_label

    row = Outcome("report_in_time", "county_bureau", 0.9, 0.8, 0.95, 200, 60.0)
    assert outcome_label(row, "zh", _names) == "按时报告县应急管理局（60 分钟）"
    assert outcome_label(row, "en", _names) == "Report within 60 min to 县应急管理局"
    survives = Outcome("survives", "wang", 0.5, 0.4, 0.6, 200)
    assert outcome_label(survives, "zh", _names) == "王某 存活"
