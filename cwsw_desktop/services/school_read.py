"""The school's settings and term dates as the duty sources need them, read as plain rows through
a ``Reader`` (store/reader.py), so that "what is due" and ``cwsw-desktop due`` import no ORM.

services/school.py saves the ``SchoolSettings`` (rules/settings.py) and the academic years; this
reads the same columns into the same class (its defaults when the school has saved none), and
builds the same
``AcademicYearDates`` (the school's dates where set, else the England default pattern).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from datetime import date
from typing import Any, get_args, get_type_hints

from cwsw_desktop.rules.calendar import AcademicYearDates, TermDates, academic_year_of, default_terms
from cwsw_desktop.rules.settings import SchoolSettings
from cwsw_desktop.store.reader import Reader


def day(value: Any) -> date | None:
    """A stored date (ISO text, or a date already) as a date; None stays None."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


_HINTS = get_type_hints(SchoolSettings)
_FIELDS = [f.name for f in fields(SchoolSettings)]
_SETTINGS_SQL = "SELECT " + ", ".join(_FIELDS) + " FROM school WHERE id = 1"


def _setting(name: str, value: Any) -> Any:
    """A stored value as its SchoolSettings field's type (SQLite keeps dates as text, booleans as 0/1)."""
    if value is None:
        return None
    kind = _HINTS[name]
    if date in get_args(kind) or kind is date:
        return day(value)
    if kind is bool:
        return bool(value)
    if kind is float:
        return float(value)
    return value


def read_settings(r: Reader) -> SchoolSettings:
    """The school's settings, every one of them (the defaults when none are saved)."""
    found = r.rows(_SETTINGS_SQL)
    if not found:
        return SchoolSettings()
    return SchoolSettings(
        **{name: _setting(name, value) for name, value in zip(_FIELDS, found[0], strict=True)}
    )


_TERMS = ("autumn", "spring", "summer")
_YEARS_SQL = (
    "SELECT start_year, "
    + ", ".join(f"{t}_start, {t}_end, {t}_half_start, {t}_half_end" for t in _TERMS)
    + " FROM academic_year"
)


def _term(name: str, start: str, end: str, half_start: str | None, half_end: str | None) -> TermDates:
    return TermDates(name, date.fromisoformat(start), date.fromisoformat(end), day(half_start), day(half_end))


def saved_years(r: Reader) -> dict[int, AcademicYearDates]:
    """Every academic year the school has set, by start year."""
    return {
        int(row[0]): AcademicYearDates(
            int(row[0]), (_term("Autumn", *row[1:5]), _term("Spring", *row[5:9]), _term("Summer", *row[9:13]))
        )
        for row in r.rows(_YEARS_SQL)
    }


def years_between(saved: dict[int, AcademicYearDates], starts: Iterable[int]) -> list[AcademicYearDates]:
    """The years starting in `starts`: the school's dates where set, else the default pattern."""
    return [saved.get(y) or default_terms(y) for y in starts]


def read_years_around(r: Reader, on: date, back: int = 7, ahead: int = 1) -> list[AcademicYearDates]:
    """As services.school.years_around: from `back` years before `on`'s to `ahead` after."""
    current = academic_year_of(on)
    return years_between(saved_years(r), range(current - back, current + ahead + 1))
