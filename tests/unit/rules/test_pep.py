from datetime import date

import pytest

from cwsw_desktop.rules.calendar import default_terms
from cwsw_desktop.rules.pep import (
    NotOwed,
    PepRecord,
    PepStatus,
    TermStatus,
    care_review_deadline,
    first_pep,
    first_pep_deadline,
    pep_compliance,
    term_windows,
)

D = date
# Autumn 03/09/2025–19/12/2025 (half term 27–31/10), Spring 05/01/2026–27/03/2026 (16–20/02),
# Summer 13/04/2026–22/07/2026 (25–29/05).
YEAR = default_terms(2025)
S = TermStatus
H, P, X, Q = PepStatus.HELD, PepStatus.PLANNED, PepStatus.CANCELLED, PepStatus.POSTPONED


def test_term_windows_run_to_the_day_before_the_next_term():
    assert [end for _, end in term_windows(YEAR)] == [D(2026, 1, 4), D(2026, 4, 12), D(2026, 8, 31)]


@pytest.mark.parametrize(
    ("peps", "today", "statuses", "held", "meets", "current"),
    [
        # Term edges: before the year, in term, the last day, the day after.
        ([], D(2025, 9, 1), (S.NOT_YET, S.NOT_YET, S.NOT_YET), 0, False, S.NOT_YET),
        ([], D(2025, 10, 10), (S.DUE, S.NOT_YET, S.NOT_YET), 0, False, S.DUE),
        ([], D(2025, 12, 5), (S.DUE_SOON, S.NOT_YET, S.NOT_YET), 0, False, S.DUE_SOON),
        ([], D(2025, 12, 19), (S.DUE_SOON, S.NOT_YET, S.NOT_YET), 0, False, S.DUE_SOON),
        # In the holiday the window is still open: not overdue until the day before Spring.
        ([], D(2025, 12, 28), (S.DUE_SOON, S.NOT_YET, S.NOT_YET), 0, False, S.DUE_SOON),
        ([], D(2026, 1, 4), (S.DUE_SOON, S.NOT_YET, S.NOT_YET), 0, False, S.DUE_SOON),
        ([], D(2026, 1, 5), (S.OVERDUE, S.DUE, S.NOT_YET), 0, False, S.DUE),
        # A PEP held in the Christmas holiday counts for Autumn, not Spring.
        ([(D(2025, 12, 30), H, True)], D(2026, 1, 20), (S.DONE, S.DUE, S.NOT_YET), 1, False, S.DUE),
        # The first day of a term counts for that term.
        ([(D(2026, 1, 5), H, True)], D(2026, 1, 20), (S.OVERDUE, S.DONE, S.NOT_YET), 1, False, S.DONE),
        # Three PEPs in one term are not "3 a year".
        (
            [(D(2025, 9, 10), H, True), (D(2025, 10, 10), H, True), (D(2025, 11, 10), H, True)],
            D(2026, 9, 1),
            (S.DONE, S.OVERDUE, S.OVERDUE),
            1,
            False,
            S.OVERDUE,
        ),
        # One in each term is.
        (
            [(D(2025, 9, 10), H, True), (D(2026, 2, 2), H, True), (D(2026, 5, 5), H, True)],
            D(2026, 9, 1),
            (S.DONE, S.DONE, S.DONE),
            3,
            True,
            S.DONE,
        ),
        # Held without targets is incomplete; cancelled and postponed settle nothing.
        (
            [(D(2025, 10, 1), H, False)],
            D(2025, 10, 10),
            (S.INCOMPLETE, S.NOT_YET, S.NOT_YET),
            0,
            False,
            S.INCOMPLETE,
        ),
        ([(D(2025, 10, 1), X, True)], D(2026, 1, 10), (S.OVERDUE, S.DUE, S.NOT_YET), 0, False, S.DUE),
        ([(D(2025, 10, 1), Q, True)], D(2026, 1, 10), (S.OVERDUE, S.DUE, S.NOT_YET), 0, False, S.DUE),
        # A planned meeting ahead books the term; one in the past settles nothing.
        (
            [(D(2025, 11, 20), P, False)],
            D(2025, 10, 10),
            (S.BOOKED, S.NOT_YET, S.NOT_YET),
            0,
            False,
            S.BOOKED,
        ),
        ([(D(2025, 10, 1), P, False)], D(2025, 10, 10), (S.DUE, S.NOT_YET, S.NOT_YET), 0, False, S.DUE),
    ],
)
def test_term_statuses(peps, today, statuses, held, meets, current):
    records = [PepRecord(d, status, targets) for d, status, targets in peps]
    result = pep_compliance(records, YEAR, today)
    assert tuple(t.status for t in result.terms) == statuses
    assert result.held_this_year == held
    assert result.meets_three_a_year is meets
    assert result.current_status is current


