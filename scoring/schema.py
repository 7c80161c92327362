"""JSON Schemas of the scorecard and check report, generated from their models.

The committed files (``scoring/*.schema.json``) are what consumers validate
against; a test fails when they drift from the models.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scoring.scorecard import CheckReport, Scorecard
from scoring.stress import StressSummary, SweepSummary

SCHEMAS: dict[
    str, type[Scorecard] | type[CheckReport] | type[StressSummary] | type[SweepSummary]
] = {
    "scorecard.schema.json": Scorecard,
    "check.schema.json": CheckReport,
    "stress.schema.json": StressSummary,
    "sweep.schema.json": SweepSummary,
}


def schema_of(
    model: type[Scorecard] | type[CheckReport] | type[StressSummary] | type[SweepSummary],
) -> dict[str, Any]:
    schema = model.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def schema_text(filename: str) -> str:
    return json.dumps(schema_of(SCHEMAS[filename]), ensure_ascii=False, indent=2) + "\n"


def schema_path(filename: str) -> Path:
    return Path(__file__).parent / filename


def write_schemas() -> list[Path]:
    """Rewrite the committed schemas that differ from the models; return those written."""
    written = []
    for filename in SCHEMAS:
        path = schema_path(filename)
        text = schema_text(filename)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


if __name__ == "__main__":
    for written in write_schemas():
        print(f"wrote {written}")
