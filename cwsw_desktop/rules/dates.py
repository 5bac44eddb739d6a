"""Dates as the user types and reads them (dd/mm/yyyy), and plain date arithmetic."""

from __future__ import annotations

import re
from datetime import date, timedelta

_DMY = re.compile(r"(\d{1,2})([/-])(\d{1,2})\2(\d{4})")
_ISO = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)


def parse_date(text: str) -> date:
    """Read a date typed by a user or found in an import.

    Accepts ``dd/mm/yyyy``, ``d/m/yyyy``, ``dd-mm-yyyy`` and ISO ``yyyy-mm-dd`` (an ISO date-time
    keeps its date part). Raises ``ValueError`` with a message fit to show the user.
    """
    cleaned = text.strip()
    if not cleaned:
        raise ValueError("a date is required")
    dmy = _DMY.fullmatch(cleaned)
    iso = _ISO.fullmatch(cleaned)
    if dmy is not None:
        day, month, year = int(dmy.group(1)), int(dmy.group(3)), int(dmy.group(4))
    elif iso is not None:
        year, month, day = int(iso.group(1)), int(iso.group(2)), int(iso.group(3))
    else:
        raise ValueError(f"'{cleaned}' is not a date (use dd/mm/yyyy)")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"{cleaned} is not a date") from None


_SHOWN: dict[date, str] = {}  # format_date's texts (a datetime is never equal to a date: its own)


def format_date(d: date | None) -> str:
    """``03/02/2016``, or an empty string for no date.

    Each date's text is made once and kept (a date is its only input): a list shows thousands of
    dates but few different ones (`due` at 5,000 pupils: 2,753 for a few hundred days), and the
    lookup costs a fraction of formatting three numbers."""
    if d is None:
        return ""
    shown = _SHOWN.get(d)
    if shown is None:
        shown = _SHOWN[d] = f"{d.day:02d}/{d.month:02d}/{d.year:04d}"
    return shown


def add_years(d: date, years: int) -> date:
    """The same day and month ``years`` later (or earlier); 29 February becomes 28 February."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def is_weekday(d: date) -> bool:
    """Monday to Friday."""
    return d.weekday() < 5


def add_working_days(start: date, n: int, holidays: frozenset[date] = frozenset()) -> date:
    """The date ``n`` working days (Monday–Friday, not a holiday) after ``start``.

    ``start`` itself never counts; ``n == 0`` gives ``start``; a negative ``n`` counts back.
    """
    step = timedelta(days=1 if n >= 0 else -1)
    remaining = abs(n)
    current = start
    while remaining:
        current += step
        if is_weekday(current) and current not in holidays:
            remaining -= 1
    return current


def age_on(dob: date, on: date) -> int:
    """Age in whole years on ``on`` (a 29 February birthday comes on 1 March in other years)."""
    before_birthday = (on.month, on.day) < (dob.month, dob.day)
    return on.year - dob.year - int(before_birthday)
