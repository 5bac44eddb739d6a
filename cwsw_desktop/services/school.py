"""School settings and academic years: read, validate, save."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from sqlalchemy import Engine
from sqlmodel import col, select

from cwsw_desktop.models import AcademicYear, School
from cwsw_desktop.models.school import SETTINGS_FIELDS as SETTINGS_FIELDS
from cwsw_desktop.models.school import SchoolSettings as SchoolSettings
from cwsw_desktop.rules.calendar import (
    AcademicYearDates,
    TermDates,
    academic_year_of,
    default_terms,
    validate_year,
)
from cwsw_desktop.services import audit
from cwsw_desktop.services.errors import Problem, ValidationError, refuse_if
from cwsw_desktop.services.records import delete_row, set_fields
from cwsw_desktop.store import unit_of_work

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URN = re.compile(r"^\d{6}$")


def load_settings(engine: Engine) -> SchoolSettings:
    with unit_of_work(engine) as session:
        row = session.get(School, 1)
        if row is None:
            return SchoolSettings()
        return SchoolSettings(**{name: getattr(row, name) for name in SETTINGS_FIELDS})


def settings_problems(s: SchoolSettings, today: date | None = None) -> list[Problem]:
    """Every problem with the settings, each naming its field."""
    today = today or date.today()
    problems: list[Problem] = []
    if not s.name.strip():
        problems.append(Problem("School name", "is required"))
    if s.urn and not URN.match(s.urn):
        problems.append(Problem("URN", f"'{s.urn}' should be 6 digits"))
    if s.vs_email and not EMAIL.match(s.vs_email):
        problems.append(Problem("Virtual School e-mail", f"'{s.vs_email}' is not an e-mail address"))
    for label, year in (
        ("DT since", s.dt_since),
        ("Governor since", s.governor_since),
        ("DSL since", s.dsl_since),
    ):
        if year is not None and not 1990 <= year <= today.year + 1:
            problems.append(Problem(label, f"{year} is not a plausible year"))
    if s.policy_approved and s.policy_review and s.policy_review <= s.policy_approved:
        problems.append(Problem("Policy review date", "must be after the approval date"))
    if not 0 <= s.dt_training_days <= 30:
        problems.append(Problem("DT training days", "must be between 0 and 30"))
    if not 0 <= s.pep_due_soon_days <= 120:
        problems.append(Problem("PEP due-soon window", "must be between 0 and 120 days"))
    if not 5 <= s.first_pep_school_days <= 30:  # PEP
        problems.append(Problem("First PEP due after", "must be between 5 and 30 school days"))
    if not 50 < s.persistent_absence_pct < 100:
        problems.append(Problem("Persistent absence threshold", "must be between 50% and 100%"))
    # Training
    if not 0 < s.training_hours_per_day <= 12:
        problems.append(Problem("Hours in a training day", "must be more than 0 and at most 12"))
    if s.training_trained_means not in ("this-year", "ever"):
        problems.append(
            Problem("Trained means", f"'{s.training_trained_means}' is not 'this-year' or 'ever'")
        )
    # Exclusions
    if s.consult_scope not in ("looked-after", "social-worker"):
        problems.append(Problem("Consult before suspending", f"'{s.consult_scope}' is not a choice offered"))
    if not 1 <= s.repeated_in_term <= 20:
        problems.append(Problem("Repeated suspensions in a term", "must be between 1 and 20"))
    if not 1 <= s.repeated_in_year <= 50:
        problems.append(Problem("Repeated suspensions in a year", "must be between 1 and 50"))
    if not 10 <= s.ap_full_time_hours <= 40:
        problems.append(Problem("Full-time alternative provision", "must be between 10 and 40 hours a week"))
    return problems


def save_settings(engine: Engine, settings: SchoolSettings) -> None:
    refuse_if(settings_problems(settings))
    with unit_of_work(engine) as session:
        row = session.get(School, 1) or School(id=1)
        set_fields(session, "school", row, {name: getattr(settings, name) for name in SETTINGS_FIELDS})


def _to_dates(row: AcademicYear) -> AcademicYearDates:
    return AcademicYearDates(
        start_year=row.start_year,
        terms=(
            TermDates("Autumn", row.autumn_start, row.autumn_end, row.autumn_half_start, row.autumn_half_end),
            TermDates("Spring", row.spring_start, row.spring_end, row.spring_half_start, row.spring_half_end),
            TermDates("Summer", row.summer_start, row.summer_end, row.summer_half_start, row.summer_half_end),
        ),
    )


def year_columns(year: AcademicYearDates) -> dict[str, date | None]:
    """The AcademicYear columns for a year's dates."""
    values: dict[str, date | None] = {}
    for key, term in zip(("autumn", "spring", "summer"), year.terms, strict=True):
        values |= {
            f"{key}_start": term.start,
            f"{key}_end": term.end,
            f"{key}_half_start": term.half_term_start,
            f"{key}_half_end": term.half_term_end,
        }
    return values


def academic_years(engine: Engine) -> list[AcademicYearDates]:
    """Every academic year the school has set, oldest first."""
    with unit_of_work(engine) as session:
        rows = session.exec(select(AcademicYear).order_by(col(AcademicYear.start_year))).all()
        return [_to_dates(r) for r in rows]


def year_dates(engine: Engine, start_year: int) -> AcademicYearDates:
    """The school's dates for that year, or the England default pattern if not set."""
    with unit_of_work(engine) as session:
        row = session.exec(select(AcademicYear).where(AcademicYear.start_year == start_year)).first()
        return _to_dates(row) if row else default_terms(start_year)


def years_around(engine: Engine, today: date, back: int = 7, ahead: int = 1) -> list[AcademicYearDates]:
    """Years from `back` before today's to `ahead` after, school dates where set, else defaults."""
    current = academic_year_of(today)
    saved = {y.start_year: y for y in academic_years(engine)}
    return [saved.get(y) or default_terms(y) for y in range(current - back, current + ahead + 1)]


def save_academic_year(engine: Engine, year: AcademicYearDates) -> None:
    messages = validate_year(year)
    if messages:
        raise ValidationError([Problem(f"Terms {year.label}", m) for m in messages])
    values = year_columns(year)
    with unit_of_work(engine) as session:
        row = session.exec(
            select(AcademicYear).where(AcademicYear.start_year == year.start_year)
        ).first() or AcademicYear.model_validate({"start_year": year.start_year, **values})
        before = {k: getattr(row, k) for k in values} if row.id else {}
        for key, value in values.items():
            setattr(row, key, value)
        session.add(row)
        session.flush()
        for key, value in values.items():
            if before.get(key) != value:
                audit.record(
                    session,
                    "update" if before else "create",
                    "academic_year",
                    row.id,
                    field_name=key,
                    old=before.get(key),
                    new=value,
                )


def delete_academic_year(engine: Engine, start_year: int) -> None:
    with unit_of_work(engine) as session:
        row = session.exec(select(AcademicYear).where(AcademicYear.start_year == start_year)).first()
        if row is not None:
            delete_row(session, "academic_year", row, detail=_to_dates(row).label)


def with_defaults(settings: SchoolSettings, **changes: object) -> SchoolSettings:
    return replace(settings, **changes)  # type: ignore[arg-type]  # field names and types are checked by the dataclass at run time
