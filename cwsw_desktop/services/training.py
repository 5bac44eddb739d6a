"""Training log: what the tab, the Overview and the reports read.

One short unit of work loads the register, the catalogue and who attended what; pure rules in
`rules/training.py` decide what is owed. Editing is in `training_edit.py`, the import in
`training_import.py`, the CSV export in `training_export.py`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine
from sqlmodel import Session, col, select

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


def person_of(m: StaffMember) -> Person:
    return Person(
        id=m.id or 0,
        name=m.name,
        role=StaffRole(m.role),
        start=m.start_date,
        leaving=m.leaving_date,
        is_dt=m.is_dt,
        is_deputy_dt=m.is_deputy_dt,
        is_dsl=m.is_dsl,
        is_deputy_dsl=m.is_deputy_dsl,
    )


def policy_of(engine: Engine) -> TrainingPolicy:
    s = load_settings(engine)
    return TrainingPolicy(
        s.dt_training_days, s.training_hours_per_day, TrainedMeans(s.training_trained_means)
    )


def read_facts(session: Session, policy: TrainingPolicy) -> TrainingFacts:
    members = session.exec(select(StaffMember).order_by(col(StaffMember.name))).all()
    people = {m.id or 0: person_of(m) for m in members}
    aliases: dict[int, list[str]] = defaultdict(list)
    for a in session.exec(select(CourseAlias).order_by(col(CourseAlias.alias))).all():
        aliases[a.course_id].append(a.alias)
    attendees: dict[int, list[int]] = defaultdict(list)
    for link in session.exec(select(TrainingAttendance)).all():
        attendees[link.session_id].append(link.staff_id)
    course_rows = {
        c.id or 0: c for c in session.exec(select(TrainingCourse).order_by(col(TrainingCourse.name))).all()
    }
    session_rows = session.exec(
        select(TrainingSession).order_by(col(TrainingSession.held_on).desc(), col(TrainingSession.id))
    ).all()
    used: dict[int, int] = defaultdict(int)
    sessions: list[SessionView] = []
    attended: list[Attended] = []
    for s in session_rows:
        course = course_rows[s.course_id]
        category = CourseCategory(course.category)
        ids = sorted(attendees[s.id or 0], key=lambda i: people[i].name.casefold())
        used[s.course_id] += 1
        sessions.append(
            SessionView(
                s.id or 0,
                s.course_id,
                course.name,
                category,
                s.held_on,
                s.hours,
                s.provider,
                s.notes,
                s.whole_staff,
                tuple(ids),
                tuple(people[i].name for i in ids),
            )
        )
        attended.extend(
            Attended(
                i, s.id or 0, s.course_id, course.name, category, s.held_on, s.hours, course.valid_for_months
            )
            for i in ids
        )
    courses = tuple(
        CourseView(i, c.name, CourseCategory(c.category), c.valid_for_months, tuple(aliases[i]), used[i])
        for i, c in course_rows.items()
    )
    return TrainingFacts(
        tuple(people.values()),
        {m.id or 0: m.job_title for m in members},
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
