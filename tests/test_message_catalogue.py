"""Every message the file models and the loader can raise has a Chinese form.

The messages are read from the source (each ``raise ValueError(...)`` of a model
module, each problem the loader, the file reader, the journal and the --vary
reader build), their formatted values replaced by a sample, and each must come
back from ``message_text(..., "zh")`` in Chinese. A new validator without a
Chinese rendering fails here, before a user meets it in English.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.test_language import CHINESE
from tui.problems import message_text

SIM = Path(__file__).parent.parent / "sim"
SCORING = Path(__file__).parent.parent / "scoring"
MODELS = ["bounds", "decisions", "distributions", "plan", "scenario", "vocabulary"]
PROBLEMS = ["loader", "yamlfile", "decisions", "runfiles", "fieldpath"]


def _sample(node: ast.expr) -> str:
    """The text of a message expression, each formatted value as a sample number."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_sample(v) for v in node.values)
    if isinstance(node, ast.FormattedValue):
        if node.conversion == ord("r"):
            return "'x'"
        spec = node.format_spec
        return "ab" if spec is not None and "x" in _sample(spec) else "1"
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _sample(node.left) + _sample(node.right)
    if isinstance(node, ast.IfExp):
        return _sample(node.body)
    return "1"


def _raised(path: Path) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Raise)
            and isinstance(node.exc, ast.Call)
            and isinstance(node.exc.func, ast.Name)
            and node.exc.func.id == "ValueError"
            and node.exc.args
        ):
            out.append(_sample(node.exc.args[0]))
    return out


def _problems(path: Path) -> list[str]:
    """The message argument of every ``Problem(...)``, ``x.problem(path, ...)`` and
    ``_problem(path, ...)`` call."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name == "Problem" and len(node.args) == 4:
            out.append(_sample(node.args[3]))
        elif name in ("problem", "_problem") and len(node.args) == 2:
            out.append(_sample(node.args[1]))
    return out


WORDS = {
    # messages whose formatted part is a word of the sentence, as the code fills it
    "1 'x' appears again (first at 1[1])": [
        "inject 'x' appears again (first at injects[0])",
        "checklist item 'x' appears again (first at checklist[0])",
        "finding 'x' appears again (first at findings[0])",
    ],
    "1, found 'x'": [
        "expected a finding of this scorecard (F1, F2) or rule@element, found 'x'",
        "expected a finding of this scorecard (none) or rule@element, found 'x'",
        "names 2 findings (F1, F2); use the number, found 'x'",
    ],
    "expected 1 id, found 'x'": [f"expected {w} id, found 'x'" for w in (
        "a team", "a step", "a level", "an organisation", "a link", "a location",
        "a hazard", "an inject")],
    "expected 1, found '1'1": [
        "expected a location id, found 'x' (did you mean 'y'?)",
        "expected a role id, found 'x' (defined: a, b, ...)",
        "expected a reporting link id, found 'x' (none defined)",
        "expected an alerting link id, found 'x' (none defined)",
        "expected a task some step satisfies, found 'x' (did you mean 'y'?)",
        "expected a location id of the scenario's site (s.yaml), found 'x' (defined: a, b)",
        "expected a team id of the plan (p.yaml), found 'x' (did you mean 'y'?)",
        "expected a step id of the plan (p.yaml), found 'x' (none defined)",
    ],
    "expected exactly one 1 key of: 1; found 1": [
        "expected exactly one condition key of: after_min, all_of; found none",
        "expected exactly one effect key of: notify, rescue; found notify, rescue",
    ],
    "expected 'after' for a 1 report: the id of 1, found none": [
        "expected 'after' for a written report: the id of the phone report it completes, "
        "found none",
        "expected 'after' for a follow_up report: the id of the report it follows, found none",
    ],
    "expected '1', found 'x'": ["expected 'drillsim-observations/1', found 'x'"],
    "1 is already a 1: expected another grade": ["F3 is already a 整改项: expected another grade"],
}  # fmt: skip


def _catalogue() -> list[str]:
    found = [m for name in MODELS for m in _raised(SIM / f"{name}.py")]
    found += [m for name in PROBLEMS for m in _problems(SIM / f"{name}.py")]
    found += _raised(SCORING / "rules.py") + _raised(SCORING / "observations.py")
    found += _problems(SCORING / "observations.py")
    # messages built from a value the loader passes in whole (a pydantic message, the
    # text of an exception) are checked by the cases of tests/test_validator_messages.py
    found = [w for m in found for w in WORDS.get(m, [m])]
    return sorted({m for m in found if m != "1" and not m.startswith("1 is refused")})


CATALOGUE = _catalogue()


def test_the_catalogue_is_read() -> None:
    assert len(CATALOGUE) > 60
    assert "expected low <= mode <= high, found 1, 1, 1" in CATALOGUE
    assert not [m for m in CATALOGUE if m in WORDS]


@pytest.mark.parametrize("message", CATALOGUE)
def test_each_message_has_a_chinese_form(message: str) -> None:
    assert CHINESE.search(message_text(message, "zh")), message
