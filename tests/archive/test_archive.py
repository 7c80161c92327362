"""The drill archive: round trip, migrations, trends, findings over three drills,
concurrent writers and a writer killed in the middle of a write."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from scoring.archive.store import SCHEMA_VERSION, Archive
from scoring.archive.tracking import change_since_previous, track_findings
from scoring.archive.trend import trend_figure
from scoring.report.drill import Drill, open_drill
from scoring.scorecard import Scorecard
from tests.conftest import POISONING
from tests.report.conftest import run_cli
from tui.cli import main

START = dt.datetime(2026, 3, 14, 2, 40)


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Drill]:
    base = tmp_path_factory.mktemp("archive-runs")
    out = {}
    for seed in (1, 7):
        folder = base / f"seed-{seed}"
        run_cli("run", str(POISONING), "--seed", str(seed), "--out", str(folder))
        out[seed] = open_drill(folder)
    return out


def _add(a: Archive, card: Scorecard, tag: str) -> int:
    return a.add(card, kind="run", drill_start=START, inputs={"plan": tag, "scenario": "s"})


def test_round_trip_keeps_scores_kpis_findings_and_reports(two_runs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    card = two_runs[1].card
    path = tmp_path / "archive.sqlite"
    with Archive(path) as a:
        drill_id = _add(a, card, "a")
        assert _add(a, card, "a") == drill_id, "the same drill is stored once"
        a.add(
            card,
            kind="run",
            drill_start=START,
            inputs={"plan": "a", "scenario": "s"},
            reports=[tmp_path / "r.html"],
        )
    with Archive(path) as a:
        d = a.drill(drill_id)
        assert (d.plan_id, d.seed, d.score, d.hseep) == (
            card.plan.id,
            1,
            card.overall.score,
            card.overall.hseep,
        )
        assert [f.number for f in a.findings(drill_id)] == [f.id for f in card.findings]
        assert [(k.key, k.value) for k in a.kpis(drill_id)] == [(k.key, k.value) for k in card.kpis]
        assert a.reports(drill_id) == [str(tmp_path / "r.html")]
        assert a.version() == SCHEMA_VERSION
        assert a.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_an_old_archive_is_migrated_and_a_newer_one_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    sqlite3.connect(path).close()  # version 0: an empty file
    with Archive(path) as a:
        assert a.version() == SCHEMA_VERSION
        assert a.drills() == []
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    result = CliRunner().invoke(main, ["archive", "list", "--archive", str(path)])
    assert result.exit_code == 2
    assert "newer than this drillsim" in result.output


def test_findings_over_three_drills_open_closed_recurring_and_raised(
    two_runs, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    first = two_runs[1].card
    corrective = [f for f in first.findings if f.severity == "整改项"]
    assert corrective, "the bundled plan's seed-1 drill has corrective actions"
    fixed, kept = corrective[0], corrective[1:]
    # drill 2: the first corrective action was fixed; drill 3: the seed-7 run
    second = first.model_copy(update={"findings": [f for f in first.findings if f is not fixed]})
    with Archive(tmp_path / "a.sqlite") as a:
        ids = [_add(a, first, "1"), _add(a, second, "2"), _add(a, two_runs[7].card, "3")]
        tracked = {t.key: t for t in track_findings(a, first.plan.id)}
        rows = {f.number: f for f in a.findings(ids[0])}
        fixed_key = rows[fixed.id].key
        assert fixed_key in tracked
        third = {f.key: f for f in a.findings(ids[2])}
        third_keys = set(third)
        t = tracked[fixed_key]
        if fixed_key in third_keys:
            # back in drill 3 after a drill without it: recurring, but not in a row
            assert t.status == "recurring" and t.streak == 1 and not t.raised
        else:
            assert t.status == "closed" and t.drills == [ids[0]]
        for f in kept:
            k = tracked[rows[f.id].key]
            if rows[f.id].key not in third_keys:
                continue
            # found in all three drills; still a 整改项 in the latest, it is raised to
            # 不足项 (recurrence in ratings.yaml); graded lower in the latest, it is not
            assert k.status == "recurring" and k.streak == 3
            if third[rows[f.id].key].severity == "整改项":
                assert k.raised and k.effective == "不足项"
            else:
                assert not k.raised and k.effective == third[rows[f.id].key].severity
        change = change_since_previous(a, ids[1])
        assert change is not None and change.previous.id == ids[0]
        assert [f.key for f in change.closed] == [fixed_key]
        assert change.new == []
        assert change_since_previous(a, ids[0]) is None


def test_trend_shows_each_drill_of_the_plan(two_runs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "a.sqlite"
    with Archive(path) as a:
        for i, seed in enumerate((1, 7, 1)):
            _add(a, two_runs[seed].card, str(i))
        fig = trend_figure(a, two_runs[1].card.plan.id, "en")
        assert fig is not None
        assert len(fig.axes[0].get_xticklabels()) == 3
    out = run_cli(
        "archive",
        "trend",
        two_runs[1].card.plan.id,
        "--archive",
        str(path),
        "--lang",
        "en",
        "--plot",
        str(tmp_path / "t.png"),
    )
    assert (tmp_path / "t.png").read_bytes()[:4] == b"\x89PNG"
    score_line = next(line for line in out.splitlines() if line.startswith("score"))
    assert f"{two_runs[7].card.overall.score:.1f}" in score_line


def test_the_report_shows_the_change_since_the_previous_drill(two_runs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "a.sqlite"
    run_cli(
        "report",
        str(two_runs[1].folder),
        "--format",
        "json",
        "--archive",
        str(path),
        "--out",
        str(tmp_path / "r1"),
    )
    first = (tmp_path / "r1" / "evaluation.zh.json").read_text(encoding="utf-8")
    assert "与上次演练相比" not in first
    run_cli(
        "report",
        str(two_runs[7].folder),
        "--format",
        "json",
        "--archive",
        str(path),
        "--out",
        str(tmp_path / "r2"),
    )
    second = (tmp_path / "r2" / "evaluation.zh.json").read_text(encoding="utf-8")
    assert "与上次演练相比" in second
    with Archive(path) as a:
        drills = a.drills()
        assert len(drills) == 2
        assert a.reports(drills[1].id) == [str((tmp_path / "r2" / "evaluation.zh.json").resolve())]


def _writer(args: tuple[str, str, int]) -> int:
    path, card_json, n = args
    card = Scorecard.model_validate_json(card_json)
    with Archive(path) as a:
        for i in range(n):
            a.add(card, kind="run", drill_start=START, inputs={"plan": f"{os.getpid()}-{i}"})
    return n


def test_concurrent_writers_never_corrupt_the_archive(two_runs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = str(tmp_path / "a.sqlite")
    card_json = two_runs[1].card.model_dump_json()
    Archive(path).close()
    with ProcessPoolExecutor(max_workers=4) as pool:
        total = sum(pool.map(_writer, [(path, card_json, 8)] * 4))
    with Archive(path) as a:
        assert a.integrity() == "ok"
        drills = a.drills()
        assert len(drills) == total == 32
        per_drill = len(two_runs[1].card.findings)
        assert a.db.execute("SELECT COUNT(*) FROM findings").fetchone()[0] == per_drill * total


def test_a_writer_killed_mid_write_leaves_the_archive_whole(two_runs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "a.sqlite"
    card_file = tmp_path / "card.json"
    card_file.write_text(two_runs[1].card.model_dump_json(), encoding="utf-8")
    with Archive(path) as a:
        _add(a, two_runs[1].card, "before")
    script = textwrap.dedent(
        f"""
        import datetime as dt, sys
        from scoring.archive.store import Archive
        from scoring.scorecard import Scorecard
        card = Scorecard.model_validate_json(open({str(card_file)!r}, encoding="utf-8").read())
        a = Archive({str(path)!r})
        a.db.execute("BEGIN IMMEDIATE")
        d = a.db.execute("INSERT INTO drills (fingerprint, kind, recorded_at, drill_start, "
                     "plan_id, plan_name, scenario_id, scenario_name, inputs) "
                     "VALUES ('x', 'run', 'now', 'then', 'p', 'p', 's', 's', '{{}}')").lastrowid
        for i in range(200000):
            a.db.execute("INSERT INTO findings VALUES (?, 'F', 'k', 'r', "
                         "'整改项', 'z', 'e', 'c')", (d,))
            if i == 1000:
                print("writing", flush=True)
        a.db.execute("COMMIT")
        print("committed", flush=True)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "writing"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with Archive(path) as a:
        assert a.integrity() == "ok"
        assert [d.inputs["plan"] for d in a.drills()] == ["before"]
        assert a.db.execute("SELECT COUNT(*) FROM findings").fetchone()[0] == len(
            two_runs[1].card.findings
        )
        _add(a, two_runs[1].card, "after")
        assert len(a.drills()) == 2


