"""The exclusions log: a named, confidential list of a year's suspensions and exclusions for the DT."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.platypus import Paragraph

from cwsw_desktop.reports.base import (
    DocumentInfo,
    build_pdf,
    content_width,
    data_table,
    esc,
    gap,
    para,
    styles,
)
from cwsw_desktop.rules.dates import format_date
from cwsw_desktop.rules.exclusions import ExclusionKind
from cwsw_desktop.services.exclusion_export import KIND_WORDS
from cwsw_desktop.services.exclusions import ExclusionRow

WARN = colors.HexColor("#fff4d6")
BAD = colors.HexColor("#fde2e1")


def _owed(row: ExclusionRow, today: date) -> tuple[object, colors.Color | None]:
    if not row.owed:
        return "Nothing", None
    late = any(o.due is not None and o.due < today for o in row.owed)
    lines = [
        (
            f"{'OVERDUE: ' if o.due and o.due < today else ''}{o.message}"
            + (f", by {format_date(o.due)}" if o.due else "")
        )
        for o in row.owed
    ]
    cell = Paragraph("<br/>".join("• " + esc(line) for line in lines), styles().cell)
    return cell, BAD if late else WARN


def render_exclusions_log(
    rows: Sequence[ExclusionRow], year_label: str, today: date, out: BinaryIO, school: str = ""
) -> None:
    info = DocumentInfo(
        title=f"Exclusions log {year_label}",
        printed_on=today,
        subject="Suspensions and exclusions of children with a social worker",
        author=school,
        landscape=True,
        footer_note="Named record for the Designated Teacher: do not share",
    )
    st = styles()
    width = content_width(info)
    story = [
        para(f"Exclusions log {year_label}", st.title),
        para(
            f"{len(rows)} record(s). Categories are those on the day of the suspension. Days this term and "
            "year are the child's running totals; 'Still owed' lists what the law and the policy still require.",
            st.muted,
        ),
        gap(),
    ]
    headers = (
        "Start",
        "Pupil",
        "UPN",
        "Type",
        "Days",
        "Term / year total",
        "Reasons",
        "Status that day",
        "Still owed",
    )
    body: list[list[object]] = []
    fills: list[tuple[int, int, colors.Color]] = []
    for i, r in enumerate(rows):
        owed, fill = _owed(r, today)
        kind = KIND_WORDS[r.kind] + (" (cancelled)" if r.cancelled else "")
        days = "" if r.kind is ExclusionKind.PERMANENT else f"{r.days:g}"
        body.append(
            [
                format_date(r.start_date),
                r.pupil,
                r.upn,
                kind,
                days,
                f"{r.term_total:g} / {r.year_total:g}",
                r.reason_words,
                ", ".join(r.categories) or "None",
                owed,
            ]
        )
        if fill is not None:
            fills.append((8, i, fill))
    fractions = (0.075, 0.11, 0.115, 0.09, 0.05, 0.065, 0.175, 0.065, 0.255)
    story.append(
        data_table(headers, body, [f * width for f in fractions], no_wrap=(0, 2), right=(4,), fills=fills)
        if body
        else para("No suspensions or exclusions recorded.", st.body)
    )
    build_pdf(out, info, story)
