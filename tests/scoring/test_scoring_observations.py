"""The evaluator's observations file: judgements, regrades and dismissals flow into the
ratings and the scorecard with who and why; ``--fail-on`` for plan-revision CI."""

from __future__ import annotations

import textwrap
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from scoring.names import Names
from scoring.observations import (
    ObservationsFile,
    observations_yaml,
    read_observations,
)
from scoring.ratings import Rating
from scoring.scorecard import Scorecard, score
from sim import Loaded, load
from sim.engine import simulate
from sim.errors import InputError
from tests.conftest import PIPELINE, POISONING
from tests.scoring import FLAWED
from tui.cli import main
from tui.scorecard import render_scorecard

HEAD = """\
format: drillsim-observations/1
evaluator:
  name: 张敏
  role: 县应急管理局评估组组长
  date: 2026-03-15
"""


def write(tmp_path: Path, body: str, name: str = "obs.yaml") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + textwrap.dedent(body), encoding="utf-8")
    return path


def card_of(loaded: Loaded, obs: ObservationsFile | None = None, seed: int = 1) -> Scorecard:
    log = simulate(loaded.scenario, loaded.plan, seed, [])
    return score(
        log,
        loaded.scenario,
        loaded.plan,
        plan_doc=loaded.plan_doc,
        scenario_doc=loaded.scenario_doc,
        seed=seed,
        observations=obs,
    )


def objective(card: Scorecard, oid: str) -> Rating:
    return next(r for r in card.objectives if r.objective == oid)


@pytest.fixture(scope="module")
def flawed() -> Loaded:
    return load(POISONING, FLAWED)


@pytest.fixture(scope="module")
def good() -> Loaded:
    return load(POISONING)


@pytest.fixture(scope="module")
def pipeline() -> Loaded:
    return load(PIPELINE)


def test_a_dismissed_finding_no_longer_caps_its_objective(pipeline: Loaded, tmp_path) -> None:
    # seed 8: evacuating the hamlet runs late, a 整改项 of its own
    before = card_of(pipeline, seed=8)
    cap = next(f for f in before.findings if f.kind == "dynamic" and f.objective == "protection")
    assert objective(before, "protection").hseep == "S"  # score 100, capped by the 整改项
    obs = write(
        tmp_path,
        f"""\
        findings:
          - finding: {cap.id}
            action: dismiss
            reason: 村民已按广播自行撤离，推演记录未体现
        """,
    )
    after = card_of(pipeline, read_observations(obs), seed=8)
    assert objective(after, "protection").hseep == "P"
    assert [f.id for f in after.dismissed] == [cap.id]
    assert cap.id not in [f.id for f in after.findings]
    assert after.counts[cap.severity] == before.counts[cap.severity] - 1


def test_a_finding_regraded_to_deficiency_caps_at_m(pipeline: Loaded, tmp_path) -> None:
    # seed 8: evacuating the hamlet runs late, a 整改项 of its own
    before = card_of(pipeline, seed=8)
    cap = next(f for f in before.findings if f.kind == "dynamic" and f.objective == "protection")
    obs = write(
        tmp_path,
        f"""\
        findings:
          - finding: {cap.id}
            action: regrade
            severity: deficiency
            reason: 疏散范围内有行动不便的老人，属于严重缺陷
        """,
    )
    after = card_of(pipeline, read_observations(obs), seed=8)
    assert objective(after, "protection").hseep == "M"
    assert f"[{cap.id}] 不足项" in objective(after, "protection").rule.zh


def test_a_dismissed_legal_breach_no_longer_forces_u(flawed: Loaded, tmp_path) -> None:
    # seed 5: the county report is late, the rest of the objective scores in the M band
    before = card_of(flawed, seed=5)
    assert objective(before, "alerting").hseep == "U"
    assert "强制评为 U" in objective(before, "alerting").rule.zh
    obs = write(
        tmp_path,
        """\
        findings:
          - finding: dynamic.report_legal_limit@to_county
            action: dismiss
            reason: 值班领导 T+40 已电话报告县应急管理局，推演记录遗漏
        """,
    )
    after = card_of(flawed, read_observations(obs), seed=5)
    alerting = objective(after, "alerting")
    assert alerting.hseep == "M" and alerting.score == objective(before, "alerting").score
    assert "强制" not in alerting.rule.zh
    (gone,) = after.dismissed
    assert gone.rule == "dynamic.report_legal_limit" and gone.severity == "不足项"
    assert gone.review is not None and gone.review.by == "张敏"
    assert gone.review.reason == "值班领导 T+40 已电话报告县应急管理局，推演记录遗漏"


