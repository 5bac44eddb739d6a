"""`term_statuses` gives exactly the terms of `pep_compliance`, and with `windows_ending_from` only
those whose window ends on or after it, each unchanged (the PEP duties read last year that way)."""

from datetime import date

import pytest

from cwsw_desktop.rules.calendar import default_terms
from cwsw_desktop.rules.pep import PepRecord, PepStatus, pep_compliance, term_statuses

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
