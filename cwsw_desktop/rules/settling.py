"""When a duty counts as done: a contact-log entry settles one occurrence of a duty.

A duty recurs (an SDQ or an EHCP review every year). Each occurrence opens on a date; a
contact-log entry about the duty's kind for the same child, dated from that opening up to the
day asked about, settles it until the next occurrence opens. An attendance concern is settled
for `ATTENDANCE_SETTLED_FOR` after the entry, or until the figure moves to another band (the
other band is another kind of duty, so an entry about the old band does not settle it).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from cwsw_desktop.rules.dates import add_years
from cwsw_desktop.rules.duties import Severity

ATTENDANCE_SETTLED_FOR = timedelta(weeks=6)


def current_opening(first_due: date, on: date, notice: timedelta, every_years: int = 1) -> date:
    """When the occurrence current on ``on`` opened: ``first_due - notice``, moved on a year at a
    time while the next one has opened by ``on``."""
    years = 0
    while add_years(first_due, years + every_years) - notice <= on:
        years += every_years
    return add_years(first_due, years) - notice


def attendance_opening(on: date) -> date:
    """The earliest entry date that still settles an attendance concern on ``on``."""
    return on - ATTENDANCE_SETTLED_FOR + timedelta(days=1)


def is_settled(logged_on: Iterable[date], opens: date, on: date) -> bool:
    """Whether any entry (about this duty's kind and child) falls between ``opens`` and ``on``."""
    return any(opens <= d <= on for d in logged_on)


def severity_by_date(due: date, on: date) -> Severity:
    """Overdue after its date, due up to and on it."""
    return Severity.OVERDUE if on > due else Severity.DUE
