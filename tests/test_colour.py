"""Colour on a terminal only, and never with NO_COLOR (https://no-color.org)."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from rich.console import Console

from tests.conftest import BUNDLED
from tui.cli import main
from tui.colour import echo, paint

CARD = (
    "总体评定：U/不合格  80.4\n  预警与信息报告  96.3  P/优秀\n不足项（3）\n模型提示：距泄漏源 8 m"
)
ESC = "\x1b["


def terminal_output(text: str) -> str:
    buf = io.StringIO()
    echo(text, console=Console(file=buf, force_terminal=True))
    return buf.getvalue()


def test_a_terminal_shows_failures_red_passes_green_and_warnings_yellow(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    out = terminal_output(CARD)
    assert "\x1b[1;31mU/不合格\x1b[0m" in out
    assert "\x1b[1;31m不足项\x1b[0m" in out
    assert "\x1b[32mP/优秀\x1b[0m" in out
    assert "\x1b[33m模型提示\x1b[0m" in out


def test_colour_leaves_the_text_itself_unchanged() -> None:
    assert paint(CARD).plain == CARD


def test_no_color_set_means_no_colour_even_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert terminal_output(CARD) == CARD + "\n"


def test_plan_locations_are_not_coloured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    line = "      位置：plan.yaml:12 steps[2] (U)"
    assert ESC not in terminal_output(line)


def test_output_that_is_not_a_terminal_has_no_escape_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    result = CliRunner().invoke(main, ["check", str(BUNDLED / "poisoning-plan-flawed.yaml")])
    assert "不足项" in result.stdout and ESC not in result.stdout
