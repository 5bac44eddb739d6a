from datetime import date
from typing import Any

import pytest

from cwsw_desktop.rules.calendar import default_terms
from cwsw_desktop.rules.pep import (
    DONE,
    DUE,
    DUE_SOON,
    INCOMPLETE,
    NOT_APPLICABLE,
    NOT_YET,
    OVERDUE,
    PepRecord,
    care_review_deadline,
    first_pep_deadline,
    pep_compliance,
)

D = date
# Autumn 03/09/2025–19/12/2025, Spring 05/01/2026–27/03/2026, Summer 13/04/2026–22/07/2026
YEAR = default_terms(2025)


def test_status_strings() -> None:
    assert (DONE, INCOMPLETE, DUE_SOON, DUE, OVERDUE, NOT_YET, NOT_APPLICABLE) == (
        "Done",
        "Held – no targets",
        "Due soon",
        "Due this term",
        "Overdue",
        "Not yet due",
        "—",
    )


@pytest.mark.parametrize(
    ("peps", "today", "options", "statuses", "held", "meets", "current", "next_due", "overdue"),
    [
        ([], D(2025, 9, 1), {}, (NOT_YET, NOT_YET, NOT_YET), 0, False, NOT_YET, D(2025, 12, 19), 0),
        ([], D(2025, 10, 10), {}, (DUE, NOT_YET, NOT_YET), 0, False, DUE, D(2025, 12, 19), 0),
        ([], D(2025, 12, 4), {}, (DUE, NOT_YET, NOT_YET), 0, False, DUE, D(2025, 12, 19), 0),
        ([], D(2025, 12, 5), {}, (DUE_SOON, NOT_YET, NOT_YET), 0, False, DUE_SOON, D(2025, 12, 19), 0),
        ([], D(2025, 12, 19), {}, (DUE_SOON, NOT_YET, NOT_YET), 0, False, DUE_SOON, D(2025, 12, 19), 0),
        ([], D(2025, 12, 20), {}, (OVERDUE, NOT_YET, NOT_YET), 0, False, OVERDUE, D(2026, 3, 27), 1),
        (
            [],
            D(2025, 11, 20),
            {"due_soon_days": 30},
            (DUE_SOON, NOT_YET, NOT_YET),
            0,
            False,
            DUE_SOON,
            D(2025, 12, 19),
            0,
        ),
        (
            [PepRecord(D(2025, 10, 10)), PepRecord(D(2026, 2, 1), has_targets=False)],
            D(2026, 4, 1),
            {},
            (DONE, INCOMPLETE, NOT_YET),
            1,
            False,
            INCOMPLETE,
            D(2026, 7, 22),
            0,
        ),
        (
            [PepRecord(D(2025, 9, 3)), PepRecord(D(2026, 3, 27)), PepRecord(D(2026, 7, 22))],
            D(2026, 8, 31),
            {},
            (DONE, DONE, DONE),
            3,
            True,
            DONE,
            None,
            0,
        ),
        (  # a cancelled meeting does not count
            [PepRecord(D(2025, 10, 10), held=False)],
            D(2025, 12, 20),
            {},
            (OVERDUE, NOT_YET, NOT_YET),
            0,
            False,
            OVERDUE,
            D(2026, 3, 27),
            1,
        ),
        (  # a PEP in the Christmas holiday belongs to no term
            [PepRecord(D(2026, 1, 2))],
            D(2026, 1, 10),
            {},
            (OVERDUE, DUE, NOT_YET),
            0,
            False,
            DUE,
            D(2026, 3, 27),
            1,
        ),
        (  # two in Autumn make three a year even though Summer is still to come
            [PepRecord(D(2025, 9, 20)), PepRecord(D(2025, 11, 20)), PepRecord(D(2026, 2, 2))],
            D(2026, 5, 1),
            {},
            (DONE, DONE, DUE),
            3,
            True,
            DUE,
            D(2026, 7, 22),
            0,
        ),
        (
            [],
            D(2026, 5, 1),
            {"in_care_from": D(2026, 2, 1)},
            (NOT_APPLICABLE, OVERDUE, DUE),
            0,
            False,
            DUE,
            D(2026, 7, 22),
            1,
        ),
        (
            [PepRecord(D(2025, 10, 1)), PepRecord(D(2026, 2, 10)), PepRecord(D(2026, 5, 1))],
            D(2026, 6, 1),
            {"in_care_from": D(2026, 2, 1)},
            (NOT_APPLICABLE, DONE, DONE),
            2,
            True,
            DONE,
            None,
            0,
        ),
        (
            [PepRecord(D(2025, 10, 1))],
            D(2026, 6, 1),
            {"in_care_until": D(2025, 12, 31)},
            (DONE, NOT_APPLICABLE, NOT_APPLICABLE),
            1,
            True,
            NOT_APPLICABLE,
            None,
            0,
        ),
        (  # in care on the last day of Autumn and the first of Summer: both count
            [],
            D(2026, 5, 1),
            {"in_care_from": D(2025, 12, 19), "in_care_until": D(2026, 4, 13)},
            (OVERDUE, OVERDUE, DUE),
            0,
            False,
            DUE,
            D(2026, 7, 22),
            2,
        ),
        (
            [],
            D(2026, 5, 1),
            {"in_care_from": D(2026, 9, 1)},
            (NOT_APPLICABLE, NOT_APPLICABLE, NOT_APPLICABLE),
            0,
            True,
            NOT_APPLICABLE,
            None,
            0,
        ),
    ],
)
def test_pep_compliance(
    peps: list[PepRecord],
    today: date,
    options: dict[str, Any],
    statuses: tuple[str, str, str],
    held: int,
    meets: bool,
    current: str,
    next_due: date | None,
    overdue: int,
) -> None:
    result = pep_compliance(peps, YEAR, today, **options)
    assert tuple(tp.status for tp in result.terms) == statuses
    assert tuple(tp.term for tp in result.terms) == YEAR.terms
    assert (
        result.held_this_year,
        result.meets_three_a_year,
        result.current_status,
        result.next_due,
        result.overdue_terms,
    ) == (held, meets, current, next_due, overdue)


