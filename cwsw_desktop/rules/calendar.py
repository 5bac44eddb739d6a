"""The academic year (1 September – 31 August), its three terms and school days.

The school sets its own term dates; :func:`default_terms` proposes the usual England pattern:

* **Autumn** starts on the first Monday–Thursday on or after 3 September (a Friday, Saturday or
  Sunday moves it to the next Monday) and ends on the last Friday on or before 20 December.
* **Spring** starts on the first Monday–Thursday on or after 4 January (same Friday-to-Monday rule)
  and ends on the Friday a week before Good Friday, so it always ends before Easter.
* **Summer** starts on the Monday a week after Easter Monday (two weeks of holiday with Easter in
  the middle) and ends on 22 July, or the Friday before if 22 July is a weekend.

Each term has a one-week **half term** (Monday to Friday) that is not a school day: in Autumn the
week of the last Monday in October, in Spring the week of the third Monday in February, in Summer
the week of the Spring bank holiday (the last Monday in May). A term still spans its first to its
last day (a PEP in half term counts for that term); only school-day counting skips the half term.
With them, a default year has about 195 school days (the school's own dates, with INSET days,
come to 190).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import TypeVar

from cwsw_desktop.rules.dates import format_date, is_weekday

TERM_NAMES = ("Autumn", "Spring", "Summer")
SCHOOL_DAYS_PER_YEAR = 190

_DAY = timedelta(days=1)


def _weekdays_inclusive(start: date, end: date) -> int:
    """Monday–Friday days from ``start`` to ``end`` inclusive (0 if ``end`` is before ``start``)."""
    if end < start:
        return 0
    days = (end - start).days + 1
    weeks, extra = divmod(days, 7)
    first = start.weekday()
    return weeks * 5 + sum(1 for i in range(extra) if (first + i) % 7 < 5)


@dataclass(frozen=True)
class TermDates:
    """One term, first and last day inclusive, with an optional half-term break inside it."""

    name: str
    start: date
    end: date
    half_term_start: date | None = None
    half_term_end: date | None = None

    def contains(self, d: date) -> bool:
        return self.start <= d <= self.end

    def in_half_term(self, d: date) -> bool:
        return (
            self.half_term_start is not None
            and self.half_term_end is not None
            and self.half_term_start <= d <= self.half_term_end
        )

    def is_school_day(self, d: date) -> bool:
        """A weekday of this term outside its half term."""
        return self.contains(d) and is_weekday(d) and not self.in_half_term(d)

    def school_dates(self) -> list[date]:
        """Its school days in order, those ``is_school_day`` finds one by one, found by day
        number (what is due builds the school days of several years at its first read)."""
        first, last = self.start.toordinal(), self.end.toordinal()
        skip = range(0)
        if self.half_term_start is not None and self.half_term_end is not None:
            skip = range(self.half_term_start.toordinal(), self.half_term_end.toordinal() + 1)
        monday = first - self.start.weekday()
        return [date.fromordinal(n) for n in range(first, last + 1) if (n - monday) % 7 < 5 and n not in skip]

    def school_days(self) -> int:
        """Weekdays from the first to the last day of term, inclusive, less the half term."""
        return _weekdays_inclusive(self.start, self.end) - self._half_term_weekdays(self.start, self.end)

    def _half_term_weekdays(self, start: date, end: date) -> int:
        if self.half_term_start is None or self.half_term_end is None:
            return 0
        return _weekdays_inclusive(max(start, self.half_term_start), min(end, self.half_term_end))


def year_label(start_year: int) -> str:
    """``2025/26``: how every screen and document names an academic year (the command line also
    accepts 2025-26)."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


@dataclass(frozen=True)
class AcademicYearDates:
    """An academic year, named by the calendar year it starts in, and its three terms."""

    start_year: int
    terms: tuple[TermDates, TermDates, TermDates]

    @cached_property
    def label(self) -> str:
        """``2025/26``."""
        return year_label(self.start_year)

    @cached_property
    def first_day(self) -> date:
        return date(self.start_year, 9, 1)

    @cached_property
    def last_day(self) -> date:
        return date(self.start_year + 1, 8, 31)


def academic_year_of(d: date) -> int:
    """The start year of the academic year holding ``d`` (31/08/2026 → 2025, 01/09/2026 → 2026)."""
    return d.year if d.month >= 9 else d.year - 1


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (anonymous Gregorian computus)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _first_start_day(on_or_after: date) -> date:
    """The first Monday–Thursday on or after a date; Friday to Sunday move to the next Monday."""
    weekday = on_or_after.weekday()
    if weekday <= 3:
        return on_or_after
    return on_or_after + timedelta(days=7 - weekday)


def _friday_on_or_before(d: date) -> date:
    return d - timedelta(days=(d.weekday() - 4) % 7)


