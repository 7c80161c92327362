"""An outdoor carbon-monoxide release at a steel works (tests/data/steelworks-co.yaml).

Blast-furnace gas escapes from a drainer whose water seal blew; the inspector on the
platform goes down, his partner walks in to pull him out, and the plan declares the
response over once the gas is shut off, while the rescue squad is still carrying people
out. The test scenario is of a kind the bundled ones are not: its judgement must hold.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.check import check_plan
from scoring.finding import Finding
from scoring.gaps import findings
from scoring.kpi import kpis
from scoring.names import Names
from scoring.timeline import describe
from sim import Loaded, load, simulate
from sim.events import EventLog
from tests.scoring import rule

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture(scope="module")
def works() -> Loaded:
    return load(DATA / "steelworks-co.yaml")


@pytest.fixture(scope="module")
def run(works: Loaded) -> EventLog:
    return simulate(works.scenario, works.plan, 1)


@pytest.fixture(scope="module")
def found(works: Loaded, run: EventLog) -> list[Finding]:
    return findings(
        run,
        works.scenario,
        works.plan,
        plan_doc=works.plan_doc,
        scenario_doc=works.scenario_doc,
    )


def test_the_role_that_sends_the_first_report_hears_the_alarm_as_it_comes_in(
    works: Loaded, run: EventLog
) -> None:
    """The control room's shift leader sends the first report: the plan makes the control
    room the place the alarm comes in, so its shift is told at the alarm, not after the
    default relay delay, and no model warning is needed for it."""
    alarm = run.first("alarm")
    told = run.first("team_alerted", actor="control")
    assert alarm is not None and told is not None
    assert told.t == alarm.t and told.details["via"] == "alarm"
    warned = [e.actor for e in run.of_kind("model_warning") if e.actor]
    assert "control" not in warned


def test_a_step_cut_short_by_the_end_of_the_response_says_so(
    works: Loaded, run: EventLog, found: list[Finding]
) -> None:
    """The rescue squad is carrying the second casualty when the commander declares the
    response over: the step is not done because the response ended under it, and the
    advice is to make it a precondition of the end, not to bring crews nearer."""
    ended = run.first("end")
    assert ended is not None and ended.details["reason"] == "terminated"
    [cut] = [e for e in run.of_kind("step_not_done") if e.step == "rescue"]
    assert cut.details["phase"] in ("claimed", "working")
    assert cut.details["reasons"] == ["response ended while under way"]
    zh = describe(cut, Names.of(works.scenario, works.plan, "zh"))
    assert "尚在进行中即被宣布应急结束" in zh and "（）" not in zh
    [f] = [f for f in rule(found, "dynamic.step_not_done") if f.data["step"] == "rescue"]
    assert f.severity == "不足项" and f.forces_u
    assert "前置条件" in f.recommendation.zh and "precondition" in f.recommendation.en
    assert "前置到作业地点" not in f.recommendation.zh


def test_the_release_point_is_a_toxic_zone_that_needs_a_no_entry_order(works: Loaded) -> None:
    """The partner walks onto the drainer platform unprotected. The platform is the
    release's own place: the static check asks for the order that forbids it, whether or
    not the plume's IDLH footprint lists the point it starts from."""
    found = check_plan(
        works.plan,
        works.scenario,
        plan_doc=works.plan_doc,
        scenario_doc=works.scenario_doc,
    )
    places = {f.data["location"] for f in rule(found, "static.no_forbid_entry")}
    assert "drainer" in places


def test_a_model_warning_about_a_team_names_the_team(works: Loaded) -> None:
    log = EventLog()
    log.append(
        0.5,
        "model_warning",
        actor="gas_rescue",
        message="the plan does not say how this team hears of the alarm: told by the "
        "control room's relay within 0.25-1.07 min (NFPA 1710 alarm answering and "
        "processing times, docs/REFERENCE.md C2)",
    )
    [e] = log.events
    assert describe(e, Names.of(works.scenario, works.plan, "zh")).startswith(
        "模型提示（煤气防护站救护队）："
    )
    assert describe(e, Names.of(works.scenario, works.plan, "en")).startswith(
        "Model warning (Gas rescue squad):"
    )


def test_what_the_response_ended_without_is_missed_not_pending(
    works: Loaded, run: EventLog
) -> None:
    """Declared over at T+8:46 with both casualties still without first aid: their first
    aid (target 10 min) was not yet due, but it will never come. A finished run has no
    'pending' KPI once the response was declared over."""
    found = kpis(run, works.scenario, works.plan)
    aid = [k for k in found if k.key == "casualty_first_aid"]
    assert {k.subject for k in aid} == {"zhou", "wu"}
    assert {k.status for k in aid} == {"missed"}
    assert all(k.note is not None and "declared over" in k.note.en for k in aid)
    assert not [k for k in found if k.status == "pending"]


def test_a_control_room_inside_the_plume_is_a_post_in_the_toxic_zone(works: Loaded) -> None:
    """The TRT control room, 60 m downwind, lies in the plume's IDLH footprint outdoors,
    and the plan runs its 120 call and its end of the response from there. Forbidding
    entry to the plan's own post would be no advice: the finding is that the post lies
    in the toxic zone, with advice to move it upwind or shut the building up."""
    found = check_plan(
        works.plan,
        works.scenario,
        plan_doc=works.plan_doc,
        scenario_doc=works.scenario_doc,
    )
    assert "trt_room" not in {f.data["location"] for f in rule(found, "static.no_forbid_entry")}
    [post] = rule(found, "static.post_in_toxic_zone")
    assert post.data == {"location": "trt_room", "steps": ["call_120", "end"]}
    assert post.severity == "整改项" and "上风向" in post.recommendation.zh


def test_the_timeline_gives_concentrations_and_carrying_times_as_a_reader_takes_them(
    works: Loaded, run: EventLog
) -> None:
    """Pure gas at the release point reads 1,000,000 ppm, not 1000000.0; the carry out
    takes about 1.5 min, not 1.499."""
    zh = Names.of(works.scenario, works.plan, "zh")
    entry = next(e for e in run.of_kind("entry") if e.actor == "wu")
    assert describe(entry, zh).endswith("未佩戴呼吸器（1,000,000 ppm）")
    carried = run.first("carried", actor="zhou")
    assert carried is not None and "（约 1.5 分钟到 上风向道路" in describe(carried, zh)


def test_english_findings_name_steps_and_report_items_in_words(
    works: Loaded, found: list[Finding]
) -> None:
    """An English reader gets "step 'Carry the casualties upwind wearing SCBA' not
    completed", not "step rescue not completed", and Art. 12's items in words with the
    key the plan's content takes; a hand-over the response ended before it was due is
    the termination's consequence, not a finding of its own."""
    text = "\n".join(f.evidence.en for f in found)
    assert "step 'Carry the casualties upwind wearing SCBA' not completed" in text
    assert "step rescue not completed" not in text
    assert not [f for f in found if f.rule == "dynamic.kpi_missed"]
    static = check_plan(works.plan, works.scenario, plan_doc=works.plan_doc)
    [content] = rule(static, "static.report_content_missing")
    assert "the first estimate of the direct loss (estimated_loss)" in content.evidence.en
