"""Training log: what the tab, the Overview and the reports read.

One short unit of work loads the register, the catalogue and who attended what; pure rules in
`rules/training.py` decide what is owed. Editing is in `training_edit.py`, the import in
`training_import.py`, the CSV export in `training_export.py`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, select
from sqlmodel import Session, col

from cwsw_desktop.models import (
    CourseAlias,
    CourseCategory,
    StaffMember,
    StaffRole,
    TrainingAttendance,
    TrainingCourse,
    TrainingSession,
)
from cwsw_desktop.rules.calendar import AcademicYearDates, academic_year_of
from cwsw_desktop.rules.training import (
    Attended,
    Compliance,
    Person,
    TrainedMeans,
    TrainingPolicy,
    compliance,
    training_days,
)
from cwsw_desktop.rules.training import training_duties as duties_from
from cwsw_desktop.services.school import load_settings, year_dates
from cwsw_desktop.store import unit_of_work


@dataclass(frozen=True)
class CourseView:
    id: int
    name: str
    category: CourseCategory
    valid_for_months: int | None
    aliases: tuple[str, ...]
    sessions: int


@dataclass(frozen=True)
class SessionView:
    """One training record: a course on a date, with everyone who attended by name."""

    id: int
    course_id: int
    course: str
    category: CourseCategory
    held_on: date
    hours: float
    provider: str
    notes: str
    whole_staff: bool
    attendee_ids: tuple[int, ...]
    attendees: tuple[str, ...]  # names, sorted


@dataclass(frozen=True)
class StaffView:
    """A person with their training and what is due for them (as of a date)."""

    person: Person
    job_title: str
    current: bool
    sessions: int
    hours_this_year: float
    days_this_year: float
    last_training: date | None
    courses: tuple[str, ...]  # distinct course names attended, most recent first
    due: tuple[str, ...]  # what the checks say this person owes


@dataclass(frozen=True)
class TrainingFacts:
    people: tuple[Person, ...]
    job_titles: dict[int, str]
    courses: tuple[CourseView, ...]
    sessions: tuple[SessionView, ...]
    attended: tuple[Attended, ...]
    policy: TrainingPolicy


def policy_of(engine: Engine) -> TrainingPolicy:
    s = load_settings(engine)
    return TrainingPolicy(
        s.dt_training_days, s.training_hours_per_day, TrainedMeans(s.training_trained_means)
    )


def read_facts(session: Session, policy: TrainingPolicy) -> TrainingFacts:
    """Everything the checks read, as plain rows (no ORM object per row: 300 staff over ten years
    are some 4,000 rows)."""
    run = session.connection().execute
    m = StaffMember
    members = run(
        select(
            col(m.id),
            col(m.name),
            col(m.role),
            col(m.start_date),
            col(m.leaving_date),
            col(m.is_dt),
            col(m.is_deputy_dt),
            col(m.is_dsl),
            col(m.is_deputy_dsl),
            col(m.job_title),
        ).order_by(col(m.name))
    ).all()
    people = {
        i or 0: Person(i or 0, name, StaffRole(role), start, leaving, dt, deputy_dt, dsl, deputy_dsl)
        for i, name, role, start, leaving, dt, deputy_dt, dsl, deputy_dsl, _ in members
    }
    folded = {i: p.name.casefold() for i, p in people.items()}
    aliases: dict[int, list[str]] = defaultdict(list)
    for course_id, alias in run(
        select(col(CourseAlias.course_id), col(CourseAlias.alias)).order_by(col(CourseAlias.alias))
    ).all():
        aliases[course_id].append(alias)
    attendees: dict[int, list[int]] = defaultdict(list)
    for session_id, staff_id in run(
        select(col(TrainingAttendance.session_id), col(TrainingAttendance.staff_id))
    ).all():
        attendees[session_id].append(staff_id)
    c = TrainingCourse
    course_rows = {
        i or 0: (name, CourseCategory(category), months)
        for i, name, category, months in run(
            select(col(c.id), col(c.name), col(c.category), col(c.valid_for_months)).order_by(col(c.name))
        ).all()
    }
    t = TrainingSession
    session_rows = run(
        select(
            col(t.id),
            col(t.course_id),
            col(t.held_on),
            col(t.hours),
            col(t.provider),
            col(t.notes),
            col(t.whole_staff),
        ).order_by(col(t.held_on).desc(), col(t.id))
    ).all()
    used: dict[int, int] = defaultdict(int)
    sessions: list[SessionView] = []
    attended: list[Attended] = []
    for sid, course_id, held_on, hours, provider, notes, whole_staff in session_rows:
        sid = sid or 0
        name, category, months = course_rows[course_id]
        ids = sorted(attendees[sid], key=folded.__getitem__)
        used[course_id] += 1
        sessions.append(
            SessionView(
                sid,
                course_id,
                name,
                category,
                held_on,
                hours,
                provider,
                notes,
                whole_staff,
                tuple(ids),
                tuple(people[i].name for i in ids),
            )
        )
        attended.extend(Attended(i, sid, course_id, name, category, held_on, hours, months) for i in ids)
    courses = tuple(
        CourseView(i, name, category, months, tuple(aliases[i]), used[i])
        for i, (name, category, months) in course_rows.items()
    )
    return TrainingFacts(
        tuple(people.values()),
        {row[0] or 0: row[9] for row in members},
        courses,
        tuple(sessions),
        tuple(attended),
        policy,
    )


def load_facts(engine: Engine) -> TrainingFacts:
    policy = policy_of(engine)
    with unit_of_work(engine) as session:
        return read_facts(session, policy)


def year_compliance(facts: TrainingFacts, year: AcademicYearDates, today: date) -> Compliance:
    """The figures for `year`: as of today in the current year, as of its last day for a past one."""
    on = min(today, year.last_day) if year.first_day <= today else year.first_day
    return compliance(
        facts.people, facts.attended, year.first_day, year.last_day, year.label, on, facts.policy
    )


def training_compliance(engine: Engine, start_year: int, today: date) -> Compliance:
    """The policy's training figures for the academic year starting in `start_year` (for the tab,
    the summary and the Report to Governors)."""
    return year_compliance(load_facts(engine), year_dates(engine, start_year), today)


def staff_views(facts: TrainingFacts, c: Compliance) -> list[StaffView]:
    """Everyone on the register (leavers too, marked), with their training and what they owe."""
    mine: dict[int, list[Attended]] = defaultdict(list)
    for a in facts.attended:
        if a.held_on <= c.on:
            mine[a.person_id].append(a)
    owed: dict[int, list[str]] = defaultdict(list)
    for duty in duties_from(c):
        if duty.act.record_id is not None:
            owed[duty.act.record_id].append(duty.message)
    views = []
    for p in facts.people:
        done = sorted(mine[p.id], key=lambda a: a.held_on, reverse=True)
        hours = [a.hours for a in done if c.year_first <= a.held_on <= c.year_last]
        views.append(
            StaffView(
                person=p,
                job_title=facts.job_titles.get(p.id, ""),
                current=p.current_on(c.on),
                sessions=len(done),
                hours_this_year=sum(hours),
                days_this_year=training_days(hours, facts.policy.hours_per_day),
                last_training=done[0].held_on if done else None,
                courses=tuple(dict.fromkeys(a.course for a in done)),
                due=tuple(owed[p.id]),
            )
        )
    return views


def sessions_in(
    facts: TrainingFacts, year: AcademicYearDates | None, course_id: int | None, person_id: int | None
) -> list[SessionView]:
    """The records table, filtered by academic year, course and person (None: any)."""
    return [
        s
        for s in facts.sessions
        if (year is None or year.first_day <= s.held_on <= year.last_day)
        and (course_id is None or s.course_id == course_id)
        and (person_id is None or person_id in s.attendee_ids)
    ]


def years_with_training(facts: TrainingFacts, today: date) -> list[int]:
    """Academic years (start years) with any training, and the current one; newest first."""
    years = {academic_year_of(s.held_on) for s in facts.sessions} | {academic_year_of(today)}
    return sorted(years, reverse=True)


def summary_pdf(engine: Engine, start_year: int, today: date) -> bytes:
    """The printable training summary of the academic year starting in `start_year`."""
    import io

    from cwsw_desktop.reports.training_summary import (
        SummarySession,
        TrainingSummaryData,
        render_training_summary,
    )

    facts = load_facts(engine)
    year = year_dates(engine, start_year)
    c = year_compliance(facts, year, today)
    sessions = [
        SummarySession(s.held_on, s.course, s.hours, s.provider, s.attendees)
        for s in sorted(sessions_in(facts, year, None, None), key=lambda s: s.held_on)
    ]
    out = io.BytesIO()
    render_training_summary(TrainingSummaryData(load_settings(engine).name, today, c, sessions), out)
    return out.getvalue()
