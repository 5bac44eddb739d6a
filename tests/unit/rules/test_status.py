from datetime import date

import pytest

from cwsw_desktop.rules.status import (
    Episode,
    cohort,
    cohort_exit_date,
    current_categories,
    episode_errors,
    in_previous_csw_window,
)

D = date


@pytest.mark.parametrize(
    ("episode", "on", "expected"),
    [
        (Episode("CIN", D(2024, 1, 10), D(2024, 6, 30)), D(2024, 1, 9), False),
        (Episode("CIN", D(2024, 1, 10), D(2024, 6, 30)), D(2024, 1, 10), True),
        (Episode("CIN", D(2024, 1, 10), D(2024, 6, 30)), D(2024, 6, 30), True),
        (Episode("CIN", D(2024, 1, 10), D(2024, 6, 30)), D(2024, 7, 1), False),
        (Episode("CLA", D(2024, 1, 10)), D(2040, 1, 1), True),
    ],
)
def test_episode_is_open_on(episode: Episode, on: date, expected: bool) -> None:
    assert episode.is_open_on(on) is expected


@pytest.mark.parametrize(
    ("episodes", "on", "expected"),
    [
        ([], D(2025, 1, 1), ()),
        ([Episode("CIN", D(2020, 1, 1)), Episode("CLA", D(2021, 1, 1))], D(2022, 1, 1), ("CLA", "CIN")),
        ([Episode("PLA", D(2019, 1, 1)), Episode("CP", D(2021, 1, 1))], D(2022, 1, 1), ("CP", "PLA")),
        (
            [Episode(c, D(2020, 1, 1)) for c in ("PLA", "CIN", "CP", "CLA")],
            D(2022, 1, 1),
            ("CLA", "CP", "CIN", "PLA"),
        ),
        ([Episode("CIN", D(2020, 1, 1), D(2021, 1, 1))], D(2021, 1, 1), ("CIN",)),
        ([Episode("CIN", D(2020, 1, 1), D(2021, 1, 1))], D(2021, 1, 2), ()),
        ([Episode("CIN", D(2020, 1, 1)), Episode("CIN", D(2021, 1, 1))], D(2022, 1, 1), ("CIN",)),
        ([Episode("XYZ", D(2020, 1, 1))], D(2022, 1, 1), ()),
    ],
)
def test_current_categories(episodes: list[Episode], on: date, expected: tuple[str, ...]) -> None:
    assert current_categories(episodes, on) == expected


@pytest.mark.parametrize(
    ("end", "on", "expected"),
    [
        (D(2020, 8, 31), D(2026, 8, 31), True),
        (D(2020, 8, 31), D(2026, 9, 1), False),
        (D(2020, 2, 29), D(2026, 2, 28), True),
        (D(2020, 2, 29), D(2026, 3, 1), False),
        (D(2018, 2, 28), D(2024, 2, 28), True),
        (D(2018, 2, 28), D(2024, 2, 29), False),
        (D(2025, 10, 10), D(2025, 10, 10), True),
        (D(2025, 10, 11), D(2025, 10, 10), False),  # not ended yet
    ],
)
def test_in_previous_csw_window(end: date, on: date, expected: bool) -> None:
    assert in_previous_csw_window(end, on) is expected


@pytest.mark.parametrize(
    ("episodes", "on", "expected"),
    [
        ([], D(2025, 1, 1), None),
        ([Episode("CLA", D(2024, 1, 1))], D(2025, 1, 1), "CLA"),
        ([Episode("CIN", D(2024, 1, 1)), Episode("CP", D(2024, 6, 1))], D(2025, 1, 1), "CP"),
        ([Episode("CIN", D(2018, 1, 1), D(2020, 8, 31))], D(2026, 8, 31), "Previous"),
        ([Episode("CIN", D(2018, 1, 1), D(2020, 8, 31))], D(2026, 9, 1), None),
        ([Episode("CP", D(2018, 1, 1), D(2020, 2, 29))], D(2026, 2, 28), "Previous"),
        ([Episode("CP", D(2018, 1, 1), D(2020, 2, 29))], D(2026, 3, 1), None),
        ([Episode("CLA", D(2024, 1, 1), D(2025, 1, 1))], D(2025, 1, 2), "Previous"),
        (
            [Episode("CLA", D(2020, 1, 1), D(2022, 5, 1)), Episode("PLA", D(2022, 5, 1))],
            D(2025, 1, 1),
            "PLA",
        ),
        ([Episode("PLA", D(2015, 1, 1), D(2024, 1, 1))], D(2025, 1, 1), None),
        ([Episode("CIN", D(2026, 1, 1))], D(2025, 1, 1), None),  # not started yet
    ],
)
def test_cohort(episodes: list[Episode], on: date, expected: str | None) -> None:
    assert cohort(episodes, on) == expected


