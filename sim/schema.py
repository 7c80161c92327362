"""JSON Schemas of the file format, generated from the models (committed under scenarios/)."""

from __future__ import annotations

import json
from typing import Any

from sim.plan import Plan
from sim.scenario import Scenario

SCHEMAS: dict[str, type[Scenario] | type[Plan]] = {
    "scenario.schema.json": Scenario,
    "plan.schema.json": Plan,
}


def schema_of(model: type[Scenario] | type[Plan]) -> dict[str, Any]:
    schema = model.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def schema_text(filename: str) -> str:
    return json.dumps(schema_of(SCHEMAS[filename]), ensure_ascii=False, indent=2) + "\n"
