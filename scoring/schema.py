"""JSON Schemas of the scorecard and check report, generated from their models,
and of the evaluator's observations file that ``drillsim score`` reads.

The committed files (``scoring/*.schema.json``) are what consumers validate
against (and editors complete the observations file from); a test fails when
they drift from the models.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from scoring.observations import Observations
from scoring.scorecard import CheckReport, Scorecard
from scoring.stress import StressSummary, SweepSummary

SCHEMAS: dict[str, type[BaseModel]] = {
    "scorecard.schema.json": Scorecard,
    "check.schema.json": CheckReport,
    "stress.schema.json": StressSummary,
    "sweep.schema.json": SweepSummary,
    "observations.schema.json": Observations,
}
INPUTS = (Observations,)
"""Files people write: their schema says what is accepted, not what is written."""


def schema_of(model: type[BaseModel]) -> dict[str, Any]:
    mode: Literal["validation", "serialization"] = (
        "validation" if model in INPUTS else "serialization"
    )
    schema = model.model_json_schema(mode=mode)
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
