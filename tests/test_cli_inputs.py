"""One validation path and run folders that are whole or absent, as a user meets them."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import pytest

from sim import runfiles
from sim.errors import InputError
from tests.conftest import BUNDLED, POISONING
from tests.test_cli import invoke

NOTE = '{{"t":{t},"command":"note","args":{{"text":"x"}}}}\n'


def plan_with(tmp_path: Path, addition: str) -> Path:
    text = (BUNDLED / "poisoning-plan.yaml").read_text(encoding="utf-8") + addition
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    return plan


def test_validate_checks_the_plans_scoring_section_as_run_does(tmp_path: Path) -> None:
    plan = plan_with(tmp_path, "scoring:\n  no_such_rule: 3\n")
    code, _, err = invoke("validate", str(plan))
    assert code == 1
    assert f"{plan}:" in err and "scoring" in err
    code_run, _, err_run = invoke(
        "run", str(POISONING), "--plan", str(plan), "--out", str(tmp_path / "r")
    )
    assert code_run == 2
    assert err_run.splitlines()[0] == err.splitlines()[0]
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (".inf", "input should be a finite number; found inf"),
        ("1000", "less than or equal to 100"),
        ("'5'", "valid number"),
        ("true", "valid number"),
    ],
)
def test_a_scoring_weight_is_a_bounded_strict_number(
    tmp_path: Path, value: str, expected: str
) -> None:
    """An infinite weight leaves every other KPI no say; "5" and true are not numbers."""
    plan = plan_with(tmp_path, f"scoring:\n  objectives:\n    rescue: {{weight: {value}}}\n")
    code, _, err = invoke("validate", str(plan))
    assert code == 1
    assert "scoring.objectives.rescue.weight" in err and expected in err, err


def test_a_plan_given_as_the_scenario_is_told_so(tmp_path: Path) -> None:
    plan = BUNDLED / "poisoning-plan.yaml"
    code, _, err = invoke("run", str(plan), "--out", str(tmp_path / "r"))
    assert code == 2
    assert "this is a plan file (it has 'steps'), not a scenario" in err
    assert "--plan" in err


def test_a_scenario_given_as_the_plan_is_told_so(tmp_path: Path) -> None:
    code, _, err = invoke("run", str(POISONING), "--plan", str(POISONING), "--out", str(tmp_path))
    assert code == 2
    assert "this is a scenario file (it has 'site'), not a plan" in err


def test_a_decision_at_the_horizon_is_refused_by_validate_and_run(tmp_path: Path) -> None:
    journal = tmp_path / "d.jsonl"
    journal.write_text(NOTE.format(t=1) + NOTE.format(t=240), encoding="utf-8")
    code, _, err = invoke("validate", str(journal), "--scenario", str(POISONING))
    assert code == 1
    assert f"{journal}:2: t: expected a time before the end of the run" in err
    assert "horizon_min is 240" in err
    code, _, err_run = invoke(
        "run", str(POISONING), "--decisions", str(journal), "--out", str(tmp_path / "r")
    )
    assert code == 2
    assert err_run.strip() == err.strip()


def test_decisions_after_the_run_ended_early_are_named_not_dropped(tmp_path: Path) -> None:
    journal = tmp_path / "d.jsonl"
    journal.write_text(NOTE.format(t=1) + NOTE.format(t=200) + NOTE.format(t=201), encoding="utf-8")
    code, _, err = invoke(
        "run",
        str(POISONING),
        "--seed",
        "1",
        "--decisions",
        str(journal),
        "--out",
        str(tmp_path / "r"),
        "--lang",
        "en",
    )
    assert code == 0, err
    assert "2 decisions fall after the run ended at T+1:32:18" in err
    assert "(lines 2, 3)" in err


def test_a_rerun_replaces_the_folder_whole_and_keeps_other_files(tmp_path: Path) -> None:
    out = tmp_path / "run"
    assert invoke("run", str(POISONING), "--seed", "1", "--out", str(out))[0] == 0
    (out / "report.html").write_text("<p>kept</p>", encoding="utf-8")
    (tmp_path / ".run.dead.new.tmp").mkdir()
    assert invoke("run", str(POISONING), "--seed", "2", "--out", str(out))[0] == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == 2
    assert sorted(p.name for p in out.iterdir()) == [
        "events.jsonl",
        "manifest.json",
        "report.html",
        "scorecard.json",
    ]
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_folder_of_other_files_is_refused_before_the_run(tmp_path: Path) -> None:
    (tmp_path / "thesis.docx").write_text("mine", encoding="utf-8")
    code, out, err = invoke("run", str(POISONING), "--out", str(tmp_path))
    assert code == 2
    assert "expected an empty folder or the folder of an earlier run" in err
    assert out == ""
    assert [p.name for p in tmp_path.iterdir()] == ["thesis.docx"]


def test_run_files_follow_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        runfiles.write_folder(tmp_path / "r", {"events.jsonl": "{}\n"})
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "r").stat().st_mode) == 0o750
    assert stat.S_IMODE((tmp_path / "r" / "events.jsonl").stat().st_mode) == 0o640


def test_a_full_disk_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(runfiles.os, "write", full)
    with pytest.raises(OSError) as info:
        runfiles.write_folder(tmp_path / "r", {"events.jsonl": "{}\n"})
    assert info.value.filename == str(tmp_path / "r" / "events.jsonl")
    assert info.value.strerror == "No space left on device"
    assert not (tmp_path / "r").exists()
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.parametrize(
    "edit",
    [
        lambda m: m["inputs"].update(scenario="scenario.yaml"),
        lambda m: m.update(events=[1, 2]),
        lambda m: m.update(seed="one"),
        lambda m: m["inputs"]["plan"].update(path=7),
    ],
)
def test_a_hand_edited_manifest_is_a_clean_error_in_score(tmp_path: Path, edit: object) -> None:
    out = tmp_path / "r"
    assert invoke("run", str(POISONING), "--seed", "1", "--out", str(out))[0] == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    edit(manifest)  # type: ignore[operator]
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    code, _, err = invoke("score", str(out))
    assert code == 2, err
    assert err.startswith(f"error: {out / 'manifest.json'}: ")


def _crash_at(step: int, folder: Path, files: dict[str, str]) -> None:
    """Run ``write_folder`` in a child that dies (as by SIGKILL) at its ``step``-th system call."""
    pid = os.fork()
    if pid == 0:
        count = [0]

        def dying(real):  # type: ignore[no-untyped-def]
            def call(*args, **kwargs):  # type: ignore[no-untyped-def]
                count[0] += 1
                if count[0] == step:
                    os._exit(9)
                return real(*args, **kwargs)

            return call

        for name in ("write", "rename", "mkdir", "fsync", "open", "link"):
            setattr(runfiles.os, name, dying(getattr(os, name)))
        try:
            runfiles.write_folder(folder, files)
        except BaseException:
            os._exit(3)
        os._exit(0)
    os.waitpid(pid, 0)


def test_a_kill_at_any_system_call_leaves_the_old_set_the_new_set_or_none(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "seed-1"
    old = {
        "events.jsonl": "old events\n",
        "manifest.json": '{"format": "drillsim-run/1", "v": "old"}\n',
        "scorecard.json": "old\n",
    }
    new = {
        "events.jsonl": "new events\n",
        "manifest.json": '{"format": "drillsim-run/1", "v": "new"}\n',
        "scorecard.json": "new\n",
    }
    for step in range(1, 40):
        runfiles.write_folder(folder, old)
        _crash_at(step, folder, new)
        if folder.exists():
            found = {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()}
            assert found in (old, new), (step, found)
        runfiles.write_folder(folder, new)
        assert not list(tmp_path.glob(".*.tmp"))


def test_refused_out_folder_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "x").write_text("x", encoding="utf-8")
    with pytest.raises(InputError):
        runfiles.check_run_folder(tmp_path / "x")
