"""The exclusions table as CSV (what the tab shows, in the same words)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from cwsw_desktop.rules.dates import format_date
from cwsw_desktop.rules.exclusions import ExclusionKind
from cwsw_desktop.services.exclusions import ExclusionRow

KIND_WORDS = {
    ExclusionKind.SUSPENSION: "Suspension",
    ExclusionKind.LUNCHTIME: "Lunchtime",
    ExclusionKind.PERMANENT: "Permanent exclusion",
}
HEADERS = (
    "UPN",
    "Pupil",
    "Start Date",
    "Type",
    "Days",
    "Reason",
    "Social worker status that day",
    "Term",
    "Days this term",
    "Days this year",
    "Cancelled",
    "Still owed",
)


def owed_text(row: ExclusionRow) -> str:
    return "; ".join(f"{o.message} by {format_date(o.due)}" if o.due else o.message for o in row.owed)


def exclusions_csv(rows: Sequence[ExclusionRow]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for r in rows:
        writer.writerow(
            (
                r.upn,
                r.pupil,
                format_date(r.start_date),
                KIND_WORDS[r.kind],
                "" if r.kind is ExclusionKind.PERMANENT else f"{r.days:g}",
                ";".join(r.reasons),
                ", ".join(r.categories) or "None",
                r.term,
                f"{r.term_total:g}",
                f"{r.year_total:g}",
                "Yes" if r.cancelled else "",
                owed_text(r),
            )
        )
    return out.getvalue().encode("utf-8-sig")
