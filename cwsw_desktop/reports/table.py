"""A printed table: what a tab shows, landscape, through the shared reports/ base.

The header repeats on every page, UPNs and dates never break, and the filter in force is stated
under the title, so a printout says what it is a list of.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import BinaryIO

from reportlab.lib.units import mm

from cwsw_desktop.reports.base import (
    DocumentInfo,
    build_pdf,
    content_width,
    data_table,
    para,
    pdfmetrics_width,
    styles,
)


@dataclass(frozen=True)
class TableDocument:
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    printed_on: date
    filter_note: str = ""  # "Showing: CLA, Year 5; filter 'smith'" or "" for everything
    keep_whole: frozenset[int] = field(default_factory=frozenset)  # columns that never wrap
    right: frozenset[int] = field(default_factory=frozenset)
    school: str = ""


def column_widths(doc: TableDocument, total: float) -> list[float]:
    """Share the width by each column's content: whole-kept columns get their widest text,
    the rest share what is left in proportion to their typical length."""
    fixed: dict[int, float] = {}
    for i in doc.keep_whole:
        texts = [doc.headers[i], *(r[i] for r in doc.rows if i < len(r))]
        fixed[i] = max(pdfmetrics_width(t, 8.8) for t in texts) + 10
    flexible = [i for i in range(len(doc.headers)) if i not in fixed]
    left = max(total - sum(fixed.values()), 20 * mm * max(len(flexible), 1))
    weights = {}
    for i in flexible:
        lengths = sorted(len(r[i]) for r in doc.rows if i < len(r)) or [0]
        typical = lengths[int(len(lengths) * 0.9) - 1] if len(lengths) > 1 else lengths[0]
        longest_word = max((len(w) for w in doc.headers[i].split()), default=4)
        # Capped, so one column of long lists (a session's attendees) cannot squeeze the others to nothing.
        weights[i] = min(max(typical, longest_word, 4), 60)
    total_weight = sum(weights.values()) or 1
    widths = []
    for i in range(len(doc.headers)):
        widths.append(fixed[i] if i in fixed else left * weights[i] / total_weight)
    scale = total / sum(widths) if sum(widths) > total else 1.0
    return [w * scale for w in widths]


def render_table(doc: TableDocument, out: BinaryIO) -> None:
    info = DocumentInfo(title=doc.title, printed_on=doc.printed_on, landscape=True, subject=doc.school)
    st = styles()
    story = [para(doc.title, st.h1)]
    count = f"{len(doc.rows)} row{'s' if len(doc.rows) != 1 else ''}"
    story.append(
        para(
            f"{doc.filter_note} · {count}" if doc.filter_note else f"Everything on record · {count}", st.muted
        )
    )
    width = content_width(info)
    story.append(
        data_table(
            doc.headers,
            doc.rows,
            column_widths(doc, width),
            no_wrap=sorted(doc.keep_whole),
            right=sorted(doc.right),
        )
    )
    build_pdf(out, info, story)


__all__: Sequence[str] = ["TableDocument", "column_widths", "render_table"]
