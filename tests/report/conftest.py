from __future__ import annotations

import functools
import re
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from scoring.report.drill import open_drill
from scoring.report.evaluation import Built, build_report
from tests.conftest import BUNDLED, PIPELINE, POISONING
from tui.cli import main

FLAWED_PLAN = BUNDLED / "poisoning-plan-flawed.yaml"
BUNDLED_SCENARIOS = sorted(p for p in BUNDLED.glob("*.yaml") if "plan" not in p.stem)
RUNS = {
    **{p.stem: (p, None) for p in BUNDLED_SCENARIOS},
    "flawed": (POISONING, FLAWED_PLAN),
}
assert {"poisoning", "pipeline"} <= set(RUNS), PIPELINE


def run_cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="session")
def run_dirs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One saved run (seed 1) of every bundled scenario and of the flawed plan revision."""
    base = tmp_path_factory.mktemp("runs")
    out = {}
    for name, (scenario, plan) in RUNS.items():
        folder = base / name
        args = ["run", str(scenario), "--seed", "1", "--out", str(folder)]
        if plan is not None:
            args += ["--plan", str(plan)]
        run_cli(*args)
        out[name] = folder
    return out


@pytest.fixture(scope="session")
def reports(run_dirs: dict[str, Path]) -> Callable[[str, str, str], Built]:
    """Built reports by (run, kind, lang), each built once per test session."""
    drills = {name: open_drill(folder) for name, folder in run_dirs.items()}

    @functools.cache
    def get(name: str, kind: str, lang: str) -> Built:
        return build_report(drills[name], kind, lang)

    return get


def pdf_objects(data: bytes) -> bytes:
    """The PDF's bytes with every Flate stream decompressed (object streams included)."""
    out = [data]
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            out.append(zlib.decompress(m.group(1)))
        except zlib.error:
            continue
    return b"\n".join(out)


def pdf_page_count(data: bytes) -> int:
    objects = pdf_objects(data)
    counts = [int(n) for n in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", objects)]
    counts += [int(n) for n in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", objects)]
    return max(counts, default=0)
