"""The document model of reports and cards: sections of typed blocks, already in one language.

One model serves every kind (evaluation report, summary report, response and
inject cards, role sheets) and every format: HTML, Markdown and PDF renderers
walk the same blocks, and the JSON form is this model itself, validated by the
committed ``report.schema.json``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from scoring.finding import Record


class Paragraph(Record):
    kind: Literal["paragraph"] = "paragraph"
    text: str


class Heading(Record):
    """A sub-heading inside a section (an objective, a card's part)."""

    kind: Literal["heading"] = "heading"
    text: str


class Facts(Record):
    """Label and value pairs, e.g. the drill's basic facts."""

    kind: Literal["facts"] = "facts"
    rows: list[tuple[str, str]]


class Table(Record):
    kind: Literal["table"] = "table"
    caption: str | None = None
    columns: list[str]
    rows: list[list[str]]
    notes: list[str] = Field(default_factory=list, description="Footnotes under the table.")


class Items(Record):
    kind: Literal["list"] = "list"
    items: list[str]
    ordered: bool = False


Tone = Literal["info", "warning", "danger", "good"]


class Callout(Record):
    """A boxed warning or conclusion (what never to do, the overall rating)."""

    kind: Literal["callout"] = "callout"
    tone: Tone
    text: str


class FigureRef(Record):
    """A figure; its image is a file beside the document (Markdown) or embedded (HTML, PDF)."""

    kind: Literal["figure"] = "figure"
    id: str
    caption: str
    file: str = Field(description="File name of the image, relative to the figures folder.")


Block = Annotated[
    Paragraph | Heading | Facts | Table | Items | Callout | FigureRef,
    Field(discriminator="kind"),
]


class Section(Record):
    id: str = Field(description="Stable id of the section, the same in every language.")
    title: str
    blocks: list[Block]
    page_break: bool = Field(default=False, description="Start on a new printed page.")


class Headline(Record):
    """The evaluation's result as data, for the archive and other programs."""

    score: float | None
    hseep: str | None
    grade: str | None
    counts: dict[str, int]
    revise_plan: bool
    findings: list[str] = Field(description="Finding rules, in report order.")


class Document(Record):
    """A report or a set of cards in one language."""

    format: Literal["drillsim-report/1"] = "drillsim-report/1"
    kind: Literal["evaluation", "summary", "response_cards", "inject_cards", "role_sheets"]
    lang: Literal["zh", "en"]
    title: str
    subtitle: str
    header: str = Field(description="Running header of printed pages.")
    date: str = Field(description="Date of the drill (the scenario's start), ISO 8601.")
    sources: dict[str, str] = Field(
        default_factory=dict, description="sha256 of each input the document was made from."
    )
    headline: Headline | None = None
    sections: list[Section]
    cards: bool = Field(default=False, description="Each section is one printable card.")

    def figures(self) -> list[FigureRef]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, FigureRef)]


def number_figures(sections: list[Section], lang: str) -> list[Section]:
    """The sections with their figures numbered in reading order, 图1, 图2 ... (GB/T
    7713.1-2006 §6.3.5: figures numbered in sequence) or Figure 1, Figure 2 ..., so
    that a figure a run does not have (no heat, no stress result) leaves no gap."""
    out: list[Section] = []
    n = 0
    for section in sections:
        blocks: list[Block] = []
        for block in section.blocks:
            if isinstance(block, FigureRef):
                n += 1
                prefix = f"Figure {n}. " if lang == "en" else f"图{n}　"
                block = block.model_copy(update={"caption": prefix + block.caption})
            blocks.append(block)
        out.append(section.model_copy(update={"blocks": blocks}))
    return out
