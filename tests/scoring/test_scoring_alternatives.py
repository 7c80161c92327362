"""Alternatives in scoring: a task done by its backup is done.

The bundled pipeline plan closes the upstream valve either by the SCADA remote
(critical, 20 min) or by hand at the valve station (45 min): one task,
``close_upstream_valve``. The runs below take the remote channel down
(its pre-use check always fails) so that the manual close must do the job.
"""

from __future__ import annotations

from scoring.scorecard import Scorecard, score
from sim import Loaded, simulate
from sim.plan import Plan


def _failing(plan: Plan, *resources: str) -> Plan:
    return plan.model_copy(
        update={
            "resources": [
                r.model_copy(update={"failure_probability": 1.0}) if r.id in resources else r
                for r in plan.resources
            ]
        }
    )


def _scored(loaded: Loaded, plan: Plan, seed: int = 1) -> Scorecard:
    log = simulate(loaded.scenario, plan, seed)
    return score(
        log,
        loaded.scenario,
        plan,
        plan_doc=loaded.plan_doc,
        scenario_doc=loaded.scenario_doc,
        seed=seed,
        static=False,
    )


def _about(card: Scorecard, step: str) -> list[str]:
    return [
        f.rule
        for f in card.findings
        if f.data.get("step") == step or step in (f.data.get("steps") or [])
    ]


def test_remote_close_failing_is_met_by_the_manual_close(pipeline: Loaded) -> None:
    plan = _failing(pipeline.plan, "scada_remote_v1")
    log = simulate(pipeline.scenario, plan, 1)
    gone = log.first("step_abandoned", step="close_upstream_remote")
    assert gone is not None and gone.details["reason"] == "alternative_done"
    card = _scored(pipeline, plan)
    task = next(k for k in card.kpis if k.key == "critical_task")
    assert task.subject == "close_upstream_valve"
    assert task.status == "met" and task.critical
    assert task.target == 45  # the manual close's own target, not the remote's 20
    assert task.note is not None and "备选" in task.note.zh
    # the remote step waited on a dead channel until the manual close did the task:
    # no failure, no wait, no advice to buy more of anything
    assert _about(card, "close_upstream_remote") == []
    assert not any(f.forces_u for f in card.findings)
    assert card.overall.hseep != "U"
    assert not any(
        "增配" in f.recommendation.zh and "close_upstream" in str(f.data) for f in card.findings
    )


def test_task_no_alternative_did_is_one_critical_finding(pipeline: Loaded) -> None:
    plan = _failing(pipeline.plan, "scada_remote_v1", "valve1_actuator")
    card = _scored(pipeline, plan)
    task = next(k for k in card.kpis if k.key == "critical_task")
    assert task.status == "missed"
    missed = [f for f in card.findings if f.rule == "dynamic.task_not_done"]
    assert len(missed) == 1
    (f,) = missed
    assert f.data["steps"] == ["close_upstream_remote", "close_upstream_manual"]
    assert f.forces_u and f.severity == "不足项"
    assert "预使用检查失败" in f.evidence.zh and "增配" not in f.recommendation.zh
    assert not any(
        x.rule == "dynamic.step_not_done" and x.data.get("step") in f.data["steps"]
        for x in card.findings
    )
    assert card.overall.hseep == "U"


def test_failed_channel_without_alternative_gets_reliability_advice(pipeline: Loaded) -> None:
    manual = "close_upstream_manual"
    steps = []
    for s in pipeline.plan.steps:
        if s.id == manual:
            continue
        update: dict[str, object] = {"after": [a for a in s.after if a != manual]}
        if s.id == "close_upstream_remote":
            update["satisfies"] = None
        if s.id == "isolate_segment":
            update |= {"when": None, "after": ["close_downstream_manual", "close_upstream_remote"]}
        steps.append(s.model_copy(update=update))
    plan = _failing(pipeline.plan.model_copy(update={"steps": steps}), "scada_remote_v1")
    card = _scored(pipeline, plan)
    (f,) = [
        x
        for x in card.findings
        if x.data.get("step") == "close_upstream_remote"
        and "dynamic.step_not_done" in [x.rule, *(x.data.get("consequence_rules") or [])]
    ]
    assert f.forces_u
    assert "预使用检查失败" in f.recommendation.zh and "增配" not in f.recommendation.zh
    assert "alternative" in f.recommendation.en
