"""The evaluator's observations in the report: who judged what and why, in 评估过程 and
in the findings, with the ratings and the improvement plan following them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema  # type: ignore[import-untyped]
import pytest
from click.testing import CliRunner

from scoring.observations import read_observations
from scoring.report.document import Document, Facts, Table
from scoring.report.drill import Drill, open_drill
from scoring.report.evaluation import build_report
from scoring.report.schema import SCHEMA_PATH
from tui.cli import main

OBSERVATIONS = """\
format: drillsim-observations/1
evaluator:
  name: 张敏
  role: 县应急管理局评估组组长
  date: 2026-03-15
injects:
  - inject: family_call
    mark: not_taken
    objective: alerting
    note: 值班长未按信息发布程序统一口径答复
checklist:
  - item: 现场指挥部设立及时，指挥关系清楚
    item_en: Incident command post set up in time, clear chain of command
    objective: control
    score: 3
findings:
  - finding: dynamic.report_legal_limit@to_county
    action: regrade
    severity: 整改项
    reason: 电话快报已在时限内，书面报告超时
  - finding: dynamic.unprotected_entry@steps
    action: dismiss
    reason: 李某系情景设定的盲目施救者
"""


def _tables(doc: Document, section: str) -> list[Table]:
    s = next(s for s in doc.sections if s.id == section)
    return [b for b in s.blocks if isinstance(b, Table)]


def _table(doc: Document, section: str, caption: str) -> Table:
    return next(b for b in _tables(doc, section) if (b.caption or "").startswith(caption))


@pytest.fixture(scope="module")
def observed(run_dirs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Drill:
    path = tmp_path_factory.mktemp("obs") / "observations.yaml"
    path.write_text(OBSERVATIONS, encoding="utf-8")
    return open_drill(run_dirs["flawed"], observations=read_observations(path))


def test_the_evaluation_method_names_the_evaluator_and_their_judgements(observed: Drill) -> None:
    doc = build_report(observed, "evaluation", "zh").document
    process = next(s for s in doc.sections if s.id == "process")
    facts = next(b for b in process.blocks if isinstance(b, Facts))
    assert ("评估人", "张敏") in facts.rows and ("评估日期", "2026-03-15") in facts.rows
    judged = _table(doc, "process", "评估人判断")
    assert [
        judged.rows[0][0],
        judged.rows[0][2],
        judged.rows[0][3],
        judged.rows[0][4],
    ] == ["inject:family_call", "未做", "0", "预警与信息报告"]
    assert judged.rows[1][2:5] == ["3（合格）", "60", "现场控制与处置"]
    reviews = _table(doc, "process", "评估人对问题的调整")
    assert sorted(r[2:] for r in reviews.rows) == [
        ["不足项 → 整改项", "电话快报已在时限内，书面报告超时"],
        ["撤销", "李某系情景设定的盲目施救者"],
    ]
    sources = _table(doc, "process", "数据来源")
    assert any(row[0] == "评估人意见" for row in sources.rows)
    assert "observations" in doc.sources


def test_findings_show_the_regrade_and_the_dismissal_with_who_and_why(observed: Drill) -> None:
    doc = build_report(observed, "evaluation", "zh").document
    card = observed.card
    regraded = next(f for f in card.findings if f.rule == "dynamic.report_legal_limit")
    rows = {r[0]: r for r in _table(doc, "findings", "整改项").rows}
    assert rows[regraded.id][3].endswith(
        "；评估人调整：由不足项调为整改项（张敏，县应急管理局评估组组长，2026-03-15）："
        "电话快报已在时限内，书面报告超时"
    )
    (gone,) = card.dismissed
    dismissed = _table(doc, "findings", "评估人撤销的问题（1）")
    assert dismissed.rows[0][:2] == [gone.id, "不足项"]
    assert "李某系情景设定的盲目施救者" in dismissed.rows[0][3]
    plan_rows = _table(doc, "improvement", "改进计划").rows
    assert gone.id not in [r[0] for r in plan_rows]
    assert regraded.id in [r[0] for r in plan_rows]
    assert doc.headline is not None and doc.headline.counts == dict(card.counts)


def test_the_ratings_of_the_report_follow_the_observations(observed: Drill) -> None:
    alerting = next(r for r in observed.card.objectives if r.objective == "alerting")
    # No longer forced U by the regraded report; rated by its score, the judgement in it.
    assert "强制" not in alerting.rule.zh and alerting.rule.zh.startswith("得分")
    assert "含评估人张敏的 1 项判断" in alerting.rule.zh
    manual = _table(build_report(observed, "evaluation", "zh").document, "analysis", "需评估人判断")
    row = next(r for r in manual.rows if "家属" in r[1])
    assert row[3] == "未做（张敏）"


def test_the_english_report_and_the_summary_say_it_too(observed: Drill) -> None:
    en = build_report(observed, "evaluation", "en").document
    judged = _table(en, "process", "Evaluator's judgements")
    assert judged.rows[1][1] == "Incident command post set up in time, clear chain of command"
    assert judged.rows[1][2] == "3 (adequate)"
    findings = " ".join(c for t in _tables(en, "findings") for r in t.rows for c in r)
    assert "Regraded by the evaluator from deficiency to corrective action" in findings
    assert "Dismissed by the evaluator (张敏 (县应急管理局评估组组长), 2026-03-15)" in findings
    summary = build_report(observed, "summary", "zh").document
    lessons = next(s for s in summary.sections if s.id == "lessons")
    assert any(isinstance(b, Facts) and ("评估人", "张敏") in b.rows for b in lessons.blocks)


def test_report_command_takes_the_observations_file(
    run_dirs: dict[str, Path], tmp_path: Path
) -> None:
    obs = tmp_path / "observations.yaml"
    obs.write_text(OBSERVATIONS, encoding="utf-8")
    out = tmp_path / "report"
    result = CliRunner().invoke(
        main,
        [
            "report",
            str(run_dirs["flawed"]),
            "--observations",
            str(obs),
            "--format",
            "json,html",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads((out / "evaluation.zh.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text("utf-8"))).validate(data)
    html = (out / "evaluation.zh.html").read_text(encoding="utf-8")
    assert "评估人撤销（张敏，县应急管理局评估组组长，2026-03-15）" in html

    obs.write_text(OBSERVATIONS.replace("mark: not_taken", "mark: skipped"), encoding="utf-8")
    bad = CliRunner().invoke(main, ["report", str(run_dirs["flawed"]), "--observations", str(obs)])
    assert bad.exit_code == 2
    assert (
        f"{obs}:8: injects[0].mark: 应为 'taken'、'partly' 或 'not_taken' 之一，实际为 'skipped'"
        in bad.stderr
    )
