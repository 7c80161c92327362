"""Every bounded number of the file formats, read from their JSON Schemas.

``inventory()`` maps ``Model.field`` to its interval as written in
``docs/REFERENCE.md`` (``[0, 10080]``, ``(0, 60]``...), for the scenario and plan
schemas, the scoring rules (a plan's ``scoring:`` section or a ``--rules`` file)
and a decisions journal (``decision.t``).
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter

from scoring.rules import Rules
from sim.decisions import Decision
from sim.schema import SCHEMAS, schema_text


def _number(value: float) -> str:
    return f"{value:g}" if abs(value) >= 1e7 else f"{value:.10g}"


def interval(node: dict[str, Any]) -> str | None:
    """The interval of one number schema, or None when it has no bound."""
    lows = [(node["minimum"], "[")] if "minimum" in node else []
    lows += [(node["exclusiveMinimum"], "(")] if "exclusiveMinimum" in node else []
    highs = [(node["maximum"], "]")] if "maximum" in node else []
    highs += [(node["exclusiveMaximum"], ")")] if "exclusiveMaximum" in node else []
    if not lows and not highs:
        return None
    # the tighter bound wins; at equal values the exclusive one is tighter
    low = max(lows, key=lambda b: (b[0], b[1] == "("), default=None)
    high = min(highs, key=lambda b: (b[0], b[1] == "]"), default=None)
    left = f"{low[1]}{_number(low[0])}" if low else "(-inf"
    right = f"{_number(high[0])}{high[1]}" if high else "inf)"
    return f"{left}, {right}"


def _numbers(node: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if node.get("type") in ("number", "integer"):
            found.append(node)
        for key in ("anyOf", "oneOf", "allOf", "items", "additionalProperties"):
            value = node.get(key)
            for part in value if isinstance(value, list) else [value]:
                if isinstance(part, dict):
                    found += _numbers(part)
    return found


def _fields(schema: dict[str, Any], top: str, into: dict[str, set[str | None]]) -> None:
    models = [(top, schema), *schema.get("$defs", {}).items()]
    for model, body in models:
        for name, prop in body.get("properties", {}).items():
            for node in _numbers(prop):
                into.setdefault(f"{model}.{name}", set()).add(interval(node))


def inventory() -> dict[str, set[str | None]]:
    """``Model.field`` -> the intervals of its numbers (None: unbounded)."""
    out: dict[str, set[str | None]] = {}
    for filename in SCHEMAS:
        _fields(json.loads(schema_text(filename)), filename.split(".")[0].title(), out)
    _fields(Rules.model_json_schema(), "Rules", out)
    journal: dict[str, set[str | None]] = {}
    _fields(TypeAdapter(Decision).json_schema(), "Decision", journal)
    for key, value in journal.items():
        out.setdefault("decision." + key.split(".", 1)[1], set()).update(value)
    return out
