"""The PEP meeting pack: what the DT takes into the room.

Page 1: the meeting (school, date, time, place, invitees) and the standard agenda with space to
write. Then the last PEP's targets to rate and its open actions, new targets and actions to fill
in, and a one-page pupil profile. Through `reports/base.py`, so every page says CONFIDENTIAL,
the print date and "Page N of M", and every name prints in DejaVu Sans exactly as stored.
"""

from __future__ import annotations

from io import BytesIO
from typing import BinaryIO

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak

from cwsw_desktop.reports.base import (
    DocumentInfo,
    build_pdf,
    content_width,
    data_table,
    gap,
    key_values,
    para,
    styles,
    writing_lines,
)
from cwsw_desktop.reports.words import RATING_WORDS, ROLE_WORDS
from cwsw_desktop.rules.dates import format_date
from cwsw_desktop.rules.money import format_pence
from cwsw_desktop.rules.pep import PepKind, PepStatus
from cwsw_desktop.rules.status import SenStatus
from cwsw_desktop.services.pep_pack import PackData

KIND = {
    PepKind.INITIAL: "Initial PEP",
    PepKind.REVIEW: "Termly PEP review",
    PepKind.EXTRA: "Extra PEP meeting",
}
SEN = {"N": "No SEN", "K": "SEN support (K)", "E": "EHCP (E)"}
AGENDA = (
    ("The child's views", "What the child wants to say, in their own words, or how they were gathered."),
    ("Attendance", "This year's attendance, punctuality, any part-time timetable."),
    ("Progress against the last targets", "Rate each of the last PEP's targets (overleaf)."),
    ("SEN / EHCP", "Needs, support in place, the EHCP annual review date."),
    ("Well-being and SDQ", "Emotional well-being, friendships, the latest SDQ, the key adult."),
    ("PP+ use and impact", "What the last PP+ paid for and what difference it made."),
    ("New SMART targets", "Specific, measurable, achievable, relevant, time-bound (overleaf)."),
    ("Actions", "Who does what, by when (overleaf)."),
    ("Next meeting", "Date, time and place of the next PEP."),
)


def _heading_block(data: PackData) -> list[Flowable]:
    st = styles()
    m = data.meeting
    when = format_date(m.meeting_date) + (f" at {m.start_time:%H:%M}" if m.start_time else "")
    status = "" if m.status is PepStatus.PLANNED else f" ({m.status.value})"
    invitees = "; ".join(
        f"{a.name} ({ROLE_WORDS[a.role]})"
        + (" – attended" if m.status is PepStatus.HELD and a.attended else "")
        for a in m.attendees
    )
    return [
        para(f"{KIND[m.kind]}: {data.profile.name}", st.title),
        para(f"{data.school or 'School'} · {data.year_label}{status}", st.muted),
        gap(2),
        key_values(
            [
                ("Pupil", f"{data.profile.name} (legal name {data.profile.legal_name})"),
                ("UPN · date of birth", f"{data.profile.upn} · {format_date(data.profile.date_of_birth)}"),
                ("Date and time", when),
                ("Place", m.place),
                ("Invited", invitees),
                ("Designated Teacher", data.dt_name),
            ],
            widths=(42 * mm, 136 * mm),
        ),
    ]


def _agenda(data: PackData, width: float) -> list[Flowable]:
    st = styles()
    m = data.meeting
    story: list[Flowable] = [para("Agenda", st.h1)]
    prefill = {
        "The child's views": m.child_views,
        "PP+ use and impact": (
            f"Requested {format_pence(m.pp_plus_requested_pence)}, agreed {format_pence(m.pp_plus_agreed_pence)}"
            + (f" for {m.pp_plus_purpose}" if m.pp_plus_purpose else "")
            if m.pp_plus_requested_pence or m.pp_plus_agreed_pence
            else ""
        ),
        "Attendance": f"{data.profile.attendance_pct:.1f}% this year"
        if data.profile.attendance_pct is not None
        else "",
        "Next meeting": format_date(m.next_meeting) if m.next_meeting else "",
    }
    for number, (item, hint) in enumerate(AGENDA, start=1):
        block: list[Flowable] = [para(f"{number}. {item}", st.h2), para(hint, st.muted)]
        if prefill.get(item):
            block.append(para(prefill[item], st.body))
        block.append(writing_lines(2, width, 7 * mm))
        story.append(KeepTogether(block))
    return story


def _blank(count: int) -> list[list[object]]:
    """Empty rows tall enough to write in."""
    return [[gap(9), "", "", ""] for _ in range(count)]


