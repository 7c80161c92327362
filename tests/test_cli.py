"""The command line as a user meets it: messages, exit codes, files written."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from click.testing import CliRunner

from tests.conftest import BUNDLED, POISONING
from tui.cli import main


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_run_prints_timeline_and_key_times_and_writes_the_log(tmp_path: Path) -> None:
    code, out, err = invoke("run", str(POISONING), "--seed", "1", "--out", str(tmp_path))
    assert code == 0, err
    assert "报警，启动应急处置" in out
    assert "关键时间节点" in out and "报告应急管理部门 县应急管理局：T+0:" in out
    # the KPI notes give moments as the timeline does, T+h:mm:ss
    assert "请求外部救援 市危险化学品专业救援队（达标）：请求条件满足于 T+0:10:21" in out
    events = (tmp_path / "events.jsonl").read_text(encoding="utf-8")
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == 1
    assert manifest["events"]["sha256"] == hashlib.sha256(events.encode()).hexdigest()
    assert manifest["events"]["count"] == len(events.splitlines())
    plan_bytes = (BUNDLED / "poisoning-plan.yaml").read_bytes()
    assert manifest["inputs"]["plan"]["sha256"] == hashlib.sha256(plan_bytes).hexdigest()
    assert {"simpy", "numpy", "pydantic", "python"} <= set(manifest["versions"])
    assert not list(tmp_path.glob(".*.tmp"))


def test_run_in_english(tmp_path: Path) -> None:
    code, out, _ = invoke(
        "run", str(POISONING), "--seed", "1", "--out", str(tmp_path), "--lang", "en"
    )
    assert code == 0
    assert "Alarm raised" in out and "Emergency management department informed " in out


def test_same_seed_writes_identical_event_logs(tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert invoke("run", str(POISONING), "--seed", "9", "--out", str(tmp_path / name))[0] == 0
    a = (tmp_path / "a" / "events.jsonl").read_bytes()
    assert a == (tmp_path / "b" / "events.jsonl").read_bytes()


def test_run_replays_a_decisions_file(tmp_path: Path) -> None:
    journal = tmp_path / "decisions.jsonl"
    journal.write_text(
        '{"t": 3.0, "command": "forbid_entry", "args": '
        '{"location": "generator_room"}, "by": "值班长"}\n',
        encoding="utf-8",
    )
    code, out, err = invoke(
        "run",
        str(POISONING),
        "--seed",
        "1",
        "--decisions",
        str(journal),
        "--out",
        str(tmp_path / "run"),
    )
    assert code == 0, err
    assert "决策：禁止无防护进入 尾气发电机房" in out
    manifest = json.loads((tmp_path / "run" / "manifest.json").read_text(encoding="utf-8"))
    assert "decisions" in manifest["inputs"]


def test_bad_decisions_file_names_each_line(tmp_path: Path) -> None:
    journal = tmp_path / "decisions.jsonl"
    journal.write_text(
        '{"t": 3.0, "command": "forbid_entry", "args": {"location": "generator_room"}}\n'
        "not json\n"
        '{"t": 4.0, "command": "launch_rocket", "args": {}}\n'
        '{"t": 5.0, "command": "dispatch", "args": {"team": "ghost_team", "to": "safe_area"}}\n',
        encoding="utf-8",
    )
    code, _, err = invoke(
        "run", str(POISONING), "--decisions", str(journal), "--out", str(tmp_path / "run")
    )
    assert code == 2
    assert f"{journal}:2: 应为 JSON 对象，解析出错：缺少值" in err
    assert f"{journal}:3: 应为以下命令之一：" in err
    assert "Traceback" not in err
    code, _, err = invoke(
        "run",
        str(POISONING),
        "--decisions",
        str(journal.with_name("x.jsonl")),
        "--out",
        str(tmp_path / "run"),
    )
    assert code == 2 and "Traceback" not in err


def test_unknown_team_in_decisions_is_refused(tmp_path: Path) -> None:
    journal = tmp_path / "decisions.jsonl"
    journal.write_text(
        '{"t": 5.0, "command": "dispatch", "args": {"team": "ghost_team", "to": "safe_area"}}\n',
        encoding="utf-8",
    )
    code, _, err = invoke(
        "run", str(POISONING), "--decisions", str(journal), "--out", str(tmp_path / "run")
    )
    assert code == 2
    assert f"错误：{journal}:1: args.team: 应为队伍编号，实际为 'ghost_team'" in err
    code, _, err = invoke(
        "run",
        str(POISONING),
        "--decisions",
        str(journal),
        "--out",
        str(tmp_path / "run"),
        "--lang",
        "en",
    )
    assert f"error: {journal}:1: args.team: expected a team id, found 'ghost_team'" in err
    assert not (tmp_path / "run").exists()


def test_run_with_a_broken_plan_shows_a_message_not_a_traceback(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    text = (BUNDLED / "poisoning-plan.yaml").read_text(encoding="utf-8")
    plan.write_text(text.replace("owner: shift_leader", "owner: nobody", 1), encoding="utf-8")
    code, _, err = invoke(
        "run", str(POISONING), "--plan", str(plan), "--out", str(tmp_path / "run"), "--lang", "en"
    )
    assert code == 2
    assert "steps[0].owner: expected a role id, found 'nobody'" in err
    assert "Traceback" not in err
    assert not (tmp_path / "run").exists()


def test_validate_bundled_files() -> None:
    code, out, _ = invoke(
        "validate",
        str(POISONING),
        str(BUNDLED / "pipeline.yaml"),
        str(BUNDLED / "poisoning-plan.yaml"),
    )
    assert code == 0
    assert out.count("通过：") == 3


def test_validate_reports_every_bad_file_and_exits_non_zero(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nsteps: 3\n", encoding="utf-8")
    code, out, err = invoke("validate", str(POISONING), str(bad), str(tmp_path / "missing.yaml"))
    assert code == 1
    assert "通过：" in out
    assert f"{bad}:" in err and "missing.yaml: 文件不存在" in err
    code, out, err = invoke(
        "validate", str(POISONING), str(bad), str(tmp_path / "missing.yaml"), "--lang", "en"
    )
    assert code == 1
    assert "ok: " in out
    assert f"{bad}:" in err and "missing.yaml: file not found" in err


def test_validate_plan_against_a_scenario(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    text = (BUNDLED / "poisoning-plan.yaml").read_text(encoding="utf-8")
    plan.write_text(
        text.replace("location: mini_fire_station", "location: 仓库", 1), encoding="utf-8"
    )
    assert invoke("validate", str(plan))[0] == 0
    code, _, err = invoke("validate", str(plan), "--scenario", str(POISONING))
    assert code == 1 and f"应为情景（{POISONING}）中的地点编号，实际为 '仓库'" in err


def test_schema_is_current() -> None:
    code, _, err = invoke("schema", "--check")
    assert code == 0, err


def test_a_plans_own_scoring_rules_change_the_rating(tmp_path: Path) -> None:
    (tmp_path / "poisoning.yaml").write_text(
        POISONING.read_text(encoding="utf-8"), encoding="utf-8"
    )
    plan = (BUNDLED / "poisoning-plan.yaml").read_text(encoding="utf-8")
    lenient = (
        plan + "scoring:\n  caps:\n    整改项: P\n"
        "  consequences:\n    deaths_after_alarm:\n      caps: []\n"
    )
    (tmp_path / "poisoning-plan.yaml").write_text(lenient, encoding="utf-8")
    code, out, err = invoke(
        "run",
        str(tmp_path / "poisoning.yaml"),
        "--seed",
        "1",
        "--out",
        str(tmp_path / "run"),
        "--lang",
        "en",
    )
    assert code == 0, err
    assert "Overall: P (performed without challenges)" in out and "优秀" not in out
    code, out, _ = invoke(
        "run", str(POISONING), "--seed", "1", "--out", str(tmp_path / "b"), "--lang", "en"
    )
    assert (
        "Overall: M (performed with major challenges)" in out
    )  # the casualty's probable death caps it


def test_a_mistake_in_the_plans_scoring_rules_points_at_the_plan(tmp_path: Path) -> None:
    (tmp_path / "poisoning.yaml").write_text(
        POISONING.read_text(encoding="utf-8"), encoding="utf-8"
    )
    plan = (BUNDLED / "poisoning-plan.yaml").read_text(encoding="utf-8") + "scoring:\n  capz: 1\n"
    (tmp_path / "poisoning-plan.yaml").write_text(plan, encoding="utf-8")
    code, out, err = invoke("run", str(tmp_path / "poisoning.yaml"), "--out", str(tmp_path / "r"))
    last = len(plan.splitlines())
    assert code == 2
    assert f"poisoning-plan.yaml:{last}: scoring.capz: 未知字段 'capz'" in err
    assert out == "" and not (tmp_path / "r").exists()


def test_an_output_path_that_is_a_file_is_refused_before_the_run(tmp_path: Path) -> None:
    target = tmp_path / "not-a-folder"
    target.write_text("keep me", encoding="utf-8")
    code, out, err = invoke("run", str(POISONING), "--out", str(target))
    assert code == 2 and out == ""
    assert "--out: 应为存放推演文件的文件夹，实际为文件" in err
    assert target.read_text(encoding="utf-8") == "keep me"


def test_the_chinese_timeline_gives_wait_reasons_in_chinese(tmp_path: Path) -> None:
    code, out, _ = invoke("run", str(POISONING), "--seed", "1", "--out", str(tmp_path))
    assert code == 0
    assert "等待：中毒人员移交120救治（尚无具备资质的队伍在岗或到场）" in out
    assert "no qualified team" not in out


def test_validating_a_scenario_and_its_plan_reports_the_plans_mistake_once(
    tmp_path: Path,
) -> None:
    """`drillsim validate scenario.yaml plan.yaml`, the natural command: the scenario
    checks the plan it names, and the plan is checked again as a file of its own. Its
    one mistake is one problem, not two."""
    for name in ("poisoning.yaml", "poisoning-plan.yaml"):
        text = (BUNDLED / name).read_text(encoding="utf-8")
        if name == "poisoning-plan.yaml":
            text = text.replace("    size: 2\n", "    size: 2\n    turnout: 2\n", 1)
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["validate", str(tmp_path / "poisoning.yaml"), str(tmp_path / "poisoning-plan.yaml")]
    )
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if "turnout" in line]
    assert len(lines) == 1, result.stderr
    assert "共 2 个问题" not in result.stderr


def test_the_scorecard_says_why_a_kpi_not_yet_due_is_missed(tmp_path: Path) -> None:
    """The pool's plan runs out of steps at T+7:18 with the county report not yet due:
    'missed' would stand without its reason; the scorecard prints the KPI's note."""
    pool = Path(__file__).parent / "data" / "pool-chlorine.yaml"
    code, out, err = invoke("run", str(pool), "--seed", "1", "--out", str(tmp_path / "zh"))
    assert code == 0, err
    notes = out[out.index("指标说明：") :]
    line = next(x for x in notes.splitlines() if "报告应急管理部门（未达到）" in x)
    assert line.endswith("未到期时预案已无后续处置，也已无人处于危险之中（T+0:07:18），不会再完成")
    code, out, err = invoke(
        "run", str(pool), "--seed", "1", "--out", str(tmp_path / "en"), "--lang", "en"
    )
    assert code == 0, err
    notes = out[out.index("KPI notes:") :]
    line = next(x for x in notes.splitlines() if "department informed (missed)" in x)
    assert line.endswith(
        "not yet due when the plan had nothing left to do and nobody was left in harm's way "
        "(T+0:07:18): it never happens"
    )
