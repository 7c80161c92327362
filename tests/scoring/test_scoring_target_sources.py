"""Where each KPI target comes from is told in words in both languages, never as a field path.

The plan locations (``points to: plan.yaml:245 steps[2]``) stay as locators;
the "Targets from" lines say which step, report or organisation set the target.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from click.testing import CliRunner

from tests.conftest import BUNDLED, POISONING
from tui.cli import main

FIELD_PATH = re.compile(r"\b[a-z_]+\[\d*\]\.[a-z_]+")


def _sources(run_dir: Path, lang: str) -> list[str]:
    result = CliRunner().invoke(main, ["score", str(run_dir), "--lang", lang])
    assert result.exit_code in (0, 1), result.output
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line in ("Targets from:", "目标依据："))
    return [line.strip() for line in lines[start + 1 :] if re.match(r"^  \[\d+\]", line)]


def _run(tmp_path: Path, plan: Path | None = None) -> Path:
    out = tmp_path / "run"
    args = ["run", str(POISONING), "--seed", "1", "--out", str(out)]
    result = CliRunner().invoke(main, args + (["--plan", str(plan)] if plan else []))
    assert result.exit_code == 0, result.output
    return out


def test_targets_name_the_step_and_the_report_not_their_fields(tmp_path: Path) -> None:
    run_dir = _run(tmp_path)
    en, zh = _sources(run_dir, "en"), _sources(run_dir, "zh")
    assert "[9] plan step 'Enter with SCBA and carry the casualty out': target 15 min from the " \
        "accident" in en  # fmt: skip
    assert any(
        s.startswith("[3] plan report 'Principal person in charge reports to the county "
                     "emergency bureau': limit 60 min") for s in en
    )  # fmt: skip
    assert [s for s in en + zh if FIELD_PATH.search(s)] == []


def test_a_local_arrival_target_names_the_organisation(tmp_path: Path) -> None:
    plan = yaml.safe_load((BUNDLED / "poisoning-plan.yaml").read_text(encoding="utf-8"))
    ems = next(o for o in plan["organisations"] if o["id"] == "ems120")
    ems["arrival_target_min"] = 20
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    run_dir = _run(tmp_path, path)
    en, zh = _sources(run_dir, "en"), _sources(run_dir, "zh")
    name_en, name_zh = ems.get("name_en", ems["name"]), ems["name"]
    assert any(f"plan's local arrival target for '{name_en}': 20 min" in s for s in en), en
    assert any(f"预案规定的“{name_zh}”当地到达时限 20 分钟" in s for s in zh), zh
    assert [s for s in en + zh if FIELD_PATH.search(s)] == []
