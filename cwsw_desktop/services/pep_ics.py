"""PEP meetings as an iCalendar (.ics) file for Outlook: one event per meeting.

Each event's UID is made from the meeting's id and the store's own identity, so exporting again
and importing into Outlook updates the same appointments instead of duplicating them. Titles
carry the child's initials only, never the name, because calendars get shared.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event  # type: ignore[import-untyped]  # no type hints shipped
from sqlalchemy import Engine

from cwsw_desktop.rules.calendar import AcademicYearDates, TermDates
from cwsw_desktop.rules.pep import PepKind, PepStatus
from cwsw_desktop.services import audit
from cwsw_desktop.services.pep_types import MeetingRow
from cwsw_desktop.services.peps import meetings
from cwsw_desktop.services.school import load_settings

LONDON = ZoneInfo("Europe/London")
MEETING_LENGTH = timedelta(hours=1)
_KIND = {PepKind.INITIAL: "Initial PEP", PepKind.REVIEW: "PEP review", PepKind.EXTRA: "PEP meeting"}


def _uid(row: MeetingRow, school_id: str) -> str:
    return f"pep-{row.id}@{school_id}.cwsw-desktop"


def _event(row: MeetingRow, school_id: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", _uid(row, school_id))
    event.add("dtstamp", stamp)
    event.add("summary", f"{_KIND[row.kind]} – {row.initials}")
    if row.start_time is not None:
        start = datetime.combine(row.meeting_date, row.start_time, tzinfo=LONDON)
        event.add("dtstart", start)
        event.add("dtend", start + MEETING_LENGTH)
    else:
        event.add("dtstart", row.meeting_date)
        event.add("dtend", row.meeting_date + timedelta(days=1))
    if row.place:
        event.add("location", row.place)
    called_off = row.status in (PepStatus.CANCELLED, PepStatus.POSTPONED)
    event.add("status", "CANCELLED" if called_off else "CONFIRMED")
    event.add(
        "description", f"Personal Education Plan meeting ({row.status.value}). Details in CWSW Desktop."
    )
    return event


def calendar_ics(engine: Engine, start: date, end: date, stamp: datetime | None = None) -> tuple[bytes, int]:
    """The meetings from ``start`` to ``end`` as .ics bytes, and how many there are."""
    settings = load_settings(engine)
    school_id = settings.urn or "school"
    cal = Calendar()
    cal.add("prodid", "-//CWSW Desktop//PEP calendar//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "PEP meetings")
    rows = meetings(engine, start, end)
    when = stamp or datetime.now(LONDON)
    for row in rows:
        cal.add_component(_event(row, school_id, when))
    return cal.to_ical(), len(rows)


def span_of(year: AcademicYearDates, term: str | None = None) -> tuple[date, date]:
    """The dates a year, or one of its terms (with its holiday after), covers."""
    if term is None:
        return year.first_day, year.last_day
    terms: tuple[TermDates, ...] = year.terms
    names = [t.name.casefold() for t in terms]
    index = names.index(term.casefold())
    end = terms[index + 1].start - timedelta(days=1) if index + 1 < len(terms) else year.last_day
    return terms[index].start, end


def record_export(engine: Engine, count: int, where: str) -> None:
    audit.log_event(engine, "export", "pep_meeting", detail=f"PEP calendar (.ics), {count} meetings: {where}")
