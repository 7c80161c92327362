"""--stress: the many-runs statistics of a stress result in the report."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from scoring.report.document import Document, Table
from scoring.report.stress import open_stress
from tests.conftest import POISONING
from tests.report.conftest import run_cli
from tui.cli import main


def test_report_with_a_stress_result_shows_each_kpi_distribution(
    run_dirs: dict[str, Path], tmp_path: Path
) -> None:
    result = tmp_path / "stress"
    CliRunner().invoke(
        main,
        [
            "stress",
            str(POISONING),
            "-n",
            "6",
            "--workers",
            "1",
            "--lang",
            "en",
            "--out",
            str(result),
        ],
    )
    summary = open_stress(result)
    out = tmp_path / "report"
    run_cli(
        "report",
        str(run_dirs["poisoning"]),
        "--stress",
        str(result),
        "--format",
        "json,html",
        "--lang",
        "en",
        "--out",
        str(out),
    )
    doc = Document.model_validate(
        json.loads((out / "evaluation.en.json").read_text(encoding="utf-8"))
    )
    section = next(s for s in doc.sections if s.id == "stress")
    table = next(b for b in section.blocks if isinstance(b, Table))
    rev = summary.revisions[0]
    assert len(table.rows) == len(rev.kpis)
    head = next(k for k in rev.kpis if k.id.startswith("unit_head_informed"))
    row = next(r for r in table.rows if r[0].startswith("Unit head informed"))
    assert row[4] == f"{head.target:g}"
    assert head.meets_target is not None and head.meets_target.p is not None
    assert row[5].startswith(f"{head.meets_target.p:.0%}")
    assert "stress-0" in {f.id for f in doc.figures()}
    assert 'id="fig-stress-0"' in (out / "evaluation.en.html").read_text(encoding="utf-8")


def test_a_folder_that_is_not_a_stress_result_is_refused_in_words(
    run_dirs: dict[str, Path], tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        main,
        [
            "report",
            str(run_dirs["poisoning"]),
            "--stress",
            str(tmp_path),
            "--out",
            str(tmp_path / "r"),
        ],
    )
    assert result.exit_code == 2
    assert "summary.json" in result.output and "drillsim stress" in result.output
    assert not (tmp_path / "r").exists()
