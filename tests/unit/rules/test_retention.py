from datetime import date

import pytest

from cwsw_desktop.rules.retention import is_due_for_review, retention_review_date


@pytest.mark.parametrize(
    ("dob", "expected"),
    [
        (date(2000, 8, 31), date(2025, 8, 31)),
        (date(2008, 2, 29), date(2033, 2, 28)),
        (date(2003, 2, 28), date(2028, 2, 28)),
        (date(2011, 12, 31), date(2036, 12, 31)),
    ],
)
def test_retention_review_date(dob: date, expected: date) -> None:
    assert retention_review_date(dob) == expected


@pytest.mark.parametrize(
    ("dob", "today", "expected"),
    [
        (date(2000, 8, 31), date(2025, 8, 30), False),
        (date(2000, 8, 31), date(2025, 8, 31), True),
        (date(2000, 8, 31), date(2030, 1, 1), True),
        (date(2008, 2, 29), date(2033, 2, 27), False),
        (date(2008, 2, 29), date(2033, 2, 28), True),
    ],
)
def test_is_due_for_review(dob: date, today: date, expected: bool) -> None:
    assert is_due_for_review(dob, today) is expected
