"""Hostile and careless input: refused with a message naming the file, never a crash or a hang."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim import InputError, load
from sim.decisions import (
    MAX_JOURNAL_BYTES,
    Note,
    NoteArgs,
    append_decision,
    load_numbered,
    parse_journal,
)
from sim.plan import Plan
from sim.scenario import Scenario
from sim.yamlfile import MAX_BYTES, MAX_DEPTH, load_yaml, parse_yaml
from tests.sim.test_loader_errors import copy_pair, problems_of


def messages(exc: pytest.ExceptionInfo[InputError]) -> str:
    return "\n".join(str(p) for p in exc.value.problems)


# --- bounded reads ---------------------------------------------------------


def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "scenario.yaml"
    os.mkfifo(fifo)
    with pytest.raises(InputError) as info:
        load_yaml(fifo)
    assert f"{fifo}: expected a regular file, found a FIFO (named pipe)" in messages(info)


def test_device_is_refused_although_it_reports_size_zero() -> None:
    with pytest.raises(InputError) as info:
        load_yaml(Path("/dev/zero"))
    assert "/dev/zero: expected a regular file, found a device" in messages(info)


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_yaml(tmp_path)
    assert "expected a regular file, found a directory" in messages(info)


def test_oserror_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x", encoding="utf-8")
    bad = tmp_path / "plain" / "plan.yaml"
    with pytest.raises(InputError) as info:
        load_yaml(bad)
    assert messages(info).startswith(f"{bad}: cannot read: ")


def test_file_one_byte_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * (MAX_BYTES - 3) + b"y")
    with pytest.raises(InputError) as info:
        load_yaml(path)
    assert f"expected at most {MAX_BYTES} bytes" in messages(info)


def test_deep_flow_nesting_is_refused_before_the_parser_recurses() -> None:
    text = "a: " + "[" * 20000 + "]" * 20000 + "\n"
    with pytest.raises(InputError) as info:
        parse_yaml(text, "deep.yaml")
    assert f"deep.yaml:1: nested more than {MAX_DEPTH} levels deep" in messages(info)


def test_deep_block_nesting_is_refused() -> None:
    text = "".join(f"{' ' * i}k{i}:\n" for i in range(200)) + " " * 200 + "v: 1\n"
    with pytest.raises(InputError) as info:
        parse_yaml(text, "deep.yaml")
    assert "nested more than" in messages(info)


def test_complex_key_is_refused_with_its_line() -> None:
    with pytest.raises(InputError) as info:
        parse_yaml("id: x\n? [a, b]\n: 1\n", "k.yaml")
    assert "k.yaml:2: expected a plain name as a key, found a list" in messages(info)


def test_impossible_date_is_located() -> None:
    with pytest.raises(InputError) as info:
        parse_yaml("id: x\nstart: 2026-02-30T08:00:00\n", "d.yaml")
    assert "d.yaml:2: cannot read '2026-02-30T08:00:00': day is out of range" in messages(info)


def test_journal_over_its_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "decisions.jsonl"
    line = b'{"t":1,"command":"note","args":{"text":"' + b"x" * 1000 + b'"}}\n'
    with path.open("wb") as fh:
        for _ in range(MAX_JOURNAL_BYTES // len(line) + 1):
            fh.write(line)
    with pytest.raises(InputError) as info:
        load_numbered(path)
    assert f"expected at most {MAX_JOURNAL_BYTES} bytes for a decisions journal" in messages(info)


def test_journal_that_is_a_fifo_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "decisions.jsonl"
    os.mkfifo(fifo)
    with pytest.raises(InputError) as info:
        load_numbered(fifo)
    assert "expected a regular file, found a FIFO" in messages(info)


# --- the journal -----------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=8))
def test_a_journal_written_by_drillsim_always_reads_back(notes: list[str]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "decisions.jsonl"
        written = [
            Note(t=float(i), command="note", args=NoteArgs(text=n)) for i, n in enumerate(notes)
        ]
        for d in written:
            append_decision(path, d)
        assert [d for _, d in load_numbered(path)] == written


def test_line_and_paragraph_separators_stay_inside_a_note() -> None:
    text = '{"t":1,"command":"note","args":{"text":"a\u2028b\u2029c\x85d\\fe"}}\n'
    [(number, decision)] = parse_journal(text)
    assert number == 1
    assert decision.args.text == "a\u2028b\u2029c\x85d\x0ce"  # type: ignore[union-attr]


def test_append_after_a_cut_off_record_keeps_the_new_one(tmp_path: Path) -> None:
    path = tmp_path / "decisions.jsonl"
    path.write_text('{"t":1,"command":"note","args":{"te', encoding="utf-8")
    append_decision(path, Note(t=2.0, command="note", args=NoteArgs(text="ok")))
    with pytest.raises(InputError) as info:
        load_numbered(path)
    [problem] = info.value.problems
    assert problem.line == 1
    assert path.read_text(encoding="utf-8").split("\n")[1].startswith('{"t":2.0')


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (
            '{"t":"5","command":"note","args":{"text":"x"}}',
            'expected a number of minutes, found a string "5"',
        ),
        (
            '{"t":true,"command":"note","args":{"text":"x"}}',
            "expected a number of minutes, found true/false true",
        ),
        ('{"t":NaN,"command":"note","args":{"text":"x"}}', "expected a finite number, found NaN"),
        ('{"t":1e300,"command":"note","args":{"text":"x"}}', "between 0 and 10080"),
        ('{"t":1,"t":2,"command":"note","args":{"text":"x"}}', "t: key given twice on one line"),
        ('{"t":1,"command":"note","args":{"text":5}}', "args.text: expected text in quotes"),
        ("[1, 2]", "expected a JSON object, found a list"),
        ("[" * 100000, "expected a JSON object"),
    ],
)
def test_lenient_or_duplicate_values_are_errors(record: str, expected: str) -> None:
    with pytest.raises(InputError) as info:
        parse_journal(record + "\n", "d.jsonl")
    assert expected in messages(info)
    assert messages(info).startswith("d.jsonl:1:")


# --- bounds and strict types ----------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    size: 3\n",
            "    size: 1000000000\n",
            "teams[1].size: input should be less than or equal to 1000",
        ),
        ("    size: 3\n", f"    size: {2**70}\n", "less than or equal to 1000"),
        ("    size: 3\n", '    size: "3"\n', "input should be a valid integer"),
        ('start: "08:00"', "start: 800", 'write "08:00"'),
        (
            "duration: {kind: triangular, low: 2, mode: 4, high: 8}",
            "duration: {kind: triangular, low: 2, mode: 4, high: 1e300}",
            "less than or equal to 10080",
        ),
        (
            "duration: {kind: triangular, low: 2, mode: 4, high: 8}",
            "duration: .inf",
            "finite number",
        ),
    ],
)
def test_plan_numbers_outside_the_domain_are_refused(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    path = copy_pair(tmp_path, edit_plan=(old, new))
    assert any(expected in m for m in problems_of(path)), problems_of(path)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "start: 2026-03-14T02:40:00+08:00",
            "start: 9999-12-31T23:59:59",
            "between 1970-01-01 and 2100-12-31",
        ),
        ("start: 2026-03-14T02:40:00+08:00", "start: 1773430800", "found the number"),
        ("horizon_min: 240", "horizon_min: .inf", "finite number"),
        ("      x_m: 120\n", "      x_m: 1e300\n", "less than or equal to 5000000"),
    ],
)
def test_scenario_numbers_outside_the_domain_are_refused(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    path = copy_pair(tmp_path, edit_scenario=(old, new))
    assert any(expected in m for m in problems_of(path)), problems_of(path)


def test_pipeline_diameter_bounds_are_what_industry_uses() -> None:
    props = Scenario.model_json_schema()["$defs"]["PipelineRupture"]["properties"]
    assert props["diameter_mm"]["minimum"] == 10
    assert props["diameter_mm"]["maximum"] == 2000


def test_bounds_are_stated_in_the_plan_schema() -> None:
    defs = Plan.model_json_schema()["$defs"]
    assert defs["Team"]["properties"]["size"]["maximum"] == 1000
    assert defs["Resource"]["properties"]["quantity"]["maximum"] == 10_000
    assert json.dumps(defs["Fixed"]["properties"]["minutes"]).count("10080") == 1


def test_bundled_scenarios_load_within_the_bounds() -> None:
    from tests.conftest import BUNDLED

    for name in ("poisoning.yaml", "pipeline.yaml"):
        load(BUNDLED / name)


# --- messages --------------------------------------------------------------


def test_did_you_mean_never_proposes_the_same_name(tmp_path: Path) -> None:
    path = copy_pair(tmp_path, edit_plan=("    size: 3\n", "    size: 3\n    crew: 2\n"))
    [msg] = [m for m in problems_of(path) if "unknown field 'crew'" in m]
    assert "did you mean 'crew'" not in msg
    assert "belongs to another section" in msg


def test_a_misspelt_field_is_matched_against_its_siblings(tmp_path: Path) -> None:
    path = copy_pair(tmp_path, edit_plan=("    size: 3\n", "    sise: 3\n"))
    assert any("did you mean 'size'?" in m for m in problems_of(path))


def test_a_full_width_colon_is_explained() -> None:
    with pytest.raises(InputError) as info:
        parse_yaml("id: x\nsite:\n  a: 1\n  name：厂区\n  b: 2\n", "c.yaml")
    assert "full-width colon '：'" in messages(info)


def test_a_duration_written_with_its_unit_is_explained(tmp_path: Path) -> None:
    path = copy_pair(
        tmp_path,
        edit_plan=(
            "duration: {kind: triangular, low: 2, mode: 4, high: 8}",
            'duration: "5分钟"',
        ),
    )
    assert any("write minutes as a bare number: 5, not '5分钟'" in m for m in problems_of(path))
