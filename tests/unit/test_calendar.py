"""rules/calendar.add_school_days remembers its answers: the same answers, asked again or not,
and new ones for edited dates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from cwsw_desktop.rules.calendar import AcademicYearDates, add_school_days, default_terms


def test_add_school_days_gives_the_same_answer_when_asked_again_and_for_equal_years() -> None:
    years = [default_terms(2025), default_terms(2026)]
    first = add_school_days(date(2025, 10, 20), 20, years)
    # The October half term (a week of weekdays) is skipped, so 20 school days take 5 weeks.
    assert first == date(2025, 11, 24)
    assert add_school_days(date(2025, 10, 20), 20, years) == first  # remembered
    assert add_school_days(date(2025, 10, 20), 20, [default_terms(2025), default_terms(2026)]) == first
    # With no years known every weekday counts: the answer remembered for `years` is not reused.
    assert add_school_days(date(2025, 10, 20), 20, []) == date(2025, 11, 17)
    assert add_school_days(date(2025, 11, 24), -20, years) == date(2025, 10, 20)


def test_a_tuple_of_years_is_remembered_by_itself_and_an_edited_one_answers_anew() -> None:
    years = (default_terms(2025), default_terms(2026))
    first = add_school_days(date(2025, 10, 20), 20, years)
    assert add_school_days(date(2025, 10, 20), 20, years) == first == date(2025, 11, 24)
    autumn, spring, summer = years[0].terms
    no_half_term = replace(autumn, half_term_start=None, half_term_end=None)  # the school's edit
    edited = (AcademicYearDates(2025, (no_half_term, spring, summer)), years[1])
    assert add_school_days(date(2025, 10, 20), 20, edited) == date(2025, 11, 17)
    assert add_school_days(date(2025, 10, 20), 20, years) == first
    assert add_school_days(date(2025, 10, 20), 20, list(years)) == first
