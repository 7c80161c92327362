"""Every source drillsim cites, in what it prints or in ``--help``, is in the repository.

A citation is a title in 《》, a standard's code (GB, GB/T, AQ/T, GA, NFPA, NIOSH,
49 CFR ...) or a row of ``docs/REFERENCE.md``; each must be found in
``docs/REFERENCE.md``. "REFERENCE D3" or a bare "REFERENCE.md" points at nothing a
user has and fails.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from tests.conftest import BUNDLED
from tui.cli import main

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = (ROOT / "docs" / "REFERENCE.md").read_text(encoding="utf-8")

TITLE = re.compile(r"《([^》]+)》")
CODE = re.compile(
    r"\b(GB/T|GB|GBZ|AQ/T|AQ|GA/T|GA|SY/T|HG/T|NFPA|NIOSH|OSHA 29 CFR|49 CFR)\s?"
    r"(\d+(?:[.-]\d+)?)"
)
ROW = re.compile(r"docs/REFERENCE\.md[`'\"]?\s+([A-Z]{1,2}\d+)\b")
DANGLING = re.compile(r"(?<!docs/)REFERENCE(?:\.md)?(?:\s+[A-Z]\d+)?")


def _norm(text: str) -> str:
    """Without spaces, and with （） as ()：Chinese output sets a title's brackets full-width."""
    return re.sub(r"\s+", "", text).replace("（", "(").replace("）", ")")


def unresolved(text: str) -> list[str]:
    """Citations in ``text`` that docs/REFERENCE.md does not hold."""
    ref = _norm(REFERENCE)
    out: list[str] = []
    for title in TITLE.findall(text):
        if f"《{_norm(title)}》" not in ref:
            out.append(f"《{title}》")
    for prefix, number in CODE.findall(text):
        base = number.split("-")[0] if prefix in ("GB", "GB/T", "AQ/T", "GA", "GBZ") else number
        if _norm(f"{prefix} {base}") not in ref:
            out.append(f"{prefix} {number}")
    for row in ROW.findall(text):
        if not re.search(rf"(^|\n)\|\s*{row}\s*\||(^|\n)-\s*{row}\b", REFERENCE):
            out.append(f"docs/REFERENCE.md {row}")
    out += [m.group(0) for m in DANGLING.finditer(text)]
    return sorted(set(out))


def test_the_resolver_catches_what_it_should() -> None:
    assert unresolved("《生产安全事故报告和调查处理条例》第九条") == []
    assert unresolved("《消防安全重点单位微型消防站建设标准（试行）》") == []
    assert unresolved("《不存在的办法》") == ["《不存在的办法》"]
    assert unresolved("GB 99999-2001") == ["GB 99999-2001"]
    assert unresolved("see REFERENCE D3") == ["REFERENCE D3"]
    assert unresolved("`docs/REFERENCE.md` D3") == []


def _helps(cmd: click.Command, path: list[str]) -> Iterator[tuple[str, list[str]]]:
    yield " ".join(path) or "drillsim", [*path, "--help"]
    if isinstance(cmd, click.Group):
        for name, sub in sorted(cmd.commands.items()):
            yield from _helps(sub, [*path, name])


@pytest.mark.parametrize("name,args", list(_helps(main, [])), ids=lambda x: str(x))
def test_help_cites_only_what_the_repository_holds(name: str, args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert unresolved(result.output) == [], name


RUNS = [
    *[(p.name, None) for p in sorted(BUNDLED.glob("*.yaml")) if "plan" not in p.name],
    ("poisoning.yaml", "poisoning-plan-flawed.yaml"),
]


def _strings(x: object) -> Iterator[str]:
    if isinstance(x, str):
        yield x
    elif isinstance(x, dict):
        for v in x.values():
            yield from _strings(v)
    elif isinstance(x, list):
        for v in x:
            yield from _strings(v)


@pytest.mark.parametrize("scenario,plan", RUNS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_run_output_cites_only_what_the_repository_holds(
    scenario: str, plan: str | None, lang: str, tmp_path: Path
) -> None:
    args = [
        "run",
        str(BUNDLED / scenario),
        "--seed",
        "1",
        "--out",
        str(tmp_path / "r"),
        "--lang",
        lang,
    ]
    if plan:
        args += ["--plan", str(BUNDLED / plan)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code in (0, 1), result.output
    card = json.loads((tmp_path / "r" / "scorecard.json").read_text(encoding="utf-8"))
    assert unresolved(result.output) == []
    assert unresolved("\n".join(_strings(card))) == []


def test_the_scoring_rules_cite_only_what_the_repository_holds() -> None:
    for data in sorted((ROOT / "scoring" / "data").glob("*.yaml")):
        assert unresolved(data.read_text(encoding="utf-8")) == [], data.name
