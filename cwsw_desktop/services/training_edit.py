"""Training log: adding, changing and deleting staff, courses and training records.

Every function checks its whole input first (each problem naming its field), then saves in one
unit of work with an audit event for each change, or raises ValidationError and saves nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from cwsw_desktop.models import (
    CourseAlias,
    CourseCategory,
    StaffMember,
    StaffRole,
    TrainingAttendance,
    TrainingCourse,
    TrainingSession,
)
from cwsw_desktop.rules.training import course_key, person_key
from cwsw_desktop.services import audit
from cwsw_desktop.services.errors import NotFoundError, Problem, ValidationError, refuse_if
from cwsw_desktop.services.records import add_row, delete_row, existing, set_fields
from cwsw_desktop.store import unit_of_work

EARLIEST = date(1990, 1, 1)
MAX_HOURS = 100.0


@dataclass(frozen=True)
class StaffInput:
    name: str
    role: StaffRole = StaffRole.TEACHER
    job_title: str = ""
    start_date: date | None = None
    leaving_date: date | None = None
    is_dt: bool = False
    is_deputy_dt: bool = False
    is_dsl: bool = False
    is_deputy_dsl: bool = False


@dataclass(frozen=True)
class CourseInput:
    name: str
    category: CourseCategory = CourseCategory.OTHER
    valid_for_months: int | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class SessionInput:
    course_id: int
    held_on: date
    hours: float
    attendee_ids: tuple[int, ...]
    provider: str = ""
    notes: str = ""
    whole_staff: bool = False


def _apply(session: Session, entity: str, row: Any, values: dict[str, Any]) -> None:
    """Set the values on `row`, auditing each field that changes (a new row: one 'create')."""
    if row.id is not None:
        set_fields(session, entity, row, values)
        session.flush()
        return
    for k, v in values.items():
        setattr(row, k, v)
    add_row(session, entity, row, detail=str(values.get("name", "")))


# --- staff ---------------------------------------------------------------------------------------


def staff_problems(session: Session, data: StaffInput, staff_id: int | None) -> list[Problem]:
    problems = []
    name = " ".join(data.name.split())
    if not name:
        problems.append(Problem("Name", "is required"))
    elif len(name) > 120:
        problems.append(Problem("Name", "is longer than 120 characters"))
    if len(data.job_title) > 80:
        problems.append(Problem("Job title", "is longer than 80 characters"))
    if data.start_date and data.leaving_date and data.leaving_date < data.start_date:
        problems.append(Problem("Leaving date", "is before the start date"))
    others = [m for m in session.exec(select(StaffMember)).all() if m.id != staff_id]
    if name and any(person_key(m.name) == person_key(name) for m in others):
        problems.append(Problem("Name", f"'{name}' is already on the staff register"))
    for flag, title in (("is_dt", "Designated Teacher"), ("is_dsl", "Designated Safeguarding Lead")):
        if getattr(data, flag) and data.leaving_date is None:
            holder = next((m for m in others if getattr(m, flag) and m.leaving_date is None), None)
            if holder is not None:
                problems.append(
                    Problem(
                        title,
                        f"{holder.name} is already the {title}: untick them or give them a leaving date first",
                    )
                )
    return problems


def save_staff(engine: Engine, data: StaffInput, staff_id: int | None = None) -> int:
    """Add a person (staff_id None) or change one; returns their id."""
    with unit_of_work(engine) as session:
        refuse_if(staff_problems(session, data, staff_id))
        row = StaffMember(name="") if staff_id is None else session.get(StaffMember, staff_id)
        if row is None:
            raise NotFoundError(f"staff member {staff_id} not found")
        values = {f.name: getattr(data, f.name) for f in fields(StaffInput)}
        values["name"] = " ".join(data.name.split())
        values["job_title"] = data.job_title.strip()
        values["role"] = StaffRole(data.role).value
        _apply(session, "staff_member", row, values)
        assert row.id is not None
        return row.id


def delete_staff(engine: Engine, staff_id: int) -> None:
    """Remove someone entered by mistake. A person with training records is refused: give
    them a leaving date instead, so the record of what they attended is kept."""
    with unit_of_work(engine) as session:
        row = existing(session, StaffMember, staff_id, f"staff member {staff_id} not found")
        count = session.exec(
            select(func.count())
            .select_from(TrainingAttendance)
            .where(TrainingAttendance.staff_id == staff_id)
        ).one()
        if count:
            raise ValidationError(
                [
                    Problem(
                        "Staff member",
                        f"{row.name} has {count} training record(s): give them a leaving date instead",
                    )
                ]
            )
        delete_row(session, "staff_member", row, detail=row.name)


# --- courses -------------------------------------------------------------------------------------


def course_problems(session: Session, data: CourseInput, course_id: int | None) -> list[Problem]:
    problems = []
    name = " ".join(data.name.split())
    if not course_key(name):
        problems.append(Problem("Course name", "is required"))
    elif len(name) > 200:
        problems.append(Problem("Course name", "is longer than 200 characters"))
    if data.valid_for_months is not None and not 1 <= data.valid_for_months <= 120:
        problems.append(Problem("Valid for", "must be between 1 and 120 months, or left empty"))
    taken: dict[str, str] = {}
    for c in session.exec(select(TrainingCourse)).all():
        if c.id != course_id:
            taken[course_key(c.name)] = c.name
    for a in session.exec(select(CourseAlias)).all():
        if a.course_id != course_id:
            owner = session.get(TrainingCourse, a.course_id)
            taken[course_key(a.alias)] = owner.name if owner else "another course"
    mine: set[str] = set()
    for label, text in [("Course name", name)] + [("Aliases", a) for a in data.aliases]:
        key = course_key(text)
        if not key:
            continue
        if key in taken:
            problems.append(Problem(label, f"'{text}' already names the course '{taken[key]}'"))
        elif key in mine and label == "Aliases":
            problems.append(Problem(label, f"'{text}' is the same as the name or another alias"))
        mine.add(key)
    return problems


def save_course(engine: Engine, data: CourseInput, course_id: int | None = None) -> int:
    """Add a course (course_id None) or change one, aliases included; returns its id."""
    with unit_of_work(engine) as session:
        refuse_if(course_problems(session, data, course_id))
        return write_course(session, data, course_id)


def write_course(session: Session, data: CourseInput, course_id: int | None) -> int:
    row = TrainingCourse(name="") if course_id is None else session.get(TrainingCourse, course_id)
    if row is None:
        raise NotFoundError(f"course {course_id} not found")
    values = {
        "name": " ".join(data.name.split()),
        "category": CourseCategory(data.category).value,
        "valid_for_months": data.valid_for_months,
    }
    _apply(session, "training_course", row, values)
    assert row.id is not None
    old = {a.alias: a for a in session.exec(select(CourseAlias).where(CourseAlias.course_id == row.id)).all()}
    new = [" ".join(a.split()) for a in data.aliases if course_key(a)]
    for text, alias in old.items():
        if text not in new:
            delete_row(session, "training_course_alias", alias, detail=f"{values['name']}: {text}")
    for text in dict.fromkeys(new):
        if text not in old:
            alias = CourseAlias(course_id=row.id, alias=text)
            add_row(session, "training_course_alias", alias, detail=f"{values['name']}: {text}")
    return row.id


def delete_course(engine: Engine, course_id: int) -> None:
    """Remove a course no record uses (one in use is refused, naming how many records)."""
    with unit_of_work(engine) as session:
        row = existing(session, TrainingCourse, course_id, f"course {course_id} not found")
        count = session.exec(
            select(func.count()).select_from(TrainingSession).where(TrainingSession.course_id == course_id)
        ).one()
        if count:
            raise ValidationError([Problem("Course", f"'{row.name}' is used by {count} training record(s)")])
        delete_row(session, "training_course", row, detail=row.name)


# --- training records ----------------------------------------------------------------------------


def session_problems(session: Session, data: SessionInput, today: date) -> list[Problem]:
    problems = []
    if session.get(TrainingCourse, data.course_id) is None:
        problems.append(Problem("Course", "choose a course from the catalogue"))
    if data.held_on < EARLIEST:
        problems.append(Problem("Date", f"{data.held_on:%d/%m/%Y} is before 1990"))
    elif data.held_on > today + timedelta(days=366):
        problems.append(Problem("Date", f"{data.held_on:%d/%m/%Y} is more than a year ahead"))
    if not 0 < data.hours <= MAX_HOURS:
        problems.append(Problem("Hours", f"must be more than 0 and at most {MAX_HOURS:g}"))
    if len(data.provider) > 200:
        problems.append(Problem("Provider", "is longer than 200 characters"))
    if not data.attendee_ids:
        problems.append(Problem("Attendees", "tick at least one person"))
    known = set(session.exec(select(StaffMember.id).where(col(StaffMember.id).in_(data.attendee_ids))).all())
    missing = sorted(set(data.attendee_ids) - known)
    if missing:
        problems.append(Problem("Attendees", f"{len(missing)} person(s) are not on the staff register"))
    return problems


def save_session(engine: Engine, data: SessionInput, today: date, session_id: int | None = None) -> int:
    """Record a training session with its attendees (or change one); returns its id."""
    with unit_of_work(engine) as session:
        refuse_if(session_problems(session, data, today))
        return write_session(session, data, session_id)


def write_session(session: Session, data: SessionInput, session_id: int | None = None) -> int:
    """Save a checked session in the caller's unit of work (the import uses it too)."""
    row = (
        TrainingSession(course_id=data.course_id, held_on=data.held_on, hours=data.hours)
        if session_id is None
        else session.get(TrainingSession, session_id)
    )
    if row is None:
        raise NotFoundError(f"training record {session_id} not found")
    values = {
        "course_id": data.course_id,
        "held_on": data.held_on,
        "hours": float(data.hours),
        "provider": data.provider.strip(),
        "notes": data.notes.strip(),
        "whole_staff": data.whole_staff,
    }
    _apply(session, "training_session", row, values)
    assert row.id is not None
    before = set(
        session.exec(select(TrainingAttendance.staff_id).where(TrainingAttendance.session_id == row.id)).all()
    )
    after = set(data.attendee_ids)
    for staff_id in sorted(before - after):
        link = session.get(TrainingAttendance, (row.id, staff_id))
        if link is not None:
            session.delete(link)
    for staff_id in sorted(after - before):
        session.add(TrainingAttendance(session_id=row.id, staff_id=staff_id))
    if before != after:
        audit.record(
            session,
            "update",
            "training_session",
            row.id,
            field_name="attendees",
            old=len(before),
            new=len(after),
            detail=f"{len(after - before)} added, {len(before - after)} removed",
        )
    session.flush()
    return row.id


def delete_session(engine: Engine, session_id: int) -> None:
    with unit_of_work(engine) as session:
        row = existing(session, TrainingSession, session_id, f"training record {session_id} not found")
        delete_row(session, "training_session", row, detail=f"held on {row.held_on:%d/%m/%Y}")
