"""docs/REFERENCE.md "Input bounds" states exactly the bounds the code enforces.

Every bounded number of the scenario and plan schemas, the scoring rules and
the decisions journal has its row, with the same interval, and every row names
fields that exist with that interval; the file limits are the code's constants.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from pydantic import TypeAdapter

import sim.bounds
from tests.bounds_inventory import interval, inventory

REFERENCE = Path(__file__).resolve().parent.parent / "docs" / "REFERENCE.md"


def rows() -> list[tuple[str, str, str, list[str]]]:
    """(id, bound, range, fields) of each row of the section."""
    text = REFERENCE.read_text(encoding="utf-8")
    section = text.split("\n## Input bounds\n", 1)[1].split("\n## ", 1)[0]
    out = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and re.fullmatch(r"B\d+", cells[0]):
            fields = re.findall(r"`([^`]+)`", cells[3])
            out.append((cells[0], cells[1], cells[2], fields))
    return out


def test_the_section_has_its_rows_numbered_in_order() -> None:
    ids = [r[0] for r in rows()]
    assert ids == [f"B{i}" for i in range(1, len(ids) + 1)]
    assert len(ids) > 40


def test_every_bounded_field_is_documented_with_the_interval_the_schema_holds() -> None:
    documented: dict[str, str] = {}
    for rid, _, span, fields in rows():
        for name in fields:
            if not name.startswith("sim."):
                assert name not in documented, f"{name} in two rows ({rid})"
                documented[name] = span
    code = inventory()
    unbounded = sorted(k for k, spans in code.items() if None in spans)
    assert not unbounded, f"numbers without a bound: {unbounded}"
    assert set(code) - set(documented) == set(), "bounded in code, missing from REFERENCE.md"
    assert set(documented) - set(code) == set(), "in REFERENCE.md, not a bounded field"
    wrong = {
        k: (documented[k], sorted(map(str, v))) for k, v in code.items() if v != {documented[k]}
    }
    assert not wrong, f"REFERENCE.md range vs code: {wrong}"


def test_each_named_bound_type_has_the_documented_interval() -> None:
    checked = 0
    for rid, bound, span, _ in rows():
        for name in re.findall(r"`([A-Z]\w+)`", bound):
            kind = getattr(sim.bounds, name)
            if name == "DateTime":
                continue
            assert interval(TypeAdapter(kind).json_schema()) == span, (rid, name)
            checked += 1
    assert checked >= 30


def test_file_and_date_limits_are_the_code_constants() -> None:
    constants = [
        (rid, span, f) for rid, _, span, fields in rows() for f in fields if f.startswith("sim.")
    ]
    assert len(constants) == 5
    for rid, span, dotted in constants:
        module, name = dotted.rsplit(".", 1)
        value = getattr(importlib.import_module(module), name)
        low, high = span.strip("[]()").split(", ")
        if name == "EARLIEST":
            assert value.date().isoformat() == low, rid
        elif name == "LATEST":
            assert value.date().isoformat() == high, rid
        else:
            assert (low, high) == ("0", str(value)), rid