@pytest.mark.parametrize(
    ("options", "statuses", "why"),
    [
        # In care all year.
        ({"in_care_from": D(2020, 1, 1)}, (S.OVERDUE, S.OVERDUE, S.OVERDUE), None),
        # Came into care early in Spring: Autumn is not owed, Spring is.
        ({"in_care_from": D(2026, 1, 20)}, (S.NOT_OWED, S.OVERDUE, S.OVERDUE), NotOwed.NOT_IN_CARE),
        # Came into care late in Autumn (fewer than 10 school days left): the first PEP is owed instead.
        ({"in_care_from": D(2025, 12, 10)}, (S.NOT_OWED, S.OVERDUE, S.OVERDUE), NotOwed.NOT_IN_CARE),
        # Exactly 10 school days before the end of term: still owed.
        ({"in_care_from": D(2025, 12, 5)}, (S.OVERDUE, S.OVERDUE, S.OVERDUE), None),
        # Joined the school mid-Spring, in care for years: owes from the later date.
        (
            {"in_care_from": D(2019, 5, 1), "admitted": D(2026, 3, 20)},
            (S.NOT_OWED, S.NOT_OWED, S.OVERDUE),
            NotOwed.JOINED_LATE,
        ),
        (
            {"in_care_from": D(2019, 5, 1), "admitted": D(2025, 11, 3)},
            (S.OVERDUE, S.OVERDUE, S.OVERDUE),
            None,
        ),
        # Left care (or the school) in Spring: Spring and Summer are not owed.
        (
            {"in_care_from": D(2019, 5, 1), "in_care_until": D(2026, 2, 1)},
            (S.OVERDUE, S.NOT_OWED, S.NOT_OWED),
            NotOwed.LEFT,
        ),
        (
            {"in_care_from": D(2019, 5, 1), "left": D(2026, 7, 1)},
            (S.OVERDUE, S.OVERDUE, S.NOT_OWED),
            NotOwed.LEFT,
        ),
        # Some local authorities give 20 school days for the first PEP.
        (
            {"in_care_from": D(2025, 12, 5), "first_pep_school_days": 20},
            (S.NOT_OWED, S.OVERDUE, S.OVERDUE),
            NotOwed.NOT_IN_CARE,
        ),
    ],
)
def test_owed_terms(options, statuses, why):
    result = pep_compliance([], YEAR, D(2026, 9, 1), **options)
    assert tuple(t.status for t in result.terms) == statuses
    assert {t.not_owed for t in result.terms if t.not_owed} == ({why} if why else set())
    owed = sum(1 for s in statuses if s is not S.NOT_OWED)
    assert result.owed_terms == owed


def test_three_a_year_is_what_the_owed_terms_allow():
    records = [PepRecord(D(2026, 2, 2)), PepRecord(D(2026, 5, 5))]
    result = pep_compliance(records, YEAR, D(2026, 9, 1), in_care_from=D(2026, 1, 10))
    assert (result.held_this_year, result.owed_terms, result.meets_three_a_year) == (2, 2, True)


@pytest.mark.parametrize(
    ("entered", "days", "due", "review"),
    [
        # Weekends only: Mon 02/11/2026 + 10 school days.
        (D(2026, 11, 2), 10, D(2026, 11, 16), D(2026, 11, 30)),
        # Over the October half term (27–31/10/2025): those days do not count.
        (D(2025, 10, 20), 10, D(2025, 11, 10), D(2025, 11, 24)),
        # Over Christmas: the holiday does not count either.
        (D(2025, 12, 15), 10, D(2026, 1, 12), D(2026, 1, 26)),
        # A 20-day setting.
        (D(2026, 11, 2), 20, D(2026, 11, 30), D(2026, 11, 30)),
    ],
)
def test_first_pep_and_care_review_count_school_days(entered, days, due, review):
    years = [default_terms(2025), default_terms(2026)]
    assert first_pep_deadline(entered, years, days) == due
    assert care_review_deadline(entered, years) == review


@pytest.mark.parametrize(
    ("peps", "on", "overdue", "held_on"),
    [
        ([], D(2025, 10, 24), False, None),
        ([], D(2025, 11, 11), True, None),
        ([PepRecord(D(2025, 11, 4))], D(2025, 11, 11), False, D(2025, 11, 4)),
        ([PepRecord(D(2025, 11, 4), PepStatus.CANCELLED)], D(2025, 11, 11), True, None),
        ([PepRecord(D(2025, 9, 1))], D(2025, 11, 11), True, None),  # before care: not the first PEP
    ],
)
def test_first_pep(peps, on, overdue, held_on):
    first = first_pep(D(2025, 10, 20), peps, on, [YEAR])
    assert first is not None
    assert (first.is_overdue(on), first.held_on) == (overdue, held_on)


def test_first_pep_is_not_owed_long_after_care_began_or_before_it():
    assert first_pep(D(2024, 1, 1), [], D(2025, 11, 1), [YEAR]) is None
    assert first_pep(D(2026, 1, 1), [], D(2025, 11, 1), [YEAR]) is None
