from datetime import date

import pytest

from cwsw_desktop.rules.calendar import default_terms
from cwsw_desktop.rules.exclusions import (
    Duty,
    Suspension,
    days_in_year,
    suspension_duties,
    valid_days,
)

D = date
# Autumn 03/09/2025–19/12/2025, Spring 05/01/2026–27/03/2026, Summer 13/04/2026–22/07/2026
Y2025 = default_terms(2025)
YEARS = [Y2025, default_terms(2026)]
HALF_DAYS = "days must be in half days (0.5, 1, 1.5…)"
CONSIDER = "governors must consider reinstatement if parents make representations, within 50 school days"
MEET = "governors must meet to consider reinstatement within 15 school days"
REVIEW = "review the support plan and risk assessment"


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (0, "days must be more than 0"),
        (-1, "days must be more than 0"),
        (float("nan"), "days must be more than 0"),
        (0.5, None),
        (1, None),
        (1.5, None),
        (45, None),
        (0.25, HALF_DAYS),
        (2.3, HALF_DAYS),
        (45.5, "days cannot be more than 45 (the limit in an academic year)"),
    ],
)
def test_valid_days(days: float, expected: str | None) -> None:
    assert valid_days(days) == expected


@pytest.mark.parametrize(
    ("suspensions", "expected"),
    [
        ([], 0),
        (
            [
                Suspension(D(2025, 9, 1), 3),  # first day of the year
                Suspension(D(2026, 8, 31), 2.5),  # last day of the year
                Suspension(D(2026, 9, 1), 4),  # next year
                Suspension(D(2025, 8, 31), 4),  # previous year
                Suspension(D(2026, 3, 1), 5, permanent=True),
            ],
            5.5,
        ),
    ],
)
def test_days_in_year(suspensions: list[Suspension], expected: float) -> None:
    assert days_in_year(suspensions, Y2025) == expected