@pytest.mark.parametrize(
    ("peps", "expected_dates"),
    [
        (
            [PepRecord(D(2025, 10, 10)), PepRecord(D(2026, 2, 1), has_targets=False)],
            (D(2025, 10, 10), D(2026, 2, 1), None),
        ),
        (  # the latest complete PEP settles the term, ahead of a later one without targets
            [
                PepRecord(D(2025, 10, 1)),
                PepRecord(D(2025, 11, 1)),
                PepRecord(D(2025, 12, 1), has_targets=False),
            ],
            (D(2025, 11, 1), None, None),
        ),
        ([PepRecord(D(2025, 10, 1), held=False)], (None, None, None)),
    ],
)
def test_pep_dates_per_term(peps: list[PepRecord], expected_dates: tuple[date | None, ...]) -> None:
    result = pep_compliance(peps, YEAR, D(2026, 4, 1))
    assert tuple(tp.pep_date for tp in result.terms) == expected_dates


@pytest.mark.parametrize(
    ("entered", "holidays", "first_pep", "review"),
    [
        (D(2026, 3, 2), frozenset(), D(2026, 3, 16), D(2026, 3, 30)),
        (D(2026, 3, 7), frozenset(), D(2026, 3, 20), D(2026, 4, 3)),  # a Saturday
        (D(2025, 12, 19), frozenset(), D(2026, 1, 2), D(2026, 1, 16)),
        (
            D(2025, 12, 19),
            frozenset({D(2025, 12, 25), D(2025, 12, 26), D(2026, 1, 1)}),
            D(2026, 1, 7),
            D(2026, 1, 21),
        ),
    ],
)
def test_first_pep_and_care_review_deadlines(
    entered: date, holidays: frozenset[date], first_pep: date, review: date
) -> None:
    assert first_pep_deadline(entered, holidays) == first_pep
    assert care_review_deadline(entered, holidays) == review
    if not holidays:
        assert first_pep_deadline(entered) == first_pep
        assert care_review_deadline(entered) == review
