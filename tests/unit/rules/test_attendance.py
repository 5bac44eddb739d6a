import pytest

from cwsw_desktop.rules.attendance import (
    OK,
    PERSISTENT,
    SEVERE,
    attendance_band,
    validate_attendance,
)


@pytest.mark.parametrize(
    ("pct", "threshold", "expected"),
    [
        (100.0, 90.0, OK),
        (90.1, 90.0, OK),
        (90.0, 90.0, PERSISTENT),
        (50.1, 90.0, PERSISTENT),
        (50.0, 90.0, SEVERE),
        (0.0, 90.0, SEVERE),
        (91.5, 92.0, PERSISTENT),
        (92.5, 92.0, OK),
    ],
)
def test_attendance_band(pct: float, threshold: float, expected: str) -> None:
    assert attendance_band(pct, threshold) == expected


def test_band_names() -> None:
    assert (OK, PERSISTENT, SEVERE) == ("OK", "Persistent absence", "Severe absence")
    assert attendance_band(90.0) == PERSISTENT


@pytest.mark.parametrize(
    ("pct", "expected"),
    [
        (0.0, None),
        (100.0, None),
        (87.3, None),
        (-0.1, "attendance must be between 0 and 100%"),
        (100.1, "attendance must be between 0 and 100%"),
        (float("nan"), "attendance must be between 0 and 100%"),
    ],
)
def test_validate_attendance(pct: float, expected: str | None) -> None:
    assert validate_attendance(pct) == expected


@pytest.mark.parametrize("pct", [-1.0, 101.0])
def test_attendance_band_rejects_impossible_values(pct: float) -> None:
    with pytest.raises(ValueError, match="between 0 and 100"):
        attendance_band(pct)