@pytest.mark.parametrize(
    ("suspensions", "is_cla", "expected"),
    [
        ([], True, []),
        ([Suspension(D(2025, 10, 6), 3)], False, []),
        (
            [Suspension(D(2025, 10, 6), 5.5)],
            False,
            [
                Duty(
                    "governors_consider",
                    f"5.5 days suspended, more than 5 days in the Autumn term of 2025/26: {CONSIDER}",
                    D(2026, 1, 5),  # 50 school days, skipping half term and Christmas
                ),
                Duty(
                    "full_time_provision",
                    "suspension on 06/10/2025 is 5.5 days: the school must arrange full-time "
                    "education from day 6",
                    D(2025, 10, 13),
                ),
            ],
        ),
        (
            [Suspension(D(2025, 11, 3), 3), Suspension(D(2025, 10, 6), 3)],
            False,
            [
                Duty(
                    "governors_consider",
                    f"6 days suspended, more than 5 days in the Autumn term of 2025/26: {CONSIDER}",
                    D(2026, 1, 26),
                ),
                Duty("review_support", f"repeated suspensions in 2025/26: {REVIEW}"),
            ],
        ),
        ([Suspension(D(2025, 10, 6), 5)], False, []),  # exactly 5 days is not more than 5
        (  # different terms are counted apart
            [Suspension(D(2025, 12, 15), 3), Suspension(D(2026, 1, 5), 3)],
            False,
            [],
        ),
        (  # exactly 15 days: governors consider, they need not meet
            [Suspension(D(2025, 9, 8), 5), Suspension(D(2025, 10, 6), 5), Suspension(D(2025, 10, 6), 5)],
            False,
            [
                Duty(
                    "governors_consider",
                    f"15 days suspended, more than 5 days in the Autumn term of 2025/26: {CONSIDER}",
                    D(2026, 1, 5),
                ),
                Duty("review_support", f"repeated suspensions in 2025/26: {REVIEW}"),
            ],
        ),
        (  # a suspension starting in the holidays counts against the term just ended
            [Suspension(D(2025, 12, 10), 3), Suspension(D(2025, 12, 22), 3)],
            False,
            [
                Duty(
                    "governors_consider",
                    f"6 days suspended, more than 5 days in the Autumn term of 2025/26: {CONSIDER}",
                    D(2026, 3, 20),  # the February half term is not counted
                ),
                Duty("review_support", f"repeated suspensions in 2025/26: {REVIEW}"),
            ],
        ),
        (
            [Suspension(D(2026, 1, 12), 10), Suspension(D(2026, 3, 2), 6)],
            False,
            [
                Duty(
                    "governors_meet",
                    f"16 days suspended, more than 15 days in the Spring term of 2025/26: {MEET}",
                    D(2026, 3, 23),
                ),
                Duty(
                    "full_time_provision",
                    "suspension on 12/01/2026 is 10 days: the school must arrange full-time "
                    "education from day 6",
                    D(2026, 1, 19),
                ),
                Duty(
                    "full_time_provision",
                    "suspension on 02/03/2026 is 6 days: the school must arrange full-time "
                    "education from day 6",
                    D(2026, 3, 9),
                ),
                Duty("review_support", f"repeated suspensions in 2025/26: {REVIEW}"),
            ],
        ),
        (
            [Suspension(D(2026, 3, 2), 0, permanent=True, vsh_contacted_on=D(2026, 2, 27))],
            True,
            [
                Duty(
                    "governors_meet",
                    f"a permanent exclusion in the Spring term of 2025/26: {MEET}",
                    D(2026, 3, 23),
                )
            ],
        ),
        (
            [
                Suspension(D(2025, 10, 6), 1, vsh_contacted_on=D(2025, 10, 6)),
                Suspension(D(2026, 1, 12), 1, vsh_contacted_on=D(2026, 1, 13)),
                Suspension(D(2026, 5, 4), 0, permanent=True),
            ],
            True,
            [
                Duty(
                    "governors_meet",
                    f"a permanent exclusion in the Summer term of 2025/26: {MEET}",
                    D(2026, 6, 1),  # the May half term is not counted
                ),
                Duty(
                    "vsh_not_contacted",
                    "Virtual School Head was not contacted before the suspension on 12/01/2026",
                ),
                Duty(
                    "vsh_not_contacted",
                    "Virtual School Head was not contacted before the permanent exclusion on 04/05/2026",
                ),
            ],
        ),
        (  # the VSH duty is for children looked after only
            [Suspension(D(2025, 10, 6), 1)],
            False,
            [],
        ),
        (  # a year not given falls back to the default terms, and the 50 days to weekdays
            [Suspension(D(2027, 10, 6), 6)],
            False,
            [
                Duty(
                    "governors_consider",
                    f"6 days suspended, more than 5 days in the Autumn term of 2027/28: {CONSIDER}",
                    D(2027, 12, 15),
                ),
                Duty(
                    "full_time_provision",
                    "suspension on 06/10/2027 is 6 days: the school must arrange full-time "
                    "education from day 6",
                    D(2027, 10, 13),
                ),
            ],
        ),
        (  # three in a year, one a term, across two years: not repeated in either
            [
                Suspension(D(2025, 10, 6), 1),
                Suspension(D(2026, 2, 2), 1),
                Suspension(D(2026, 10, 5), 1),
            ],
            False,
            [],
        ),
        (
            [
                Suspension(D(2025, 10, 6), 1),
                Suspension(D(2026, 2, 2), 1),
                Suspension(D(2026, 5, 5), 1),
            ],
            False,
            [Duty("review_support", f"repeated suspensions in 2025/26: {REVIEW}")],
        ),
    ],
)
def test_suspension_duties(suspensions: list[Suspension], is_cla: bool, expected: list[Duty]) -> None:
    assert suspension_duties(suspensions, YEARS, is_cla) == expected


def test_over_the_annual_limit() -> None:
    suspensions = [
        Suspension(D(2025, 10, 6), 20),
        Suspension(D(2026, 1, 12), 20),
        Suspension(D(2026, 5, 4), 10),
    ]
    duties = suspension_duties(suspensions, YEARS, is_cla=False)
    assert [(duty.kind, duty.due) for duty in duties] == [
        ("governors_meet", D(2025, 11, 3)),
        ("governors_meet", D(2026, 2, 2)),
        ("governors_consider", D(2026, 7, 20)),  # the May half term is not counted
        ("over_annual_limit", None),
        ("full_time_provision", D(2025, 10, 13)),
        ("full_time_provision", D(2026, 1, 19)),
        ("full_time_provision", D(2026, 5, 11)),
        ("review_support", None),
    ]
    assert duties[3].message == (
        "50 days suspended in 2025/26 exceeds the 45-school-day limit for an academic year"
    )


@pytest.mark.parametrize(("days", "over"), [(45, False), (45.5, True)])
def test_annual_limit_boundary(days: float, over: bool) -> None:
    suspensions = [Suspension(D(2025, 10, 6), days - 5), Suspension(D(2026, 5, 4), 5)]
    kinds = [duty.kind for duty in suspension_duties(suspensions, YEARS, is_cla=False)]
    assert ("over_annual_limit" in kinds) is over
