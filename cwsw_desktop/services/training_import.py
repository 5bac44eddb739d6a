"""Import training from a tracker: `Staff Name, Role, Course, Date, Hours, Provider` (CSV or XLSX).

1. :func:`parse_training_file` checks the whole file; every bad cell is reported by line and column.
2. :func:`plan_training_import` matches it to the store: people by name (case and spacing
   ignored), courses by name or alias (`rules.training.course_key`). Unknown people and courses
   are to be created, and the plan says so. Lines for the same course, date, hours and provider
   become ONE session with many attendees.
3. :func:`apply_training_import` plans again inside one transaction and saves all or nothing.

A person already recorded at a session with the same course, date, hours and provider is not
added again, so importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from cwsw_desktop.models import (
    CourseAlias,
    StaffMember,
    StaffRole,
    TrainingAttendance,
    TrainingCourse,
    TrainingSession,
)
from cwsw_desktop.rules.dates import format_date, parse_date
from cwsw_desktop.rules.training import course_key, person_key
from cwsw_desktop.services import audit
from cwsw_desktop.services.errors import Problem, ValidationError
from cwsw_desktop.services.tabular import Cell, FileError, cell_text, normalise_header, read_records
from cwsw_desktop.services.training_edit import CourseInput, SessionInput, write_course, write_session
from cwsw_desktop.store import unit_of_work

COLUMNS: dict[str, tuple[str, ...]] = {
    "Staff Name": ("staff name", "name", "staff member", "staff", "person"),
    "Role": ("role", "staff role"),
    "Course": ("course", "training", "course name", "training course"),
    "Date": ("date", "course date", "date attended", "training date"),
    "Hours": ("hours", "duration", "duration (hours)", "hours attended"),
    "Provider": ("provider", "trainer", "delivered by"),
}
REQUIRED = ("Staff Name", "Course", "Date", "Hours")
_SYNONYMS = {name: canonical for canonical, names in COLUMNS.items() for name in names}
ROLE_WORDS: dict[str, StaffRole] = {
    "teacher": StaffRole.TEACHER,
    "teaching assistant": StaffRole.TEACHING_ASSISTANT,
    "ta": StaffRole.TEACHING_ASSISTANT,
    "hlta": StaffRole.TEACHING_ASSISTANT,
    "leadership": StaffRole.LEADERSHIP,
    "senior leadership": StaffRole.LEADERSHIP,
    "slt": StaffRole.LEADERSHIP,
    "office": StaffRole.OFFICE,
    "admin": StaffRole.OFFICE,
    "governor": StaffRole.GOVERNOR,
    "other": StaffRole.OTHER,
}


@dataclass(frozen=True)
class TrainingLine:
    line: int
    name: str
    role: StaffRole | None
    course: str
    held_on: date
    hours: float
    provider: str


@dataclass(frozen=True)
class ParsedTraining:
    source: str
    lines: tuple[TrainingLine, ...] = ()
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class PlannedSession:
    course: str  # the catalogue's name (or the new course's)
    held_on: date
    hours: float
    provider: str
    existing_id: int | None  # None: a new session
    attendees: tuple[str, ...]  # names to add


@dataclass(frozen=True)
class TrainingPlan:
    source: str
    new_staff: tuple[tuple[str, StaffRole], ...] = ()
    new_courses: tuple[str, ...] = ()
    matched_courses: tuple[tuple[str, str], ...] = ()  # (wording in the file, the course it is)
    sessions: tuple[PlannedSession, ...] = ()
    already_recorded: int = 0
    problems: tuple[Problem, ...] = field(default=())

    @property
    def attendances(self) -> int:
        return sum(len(s.attendees) for s in self.sessions)

    @property
    def nothing_to_do(self) -> bool:
        return not (self.new_staff or self.new_courses or self.attendances)

    def summary(self) -> str:
        if self.problems:
            return f"Nothing was imported: {len(self.problems)} problem(s) in {self.source}."
        new = sum(1 for s in self.sessions if s.existing_id is None)
        return (
            f"{self.source}: {self.attendances} attendance(s) to record in {len(self.sessions)} session(s) "
            f"({new} new); {len(self.new_staff)} new staff member(s) and {len(self.new_courses)} new course(s) "
            f"to create; {self.already_recorded} line(s) already recorded."
        )


def parse_training_file(path: Path | str) -> ParsedTraining:
    path = Path(path)
    source = path.name
    try:
        records = list(read_records(path))
    except (FileError, OSError) as exc:
        return ParsedTraining(source, problems=(Problem("", str(exc)),))
    records = [r for r in records if any(cell_text(c) for c in r[1])]
    if not records:
        return ParsedTraining(source, problems=(Problem("", "the file is empty"),))
    header_line, header, _ = records[0]
    where: dict[str, int] = {}
    for index, cell in enumerate(header):
        canonical = _SYNONYMS.get(normalise_header(cell_text(cell)))
        if canonical and canonical not in where:
            where[canonical] = index
    missing = [c for c in REQUIRED if c not in where]
    if missing:
        return ParsedTraining(
            source,
            problems=(
                Problem(
                    "",
                    f"line {header_line} has no column {', '.join(missing)} (columns: {', '.join(COLUMNS)})",
                ),
            ),
        )
    lines: list[TrainingLine] = []
    problems: list[Problem] = []
    for number, cells, _ in records[1:]:

        def get(column: str, row: list[Cell] = cells) -> Cell:
            i = where.get(column)
            return row[i] if i is not None and i < len(row) else None

        bad = len(problems)
        name = " ".join(cell_text(get("Staff Name")).split())
        if not name:
            problems.append(Problem("Staff Name", "is empty", number))
        elif len(name) > 120:
            problems.append(Problem("Staff Name", "is longer than 120 characters", number))
        role_text = " ".join(cell_text(get("Role")).split()).casefold()
        role = ROLE_WORDS.get(role_text) if role_text else None
        if role_text and role is None:
            problems.append(
                Problem(
                    "Role",
                    f"'{cell_text(get('Role'))}' is not one of: {', '.join(sorted(ROLE_WORDS))}",
                    number,
                )
            )
        course = " ".join(cell_text(get("Course")).split())
        if not course_key(course):
            problems.append(Problem("Course", "is empty", number))
        elif len(course) > 200:
            problems.append(Problem("Course", "is longer than 200 characters", number))
        raw_date = get("Date")
        held_on: date | None = raw_date if isinstance(raw_date, date) else None
        if held_on is None:
            try:
                held_on = parse_date(cell_text(raw_date))
            except ValueError as exc:
                problems.append(Problem("Date", str(exc), number))
        raw_hours = get("Hours")
        try:
            hours = float(raw_hours) if isinstance(raw_hours, int | float) else float(cell_text(raw_hours))
            if not 0 < hours <= 100:
                problems.append(
                    Problem("Hours", f"{cell_text(raw_hours)} must be more than 0 and at most 100", number)
                )
        except ValueError:
            hours = 0.0
            problems.append(Problem("Hours", f"'{cell_text(raw_hours)}' is not a number of hours", number))
        provider = " ".join(cell_text(get("Provider")).split())
        if len(provider) > 200:
            problems.append(Problem("Provider", "is longer than 200 characters", number))
        if len(problems) == bad and held_on is not None:
            lines.append(TrainingLine(number, name, role, course, held_on, hours, provider))
    return ParsedTraining(source, tuple(lines), tuple(problems))


def _plan(session: Session, parsed: ParsedTraining) -> TrainingPlan:
    if parsed.problems:
        return TrainingPlan(parsed.source, problems=parsed.problems)
    people = {person_key(m.name): m for m in session.exec(select(StaffMember)).all()}
    courses: dict[str, TrainingCourse] = {}
    for c in session.exec(select(TrainingCourse)).all():
        courses[course_key(c.name)] = c
    for a in session.exec(select(CourseAlias)).all():
        owner = session.get(TrainingCourse, a.course_id)
        if owner is not None:
            courses.setdefault(course_key(a.alias), owner)
    new_staff: dict[str, tuple[str, StaffRole]] = {}
    new_courses: dict[str, str] = {}
    matched: dict[str, str] = {}
    existing: dict[tuple[int, date, float, str], tuple[int, set[int]]] = {}
    for s in session.exec(select(TrainingSession)).all():
        ids = set(
            session.exec(
                select(TrainingAttendance.staff_id).where(TrainingAttendance.session_id == s.id)
            ).all()
        )
        existing.setdefault((s.course_id, s.held_on, s.hours, s.provider.casefold()), (s.id or 0, ids))
    groups: dict[tuple[str, date, float, str], dict[str, str]] = {}
    providers: dict[tuple[str, date, float, str], str] = {}
    already = 0
    for line in parsed.lines:
        pkey, ckey = person_key(line.name), course_key(line.course)
        member = people.get(pkey)
        if member is None and pkey not in new_staff:
            new_staff[pkey] = (line.name, line.role or StaffRole.OTHER)
        course = courses.get(ckey)
        if course is None:
            new_courses.setdefault(ckey, line.course)
            course_name = new_courses[ckey]
        else:
            course_name = course.name
            if course_key(course.name) != ckey:
                matched.setdefault(line.course, course.name)
        if course is not None and member is not None:
            found = existing.get((course.id or 0, line.held_on, line.hours, line.provider.casefold()))
            if found is not None and (member.id or 0) in found[1]:
                already += 1
                continue
        key = (course_key(course_name), line.held_on, line.hours, line.provider.casefold())
        providers.setdefault(key, line.provider)
        names = groups.setdefault(key, {})
        if pkey in names:
            already += 1  # the same person twice in the file
            continue
        names[pkey] = member.name if member is not None else new_staff[pkey][0]
    sessions = []
    for (ckey, held_on, hours, provider_key), names in groups.items():
        course = courses.get(ckey)
        found = existing.get((course.id or 0, held_on, hours, provider_key)) if course is not None else None
        sessions.append(
            PlannedSession(
                course.name if course is not None else new_courses[ckey],
                held_on,
                hours,
                providers[(ckey, held_on, hours, provider_key)],
                found[0] if found else None,
                tuple(sorted(names.values(), key=str.casefold)),
            )
        )
    sessions.sort(key=lambda s: (s.held_on, s.course))
    return TrainingPlan(
        parsed.source,
        tuple(new_staff.values()),
        tuple(new_courses.values()),
        tuple(matched.items()),
        tuple(sessions),
        already,
    )


def plan_training_import(engine: Engine, parsed: ParsedTraining) -> TrainingPlan:
    with unit_of_work(engine) as session:
        return _plan(session, parsed)


@dataclass(frozen=True)
class TrainingImportResult:
    source: str
    attendances: int
    sessions: int
    new_staff: int
    new_courses: int

    def summary(self) -> str:
        return (
            f"Imported {self.source}: {self.attendances} attendance(s) in {self.sessions} session(s); "
            f"{self.new_staff} staff member(s) and {self.new_courses} course(s) created."
        )


def apply_training_import(engine: Engine, parsed: ParsedTraining) -> TrainingImportResult:
    """Plan again and save it all in one transaction, or raise ValidationError and save nothing."""
    with unit_of_work(engine) as session:
        plan = _plan(session, parsed)
        if plan.problems:
            raise ValidationError(list(plan.problems))
        staff_ids: dict[str, int] = {
            person_key(m.name): m.id or 0 for m in session.exec(select(StaffMember)).all()
        }
        for name, role in plan.new_staff:
            member = StaffMember(name=name, role=role)
            session.add(member)
            session.flush()
            audit.record(session, "create", "staff_member", member.id, detail=f"{name} (training import)")
            staff_ids[person_key(name)] = member.id or 0
        course_ids = {course_key(c.name): c.id or 0 for c in session.exec(select(TrainingCourse)).all()}
        for name in plan.new_courses:
            course_ids[course_key(name)] = write_course(session, CourseInput(name), None)
        for s in plan.sessions:
            attendees = tuple(staff_ids[person_key(n)] for n in s.attendees)
            if s.existing_id is not None:
                before = session.exec(
                    select(TrainingAttendance.staff_id).where(TrainingAttendance.session_id == s.existing_id)
                ).all()
                row = session.get(TrainingSession, s.existing_id)
                assert row is not None
                data = SessionInput(
                    row.course_id,
                    row.held_on,
                    row.hours,
                    tuple(before) + attendees,
                    row.provider,
                    row.notes,
                    row.whole_staff,
                )
                write_session(session, data, s.existing_id)
            else:
                data = SessionInput(
                    course_ids[course_key(s.course)], s.held_on, s.hours, attendees, s.provider
                )
                write_session(session, data)
        audit.record(
            session,
            "import",
            "training_session",
            detail=f"{plan.source}: {plan.attendances} attendance(s), {len(plan.new_staff)} new staff, "
            f"{len(plan.new_courses)} new course(s)",
        )
        return TrainingImportResult(
            plan.source, plan.attendances, len(plan.sessions), len(plan.new_staff), len(plan.new_courses)
        )


def describe_plan(plan: TrainingPlan) -> list[str]:
    """The preview, line by line (the CLI prints it; the dialog shows the same lines)."""
    out = [plan.summary()]
    if plan.new_staff:
        out.append(f"New staff to create ({len(plan.new_staff)}):")
        out += [f"  {name} ({role.value})" for name, role in plan.new_staff]
    if plan.new_courses:
        out.append(f"New courses to create ({len(plan.new_courses)}):")
        out += [f"  {name}" for name in plan.new_courses]
    if plan.matched_courses:
        out.append("Course names matched to the catalogue:")
        out += [f"  '{wording}' is '{name}'" for wording, name in plan.matched_courses]
    for s in plan.sessions:
        where = "add to the session" if s.existing_id else "new session"
        provider = f", {s.provider}" if s.provider else ""
        out.append(
            f"{format_date(s.held_on)} {s.course} ({s.hours:g} h{provider}), {where}: {', '.join(s.attendees)}"
        )
    return out
