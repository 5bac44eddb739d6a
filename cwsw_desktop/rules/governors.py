"""Periods of the Report to Governors: a year or one term, its census day, and who counts in it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from cwsw_desktop.rules.calendar import TERM_NAMES, AcademicYearDates, TermDates, year_label
from cwsw_desktop.rules.dates import add_years
from cwsw_desktop.rules.status import PRECEDENCE, PREVIOUS, PREVIOUS_CSW_YEARS, Episode

REPORT_CATEGORIES = ("CLA", "PLA", "CIN", "CP", PREVIOUS)
_SOCIAL_WORKER = frozenset({"CLA", "CIN", "CP"})
# The school census is taken on a Thursday: the first in October, the third in January and May.
_CENSUS = {"Autumn": (0, 10, 1), "Spring": (1, 1, 3), "Summer": (1, 5, 3)}


def census_day(start_year: int, term: str) -> date:
    """The school census day of a term: 02/10/2025 (Autumn 2025/26), 15/01/2026, 21/05/2026."""
    offset, month, nth = _CENSUS[term]
    first = date(start_year + offset, month, 1)
    first_thursday = first + timedelta(days=(3 - first.weekday()) % 7)
    return first_thursday + timedelta(weeks=nth - 1)


def parse_year_label(text: str) -> int:
    """``2025-26``, ``2025/26`` or ``2025`` -> 2025. Raises ValueError naming the problem."""
    cleaned = text.strip().replace("/", "-")
    head, _, tail = cleaned.partition("-")
    if not head.isdigit() or len(head) != 4 or (tail and (not tail.isdigit() or len(tail) not in (2, 4))):
        raise ValueError(f"'{text}' is not an academic year (write it like 2025-26)")
    start = int(head)
    if tail and int(tail) % 100 != (start + 1) % 100:
        raise ValueError(f"'{text}' is not an academic year: {tail} does not follow {start}")
    return start


@dataclass(frozen=True)
class Period:
    """The span a report covers: a whole academic year, or one term of it."""

    year: AcademicYearDates
    term: str | None = None

    @property
    def first(self) -> date:
        if self.term is None or self.term == TERM_NAMES[0]:
            return self.year.first_day
        return self._term(self.term).start

    @property
    def last(self) -> date:
        """The last day: a term runs until the day before the next term starts (the summer term
        and the year until 31 August)."""
        if self.term is None or self.term == TERM_NAMES[-1]:
            return self.year.last_day
        following = TERM_NAMES[TERM_NAMES.index(self.term) + 1]
        return self._term(following).start - timedelta(days=1)

    @property
    def terms(self) -> tuple[str, ...]:
        return TERM_NAMES if self.term is None else (self.term,)

    @property
    def label(self) -> str:
        year = year_label(self.year.start_year)
        return year if self.term is None else f"{self.term} term {year}"

    @property
    def census(self) -> date:
        """The census day the cohort is counted on: Autumn's for a year, else the term's."""
        return census_day(self.year.start_year, self.term or TERM_NAMES[0])

    def term_window(self, term: str) -> tuple[date, date]:
        return Period(self.year, term).first, Period(self.year, term).last

    def _term(self, name: str) -> TermDates:
        return next(t for t in self.year.terms if t.name == name)

    def __post_init__(self) -> None:
        if self.term is not None and self.term not in TERM_NAMES:
            raise ValueError(f"'{self.term}' is not a term (use autumn, spring or summer)")


def overlaps(start: date, end: date | None, first: date, last: date) -> bool:
    return start <= last and (end is None or end >= first)


def cohort_during(episodes: Sequence[Episode], first: date, last: date) -> str | None:
    """The category a child counts under over ``first``–``last``: the most important one open on
    any day of it (CLA, CP, CIN, PLA), else ``"Previous"`` if a CLA, CIN or CP episode ended within
    6 years before any day of it, else ``None``."""
    open_in = {e.category for e in episodes if overlaps(e.start, e.end, first, last)}
    for category in PRECEDENCE:
        if category in open_in:
            return category
    for e in episodes:
        if (
            e.category in _SOCIAL_WORKER
            and e.end is not None
            and e.end <= last
            and add_years(e.end, PREVIOUS_CSW_YEARS) >= first
        ):
            return PREVIOUS
    return None