def test_a_regraded_finding_shows_who_and_why(flawed: Loaded, tmp_path) -> None:
    obs = write(
        tmp_path,
        """\
        findings:
          - finding: dynamic.report_legal_limit@to_county
            action: regrade
            severity: 整改项
            reason: 电话快报已在时限内，书面报告超时
        """,
    )
    card = card_of(flawed, read_observations(obs), seed=5)
    f = next(f for f in card.findings if f.rule == "dynamic.report_legal_limit")
    assert f.severity == "整改项" and not f.forces_u
    assert f.review is not None and f.review.from_severity == "不足项"
    assert objective(card, "alerting").hseep == "M"  # 63.3: the 整改项 cap (S) does not bind
    names = Names.of(flawed.scenario, flawed.plan, "zh")
    text = render_scorecard(card, names, "zh")
    assert (
        "评估人调整：由不足项调为整改项（张敏，县应急管理局评估组组长，2026-03-15）："
        "电话快报已在时限内，书面报告超时" in text
    )
    assert f"{f.id} 不足项 → 整改项：电话快报已在时限内，书面报告超时" in text
    en = render_scorecard(card, Names.of(flawed.scenario, flawed.plan, "en"), "en")
    assert "regraded by the evaluator from Deficiency to Corrective action" in en


def test_an_expected_action_not_taken_lowers_its_objective(good: Loaded, tmp_path) -> None:
    def alerting_with(mark: str) -> tuple[Rating, Scorecard]:
        obs = write(
            tmp_path,
            f"""\
            injects:
              - inject: family_call
                mark: {mark}
                objective: alerting
                note: 值班长未按信息发布程序统一口径答复
            """,
            f"{mark}.yaml",
        )
        card = card_of(good, read_observations(obs))
        return objective(card, "alerting"), card

    base = objective(card_of(good), "alerting")
    taken, _ = alerting_with("taken")
    partly, _ = alerting_with("partly")
    missed, card = alerting_with("not_taken")
    # the plan leaves the generator room's detector alarm unanswered (a 整改项 of the
    # run), so alerting is capped at S with or without the evaluator's marks
    assert base.hseep == "S" and taken.hseep == "S"
    assert taken.score is not None and partly.score is not None and missed.score is not None
    assert taken.score >= base.score >= partly.score > missed.score  # type: ignore[operator]
    assert missed.hseep == "S"  # the 整改项 it makes caps alerting at S too
    assert missed.observations == ["inject:family_call"]
    assert "含评估人张敏的 1 项判断" in missed.rule.zh
    (made,) = [f for f in card.findings if f.rule == "observed.inject_not_taken"]
    assert made.severity == "整改项" and made.objective == "alerting"
    assert "张敏" in made.evidence.zh and "值班长未按信息发布程序统一口径答复" in made.evidence.zh
    (check,) = [m for m in card.manual_checks if m.inject == "family_call"]
    assert check.mark == "not_taken"


def test_an_expected_step_the_log_found_late_is_not_found_twice(pipeline: Loaded, tmp_path) -> None:
    """Seed 1: gas monitoring at Wangjiacun comes late after the wind shift; the log finds it."""
    before = card_of(pipeline)
    # found once: under its root cause, the monitoring group only reachable by call-in
    (late,) = [
        f
        for f in before.findings
        if "dynamic.inject_late_response" in (f.data.get("consequence_rules") or [])
    ]
    obs = write(tmp_path, "injects:\n  - {inject: wind_shift, mark: partly}\n")
    after = card_of(pipeline, read_observations(obs))
    assert not [f for f in after.findings if f.rule.startswith("observed.")]
    rated = [r for r in after.objectives if r.observations == ["inject:wind_shift"]]
    assert [r.objective for r in rated] == [late.objective]


def test_checklist_items_score_by_the_aq_t_9009_scale(good: Loaded, tmp_path) -> None:
    def control_with(result: str) -> float:
        obs = write(
            tmp_path,
            f"""\
            checklist:
              - item: 现场指挥部设立及时，指挥关系清楚
                objective: control
                {result}
            """,
            "c.yaml",
        )
        rating = objective(card_of(good, read_observations(obs)), "control")
        assert rating.score is not None
        return rating.score

    scores = [control_with(r) for r in ("answer: no", "score: 1", "score: 3", "score: 5")]
    assert scores[0] == scores[1] < scores[2] < scores[3] == control_with("answer: yes")


def test_an_observations_file_of_another_drill_is_refused(pipeline: Loaded, tmp_path) -> None:
    obs = write(
        tmp_path,
        """\
        scenario: poisoning-h2s-generator-room
        injects:
          - {inject: family_call, mark: taken}
        findings:
          - {finding: F99, action: dismiss, reason: 不适用}
        """,
    )
    with pytest.raises(InputError) as err:
        card_of(pipeline, read_observations(obs))
    text = [str(p) for p in err.value.problems]
    assert text[0].startswith(f"{obs}:6: scenario: expected the run's scenario")
    assert text[1].startswith(f"{obs}:8: injects[0].inject: expected an inject id")
    assert text[2].startswith(f"{obs}:10: findings[0].finding: expected a finding of this")


