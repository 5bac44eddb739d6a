"""School settings and term dates: saved when valid, refused with field-specific messages when not."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlmodel import select

from cwsw_desktop.models import AuditEvent
from cwsw_desktop.rules.calendar import AcademicYearDates, TermDates, default_terms
from cwsw_desktop.services.errors import ValidationError
from cwsw_desktop.services.school import (
    SchoolSettings,
    academic_years,
    load_settings,
    save_academic_year,
    save_settings,
)
from cwsw_desktop.store import unit_of_work

GOOD = SchoolSettings(
    name="Larkspur Demonstration Academy",
    urn="999999",
    vs_email="vs@example.org",
    policy_approved=date(2026, 10, 1),
    policy_review=date(2027, 10, 1),
)


def test_settings_round_trip_and_are_audited(store):
    save_settings(store.engine, GOOD)
    assert load_settings(store.engine) == GOOD
    with unit_of_work(store.engine) as s:
        fields = {e.field_name for e in s.exec(select(AuditEvent).where(AuditEvent.entity == "school"))}
    assert {"name", "urn", "vs_email"} <= fields


@pytest.mark.parametrize(
    "change, field, words",
    [
        ({"name": "  "}, "School name", "required"),
        ({"urn": "12ab"}, "URN", "6 digits"),
        ({"vs_email": "not-an-email"}, "Virtual School e-mail", "not an e-mail"),
        ({"policy_review": date(2026, 9, 1)}, "Policy review date", "after the approval"),
        ({"dt_training_days": 31.0}, "DT training days", "between 0 and 30"),
        ({"pep_due_soon_days": 400}, "PEP due-soon window", "between 0 and 120"),
        ({"persistent_absence_pct": 40.0}, "Persistent absence threshold", "between 50% and 100%"),
        ({"dt_since": 1850}, "DT since", "not a plausible year"),
    ],
)
def test_bad_settings_are_refused_with_the_field_named_and_nothing_saved(store, change, field, words):
    save_settings(store.engine, GOOD)
    with pytest.raises(ValidationError) as err:
        save_settings(store.engine, replace(GOOD, **change))
    assert [p.field for p in err.value.problems] == [field]
    assert words in err.value.problems[0].message
    assert load_settings(store.engine) == GOOD


def test_term_dates_saved_and_overlaps_refused(store):
    year = default_terms(2026)
    save_academic_year(store.engine, year)
    assert academic_years(store.engine) == [year]
    autumn, spring, summer = year.terms
    overlapping = AcademicYearDates(
        2026, (autumn, TermDates("Spring", date(2026, 12, 1), spring.end), summer)
    )
    with pytest.raises(ValidationError, match="overlaps"):
        save_academic_year(store.engine, overlapping)
    backwards = AcademicYearDates(2026, (TermDates("Autumn", autumn.end, autumn.start), spring, summer))
    with pytest.raises(ValidationError, match="ends before it starts"):
        save_academic_year(store.engine, backwards)
    assert academic_years(store.engine) == [year]
