"""The headless core must run without a terminal UI or a plotting backend."""

from __future__ import annotations

import subprocess
import sys


def test_sim_and_scoring_import_neither_textual_nor_pyplot() -> None:
    code = (
        "import sys, sim, scoring, sim.engine, sim.loader, scoring.keytimes, scoring.timeline\n"
        "bad = [m for m in ('textual', 'matplotlib.pyplot') if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
