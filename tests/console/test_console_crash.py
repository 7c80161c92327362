"""SIGKILL mid-drill, then ``--resume``: nothing entered is lost, the state is the same."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui.console.drill import open_drill

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import asyncio, sys, time
from pathlib import Path
from tui.console.app import make_app
from tui.console.drill import open_drill

async def main() -> None:
    drill = open_drill(Path("scenarios/poisoning.yaml"), None, 1, folder=Path(sys.argv[1]))
    app = make_app(drill, lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "n", "n")  # T+5:00, the alarm
        app.decide("forbid_entry", {"location": "generator_room"}, "值班长")
        await pilot.press("3", "space")  # the drill runs on at 60x
        await pilot.pause(0.5)
        app.decide("declare_level", {"level": "level_i"}, "总指挥")
        await pilot.press("y")  # mark the selected inject
        await pilot.pause(0.2)
        app.decide("note", {"text": "媒体已到厂门口"}, None)
        print("READY", flush=True)
        while True:
            await pilot.pause(0.05)  # mid-session: the clock runs, a replay may be under way

asyncio.run(main())
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_drill_killed_mid_session_resumes_with_every_decision(tmp_path: Path) -> None:
    folder = tmp_path / "drill"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(folder)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert child.stdout is not None
        deadline = time.monotonic() + 120
        line = ""
        while "READY" not in line and time.monotonic() < deadline:
            line = child.stdout.readline()
            if not line and child.poll() is not None:
                break
        assert "READY" in line
        time.sleep(0.3)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL
    journal = folder / "journal.jsonl"
    commands = [json.loads(x)["command"] for x in journal.read_text("utf-8").splitlines()]
    assert commands == ["forbid_entry", "declare_level", "note"]
    marks = (folder / "facilitator.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(x)["kind"] for x in marks] == ["mark"]
    resumed = open_drill(None, None, 0, resume=journal)
    assert resumed.log.first("entry_forbidden").t == 5.0
    level_i = resumed.log.first("level_declared", level="level_i")
    assert level_i is not None and level_i.t > 5.0
    fresh = open_drill(ROOT / "scenarios" / "poisoning.yaml", None, 1, folder=tmp_path / "again")
    for d in resumed.decisions:
        fresh.take(d)
    assert resumed.log.to_jsonl() == fresh.log.to_jsonl()
    last = resumed.decisions[-1].t
    assert [e.to_json() for e in resumed.visible(last)] == [
        e.to_json() for e in fresh.visible(last)
    ]