def _weekday_on_or_before(d: date) -> date:
    while not is_weekday(d):
        d -= _DAY
    return d


def _half_term_week(monday: date) -> tuple[date, date]:
    return monday, monday + timedelta(days=4)


def _last_monday(year: int, month: int) -> date:
    last = date(year + month // 12, month % 12 + 1, 1) - _DAY
    return last - timedelta(days=last.weekday())


def _third_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7 + 14)


def default_terms(start_year: int) -> AcademicYearDates:
    """The usual England term dates for the academic year starting in ``start_year``."""
    easter = easter_sunday(start_year + 1)
    good_friday = easter - timedelta(days=2)
    easter_monday = easter + _DAY
    autumn = TermDates(
        "Autumn",
        _first_start_day(date(start_year, 9, 3)),
        _friday_on_or_before(date(start_year, 12, 20)),
        *_half_term_week(_last_monday(start_year, 10)),
    )
    spring = TermDates(
        "Spring",
        _first_start_day(date(start_year + 1, 1, 4)),
        good_friday - timedelta(days=7),
        *_half_term_week(_third_monday(start_year + 1, 2)),
    )
    summer = TermDates(
        "Summer",
        easter_monday + timedelta(days=7),
        _weekday_on_or_before(date(start_year + 1, 7, 22)),
        *_half_term_week(_last_monday(start_year + 1, 5)),
    )
    return AcademicYearDates(start_year, (autumn, spring, summer))


def validate_year(year: AcademicYearDates) -> list[str]:
    """Problems with a year's term dates, as messages for the user; empty when all is well."""
    terms = tuple(year.terms)
    errors: list[str] = []
    if len(terms) != len(TERM_NAMES):
        errors.append(f"a year needs exactly 3 terms (Autumn, Spring, Summer), not {len(terms)}")
    for index, (term, expected) in enumerate(zip(terms, TERM_NAMES, strict=False), start=1):
        if term.name != expected:
            errors.append(f"term {index} should be called {expected}, not '{term.name}'")
    for term in terms:
        before = len(errors)
        if term.end < term.start:
            errors.append(f"{term.name} term ends before it starts")
        if term.start < year.first_day:
            errors.append(
                f"{term.name} term starts before {format_date(year.first_day)}, outside {year.label}"
            )
        if term.end > year.last_day:
            errors.append(f"{term.name} term ends after {format_date(year.last_day)}, outside {year.label}")
        if len(errors) == before:  # the half term is checked once its term is sound
            errors += _half_term_errors(term)
    for i, earlier in enumerate(terms):
        for later in terms[i + 1 :]:
            if later.start < earlier.start:
                errors.append(f"{later.name} term starts before the {earlier.name} term")
            elif later.start <= earlier.end and later.start <= later.end:
                errors.append(f"{later.name} term overlaps the {earlier.name} term")
    return errors


def _half_term_errors(term: TermDates) -> list[str]:
    first, last = term.half_term_start, term.half_term_end
    if first is None and last is None:
        return []
    if first is None or last is None:
        return [f"{term.name} half term needs both its first and last day"]
    if last < first:
        return [f"{term.name} half term ends before it starts"]
    if first <= term.start or last >= term.end:
        return [
            f"{term.name} half term must fall inside the {term.name} term "
            f"({format_date(term.start)} to {format_date(term.end)})"
        ]
    return []


def term_of(d: date, year: AcademicYearDates) -> TermDates | None:
    """The term containing ``d``, or ``None`` in the holidays."""
    for term in year.terms:
        if term.contains(d):
            return term
    return None


def term_for_date(d: date, year: AcademicYearDates) -> TermDates:
    """The term ``d`` counts against: the term containing it, else the term that most recently
    ended before it, else (before the Autumn term starts) the first term."""
    containing = term_of(d, year)
    if containing is not None:
        return containing
    ended = [term for term in year.terms if term.end < d]
    if ended:
        return max(ended, key=lambda term: term.end)
    return year.terms[0]


def school_days_between(start: date, end: date, years: Sequence[AcademicYearDates]) -> int:
    """Weekdays from ``start`` to ``end`` inclusive that fall inside any term of ``years``."""
    spans = sorted(
        (max(start, term.start), min(end, term.end))
        for year in years
        for term in year.terms
        if max(start, term.start) <= min(end, term.end)
    )
    terms = {(max(start, t.start), min(end, t.end)): t for y in years for t in y.terms}
    total = 0
    covered_to: date | None = None
    for span_start, span_end in spans:
        term = terms[(span_start, span_end)]
        if covered_to is not None and span_start <= covered_to:
            span_start = covered_to + _DAY
        if span_start <= span_end:
            total += _weekdays_inclusive(span_start, span_end) - term._half_term_weekdays(
                span_start, span_end
            )
            covered_to = span_end
    return total


