"""The printable training summary for an academic year: the policy's four checks with names,
then every session with its attendees. Evidence for governors that staff are trained."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from cwsw_desktop.reports.base import (
    BAD,
    GOOD,
    DocumentInfo,
    build_pdf,
    content_width,
    data_table,
    gap,
    key_values,
    para,
    styles,
)
from cwsw_desktop.rules.dates import format_date
from cwsw_desktop.rules.training import Compliance, TrainedMeans


@dataclass(frozen=True)
class SummarySession:
    held_on: date
    course: str
    hours: float
    provider: str
    attendees: tuple[str, ...]


@dataclass(frozen=True)
class TrainingSummaryData:
    school: str
    printed_on: date
    compliance: Compliance
    sessions: Sequence[SummarySession]


def _status(ok: bool) -> str:
    return "Met" if ok else "Not met"


def render_training_summary(data: TrainingSummaryData, out: BinaryIO) -> None:
    c = data.compliance
    info = DocumentInfo(
        title=f"Training summary {c.year_label}",
        printed_on=data.printed_on,
        subject=f"{data.school}: staff training against the policy",
        keywords=("training", c.year_label),
    )
    st = styles()
    width = content_width(info)
    when = "this academic year" if c.policy.trained_means is TrainedMeans.THIS_YEAR else "at any time"
    story: list[Flowable] = [
        para(f"Training summary {c.year_label}", st.title),
        para(" · ".join(x for x in (data.school, f"figures as of {format_date(c.on)}") if x), st.muted),
        gap(),
        para("The policy's checks", st.h1),
    ]
    rows: list[list[str]] = []
    fills = []
    for dt in c.dts:
        rows.append(
            [
                f"Designated Teacher training days ({dt.person.name})",
                f"{dt.days:g} of {dt.target:g} days",
                _status(dt.short == 0),
            ]
        )
    if not c.dts:
        rows.append(
            ["Designated Teacher training days", "No Designated Teacher on the staff register", "Not met"]
        )
    trained = len(c.trained)
    rows.append(
        [
            f"Staff trained in attachment-aware and trauma-informed practice ({when})",
            f"{trained} of {len(c.staff)} ({c.trained_share:.0%})",
            _status(not c.untrained),
        ]
    )
    for d in c.dsls:
        s = d.status
        title = "DSL" if d.person.is_dsl else "Deputy DSL"
        detail = f"formal {format_date(d.last_formal) or 'none'}, latest refresher {format_date(d.last_refresher) or 'none'}"
        rows.append(
            [
                f"{title} training current ({d.person.name})",
                detail,
                _status(not (s.formal_overdue or s.refresher_overdue)),
            ]
        )
    rows.append(["Courses past their 'valid for' period", f"{len(c.expired)}", _status(not c.expired)])
    for i, row in enumerate(rows):
        fills.append((2, i, GOOD if row[2] == "Met" else BAD))
    story.append(
        data_table(
            ["Check", "Figure", "Status"], rows, [width * 0.5, width * 0.34, width * 0.16], fills=fills
        )
    )
    if c.untrained:
        story += [
            para("Not yet trained in attachment-aware and trauma-informed practice", st.h2),
            para(", ".join(p.name for p in c.untrained)),
        ]
    if c.expired:
        story.append(para("Expired training", st.h2))
        story.append(
            data_table(
                ["Person", "Course", "Last attended", "Expired on"],
                [
                    [e.person.name, e.course, format_date(e.last), format_date(e.expired_on)]
                    for e in c.expired
                ],
                [width * 0.28, width * 0.42, width * 0.15, width * 0.15],
                no_wrap=(2, 3),
            )
        )
    story.append(para(f"Sessions in {c.year_label} ({len(data.sessions)})", st.h1))
    if data.sessions:
        story.append(
            data_table(
                ["Date", "Course", "Hours", "Provider", "Attended"],
                [
                    [
                        format_date(s.held_on),
                        s.course,
                        f"{s.hours:g}",
                        s.provider,
                        f"{len(s.attendees)}: " + ", ".join(s.attendees),
                    ]
                    for s in data.sessions
                ],
                [22 * mm, width * 0.27, 16 * mm, width * 0.16, width - 38 * mm - width * 0.43],
                no_wrap=(0,),
                right=(2,),
            )
        )
    else:
        story.append(para("No training recorded in this year.", st.muted))
    story += [
        gap(),
        key_values(
            [
                ("Training day", f"{c.policy.hours_per_day:g} hours"),
                ("DT target", f"{c.policy.dt_days:g} days a year"),
                (
                    "Trained means",
                    "this academic year" if c.policy.trained_means is TrainedMeans.THIS_YEAR else "ever",
                ),
            ]
        ),
    ]
    build_pdf(out, info, story)