@pytest.mark.parametrize(
    ("episodes", "expected"),
    [
        ([], None),
        (
            [Episode("CIN", D(2019, 1, 1), D(2020, 7, 31)), Episode("CP", D(2018, 1, 1), D(2021, 3, 15))],
            D(2027, 3, 15),
        ),
        ([Episode("CIN", D(2019, 1, 1), D(2020, 7, 31)), Episode("CIN", D(2021, 1, 1))], None),
        ([Episode("PLA", D(2019, 1, 1), D(2020, 7, 31))], None),
        ([Episode("CLA", D(2016, 1, 1), D(2020, 2, 29)), Episode("PLA", D(2020, 2, 29))], D(2026, 2, 28)),
    ],
)
def test_cohort_exit_date(episodes: list[Episode], expected: date | None) -> None:
    assert cohort_exit_date(episodes) == expected


PLA_AT_ONCE = "a child cannot be looked after and previously looked after at once"


@pytest.mark.parametrize(
    ("episodes", "dob", "expected"),
    [
        ([Episode("CLA", D(2020, 1, 1), D(2021, 3, 10)), Episode("PLA", D(2021, 3, 10))], D(2015, 5, 5), []),
        (
            [Episode("CIN", D(2024, 3, 3), D(2024, 2, 1))],
            None,
            ["CIN episode ends (01/02/2024) before it starts (03/03/2024)"],
        ),
        ([Episode("LAC", D(2024, 3, 3))], None, ["unknown status 'LAC' (use CLA, PLA, CIN or CP)"]),
        (
            [Episode("CP", D(2015, 1, 1), D(2016, 1, 1))],
            D(2015, 6, 1),
            ["CP episode starts (01/01/2015) before the date of birth (01/06/2015)"],
        ),
        ([Episode("CP", D(2015, 6, 1))], D(2015, 6, 1), []),  # from birth is fine
        (
            [Episode("CLA", D(2020, 1, 1)), Episode("CLA", D(2022, 1, 1))],
            None,
            ["two open CLA episodes: end the earlier one first"],
        ),
        (
            [Episode("CIN", D(2020, 3, 1), D(2020, 12, 31)), Episode("CIN", D(2020, 1, 1), D(2020, 6, 30))],
            None,
            ["CIN episode 01/01/2020–30/06/2020 overlaps CIN episode 01/03/2020–31/12/2020"],
        ),
        (
            [Episode("CIN", D(2020, 1, 1)), Episode("CIN", D(2020, 3, 1), D(2020, 12, 31))],
            None,
            ["CIN episode from 01/01/2020 (open) overlaps CIN episode 01/03/2020–31/12/2020"],
        ),
        (  # one ending the day the next starts is fine
            [Episode("CIN", D(2020, 1, 1), D(2020, 6, 30)), Episode("CIN", D(2020, 6, 30))],
            None,
            [],
        ),
        (
            [Episode("CIN", D(2020, 1, 1), D(2020, 6, 30)), Episode("CP", D(2020, 3, 1))],
            None,
            [],
        ),
        (
            [Episode("CLA", D(2020, 1, 1)), Episode("PLA", D(2021, 6, 1))],
            None,
            [
                f"CLA episode from 01/01/2020 (open) overlaps PLA episode from 01/06/2021 (open): {PLA_AT_ONCE}"
            ],
        ),
        (
            [Episode("PLA", D(2018, 1, 1), D(2020, 6, 1)), Episode("CLA", D(2020, 1, 1), D(2021, 1, 1))],
            None,
            ["CLA episode 01/01/2020–01/01/2021 overlaps PLA episode 01/01/2018–01/06/2020: " + PLA_AT_ONCE],
        ),
    ],
)
def test_episode_errors(episodes: list[Episode], dob: date | None, expected: list[str]) -> None:
    assert episode_errors(episodes, dob) == expected
