"""The school's own settings (one row) and its academic years with their term dates."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint, String
from sqlmodel import Field, SQLModel

from cwsw_desktop.models.columns import columns_of, one_of
from cwsw_desktop.rules.settings import SchoolSettings as SchoolSettings  # declared without the ORM

SETTINGS_FIELDS = [f.name for f in fields(SchoolSettings)]

# What a column needs besides its type and default: the length of a text, the SQL type of a choice.
_COLUMN_OPTIONS: dict[str, dict[str, Any]] = {
    "name": {"max_length": 200},
    "urn": {"max_length": 20},
    "local_authority": {"max_length": 120},
    "vs_phone": {"max_length": 40},
    "vs_email": {"max_length": 200},
    "vs_adviser": {"max_length": 120},
    "dt_name": {"max_length": 120},
    "governor_name": {"max_length": 120},
    "dsl_name": {"max_length": 120},
    "training_trained_means": {"max_length": 10},
    "consult_scope": {"sa_type": String(16)},
}


_SETTINGS_ANNOTATIONS, _SETTINGS_COLUMNS = columns_of(SchoolSettings, _COLUMN_OPTIONS)


class School(SQLModel, table=True):
    """Settings for the one school this store belongs to (always id 1): an id, then one column
    per `SchoolSettings` field."""

    __tablename__ = "school"
    __table_args__ = (
        CheckConstraint("dt_training_days >= 0 AND dt_training_days <= 30", name="dt_days_range"),
        CheckConstraint("pep_due_soon_days >= 0 AND pep_due_soon_days <= 120", name="due_soon_range"),
        CheckConstraint("persistent_absence_pct > 50 AND persistent_absence_pct < 100", name="absence_range"),
        # Training
        CheckConstraint(
            "training_hours_per_day > 0 AND training_hours_per_day <= 12", name="training_day_range"
        ),
        one_of("training_trained_means", ("this-year", "ever"), "training_trained_means"),
        # Exclusions
        one_of("consult_scope", ("looked-after", "social-worker"), "consult_scope"),
        CheckConstraint(
            "repeated_in_term >= 1 AND repeated_in_term <= 20 AND repeated_in_year >= 1 AND repeated_in_year <= 50",
            name="repeated_range",
        ),
        CheckConstraint("ap_full_time_hours >= 10 AND ap_full_time_hours <= 40", name="ap_full_time_range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # The settings columns, declared from SchoolSettings (so the two cannot drift apart).
    __annotations__.update(_SETTINGS_ANNOTATIONS)
    locals().update(_SETTINGS_COLUMNS)

    if TYPE_CHECKING:  # mypy cannot see columns declared from data: to it they are Any here

        def __getattr__(self, name: str) -> Any: ...


class AcademicYear(SQLModel, table=True):
    """One academic year (1 Sep – 31 Aug) and the dates of its three terms."""

    __tablename__ = "academic_year"
    __table_args__ = (
        CheckConstraint("autumn_start <= autumn_end", name="autumn_order"),
        CheckConstraint("spring_start <= spring_end", name="spring_order"),
        CheckConstraint("summer_start <= summer_end", name="summer_order"),
        CheckConstraint("autumn_end < spring_start AND spring_end < summer_start", name="terms_order"),
    )

    id: int | None = Field(default=None, primary_key=True)
    start_year: int = Field(unique=True, index=True, ge=1990, le=2100)
    autumn_start: date
    autumn_end: date
    spring_start: date
    spring_end: date
    summer_start: date
    summer_end: date
    # The half-term week in each term (not school days); empty when the school has not set it.
    autumn_half_start: date | None = None
    autumn_half_end: date | None = None
    spring_half_start: date | None = None
    spring_half_end: date | None = None
    summer_half_start: date | None = None
    summer_half_end: date | None = None
