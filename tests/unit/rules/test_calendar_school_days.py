from dataclasses import replace
from datetime import date, timedelta

import pytest

from cwsw_desktop.rules.calendar import (
    AcademicYearDates,
    add_school_days,
    default_terms,
    school_days_between,
)

# Autumn 03/09/2025–19/12/2025, Spring 05/01/2026–27/03/2026, Summer 13/04/2026–22/07/2026
Y2025 = default_terms(2025)
# Autumn 03/09/2026–18/12/2026, ...
Y2026 = default_terms(2026)


@pytest.mark.parametrize(
    ("start", "end", "years", "expected"),
    [
        (date(2025, 9, 1), date(2026, 8, 31), [Y2025], 196),  # 211 weekdays in term, less 3 half terms
        (date(2025, 9, 1), date(2026, 8, 31), [Y2025, Y2025], 196),  # no double counting
        (date(2025, 10, 27), date(2025, 10, 31), [Y2025], 0),  # the October half term
        (date(2025, 10, 24), date(2025, 11, 3), [Y2025], 2),  # Friday before, Monday after
        (date(2025, 12, 19), date(2026, 1, 5), [Y2025], 2),
        (date(2025, 12, 20), date(2026, 1, 4), [Y2025], 0),
        (date(2025, 9, 3), date(2025, 9, 3), [Y2025], 1),
        (date(2025, 9, 6), date(2025, 9, 6), [Y2025], 0),  # a Saturday
        (date(2025, 10, 1), date(2025, 9, 30), [Y2025], 0),  # end before start
        (date(2026, 7, 1), date(2026, 9, 30), [Y2025, Y2026], 36),
        (date(2026, 7, 1), date(2026, 9, 30), [Y2025], 16),
        (date(2026, 7, 1), date(2026, 9, 30), [], 0),
    ],
)
def test_school_days_between(start: date, end: date, years: list[AcademicYearDates], expected: int) -> None:
    assert school_days_between(start, end, years) == expected


@pytest.mark.parametrize(
    ("start", "n", "years", "expected"),
    [
        (date(2025, 9, 3), 0, [Y2025], date(2025, 9, 3)),
        (date(2025, 12, 19), 1, [Y2025], date(2026, 1, 5)),
        (date(2025, 12, 15), 5, [Y2025], date(2026, 1, 5)),
        (date(2025, 10, 6), 50, [Y2025], date(2026, 1, 5)),  # skips the half term and Christmas
        (date(2025, 10, 24), 1, [Y2025], date(2025, 11, 3)),  # Friday before half term
        (date(2025, 11, 3), 50, [Y2025], date(2026, 1, 26)),
        (date(2026, 7, 17), 5, [Y2025, Y2026], date(2026, 9, 4)),
        (date(2026, 7, 17), 5, [Y2025], date(2026, 9, 2)),  # after the years run out: weekdays
        (date(2025, 12, 19), 1, [], date(2025, 12, 22)),
        (date(2026, 1, 5), -1, [Y2025], date(2025, 12, 19)),
    ],
)
def test_add_school_days(start: date, n: int, years: list[AcademicYearDates], expected: date) -> None:
    assert add_school_days(start, n, years) == expected


@pytest.mark.parametrize(
    ("start", "n"),
    [(date(2025, 9, 1), 1), (date(2025, 11, 20), 50), (date(2026, 3, 20), 15), (date(2026, 7, 1), 40)],
)
def test_add_school_days_agrees_with_school_days_between(start: date, n: int) -> None:
    years = [Y2025, Y2026]
    result = add_school_days(start, n, years)
    assert school_days_between(start + timedelta(days=1), result, years) == n
    assert school_days_between(result, result, years) == 1


