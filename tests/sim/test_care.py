"""Casualty care: a rescued person moves with the rescuers at carrying pace, one per bearer
pair per trip; first aid holds its crew until EMS take over; each casualty's times to
extraction, first aid, hand-over and hospital are recorded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from scoring.kpi import kpis
from sim import EventLog, Loaded, load, simulate
from sim.distributions import Fixed
from sim.plan import Plan, Resource, ResourceNeed, Step
from sim.scenario import Inject, Scenario, Variation
from sim.vocabulary import Effect
from tests.conftest import BUNDLED

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def pit() -> Loaded:
    return load(DATA / "sewage-pit.yaml")


def steady(scenario: Scenario) -> Scenario:
    """Every trip takes its typical time."""
    travel = scenario.site.travel.model_copy(update={"variation": Variation(low=1, mode=1, high=1)})
    return scenario.model_copy(update={"site": scenario.site.model_copy(update={"travel": travel})})


def edit_step(plan: Plan, step_id: str, **update: Any) -> Plan:
    steps = [s.model_copy(update=update) if s.id == step_id else s for s in plan.steps]
    return plan.model_copy(update={"steps": steps})


def one(log: EventLog, kind: str, **match: Any) -> Any:
    event = log.first(kind, **match)
    assert event is not None, (kind, match)
    return event


def test_the_casualty_arrives_with_his_rescuers_not_before(poisoning: Loaded) -> None:
    """He was 'rescued to the safe area' while his rescuers were still in the room."""
    log = simulate(steady(poisoning.scenario), poisoning.plan, 1)
    carried = one(log, "carried", actor="wang")
    rescued = one(log, "person", actor="wang", state="rescued")
    assert carried.location == "generator_room" and carried.details["by"] == "mini_fire_team"
    assert carried.details["carry"] == "stretcher" and carried.details["bearers"] == 2
    # room -> door 0.3 min, door -> safe area 0.8 min: two bearers at walking pace
    assert carried.details["minutes"] == pytest.approx(1.1)
    assert rescued.t == pytest.approx(carried.t + 1.1)
    assert rescued.location == "safe_area"
    done = one(log, "step_completed", step="scba_rescue")
    assert done.t == rescued.t  # the carry is the step's last work
    caring = one(log, "crew_caring", step="scba_rescue")
    assert caring.location == "safe_area"  # the crew is where the casualty is


def test_one_bearer_pair_carries_one_person_per_trip(pit: Loaded) -> None:
    """Three men down in the sump, one two-person crew: three trips, never two at once."""
    log = simulate(steady(pit.scenario), pit.plan, 1)
    carries = log.of_kind("carried")
    assert [c.actor for c in carries] == ["zhao", "qian", "sun"]
    assert [c.details["trip"] for c in carries] == [1, 2, 3]
    assert {c.details["carry"] for c in carries} == {"hand"}  # the plan has no stretcher
    out = [one(log, "person", actor=c.actor, state="rescued").t for c in carries]
    # sump -> yard 1.0 min carrying, 1.0 min back for the next
    assert out[1] - out[0] == pytest.approx(2.0)
    assert out[2] - out[1] == pytest.approx(2.0)
    assert len(set(out)) == 3


def test_two_pairs_carry_two_at_once_one_on_the_only_stretcher(pit: Loaded) -> None:
    stretcher = Resource(
        id="stretcher", name="担架", type="stretcher", quantity=1, location="town_fire_station"
    )
    plan = pit.plan.model_copy(update={"resources": [*pit.plan.resources, stretcher]})
    plan = edit_step(
        plan,
        "rescue",
        crew=4,
        resources=[
            ResourceNeed(resource="fire_scba", quantity=4),
            ResourceNeed(type="stretcher", quantity=1),
        ],
    )
    plan = edit_step(plan, "ventilate_sump", crew=1)
    log = simulate(steady(pit.scenario), plan, 1)
    carries = log.of_kind("carried")
    assert [(c.actor, c.details["trip"], c.details["carry"]) for c in carries] == [
        ("zhao", 1, "stretcher"),
        ("qian", 1, "hand"),
        ("sun", 2, "stretcher"),
    ]
    assert carries[0].t == carries[1].t < carries[2].t


def test_a_lone_rescuer_drags_at_half_pace(pit: Loaded) -> None:
    plan = edit_step(pit.plan, "rescue", crew=1, resources=[ResourceNeed(resource="fire_scba")])
    log = simulate(steady(pit.scenario), plan, 1)
    first = log.of_kind("carried")[0]
    assert first.details["carry"] == "drag" and first.details["bearers"] == 1
    assert first.details["minutes"] == pytest.approx(2.0)  # 1.0 min walking, doubled


def test_a_man_still_on_his_feet_walks_out_with_the_crew(pit: Loaded) -> None:
    """A crew arriving before the collapse used to leave the casualty behind."""
    weak = pit.scenario.hazards[0].model_copy(update={"leak_l_s": 0.01})
    alarm = Inject(id="alarm", at_min=1.0, message="报警", effects=[Effect(raise_alarm=True)])
    people = [p for p in pit.scenario.people if p.id == "zhao"]
    scenario = pit.scenario.model_copy(
        update={"hazards": [weak], "people": people, "injects": [alarm]}
    )
    log = simulate(steady(scenario), pit.plan, 1)
    assert log.first("person", actor="zhao", state="collapsed") is None
    walked = one(log, "carried", actor="zhao")
    assert walked.details["carry"] == "walking" and walked.details["bearers"] == 0
    rescued = one(log, "person", actor="zhao", state="rescued")
    assert rescued.location == "yard" and rescued.t == pytest.approx(walked.t + 1.0)


def test_first_aid_holds_its_crew_until_ems_take_over(poisoning: Loaded) -> None:
    """The first-aid group does not 'complete' and leave the casualty untreated."""
    restock = Step(
        id="restock",
        name="补充急救器材",
        owner="medical_group",
        after=["first_aid"],
        crew=3,
        duration=Fixed(minutes=1.0),
        location="mini_fire_station",
    )
    plan = poisoning.plan.model_copy(update={"steps": [*poisoning.plan.steps, restock]})
    log = simulate(poisoning.scenario, plan, 1)
    aid_done = one(log, "step_completed", step="first_aid")
    caring = one(log, "crew_caring", step="first_aid")
    assert caring.t == aid_done.t and caring.details["casualties"] == ["wang"]
    handed = one(log, "person", actor="wang", state="handed_to_ems")
    freed = one(log, "crew_released", step="first_aid")
    assert freed.t == handed.t and freed.details["reason"] == "handed over to EMS"
    # two of the four are with Wang: a step needing three waits for the hand-over
    assert one(log, "step_started", step="restock").t >= handed.t > aid_done.t


def test_the_rescuers_hand_their_casualty_to_the_first_aid_group(poisoning: Loaded) -> None:
    log = simulate(poisoning.scenario, poisoning.plan, 1)
    rescuers = one(log, "crew_caring", step="scba_rescue")
    aid = one(log, "step_working", step="first_aid")
    taken = one(log, "care_taken_over", actor="wang")
    freed = one(log, "crew_released", step="scba_rescue")
    assert rescuers.t < aid.t == taken.t == freed.t
    assert freed.details["reason"] == "care taken over"


def test_ems_drive_the_casualty_to_hospital(poisoning: Loaded) -> None:
    log = simulate(poisoning.scenario, poisoning.plan, 1)
    handed = one(log, "person", actor="wang", state="handed_to_ems")
    drive = one(log, "team_departed", actor="ems_crew", to="county_hospital")
    there = one(log, "person", actor="wang", state="at_hospital")
    assert drive.t == handed.t and drive.details["casualties"] == ["wang"]
    assert there.t == pytest.approx(handed.t + drive.details["minutes"], abs=1e-3)
    assert there.location == "county_hospital"


def test_each_casualtys_times_are_kpis(poisoning: Loaded) -> None:
    log = simulate(poisoning.scenario, poisoning.plan, 1)
    measured = {(k.key, k.subject): k for k in kpis(log, poisoning.scenario, poisoning.plan)}
    for key, kind, match in (
        ("casualty_extracted", "person", {"state": "rescued"}),
        ("casualty_first_aid", "first_aid", {}),
        ("casualty_handed_to_ems", "person", {"state": "handed_to_ems"}),
        ("casualty_at_hospital", "person", {"state": "at_hospital"}),
    ):
        assert measured[(key, "wang")].t_min == one(log, kind, actor="wang", **match).t
    assert measured[("casualty_at_hospital", "wang")].weight == 0


def test_a_hospital_that_is_not_a_place_is_an_error(tmp_path: Path) -> None:
    from sim.errors import InputError

    src = BUNDLED
    text = (src / "poisoning-plan.yaml").read_text(encoding="utf-8")
    (tmp_path / "poisoning-plan.yaml").write_text(
        text.replace("hospital: county_hospital", "hospital: county_hosptial"), encoding="utf-8"
    )
    (tmp_path / "poisoning.yaml").write_text(
        (src / "poisoning.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    with pytest.raises(InputError) as raised:
        load(tmp_path / "poisoning.yaml")
    assert "organisations[1].hospital" in str(raised.value)
    assert "county_hospital" in str(raised.value)
