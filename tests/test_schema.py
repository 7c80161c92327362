"""The committed JSON Schemas match the models, and bundled files point editors at them."""

from __future__ import annotations

import json

import pytest

from sim.schema import SCHEMAS, schema_text
from tests.conftest import BUNDLED


@pytest.mark.parametrize("filename", sorted(SCHEMAS))
def test_committed_schema_has_not_drifted(filename: str) -> None:
    committed = (BUNDLED / filename).read_text(encoding="utf-8")
    assert committed == schema_text(filename), "run `drillsim schema` and commit the result"


def test_schemas_describe_fields_for_editors() -> None:
    plan = json.loads((BUNDLED / "plan.schema.json").read_text(encoding="utf-8"))
    step = plan["$defs"]["Step"]["properties"]
    assert step["owner"]["description"] == "Role id responsible for the step."
    assert plan["additionalProperties"] is False


@pytest.mark.parametrize("path", sorted(BUNDLED.glob("*.yaml")), ids=lambda p: p.name)
def test_bundled_yaml_carries_the_schema_comment(path) -> None:  # type: ignore[no-untyped-def]
    first = path.read_text(encoding="utf-8").splitlines()[0]
    expected = "plan.schema.json" if "plan" in path.stem else "scenario.schema.json"
    assert first == f"# yaml-language-server: $schema={expected}"
