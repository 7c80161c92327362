"""Line breaking by cell width, for Chinese as for English.

Rich breaks a line only at spaces, so a Chinese sentence with a number and its unit
in it ("距断裂点约140 m的李家庄") breaks at that space, leaving half a line empty, and
a line with no space is cut wherever the width ends, even before a closing mark.
Here a line may break at a space and between any two Chinese characters, never
before a closing mark or after an opening one, and a word of Latin letters or digits,
a grade such as ``S/良好`` and a sign with its word (``-> S``, ``>= 75``) stay whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

CLOSING = set("，。、：；！？）」』》〉】,.;:!?)%")
"""Marks that never begin a line: they stay with what they close."""
OPENING = set("（「『《〈【(")
"""Marks that never end a line: they stay with what they open."""
GRADE = re.compile(r"(?<![A-Za-z])[PSMU]/(?:优秀|良好|合格|不合格)")
"""A rating as the scorecard writes it in Chinese: read as one word."""
BINDING = ("->", ">=", "<=")
"""Signs that stay on a line with the word after them."""
HANGING = re.compile(r"(- |\[\d+\] |F\d+ |[A-Z]?\d+\. )")
"""A list marker at the start of a line: the line's continuation aligns after it."""


def atoms(text: str) -> list[str]:
    """``text`` cut where a line may break: at spaces, and around each Chinese character
    (a word of Latin letters or digits, and a grade such as ``S/良好``, stays whole)."""
    out: list[str] = []
    at = 0
    for grade in GRADE.finditer(text):
        _add(out, text[at : grade.start()])
        _add(out, "\0")  # a placeholder a line may break before: one atom for the grade
        out[-1] = out[-1][:-1] + grade.group(0)
        at = grade.end()
    _add(out, text[at:])
    return out


def _add(out: list[str], text: str) -> None:
    for char in text:
        wide = cell_len(char) == 2
        if not out:
            out.append(char)
            continue
        last = out[-1]
        if char == " " or last[-1] == " ":
            if char == " " and last.isspace():
                out[-1] += char
            elif char != " " and len(out) > 1 and out[-2].endswith(BINDING):
                spaces = out.pop()
                out[-1] += spaces + char  # "-> S", ">= 75": the sign stays with its word
            else:
                out.append(char)
        elif char in CLOSING or last[-1] in OPENING or not (wide or cell_len(last[-1]) == 2):
            out[-1] += char
        else:
            out.append(char)


def wrap_spans(text: str, width: int) -> list[tuple[int, int]]:
    """Where each line of ``text`` starts and ends (spaces at a break left out), every
    line at most ``width`` columns (a word wider than a line is cut by columns)."""
    width = max(width, 2)
    spans: list[tuple[int, int]] = []
    start = end = -1  # the line's first and past-last shown character; -1: empty
    used = pos = 0
    for atom in atoms(text):
        at, pos = pos, pos + len(atom)
        n = cell_len(atom)
        if atom.isspace():
            if start >= 0:
                used += n
            continue
        if used + n > width and start >= 0:
            spans.append((start, end))
            start, used = -1, 0
        while n > width - used:  # longer than what is left of a line: cut it
            taken, cut = 0, at
            while cut < pos and used + taken + cell_len(text[cut]) <= width:
                taken += cell_len(text[cut])
                cut += 1
            if cut == at:
                break  # not even one character fits: it goes on a line of its own
            spans.append((at if start < 0 else start, cut))
            at, start, used = cut, -1, 0
            n = cell_len(text[at:pos])
        if start < 0:
            start = at
        end, used = pos, used + n
    if start >= 0 or not spans:
        spans.append((max(start, 0), max(end, 0)))
    return spans


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns."""
    return [text[a:b] for a, b in wrap_spans(text, width)]


@dataclass
class Wrapped:
    """A line of text that wraps to the width it is given, its continuation lines
    indented under the start of its text (after its indent and any list marker)."""

    text: str
    style: str = ""
    lead: str | None = None
    """The start the continuation lines hang under, when it is not a list marker."""

    def _split(self) -> tuple[str, str]:
        if self.lead is not None and self.text.startswith(self.lead):
            return self.lead, self.text[len(self.lead) :]
        body = self.text.lstrip(" ")
        indent = " " * (len(self.text) - len(body))
        marker = HANGING.match(body)
        lead = indent + (marker.group(0) if marker else "")
        return lead, self.text[len(lead) :]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lead, body = self._split()
        hang = cell_len(lead)
        style = console.get_style(self.style) if self.style else Style()
        for i, line in enumerate(wrap(body, options.max_width - hang)):
            yield Segment(lead if i == 0 else " " * hang, style)
            yield Segment(line, style)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        lead, body = self._split()
        hang = cell_len(lead)
        widest = max((cell_len(a) for a in atoms(body) if not a.isspace()), default=0)
        return Measurement(hang + widest, hang + cell_len(body))


@dataclass
class WrappedText:
    """A styled line (a drill log's sentence) that wraps as ``wrap`` breaks it."""

    text: Text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for a, b in wrap_spans(self.text.plain, options.max_width):
            line = self.text[a:b]
            line.end = "\n"
            yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        plain = self.text.plain
        widest = max((cell_len(a) for a in atoms(plain) if not a.isspace()), default=0)
        return Measurement(min(widest, options.max_width), cell_len(plain))
