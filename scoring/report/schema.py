"""The JSON Schema of report and card documents (``report.schema.json``), from the model.

A test fails when the committed file drifts; regenerate with
``python -m scoring.report.schema``.
"""

from __future__ import annotations

import json
from pathlib import Path

from scoring.report.document import Document

SCHEMA_PATH = Path(__file__).parent / "report.schema.json"


def schema_text() -> str:
    schema = Document.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schema() -> bool:
    """Rewrite the committed schema if it differs from the model; True when written."""
    text = schema_text()
    if SCHEMA_PATH.exists() and SCHEMA_PATH.read_text(encoding="utf-8") == text:
        return False
    SCHEMA_PATH.write_text(text, encoding="utf-8")
    return True


if __name__ == "__main__":
    if write_schema():
        print(f"wrote {SCHEMA_PATH}")
