from datetime import date

import pytest

from cwsw_desktop.rules.dates import (
    add_working_days,
    add_years,
    age_on,
    format_date,
    parse_date,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03/02/2016", date(2016, 2, 3)),
        ("3/2/2016", date(2016, 2, 3)),
        ("03-02-2016", date(2016, 2, 3)),
        ("3-2-2016", date(2016, 2, 3)),
        ("2016-02-03", date(2016, 2, 3)),
        ("  03/02/2016 \n", date(2016, 2, 3)),
        ("2016-02-03T00:00:00", date(2016, 2, 3)),
        ("2016-02-03 00:00:00", date(2016, 2, 3)),
        ("2016-02-03T10:30:15.123+01:00", date(2016, 2, 3)),
        ("29/02/2024", date(2024, 2, 29)),
        ("31/08/2026", date(2026, 8, 31)),
        ("01/09/2026", date(2026, 9, 1)),
    ],
)
def test_parse_date_accepts(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31/02/2016", "31/02/2016 is not a date"),
        ("29/02/2023", "29/02/2023 is not a date"),
        ("00/01/2020", "00/01/2020 is not a date"),
        ("2016-13-01", "2016-13-01 is not a date"),
        (" 32/01/2020 ", "32/01/2020 is not a date"),
        ("hello", "'hello' is not a date (use dd/mm/yyyy)"),
        ("03/02/16", "'03/02/16' is not a date (use dd/mm/yyyy)"),
        ("03/02-2016", "'03/02-2016' is not a date (use dd/mm/yyyy)"),
        ("2016/02/03", "'2016/02/03' is not a date (use dd/mm/yyyy)"),
        ("", "a date is required"),
        ("   ", "a date is required"),
    ],
)
def test_parse_date_rejects_with_user_message(text: str, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_date(text)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2016, 2, 3), "03/02/2016"),
        (date(2024, 12, 31), "31/12/2024"),
        (date(999, 1, 1), "01/01/0999"),
        (None, ""),
    ],
)
def test_format_date(value: date | None, expected: str) -> None:
    assert format_date(value) == expected


@pytest.mark.parametrize("d", [date(2016, 2, 3), date(2024, 2, 29), date(2026, 8, 31)])
def test_format_then_parse_round_trips(d: date) -> None:
    assert parse_date(format_date(d)) == d


@pytest.mark.parametrize(
    ("d", "years", "expected"),
    [
        (date(2024, 2, 29), 1, date(2025, 2, 28)),
        (date(2024, 2, 29), 4, date(2028, 2, 29)),
        (date(2024, 2, 29), -6, date(2018, 2, 28)),
        (date(2000, 8, 31), 25, date(2025, 8, 31)),
        (date(2023, 3, 1), -1, date(2022, 3, 1)),
    ],
)
def test_add_years(d: date, years: int, expected: date) -> None:
    assert add_years(d, years) == expected


@pytest.mark.parametrize(
    ("start", "n", "holidays", "expected"),
    [
        (date(2026, 3, 2), 0, frozenset(), date(2026, 3, 2)),  # Monday, nothing to add
        (date(2026, 3, 2), 1, frozenset(), date(2026, 3, 3)),
        (date(2026, 3, 6), 1, frozenset(), date(2026, 3, 9)),  # Friday → Monday
        (date(2026, 3, 7), 1, frozenset(), date(2026, 3, 9)),  # Saturday → Monday
        (date(2026, 3, 2), 10, frozenset(), date(2026, 3, 16)),
        (date(2026, 3, 2), 20, frozenset(), date(2026, 3, 30)),
        (date(2026, 4, 2), 1, frozenset({date(2026, 4, 3), date(2026, 4, 6)}), date(2026, 4, 7)),
        (date(2026, 3, 9), -1, frozenset(), date(2026, 3, 6)),
    ],
)
def test_add_working_days(start: date, n: int, holidays: frozenset[date], expected: date) -> None:
    assert add_working_days(start, n, holidays) == expected


@pytest.mark.parametrize(
    ("dob", "on", "expected"),
    [
        (date(2008, 2, 29), date(2026, 2, 28), 17),
        (date(2008, 2, 29), date(2026, 3, 1), 18),
        (date(2008, 2, 29), date(2028, 2, 29), 20),
        (date(2010, 9, 1), date(2026, 8, 31), 15),
        (date(2010, 9, 1), date(2026, 9, 1), 16),
        (date(2020, 6, 15), date(2020, 6, 15), 0),
        (date(2020, 6, 15), date(2021, 6, 14), 0),
    ],
)
def test_age_on(dob: date, on: date, expected: int) -> None:
    assert age_on(dob, on) == expected
