"""Writing a document as HTML, Markdown, JSON or PDF; every file is written atomically.

HTML embeds its figures as data URIs and references nothing on the network.
Markdown keeps its figures as PNG files in a folder beside it. PDF is typeset
with Typst (the ``typst`` wheel, no system dependencies) in A4 with running
headers and page numbers, embedding the CJK font of ``noto-cjk-sans-otc``.
"""

from __future__ import annotations

import base64
import functools
import importlib.util
import io
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

import jinja2
from matplotlib.figure import Figure

from scoring.report.document import Document
from scoring.report.figures import png_bytes
from sim.runfiles import umask

FORMATS = ("html", "pdf", "md", "json")
TEMPLATES = Path(__file__).parent / "templates"
FONT_PACKAGE = "noto_cjk_sans_otc"
CJK_SC_INDEX = 2
"""Noto Sans CJK SC in the package's collection (JP, KR, SC, TC, HK, then the Mono faces)."""


class RenderError(RuntimeError):
    """A document could not be typeset (a broken installation, not a user's mistake)."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _umask()


def write_text_atomic(path: Path, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """All or nothing, readable by others like any document: a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644 & ~_UMASK)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _typst_string(text: object) -> str:
    s = str(text).replace("\\", "\\\\").replace('"', '\\"')
    s = s.replace("\r", "").replace("\n", "\\n").replace("\t", " ")
    return f'"{s}"'


def _md_text(text: object) -> str:
    s = str(text)
    for c in ("\\", "*", "_", "`", "[", "]", "<", ">", "#"):
        s = s.replace(c, "\\" + c)
    return s.replace("\n", " ")


def _md_cell(text: object) -> str:
    return _md_text(text).replace("|", "\\|") or " "


@functools.cache
def _environment(autoescape: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["ts"] = _typst_string
    env.filters["md"] = _md_text
    env.filters["cell"] = _md_cell
    return env


def images_of(figures: Mapping[str, Figure]) -> dict[str, bytes]:
    return {name: png_bytes(fig) for name, fig in figures.items()}


def font_subset(text: str) -> bytes:
    """Noto Sans CJK SC cut down to the characters of ``text`` (an OpenType font)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    collection = next(font_folder().glob("*.ttc"))
    font = TTFont(collection, fontNumber=CJK_SC_INDEX, recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


def html_text(doc: Document, images: Mapping[str, bytes], *, embed_font: bool = True) -> str:
    """One self-contained page: figures as data URIs and, so that Chinese prints on a
    machine without a CJK font, the characters it uses of Noto Sans CJK SC."""
    template = _environment(True).get_template("document.html.j2")
    uris = {
        name: "data:image/png;base64," + base64.b64encode(data).decode("ascii")
        for name, data in images.items()
    }
    font = ""
    if embed_font:
        plain = template.render(doc=doc, images={name: "" for name in images}, font="")
        font = "data:font/otf;base64," + base64.b64encode(font_subset(plain)).decode("ascii")
    return template.render(doc=doc, images=uris, font=font)


def markdown_text(doc: Document, figures_dir: str) -> str:
    text = (
        _environment(False).get_template("document.md.j2").render(doc=doc, figures_dir=figures_dir)
    )
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text


def json_text(doc: Document) -> str:
    return doc.model_dump_json(indent=2) + "\n"


def typst_source(doc: Document, figures_dir: str = "figures") -> str:
    return (
        _environment(False).get_template("document.typ.j2").render(doc=doc, figures_dir=figures_dir)
    )


def font_folder() -> Path:
    """The folder of the Noto Sans CJK collection shipped by ``noto-cjk-sans-otc``."""
    spec = importlib.util.find_spec(FONT_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RenderError(f"the CJK font package is missing: pip install {FONT_PACKAGE}")
    for folder in spec.submodule_search_locations:
        if any(Path(folder).glob("*.ttc")):
            return Path(folder)
    raise RenderError(f"no font collection found in the {FONT_PACKAGE} package")


def pdf_bytes(doc: Document, images: Mapping[str, bytes]) -> bytes:
    import typst

    with tempfile.TemporaryDirectory(prefix="drillsim-pdf-") as tmp:
        root = Path(tmp)
        (root / "figures").mkdir()
        for name, data in images.items():
            (root / "figures" / name).write_bytes(data)
        source = root / "document.typ"
        source.write_text(typst_source(doc), encoding="utf-8")
        try:
            out = typst.compile(
                str(source),
                root=str(root),
                font_paths=[str(font_folder())],
                ignore_system_fonts=True,
            )
        except RuntimeError as exc:
            raise RenderError(f"typesetting the PDF failed: {exc}") from exc
    if not isinstance(out, bytes):
        raise RenderError("typesetting the PDF gave no document")
    return out


def write_document(
    doc: Document,
    figures: Mapping[str, Figure],
    out: Path,
    formats: tuple[str, ...],
    stem: str,
) -> list[Path]:
    """Write ``doc`` in each of ``formats`` to ``out``/``stem``.EXT; return the paths."""
    images = images_of(figures)
    written: list[Path] = []
    out.mkdir(parents=True, exist_ok=True)
    for fmt in formats:
        path = out / f"{stem}.{fmt}"
        if fmt == "html":
            write_text_atomic(path, html_text(doc, images))
        elif fmt == "json":
            write_text_atomic(path, json_text(doc))
        elif fmt == "md":
            folder = out / f"{stem}.figures"
            staging = Path(tempfile.mkdtemp(dir=out, prefix=f".{stem}.figures."))
            # mkdtemp makes the folder private (0700); the figures beside a shared
            # Markdown report follow the umask like every other file it writes.
            staging.chmod(0o777 & ~umask())
            try:
                for name, data in images.items():
                    (staging / name).write_bytes(data)
                if folder.exists():
                    shutil.rmtree(folder)
                os.replace(staging, folder)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            write_text_atomic(path, markdown_text(doc, folder.name))
        elif fmt == "pdf":
            write_bytes_atomic(path, pdf_bytes(doc, images))
        else:
            raise ValueError(f"unknown format {fmt!r}")
        written.append(path)
    return written