def test_a_live_drill_session_folder_is_reported_and_archived_as_a_session(tmp_path: Path) -> None:
    session = tmp_path / "drill-2026-03-14"
    run_cli("run", str(POISONING), "--seed", "1", "--out", str(session / "run"))
    path = tmp_path / "a.sqlite"
    out = run_cli(
        "report", str(session), "--format", "json", "--lang", "en", "--archive", str(path)
    )
    assert str(session / "report" / "evaluation.en.json") in out
    text = (session / "report" / "evaluation.en.json").read_text(encoding="utf-8")
    assert "facilitated live drill" in text
    with Archive(path) as a:
        assert [d.kind for d in a.drills()] == ["session"]
    listed = run_cli("archive", "list", "--archive", str(path))
    assert "gen-room-h2s-onsite-2026" in listed


def test_a_corrective_action_found_in_two_drills_in_a_row_is_raised_to_a_deficiency(
    two_runs, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    card = two_runs[1].card
    corrective = {f.rule for f in card.findings if f.severity == "整改项"}
    with Archive(tmp_path / "a.sqlite") as a:
        _add(a, card, "1")
        once = {t.key: t for t in track_findings(a, card.plan.id)}
        assert not any(t.raised for t in once.values()), "one drill raises nothing"
        second = _add(a, card, "2")
        twice = track_findings(a, card.plan.id)
        raised = [t for t in twice if t.raised]
        assert raised and {t.rule for t in raised} <= corrective
        assert all(t.effective == "不足项" and t.status == "recurring" for t in raised)
        change = change_since_previous(a, second)
        assert change is not None and {f.key for f in change.raised} == {t.key for t in raised}
