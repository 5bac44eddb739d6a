"""What the Report to Governors needs for each academic year that the records do not hold.

One row per academic year: the whole-school figures the cohort is compared with, the PP+ the
school received (an amount, or a rate times the eligible pupils), the designated governor for
that year, and Section 2 of the report (three strengths, three priorities, actions).
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel


class GovernorsYear(SQLModel, table=True):
    __tablename__ = "governors_year"
    __table_args__ = (
        CheckConstraint(
            "school_attendance_pct IS NULL OR (school_attendance_pct >= 0 AND school_attendance_pct <= 100)",
            name="gov_attendance_range",
        ),
        CheckConstraint(
            "school_persistent_absence_pct IS NULL"
            " OR (school_persistent_absence_pct >= 0 AND school_persistent_absence_pct <= 100)",
            name="gov_pa_range",
        ),
        CheckConstraint(
            "(school_suspensions IS NULL OR school_suspensions >= 0)"
            " AND (school_permanent_exclusions IS NULL OR school_permanent_exclusions >= 0)",
            name="gov_exclusions_positive",
        ),
        CheckConstraint(
            "(pp_plus_received_pence IS NULL OR pp_plus_received_pence >= 0)"
            " AND (pp_plus_rate_pence IS NULL OR pp_plus_rate_pence >= 0)"
            " AND (pp_plus_eligible IS NULL OR pp_plus_eligible >= 0)",
            name="gov_pp_plus_positive",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    start_year: int = Field(unique=True, index=True, ge=1990, le=2100)
    # Whole-school figures to compare the cohort with (None: not entered yet).
    school_attendance_pct: float | None = None
    school_persistent_absence_pct: float | None = None
    school_suspensions: int | None = None
    school_permanent_exclusions: int | None = None
    # PP+ received: an amount in whole pence, or a rate (pence per pupil) times the eligible pupils.
    pp_plus_received_pence: int | None = None
    pp_plus_rate_pence: int | None = None
    pp_plus_eligible: int | None = None
    designated_governor: str = Field(default="", max_length=120)
    # Section 2: the plan for improvement.
    strength_1: str = ""
    strength_2: str = ""
    strength_3: str = ""
    priority_1: str = ""
    priority_2: str = ""
    priority_3: str = ""
    actions_leaders: str = ""
    actions_governors: str = ""
