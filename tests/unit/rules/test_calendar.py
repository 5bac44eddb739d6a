from dataclasses import replace
from datetime import date, timedelta

import pytest

from cwsw_desktop.rules import governors
from cwsw_desktop.rules.calendar import (
    TERM_NAMES,
    AcademicYearDates,
    TermDates,
    academic_year_of,
    default_terms,
    easter_sunday,
    term_for_date,
    term_of,
    validate_year,
    year_label,
)

Y2025 = default_terms(2025)
Y2026 = default_terms(2026)
AUTUMN_25, SPRING_26, SUMMER_26 = Y2025.terms


def _terms(year: AcademicYearDates) -> list[tuple[str, date, date]]:
    return [(term.name, term.start, term.end) for term in year.terms]


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 8, 31), 2025),
        (date(2026, 9, 1), 2026),
        (date(2026, 1, 1), 2025),
        (date(2025, 12, 31), 2025),
        (date(2024, 2, 29), 2023),
    ],
)
def test_academic_year_of(d: date, expected: int) -> None:
    assert academic_year_of(d) == expected


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (1818, date(1818, 3, 22)),  # earliest possible
        (1943, date(1943, 4, 25)),  # latest possible
        (2000, date(2000, 4, 23)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2035, date(2035, 3, 25)),
        (2038, date(2038, 4, 25)),
    ],
)
def test_easter_sunday(year: int, expected: date) -> None:
    assert easter_sunday(year) == expected


@pytest.mark.parametrize(
    ("start_year", "label", "first_day", "last_day"),
    [
        (2025, "2025/26", date(2025, 9, 1), date(2026, 8, 31)),
        (1999, "1999/00", date(1999, 9, 1), date(2000, 8, 31)),
        (2009, "2009/10", date(2009, 9, 1), date(2010, 8, 31)),
    ],
)
def test_year_label_and_bounds(start_year: int, label: str, first_day: date, last_day: date) -> None:
    year = default_terms(start_year)
    assert (year.label, year.first_day, year.last_day) == (label, first_day, last_day)
    # one name for a year on every screen and document (the governors' report said 2025-26)
    assert year_label(start_year) == governors.year_label(start_year) == label


@pytest.mark.parametrize(
    ("start_year", "expected"),
    [
        (
            2025,
            [
                ("Autumn", date(2025, 9, 3), date(2025, 12, 19)),
                ("Spring", date(2026, 1, 5), date(2026, 3, 27)),
                ("Summer", date(2026, 4, 13), date(2026, 7, 22)),
            ],
        ),
        (
            2026,
            [
                ("Autumn", date(2026, 9, 3), date(2026, 12, 18)),
                ("Spring", date(2027, 1, 4), date(2027, 3, 19)),
                ("Summer", date(2027, 4, 5), date(2027, 7, 22)),
            ],
        ),
        (  # 3 Sep 2021 is a Friday: start the next Monday; 22 Jul 2022 is a Friday
            2021,
            [
                ("Autumn", date(2021, 9, 6), date(2021, 12, 17)),
                ("Spring", date(2022, 1, 4), date(2022, 4, 8)),
                ("Summer", date(2022, 4, 25), date(2022, 7, 22)),
            ],
        ),
        (  # 20 Dec 2022 is a Tuesday; 22 Jul 2023 is a Saturday
            2022,
            [
                ("Autumn", date(2022, 9, 5), date(2022, 12, 16)),
                ("Spring", date(2023, 1, 4), date(2023, 3, 31)),
                ("Summer", date(2023, 4, 17), date(2023, 7, 21)),
            ],
        ),
        (  # 20 Dec 2024 is a Friday; 4 Jan 2025 a Saturday
            2024,
            [
                ("Autumn", date(2024, 9, 3), date(2024, 12, 20)),
                ("Spring", date(2025, 1, 6), date(2025, 4, 11)),
                ("Summer", date(2025, 4, 28), date(2025, 7, 22)),
            ],
        ),
    ],
)
def test_default_terms_pinned(start_year: int, expected: list[tuple[str, date, date]]) -> None:
    assert _terms(default_terms(start_year)) == expected


