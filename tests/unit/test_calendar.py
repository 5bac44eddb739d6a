"""rules/calendar.add_school_days remembers its answers: the same answers, asked again or not."""

from __future__ import annotations

from datetime import date

from cwsw_desktop.rules.calendar import add_school_days, default_terms


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