def _previous(data: PackData, width: float) -> list[Flowable]:
    st = styles()
    prev = data.previous
    story: list[Flowable] = [PageBreak(), para("Progress against the last PEP's targets", st.h1)]
    if prev is None:
        story.append(para("No earlier PEP is on record for this pupil.", st.muted))
    else:
        story.append(para(f"Targets set at the PEP held on {format_date(prev.meeting_date)}.", st.muted))
        if prev.targets:
            rows = [
                [t.area or "—", t.description, t.baseline or "—", RATING_WORDS[t.rating], ""]
                for t in prev.targets
            ]
            story.append(
                data_table(
                    ["Area", "Target", "Baseline", "Rating so far", "Rating now / evidence"],
                    rows,
                    [22 * mm, 58 * mm, 32 * mm, 24 * mm, width - 136 * mm],
                )
            )
        else:
            story.append(para("No targets were recorded at that PEP (they may be in the ePEP).", st.muted))
        story.append(para("Open actions", st.h2))
        if prev.open_actions:
            rows = [
                [a.action, a.owner or "—", format_date(a.due) or "—", "☐ done  ☐ carry over"]
                for a in prev.open_actions
            ]
            story.append(
                data_table(
                    ["Action", "Who", "By", "Now"], rows, [78 * mm, 30 * mm, 22 * mm, width - 130 * mm]
                )
            )
        else:
            story.append(para("None open.", st.muted))
    story += [para("New SMART targets", st.h2)]
    targets = [[t.area, t.description, t.baseline, ""] for t in data.meeting.targets] or _blank(4)
    story.append(
        data_table(
            ["Area", "Target", "Baseline", "How we will know"],
            targets,
            [24 * mm, 70 * mm, 40 * mm, width - 134 * mm],
        )
    )
    story.append(para("New actions", st.h2))
    actions = [[a.action, a.owner, format_date(a.due), ""] for a in data.meeting.actions] or _blank(4)
    story.append(
        data_table(
            ["Action", "Who", "By when", "Notes"], actions, [80 * mm, 34 * mm, 22 * mm, width - 136 * mm]
        )
    )
    story += [para("Notes", st.h2), writing_lines(4, width, 7 * mm)]
    return story


def _profile(data: PackData) -> list[Flowable]:
    st = styles()
    p = data.profile
    history = "; ".join(
        f"{e.category} {format_date(e.start_date)}–{format_date(e.end_date) if e.end_date else 'now'}"
        + (f" ({e.responsible_la})" if e.responsible_la else "")
        for e in p.episodes
    )
    contacts = "; ".join(
        f"{c.role}: {c.name}"
        + (f", {c.organisation}" if c.organisation else "")
        + (f", {c.phone}" if c.phone else "")
        for c in p.contacts
    )
    sen = SEN.get(p.sen_status, p.sen_status) + (
        f", annual review {format_date(p.ehcp_review_date)}"
        if p.sen_status == SenStatus.EHCP and p.ehcp_review_date
        else ""
    )
    exclusions = (
        f"{p.suspensions} suspension(s), {p.suspension_days:g} day(s)" if p.suspensions else "No suspensions"
    ) + (f"; {p.permanent_exclusions} permanent exclusion(s)" if p.permanent_exclusions else "")
    sdq = (
        f"{p.latest_sdq.total} ({p.latest_sdq.band}), {p.latest_sdq.version} version, {format_date(p.latest_sdq.taken_on)}"
        if p.latest_sdq
        else "None on record"
    )
    return [
        PageBreak(),
        para(f"Pupil profile: {p.name}", st.h1),
        key_values(
            [
                ("Year group", p.year_group),
                ("Category now", ", ".join(p.categories) or "None"),
                ("Category history", history),
                ("Contacts", contacts),
                ("SEN", sen),
                (
                    "Attendance",
                    f"{p.attendance_pct:.1f}%" if p.attendance_pct is not None else "Not recorded",
                ),
                (f"Exclusions {data.year_label}", exclusions),
                ("Latest SDQ", sdq),
                ("Key adult", p.key_adult or "Not recorded"),
                ("Virtual School adviser", data.vs_adviser),
            ],
            widths=(42 * mm, 136 * mm),
        ),
    ]


def render_pep_pack(data: PackData, out: BinaryIO) -> None:
    info = DocumentInfo(
        title=f"PEP meeting pack – {format_date(data.meeting.meeting_date)}",
        printed_on=data.printed_on,
        subject="Personal Education Plan meeting",
        author=data.dt_name or "Designated Teacher",
        footer_note=f"{data.school} · share only with those at the meeting",
    )
    width = content_width(info)
    story: list[Flowable] = [*_heading_block(data), CondPageBreak(60 * mm), *_agenda(data, width)]
    story += _previous(data, width)
    story += _profile(data)
    build_pdf(out, info, story)


def pep_pack_pdf(data: PackData) -> bytes:
    buffer = BytesIO()
    render_pep_pack(data, buffer)
    return buffer.getvalue()
