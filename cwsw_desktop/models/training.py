"""Staff and the training they attended. A whole-staff session is one row with many attendees."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel


class StaffMember(SQLModel, table=True):
    __tablename__ = "staff_member"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, index=True)
    role: str = Field(default="", max_length=80)
    is_dt: bool = False
    is_dsl: bool = False
    active: bool = True


class TrainingSession(SQLModel, table=True):
    __tablename__ = "training_session"
    __table_args__ = (
        CheckConstraint("hours > 0 AND hours <= 100", name="training_hours_range"),
        CheckConstraint(
            "topic IN ('attachment', 'trauma', 'designated_teacher', 'dsl_formal', 'dsl_refresher', 'other')",
            name="training_topic",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    course: str
    held_on: date = Field(index=True)
    hours: float
    provider: str = ""
    topic: str = Field(default="other", max_length=20)
    whole_staff: bool = False


class TrainingAttendance(SQLModel, table=True):
    __tablename__ = "training_attendance"

    session_id: int = Field(
        sa_column=Column(Integer, ForeignKey("training_session.id", ondelete="CASCADE"), primary_key=True)
    )
    staff_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("staff_member.id", ondelete="CASCADE"), primary_key=True, index=True
        )
    )