def all_known(known: frozenset[int], first: int, last: int) -> bool:
    """Whether each academic year from ``first`` to ``last`` is in ``known`` (a count of school
    days mostly ends in the year it starts in: then one look-up, no generator)."""
    return first in known and (first == last or all(y in known for y in range(first + 1, last + 1)))


@dataclass(frozen=True)
class _Days:
    """What add_school_days needs to know of a set of years, worked out once: their school days,
    and which academic years they cover (outside them every weekday counts)."""

    years: tuple[AcademicYearDates, ...]
    open: frozenset[date]
    known: frozenset[int]  # start years
    ordered: tuple[date, ...]  # the open days, in order

    @classmethod
    def of(cls, years: Sequence[AcademicYearDates]) -> _Days:
        days: set[date] = set()
        for year in years:
            first, last = year.first_day, year.last_day
            for term in year.terms:  # a day checked only when its term runs outside its year
                found = term.school_dates()
                inside = first <= term.start and term.end <= last
                days.update(found if inside else (d for d in found if first <= d <= last))
        return cls(tuple(years), frozenset(days), frozenset(y.start_year for y in years), tuple(sorted(days)))

    def is_school_day(self, d: date) -> bool:
        if d in self.open:
            return True
        return d.weekday() < 5 and academic_year_of(d) not in self.known

    def add(self, start: date, n: int) -> date:
        """`n` (> 0) school days after `start`, by bisection while every year passed is known."""
        i = bisect_right(self.ordered, start) + n - 1
        if i < len(self.ordered):
            found = self.ordered[i]
            if all_known(self.known, academic_year_of(start), academic_year_of(found)):
                return found
        return self.walk(start, n)

    def walk(self, start: date, n: int) -> date:
        """`n` school days after (or, when negative, before) `start`, a day at a time."""
        step = _DAY if n >= 0 else -_DAY
        remaining = abs(n)
        found = start
        while remaining:
            found += step
            if self.is_school_day(found):
                remaining -= 1
        return found


def add_school_days(start: date, n: int, years: Sequence[AcademicYearDates]) -> date:
    """The date ``n`` school days after ``start`` (``start`` itself never counts).

    Outside the academic years given, every weekday counts as a school day. A negative ``n``
    counts back. Answers are remembered for the same year objects (the duty rules ask the same
    few questions thousands of times over a large store; the years are frozen, so this is safe),
    and each set of years has its school days worked out once.
    """
    days, answers = _answers_for(years)
    key = (start, n)
    found = answers.get(key)
    if found is None:
        found = answers[key] = days.add(start, n) if n > 0 else days.walk(start, n)
    return found


# The answers of add_school_days for the last few sets of years, found by the years' identity
# (hashing the frozen dates on every call cost more than the counting it saved), in any order
# (the answers do not depend on it). Each entry keeps its years, so an id cannot be reused while
# the entry lives. A set not seen by identity is looked up by its dates (the same years read
# again for the next question, or by another duty source), so its school days are worked out
# once, not once per read.
_Answers = tuple[_Days, dict[tuple[date, int], date]]
_ANSWERS: dict[frozenset[int], tuple[tuple[AcademicYearDates, ...], _Answers]] = {}
_BY_DATES: dict[frozenset[AcademicYearDates], _Answers] = {}
_ANSWER_SETS = 32
_K = TypeVar("_K")
_V = TypeVar("_V")


def _answers_for(years: Sequence[AcademicYearDates]) -> _Answers:
    if isinstance(years, tuple):  # a tuple cannot change: found by its own identity first
        known = _BY_TUPLE.get(id(years))
        if known is not None and known[0] is years:
            return known[1]
    key = frozenset(map(id, years))
    entry = _ANSWERS.get(key)
    if entry is None:
        dates = frozenset(years)
        answers = _BY_DATES.get(dates)
        if answers is None:
            answers = _remember(_BY_DATES, dates, (_Days.of(years), {}))
        entry = _remember(_ANSWERS, key, (tuple(years), answers))
    if isinstance(years, tuple):
        _remember(_BY_TUPLE, id(years), (years, entry[1]))
    return entry[1]


# The same answers by the identity of the tuple of years asked about (the duty rules ask with
# the same few tuples for every child; making the set of ids cost more than the answer). Each
# entry keeps its tuple, so an id cannot be reused while the entry lives.
_BY_TUPLE: dict[int, tuple[tuple[AcademicYearDates, ...], _Answers]] = {}


def _remember(memo: dict[_K, _V], key: _K, value: _V) -> _V:
    """Keep `value` under `key`, forgetting the oldest entry when `memo` is full."""
    if len(memo) >= _ANSWER_SETS:
        memo.pop(next(iter(memo)), None)  # (None: another thread forgot it first)
    memo[key] = value
    return value
