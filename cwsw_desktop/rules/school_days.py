"""School days for the exclusion clocks: the school's terms (rules/calendar.py) less bank holidays.

The terms and half terms come from `rules/calendar.py`; bank holidays in England (and Wales) come
from the well-kept `holidays` package rather than a hand-written list. A bank holiday inside a
term (the early May one, an extra one for a coronation) is not a school day.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from cwsw_desktop.rules.bank_holidays_eng import ENGLAND
from cwsw_desktop.rules.calendar import (
    AcademicYearDates,
    academic_year_of,
    all_known,
    default_terms,
    term_for_date,
)
from cwsw_desktop.rules.dates import is_weekday

_DAY = timedelta(days=1)


def bank_holidays(calendar_years: Iterable[int]) -> frozenset[date]:
    """Bank holidays in England for the given calendar years: from the package's own dates kept in
    rules/bank_holidays_eng.py for the years it spans (no import of the package), else from it."""
    wanted = list(calendar_years)
    found = {date(y, m, d) for y in wanted if y in ENGLAND for m, d in ENGLAND[y]}
    others = [y for y in wanted if y not in ENGLAND]
    if others:
        import holidays

        found |= set(holidays.country_holidays("GB", subdiv="ENG", years=others).keys())
    return frozenset(found)


@dataclass(frozen=True)
class SchoolDays:
    """The school's calendar: academic years (terms, half terms) and closed days (bank holidays)."""

    years: tuple[AcademicYearDates, ...]
    closed: frozenset[date] = frozenset()
    # Worked out once: the school days of the years known, and (as asked) the answers of
    # `add`, `year_of` and `term_key`, which the exclusion rules ask many times over per child.
    _open: frozenset[date] = field(init=False, repr=False, compare=False)
    _ordered: tuple[date, ...] = field(init=False, repr=False, compare=False)  # _open, in order
    _known: frozenset[int] = field(init=False, repr=False, compare=False)
    _added: dict[tuple[date, int], date] = field(init=False, repr=False, compare=False)
    _year: dict[date, AcademicYearDates] = field(init=False, repr=False, compare=False)
    _term: dict[date, tuple[int, int]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        days = {
            d
            for year in self.years
            for term in year.terms
            for d in term.school_dates()
            if d not in self.closed
        }
        object.__setattr__(self, "_open", frozenset(days))
        object.__setattr__(self, "_ordered", tuple(sorted(days)))
        object.__setattr__(self, "_known", frozenset(y.start_year for y in self.years))
        for memo in ("_added", "_year", "_term"):
            object.__setattr__(self, memo, {})

    @classmethod
    def for_years(cls, years: Sequence[AcademicYearDates]) -> SchoolDays:
        span = {y.start_year for y in years} | {y.start_year + 1 for y in years}
        return cls(tuple(years), bank_holidays(span))

    def is_school_day(self, d: date) -> bool:
        """A weekday, not a bank holiday, inside a term and outside its half term. Outside the
        years known, every weekday that is not a bank holiday counts."""
        if d in self._open:
            return True
        if d in self.closed or not is_weekday(d):
            return False
        return academic_year_of(d) not in self._known

    def add(self, start: date, n: int) -> date:
        """The date `n` school days after `start` (`start` never counts)."""
        found = self._added.get((start, n))
        if found is None:
            found = self._added[(start, n)] = self._counted(start, n)
        return found

    def _counted(self, start: date, n: int) -> date:
        # By bisection over the school days when every academic year passed is known (each of
        # their school days is in `_ordered`, and only those); else a day at a time.
        i = bisect_right(self._ordered, start) + n - 1
        if n > 0 and i < len(self._ordered):
            found = self._ordered[i]
            if all_known(self._known, academic_year_of(start), academic_year_of(found)):
                return found
        current, remaining = start, n
        while remaining > 0:
            current += _DAY
            if self.is_school_day(current):
                remaining -= 1
        return current

    def first_on_or_after(self, d: date) -> date:
        return d if self.is_school_day(d) else self.add(d, 1)

    def nth(self, start: date, n: int) -> date:
        """The `n`th school day counting `start` (or the first school day after it) as day 1."""
        return self.add(self.first_on_or_after(start), n - 1)

    def year_of(self, d: date) -> AcademicYearDates:
        found = self._year.get(d)
        if found is None:
            found = next((y for y in self.years if y.first_day <= d <= y.last_day), None)
            found = self._year[d] = found or default_terms(academic_year_of(d))
        return found

    def term_key(self, d: date) -> tuple[int, int]:
        """(academic start year, term index) that `d` counts against (holidays: the term just ended)."""
        found = self._term.get(d)
        if found is None:
            year = self.year_of(d)
            found = self._term[d] = (year.start_year, year.terms.index(term_for_date(d, year)))
        return found

    def term_label(self, d: date) -> str:
        year = self.year_of(d)
        return f"{term_for_date(d, year).name} {year.label}"
