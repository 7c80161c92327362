"""``drillsim stress`` and ``compare`` as a planner uses them, on the bundled poisoning drill."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from scoring.schema import schema_path
from tests.conftest import BUNDLED, POISONING
from tui.cli import main

PLAN = BUNDLED / "poisoning-plan.yaml"
FLAWED = BUNDLED / "poisoning-plan-flawed.yaml"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def summary_of(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    schema = json.loads(schema_path("stress.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    return data


def diff(data: dict[str, Any], key: str) -> dict[str, Any]:
    return next(d for d in data["differences"] if d["id"] == key)


def test_stress_writes_a_result_folder_with_its_summary_figure_and_rows(tmp_path: Path) -> None:
    out, rows = tmp_path / "result", tmp_path / "rows.csv"
    code, text, err = invoke(
        "stress", str(POISONING), "-n", "12", "--workers", "1", "--out", str(out),
        "--keep", str(rows), "--lang", "en",
    )  # fmt: skip
    assert code == 0, err
    data = summary_of(out)
    assert data["run"]["replications"] == 12 and data["run"]["partial"] is False
    extracted = next(
        k for k in data["revisions"][0]["kpis"] if k["id"] == "casualty_extracted:wang"
    )
    v = extracted["value"]
    assert v["mean_ci95"]["low"] < v["mean"] < v["mean_ci95"]["high"]
    assert v["p10"] <= v["p50"] <= v["p90"] <= v["p95"]
    assert 0 <= extracted["meets_target"]["p"] <= 1
    assert (out / "kpis.png").stat().st_size > 0
    assert len(rows.read_text(encoding="utf-8").splitlines()) == 13
    assert "Casualty extracted" in text
    # the cumulative distribution the reports draw is that of the kept rows
    with rows.open(encoding="utf-8", newline="") as fh:
        values = sorted(
            float(r["kpi:casualty_extracted:wang"])
            for r in csv.DictReader(fh)
            if r["kpi:casualty_extracted:wang"] not in ("", "nan")
        )
    assert len(v["quantiles"]) == 101
    nearest_rank = [values[max(1, math.ceil(q / 100 * len(values))) - 1] for q in range(101)]
    assert v["quantiles"] == pytest.approx(nearest_rank, abs=0.01)
    assert (v["quantiles"][0], v["quantiles"][100]) == pytest.approx(
        (v["low"], v["high"]), abs=0.01
    )


def test_a_plan_compared_with_itself_differs_in_nothing(tmp_path: Path) -> None:
    code, _, err = invoke(
        "compare", str(POISONING), "--plan", str(PLAN), "--plan", str(PLAN),
        "-n", "8", "--workers", "1", "--out", str(tmp_path / "c"),
    )  # fmt: skip
    assert code == 0, err
    data = summary_of(tmp_path / "c")
    assert data["differences"] and not any(d["significant"] for d in data["differences"])
    assert data["findings"] and all(f["status"] == "kept" for f in data["findings"])


def test_the_flawed_revision_is_significantly_worse_on_rescue_and_deaths(tmp_path: Path) -> None:
    """SCBA kept in the office store and no order against blind rescue (revision 2026-B)."""
    code, _, err = invoke(
        "compare", str(POISONING), "--plan", str(PLAN), "--plan", str(FLAWED),
        "-n", "20", "--workers", "2", "--out", str(tmp_path / "c"),
    )  # fmt: skip
    assert code == 0, err
    data = summary_of(tmp_path / "c")
    rescue = diff(data, "kpi:casualty_extracted:wang")
    deaths = diff(data, "expected_fatalities")
    assert rescue["significant"] and rescue["mean"] > 0 and rescue["better"] is False
    assert deaths["significant"] and deaths["mean"] > 0
    assert data["best"]["casualty_extracted:wang"] == 0
    new = {f["finding"].split("@")[0] for f in data["findings"] if f["status"] == "new"}
    assert new, data["findings"]


def test_n_auto_stops_when_the_precision_holds_over_the_look_ahead(tmp_path: Path) -> None:
    code, _, err = invoke(
        "stress", str(POISONING), "-n", "auto", "--precision", "0.5", "--budget", "40",
        "--workers", "1", "--out", str(tmp_path / "a"), "--json",
    )  # fmt: skip
    assert code == 0, err
    run = summary_of(tmp_path / "a")["run"]
    assert run["precision_reached"] is True and 8 <= run["replications"] < 40


def test_a_bad_replication_count_is_a_clear_error(tmp_path: Path) -> None:
    code, _, err = invoke("stress", str(POISONING), "-n", "many", "--out", str(tmp_path))
    assert code == 2
    assert "expected a number of replications >= 1 or auto, found 'many'" in err


def test_stress_gives_each_steps_criticality_index_and_wait_and_each_teams_utilisation(
    tmp_path: Path,
) -> None:
    out = tmp_path / "result"
    code, text, err = invoke(
        "stress", str(POISONING), "-n", "20", "--workers", "1", "--out", str(out), "--lang", "en"
    )
    assert code == 0, err
    rev = summary_of(out)["revisions"][0]
    steps = {s["id"]: s for s in rev["steps"]}
    # 120 comes from 14 km away: its drive, not the rescue, sets when the casualty is handed
    # over, so the 120 call made right after the no-entry order is on the critical path
    assert steps["hand_over_ems"]["criticality"]["p"] == 1.0
    assert steps["call_120"]["criticality"]["p"] >= 0.8
    assert steps["call_120"]["criticality"]["n"] == 20
    assert steps["hand_over_ems"]["wait"]["mean"] > 0  # first aid done, 120 still on the road
    assert steps["forbid_blind_rescue"]["wait"]["mean"] == 0  # the shift leader is free
    util = rev["utilisation"]
    assert 0 < util["team:mini_fire_team"]["mean"] <= 1
    assert 0 < util["resource:scba_mfs"]["mean"] <= 1
    assert "critical" in text and "utilisation" in text


def test_the_chinese_summary_names_people_steps_and_teams_in_report_grade_chinese(
    tmp_path: Path,
) -> None:
    """A planner reading the terminal in Chinese sees 王某 and 微型消防站, not wang and
    mini_fire_team; per-casualty lines carry the casualty's name, so two casualties'
    lines are told apart; no English word of the tool's own is left."""
    code, text, err = invoke(
        "stress", str(POISONING), "-n", "4", "--workers", "1", "--out", str(tmp_path / "r")
    )
    assert code == 0, err
    assert "救援人员到达伤员处 王某" in text and "随机种子" in text and "均值" in text
    assert "微型消防站" in text and "利用率：" in text
    for word in ("mean", "seed", "serial", "mini_fire_team", "team:", "wang", "hand_over_ems"):
        assert word not in text, word


