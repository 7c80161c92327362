"""What the evaluation report says: improvement plan, plan revision, consequences."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from scoring.report.document import Callout, Document, Items, Table
from scoring.report.drill import open_drill
from scoring.report.evaluation import build_report, clause, due_date
from tui.cli import main


def _table(doc: Document, section: str, caption_start: str) -> Table:
    for s in doc.sections:
        if s.id != section:
            continue
        for b in s.blocks:
            if isinstance(b, Table) and (b.caption or "").startswith(caption_start):
                return b
    raise AssertionError(f"no table {caption_start!r} in {section}")


@pytest.fixture(scope="module")
def flawed(run_dirs: dict[str, Path]):  # type: ignore[no-untyped-def]
    return open_drill(run_dirs["flawed"])


def test_deficiencies_are_due_in_30_days_and_corrective_actions_before_the_next_drill(
    flawed,
) -> None:  # type: ignore[no-untyped-def]
    # The drill is on 2026-03-14; an on-site plan is drilled every 6 months (管理办法 Art. 33).
    day = flawed.scenario.start.date()
    assert due_date("不足项", flawed.plan, day) == dt.date(2026, 4, 13)
    assert due_date("整改项", flawed.plan, day) == dt.date(2026, 9, 14)
    table = _table(build_report(flawed, "evaluation", "zh").document, "improvement", "改进计划")
    by_id = {row[0]: row for row in table.rows}
    for f in flawed.card.findings:
        row = by_id[f.id]
        assert row[5] == due_date(f.severity, flawed.plan, day).isoformat()
        assert row[6] == clause(f.refs[0])
        assert row[6].startswith(f"poisoning-plan-flawed.yaml:{f.refs[0].line}")


def test_a_comprehensive_or_special_plan_is_drilled_yearly(run_dirs: dict[str, Path]) -> None:
    pipeline = open_drill(run_dirs["pipeline"])
    assert pipeline.plan.type == "special"
    day = dt.date(2026, 1, 31)
    assert due_date("整改项", pipeline.plan, day) == dt.date(2027, 1, 31)


def test_the_flawed_revision_must_be_revised_and_names_the_unit(flawed) -> None:  # type: ignore[no-untyped-def]
    doc = build_report(flawed, "evaluation", "zh").document
    assert doc.headline is not None and doc.headline.revise_plan
    conclusion = next(s for s in doc.sections if s.id == "conclusion")
    texts = [b.text for b in conclusion.blocks if isinstance(b, Callout)]
    assert any("第三十六条" in t and "预案需要修订" in t for t in texts)
    table = _table(doc, "improvement", "改进计划")
    assert "江北新材料科技有限公司" in {row[4] for row in table.rows}


def test_the_county_report_limit_is_the_legal_hour(flawed) -> None:  # type: ignore[no-untyped-def]
    doc = build_report(flawed, "evaluation", "en").document
    kpis = _table(doc, "analysis", "Key performance indicators")
    county = [r for r in kpis.rows if r[3] == "60 min"]
    assert county, "the 1-hour limit of the accident reporting regulation, Art. 9"


def test_consequences_list_the_collapsed_operator_and_the_expected_fatalities(
    run_dirs: dict[str, Path],
) -> None:
    drill = open_drill(run_dirs["poisoning"])
    doc = build_report(drill, "evaluation", "zh").document
    table = _table(doc, "analysis", "人员暴露与后果")
    wang = next(r for r in table.rows if r[0] == "王某")
    assert wang[3] == "H2S"
    p = next(
        e.details["probability_of_death"]
        for e in drill.log
        if e.kind == "outcome" and e.actor == "wang"
    )
    assert wang[8] == f"{p:.1%}"
    assert any(n.startswith("预期死亡人数") for n in table.notes)


def test_report_refuses_a_folder_that_is_not_a_run(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["report", str(tmp_path)])
    assert result.exit_code == 2
    assert "expected a run folder" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "report").exists()


def test_report_refuses_an_unknown_format(run_dirs: dict[str, Path]) -> None:
    result = CliRunner().invoke(main, ["report", str(run_dirs["poisoning"]), "--format", "docx"])
    assert result.exit_code == 2
    assert "--format" in result.output and "docx" in result.output


def test_same_run_gives_the_same_report(run_dirs: dict[str, Path], tmp_path: Path) -> None:
    for out in ("a", "b"):
        CliRunner().invoke(
            main,
            [
                "report",
                str(run_dirs["poisoning"]),
                "--format",
                "json,html",
                "--out",
                str(tmp_path / out),
            ],
        )
    for name in ("evaluation.zh.json", "evaluation.zh.html"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_the_exposure_figure_replays_the_air_the_casualty_breathed(
    run_dirs: dict[str, Path],
) -> None:
    from scoring.report.exposure import toxic_exposures

    drill = open_drill(run_dirs["poisoning"])
    exposures = toxic_exposures(drill)
    assert exposures, "the collapsed operator breathed H2S"
    for x in exposures:
        # the room model re-evaluated at the logged times gives the engine's toxic load
        assert x.logged_load is not None
        assert abs(x.load[-1] - x.logged_load) <= 0.01 * x.logged_load
    assert "exposure" in {f.id for f in build_report(drill, "evaluation", "en").document.figures()}


def test_the_english_report_describes_the_scenario_in_english(reports) -> None:  # type: ignore[no-untyped-def]
    [basics] = [
        s for s in reports("pipeline", "evaluation", "en").document.sections if s.id == "basics"
    ]
    text = " ".join(str(b) for b in basics.blocks)
    assert "ruptures across its full section at K137+400" in text
    assert "全断面断裂" not in text
    [basics] = [
        s for s in reports("pipeline", "evaluation", "zh").document.sections if s.id == "basics"
    ]
    assert "全断面断裂" in " ".join(str(b) for b in basics.blocks)


def test_the_report_names_the_bureaus_notification_apart_from_the_report(flawed) -> None:  # type: ignore[no-untyped-def]
    """Level I calls the county bureau at T+0:15:41; the phone report is never sent."""
    for lang, words in (
        ("zh", "县应急管理局：T+0:15:41 接到通知（非法定报告）；电话快报未发出"),
        (
            "en",
            "County emergency management bureau: notified at T+0:15:41 (a notification, not "
            "the legal report); phone report not sent",
        ),
    ):
        doc = build_report(flawed, "evaluation", lang).document
        items = [i for s in doc.sections for b in s.blocks if isinstance(b, Items) for i in b.items]
        assert words in items, lang


def test_the_chinese_model_assumptions_read_as_chinese_sentences(reports) -> None:  # type: ignore[no-untyped-def]
    """评估过程's model assumptions name the dispersion coefficients as the hazard
    calculator does (Pasquill-Gifford 扩散参数, not the file's pasquill-gifford) and end
    each sentence with 。, also after a standard's number (49 CFR 192.903)."""
    text = " ".join(
        str(b) for s in reports("pipeline", "evaluation", "zh").document.sections for b in s.blocks
    )
    assert "Pasquill-Gifford 扩散参数" in text
    assert "pasquill-gifford" not in text
    assert "192.903." not in text and "49 CFR 192.903 计算。" in text


def test_the_kpi_table_gives_each_kpis_note(tmp_path: Path) -> None:
    """A KPI missed because the run ended before it was due says so under the table."""
    pool = Path(__file__).parents[1] / "data" / "pool-chlorine.yaml"
    run = tmp_path / "run"
    result = CliRunner().invoke(main, ["run", str(pool), "--seed", "1", "--out", str(run)])
    assert result.exit_code == 0, result.stderr
    drill = open_drill(run)
    zh = _table(build_report(drill, "evaluation", "zh").document, "analysis", "关键指标")
    [line] = [n for n in zh.notes if "报告应急管理部门（未达到）" in n]
    assert line.endswith(
        "：未到期时预案已无后续处置，也已无人处于危险之中（T+0:07:18），不会再完成"
    )
    en = _table(build_report(drill, "evaluation", "en").document, "analysis", "Key performance")
    [line] = [n for n in en.notes if "department informed (missed)" in n]
    assert line.endswith(
        ": not yet due when the plan had nothing left to do and nobody was "
        "left in harm's way (T+0:07:18): it never happens"
    )
