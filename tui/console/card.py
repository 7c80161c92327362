"""The end-of-drill scorecard laid out for the console's dialog.

``drillsim score`` prints the scorecard for a wide terminal: tables padded to their
widest cell, findings indented by hand. In a dialog 90 columns wide those lines wrap
at the edge, so a rating's rule ends on a line of its own and a header splits. Here
the same rows and lines are laid out at the width the dialog has: the tables' long
cells wrap inside their column, a text line wraps under its own indent, and Chinese
breaks between any two characters (never before a closing mark) instead of only at
spaces. Every symbol of ambiguous width is given its plain form (``unambiguous``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.box import Box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from scoring.names import Names, rating_text
from scoring.punctuation import punctuate_zh
from scoring.scorecard import Scorecard
from tui.console.text import unambiguous
from tui.console.wrapping import Wrapped, atoms
from tui.problems import warning_text
from tui.scorecard import (
    consequence_rows,
    evaluator_parts,
    finish,
    kpi_note_lines,
    kpi_rows,
    manual_check_lines,
    manual_checks_heading,
    objective_rows,
    render_dismissed,
    render_findings,
    reporting_heading,
    reporting_lines,
)

RULED = Box("    \n    \n -- \n    \n    \n    \n    \n    \n")
"""A table with a rule under its header drawn in ASCII (a box-drawing line is of ambiguous
width: two columns a character in a terminal set up for Chinese)."""


def fit_columns(natural: list[int], least: list[int], width: int, gap: int = 2) -> list[int]:
    """Column widths in ``width`` columns with ``gap`` between them: each column at
    least its ``least`` (its widest word, or its whole text where it does not wrap),
    and what is left shared out fairly: a column that lacks little is made whole,
    the rest share equally what remains."""
    room = width - gap * (len(natural) - 1)
    widths = [min(lo, n) for lo, n in zip(least, natural, strict=True)]
    spare = room - sum(widths)
    if spare < 0:  # not even the words fit: the widest columns give way
        while sum(widths) > room and max(widths) > 4:
            widths[widths.index(max(widths))] -= 1
        return widths
    lacking = sorted(range(len(widths)), key=lambda i: natural[i] - widths[i])
    for k, i in enumerate(lacking):
        give = min(natural[i] - widths[i], spare // (len(lacking) - k))
        widths[i] += give
        spare -= give
    return widths


@dataclass
class Grid:
    """A table whose wrapping columns (``wrapping``) share the width it is given; the
    others (times, numbers, grades) and the header keep each cell on one line. The
    first column is given at least ``first_min`` columns when its text is that wide."""

    rows: list[list[str]]
    wrapping: frozenset[int]
    first_min: int = 0

    def _widths(self, width: int) -> list[int]:
        n = len(self.rows[0])
        natural = [max(cell_len(r[i]) for r in self.rows) for i in range(n)]
        least = []
        for i in range(n):
            if i not in self.wrapping:
                least.append(natural[i])
                continue
            words = [cell_len(a) for r in self.rows[1:] for a in atoms(r[i]) if not a.isspace()]
            head = cell_len(self.rows[0][i])  # a header is read at a glance: never wrapped
            least.append(max([*words, head, self.first_min if i == 0 else 0]))
        return fit_columns(natural, least, width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        widths = self._widths(options.max_width)
        out = Table(box=RULED, show_edge=False, padding=(0, 1, 0, 0), pad_edge=False)
        for i, (head, w) in enumerate(zip(self.rows[0], widths, strict=True)):
            out.add_column(head, width=w, no_wrap=i not in self.wrapping, overflow="fold")
        for row in self.rows[1:]:
            out.add_row(*(Wrapped(c) if i in self.wrapping else c for i, c in enumerate(row)))
        yield out

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(options.max_width, options.max_width)


def grid(rows: list[list[str]], lang: str, wrapping: Iterable[int], first_min: int = 0) -> Grid:
    """The rows of a scorecard table (the header first) as the console shows them."""
    if lang != "en":
        rows = [[punctuate_zh(cell) for cell in row] for row in rows]
    rows = [[unambiguous(cell, lang) for cell in row] for row in rows]
    return Grid(rows, frozenset(wrapping), first_min)


def kpi_columns(rows: list[list[str]], lang: str) -> list[list[str]]:
    """The KPI table in the columns a dialog has room for: what a time was measured
    from goes with the time (``23.7 min from the alarm``), and the ratio, the measured
    over the target, is left to the file."""
    label, at, measured, start, target, _ratio, score, status, source = rows[0]
    out = [[label, at, measured, target, score, status, source]]
    for label, at, measured, start, target, _ratio, score, status, source in rows[1:]:
        if start not in ("—", ""):
            measured += f" from {start}" if lang == "en" else f"（自{start}起）"
        out.append([label, at, measured, target, score, status, source])
    return out


def card_view(card: Scorecard, names: Names, lang: str, after: Iterable[str] = ()) -> Group:
    """The scorecard as the end-of-drill dialog shows it; ``after``: lines to add below
    it (the files written, the marks left out)."""
    en = lang == "en"
    parts: list[RenderableType] = []

    def lines(text: Iterable[str], style: str = "") -> None:
        given = list(text)
        if not given:
            return  # no warnings, no dismissed findings: not even a blank line
        for line in finish(given, lang).split("\n"):
            parts.append(Wrapped(unambiguous(line, lang), style) if line else Text(""))

    def heading(text: str) -> None:
        parts.append(Text(""))
        lines([text], "bold")

    plan = card.plan.name_en if en and card.plan.name_en else card.plan.name
    rev = f" ({card.plan.revision})" if card.plan.revision else ""
    lines([("Scorecard" if en else "评估记分卡") + f": {plan}{rev}"], "bold")
    lines(f"  {warning_text(w, lang)}" for w in card.warnings)
    o = card.overall
    label = "Overall: " if en else "总体评定: "
    overall = finish(
        [
            label
            + f"{rating_text(o.hseep, o.grade, lang, long=True)}  {_score(o.score)}  "
            + ("rule: " if en else "规则: ")
            + o.rule.pick(lang)
        ],
        lang,
    )
    lead = label if en else overall[: overall.index("：") + 1]
    parts.append(Wrapped(unambiguous(overall, lang), lead=lead))
    if card.evaluator is not None:
        parts.append(Text(""))
        before, rows, after_table = evaluator_parts(card.evaluator, card, lang)
        lines(before)
        if rows:
            parts.append(Padding(grid(rows, lang, wrapping=(0, 1, 4)), (0, 0, 0, 4)))
        lines(after_table)
    heading("Objectives" if en else "分项评定")
    parts.append(grid(objective_rows(card, lang), lang, wrapping=(0, 3)))
    if card.consequences:
        heading("Consequences" if en else "后果")
        rows, caps = consequence_rows(card, lang)
        parts.append(grid(rows, lang, wrapping=(0, 3)))
        lines(caps)
    heading("KPIs" if en else "关键指标")
    rows, notes = kpi_rows(card, names, lang)
    parts.append(grid(kpi_columns(rows, lang), lang, wrapping=(0, 2, 3, 5), first_min=20))
    lines(["Targets from:" if en else "目标依据:", *notes])
    lines(kpi_note_lines(card, names, lang))
    if card.reporting:
        heading(reporting_heading(lang))
        lines(reporting_lines(card, lang))
    if card.manual_checks:
        heading(manual_checks_heading(lang))
        lines(manual_check_lines(card, lang))
    parts.append(Text(""))
    found = render_findings(card.findings, card.counts, lang)
    lines(found[:1], "bold")
    lines(found[1:])
    lines(render_dismissed(card.dismissed, lang))
    after = list(after)
    if after:
        parts.append(Text(""))
        lines(after)
    return Group(*parts)


def _score(x: float | None) -> str:
    return "—" if x is None else f"{x:.1f}"
