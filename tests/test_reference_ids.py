"""Each row of docs/REFERENCE.md that code, help and reports cite by id (D3, B25, C1,
E2, P1) is one row: two rows under one id would make every citation of it ambiguous."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

REFERENCE = Path(__file__).resolve().parent.parent / "docs" / "REFERENCE.md"


def cited_ids() -> list[str]:
    """First cells of the rows of every table whose header starts with ``| id |``."""
    ids: list[str] = []
    header: str | None = None
    for line in REFERENCE.read_text(encoding="utf-8").splitlines():
        if not line.startswith("|"):
            header = None
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if header is None:
            header = cells[0]
        elif header == "id" and not set(cells[0]) <= set("-: "):
            ids.append(cells[0])
    return ids


def test_every_cited_row_id_is_used_once() -> None:
    ids = cited_ids()
    assert {"D1", "D12", "B1", "C1", "E1", "P1"} <= set(ids)
    twice = sorted(i for i, n in Counter(ids).items() if n > 1)
    assert not twice, f"docs/REFERENCE.md has more than one row for {twice}"
