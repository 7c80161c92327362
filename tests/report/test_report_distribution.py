"""A stress or compare result as the SOURCE of ``drillsim report``: a report of the
distribution over the runs, with a cumulative KPI figure against the targets."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema  # type: ignore[import-untyped]
import pytest
from click.testing import CliRunner

from scoring.report.distribution import build_distribution_report
from scoring.report.document import Document, Table
from scoring.report.schema import SCHEMA_PATH
from scoring.report.stress import cdf_points, open_stress
from tests.conftest import BUNDLED, POISONING
from tests.report.test_report_formats import NETWORK
from tui.cli import main

FLAWED = BUNDLED / "poisoning-plan-flawed.yaml"


@pytest.fixture(scope="module")
def compare(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("compare")
    args = ["compare", str(POISONING), "--plan", str(BUNDLED / "poisoning-plan.yaml")]
    args += ["--plan", str(FLAWED), "-n", "12", "--seed", "1", "--workers", "1", "--out", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return out


def _table(doc: Document, section: str, caption: str) -> Table:
    s = next(s for s in doc.sections if s.id == section)
    return next(
        b for b in s.blocks if isinstance(b, Table) and (b.caption or "").startswith(caption)
    )


def test_the_flawed_revision_is_unable_in_every_run(compare: Path) -> None:
    """Revision 2026-B gives the county report to a role nobody staffs at night: the legal
    one-hour report never goes out, so every run rates U."""
    built, warnings = build_distribution_report(open_stress(compare), "evaluation", "zh")
    assert warnings == []
    doc = built.document
    assert [s.id for s in doc.sections] == [
        "basics",
        "process",
        "analysis",
        "findings",
        "improvement",
        "conclusion",
    ]
    outcomes = _table(doc, "analysis", "各评定等级的概率")
    assert outcomes.rows[1][4].startswith("100% (")
    legal = _table(doc, "findings", "[1]")
    name = "未在法定时限内报告：安全环保部报告县应急管理局（推演）"
    row = next(r for r in legal.rows if r[0] == name)
    assert row[2] == "12/12"
    changes = _table(doc, "improvement", "修订版与第一版相比的问题变化")
    assert [name, "[1]", "新出现", "0%", "100%"] in changes.rows
    assert doc.date == "2026-03-14" and doc.headline is None


def test_each_revision_has_its_cumulative_kpi_figure(compare: Path) -> None:
    summary = open_stress(compare)
    built, _ = build_distribution_report(summary, "evaluation", "en")
    refs = [f.file for f in built.document.figures()]
    assert {"stress-cdf-0.png", "stress-cdf-1.png"} <= set(refs) == set(built.figures)
    for rev in summary.revisions:
        for k in rev.kpis:
            pts = cdf_points(k)
            if pts is None:
                continue
            xs, ys = pts
            assert xs == sorted(xs) and ys == sorted(ys)
            assert ys[-1] == pytest.approx(k.value.n / (k.value.n + k.value.missing))


def test_the_stress_appendix_of_a_run_report_has_the_cdf_too(
    compare: Path, run_dirs: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "report"  # not into the session's shared run folder
    result = CliRunner().invoke(
        main,
        [
            "report",
            str(run_dirs["poisoning"]),
            "--stress",
            str(compare),
            "--format",
            "md",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    md = (out / "evaluation.zh.md").read_text(encoding="utf-8")
    assert "evaluation.zh.figures/stress-cdf-0.png" in md
    assert (out / "evaluation.zh.figures" / "stress-cdf-1.png").stat().st_size > 10_000


@pytest.mark.parametrize("kind", ["evaluation", "summary"])
def test_report_command_takes_a_result_folder(compare: Path, tmp_path: Path, kind: str) -> None:
    out = tmp_path / kind
    result = CliRunner().invoke(
        main,
        ["report", str(compare), "--kind", kind, "--format", "json,html", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    data = json.loads((out / f"{kind}.zh.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(json.loads(SCHEMA_PATH.read_text("utf-8"))).validate(data)
    html = (out / f"{kind}.zh.html").read_text(encoding="utf-8")
    figures = [b for s in data["sections"] for b in s["blocks"] if b["kind"] == "figure"]
    assert html.count("data:image/png;base64,") == len(figures) > 0
    assert not NETWORK.search(html)


def test_one_run_options_are_refused_for_a_result(compare: Path, tmp_path: Path) -> None:
    obs = tmp_path / "o.yaml"
    obs.write_text("format: drillsim-observations/1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["report", str(compare), "--observations", str(obs)])
    assert result.exit_code == 2
    assert "--observations: applies to one run" in result.stderr


def test_the_summary_puts_what_every_run_found_first(compare: Path) -> None:
    built, _ = build_distribution_report(open_stress(compare), "summary", "zh")
    doc = built.document
    assert [s.id for s in doc.sections] == ["overview", "lessons", "recommendations"]
    lessons = next(s for s in doc.sections if s.id == "lessons")
    found = [i for b in lessons.blocks if b.kind == "list" for i in b.items]
    assert "未在法定时限内报告：安全环保部报告县应急管理局（推演） — 100% (76%–100%)" in found