def test_the_chinese_comparison_names_each_consequence_it_finds_different(
    tmp_path: Path,
) -> None:
    """A planner comparing revisions in Chinese reads 报警后暴露所致预计死亡 and the
    release's name, as on the scorecard, never consequence:deaths_after_alarm."""
    code, text, err = invoke(
        "compare", str(POISONING), "--plan", str(PLAN), "--plan", str(FLAWED),
        "-n", "10", "--workers", "1", "--out", str(tmp_path / "c"),
    )  # fmt: skip
    assert code == 0, err
    lines = [line for line in text.splitlines() if line.startswith("[1] vs [0]")]
    assert any("报警后暴露所致预计死亡" in line for line in lines), lines
    assert not any("consequence:" in line for line in lines), lines
    # a KPI only the flawed revision's runs measure (Li, who goes in after Wang) is named too
    assert not any("kpi:" in line for line in lines), lines
    # findings fixed or new are named by rule and plan element, never by their ids
    changes = [line for line in text.splitlines() if line.startswith("[1] ") and "vs" not in line]
    assert changes and not any("dynamic." in line or "static." in line for line in changes)
    assert "[1] 新出现：无防护进入有毒区域：处置措施（推演）（0% → 100%）" in changes, changes
    assert any(line.startswith("[1] 新出现：取用装备绕行：正压式空气呼吸器") for line in changes)