@pytest.mark.parametrize("start_year", range(2020, 2041))
def test_default_terms_invariants(start_year: int) -> None:
    year = default_terms(start_year)
    autumn, spring, summer = year.terms
    easter = easter_sunday(start_year + 1)
    assert validate_year(year) == []
    assert tuple(term.name for term in year.terms) == TERM_NAMES
    assert year.first_day < autumn.start < autumn.end < spring.start < spring.end
    assert spring.end < summer.start < summer.end < year.last_day
    assert all(term.start.weekday() < 4 and term.end.weekday() < 5 for term in year.terms)
    assert autumn.start.month == 9 and autumn.start.day <= 7
    assert autumn.end.weekday() == 4 and date(start_year, 12, 14) <= autumn.end
    assert spring.end < easter - timedelta(days=2) < easter + timedelta(days=1) < summer.start
    assert (summer.start - spring.end).days == 17  # Friday to Monday, two weeks off
    assert date(start_year + 1, 7, 20) <= summer.end <= date(start_year + 1, 7, 22)
    # with a week's half term in each term: close to the 190 pupil days (+ INSET days)
    assert 185 <= sum(term.school_days() for term in year.terms) <= 200


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        (TermDates("Spring", date(2026, 1, 5), date(2026, 1, 9)), 5),
        (TermDates("Spring", date(2026, 1, 3), date(2026, 1, 4)), 0),  # a weekend
        (TermDates("Spring", date(2026, 1, 9), date(2026, 1, 5)), 0),  # back to front
        (TermDates("Spring", date(2026, 1, 2), date(2026, 1, 12)), 7),
        (AUTUMN_25, 73),  # 78 weekdays less the October half term
        (SPRING_26, 55),  # 60 less the February half term
        (SUMMER_26, 68),  # 73 less the Spring bank holiday week
    ],
)
def test_term_school_days(term: TermDates, expected: int) -> None:
    assert term.school_days() == expected


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2025, 9, 2), False),
        (date(2025, 9, 3), True),
        (date(2025, 12, 19), True),
        (date(2025, 12, 20), False),
    ],
)
def test_term_contains(d: date, expected: bool) -> None:
    assert AUTUMN_25.contains(d) is expected


def _year_2026_with(index: int, start: date | None = None, end: date | None = None) -> AcademicYearDates:
    terms = list(Y2026.terms)
    term = terms[index]
    terms[index] = replace(term, start=start or term.start, end=end or term.end)
    return AcademicYearDates(2026, (terms[0], terms[1], terms[2]))


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (Y2026, []),
        (_year_2026_with(1, end=date(2027, 1, 1)), ["Spring term ends before it starts"]),
        (_year_2026_with(1, start=date(2026, 12, 10)), ["Spring term overlaps the Autumn term"]),
        (_year_2026_with(1, start=date(2026, 12, 18)), ["Spring term overlaps the Autumn term"]),
        (_year_2026_with(1, start=date(2026, 12, 19)), []),
        (_year_2026_with(2, start=date(2027, 3, 1)), ["Summer term overlaps the Spring term"]),
        (
            _year_2026_with(2, end=date(2027, 9, 1)),
            ["Summer term ends after 31/08/2027, outside 2026/27"],
        ),
        (_year_2026_with(2, end=date(2027, 8, 31)), []),
        (
            _year_2026_with(0, start=date(2026, 8, 31)),
            ["Autumn term starts before 01/09/2026, outside 2026/27"],
        ),
        (
            AcademicYearDates(2026, (Y2026.terms[1], Y2026.terms[0], Y2026.terms[2])),
            [
                "term 1 should be called Autumn, not 'Spring'",
                "term 2 should be called Spring, not 'Autumn'",
                "Autumn term starts before the Spring term",
            ],
        ),
        (
            AcademicYearDates(2026, (Y2026.terms[0], Y2026.terms[1])),  # type: ignore[arg-type]
            ["a year needs exactly 3 terms (Autumn, Spring, Summer), not 2"],
        ),
        (
            _year_2026_with(2, start=date(2027, 12, 1), end=date(2028, 1, 1)),
            ["Summer term ends after 31/08/2027, outside 2026/27"],
        ),
    ],
)
def test_validate_year(year: AcademicYearDates, expected: list[str]) -> None:
    assert validate_year(year) == expected


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2025, 9, 2), None),
        (date(2025, 9, 3), "Autumn"),
        (date(2025, 12, 19), "Autumn"),
        (date(2025, 12, 20), None),
        (date(2026, 1, 5), "Spring"),
        (date(2026, 3, 27), "Spring"),
        (date(2026, 4, 1), None),
        (date(2026, 4, 13), "Summer"),
        (date(2026, 7, 22), "Summer"),
        (date(2026, 7, 23), None),
    ],
)
def test_term_of(d: date, expected: str | None) -> None:
    term = term_of(d, Y2025)
    assert (term.name if term else None) == expected


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2025, 9, 1), "Autumn"),  # before term starts: the first term
        (date(2025, 10, 1), "Autumn"),
        (date(2025, 12, 25), "Autumn"),  # Christmas holiday counts against Autumn
        (date(2026, 1, 5), "Spring"),
        (date(2026, 4, 1), "Spring"),  # Easter holiday counts against Spring
        (date(2026, 7, 22), "Summer"),
        (date(2026, 8, 31), "Summer"),
    ],
)
def test_term_for_date(d: date, expected: str) -> None:
    assert term_for_date(d, Y2025).name == expected
