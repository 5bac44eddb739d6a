from datetime import date

import pytest

from cwsw_desktop.rules.sdq import BORDERLINE, CONCERN, NORMAL, sdq_band, sdq_due


@pytest.mark.parametrize(
    ("total", "version", "expected"),
    [
        (0, "carer", NORMAL),
        (13, "carer", NORMAL),
        (14, "carer", BORDERLINE),
        (16, "carer", BORDERLINE),
        (17, "carer", CONCERN),
        (40, "carer", CONCERN),
        (11, "teacher", NORMAL),
        (12, "teacher", BORDERLINE),
        (15, "teacher", BORDERLINE),
        (16, "teacher", CONCERN),
        (12, " Teacher ", BORDERLINE),
    ],
)
def test_sdq_band(total: int, version: str, expected: str) -> None:
    assert sdq_band(total, version) == expected


@pytest.mark.parametrize(
    ("total", "version", "message"),
    [
        (41, "carer", "an SDQ total must be between 0 and 40, not 41"),
        (-1, "teacher", "an SDQ total must be between 0 and 40, not -1"),
        (10, "pupil", "unknown SDQ version 'pupil' (use carer or teacher)"),
    ],
)
def test_sdq_band_rejects(total: int, version: str, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        sdq_band(total, version)
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("last", "today", "expected"),
    [
        (None, date(2025, 1, 1), True),
        (date(2024, 10, 10), date(2025, 10, 9), False),
        (date(2024, 10, 10), date(2025, 10, 10), True),
        (date(2024, 2, 29), date(2025, 2, 27), False),
        (date(2024, 2, 29), date(2025, 2, 28), True),
    ],
)
def test_sdq_due(last: date | None, today: date, expected: bool) -> None:
    assert sdq_due(last, today) is expected
