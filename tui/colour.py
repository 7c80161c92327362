"""Colour for the command line: ratings and grades stand out on a terminal.

Red for what fails (U/不合格, 不足项, errors), yellow for what needs a look
(M/合格, 整改项, warnings, late), green for what passed (P/优秀, S/良好, 达标).
Only on a terminal, and never when ``NO_COLOR`` is set (https://no-color.org):
piped or redirected output, and every test through click's runner, stay plain
text, byte for byte.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable

import click
from rich.console import Console
from rich.text import Text

_RED = "bold red"
_YELLOW = "yellow"
_GREEN = "green"

_STYLES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"U/不合格|不合格|不足项|\bDeficiency\b|错误：|^error:|未达到|\bmissed\b"), _RED),
    (re.compile(r"(?<![\w/+.\-])U(?![\w/+.\-])"), _RED),
    (
        re.compile(
            r"M/合格|整改项|\bCorrective action\b|超时|超标|\bLATE\b|\blate\b|\bexceeded\b"
            r"|模型提示|Model warning|警告|\bwarning\b"
        ),
        _YELLOW,
    ),
    (re.compile(r"(?<![\w/+.\-])M(?![\w/+.\-])"), _YELLOW),
    (re.compile(r"[PS]/(?:优秀|良好)|达标|通过：|^ok:"), _GREEN),
    (re.compile(r"(?<![\w/+.\-])[PS](?![\w/+.\-])"), _GREEN),
]


def paint(text: str) -> Text:
    """``text`` with its ratings, grades and warnings styled, line by line."""
    out = Text(text)
    start = 0
    for line in text.split("\n"):
        if not line.lstrip().startswith(("位置", "points to")):
            for rx, style in _STYLES:
                for m in rx.finditer(line):
                    out.stylize(style, start + m.start(), start + m.end())
        start += len(line) + 1
    return out


def _print(console: Console, text: str) -> None:
    # the text is laid out already (tables in columns): rich must not wrap or crop it
    console.print(paint(text), soft_wrap=True, no_wrap=True, overflow="ignore", crop=False)


def terminal(err: bool = False) -> Console | None:
    """A console for stdout (or stderr) if it is a terminal that takes colour, else None."""
    console = Console(
        file=sys.stderr if err else sys.stdout,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=True,
    )
    return console if console.is_terminal and not console.no_color else None


def echo(text: str, *, err: bool = False, console: Console | None = None) -> None:
    """``click.echo`` with colour on a terminal; plain text anywhere else or with NO_COLOR."""
    target = console if console is not None else terminal(err)
    if target is None:
        click.echo(text, err=err)
    elif target.no_color or not target.is_terminal:
        target.file.write(text + "\n")
    else:
        _print(target, text)


def printer(err: bool = False) -> Callable[[str], None]:
    """``echo`` for many lines: the terminal is looked at once."""
    console = terminal(err)
    if console is None:
        return lambda text: click.echo(text, err=err)
    return lambda text: _print(console, text)


__all__ = ["echo", "paint", "printer", "terminal"]
