"""Fuzzing: mutants of the bundled files and journals never crash, hang or split validate from run.

The longer campaign is ``bench/fuzz_inputs.py`` (10,000 mutants).
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import POISONING
from tests.mutants import mutant, outcome


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_a_mutant_is_refused_in_words_or_runs_and_validate_agrees_with_run(seed: int) -> None:
    m = mutant(np.random.default_rng(seed))
    cls, detail = outcome(m, seconds=60)
    assert cls in ("ok", "refused"), f"{cls} for {m.what}:\n{detail}"


def _whole_or_absent(folder: Path) -> None:
    if not folder.exists():
        return
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["events.jsonl", "manifest.json", "scorecard.json"], names
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    events = (folder / "events.jsonl").read_bytes()
    assert manifest["events"]["sha256"] == hashlib.sha256(events).hexdigest()
    card = json.loads((folder / "scorecard.json").read_text(encoding="utf-8"))
    assert card.get("seed", manifest["seed"]) == manifest["seed"]


def test_sigkill_during_run_into_a_reused_folder_leaves_no_mixed_or_stale_set(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "seed"
    drillsim = [sys.executable, "-m", "tui.cli", "run", str(POISONING), "--out", str(folder)]
    subprocess.run([*drillsim, "--seed", "1"], check=True, capture_output=True)
    t0 = time.perf_counter()
    subprocess.run([*drillsim, "--seed", "2"], check=True, capture_output=True)
    took = time.perf_counter() - t0
    rng = np.random.default_rng(12)
    for seed in range(3, 9):
        proc = subprocess.Popen(
            [*drillsim, "--seed", str(seed)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(float(rng.uniform(0.5, 1.0)) * took)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        _whole_or_absent(folder)
    subprocess.run([*drillsim, "--seed", "9"], check=True, capture_output=True)
    _whole_or_absent(folder)
    assert json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["seed"] == 9
    assert not list(tmp_path.glob(".*.tmp"))