def test_mistakes_in_the_file_name_line_and_field(tmp_path) -> None:
    obs = write(
        tmp_path,
        """\
        injects:
          - {inject: family_call, mark: done}
        checklist:
          - {item: 指挥关系清楚, objective: control, score: 4}
        findings:
          - {finding: F3, action: regrade, reason: 降级}
        """,
    )
    with pytest.raises(InputError) as err:
        read_observations(obs)
    text = [str(p) for p in err.value.problems]
    assert text[0] == (
        f"{obs}:7: injects[0].mark: input should be 'taken', 'partly' or 'not_taken'; found 'done'"
    )
    assert text[1] == f"{obs}:9: checklist[0].score: input should be 1, 3 or 5; found 4"
    assert text[2].startswith(f"{obs}:11: findings[0]: a regrade needs 'severity'")


def test_the_file_a_console_writes_reads_back_the_same(tmp_path) -> None:
    first = read_observations(
        write(
            tmp_path,
            """\
            injects:
              - {inject: family_call, mark: partly, t_min: 91.5, note: "只报告了主要负责人"}
            checklist:
              - {item: 指挥关系清楚, objective: control, answer: yes}
            """,
        )
    )
    again = tmp_path / "again.yaml"
    again.write_text(observations_yaml(first.model), encoding="utf-8")
    assert read_observations(again).model == first.model


# --- the command line ----------------------------------------------------------------
@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for name, plan in (("flawed", FLAWED), ("good", None)):
        folder = tmp_path_factory.mktemp(name)
        args = ["run", str(POISONING), "--seed", "1", "--out", str(folder)]
        if plan is not None:
            args += ["--plan", str(plan)]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.stderr
        out[name] = folder
    return out


def score_cli(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, ["score", *args])


@pytest.mark.parametrize(
    ("run", "fail_on", "code"),
    [
        ("flawed", "不足项", 1),
        ("flawed", "deficiency", 1),
        ("flawed", "U", 1),
        ("flawed", "不合格", 1),
        ("good", "不足项", 0),  # the good plan passes the check with 0 不足项
        ("good", "DEFICIENCY", 0),
        ("good", "U", 0),  # rated M/合格
        ("good", "M", 1),
        ("good", "整改项", 1),
    ],
)
def test_fail_on_exit_codes(runs: dict[str, Path], run: str, fail_on: str, code: int) -> None:
    result = score_cli(str(runs[run]), "--fail-on", fail_on)
    assert result.exit_code == code, result.stderr
    assert ("fail-on" in result.stderr) == (code == 1)


def test_fail_on_passes_once_every_deficiency_is_dismissed(runs: dict[str, Path], tmp_path) -> None:
    card = Scorecard.model_validate_json((runs["flawed"] / "scorecard.json").read_text())
    worst = [f.id for f in card.findings if f.severity == "不足项"]
    body = "findings:\n" + "".join(
        f"  - {{finding: {i}, action: regrade, severity: 整改项, reason: 修订稿 2026-C 已整改}}\n"
        for i in worst
    )
    obs = write(tmp_path, body)
    assert score_cli(str(runs["flawed"]), "--fail-on", "不足项").exit_code == 1
    result = score_cli(str(runs["flawed"]), "--observations", str(obs), "--fail-on", "不足项")
    assert result.exit_code == 0, result.stderr
    assert "问题清单（按等级）：不足项 0" in result.stdout


def test_fail_on_refuses_an_unknown_level(runs: dict[str, Path]) -> None:
    result = score_cli(str(runs["good"]), "--fail-on", "bad")
    assert result.exit_code == 2 and "expected a finding grade" in result.stderr


def test_score_with_observations_prints_who_judged_what(runs: dict[str, Path], tmp_path) -> None:
    obs = write(
        tmp_path,
        """\
        injects:
          - {inject: detector_alarm, mark: taken, objective: alerting}
        """,
    )
    result = score_cli(str(runs["good"]), "--observations", str(obs), "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert f"Evaluator: 张敏 (县应急管理局评估组组长), 2026-03-15  ({obs})" in result.stdout
    assert (
        "[detector_alarm] The control room calls the patrolling operator to check and tells "
        "the shift leader  → taken" in result.stdout
    )


def test_validate_reads_an_observations_file(tmp_path) -> None:
    obs = write(tmp_path, "injects:\n  - {inject: hamlet_in_radius, mark: taken}\n")
    ok = CliRunner().invoke(main, ["validate", str(obs)])
    assert ok.exit_code == 0 and f"通过：{obs}（评估观察记录）" in ok.stdout
    ok = CliRunner().invoke(main, ["validate", str(obs), "--lang", "en"])
    assert ok.exit_code == 0 and f"ok: {obs} (observations)" in ok.stdout
    wrong = CliRunner().invoke(
        main, ["validate", str(obs), "--scenario", str(POISONING), "--lang", "en"]
    )
    assert wrong.exit_code == 1
    assert f"{obs}:7: injects[0].inject: expected an inject id of the scenario" in wrong.stderr
