"""Strengths and Difficulties Questionnaire: total difficulties bands and the annual check.

For a child looked after who is 4 to 16 on the date, an SDQ is owed once a year from the last;
the first is owed a year after the child came into care (as the local authority requests), not
on the first day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from cwsw_desktop.rules.dates import add_years
from cwsw_desktop.rules.settling import current_opening

NORMAL, BORDERLINE, CONCERN = "Normal", "Borderline", "Cause for concern"
SDQ_MAX = 40
SDQ_MIN_AGE, SDQ_MAX_AGE = 4, 16  # the ages (on the date) for which an SDQ is owed
SDQ_INTERVAL_YEARS = 1
SDQ_NOTICE_DAYS = 28  # "due" this many days before the date, so the carer can be asked in time
# Highest normal and highest borderline total for each version of the questionnaire.
_CUT_OFFS = {"carer": (13, 16), "teacher": (11, 15)}


def sdq_band(total: int, version: str) -> str:
    """Band of a total difficulties score (0–40) on the ``carer`` or ``teacher`` version."""
    cut_offs = _CUT_OFFS.get(version.strip().lower())
    if cut_offs is None:
        raise ValueError(f"unknown SDQ version '{version}' (use carer or teacher)")
    if not 0 <= total <= SDQ_MAX:
        raise ValueError(f"an SDQ total must be between 0 and {SDQ_MAX}, not {total}")
    normal_to, borderline_to = cut_offs
    if total <= normal_to:
        return NORMAL
    if total <= borderline_to:
        return BORDERLINE
    return CONCERN


def age_on(dob: date, on: date) -> int:
    """Age in whole years on ``on`` (a 29 February birthday counts from 28 February)."""
    return on.year - dob.year - (0 if on >= add_years(dob, on.year - dob.year) else 1)


@dataclass(frozen=True)
class SdqOwed:
    """The SDQ owed on a date: ``due`` is the first date it was owed and not done; ``opens`` is
    when this year's occurrence opened (a contact-log entry from then on settles it)."""

    due: date
    opens: date
    first: bool  # no SDQ yet since coming into care


def sdq_owed(dob: date, in_care_from: date, last: date | None, on: date) -> SdqOwed | None:
    """The SDQ owed on ``on`` for a child looked after since ``in_care_from``, or None.

    None when the child is under 4 or over 16 on ``on``, or the next one is not yet within
    ``SDQ_NOTICE_DAYS``. The next SDQ is a year after the last one taken in this care episode,
    or a year after coming into care when there is none. Unrecorded, it stays owed from that
    date; each further year opens a new occurrence."""
    if not SDQ_MIN_AGE <= age_on(dob, on) <= SDQ_MAX_AGE:
        return None
    since_care = last is not None and last >= in_care_from
    anchor = last if since_care and last is not None else in_care_from
    due = add_years(anchor, SDQ_INTERVAL_YEARS)
    if on < due - timedelta(days=SDQ_NOTICE_DAYS):
        return None
    opens = current_opening(due, on, timedelta(days=SDQ_NOTICE_DAYS), SDQ_INTERVAL_YEARS)
    return SdqOwed(due=due, opens=opens, first=not since_care)


def sdq_due(last: date | None, today: date) -> bool:
    """An SDQ is due if there has never been one, or a year has passed since the last."""
    return last is None or today >= add_years(last, SDQ_INTERVAL_YEARS)