def _one_day_at_a_time(start: date, n: int, years: list[AcademicYearDates]) -> date:
    """The definition, counted naively: a weekday is a school day outside the years given, and
    inside one only in a term and outside its half term."""

    def is_school_day(d: date) -> bool:
        known = [y for y in years if y.first_day <= d <= y.last_day]
        in_term = any(t.is_school_day(d) for y in known for t in y.terms)
        return d.weekday() < 5 and (in_term or not known)

    step, found = timedelta(days=1 if n >= 0 else -1), start
    for _ in range(abs(n)):
        found += step
        while not is_school_day(found):
            found += step
    return found


@pytest.mark.parametrize(
    "years",
    [[Y2025, Y2026], [Y2026, Y2025], [default_terms(2024), Y2026], [Y2026], []],
    ids=["two-years", "out-of-order", "a-gap-year", "one-year", "none"],
)
def test_add_school_days_counts_as_the_definition_does(years: list[AcademicYearDates]) -> None:
    start = date(2024, 7, 1)
    while start < date(2027, 10, 1):  # into, across and out of the years given, every few days
        for n in (1, 5, 10, 20, 50, -1, -10):
            assert add_school_days(start, n, years) == _one_day_at_a_time(start, n, years), (start, n)
        start += timedelta(days=3)


@pytest.mark.parametrize(
    ("half_term", "message"),
    [
        ((date(2025, 10, 27), date(2025, 10, 31)), None),
        ((date(2025, 10, 31), date(2025, 10, 27)), "Autumn half term ends before it starts"),
        ((date(2025, 8, 25), date(2025, 8, 29)), "Autumn half term must fall inside the Autumn term"),
        ((date(2025, 10, 27), None), "Autumn half term needs both its first and last day"),
        ((None, None), None),
    ],
)
def test_half_term_dates_are_checked(half_term: tuple[date | None, date | None], message: str | None) -> None:
    from dataclasses import replace

    from cwsw_desktop.rules.calendar import validate_year

    autumn = replace(Y2025.terms[0], half_term_start=half_term[0], half_term_end=half_term[1])
    problems = validate_year(AcademicYearDates(2025, (autumn, *Y2025.terms[1:])))
    if message is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problems[0].startswith(message)


@pytest.mark.parametrize(
    "start_year, autumn, spring, summer",
    [
        (2025, date(2025, 10, 27), date(2026, 2, 16), date(2026, 5, 25)),
        (2026, date(2026, 10, 26), date(2027, 2, 15), date(2027, 5, 31)),
        (2027, date(2027, 10, 25), date(2028, 2, 21), date(2028, 5, 29)),
    ],
)
def test_default_half_terms_are_the_usual_england_weeks(
    start_year: int, autumn: date, spring: date, summer: date
) -> None:
    terms = default_terms(start_year).terms
    assert [t.half_term_start for t in terms] == [autumn, spring, summer]
    assert all(t.half_term_end == t.half_term_start + timedelta(days=4) for t in terms if t.half_term_start)


def _moved_autumn(year: AcademicYearDates, weeks: int) -> AcademicYearDates:
    """The same year with its Autumn term starting `weeks` later (as a school editing its dates)."""
    autumn, *rest = year.terms
    moved = replace(autumn, start=autumn.start + timedelta(weeks=weeks))
    return AcademicYearDates(year.start_year, (moved, rest[0], rest[1]))


def test_remembered_answers_follow_the_dates_given_not_the_objects_or_their_order() -> None:
    start = date(2025, 9, 1)
    assert add_school_days(start, 3, [Y2025, Y2026]) == date(2025, 9, 5)
    later = _moved_autumn(Y2025, 1)  # the school's edited dates: a new object, other answers
    assert add_school_days(start, 3, [later, Y2026]) == date(2025, 9, 12)
    assert add_school_days(start, 3, [Y2026, Y2025]) == date(2025, 9, 5)  # any order, the first answers
    again = AcademicYearDates(Y2025.start_year, Y2025.terms)  # the same dates read again
    assert add_school_days(start, 3, [again, Y2026]) == date(2025, 9, 5)
    assert add_school_days(start, 3, (later, Y2026)) == date(2025, 9, 12)
