"""The register's duty rules at their edges: SDQ ages and first SDQ, EHCP review dates,
attendance thresholds and whom to tell, settling by the contact log, and the one display name."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cwsw_desktop.rules.attendance import PERSISTENT, SEVERE, attendance_concern, whom_to_tell
from cwsw_desktop.rules.duties import Severity
from cwsw_desktop.rules.ehcp import ehcp_review_owed, next_ehcp_review
from cwsw_desktop.rules.names import display_name
from cwsw_desktop.rules.sdq import age_on, sdq_owed
from cwsw_desktop.rules.settling import attendance_opening, current_opening, is_settled, severity_by_date
from cwsw_desktop.rules.status import PlaRoute, pla_route

ON = date(2026, 3, 1)
IN_CARE = date(2024, 1, 10)  # a year after this is long past on ON


@pytest.mark.parametrize(
    ("dob", "age", "owed"),
    [
        (date(2022, 3, 2), 3, False),  # 3 on the date (4 tomorrow)
        (date(2022, 3, 1), 4, True),  # 4 today
        (date(2009, 3, 2), 16, True),  # 16, 17 tomorrow
        (date(2009, 3, 1), 17, False),  # 17 today
    ],
)
def test_sdq_is_owed_from_4_to_16_on_the_date(dob: date, age: int, owed: bool) -> None:
    assert age_on(dob, ON) == age
    assert (sdq_owed(dob, IN_CARE, None, ON) is not None) is owed


@pytest.mark.parametrize(
    ("in_care", "last", "on", "due", "first"),
    [
        (date(2025, 6, 1), None, date(2025, 6, 1), None, None),  # not on day one
        (date(2025, 6, 1), None, date(2026, 5, 3), None, None),  # 29 days before: not yet
        (date(2025, 6, 1), None, date(2026, 5, 4), date(2026, 6, 1), True),  # 28 days before: due
        (date(2025, 6, 1), None, date(2026, 6, 2), date(2026, 6, 1), True),  # a year after care
        (date(2025, 6, 1), date(2026, 6, 5), date(2026, 7, 1), None, None),  # done: next in 2027
        (date(2025, 6, 1), date(2026, 6, 5), date(2027, 6, 6), date(2027, 6, 5), False),
        (date(2025, 6, 1), date(2024, 1, 1), date(2026, 6, 1), date(2026, 6, 1), True),  # before care
    ],
)
def test_sdq_first_a_year_after_care_then_yearly(
    in_care: date, last: date | None, on: date, due: date | None, first: bool | None
) -> None:
    owed = sdq_owed(date(2015, 1, 1), in_care, last, on)
    assert (owed.due if owed else None) == due
    assert (owed.first if owed else None) == first


@pytest.mark.parametrize(
    ("last", "typed", "on", "due", "severity"),
    [
        (date(2025, 3, 1), None, date(2026, 3, 1), date(2026, 3, 1), Severity.DUE),  # exactly 12 months ago
        (date(2025, 3, 1), None, date(2026, 3, 2), date(2026, 3, 1), Severity.OVERDUE),  # a day later
        (date(2025, 3, 1), None, date(2026, 1, 4), date(2026, 3, 1), Severity.DUE),  # 8 weeks before
        (date(2025, 3, 1), None, date(2026, 1, 3), None, None),  # 8 weeks and a day before
        (None, date(2026, 2, 1), date(2026, 2, 1), date(2026, 2, 1), Severity.DUE),  # typed date alone
        (None, date(2026, 2, 1), date(2026, 2, 2), date(2026, 2, 1), Severity.OVERDUE),
        (
            date(2025, 3, 1),
            date(2026, 1, 15),
            date(2026, 1, 16),
            date(2026, 1, 15),
            Severity.OVERDUE,
        ),  # booked early
        (
            date(2025, 3, 1),
            date(2025, 2, 1),
            date(2026, 3, 1),
            date(2026, 3, 1),
            Severity.DUE,
        ),  # stale typed date
    ],
)
def test_ehcp_review_12_months_after_the_last(
    last: date | None, typed: date | None, on: date, due: date | None, severity: Severity | None
) -> None:
    owed = ehcp_review_owed(last, typed, on)
    assert (owed.due if owed else None) == due
    assert (severity_by_date(owed.due, on) if owed and owed.due else None) == severity


def test_ehcp_with_no_dates_is_owed_as_not_recorded() -> None:
    assert next_ehcp_review(None, None) is None
    owed = ehcp_review_owed(None, None, ON)
    assert owed is not None and owed.due is None


@pytest.mark.parametrize(
    ("pct", "band"),
    [(None, None), (90.1, None), (90.0, PERSISTENT), (50.1, PERSISTENT), (50.0, SEVERE), (0.0, SEVERE)],
)
def test_attendance_thresholds_are_inclusive(pct: float | None, band: str | None) -> None:
    assert attendance_concern(pct) == band


@pytest.mark.parametrize(
    ("worker", "cla", "has_one", "words"),
    [
        ("Sam Jones", True, True, "tell the social worker (Sam Jones) and the Virtual School"),
        ("Sam Jones", False, True, "tell the social worker (Sam Jones)"),
        (
            "",
            True,
            True,
            "tell the social worker (not recorded: add them as a contact) and the Virtual School",
        ),
        ("", False, False, "no social worker to tell: follow it up with the family"),
    ],
)
def test_whom_to_tell(worker: str, cla: bool, has_one: bool, words: str) -> None:
    assert whom_to_tell(worker, cla, has_one) == words


def test_a_log_entry_settles_the_current_occurrence_only() -> None:
    due = date(2026, 6, 1)
    opens = current_opening(due, date(2026, 6, 10), timedelta(days=28))
    assert opens == date(2026, 5, 4)
    assert is_settled([date(2026, 5, 4)], opens, date(2026, 6, 10))
    assert not is_settled([date(2026, 5, 3)], opens, date(2026, 6, 10))  # before it opened
    assert not is_settled([date(2026, 6, 11)], opens, date(2026, 6, 10))  # after the date asked about
    # a year on, the next occurrence has opened: last year's entry no longer settles it
    later = date(2027, 5, 4)
    assert current_opening(due, later, timedelta(days=28)) == date(2027, 5, 4)


@pytest.mark.parametrize(("logged", "on", "settled"), [(0, 0, True), (0, 41, True), (0, 42, False)])
def test_attendance_is_settled_for_six_weeks(logged: int, on: int, settled: bool) -> None:
    day = date(2026, 1, 5)
    asked = day + timedelta(days=on)
    assert is_settled([day + timedelta(days=logged)], attendance_opening(asked), asked) is settled


@pytest.mark.parametrize(
    ("names", "shown"),
    [
        (("Zoë", "Nuñez", "", ""), "Zoë Nuñez"),
        (("Zoë", "Nuñez", "Zo", ""), "Zo Nuñez"),
        (("Zoë", "Nuñez", "", "Smith"), "Zoë Smith"),
        (("Zoë", "Nuñez", "Zo", "Smith"), "Zo Smith"),
        (("Zoë", "Nuñez", "  ", " "), "Zoë Nuñez"),
    ],
)
def test_display_name_honours_both_preferred_names(names: tuple[str, str, str, str], shown: str) -> None:
    assert display_name(*names) == shown


@pytest.mark.parametrize(
    ("text", "route"),
    [
        ("adoption", PlaRoute.ADOPTION),
        ("SGO", PlaRoute.SGO),
        ("Adopted from state care outside England and Wales", PlaRoute.ADOPTED_OUTSIDE_ENGLAND_WALES),
        ("adopted outside e&w", PlaRoute.ADOPTED_OUTSIDE_ENGLAND_WALES),
        ("", None),
        ("Fostering", None),
    ],
)
def test_pla_routes_read_from_values_or_words(text: str, route: PlaRoute | None) -> None:
    assert pla_route(text) == route
