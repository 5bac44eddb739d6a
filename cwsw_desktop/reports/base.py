"""The one document route: fonts, page template, styles and tables shared by every printed document.

Every PDF the app writes (the PEP meeting pack, the Report to Governors, the exclusions log, the
training summary, a printed tab) is built here: A4, an embedded TrueType font (DejaVu Sans, so that
ś, ł, ŵ, ø and every other Latin letter print exactly as stored), "CONFIDENTIAL" and the print date
at the top of every page and "Page N of M" at the foot. Documents pass plain data in and get bytes
out; nothing here knows about the database or Qt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from cwsw_desktop.paths import resource_path
from cwsw_desktop.rules.dates import format_date

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
_FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_ITALIC: "DejaVuSans-Oblique.ttf",
}

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#5f6b7a")
RULE = colors.HexColor("#c5ccd6")
HEADER_FILL = colors.HexColor("#e8edf3")
STRIPE = colors.HexColor("#f6f8fa")
GOOD = colors.HexColor("#d9f0df")
WARN = colors.HexColor("#fdf0c8")
BAD = colors.HexColor("#f8d7d5")
MARGIN = 16 * mm


class FontMissingError(RuntimeError):
    """The embedded font is not where the app expects it (a broken install)."""


@cache
def register_fonts() -> None:
    """Register DejaVu Sans (regular, bold, oblique) once per process."""
    from reportlab.lib.fonts import addMapping

    for name, filename in _FONT_FILES.items():
        path = resource_path("fonts", filename)
        if not path.is_file():
            raise FontMissingError(f"The printing font is missing ({path}): reinstall the app.")
        pdfmetrics.registerFont(TTFont(name, str(path)))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, FONT_BOLD)
    addMapping(FONT, 0, 1, FONT_ITALIC)
    addMapping(FONT, 1, 1, FONT_BOLD)


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_right: ParagraphStyle


@cache
def styles() -> Styles:
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13.5, textColor=INK, spaceAfter=4)
    cell = ParagraphStyle("cell", parent=body, fontSize=8.8, leading=11, spaceAfter=0)
    return Styles(
        title=ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=19, leading=24, spaceAfter=6),
        h1=ParagraphStyle(
            "h1", parent=body, fontName=FONT_BOLD, fontSize=13.5, leading=17, spaceBefore=10, spaceAfter=5
        ),
        h2=ParagraphStyle(
            "h2", parent=body, fontName=FONT_BOLD, fontSize=11, leading=14, spaceBefore=8, spaceAfter=3
        ),
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8.5, leading=11),
        muted=ParagraphStyle("muted", parent=body, fontSize=8.5, leading=11, textColor=MUTED),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=FONT_BOLD),
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
    )


def esc(text: object) -> str:
    """Text made safe for a reportlab Paragraph (which reads a little XML)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def para(text: object, style: ParagraphStyle | None = None) -> Paragraph:
    return Paragraph(esc(text), style or styles().body)


