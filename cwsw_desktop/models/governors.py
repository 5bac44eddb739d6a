"""What the Report to Governors needs for each academic year that the records do not hold.

One row per academic year: the whole-school figures the cohort is compared with, the PP+ the
school received (an amount, or a rate times the eligible pupils), the designated governor for
that year, and Section 2 of the report (three strengths, three priorities, actions).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from cwsw_desktop.models.columns import columns_of


@dataclass(frozen=True)
class YearFigures:
    start_year: int
    school_attendance_pct: float | None = None
    school_persistent_absence_pct: float | None = None
    school_suspensions: int | None = None
    school_permanent_exclusions: int | None = None
    pp_plus_received_pence: int | None = None
    pp_plus_rate_pence: int | None = None
    pp_plus_eligible: int | None = None
    designated_governor: str = ""
    strength_1: str = ""
    strength_2: str = ""
    strength_3: str = ""
    priority_1: str = ""
    priority_2: str = ""
    priority_3: str = ""
    actions_leaders: str = ""
    actions_governors: str = ""

    @property
    def pp_plus_received(self) -> int | None:
        """PP+ received in pence: the amount if entered, else rate × eligible pupils, else None."""
        if self.pp_plus_received_pence is not None:
            return self.pp_plus_received_pence
        if self.pp_plus_rate_pence is not None and self.pp_plus_eligible is not None:
            return self.pp_plus_rate_pence * self.pp_plus_eligible
        return None


# What a column needs besides its type and default.
_COLUMN_OPTIONS: dict[str, dict[str, Any]] = {"designated_governor": {"max_length": 120}}
# The key is declared in the table itself.
_ANNOTATIONS, _COLUMNS = columns_of(YearFigures, _COLUMN_OPTIONS, skip=("start_year",))


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
    # One column per other YearFigures field, declared from it (so the two cannot drift apart).
    __annotations__.update(_ANNOTATIONS)
    locals().update(_COLUMNS)

    if TYPE_CHECKING:  # mypy cannot see columns declared from data: to it they are Any here

        def __getattr__(self, name: str) -> Any: ...
