from datetime import date

import pytest

from cwsw_desktop.rules.year_group import key_stage, year_group, year_group_label


@pytest.mark.parametrize(
    ("dob", "start_year", "expected"),
    [
        (date(2018, 9, 1), 2023, 0),  # youngest in Reception
        (date(2018, 8, 31), 2023, 1),  # oldest in Year 1
        (date(2018, 12, 31), 2023, 0),
        (date(2019, 1, 1), 2023, 0),
        (date(2019, 8, 31), 2023, 0),
        (date(2019, 9, 1), 2023, -1),
        (date(2009, 9, 1), 2025, 11),
        (date(2010, 8, 31), 2025, 11),
        (date(2010, 9, 1), 2025, 10),
        (date(2012, 2, 29), 2025, 9),
        (date(2007, 9, 1), 2025, 13),
    ],
)
def test_year_group(dob: date, start_year: int, expected: int) -> None:
    assert year_group(dob, start_year) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (-3, "Pre-school"),
        (-2, "Pre-school"),
        (-1, "Nursery"),
        (0, "Reception"),
        (1, "Year 1"),
        (11, "Year 11"),
        (13, "Year 13"),
        (14, "Post-18"),
    ],
)
def test_year_group_label(n: int, expected: str) -> None:
    assert year_group_label(n) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (-1, "EYFS"),
        (0, "EYFS"),
        (1, "KS1"),
        (2, "KS1"),
        (3, "KS2"),
        (6, "KS2"),
        (7, "KS3"),
        (9, "KS3"),
        (10, "KS4"),
        (11, "KS4"),
        (12, "KS5"),
        (13, "KS5"),
        (14, "Post-18"),
    ],
)
def test_key_stage(n: int, expected: str) -> None:
    assert key_stage(n) == expected
