"""Field paths into a scenario or a plan, for one-at-a-time sensitivity sweeps.

``scenario.weather.wind_speed_m_s``, ``plan.steps[scba_rescue].duration.mode``,
``plan.teams[mini_fire_team].call_in.mode``, ``plan.resources[scba_mfs].quantity``:
dotted field names; ``[id]`` picks a list item by its ``id`` (or ``[2]`` by position).
A revised file is validated exactly as a loaded one, so a value outside a field's bounds
is refused with the field named.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from sim.errors import InputError, Problem
from sim.plan import Plan
from sim.scenario import Scenario

_PART = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[[^\]]+\])*)")


def _problem(path: str, message: str) -> InputError:
    return InputError([Problem("--vary", None, path, message)])


def _parts(path: str) -> tuple[str, list[str | int]]:
    root, _, rest = path.partition(".")
    if root not in ("scenario", "plan") or not rest:
        raise _problem(path, "expected a path starting with scenario. or plan.")
    parts: list[str | int] = []
    for chunk in rest.split("."):
        m = _PART.fullmatch(chunk)
        if m is None:
            raise _problem(path, f"expected a field name or name[id], found {chunk!r}")
        parts.append(m.group(1))
        for key in re.findall(r"\[([^\]]+)\]", m.group(2)):
            parts.append(int(key) if key.isdigit() else key)
    return root, parts


def _step(node: Any, part: str | int, path: str, where: str) -> Any:
    if isinstance(node, list):
        if isinstance(part, int):
            if 0 <= part < len(node):
                return node[part]
            raise _problem(path, f"{where}: expected an index below {len(node)}, found {part}")
        for item in node:
            if isinstance(item, dict) and item.get("id") == part:
                return item
        ids = ", ".join(str(i.get("id")) for i in node if isinstance(i, dict))
        raise _problem(path, f"{where}: expected one of the ids {ids}, found {part!r}")
    if isinstance(node, dict) and isinstance(part, str):
        if part in node and node[part] is not None:
            return node[part]
        known = ", ".join(k for k, v in node.items() if v is not None)
        raise _problem(path, f"{where}: expected one of the fields {known}, found {part!r}")
    raise _problem(path, f"{where}: expected a list or an object, found a value")


def read(scenario: Scenario, plan: Plan, path: str) -> float:
    """The numeric value at ``path`` (a clear error when the path does not lead to one)."""
    root, parts = _parts(path)
    node: Any = (scenario if root == "scenario" else plan).model_dump(mode="python")
    where = root
    for part in parts:
        node = _step(node, part, path, where)
        where += f"[{part}]" if not isinstance(part, str) or isinstance(node, dict) else f".{part}"
    if isinstance(node, bool) or not isinstance(node, int | float):
        raise _problem(path, f"expected a numeric field, found {type(node).__name__} {node!r}")
    return float(node)


def revise(scenario: Scenario, plan: Plan, path: str, value: float) -> tuple[Scenario, Plan]:
    """The scenario and plan with ``path`` set to ``value`` (integers stay integers)."""
    root, parts = _parts(path)
    data: Any = (scenario if root == "scenario" else plan).model_dump(mode="python")
    node = data
    for part in parts[:-1]:
        node = _step(node, part, path, root)
    last = parts[-1]
    old = _step(node, last, path, root)
    if isinstance(old, bool) or not isinstance(old, int | float):
        raise _problem(path, f"expected a numeric field, found {type(old).__name__} {old!r}")
    new: float | int = round(value) if isinstance(old, int) else float(value)
    node[last] = new
    try:
        if root == "scenario":
            return Scenario.model_validate(data), plan
        return scenario, Plan.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise _problem(path, f"{new} is refused: {first['msg']}") from None