@dataclass(frozen=True)
class DocumentInfo:
    """What goes in the running header and footer, and in the PDF's own metadata.

    The metadata is exactly these fields: an anonymised document passes a title with no name in it.
    """

    title: str
    printed_on: date
    subject: str = ""
    author: str = ""
    marking: str = "CONFIDENTIAL"
    landscape: bool = False
    footer_note: str = ""
    keywords: tuple[str, ...] = field(default_factory=tuple)

    @property
    def pagesize(self) -> tuple[float, float]:
        size = landscape(A4) if self.landscape else A4
        return (float(size[0]), float(size[1]))


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
    """Holds every page until the end so that the footer can say "Page N of M"."""

    def __init__(self, *args: Any, info: DocumentInfo, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._info = info
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._decorate(total)
            super().showPage()
        super().save()

    def _decorate(self, total: int) -> None:
        info = self._info
        width, height = info.pagesize
        self.saveState()
        self.setStrokeColor(RULE)
        self.setLineWidth(0.6)
        top = height - MARGIN + 4 * mm
        self.setFillColor(colors.HexColor("#9b1c1c"))
        self.setFont(FONT_BOLD, 8.5)
        self.drawString(MARGIN, top, info.marking)
        self.setFillColor(MUTED)
        self.setFont(FONT, 8.5)
        self.drawCentredString(width / 2, top, info.title)
        self.drawRightString(width - MARGIN, top, f"Printed {format_date(info.printed_on)}")
        self.line(MARGIN, top - 2.2 * mm, width - MARGIN, top - 2.2 * mm)
        bottom = MARGIN - 8 * mm
        self.line(MARGIN, bottom + 4 * mm, width - MARGIN, bottom + 4 * mm)
        if info.footer_note:
            self.drawString(MARGIN, bottom, info.footer_note)
        self.drawRightString(width - MARGIN, bottom, f"Page {self._pageNumber} of {total}")
        self.restoreState()


def build_pdf(out: BinaryIO, info: DocumentInfo, story: Sequence[Flowable]) -> None:
    """Lay the story out on A4 (portrait or landscape) with the running header and footer."""
    register_fonts()
    doc = BaseDocTemplate(
        out,
        pagesize=info.pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 4 * mm,
        bottomMargin=MARGIN,
        title=info.title,
        author=info.author,
        subject=info.subject,
        keywords=list(info.keywords),
        creator="CWSW Desktop",
        producer="CWSW Desktop",
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    def canvasmaker(*args: Any, **kwargs: Any) -> _NumberedCanvas:
        return _NumberedCanvas(*args, info=info, **kwargs)

    doc.build(list(story), canvasmaker=canvasmaker)


def pdfmetrics_width(text: str, size: float, bold: bool = False) -> float:
    """The printed width of `text` in the document font, in points."""
    register_fonts()
    width: float = pdfmetrics.stringWidth(text, FONT_BOLD if bold else FONT, size)
    return width


def content_width(info: DocumentInfo) -> float:
    return info.pagesize[0] - 2 * float(MARGIN)


def data_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float] | None = None,
    *,
    no_wrap: Sequence[int] = (),
    right: Sequence[int] = (),
    fills: Sequence[tuple[int, int, colors.Color]] = (),
) -> Table:
    """A table whose header repeats on every page.

    Cells wrap at word boundaries; the columns in ``no_wrap`` (UPNs, dates, codes) are plain strings
    that never break. ``fills`` colours single cells (column, row, colour): a tone beside the words.
    """
    st = styles()
    body: list[list[object]] = [[Paragraph(esc(h), st.cell_bold) for h in headers]]
    for row in rows:
        cells: list[object] = []
        for i, value in enumerate(row):
            if isinstance(value, Flowable):
                cells.append(value)
            elif i in no_wrap:
                cells.append(str(value))
            else:
                cells.append(Paragraph(esc(value), st.cell_right if i in right else st.cell))
        body.append(cells)
    table = Table(body, colWidths=list(widths) if widths else None, repeatRows=1)
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, 8.8),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, MUTED),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    for i in range(2, len(body), 2):
        commands.append(("BACKGROUND", (0, i), (-1, i), STRIPE))
    for column in right:
        commands.append(("ALIGN", (column, 1), (column, -1), "RIGHT"))
    for column, row_index, colour in fills:
        commands.append(("BACKGROUND", (column, row_index + 1), (column, row_index + 1), colour))
    table.setStyle(TableStyle(commands))
    return table


def key_values(
    pairs: Sequence[tuple[str, object]], widths: tuple[float, float] = (45 * mm, 120 * mm)
) -> Table:
    """A two-column block of labelled facts (a profile, a cover page)."""
    st = styles()
    body = [
        [Paragraph(esc(k), st.cell_bold), Paragraph(esc(v) if v not in (None, "") else "—", st.cell)]
        for k, v in pairs
    ]
    table = Table(body, colWidths=list(widths))
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def writing_lines(count: int, width: float, gap: float = 8 * mm) -> Table:
    """Ruled lines to write on in the meeting."""
    table = Table([[""] for _ in range(count)], colWidths=[width], rowHeights=[gap] * count)
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE)]))
    return table


def gap(height_mm: float = 4) -> Spacer:
    return Spacer(1, height_mm * mm)
