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
        (date(2025, 9, 1), date(2026, 8, 31), [Y2025], 211),
        (date(2025, 9, 1), date(2026, 8, 31), [Y2025, Y2025], 211),  # no double counting
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
def test_school_days_between(
    start: date, end: date, years: list[AcademicYearDates], expected: int
) -> None:
    assert school_days_between(start, end, years) == expected


@pytest.mark.parametrize(
    ("start", "n", "years", "expected"),
    [
        (date(2025, 9, 3), 0, [Y2025], date(2025, 9, 3)),
        (date(2025, 12, 19), 1, [Y2025], date(2026, 1, 5)),
        (date(2025, 12, 15), 5, [Y2025], date(2026, 1, 5)),
        (date(2025, 10, 6), 50, [Y2025], date(2025, 12, 15)),
        (date(2025, 11, 3), 50, [Y2025], date(2026, 1, 26)),
        (date(2026, 7, 17), 5, [Y2025, Y2026], date(2026, 9, 4)),
        (date(2026, 7, 17), 5, [Y2025], date(2026, 9, 2)),  # after the years run out: weekdays
        (date(2025, 12, 19), 1, [], date(2025, 12, 22)),
        (date(2026, 1, 5), -1, [Y2025], date(2025, 12, 19)),
    ],
)
def test_add_school_days(
    start: date, n: int, years: list[AcademicYearDates], expected: date
) -> None:
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
