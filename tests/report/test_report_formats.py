"""Reports of every bundled scenario in both languages and all four formats."""

from __future__ import annotations

import base64
import functools
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from scoring.report.render import html_text, images_of, json_text, markdown_text
from scoring.report.schema import SCHEMA_PATH, schema_text
from sim.runfiles import umask as current_umask
from tests.report.conftest import RUNS, pdf_objects, pdf_page_count, run_cli

EVALUATION_SECTIONS = ["basics", "process", "analysis", "findings", "improvement", "conclusion"]
SUMMARY_SECTIONS = ["overview", "lessons", "recommendations"]
SCENARIOS = sorted(RUNS)
NETWORK = re.compile(
    r"""(?:src|href)\s*=\s*["']?\s*(?:https?:|ftp:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""",
    re.I,
)


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sections: list[str] = []
        self.images: list[dict[str, str | None]] = []
        self.figures: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "section" and a.get("id"):
            self.sections.append(str(a["id"]))
        elif tag == "img":
            self.images.append(a)
        elif tag == "figure" and a.get("id"):
            self.figures.append(str(a["id"]))


@pytest.fixture(scope="module")
def evaluation_html(reports):  # type: ignore[no-untyped-def]
    """The HTML evaluation report by (run, lang), each rendered once per module."""

    @functools.cache
    def get(name: str, lang: str) -> str:
        built = reports(name, "evaluation", lang)
        return html_text(built.document, images_of(built.figures))

    return get


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", SCENARIOS)
def test_html_report_is_whole_and_self_contained(  # type: ignore[no-untyped-def]
    reports, evaluation_html, name: str, lang: str
) -> None:
    built = reports(name, "evaluation", lang)
    text = evaluation_html(name, lang)
    page = _Page()
    page.feed(text)
    assert page.sections[: len(EVALUATION_SECTIONS)] == EVALUATION_SECTIONS
    assert sorted(page.figures) == sorted(f"fig-{f.id}" for f in built.document.figures())
    assert {"fig-gantt", "fig-utilisation", "fig-zones"} <= set(page.figures)
    for img in page.images:
        src = str(img["src"])
        assert src.startswith("data:image/png;base64,")
        assert base64.b64decode(src.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
        assert img.get("alt")
    assert not NETWORK.search(text)
    font = re.search(r'src: url\("data:font/otf;base64,([A-Za-z0-9+/=]+)"\)', text)
    assert font, "the Chinese font is embedded, so the page prints on a machine without one"
    assert base64.b64decode(font.group(1))[:4] == b"OTTO"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", SCENARIOS)
def test_json_report_validates_against_the_committed_schema(reports, name: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    for kind, sections in (("evaluation", EVALUATION_SECTIONS), ("summary", SUMMARY_SECTIONS)):
        doc = json.loads(json_text(reports(name, kind, lang).document))
        jsonschema.validate(doc, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
        assert [s["id"] for s in doc["sections"]][: len(sections)] == sections
        assert doc["lang"] == lang


def test_committed_report_schema_has_not_drifted() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        "run `python -m scoring.report.schema` and commit the result"
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chinese_report_is_chinese_and_english_report_is_english(reports, lang: str) -> None:  # type: ignore[no-untyped-def]
    doc = reports("flawed", "evaluation", lang).document
    text = json_text(doc)
    titles = [s.title for s in doc.sections]
    if lang == "zh":
        assert titles[:6] == [
            "一、演练基本情况",
            "二、评估过程",
            "三、情况分析",
            "四、问题清单",
            "五、改进意见",
            "六、评估结论",
        ]
        assert "不足项" in text
    else:
        assert titles[0] == "1. Exercise overview"
        assert not re.search(r"[\u4e00-\u9fff]", " ".join(titles))
        assert "Deficiency" in text


def test_markdown_keeps_its_figures_beside_it(run_dirs: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "md"
    run_cli(
        "report", str(run_dirs["pipeline"]), "--format", "md", "--lang", "en", "--out", str(out)
    )
    md = (out / "evaluation.en.md").read_text(encoding="utf-8")
    linked = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", md)
    # Gantt, utilisation, heat of the fire, threat zones.
    assert len(linked) == 4
    for rel in linked:
        assert (out / rel).read_bytes()[:4] == b"\x89PNG"
    assert "## 4. Findings" in md
    # The figures folder is as readable as the report beside it (umask 022 here).
    folder = out / "evaluation.en.figures"
    assert folder.stat().st_mode & 0o777 == 0o777 & ~current_umask()


def test_markdown_of_the_summary_report(reports) -> None:  # type: ignore[no-untyped-def]
    built = reports("poisoning", "summary", "zh")
    md = markdown_text(built.document, "figures")
    assert "## 一、演练基本概要" in md
    assert "## 二、发现的问题、经验和教训" in md
    assert "## 三、改进工作的建议" in md


def test_pdf_is_a4_paginated_with_the_chinese_font_embedded(
    run_dirs: dict[str, Path], tmp_path: Path
) -> None:
    run_cli("report", str(run_dirs["flawed"]), "--format", "pdf,html", "--out", str(tmp_path))
    data = (tmp_path / "evaluation.zh.pdf").read_bytes()
    assert data.startswith(b"%PDF-")
    objects = pdf_objects(data)
    assert pdf_page_count(data) >= 5
    assert re.search(rb"/BaseFont\s*/[A-Z]{6}\+NotoSansCJK", objects), "CJK font not embedded"
    assert re.search(rb"/FontFile[23]?\b", objects)
    # A4 is 595.28 x 841.89 points
    assert re.search(rb"/MediaBox\s*\[\s*0\s+0\s+595\.2\d*\s+841\.8\d*\s*\]", objects)


def test_english_summary_pdf(run_dirs: dict[str, Path], tmp_path: Path) -> None:
    run_cli(
        "report",
        str(run_dirs["pipeline"]),
        "--kind",
        "summary",
        "--format",
        "pdf",
        "--lang",
        "en",
        "--out",
        str(tmp_path),
    )
    data = (tmp_path / "summary.en.pdf").read_bytes()
    assert pdf_page_count(data) >= 2


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", SCENARIOS)
def test_every_bundled_report_in_every_format(
    run_dirs: dict[str, Path], tmp_path: Path, name: str, lang: str
) -> None:
    """Every scenario under scenarios/ (new ones included), both languages, all formats."""
    run_cli(
        "report",
        str(run_dirs[name]),
        "--lang",
        lang,
        "--format",
        "html,pdf,md,json",
        "--out",
        str(tmp_path),
    )

    def out(ext: str) -> Path:
        return tmp_path / f"evaluation.{lang}.{ext}"

    doc = json.loads(out("json").read_text(encoding="utf-8"))
    jsonschema.validate(doc, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    figures = [b["id"] for s in doc["sections"] for b in s["blocks"] if b["kind"] == "figure"]
    page = _Page()
    html = out("html").read_text(encoding="utf-8")
    page.feed(html)
    assert page.sections[: len(EVALUATION_SECTIONS)] == EVALUATION_SECTIONS
    assert sorted(page.figures) == sorted(f"fig-{f}" for f in figures)
    assert all(str(img["src"]).startswith("data:image/png;base64,") for img in page.images)
    assert not NETWORK.search(html)
    md = out("md").read_text(encoding="utf-8")
    linked = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", md)
    assert len(linked) == len(figures)
    assert all((tmp_path / rel).read_bytes()[:4] == b"\x89PNG" for rel in linked)
    data = out("pdf").read_bytes()
    objects = pdf_objects(data)
    assert pdf_page_count(data) >= 4
    assert re.search(rb"/MediaBox\s*\[\s*0\s+0\s+595\.2\d*\s+841\.8\d*\s*\]", objects)
    if lang == "zh":
        assert re.search(rb"/BaseFont\s*/[A-Z]{6}\+NotoSansCJK", objects), "CJK font not embedded"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", SCENARIOS)
def test_figures_are_numbered_in_reading_order_without_gaps(reports, name: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    for kind in ("evaluation", "summary"):
        captions = [f.caption for f in reports(name, kind, lang).document.figures()]
        pattern = r"Figure (\d+)\. \S" if lang == "en" else r"图(\d+)　\S"
        numbers = [int(m.group(1)) for c in captions if (m := re.match(pattern, c))]
        assert numbers == list(range(1, len(captions) + 1)), captions


def test_html_table_cells_break_words_only_when_they_overflow(evaluation_html) -> None:  # type: ignore[no-untyped-def]
    """``overflow-wrap: anywhere`` lets the browser size a column to one character, so a
    short column ("took part", "fire and rescue") printed one letter per line."""
    page = evaluation_html("pipeline", "en")
    css = page[page.index("<style>") : page.index("</style>")]
    assert "overflow-wrap: break-word" in css
    assert "anywhere" not in css
