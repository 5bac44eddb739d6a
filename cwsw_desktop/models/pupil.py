"""A pupil, their status history, contacts and SDQ results."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from cwsw_desktop.models.columns import one_of, pupil_key
from cwsw_desktop.rules.status import SOCIAL_WORKER_ROLE as SOCIAL_WORKER_ROLE  # kept importable here
from cwsw_desktop.rules.status import SenStatus


class Pupil(SQLModel, table=True):
    __tablename__ = "pupil"
    __table_args__ = (
        one_of("sen_status", SenStatus, "sen_status_code"),
        CheckConstraint(
            "attendance_pct IS NULL OR (attendance_pct >= 0 AND attendance_pct <= 100)",
            name="attendance_range",
        ),
        CheckConstraint(
            "leaving_date IS NULL OR admission_date IS NULL OR leaving_date >= admission_date",
            name="leaving_after_admission",
        ),
        CheckConstraint(
            "year_group_override IS NULL OR (year_group_override >= -2 AND year_group_override <= 14)",
            name="year_group_range",
        ),
        CheckConstraint("length(upn) = 13", name="upn_length"),
    )

    id: int | None = Field(default=None, primary_key=True)
    upn: str = Field(unique=True, index=True, max_length=13)
    legal_surname: str = Field(index=True, max_length=100)
    legal_forename: str = Field(max_length=100)
    preferred_forename: str = Field(default="", max_length=100)
    preferred_surname: str = Field(default="", max_length=100)
    date_of_birth: date
    gender: str = Field(default="", max_length=20)
    admission_date: date | None = None
    leaving_date: date | None = Field(default=None, index=True)
    year_group_override: int | None = None
    sen_status: str = Field(default="N", max_length=1)
    ehcp_review_date: date | None = None  # the next review, as typed or imported
    pp_plus: bool = False
    key_adult: str = Field(default="", max_length=120)
    attendance_pct: float | None = None
    notes: str = ""
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    updated_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    # What is due (migration 0006): the last EHCP annual review; the next is due 12 months after.
    ehcp_last_review: date | None = None


class StatusEpisode(SQLModel, table=True):
    """A period in one category: CLA, PLA, CIN or CP."""

    __tablename__ = "status_episode"
    __table_args__ = (
        one_of("category", ("CLA", "PLA", "CIN", "CP"), "category_code"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="episode_order"),
    )

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int = pupil_key()
    category: str = Field(max_length=3, index=True)
    start_date: date
    end_date: date | None = None
    responsible_la: str = Field(default="", max_length=120)
    placement_type: str = Field(default="", max_length=80)
    pla_route: str = Field(default="", max_length=20)


class Contact(SQLModel, table=True):
    """Someone the DT works with about the child: social worker, VS adviser, carer, others."""

    __tablename__ = "contact"

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int = pupil_key()
    role: str = Field(max_length=40)
    name: str = Field(max_length=120)
    organisation: str = Field(default="", max_length=120)
    phone: str = Field(default="", max_length=40)
    email: str = Field(default="", max_length=200)


class SdqResult(SQLModel, table=True):
    __tablename__ = "sdq_result"
    __table_args__ = (
        CheckConstraint("total >= 0 AND total <= 40", name="sdq_total_range"),
        one_of("version", ("carer", "teacher"), "sdq_version"),
    )

    id: int | None = Field(default=None, primary_key=True)
    pupil_id: int = pupil_key()
    taken_on: date
    version: str = Field(max_length=10)
    total: int
