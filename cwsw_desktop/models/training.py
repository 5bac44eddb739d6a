"""Staff, the course catalogue and the training they attended.

A training record is a `TrainingSession` (course, date, hours, provider, notes) with its
attendees in `TrainingAttendance`: one person's course is a session with one attendee, and a
whole-staff INSET is ONE session with many, so it is entered (and corrected) once.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, String
from sqlmodel import Field, SQLModel

from cwsw_desktop.models.columns import one_of, parent_key

# The enums live in rules/ (no SQLAlchemy there, for the duty rules); re-exported here.
from cwsw_desktop.rules.training_kinds import CourseCategory as CourseCategory
from cwsw_desktop.rules.training_kinds import StaffRole as StaffRole


class StaffMember(SQLModel, table=True):
    __tablename__ = "staff_member"
    __table_args__ = (
        one_of("role", StaffRole, "staff_role"),
        CheckConstraint(
            "leaving_date IS NULL OR start_date IS NULL OR start_date <= leaving_date", name="staff_dates"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, index=True)
    role: StaffRole = Field(default=StaffRole.OTHER, sa_type=String(20))
    job_title: str = Field(default="", max_length=80)
    start_date: date | None = None
    leaving_date: date | None = None  # a leaver drops out of every check from this date
    is_dt: bool = False
    is_deputy_dt: bool = False
    is_dsl: bool = False
    is_deputy_dsl: bool = False


class TrainingCourse(SQLModel, table=True):
    __tablename__ = "training_course"
    __table_args__ = (
        one_of("category", CourseCategory, "course_category"),
        CheckConstraint(
            "valid_for_months IS NULL OR (valid_for_months > 0 AND valid_for_months <= 120)",
            name="course_valid_for",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    category: CourseCategory = Field(default=CourseCategory.OTHER, sa_type=String(30))
    valid_for_months: int | None = None  # None: does not expire


class CourseAlias(SQLModel, table=True):
    """Another name a tracker uses for a course; matched ignoring case, punctuation and a
    bracketed suffix (`rules.training.course_key`)."""

    __tablename__ = "training_course_alias"

    id: int | None = Field(default=None, primary_key=True)
    course_id: int = parent_key("training_course.id")
    alias: str = Field(max_length=200)


class TrainingSession(SQLModel, table=True):
    __tablename__ = "training_session"
    __table_args__ = (CheckConstraint("hours > 0 AND hours <= 100", name="training_hours_range"),)

    id: int | None = Field(default=None, primary_key=True)
    course_id: int = parent_key("training_course.id", ondelete="RESTRICT")
    held_on: date = Field(index=True)
    hours: float
    provider: str = Field(default="", max_length=200)
    notes: str = ""
    whole_staff: bool = False


class TrainingAttendance(SQLModel, table=True):
    __tablename__ = "training_attendance"

    session_id: int = parent_key("training_session.id", index=False, primary_key=True)
    staff_id: int = parent_key("staff_member.id", primary_key=True)
