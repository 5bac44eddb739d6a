"""The school's own settings (one row) and its academic years with their term dates."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import TYPE_CHECKING, Any, get_type_hints

from sqlalchemy import CheckConstraint, String
from sqlmodel import Field, SQLModel

from cwsw_desktop.models.columns import one_of


@dataclass(frozen=True)
class SchoolSettings:
    """The school's settings as services and dialogs pass them around. The `School` row has a
    column for each, of the same name, type and default, built from this class: a setting is
    added here (at the end, in a block commented with its area) and nowhere else but a migration."""

    name: str = ""
    urn: str = ""
    local_authority: str = ""
    vs_phone: str = ""
    vs_email: str = ""
    vs_adviser: str = ""
    dt_name: str = ""
    dt_since: int | None = None
    governor_name: str = ""
    governor_since: int | None = None
    dsl_name: str = ""
    dsl_since: int | None = None
    policy_approved: date | None = None
    policy_review: date | None = None
    dt_training_days: float = 2.0
    pep_due_soon_days: int = 14
    persistent_absence_pct: float = 90.0
    # Governors: print counts of 1 or 2 as "fewer than 3" in the Report to Governors.
    suppress_small_counts: bool = True
    # Training: hours in a training day; "trained" means this academic year ("this-year") or "ever".
    training_hours_per_day: float = 6.0
    training_trained_means: str = "this-year"
    # Exclusions (migration 0008): whom to consult before suspending (a rules.exclusions.ConsultScope
    # value), when suspensions count as repeated, and the hours of full-time alternative provision.
    consult_scope: str = "looked-after"
    repeated_in_term: int = 2
    repeated_in_year: int = 3
    ap_full_time_hours: float = 32.5
    # PEP: the first PEP is due this many school days after coming into care (some LAs use 20).
    first_pep_school_days: int = 10


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


_HINTS = get_type_hints(SchoolSettings)
_SETTINGS_ANNOTATIONS = {f.name: _HINTS[f.name] for f in fields(SchoolSettings)}
_SETTINGS_COLUMNS = {
    f.name: Field(default=f.default, **_COLUMN_OPTIONS.get(f.name, {})) for f in fields(SchoolSettings)
}


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
