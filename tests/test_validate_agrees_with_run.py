"""`validate` says ok exactly when `run` starts, for any file made from the bundled ones.

Hypothesis edits one scenario or plan file (a value replaced by a number of any
size, a string, a reference to another id, null, a list or a mapping; a key
deleted; a list entry given twice) and asks both commands. ``run`` is stopped
the moment it would start simulating: what it checked up to there is the
whole of what it refuses. The fuzz test and ``bench/fuzz_inputs.py`` let runs go
to the end.
"""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.yamlfile import parse_yaml
from tests.mutants import BUNDLED, PAIRS, _paths
from tui.cli import main


class Started(Exception):
    """Raised in place of the simulation: `run` got past every check."""


def _data(name: str) -> Any:
    return parse_yaml((BUNDLED / name).read_text(encoding="utf-8"), name).data


ORIGINALS = {name: _data(name) for pair in PAIRS for name in pair}

values = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -1, 1, 1e-300, 1e300, 10**9, "08:00", "5", "", "x"]),
    st.text(max_size=12),
    st.none(),
    st.booleans(),
    st.just([]),
    st.just({}),
)


@st.composite
def edited_pair(draw: st.DrawFn) -> tuple[str, str, str]:
    """(scenario text, plan text, what was edited)."""
    sname, pname = draw(st.sampled_from(PAIRS))
    target = draw(st.sampled_from([sname, pname]))
    data = copy.deepcopy(ORIGINALS[target])
    nodes = [(p, v) for p, v in _paths(data) if p]
    path, node = draw(st.sampled_from(nodes))
    parent: Any = data
    for part in path[:-1]:
        parent = parent[part]
    how = draw(st.sampled_from(["value", "reference", "delete", "twice"]))
    if how == "delete" and isinstance(parent, dict):
        del parent[path[-1]]
    elif how == "twice" and isinstance(node, list) and node:
        node.append(copy.deepcopy(draw(st.sampled_from(node))))
    elif how == "reference":
        ids = sorted({v for _, v in nodes if isinstance(v, str) and len(v) < 40})
        parent[path[-1]] = draw(st.sampled_from(ids))
    else:
        how = "value"
        parent[path[-1]] = draw(values)
    texts = {
        name: yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        if name == target
        else (BUNDLED / name).read_text(encoding="utf-8")
        for name in (sname, pname)
    }
    where = ".".join(map(str, path))
    return texts[sname], texts[pname], f"{target}: {how} at {where}"


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(edited_pair())
def test_validate_is_ok_exactly_when_run_starts(pair: tuple[str, str, str]) -> None:
    stext, ptext, what = pair
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        scenario, plan = base / "scenario.yaml", base / "plan.yaml"
        scenario.write_text(stext, encoding="utf-8")
        plan.write_text(ptext, encoding="utf-8")
        as_scenario = runner.invoke(main, ["validate", str(scenario), "--plan", str(plan)])
        as_plan = runner.invoke(main, ["validate", str(plan), "--scenario", str(scenario)])
        with mock.patch("tui.cli.simulate", side_effect=Started):
            run = runner.invoke(
                main, ["run", str(scenario), "--plan", str(plan), "--out", str(base / "out")]
            )
    started = isinstance(run.exception, Started)
    if not started:
        assert run.exit_code == 2, f"{what}: run neither started nor refused:\n{run.output}"
        assert run.stderr.startswith(("error: ", "错误：")), f"{what}: {run.stderr}"
    for name, result in (("scenario", as_scenario), ("plan", as_plan)):
        assert result.exit_code in (0, 1), f"{what}: validate {name} crashed: {result.exception}"
        assert (result.exit_code == 0) == started, (
            f"{what}: validate {name} says {result.exit_code}, run "
            f"{'started' if started else 'refused'}:\n{result.stderr}{run.stderr}"
        )
