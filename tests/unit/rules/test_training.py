from datetime import date

import pytest

from cwsw_desktop.rules.training import (
    HOURS_PER_DAY,
    DslTraining,
    dsl_training_status,
    dt_training_shortfall,
    training_days,
)

D = date


@pytest.mark.parametrize(
    ("hours", "per_day", "expected"),
    [
        ([3.0, 3.0, 1.5], HOURS_PER_DAY, 1.25),
        ([], HOURS_PER_DAY, 0.0),
        ([6.0, 6.0], HOURS_PER_DAY, 2.0),
        ([7.5, 3.75], 7.5, 1.5),
    ],
)
def test_training_days(hours: list[float], per_day: float, expected: float) -> None:
    assert training_days(hours, per_day) == pytest.approx(expected)


def test_training_day_must_have_hours() -> None:
    with pytest.raises(ValueError, match="more than 0 hours"):
        training_days([6.0], 0.0)


@pytest.mark.parametrize(
    ("hours", "required", "expected"),
    [
        ([6.0, 3.0], 2.0, 0.5),
        ([12.0], 2.0, 0.0),
        ([18.0], 2.0, 0.0),
        ([], 2.0, 2.0),
        ([6.0], 3.0, 2.0),
        ((h for h in [1.5, 1.5]), 2.0, 1.5),
    ],
)
def test_dt_training_shortfall(hours: list[float], required: float, expected: float) -> None:
    assert dt_training_shortfall(hours, required) == pytest.approx(expected)


def test_dt_training_default_is_two_days() -> None:
    assert dt_training_shortfall([3.0]) == pytest.approx(1.5)


@pytest.mark.parametrize(
    ("formal", "refresher", "today", "expected"),
    [
        (None, None, D(2025, 1, 1), DslTraining(None, None, True, True)),
        (D(2023, 10, 10), None, D(2024, 10, 10), DslTraining(D(2025, 10, 10), D(2024, 10, 10), False, False)),
        (D(2023, 10, 10), None, D(2024, 10, 11), DslTraining(D(2025, 10, 10), D(2024, 10, 10), False, True)),
        (
            D(2023, 10, 10),
            D(2024, 9, 1),
            D(2025, 6, 1),
            DslTraining(D(2025, 10, 10), D(2025, 9, 1), False, False),
        ),
        (
            D(2023, 10, 10),
            D(2024, 9, 1),
            D(2025, 10, 11),
            DslTraining(D(2025, 10, 10), D(2025, 9, 1), True, True),
        ),
        (  # a refresher older than the formal training does not bring the refresher forward
            D(2024, 6, 1),
            D(2024, 1, 1),
            D(2025, 3, 1),
            DslTraining(D(2026, 6, 1), D(2025, 6, 1), False, False),
        ),
        (None, D(2025, 1, 1), D(2025, 6, 1), DslTraining(None, D(2026, 1, 1), True, False)),
        (D(2024, 2, 29), None, D(2025, 3, 1), DslTraining(D(2026, 2, 28), D(2025, 2, 28), False, True)),
    ],
)
def test_dsl_training_status(
    formal: date | None, refresher: date | None, today: date, expected: DslTraining
) -> None:
    assert dsl_training_status(formal, refresher, today) == expected
