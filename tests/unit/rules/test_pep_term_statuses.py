"""`term_statuses` gives exactly the terms of `pep_compliance`, and with `windows_ending_from` only
those whose window ends on or after it, each unchanged (the PEP duties read last year that way)."""

from dataclasses import replace
from datetime import date

import pytest

from cwsw_desktop.rules.calendar import AcademicYearDates, default_terms
from cwsw_desktop.rules.pep import NotOwed, PepRecord, PepStatus, TermStatus, pep_compliance, term_statuses

YEAR = default_terms(2025)
YEARS = [default_terms(2024), YEAR, default_terms(2026)]
PEPS = [
    PepRecord(date(2025, 10, 8)),
    PepRecord(date(2026, 2, 3), has_targets=False, meeting_id=7),
    PepRecord(date(2026, 7, 1), PepStatus.PLANNED, meeting_id=9),
]


@pytest.mark.parametrize(
    "today", [date(2025, 9, 20), date(2026, 3, 1), date(2026, 6, 30), date(2026, 11, 23)]
)
@pytest.mark.parametrize(
    "in_care_from, admitted, left",
    [
        (date(2020, 1, 6), None, None),
        (date(2026, 1, 12), None, None),
        (date(2019, 5, 1), date(2026, 4, 20), None),
        (date(2019, 5, 1), None, date(2026, 2, 1)),
    ],
)
@pytest.mark.parametrize("ending_from", [None, date(2025, 12, 31), date(2026, 5, 24), date(2026, 9, 1)])
def test_the_same_terms_as_compliance(
    today: date, in_care_from: date, admitted: date | None, left: date | None, ending_from: date | None
) -> None:
    common = dict(admitted=admitted, left=left, first_pep_school_days=10, years=YEARS)
    full = pep_compliance(PEPS, YEAR, today, 14, in_care_from, None, **common).terms
    some = term_statuses(PEPS, YEAR, today, 14, in_care_from, None, windows_ending_from=ending_from, **common)
    assert some == tuple(t for t in full if ending_from is None or t.window_end >= ending_from)
    if ending_from == date(2026, 9, 1):
        assert some == ()  # every window of the year ended before


def test_the_calendar_made_once_for_a_tuple_of_years_follows_the_year_asked_about():
    """Coming into care on 03/12/2025, the first PEP falls due 10 school days later: inside the
    Autumn term as the default dates have it (17/12), after it (07/01) when the school moves the
    half term to 08/12-12/12: the school days are counted in the year given, each time."""
    years = (default_terms(2024), YEAR, default_terms(2026))  # a tuple: its calendar is kept
    autumn, spring, summer = YEAR.terms
    half = replace(autumn, half_term_start=date(2025, 12, 8), half_term_end=date(2025, 12, 12))
    short = AcademicYearDates(2025, (half, spring, summer))
    came, on = date(2025, 12, 3), date(2025, 12, 5)
    assert term_statuses([], YEAR, on, in_care_from=came, years=years)[0].not_owed is None
    assert term_statuses([], short, on, in_care_from=came, years=years)[0].not_owed is NotOwed.NOT_IN_CARE
    assert term_statuses([], YEAR, on, in_care_from=came, years=years)[0].not_owed is None


def test_a_term_with_no_meeting_is_given_for_its_own_dates():
    """The statuses with no meeting (made once, given again) carry the term asked about: a term
    the school edits, equal in all but its end, is given with its own dates, each time."""
    autumn, spring, summer = YEAR.terms
    later = AcademicYearDates(2025, (replace(autumn, end=date(2025, 12, 12)), spring, summer))
    on = date(2026, 1, 10)
    for _ in range(2):
        first, again = (
            term_statuses([], YEAR, on, in_care_from=date(2020, 1, 6)),
            term_statuses([], later, on, in_care_from=date(2020, 1, 6)),
        )
        assert first[0].term is autumn and again[0].term is later.terms[0]
        assert first[0].status is again[0].status is TermStatus.OVERDUE
        assert first[0] != again[0] and first[1:] == again[1:]
