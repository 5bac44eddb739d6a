"""TermDates.school_dates finds by day number the school days `is_school_day` finds one by one,
and the school days of a set of years (calendar._Days.of, SchoolDays) are those days, on random
terms: any weekday to start or end, half terms missing, half given, inside or not, and terms
running outside their academic year."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from cwsw_desktop.rules.calendar import AcademicYearDates, TermDates, _Days, default_terms
from cwsw_desktop.rules.school_days import SchoolDays, bank_holidays


def _one_by_one(term: TermDates) -> list[date]:
    found, d = [], term.start
    while d <= term.end:
        if term.is_school_day(d):
            found.append(d)
        d += timedelta(days=1)
    return found


def _random_term(rng: random.Random, name: str, after: date) -> TermDates:
    start = after + timedelta(days=rng.randrange(0, 40))
    end = start + timedelta(days=rng.randrange(-3, 110))  # now and then one ending before it starts
    half: tuple[date | None, date | None] = (None, None)
    shape = rng.randrange(5)
    if shape:
        first = start + timedelta(days=rng.randrange(-10, 100))
        last = first + timedelta(days=rng.randrange(-2, 12))
        half = (first, None) if shape == 1 else (None, last) if shape == 2 else (first, last)
    return TermDates(name, start, end, *half)


def _random_year(rng: random.Random, start_year: int) -> AcademicYearDates:
    autumn = _random_term(rng, "Autumn", date(start_year, 8, 20))  # now and then from August
    spring = _random_term(rng, "Spring", autumn.end)
    summer = _random_term(rng, "Summer", spring.end)  # now and then into September
    return AcademicYearDates(start_year, (autumn, spring, summer))


@pytest.mark.parametrize("seed", range(40))
def test_a_terms_school_dates_are_those_found_one_by_one(seed: int) -> None:
    rng = random.Random(seed)
    for term in _random_year(rng, 2015 + seed % 20).terms:
        assert term.school_dates() == _one_by_one(term)


@pytest.mark.parametrize("seed", range(20))
def test_the_school_days_of_several_years_are_those_found_one_by_one(seed: int) -> None:
    rng = random.Random(1000 + seed)
    first = 2018 + seed % 5
    years = tuple(
        default_terms(y) if rng.random() < 0.3 else _random_year(rng, y) for y in range(first, first + 4)
    )
    expected = {d for y in years for t in y.terms for d in _one_by_one(t) if y.first_day <= d <= y.last_day}
    days = _Days.of(years)
    assert days.open == expected
    assert days.ordered == tuple(sorted(expected))
    closed = bank_holidays(range(first, first + 5))
    school = SchoolDays(years, closed)
    assert school._open == {d for y in years for t in y.terms for d in _one_by_one(t) if d not in closed}
    assert school._ordered == tuple(sorted(school._open))
