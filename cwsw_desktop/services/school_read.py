"""The school's settings and term dates as the duty sources need them, read as plain rows through
a ``Reader`` (store/reader.py), so that "what is due" and ``cwsw-desktop due`` import no ORM.

services/school.py keeps the editable ``SchoolSettings`` and the academic years; this reads the
same columns, with the same defaults when the school has saved none, and builds the same
``AcademicYearDates`` (the school's dates where set, else the England default pattern).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from cwsw_desktop.rules.calendar import AcademicYearDates, TermDates, academic_year_of, default_terms
from cwsw_desktop.store.reader import Reader


def day(value: Any) -> date | None:
    """A stored date (ISO text, or a date already) as a date; None stays None."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


@dataclass(frozen=True)
class DutySettings:
    """The settings the duty rules read (defaults: those of services.school.SchoolSettings)."""

    name: str = ""
    policy_review: date | None = None
    dt_training_days: float = 2.0
    pep_due_soon_days: int = 14
    persistent_absence_pct: float = 90.0
    training_hours_per_day: float = 6.0
    training_trained_means: str = "this-year"
    consult_scope: str = "looked-after"
    repeated_in_term: int = 2
    repeated_in_year: int = 3
    ap_full_time_hours: float = 32.5
    first_pep_school_days: int = 10


_SETTINGS_SQL = (
    "SELECT name, policy_review, dt_training_days, pep_due_soon_days, persistent_absence_pct, "
    "training_hours_per_day, training_trained_means, consult_scope, repeated_in_term, "
    "repeated_in_year, ap_full_time_hours, first_pep_school_days FROM school WHERE id = 1"
)


def read_settings(r: Reader) -> DutySettings:
    """The school's settings (the defaults when none are saved)."""
    found = r.rows(_SETTINGS_SQL)
    if not found:
        return DutySettings()
    (name, review, dt_days, soon, absence, hours, means, scope, in_term, in_year, ap, first) = found[0]
    return DutySettings(
        name=name,
        policy_review=day(review),
        dt_training_days=float(dt_days),
        pep_due_soon_days=int(soon),
        persistent_absence_pct=float(absence),
        training_hours_per_day=float(hours),
        training_trained_means=means,
        consult_scope=scope,
        repeated_in_term=int(in_term),
        repeated_in_year=int(in_year),
        ap_full_time_hours=float(ap),
        first_pep_school_days=int(first),
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
