"""Consequences after the alarm weigh in the rating and cap it, with the rule shown."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.consequences import Consequence, consequences
from scoring.kpi import kpis
from scoring.ratings import rate
from scoring.rules import HSEEP_ORDER
from scoring.scorecard import score
from sim import Loaded, simulate
from sim.events import EventLog
from sim.physics.probit import toxic_death_probability_from_load
from tests.scoring import Log


def by_key(items: list[Consequence], key: str) -> Consequence:
    return next(c for c in items if c.key == key)


def residents_log(
    *, alarm: float, p_death: float, residents: int, idlh_min: float, stop: float | None
) -> EventLog:
    """Poisoning scenario ids; a crowd breathing the leak for 35 min after the alarm."""
    log = Log(alarm=alarm)
    if residents:
        log.add(
            alarm + 35.0,
            "exposure",
            actor="li",
            location="generator_room_door",
            substance="H2S",
            minutes=35.0,
            toxic_load=1.0,
            above_idlh_min=idlh_min,
            above_aegl2_min=max(idlh_min, 1.0),
            protected=False,
            count=residents,
        )
    log.add(
        alarm + 35.0,
        "exposure",
        actor="wang",
        location="generator_room",
        substance="H2S",
        minutes=alarm + 35.0,
        toxic_load=1.0,
        toxic_load_after_alarm=1.0,
        above_idlh_min=0.0,
        above_aegl2_min=0.0,
        protected=False,
        count=1,
    )
    if stop is not None:
        log.add(stop, "release_stopped", actor="control_operators", hazard="h2s_leak")
    log.add(60.0, "outcome", actor="wang", substance="H2S", count=1, probability_of_death=p_death)
    return log.end(60.0)


def test_the_good_poisoning_plan_is_capped_by_the_casualtys_probable_death(
    poisoning: Loaded,
) -> None:
    log = simulate(poisoning.scenario, poisoning.plan, seed=1)
    card = score(log, poisoning.scenario, poisoning.plan, seed=1)
    deaths = by_key(card.consequences, "deaths_after_alarm")
    wang = log.first("outcome", actor="wang")
    exposure = log.first("exposure", actor="wang")
    assert wang is not None and exposure is not None
    # Wang stops breathing before the alarm: all he breathed is the accident's share
    before = exposure.details["toxic_load"] - exposure.details.get("toxic_load_after_alarm", 0.0)
    p_before = toxic_death_probability_from_load("H2S", before)
    expected = wang.details["probability_of_death"] - p_before
    assert deaths.value == pytest.approx(expected, abs=1e-3) and deaths.value > 0.1
    assert deaths.cap is not None and deaths.cap.objective == "M"
    rescue = next(r for r in card.objectives if r.objective == "rescue")
    assert rescue.hseep == "M" and "报警后暴露所致预计死亡" in rescue.rule.zh
    assert card.overall.hseep in ("M", "U") and "后果" in card.overall.rule.zh
    assert rescue.score is not None and rescue.score < 100


def test_crowd_above_idlh_after_the_alarm_rates_u(poisoning: Loaded) -> None:
    log = residents_log(alarm=5.0, p_death=0.0, residents=200, idlh_min=35.0, stop=12.0)
    found = consequences(log, poisoning.scenario, poisoning.plan)
    idlh = by_key(found, "people_above_idlh_after_alarm")
    assert idlh.value == 200 and idlh.cap is not None and idlh.cap.overall == "U"
    per, overall = rate(kpis(log, poisoning.scenario, poisoning.plan), [], None, found)
    protection = next(r for r in per if r.objective == "protection")
    assert protection.hseep == "U" and overall.hseep == "U"


def test_a_release_still_running_at_the_end_makes_source_control_u(poisoning: Loaded) -> None:
    log = residents_log(alarm=5.0, p_death=0.0, residents=0, idlh_min=0.0, stop=None)
    found = consequences(log, poisoning.scenario, poisoning.plan)
    release = by_key(found, "release_after_alarm")
    assert release.value == pytest.approx(55.0) and release.score == 0.0
    assert release.cap is not None and (release.cap.objective, release.cap.overall) == ("U", "M")
    per, overall = rate(kpis(log, poisoning.scenario, poisoning.plan), [], None, found)
    control = next(r for r in per if r.objective == "control")
    assert control.hseep == "U" and HSEEP_ORDER.index(overall.hseep or "P") >= 2


def test_exposure_before_the_alarm_is_the_accidents(poisoning: Loaded) -> None:
    # the crowd's exposure ended before the alarm: not the response's consequence
    log = (
        Log(alarm=20.0)
        .add(
            15.0,
            "exposure",
            actor="li",
            location="generator_room_door",
            substance="H2S",
            minutes=15.0,
            toxic_load=1.0,
            above_idlh_min=10.0,
            above_aegl2_min=12.0,
            protected=False,
            count=50,
        )
        .end(60.0)
    )
    found = consequences(log, poisoning.scenario, poisoning.plan)
    assert by_key(found, "people_above_idlh_after_alarm").value == 0
    assert by_key(found, "people_above_aegl2_after_alarm").value == 0


@settings(max_examples=60, deadline=None)
@given(
    p=st.lists(st.floats(0.0, 1.0), min_size=2, max_size=2),
    people=st.lists(st.integers(0, 300), min_size=2, max_size=2),
    stop=st.lists(st.one_of(st.none(), st.floats(6.0, 59.0)), min_size=2, max_size=2),
)
def test_worse_consequences_never_rate_better(
    poisoning: Loaded, p: list[float], people: list[int], stop: list[float | None]
) -> None:
    def worse(a: float | None, b: float | None) -> tuple[float | None, float | None]:
        # None (never stopped) is the worst stop time
        key = [99.0 if x is None else x for x in (a, b)]
        return (a, b) if key[0] <= key[1] else (b, a)

    better_stop, worse_stop = worse(*stop)
    runs = [
        residents_log(
            alarm=5.0,
            p_death=min(p),
            residents=min(people),
            idlh_min=10.0,
            stop=better_stop,
        ),
        residents_log(
            alarm=5.0,
            p_death=max(p),
            residents=max(people),
            idlh_min=10.0,
            stop=worse_stop,
        ),
    ]
    # everything else equal: the same KPIs and no findings
    fixed = kpis(runs[0], poisoning.scenario, poisoning.plan)
    ratings = [
        rate(fixed, [], None, consequences(log, poisoning.scenario, poisoning.plan)) for log in runs
    ]
    for (per_a, overall_a), (per_b, overall_b) in [ratings]:
        pairs = [*zip(per_a, per_b, strict=True), (overall_a, overall_b)]
        for a, b in pairs:
            if a.hseep is not None and b.hseep is not None:
                assert HSEEP_ORDER.index(b.hseep) >= HSEEP_ORDER.index(a.hseep)
            if a.score is not None and b.score is not None:
                assert b.score <= a.score + 1e-9


def container_log(*, reduced: float | None = None, stopped: float | None = None) -> EventLog:
    """The waterworks' one-tonne chlorine container (empty after 46.8 min at full rate):
    alarm T+0:30, its liquid valve capped to a tenth or cut off when given, end T+4:00."""
    log = EventLog()
    log.append(0.0, "accident", actor="container_leak", location="container_bay")
    log.append(0.5, "alarm", actor="inject:valve_fails")
    if reduced is not None:
        log.append(reduced, "release_changed", hazard="container_leak", factor=0.1)
    if stopped is not None:
        log.append(stopped, "release_stopped", actor="hazmat_team", hazard="container_leak")
    log.append(240.0, "end", horizon=240.0, reason="horizon")
    return log


def test_a_container_nobody_stopped_ran_for_as_long_as_it_held_chlorine(
    waterworks: Loaded,
) -> None:
    """A release that ends by itself when its vessel is empty is not 'still releasing at
    the end': it ran 46.3 min after the alarm, not the run's 239.5."""
    found = consequences(container_log(), waterworks.scenario, waterworks.plan)
    release = by_key(found, "release_after_alarm")
    assert release.value == pytest.approx(46.8 - 0.5, abs=0.1)
    assert release.cap is None and release.score is not None and release.score > 0
    assert release.note is not None and "泄空" in release.note.zh
    assert "ran dry at T+0:46:" in release.note.en
    [k] = [
        k
        for k in kpis(container_log(), waterworks.scenario, waterworks.plan)
        if k.key == "release_stopped"
    ]
    assert k.status == "missed" and k.note is not None and "ran dry" in k.note.en


def test_a_cap_after_the_container_ran_dry_did_not_shorten_the_release(
    waterworks: Loaded,
) -> None:
    found = consequences(container_log(stopped=70.0), waterworks.scenario, waterworks.plan)
    assert by_key(found, "release_after_alarm").value == pytest.approx(46.3, abs=0.1)


def test_a_capped_valve_makes_the_rest_last_longer_and_stopping_it_then_counts(
    waterworks: Loaded,
) -> None:
    """Capped to a tenth at T+20, the 26.8 min of chlorine left would last 268 min: the
    release runs until the hazmat team stops it at T+60, not until the full-rate empty
    time."""
    log = container_log(reduced=20.0, stopped=60.0)
    found = consequences(log, waterworks.scenario, waterworks.plan)
    release = by_key(found, "release_after_alarm")
    assert release.value == pytest.approx(59.5) and release.note is None
