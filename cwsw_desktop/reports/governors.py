"""The Report to Governors (formerly CLASEF) as a PDF: cover, Section 1's figures, Section 2's plan.

Plain data in (`GovernorsReport`, already suppressed and anonymised by the service), a PDF out
through the shared document route in `reports/base.py`. Nothing here names a child: the
metadata says what the document is, never whom it is about.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Paragraph, Table, TableStyle

from cwsw_desktop.reports.base import (
    BAD,
    FONT_BOLD,
    FONT_ITALIC,
    HEADER_FILL,
    INK,
    MUTED,
    DocumentInfo,
    build_pdf,
    content_width,
    data_table,
    esc,
    gap,
    key_values,
    para,
    styles,
)
from cwsw_desktop.reports.governors_charts import bar_chart
from cwsw_desktop.reports.governors_data import GovernorsReport, TableData
from cwsw_desktop.rules.dates import format_date
from cwsw_desktop.rules.suppression import FEWER_THAN_3, WITHHELD

TITLE = "Report to Governors"
ACCENT = colors.HexColor("#2f5d8a")
CONFIDENTIAL_LINE = "CONFIDENTIAL \u2014 for the governing board"
SECTIONS = (
    "The children",
    "Personal Education Plans",
    "Attendance",
    "Suspensions and exclusions",
    "Pupil Premium Plus",
    "Training",
    "Well-being",
)


def document_info(report: GovernorsReport) -> DocumentInfo:
    """Title, subject and keywords with no child in them (the school and the period only)."""
    return DocumentInfo(
        title=f"{TITLE} {report.cover.period_label}",
        printed_on=report.cover.produced_on,
        subject="Children with a social worker: the Designated Teacher's report (anonymised)",
        author=f"Designated Teacher, {report.cover.school}" if report.cover.school else "Designated Teacher",
        footer_note=f"{report.cover.school} \u2022 {CONFIDENTIAL_LINE}",
        keywords=report.keywords,
    )


def render_governors_report(report: GovernorsReport, out: BinaryIO) -> None:
    info = document_info(report)
    width = content_width(info)
    story: list[Flowable] = _cover(report, width)
    story.append(PageBreak())
    if report.nil_return:
        story += _nil_return(report, width)
        story.append(PageBreak())
    story += _section_one(report, width)
    story.append(PageBreak())
    story += _section_two(report, width)
    build_pdf(out, info, story)


# --- pieces ------------------------------------------------------------------------------------


def _style(name: str, **kw: object) -> ParagraphStyle:
    return ParagraphStyle(name, parent=styles().body, **kw)


def _heading(number: int, text: str) -> Paragraph:
    return Paragraph(f'<font color="#2f5d8a">{number}.</font>&nbsp;&nbsp;{esc(text)}', styles().h1)


def _table(data: TableData, width: float, first: float = 0.42, title: str = "") -> Flowable:
    """A table whose first column takes ``first`` of the width; totals in bold on a shaded band."""
    heading: list[Flowable] = [Paragraph(esc(title), styles().h2)] if title else []
    if not data.rows:
        return KeepTogether([*heading, para("None recorded.", styles().muted)])
    n = len(data.headers)
    rest = (width * (1 - first)) / max(1, n - 1)
    widths = [width * first, *([rest] * (n - 1))]
    numbers = tuple(range(1, n))
    table = data_table(data.headers, data.rows, widths, right=numbers, no_wrap=numbers)
    st = styles()
    for c in numbers:  # headings over numbers line up with them
        table._cellvalues[0][c] = Paragraph(esc(data.headers[c]), _right_bold())
    extra: list[tuple[object, ...]] = []
    for r in data.total_rows:
        extra += [
            ("BACKGROUND", (0, r + 1), (-1, r + 1), HEADER_FILL),
            ("LINEABOVE", (0, r + 1), (-1, r + 1), 0.8, MUTED),
        ]
    for r, row in enumerate(data.rows):
        for c, cell in enumerate(row):
            if c and cell in (FEWER_THAN_3, WITHHELD):
                extra += [
                    ("TEXTCOLOR", (c, r + 1), (c, r + 1), MUTED),
                    ("FONT", (c, r + 1), (c, r + 1), FONT_ITALIC, 8.3),
                ]
            elif r in data.total_rows and c:
                extra.append(("FONT", (c, r + 1), (c, r + 1), FONT_BOLD, 8.8))
    table.setStyle(TableStyle(extra))
    for r in data.total_rows:
        table._cellvalues[r + 1][0] = Paragraph(esc(data.rows[r][0]), st.cell_bold)
    parts: list[Flowable] = [*heading, table]
    if data.note:
        parts += [gap(1), para(data.note, styles().muted)]
    return KeepTogether(parts)


def _right_bold() -> ParagraphStyle:
    return ParagraphStyle("cell_right_bold", parent=styles().cell_right, fontName=FONT_BOLD)


def _facts(pairs: Sequence[tuple[str, str]], width: float) -> Table:
    return key_values(pairs, widths=(width * 0.45, width * 0.55))


def _signature_block(roles: Sequence[str], width: float) -> Table:
    rows: list[list[object]] = []
    label = _style("sig", fontSize=9, textColor=MUTED)
    for role in roles:
        rows.append([Paragraph(esc(role), styles().cell_bold), "", "", ""])
        rows.append([Paragraph("Name", label), "", Paragraph("Date", label), ""])
        rows.append([Paragraph("Signature", label), "", "", ""])
    table = Table(rows, colWidths=[width * 0.22, width * 0.4, width * 0.08, width * 0.3], rowHeights=None)
    commands: list[tuple[object, ...]] = [("VALIGN", (0, 0), (-1, -1), "BOTTOM")]
    for i in range(len(roles)):
        base = i * 3
        commands += [
            ("TOPPADDING", (0, base), (-1, base), 12),
            ("SPAN", (0, base), (-1, base)),
            ("LINEBELOW", (1, base + 1), (1, base + 1), 0.5, INK),
            ("LINEBELOW", (3, base + 1), (3, base + 1), 0.5, INK),
            ("LINEBELOW", (1, base + 2), (3, base + 2), 0.5, INK),
            ("TOPPADDING", (0, base + 1), (-1, base + 2), 14),
            ("SPAN", (1, base + 2), (3, base + 2)),
        ]
    table.setStyle(TableStyle(commands))
    return table


# --- cover ------------------------------------------------------------------------------------


def _cover(report: GovernorsReport, width: float) -> list[Flowable]:
    c, st = report.cover, styles()
    banner = Table(
        [
            [
                Paragraph(
                    esc(CONFIDENTIAL_LINE),
                    _style("banner", fontName=FONT_BOLD, fontSize=12, textColor=colors.white),
                )
            ]
        ],
        colWidths=[width],
    )
    banner.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#9b1c1c")),
                ("TOPPADDING", (0, 0), (-1, -1), 7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
            ]
        )
    )
    kind = "Termly report" if c.termly else "Annual report"
    review = format_date(c.policy_review) if c.policy_review else "not set"
    if c.review_passed:
        review += " \u2014 the review date has passed: the policy is due for review"
    facts = [
        ("School", c.school or "\u2014"),
        ("Period", c.period_label),
        ("Designated Teacher", c.dt_name or "\u2014"),
        ("Designated governor", c.governor_name or "\u2014"),
        ("Designated Safeguarding Lead", c.dsl_name or "\u2014"),
        ("Date produced", format_date(c.produced_on)),
        ("Policy approved", format_date(c.policy_approved) if c.policy_approved else "not set"),
        ("Policy review due", review),
    ]
    table = _facts(facts, width)
    if c.review_passed:
        table.setStyle(TableStyle([("BACKGROUND", (1, len(facts) - 1), (1, len(facts) - 1), BAD)]))
    contents = [f"{i}. {name}" for i, name in enumerate(SECTIONS, start=1)]
    how = "No child is named in this report, by name, UPN or date of birth. " + (
        "To keep children from being identified in a small school, a count of 1 or 2 is printed as "
        "\u201cfewer than 3\u201d, and a number that would let one be worked out from a total is "
        "printed as \u201cwithheld\u201d, as are averages and days describing fewer than 3 children."
        if report.suppressed
        else "Small numbers are printed as they are (the school has turned suppression off): "
        "treat this report with particular care."
    )
    return [
        gap(18),
        Paragraph(
            TITLE, _style("cover_title", fontName=FONT_BOLD, fontSize=30, leading=36, textColor=ACCENT)
        ),
        Paragraph(
            "Children with a social worker: the Designated Teacher\u2019s report",
            _style("cover_sub", fontSize=14, leading=18, textColor=INK),
        ),
        gap(2),
        Paragraph(
            f"{esc(kind)} \u2022 {esc(c.period_label)}", _style("cover_period", fontSize=12, textColor=MUTED)
        ),
        gap(8),
        banner,
        gap(8),
        table,
        gap(8),
        Paragraph("In this report", st.h2),
        para("Section 1 \u2014 the figures: " + "; ".join(contents) + ".", st.body),
        para("Section 2 \u2014 the plan for improvement: strengths, priorities and actions.", st.body),
        gap(4),
        Paragraph("Reading the figures", st.h2),
        para(how, st.body),
        para(
            "Each child is counted once, under the most important category they had: looked after, then "
            "child protection, child in need, previously looked after, then previously had a social worker "
            "(within the last six years).",
            st.muted,
        ),
    ]


def _nil_return(report: GovernorsReport, width: float) -> list[Flowable]:
    c, st = report.cover, styles()
    return [
        Paragraph("Nil return: looked-after children", st.title),
        gap(4),
        para(
            f"No looked-after child was on roll at {c.school or 'the school'} at any time in {c.period_label}. "
            "The policy asks the Designated Teacher to make a nil return to the governing board, signed by "
            "the Designated Teacher and the designated governor.",
            st.body,
        ),
        para(
            "The Designated Teacher remains in post, keeps up their training, and is ready to act at once if a "
            "looked-after child joins the school. The rest of this report covers the other children with a "
            "social worker.",
            st.body,
        ),
        gap(6),
        _signature_block(["Designated Teacher", "Designated governor"], width),
    ]


# --- Section 1 ----------------------------------------------------------------------------------


def _section_one(report: GovernorsReport, width: float) -> list[Flowable]:
    st = styles()
    story: list[Flowable] = [Paragraph("Section 1: the figures", st.title), gap(1)]
    co = report.cohort
    story += [
        _heading(1, SECTIONS[0]),
        para(
            f"Children on roll {co.census_note}, and at any time in {report.cover.period_label}.",
            st.body,
        ),
        _table(co.on_census, width, 0.46, title="By category"),
        _table(co.any_time, width, 0.46, title="By key stage (all children with a social worker)"),
        CondPageBreak(70 * mm),
        _table(co.joiners_leavers, width, 0.5, title="Joiners and leavers"),
        _table(co.authorities, width, 0.6, title="Responsible local authorities of looked-after children"),
        _table(co.sen, width, 0.5, title="Special educational needs"),
    ]
    pe = report.peps
    story += [CondPageBreak(60 * mm), _heading(2, SECTIONS[1])]
    if pe.applicable:
        story += [_table(pe.table, width, 0.2), gap(1), para(pe.summary, st.muted)]
    else:
        story.append(para(pe.summary))
    at = report.attendance
    story += [
        CondPageBreak(110 * mm),
        _heading(3, SECTIONS[2]),
        _table(at.table, width, 0.4),
        gap(1),
        para(at.note, st.muted),
        gap(3),
        bar_chart(at.chart, width),
    ]
    ex = report.exclusions
    story += [
        PageBreak(),
        _heading(4, SECTIONS[3]),
        _table(ex.table, width, 0.36),
        _table(ex.per_term, width, 0.36, title="Suspensions per term"),
        gap(3),
        bar_chart(ex.chart, width, 170),
        gap(2),
        _facts(ex.facts, width),
        _table(ex.alternatives, width, 0.75, title="What was tried before suspending"),
    ]
    pp = report.pp_plus
    story += [CondPageBreak(80 * mm), _heading(5, SECTIONS[4]), _facts(pp.facts, width), gap(3)]
    story += [Paragraph("How PP+ was used", st.h2), _table(pp.spend, width, 0.46)]
    story.append(Paragraph("Impact", st.h2))
    if pp.impact:
        story += [para("\u2022 " + note, st.body) for note in pp.impact]
    else:
        story.append(para("No impact notes were recorded on the PP+ account for this period.", st.muted))
    story += [
        CondPageBreak(50 * mm),
        _heading(6, SECTIONS[5]),
        _facts(report.training.facts, width),
        CondPageBreak(40 * mm),
        _heading(7, SECTIONS[6]),
        _table(report.wellbeing.table, width, 0.28),
        gap(1),
        para(report.wellbeing.summary, st.muted),
    ]
    return story


# --- Section 2 ----------------------------------------------------------------------------------


def _numbered(items: Sequence[str]) -> list[Flowable]:
    out: list[Flowable] = []
    item_style = _style("item", leftIndent=14, firstLineIndent=-14, spaceAfter=5)
    for i, text in enumerate(items, start=1):
        shown = esc(text) if text else '<font color="#5f6b7a">(not yet written)</font>'
        out.append(Paragraph(f"<b>{i}.</b>&nbsp;&nbsp;{shown}", item_style))
    return out


def _prose(text: str) -> list[Flowable]:
    if not text:
        return [para("(not yet written)", styles().muted)]
    return [para(p.strip()) for p in text.split("\n") if p.strip()]


def _section_two(report: GovernorsReport, width: float) -> list[Flowable]:
    st, n = styles(), report.narrative
    return [
        Paragraph("Section 2: the plan for improvement", st.title),
        para(
            "How well the school promotes the education of children with a social worker, and what it will "
            "do next (Pupil Premium Plus: see Section 1, part 5).",
            st.muted,
        ),
        Paragraph("Three strengths", st.h1),
        *_numbered(n.strengths),
        Paragraph("Three priorities for improvement", st.h1),
        *_numbered(n.priorities),
        Paragraph("Actions for leaders", st.h1),
        *_prose(n.actions_leaders),
        Paragraph("Actions for governors", st.h1),
        *_prose(n.actions_governors),
        gap(6),
        KeepTogether(
            [
                Paragraph("Received by the governing board", st.h2),
                _signature_block(["Designated Teacher", "Designated governor"], width),
            ]
        ),
    ]


def governors_pdf(report: GovernorsReport) -> bytes:
    """The finished PDF as bytes (for the preview, the printer or a file)."""
    import io

    out = io.BytesIO()
    render_governors_report(report, out)
    return out.getvalue()
