"""``drillsim sweep``: validated field paths and a tornado chart with its data."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from scoring.schema import schema_path
from sim import InputError, Loaded
from sim.fieldpath import read, revise
from tests.conftest import POISONING
from tui.cli import main


def test_paths_read_and_revise_fields_by_id(poisoning: Loaded) -> None:
    path = "plan.steps[scba_rescue].duration.mode"
    assert read(poisoning.scenario, poisoning.plan, path) == 3.0
    _, plan = revise(poisoning.scenario, poisoning.plan, path, 4.5)
    assert next(s for s in plan.steps if s.id == "scba_rescue").duration.mode == 4.5  # type: ignore[union-attr]
    _, plan = revise(poisoning.scenario, poisoning.plan, "plan.resources[scba_mfs].quantity", 2.6)
    assert next(r for r in plan.resources if r.id == "scba_mfs").quantity == 3


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("plan.steps[nope].duration.mode", "expected one of the ids forbid_blind_rescue"),
        ("scenario.weather.stability", "expected a numeric field, found str 'E'"),
        ("wind", "expected a path starting with scenario. or plan."),
    ],
)
def test_a_bad_path_is_a_clear_error(poisoning: Loaded, path: str, message: str) -> None:
    with pytest.raises(InputError) as exc:
        read(poisoning.scenario, poisoning.plan, path)
    assert message in str(exc.value.problems[0])


def test_a_value_outside_the_fields_bounds_is_refused(poisoning: Loaded) -> None:
    with pytest.raises(InputError) as exc:
        revise(poisoning.scenario, poisoning.plan, "scenario.weather.wind_speed_m_s", -3)
    assert "-3.0 is refused: Input should be greater than 0" in str(exc.value.problems[0])


def test_sweep_ranks_parameters_by_their_swing(tmp_path: Path) -> None:
    """A slower SCBA rescue moves the extraction time; more sets than the crew needs do not."""
    result = CliRunner().invoke(
        main,
        [
            "sweep", str(POISONING),
            "--vary", "plan.steps[scba_rescue].duration.mode=2:5:3",
            "--vary", "plan.resources[scba_mfs].quantity=2:4:2",
            "-n", "5", "--workers", "1", "--out", str(tmp_path / "s"),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = json.loads((tmp_path / "s" / "summary.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads(schema_path("sweep.schema.json").read_text("utf-8")))
    first, second = data["parameters"]
    assert first["path"] == "plan.steps[scba_rescue].duration.mode" and first["swing"] > 0.5
    assert second["swing"] == 0.0
    means = [p["kpis"][data["kpi"]]["mean"] for p in first["points"]]
    assert means == sorted(means)
    assert (tmp_path / "s" / "tornado.png").stat().st_size > 0
    # the planner reads it in words: the KPI by its label and the casualty by name
    lines = result.stdout.splitlines()
    assert lines[0].startswith(
        "plan.steps[scba_rescue].duration.mode：取值 2～5 时，“伤员救出 王某”"
    )
    assert "mean" not in result.stdout and "casualty_extracted" not in result.stdout
    # the swing in minutes to a tenth, as the scorecard gives times, not 6.47506
    assert lines[0].endswith(f"的均值变化 {first['swing']:.1f} 分钟"), lines[0]
    assert lines[1].endswith("的均值变化 0.0 分钟"), lines[1]
