"""sim.physics runs on numpy, PyYAML and the standard library alone (STYLE.md 1)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_physics_imports_neither_scipy_nor_plotting_nor_terminal_ui() -> None:
    code = (
        "import sys, sim.physics; "
        "bad = [m for m in ('scipy', 'matplotlib', 'textual') if m in sys.modules]; "
        "print(','.join(bad))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""
